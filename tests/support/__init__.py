"""Helpers shared by the test modules: paths, clocks, builders of inputs.

Test modules import from here (``from tests.support import EXAMPLES``), never from one
another nor from ``conftest.py``, so that any test module runs alone and helpers have one
home.
"""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
EXAMPLES = ROOT / "examples" / "profiles"
