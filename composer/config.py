"""Settings: which engine drafts, and how it reaches the LLM.

INTERIM: only the offline engine exists; the LLM work replaces this module with the
full resolution order (flags > environment > .env > defaults).
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass


@dataclass(slots=True)
class Settings:
    engine: str = "offline"  # what was asked: auto, openai or offline

    def resolved_engine(self) -> str:
        """The engine that will actually draft: 'openai' or 'offline'."""
        return "offline"


def add_engine_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the flags that choose and configure the drafting engine."""
    parser.add_argument(
        "--engine", choices=("auto", "openai", "offline"), default=None,
        help="who drafts: auto (LLM if configured, else offline), openai, offline",
    )  # fmt: skip


def settings_from_args(args: argparse.Namespace) -> Settings:
    return Settings(engine=args.engine or "auto")
