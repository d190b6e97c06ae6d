"""Per-rule precision and recall of the checker on the labelled corpus (tests/corpus).

Run: ``.venv/bin/python benchmarks/bench_corpus.py [--corpus DIR] [--src PATH]``.
Each note of ``notes/*.jsonl`` lists the rules that must fire (``fire``) and the ones
whose verdict does not matter (``ignore``); every other rule must stay silent. Prints,
per language and overall, each rule's support (notes where it must fire), true and false
positives, misses, precision and recall. ``--src`` checks with another checkout's code
(the figures before a change). ``--misses`` lists the notes each rule gets wrong.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT / "tests" / "corpus")
    parser.add_argument("--src", type=Path, default=ROOT, help="checkout whose checker runs")
    parser.add_argument("--misses", action="store_true", help="list the wrong verdicts")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(args.src.resolve()))
    # The scorer is this checkout's (by file: another checkout's tests may lack it).
    spec = importlib.util.spec_from_file_location("corpus_eval", ROOT / "tests" / "corpus_eval.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["corpus_eval"] = module
    spec.loader.exec_module(module)
    evaluate, format_table, load_corpus = module.evaluate, module.format_table, module.load_corpus

    cases = load_corpus(args.corpus, strict=args.src.resolve() == ROOT)
    scores, wrong = evaluate(cases)
    print(format_table(scores))
    if args.misses:
        for line in wrong:
            print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
