"""Whole-process wall time of the ``compose`` command, against ``python -c pass``.

Runs each command N times as a fresh process (what a user waits for), the commands
taking turns, prints the median, and the ratio to ``python -c pass`` measured in the
same run, with the targets from issue 2: ``compose --help`` and ``compose check`` within
5x, an offline ``compose --to`` within 12x.

    .venv/bin/python benchmarks/bench_cli.py [--runs 21] [--strict]

``--strict`` exits 1 when a target is missed (for CI); by default it only reports.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "profiles"
TARGET = str(EXAMPLES / "priya-shah.json")
SENDER = str(EXAMPLES / "me.json")
NOTE = (
    "Hi Priya, I'm Alex, a backend engineer at Shopify. I enjoyed your post on payment "
    "routing and would love to learn how you moved into engineering management. Thanks!"
)


def compose_cmd() -> list[str]:
    """The installed console script next to this interpreter, else ``python -m composer``."""
    script = Path(sys.executable).parent / "compose"
    if script.exists():
        return [str(script)]
    found = shutil.which("compose")
    return [found] if found else [sys.executable, "-m", "composer"]


def time_round(
    argvs: list[list[str]], env: dict[str, str], cwd: str
) -> list[tuple[float, float, int]]:
    """One fresh process of each command, one after the other: (wall s, CPU s, status).

    The commands take turns round after round, so a burst of load from another process
    falls on the baseline and the commands alike instead of on whichever ran then. CPU
    time (user + system) is kept too: it stays meaningful on a busy machine. A status of
    -1 means the command crashed: a traceback is not a measurement."""
    out = []
    for argv in argvs:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        proc = subprocess.run(argv, env=env, cwd=cwd, capture_output=True, check=False)
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        out.append((wall, cpu, -1 if b"Traceback" in proc.stderr else proc.returncode))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--strict", action="store_true", help="exit 1 if a target is missed")
    args = parser.parse_args()

    # No LLM settings and a scratch home: the offline engine, no real user state.
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "COMPOSER_"))}
    cwd = tempfile.mkdtemp(prefix="bench-cli-")
    env["COMPOSER_HOME"] = str(Path(cwd) / "home")
    # An installed Composer has its .pyc files (pip compiles them). With this variable
    # set, every module edited since its .pyc was last written would be compiled again
    # on every run, which measures the checkout, not what a user waits for.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    compose = compose_cmd()
    cases: list[tuple[str, list[str], float | None]] = [
        ("python -c pass", [sys.executable, "-c", "pass"], None),
        ("compose --help", [*compose, "--help"], 5.0),
        ("compose check NOTE --to T", [*compose, "check", NOTE, "--to", TARGET], 5.0),
        (
            "compose --to T --from S (offline)",
            [*compose, "--to", TARGET, "--from", SENDER, "--engine", "offline"],
            12.0,
        ),
    ]
    # Warm the OS file cache, write the bytecode and the checker's data cache, so the
    # first case isn't penalised.
    for _, argv, _ in cases:
        subprocess.run(argv, env=env, cwd=cwd, capture_output=True, check=False)

    print(f"runs={args.runs}, interleaved; medians; ratios against python -c pass in this run")
    print(f"{'command':<36} {'wall':>9} {'ratio':>7} {'cpu':>9} {'ratio':>7}  target")
    rounds = [time_round([argv for _, argv, _ in cases], env, cwd) for _ in range(args.runs)]
    base_wall = base_cpu = 0.0
    missed = 0
    for index, (label, _, target) in enumerate(cases):
        wall = statistics.median(r[index][0] for r in rounds)
        cpu = statistics.median(r[index][1] for r in rounds)
        code = rounds[-1][index][2]
        if target is None:
            base_wall, base_cpu = wall, max(cpu, 1e-6)
            print(f"{label:<36} {wall * 1000:>7.1f}ms {1:>6.2f}x {cpu * 1000:>7.1f}ms "
                  f"{1:>6.2f}x  baseline")  # fmt: skip
            continue
        ratio = wall / base_wall
        verdict = "ok" if ratio <= target else "MISSED"
        if code not in (0, 1):
            verdict = f"exit {code}: not measured"
        missed += verdict != "ok"
        print(f"{label:<36} {wall * 1000:>7.1f}ms {ratio:>6.2f}x {cpu * 1000:>7.1f}ms "
              f"{cpu / base_cpu:>6.2f}x  wall <= {target:g}x {verdict}")  # fmt: skip
    shutil.rmtree(cwd, ignore_errors=True)
    return 1 if (args.strict and missed) else 0


if __name__ == "__main__":
    raise SystemExit(main())
