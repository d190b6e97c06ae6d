"""The pipeline every front end calls: audit the profiles, draft with an engine, check.

``compose_note(request, settings)`` picks the engine (offline templates unless an LLM is
configured) and returns a ``DraftResult`` whose note has been checked, with the profile
audits attached. ``stream_compose`` does the same for the UI, yielding text as it
arrives and the ``DraftResult`` last. Engines are imported only when used.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

from composer.config import Settings
from composer.draft import DraftRequest, DraftResult


def compose_note(request: DraftRequest, settings: Settings | None = None) -> DraftResult:
    """Draft, check and return the best note for ``request``.

    INTERIM: offline engine only; the LLM engine is wired in by the LLM work.
    """
    from composer.offline import draft_offline

    return draft_offline(request)


async def stream_compose(
    request: DraftRequest, settings: Settings | None = None
) -> AsyncIterator[str | DraftResult]:
    """Yield pieces of the note's text as they are drafted, then the checked result.

    INTERIM: the offline engine yields its whole note at once.
    """
    result = compose_note(request, settings)
    yield result.note
    yield result
