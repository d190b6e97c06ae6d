"""``python -m composer`` works like ``compose``."""

from composer.cli import main

raise SystemExit(main())
