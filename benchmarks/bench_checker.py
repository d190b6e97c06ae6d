"""Benchmark the rule checker: time per note, notes per second, ratio to a trivial baseline.

Run: ``.venv/bin/python benchmarks/bench_checker.py [--rounds N]``. Prints the median
of several rounds for each case, and its ratio to ``len(note.split())`` measured in the
same run (so a busy machine shows in both). The target is 20,000 notes/second on one
core for a 200-character note. Also prints the one-off cost of loading the rule data
(cold process: import + first check).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from composer.checker import check_note
from composer.core.goals import make_goal
from composer.profile import Education, Experience, Post, Profile

NOTE_EN = (
    "Hi Priya, I'm Sam, a backend lead at Acme. Your post on growing from engineer to "
    "manager stuck with me; I'd like to learn how you made that move. Thanks, and "
    "congrats on the launch!"
)
NOTE_ES = (
    "Hola Lucía, soy Sam, responsable de backend en Acme. Leí tu artículo sobre equipos "
    "remotos y me gustaría aprender de tu experiencia liderando producto en Glovo. ¡Gracias!"
)
NOTE_300 = (
    NOTE_EN + " I also read your thread on on-call rotations and tried the idea with my team."
)

TARGET = Profile(
    name="Priya Shah",
    headline="Engineering Manager at Northwind",
    language="en",
    experience=[Experience("Engineering Manager", "Northwind", current=True)],
    education=[Education("Imperial College London", "MEng")],
    skills=["Engineering management", "Platform teams"],
    recent_posts=[Post("What I learned moving from engineer to manager")],
    mutual_connections=["Marcus Lee"],
)
TARGET_ES = Profile(name="Lucía Fernández", headline="Head of Product en Glovo", language="es")
SENDER = Profile(
    name="Sam Lee", headline="Backend lead at Acme", experience=[Experience("Backend Lead", "Acme")]
)
GOAL = make_goal(preset="learning")
WALL = False


def _batch(fn: Callable[[], object], calls: int) -> float:
    clock = time.perf_counter if WALL else time.process_time
    start = clock()
    for _ in range(calls):
        fn()
    return (clock() - start) / calls


def measure(
    fn: Callable[[], object], base: Callable[[], object], calls: int, rounds: int
) -> tuple[float, float, float]:
    """Median seconds per call of ``fn`` and of ``base``, and the median of their ratios.

    CPU time of this process by default, not wall time: "notes per second on one core"
    should not depend on what else the machine runs (``--wall`` for wall time). The
    baseline is timed right before each round, so a busy machine slows both alike.
    """
    times, bases, ratios = [], [], []
    for _ in range(rounds):
        b = _batch(base, calls * 10)
        t = _batch(fn, calls)
        times.append(t)
        bases.append(b)
        ratios.append(t / b)
    return statistics.median(times), statistics.median(bases), statistics.median(ratios)


def cold_start() -> float:
    code = (
        "import time; t = time.perf_counter(); from composer.checker import check_note; "
        "check_note('Hi Priya, I am Sam'); print(time.perf_counter() - t)"
    )
    # With .pyc files written, as an installed Composer has them (see bench_cli.py).
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, check=True)
    runs = [
        float(subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                             text=True, check=True).stdout)
        for _ in range(5)
    ]  # fmt: skip
    return statistics.median(runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--calls", type=int, default=2000)
    parser.add_argument("--wall", action="store_true", help="wall-clock time, not CPU time")
    args = parser.parse_args()
    global WALL
    WALL = args.wall

    check_note(NOTE_EN, TARGET, SENDER, GOAL)  # load and compile the rule data once
    note = NOTE_EN[:200]

    def baseline() -> int:
        return len(note.split())

    cases: list[tuple[str, Callable[[], object]]] = [
        ("en 200 chars, target+sender+goal", lambda: check_note(note, TARGET, SENDER, GOAL)),
        ("en 200 chars, no profiles", lambda: check_note(note)),
        ("es 200 chars, target+sender", lambda: check_note(NOTE_ES, TARGET_ES, SENDER)),
        ("en 300 chars (TUI keystroke)", lambda: check_note(NOTE_300, TARGET, SENDER, GOAL, 300)),
    ]
    print(f"clock: {'wall' if WALL else 'process CPU'} time, median of {args.rounds} rounds")
    print(f"{'case':<36} {'median/note':>12} {'notes/sec':>10} {'baseline':>9} {'ratio':>7}")
    for name, fn in cases:
        seconds, base, ratio = measure(fn, baseline, args.calls, args.rounds)
        print(
            f"{name:<36} {seconds * 1e6:>9.1f} us {1 / seconds:>10,.0f} "
            f"{base * 1e6:>6.2f} us {ratio:>6.0f}x"
        )
    print(f"cold start (import + load data + first check): {cold_start() * 1000:.1f} ms")
    print("target: >= 20,000 notes/sec for a 200-character note on one core")


if __name__ == "__main__":
    main()
