"""The LLM engine speaks to providers through the official ``openai`` SDK.

A product decision, not an implementation detail: the SDK is how Composer stays
compatible with OpenAI and every OpenAI-compatible server, and the tests exercise
the real client against the loopback server. Do not replace it with raw HTTP calls;
make its use cheaper instead (one shared client, import it off the critical path).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.fake_llm import FakeLLM
from tests.support import EXAMPLES


def test_llm_drafts_go_through_the_openai_sdk(fake_llm: FakeLLM, tmp_path: Path) -> None:
    script = (
        "import sys\n"
        "from composer.cli import main\n"
        f"code = main(['--to', {str(EXAMPLES / 'priya-shah.json')!r},"
        f" '--from', {str(EXAMPLES / 'me.json')!r}, '--engine', 'openai', '--json'])\n"
        "assert code == 0, code\n"
        "assert 'openai' in sys.modules, 'drafting must use the official openai SDK'\n"
        "import openai\n"
        "print('sdk', openai.__version__)\n"
    )
    env = {"PATH": "/usr/bin:/bin", "COMPOSER_HOME": str(tmp_path / "home"), **fake_llm.env()}
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert "sdk " in done.stdout
    assert len(fake_llm.requests) >= 1
