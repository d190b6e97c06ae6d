"""One module per ``compose`` subcommand, each exposing ``run(argv) -> int``.

Modules are imported only when their command runs (see ``composer.cli``).
"""
