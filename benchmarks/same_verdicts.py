"""Check that a speed change keeps every verdict on the labelled corpus (tests/corpus).

Run before the change: ``.venv/bin/python benchmarks/same_verdicts.py save BEFORE.json``;
after it: ``.venv/bin/python benchmarks/same_verdicts.py compare BEFORE.json``. Every
note's findings (rule, span and message) are compared; the exit status is 1 when any
note differs, and the differing ids are printed.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from composer.checker import check_note  # noqa: E402
from tests.corpus_eval import load_corpus  # noqa: E402


def verdicts(corpus: Path) -> dict[str, list[list[object]]]:
    out: dict[str, list[list[object]]] = {}
    for case in load_corpus(corpus):
        report = check_note(case.note, case.target, case.sender, case.goal, case.limit)
        out[case.id] = [[f.rule, f.start, f.end, f.message] for f in report.findings]
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=["save", "compare"])
    parser.add_argument("file", type=Path)
    parser.add_argument("--corpus", type=Path, default=ROOT / "tests" / "corpus")
    args = parser.parse_args()
    now = verdicts(args.corpus)
    if args.action == "save":
        args.file.write_text(json.dumps(now), encoding="utf-8")
        print(f"saved the verdicts of {len(now)} notes to {args.file}")
        return 0
    before = json.loads(args.file.read_text(encoding="utf-8"))
    differ = sorted(k for k in before.keys() | now.keys() if before.get(k) != now.get(k))
    print(f"{len(now)} notes, {len(differ)} with other verdicts: {' '.join(differ) or '-'}")
    return 1 if differ else 0


if __name__ == "__main__":
    raise SystemExit(main())
