"""``compose eval``: how well the configured engine and model write notes, on a suite.

Drafts a note for every case of a suite (default: the one shipped with Composer) and
prints a table and a summary, or with ``--json`` one object (``Evaluation.to_dict()``).
``--compare A.json B.json`` shows two saved runs side by side. Progress goes to stderr;
Ctrl-C stops after the case under way and reports what was measured.
The logic is in ``composer.drafting.evaluate``; ``openai`` is imported only when the
LLM drafts.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from composer.commands._common import Parser, add_json, parse
from composer.config.settings import add_engine_arguments, settings_from_args

EPILOG = "exit status: 0 done, 2 bad input or usage, 3 the LLM provider failed"

# The figures --compare shows, with how to print them.
_FIGURES = (
    ("cases", "cases", "{}"),
    ("ok_first_try", "ok on the first try", "{}"),
    ("ok_after_repair", "ok after repair", "{}"),
    ("failed", "failed", "{}"),
    ("requests_per_note", "requests per note", "{:.2f}"),
    ("tokens_per_note", "tokens per note", "{:.0f}"),
    ("seconds_per_note", "seconds per note", "{:.2f}"),
    ("mean_length", "mean length", "{:.0f}"),
    ("mean_similarity", "mean similarity", "{:.2f}"),
)


def build_parser() -> Parser:
    parser = Parser(
        prog="compose eval",
        description=(
            "Draft a note for every case of a suite with the configured engine and model,"
            " and report how many pass on the first try, after repair or fail (by rule),"
            " what they cost and how alike they read. A suite is a folder of cases, one"
            " folder each with target.json, sender.json and case.json"
            ' ({"goal", "preset", "lang", "register", "limit"}).'
        ),
        epilog=EPILOG,
    )
    parser.add_argument(
        "--suite", default=None, metavar="DIR",
        help="the folder of cases (default: the suite shipped with Composer)",
    )  # fmt: skip
    parser.add_argument(
        "--cases", type=int, default=None, metavar="N", help="only the first N cases",
    )  # fmt: skip
    parser.add_argument(
        "--compare", nargs=2, default=None, metavar=("A.json", "B.json"),
        help="show two runs saved with --json side by side (drafts nothing)",
    )  # fmt: skip
    add_json(parser, "print one JSON object (save it to compare runs)")
    add_engine_arguments(parser)
    return parser


def run(argv: list[str]) -> int:
    args = parse(build_parser(), argv)
    if args is None:  # --help
        return 0
    from composer.drafting.evaluate import CaseResult, evaluate, load_run, load_suite

    if args.compare:
        runs = [load_run(path) for path in args.compare]
        if args.json:
            print(json.dumps({"a": runs[0], "b": runs[1]}, ensure_ascii=False, indent=2))
        else:
            sys.stdout.write(render_compare(args.compare, runs))
        return 0
    settings = settings_from_args(args)
    cases = load_suite(args.suite)
    if args.cases is not None:
        cases = cases[: max(0, args.cases)]
    progress = sys.stderr.isatty()

    def show(i: int, result: CaseResult) -> None:
        line = f"compose eval: {i + 1}/{len(cases)} {result.name}: {result.outcome}"
        if progress:
            sys.stderr.write(f"\r{line:<72}")
            sys.stderr.flush()
        elif not args.json:
            print(line, file=sys.stderr)

    evaluation = evaluate(cases, settings, suite=args.suite or "default", on_result=show)
    if progress:
        sys.stderr.write("\r" + " " * 72 + "\r")
    data = evaluation.to_dict()
    if evaluation.interrupted:
        print(
            f"compose eval: interrupted after {len(evaluation.results)} of {len(cases)} cases",
            file=sys.stderr,
        )
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        sys.stdout.write(render(data))
    return 0


def render(data: dict[str, Any]) -> str:
    """The table (one line per case) and the summary."""
    lines = [f"{'case':<10} {'lang':<4} {'preset':<15} {'outcome':<16} {'len':>4} {'req':>4}"
             f" {'tokens':>6} {'secs':>6}  failed rules / audits"]  # fmt: skip
    for r in data["results"]:
        notes = ", ".join(r["failed_rules"] + [a["rule"] for a in r["audits"]])
        lines.append(
            f"{r['case']:<10} {r['language']:<4} {r['preset'] or '-':<15} {r['outcome']:<16}"
            f" {r['length']:>4} {r['requests']:>4} {r['tokens']:>6} {r['seconds']:>6.2f}"
            f"  {notes}"
        )
    n = data["cases"]
    model = f" {data['model']}" if data["model"] else ""
    lines += [
        "",
        f"{data['engine']}{model}: {n} cases"
        + (f" of {data['planned']} (interrupted)" if data["interrupted"] else ""),
        f"  ok on the first try {data['ok_first_try']}, after repair {data['ok_after_repair']},"
        f" failed {data['failed']}"
        + (
            " (" + ", ".join(f"{k} {v}" for k, v in data["failed_by_rule"].items()) + ")"
            if data["failed_by_rule"]
            else ""
        ),
        f"  per note: {data['requests_per_note']:.2f} requests, {data['tokens_per_note']:.0f}"
        f" tokens, {data['seconds_per_note']:.2f} s; mean length {data['mean_length']:.0f}",
        f"  mean similarity between notes to different people {data['mean_similarity']:.2f}"
        " (0 nothing alike, 1 the same note)",
    ]
    if data["audits"]:
        lines.append("  audits: " + ", ".join(f"{k} {v}" for k, v in data["audits"].items()))
    return "\n".join(lines) + "\n"


def render_compare(names: list[str], runs: list[dict[str, Any]]) -> str:
    """Two saved runs, figure by figure."""
    a, b = runs
    head_a = f"{a.get('engine')} {a.get('model') or ''}".strip()
    head_b = f"{b.get('engine')} {b.get('model') or ''}".strip()
    width = max(20, len(names[0]), len(head_a))
    lines = [
        f"{'':<22} {names[0]:>{width}}  {names[1]}",
        f"{'':<22} {head_a:>{width}}  {head_b}",
    ]
    for key, label, fmt in _FIGURES:
        values = [fmt.format(r[key]) if isinstance(r.get(key), (int, float)) else "-"
                  for r in runs]  # fmt: skip
        lines.append(f"{label:<22} {values[0]:>{width}}  {values[1]}")
    return "\n".join(lines) + "\n"
