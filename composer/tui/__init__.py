"""The Textual terminal UI: compose, check and edit a note interactively.

Only ``compose tui`` (and ``compose`` with no ``--to``) imports this package: it is the
one place in Composer that imports Textual. The UI calls the core
(``composer.profile``, ``composer.drafting.pipeline``, ``composer.checker``) and never drafts or
checks anything itself. ``make_app`` in ``composer.tui.app`` builds the application.
"""
