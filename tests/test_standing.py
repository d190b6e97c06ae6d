"""already-connected / already-invited: from compose mark and from imported exports;
compose --to shows them before the note, compose batch leaves such targets out."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from composer.cli import main
from composer.core.profile import Profile
from composer.history import History
from composer.linkedin.standing import Network
from composer.linkedin.store import import_export
from tests.support import EXAMPLES
from tests.support.linkedin import FIXTURE


def _profile(tmp_path: Path, name: str, slug: str) -> Path:
    path = tmp_path / f"{slug}.json"
    path.write_text(
        json.dumps(
            {
                "name": name,
                "headline": "Head of BI at Mercado Norte",
                "url": f"https://www.linkedin.com/in/{slug}",
                "language": "es",
                "experience": [{"title": "Head of BI", "company": "Mercado Norte"}],
            }
        ),
        encoding="utf-8",
    )
    return path


def _rules(*names: tuple[str, str]) -> list[list[str]]:
    with History() as history:
        network = Network.load(history)
    return [
        [f.rule for f in network.audits(Profile(name=n, url=f"linkedin.com/in/{s}"))]
        for n, s in names
    ]


def test_an_imported_export_says_who_is_connected_and_who_is_pending() -> None:
    with History() as history:
        import_export(history, FIXTURE)
    assert _rules(
        ("Ana García", "ana-garcia"),  # invited, then among the connections
        ("John Smith", "john-smith"),  # invited, never connected
        ("Tomás Vidal", "tomas-vidal"),  # a connection from long ago
        ("Nora Quinn", "nora-quinn"),  # nobody the user knows
    ) == [["already-connected"], ["already-invited"], ["already-connected"], []]


def test_compose_mark_sent_then_accepted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = _profile(tmp_path, "Nora Quinn", "nora-quinn")
    argv = ["--to", str(target), "--from", str(EXAMPLES / "sender-es.json"), "--engine", "offline"]
    main(argv)
    out = capsys.readouterr().out
    assert "already-" not in out
    assert main(["mark", "1", "sent"]) == 0
    capsys.readouterr()
    main(argv)
    out = capsys.readouterr().out
    assert "already-invited" in out and "still pending" in out
    assert out.index("already-invited") < out.index("Hola, Nora")  # before the note
    assert main(["mark", "1", "accepted"]) == 0
    capsys.readouterr()
    main([*argv, "--json"])
    audits = json.loads(capsys.readouterr().out)["audits"]
    assert audits[0]["rule"] == "already-connected"
    assert "#1 accepted" in audits[0]["message"]


def test_batch_leaves_connected_and_pending_targets_out(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["import", str(FIXTURE)]) == 0
    targets = tmp_path / "targets.jsonl"
    targets.write_text(
        "\n".join(
            json.dumps({"name": n, "headline": "Data lead", "url": f"linkedin.com/in/{s}"})
            for n, s in (
                ("Ana García", "ana-garcia"),
                ("John Smith", "john-smith"),
                ("Nora Quinn", "nora-quinn"),
            )
        )
        + "\n",
        encoding="utf-8",
    )
    capsys.readouterr()
    out = tmp_path / "out.jsonl"
    main(["batch", str(targets), "--out", str(out), "--engine", "offline"])
    err = capsys.readouterr().err
    assert "1 already connected, 1 with an invitation pending" in err
    assert "--include-connected" in err
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    notes = {line["name"]: line["note"] for line in lines}
    assert notes["Ana García"] is None and notes["John Smith"] is None
    assert notes["Nora Quinn"]
    skipped = {line["name"]: line.get("skipped", "") for line in lines}
    assert "already a connection" in skipped["Ana García"]
    again = tmp_path / "again.jsonl"
    main(["batch", str(targets), "--out", str(again), "--engine", "offline",
          "--include-connected"])  # fmt: skip
    assert all(json.loads(x)["note"] for x in again.read_text().splitlines())
