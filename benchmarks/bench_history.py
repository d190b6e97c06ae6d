"""Benchmark: the history's cost per recorded note, and listing 10,000 records.

Printed, each a median with a baseline measured in the same run:
  - recording one note with an open ``History`` (one transaction, WAL, synchronous=NORMAL)
    against a bare ``sqlite3`` INSERT in autocommit with the same journal settings (and,
    for scale, with sqlite3's defaults: rollback journal, a sync per commit);
  - ``record_draft`` as the one-shot command calls it (open, migrate check, record, close);
  - listing 10,000 records: ``History.records()`` in-process, and ``compose history --all``
    and ``compose history --all --json`` as whole processes, against ``python -c pass``.

    .venv/bin/python benchmarks/bench_history.py [--records 10000] [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from composer.core.contract import DraftRequest, DraftResult  # noqa: E402
from composer.core.findings import Finding, Report  # noqa: E402
from composer.core.goals import Goal  # noqa: E402
from composer.history import History, record_draft  # noqa: E402
from composer.profile import Profile  # noqa: E402

NOTE = "Hi Priya, I'm Alex, a backend engineer at Shopify. Loved your post on on-call rotas."


def item(i: int) -> tuple[DraftRequest, DraftResult]:
    report = Report(findings=[Finding("cliche", "warning", "stock phrase", 3, 9)],
                    length=len(NOTE), limit=200, language="en")  # fmt: skip
    request = DraftRequest(target=Profile(name=f"Person {i}", url=f"linkedin.com/in/p{i}"),
                           goal=Goal(preset="hiring"))  # fmt: skip
    result = DraftResult(note=NOTE, report=report, language="en", engine="offline", hook="post")
    return request, result


def per_call(fn: object, n: int) -> float:
    assert callable(fn)
    start = time.perf_counter()
    for i in range(n):
        fn(i)
    return (time.perf_counter() - start) / n


def bench_record(folder: Path, n: int) -> None:
    with History(folder / "rec.db") as history:
        ours = per_call(lambda i: history.record(*item(i), source="bench"), n)
    bare = {}
    for mode in ("wal", "delete"):
        conn = sqlite3.connect(folder / f"bare-{mode}.db", isolation_level=None)
        conn.execute(f"PRAGMA journal_mode = {mode}")
        conn.execute(f"PRAGMA synchronous = {'NORMAL' if mode == 'wal' else 'FULL'}")
        conn.execute("CREATE TABLE t (a TEXT, b TEXT, c TEXT, d INTEGER, e TEXT)")
        row = ("linkedin.com/in/p", "Person", NOTE, 1, "[]")
        bare[mode] = per_call(
            lambda i, c=conn, r=row: c.execute("INSERT INTO t VALUES (?, ?, ?, ?, ?)", r), n
        )
        conn.close()
    os.environ["COMPOSER_HOME"] = str(folder / "home-oneshot")
    oneshot = per_call(lambda i: record_draft(*item(i), source="bench"), min(n, 200))
    print(f"record one note (History.record, mean of {n}): {ours * 1e3:.3f} ms")
    print(f"  baseline, bare sqlite3 INSERT of 5 columns, WAL + synchronous=NORMAL: "
          f"{bare['wal'] * 1e3:.3f} ms -> {ours / bare['wal']:.1f}x")  # fmt: skip
    print(
        "  (sqlite3's defaults, rollback journal + synchronous=FULL: "
        f"{bare['delete'] * 1e3:.2f} ms)"
    )
    print(f"  record_draft as the one-shot calls it (open + record + close): "
          f"{oneshot * 1e3:.2f} ms")  # fmt: skip


def bench_list(folder: Path, records: int, runs: int) -> None:
    home = folder / "home-list"
    os.environ["COMPOSER_HOME"] = str(home)
    with History() as history:
        batch = [item(i) for i in range(records)]
        history.record_many(batch, source="bench")
        in_process = []
        for _ in range(runs):
            start = time.perf_counter()
            rows = history.records()
            in_process.append(time.perf_counter() - start)
        assert len(rows) == records
    env = {**os.environ, "COMPOSER_HOME": str(home)}
    python = timed([sys.executable, "-c", "pass"], env, runs)
    table = timed([sys.executable, "-m", "composer", "history", "--all"], env, runs)
    as_json = timed([sys.executable, "-m", "composer", "history", "--all", "--json"], env, runs)
    print(f"list {records} records in-process (History.records): "
          f"{statistics.median(in_process) * 1e3:.0f} ms")  # fmt: skip
    print(
        f"  compose history --all: {table:.2f} s; --json: {as_json:.2f} s "
        f"(python -c pass: {python:.2f} s -> {table / python:.1f}x, {as_json / python:.1f}x)"
    )


def timed(cmd: list[str], env: dict[str, str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       check=True)  # fmt: skip
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--notes", type=int, default=1000, help="notes recorded one by one")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        bench_record(folder, args.notes)
        bench_list(folder, args.records, args.runs)


if __name__ == "__main__":
    main()
