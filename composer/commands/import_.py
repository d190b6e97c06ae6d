"""``compose import EXPORT``: load a LinkedIn data export's invitations and connections
into the history, so ``compose stats`` shows what worked for the user.

Idempotent: importing the same export again adds nothing. The reading and storing
live in ``composer.linkedin.store``; this module parses flags and prints a summary.
"""

from __future__ import annotations

import json
import sys
import time

from composer.commands._common import EXIT_STATUS, Parser, add_json, given_path, parse
from composer.history import History
from composer.linkedin.analytics import export_outcomes
from composer.linkedin.store import import_export


def build_parser() -> Parser:
    parser = Parser(
        prog="compose import",
        description=(
            "Import a LinkedIn data export (the folder or the .zip from 'Get a copy of your"
            " data'): Invitations.csv and Connections.csv go into the history, and compose"
            " stats then shows how your own invitations fared. Safe to run again."
        ),
        epilog=EXIT_STATUS,
    )
    parser.add_argument("export", metavar="EXPORT", help="the export folder or .zip")
    add_json(parser, "print the summary as JSON")
    return parser


def run(argv: list[str]) -> int:
    args = parse(build_parser(), argv)
    if args is None:  # --help
        return 0
    given_path(args.export, "export", "the export folder or .zip")
    started = time.perf_counter()
    with History() as history:
        result = import_export(history, args.export)
        done = export_outcomes(history)
    accepted = sum(1 for o in done if o.accepted)
    summary = {
        "export": args.export,
        "invitations": {
            "read": result.invitations,
            "new": result.new_invitations,
            "outgoing": result.outgoing,
            "incoming": result.incoming,
        },
        "connections": {"read": result.connections, "new": result.new_connections},
        "history": {"outgoing": len(done), "accepted": accepted},
        "seconds": round(time.perf_counter() - started, 3),
    }
    if args.json:
        print(json.dumps(summary, ensure_ascii=False, indent=2))
        return 0
    print(
        f"imported {args.export}: {result.invitations} invitations ({result.outgoing} sent,"
        f" {result.incoming} received; {result.new_invitations} new), {result.connections}"
        f" connections ({result.new_connections} new)"
    )
    answered = sum(1 for o in done if o.gone)
    if done and not accepted and not answered:
        print(
            f"none of the {len(done)} invitations you sent matches a connection yet: an export"
            " may list only those still pending, so import a later one for a rate"
        )
    elif done:
        print(
            f"{accepted} of {len(done)} invitations you sent were accepted"
            f" ({accepted / len(done) * 100:.0f}%); see compose stats for what made the difference"
        )
    unknown = result.invitations - result.outgoing - result.incoming
    if unknown:
        print(
            f"compose: warning: {unknown} invitations say neither OUTGOING nor INCOMING and"
            " do not name you; they are kept but not counted",
            file=sys.stderr,
        )
    return 0
