"""Benchmark: ``compose import`` of a large LinkedIn export, and ``compose stats`` over it.

A synthetic export with 20,000 connections and 5,000 invitations (half with a note,
quoted newlines included, a Notes: preamble on Connections.csv) is written to a temp
folder and zipped. Printed: median wall time of
  - reading + storing the export into a fresh history (folder and .zip),
  - importing it again (idempotent: nothing new),
  - the stats groupings over it (acceptance matching + the checker over every note),
  - `compose stats --json` end to end in a subprocess,
each with a ratio against a baseline measured in the same run: the bare csv.reader
parse of the two files (import), reading the imported rows back (stats), and
`compose stats --json` over an empty history (the command's start-up).
It checks that the import stored every row, so a fast run is not a broken one.

Run: .venv/bin/python benchmarks/bench_import.py [--repeat N]
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

CONNECTIONS = 20_000
INVITATIONS = 5_000
ME = "Marta Ruiz López"

NOTES = [
    "Hola {first}, soy Marta, Head of Data en Datalia. Leí tu artículo sobre analítica en "
    "{company} y me encantaría seguir lo que publicas.",
    "Hi {first}, I'm Marta, Head of Data at Datalia.\nYour talk at DataConf on forecasting "
    "was great; I'd like to follow your work.",
    "Me gustaría añadirte a mi red profesional de LinkedIn.",
    "Hola {first}, en Datalia ofrecemos una plataforma con un 20% de descuento. ¿Demo?",
]


def make_export(folder: Path, seed: int = 7) -> None:
    rnd = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    people = [(f"Nombre{i}", f"Apellido{i}", f"https://www.linkedin.com/in/p{i}") for i in
              range(CONNECTIONS + INVITATIONS)]  # fmt: skip
    _write(folder / "Profile.csv", ["First Name", "Last Name", "Headline", "Geo Location"],
           [["Marta", "Ruiz López", "Head of Data en Datalia", "Madrid"]])  # fmt: skip
    rows = []
    for i, (first, last, url) in enumerate(people[:CONNECTIONS]):
        day = 1 + i % 28
        rows.append([first, last, url if i % 10 else "", "", f"Empresa{i % 500}", "Analyst",
                     f"{day:02d} {['Jan', 'Feb', 'Mar', 'Apr'][i % 4]} 2024"])  # fmt: skip
    notes = 'Notes:\n"When exporting your connection data, some e-mail addresses are missing."\n\n'
    _write(folder / "Connections.csv",
           ["First Name", "Last Name", "URL", "Email Address", "Company", "Position",
            "Connected On"], rows, preamble=notes)  # fmt: skip
    inv = []
    # Half the invitees are among the connections (some accepted), half are not; each
    # person once (LinkedIn allows one pending invitation per pair).
    known = rnd.sample(range(CONNECTIONS), INVITATIONS)
    for i in range(INVITATIONS):
        first, last, url = people[known[i] if i % 2 else CONNECTIONS + i]
        note = "" if i % 2 else rnd.choice(NOTES).format(first=first, company=f"Empresa{i}")
        month, day = 1 + i % 3, 1 + i % 27
        outgoing = i % 5 != 0
        inv.append([ME if outgoing else f"{first} {last}", f"{first} {last}" if outgoing else ME,
                    f"{month}/{day}/24, 10:{i % 60:02d} AM", note,
                    "OUTGOING" if outgoing else "INCOMING", "", url])  # fmt: skip
    _write(folder / "Invitations.csv",
           ["From", "To", "Sent At", "Message", "Direction", "inviterProfileUrl",
            "inviteeProfileUrl"], inv)  # fmt: skip


def _write(path: Path, header: list[str], rows: list[list[str]], preamble: str = "") -> None:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows([header, *rows])
    path.write_text(preamble + buf.getvalue(), encoding="utf-8")


def median_time(
    fn: Callable[[], object], repeat: int, setup: Callable[[], object] | None = None
) -> float:
    times = []
    for _ in range(repeat):
        if setup:
            setup()
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    repeat = parser.parse_args().repeat

    from composer.history import History
    from composer.linkedin.analytics import groupings
    from composer.linkedin.analytics import stats as compute
    from composer.linkedin.store import import_export, stored_connections, stored_invitations

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        folder = root / "export"
        make_export(folder)
        archive = root / "export.zip"
        with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
            for p in folder.glob("*.csv"):
                z.write(p, p.name)
        db = root / "history.db"

        def fresh() -> None:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{db}{suffix}").unlink(missing_ok=True)

        def do_import(path: Path) -> None:
            with History(db) as h:
                import_export(h, path)

        def baseline_parse() -> None:
            for name in ("Connections.csv", "Invitations.csv"):
                with (folder / name).open(encoding="utf-8", newline="") as f:
                    for _ in csv.reader(f):
                        pass

        base = median_time(baseline_parse, repeat)
        t_folder = median_time(lambda: do_import(folder), repeat, setup=fresh)
        t_zip = median_time(lambda: do_import(archive), repeat, setup=fresh)
        fresh()
        do_import(folder)
        t_again = median_time(lambda: do_import(folder), repeat)
        with History(db) as h:  # what was timed did the whole job
            counts = (len(list(stored_connections(h))), len(list(stored_invitations(h))))
            kept = {g.key: sum(b.invited for b in g.buckets) for g in groupings(h)}
        assert counts == (CONNECTIONS, INVITATIONS), counts
        assert kept["linkedin_overall"] == INVITATIONS - INVITATIONS // 5, kept

        def read_back() -> None:
            with History(db) as h:
                list(stored_invitations(h))
                list(stored_connections(h))

        def stats_groupings() -> None:
            with History(db) as h:
                groupings(h)

        def stats_full() -> None:
            with History(db) as h:
                compute(h)

        base_read = median_time(read_back, repeat)
        t_groupings = median_time(stats_groupings, repeat)
        t_compute = median_time(stats_full, repeat)
        env = {**os.environ, "COMPOSER_HOME": str(root / "home")}
        (root / "home").mkdir()
        db.rename(root / "home" / "history.db")  # where `compose stats` looks
        Path(f"{db}-wal").unlink(missing_ok=True)
        Path(f"{db}-shm").unlink(missing_ok=True)
        cmd = [sys.executable, "-m", "composer", "stats", "--json"]
        t_cli = median_time(lambda: subprocess.run(cmd, env=env, check=True,
                                                   capture_output=True), repeat)  # fmt: skip
        empty = {**env, "COMPOSER_HOME": str(root / "empty-home")}
        t_cli_empty = median_time(lambda: subprocess.run(cmd, env=empty, check=True,
                                                         capture_output=True), repeat)  # fmt: skip

    print(f"export: {CONNECTIONS:,} connections, {INVITATIONS:,} invitations; "
          f"median of {repeat} runs")  # fmt: skip
    print(f"  baseline: csv.reader over both files     {base * 1000:8.1f} ms")
    print(f"  import (folder, fresh history)           {t_folder * 1000:8.1f} ms  "
          f"x{t_folder / base:.1f} baseline")  # fmt: skip
    print(f"  import (.zip, fresh history)             {t_zip * 1000:8.1f} ms  "
          f"x{t_zip / base:.1f} baseline")  # fmt: skip
    print(f"  import again (nothing new)               {t_again * 1000:8.1f} ms  "
          f"x{t_again / base:.1f} baseline")  # fmt: skip
    print(f"  baseline: read imported rows back        {base_read * 1000:8.1f} ms")
    print(f"  stats groupings (matching + checker)     {t_groupings * 1000:8.1f} ms  "
          f"x{t_groupings / base_read:.1f} baseline")  # fmt: skip
    print(f"  stats compute (all groupings)            {t_compute * 1000:8.1f} ms  "
          f"x{t_compute / base_read:.1f} baseline")  # fmt: skip
    print(f"  baseline: compose stats --json, empty    {t_cli_empty * 1000:8.1f} ms")
    print(f"  compose stats --json (subprocess)        {t_cli * 1000:8.1f} ms  "
          f"x{t_cli / t_cli_empty:.1f} baseline")  # fmt: skip


if __name__ == "__main__":
    main()
