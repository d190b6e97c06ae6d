"""``compose rules [--json]``: print the rule catalogue (slug, severity, what it flags).

The note rules come from the checker's registry, with the reason each one exists; the
profile audits and triage findings from ``composer.core.findings.PROFILE_RULES``.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from composer.commands._common import EXIT_STATUS, Parser, add_json, parse
from composer.core.findings import MESSAGE_RULES, NOTE_RULES, PROFILE_RULES

_APPLIES = {
    "sender-incomplete": "sender",
    "target-unrelated": "target",
    "ghost-profile": "inviter",
    "company-as-person": "inviter",
    "not-personalized": "invitation",
    "no-common-ground": "inviter",
}


def catalogue() -> list[dict[str, Any]]:
    """Every rule as ``{"rule", "severity", "applies_to", "description", "help"}``."""
    from composer.checker.rules import RULES

    rows: list[dict[str, Any]] = []
    for applies_to, table in (("note", NOTE_RULES), ("message", MESSAGE_RULES)):
        for slug, (severity, description) in table.items():
            rule = RULES.get(slug)
            rows.append(
                {
                    "rule": slug,
                    "severity": severity,
                    "applies_to": applies_to,
                    "description": description,
                    "help": rule.help if rule else "",
                }
            )
    for slug, (severity, description) in PROFILE_RULES.items():
        rows.append(
            {
                "rule": slug,
                "severity": severity,
                "applies_to": _APPLIES.get(slug, "profile"),
                "description": description,
                "help": "",
            }
        )
    return rows


def run(argv: list[str]) -> int:
    parser = Parser(
        prog="compose rules", description="List the rule catalogue.", epilog=EXIT_STATUS
    )
    add_json(parser, "print a JSON list")
    args = parse(parser, argv)
    if args is None:  # --help
        return 0
    rows = catalogue()
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    width = max(len(r["rule"]) for r in rows)
    out = [f"{'rule':<{width}}  severity  applies to  description"]
    for row in rows:
        out.append(
            f"{row['rule']:<{width}}  {row['severity']:<8}  {row['applies_to']:<10}  "
            f"{row['description']}"
        )
    sys.stdout.write("\n".join(out) + "\n")
    return 0
