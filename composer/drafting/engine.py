"""What an engine is, and which engines exist.

An engine turns a ``DraftRequest`` into a checked ``DraftResult``; the pipeline
(``composer.drafting.pipeline``) is the only caller. Engines are named in
``ENGINES`` and imported only when first used, so the offline path never imports
``openai``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Restart:
    """A streamed item: drop the preview shown so far, a repair round follows."""

    reason: str = "repair"
