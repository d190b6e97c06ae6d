"""Drafting offline in tests, the way every front end drafts."""

from __future__ import annotations

from composer.config.settings import Settings
from composer.core.contract import DraftRequest, DraftResult


def draft_offline(request: DraftRequest) -> DraftResult:
    """The offline engine through the pipeline, as every front end drafts."""
    from composer.drafting.pipeline import compose_note

    return compose_note(request, Settings(engine="offline"))
