"""Benchmark the target fit on the labelled set (tests/corpus/fit/): how often is it right?

Run: ``.venv/bin/python benchmarks/bench_fit.py [--show]``. Prints the accuracy (verdict
equal to the label: related, unrelated or unknown), the false alarms (judged unrelated,
labelled otherwise: a warning that should not be there), the misses (labelled
unrelated, judged otherwise: a warning that is missing), the same for the article's
pharma rep -> hair-salon example, a confusion table, and the time per judgement.
``--show`` lists every case judged wrong with the evidence given.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.fit_corpus import Figures, cases, judge, language, score

LABELS = ("related", "unrelated", "unknown")


def report(name: str, figures: Figures) -> None:
    n = len(figures.outcomes)
    print(
        f"{name:<18} cases {n:>4}  accuracy {figures.accuracy:6.1%}  "
        f"false alarms {len(figures.false_alarms):>3}  misses {len(figures.misses):>3}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", action="store_true", help="list the cases judged wrong")
    args = parser.parse_args()
    all_cases = cases()
    figures = score(all_cases)
    report("all", figures)
    for lang in ("en", "es"):
        report(f"  {lang}", score([c for c in all_cases if language(c) == lang]))
    report("article example", score([c for c in all_cases if c.article]))
    table = Counter((o.case.label, o.fit.verdict) for o in figures.outcomes)
    print("\nlabel \\ judged  " + "".join(f"{v:>11}" for v in LABELS))
    for label in LABELS:
        print(f"{label:<15} " + "".join(f"{table[(label, v)]:>11}" for v in LABELS))
    started = time.perf_counter()
    rounds = 5
    for _ in range(rounds):
        for case in all_cases:
            judge(case)
    per = (time.perf_counter() - started) / (rounds * len(all_cases))
    print(f"\n{per * 1e6:.0f} µs per judgement (profiles loaded once)")
    if args.show:
        for o in figures.wrong:
            print(
                f"\n{o.case.id}: labelled {o.case.label}, judged {o.fit.verdict}\n  {o.fit.reason}"
            )


if __name__ == "__main__":
    main()
