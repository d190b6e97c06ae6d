"""``compose batch TARGETS --out drafts.jsonl``: draft notes for many people, resumably.

TARGETS is a JSONL file, a CSV file or a directory of profile JSON files (see
``composer.batch.targets``). Rerunning the same command resumes where a run stopped.
Exit status: 0 every note ok, 1 some notes have errors or some targets failed,
2 bad input or usage, 3 the provider kept failing (the run stopped), 130 interrupted
(Ctrl-C), 143 terminated (SIGTERM).
"""

from __future__ import annotations

import argparse
import shlex
import sys
from pathlib import Path
from signal import SIGINT, SIGTERM

from composer.batch import BatchJob, Summary, run_batch
from composer.batch.targets import read_targets
from composer.batch.variety import Variety
from composer.commands._common import (
    Parser,
    add_goal,
    add_lang,
    add_limit,
    add_sender,
    count,
    given_path,
    goal_of,
    load_sender,
    parse,
)
from composer.config.settings import add_engine_arguments, load_account, settings_from_args
from composer.core.errors import InputError
from composer.core.findings import MESSAGE_LIMIT
from composer.linkedin.budget import current_budget

DEFAULT_CONCURRENCY = 4


def build_parser() -> Parser:
    parser = Parser(
        prog="compose batch",
        description=(
            "Draft a note for every target in TARGETS, one JSON line each in --out. "
            "Rerun the same command to resume: targets already in the output are skipped."
        ),
        epilog="exit status: 0 all notes ok, 1 some notes have errors or some targets failed, "
        "2 bad input or usage, 3 the provider kept failing, 130 interrupted (Ctrl-C), "
        "143 terminated (SIGTERM); rerun the same command to resume",
    )
    parser.add_argument(
        "targets", metavar="TARGETS",
        help="a .jsonl file (one profile per line), a .csv file (columns name, headline, "
        "company, title, location, language, url, about, goal) or a directory of profiles",
    )  # fmt: skip
    parser.add_argument(
        "--out", required=True, metavar="FILE.jsonl",
        help="where the notes go, one JSON line per target (appended; resumed on rerun)",
    )  # fmt: skip
    add_sender(parser)
    add_goal(parser, "why you want these contacts (a target's own goal wins)")
    add_limit(parser)
    add_lang(parser, "write every note in this language (default: each target's language)")
    parser.add_argument(
        "--concurrency", type=int, default=DEFAULT_CONCURRENCY, metavar="N",
        help=f"LLM requests in flight at once (default {DEFAULT_CONCURRENCY}); "
        "the offline engine drafts one at a time",
    )  # fmt: skip
    parser.add_argument(
        "--retry-failed", action="store_true",
        help="draft again the targets whose line records a provider error",
    )  # fmt: skip
    parser.add_argument(
        "--skip-invited", action="store_true",
        help="do not draft for people the history says were already invited",
    )  # fmt: skip
    parser.add_argument(
        "--include-connected", action="store_true",
        help="also draft for people already connected or with an invitation still pending "
        "(the history or an imported export says so); left out by default",
    )  # fmt: skip
    parser.add_argument(
        "--skip-unrelated", action="store_true",
        help="do not draft for targets nothing relates to you or your goal (target-unrelated)",
    )  # fmt: skip
    parser.add_argument(
        "--follow-up", action="store_true",
        help="draft the first message after acceptance instead of a note, for the targets "
        "whose invitation is marked accepted (or who are connected per an imported export) "
        f"and who were not messaged yet nor replied (at most {MESSAGE_LIMIT} characters)",
    )  # fmt: skip
    parser.add_argument(
        "--notes", type=_notes, default=None, metavar="N|all",
        help="give notes to the N targets with the strongest reasons (a named mutual "
        "connection, a post of theirs, a shared employer, school, group or event, before a "
        "bare role); the others get a line without a note, saying why "
        "[default: the notes left this month on --tier free, all on premium]",
    )  # fmt: skip
    parser.add_argument(
        "--fsync", action="store_true",
        help="sync each line to disk (survives a power cut, not only a killed process)",
    )  # fmt: skip
    parser.add_argument(
        "--no-history", action="store_true", help="do not record the notes in the history"
    )
    add_engine_arguments(parser)
    return parser


ALL = -1


def _notes(value: str) -> int:
    """An argparse type for --notes: a count, or ``all``."""
    if value.strip().lower() == "all":
        return ALL
    return count(value)


def notes_budget(args: argparse.Namespace) -> tuple[int | None, str]:
    """--notes, else the notes left this month (free), else None (every target gets one),
    with where the number comes from, for the summary."""
    if args.notes == ALL:
        return None, "--notes all"
    if args.notes is not None:
        return args.notes, f"--notes {args.notes}"
    account = load_account(tier=args.tier)
    if account.notes_per_month is None:
        return None, f"no monthly limit on {account.tier}"
    budget = current_budget(account)
    left = budget.notes_left if budget is not None else account.notes_per_month
    assert left is not None
    return left, f"the notes left this month on {account.tier}; --notes N to choose"


def run(argv: list[str]) -> int:
    parser = build_parser()
    args = parse(parser, argv)
    if args is None:  # --help
        return 0
    if args.concurrency < 1:
        parser.error("argument --concurrency: must be at least 1")
    out = Path(given_path(args.out, "output (--out)", "a file name such as drafts.jsonl"))
    targets_path = Path(
        given_path(args.targets, "TARGETS", "a .jsonl file, a .csv file or a directory of profiles")
    )
    if out.is_dir():  # also ".", ".." and "/", which have no file name to write to
        raise InputError(
            "cannot write the output (--out): that is a directory; "
            "give a file name such as drafts.jsonl",
            path=args.out,
        )
    if _same_file(out, targets_path):
        raise InputError("--out must not be the TARGETS file", path=args.out)
    targets = read_targets(targets_path)  # bad input fails before the history is opened
    budget, notes_from = notes_budget(args)
    job = BatchJob(
        targets=targets,
        out=out,
        settings=settings_from_args(args),
        sender=load_sender(args.sender),
        goal=goal_of(args),
        limit=MESSAGE_LIMIT if args.follow_up else args.limit,
        language=args.lang,
        concurrency=args.concurrency,
        fsync=args.fsync,
        retry_failed=args.retry_failed,
        skip_invited=args.skip_invited,
        include_connected=args.include_connected,
        skip_unrelated=args.skip_unrelated,
        record_history=not args.no_history,
        follow_up=args.follow_up,
        notes=budget,
    )
    summary = run_batch(job)
    sys.stderr.write(format_summary(summary, out, notes_from))
    for language, notes in sorted(summary.notes.items()):
        variety = Variety.of(notes)
        if variety.converges:
            print(variety.warning(language), file=sys.stderr)
    if summary.interrupted or summary.aborted:
        again = shlex.join(["compose", "batch", *argv])
        if summary.aborted:
            what = f"stopped: {summary.aborted}"
        else:
            what = "terminated (SIGTERM)" if summary.signal == SIGTERM else "interrupted"
        hint = "" if summary.interrupted else " (add --retry-failed to redo the failed ones)"
        print(
            f"compose batch: {what}; {summary.remaining} targets not drafted yet.\n"
            f"To resume, run the same command again{hint}:\n  {again}",
            file=sys.stderr,
        )
        if summary.aborted:
            return 3
        return 128 + (summary.signal or SIGINT)  # 130 for Ctrl-C, 143 for SIGTERM
    # The status describes the whole output file, earlier runs included, so that
    # `compose batch ... && next-step` only goes on when every line is usable.
    failed = summary.failed + summary.resume.failed
    with_errors = summary.with_errors + summary.resume.with_errors
    if summary.resume.failed or summary.resume.with_errors:
        print(
            f"compose batch: {out} also holds {_count(summary.resume.failed, 'failed target')}"
            f" and {_count(summary.resume.with_errors, 'note')} with errors from earlier runs",
            file=sys.stderr,
        )
    return 0 if failed == 0 and with_errors == 0 else 1


def _same_file(a: Path, b: Path) -> bool:
    """Do two paths name one file? (A symlink loop names none: read_targets says so.)"""
    try:
        return a.resolve() == b.resolve()
    except (OSError, RuntimeError):  # RuntimeError: "Symlink loop" on Python 3.11
        return False


def _count(n: int, thing: str) -> str:
    """``1 failed target``, ``2 failed targets``."""
    return f"{n} {thing}" if n == 1 else f"{n} {thing}s"


NAMED = 10  # notes named one by one in the summary


def notes_lines(summary: Summary, notes_from: str) -> list[str]:
    """Who got the notes of --notes and why; how many go without one, and what then."""
    if summary.notes_budget is None:
        return []
    given = len(summary.noted)
    earlier = summary.resume.notes_given
    head = f"  notes        {given:>6}  given of {summary.notes_budget} ({notes_from})"
    if earlier:
        head += f", {earlier} in earlier runs"
    lines = [head]
    for name, why in summary.noted[:NAMED]:
        lines.append(f"               {name}: {why}")
    if given > NAMED:
        lines.append(f"               and {given - NAMED} more (see 'reason' in the output)")
    if summary.without_note:
        kinds: dict[str, int] = {}
        for _, kind in summary.without_note:
            kinds[kind] = kinds.get(kind, 0) + 1
        weaker = ", ".join(f"{n} {kind}" for kind, n in kinds.items())
        lines += [
            f"  without note {len(summary.without_note):>6}  weaker reasons ({weaker});"
            ' "send": "without-note"',
            "               send those invitations without a note; once they accept,",
            "               compose follow-up drafts the first message",
        ]
    return lines


def format_summary(summary: Summary, out: Path, notes_from: str = "--notes") -> str:
    """The end-of-run summary: drafted, with errors, failed, skipped, elapsed, tokens."""
    done = summary.drafted + summary.failed + summary.skipped
    rate = done / summary.elapsed if summary.elapsed > 0 else 0.0
    lines = [
        f"compose batch: {done} of {summary.total} targets in {summary.elapsed:.1f} s "
        f"({rate:.1f}/s) -> {out}",
        f"  drafted      {summary.ok:>6}  notes ok",
        f"  with errors  {summary.with_errors:>6}  notes the checker still rejects (see findings)",
        f"  failed       {summary.failed:>6}  "
        f"({summary.bad_input} bad input, {summary.provider_failed} provider errors; see error)",
    ]
    skipped = []
    if summary.already_done:
        skipped.append(f"{summary.already_done} already in the output")
    if summary.duplicates:
        plural = "s" if summary.duplicates > 1 else ""
        skipped.append(f"{summary.duplicates} duplicate{plural} in the input")
    if summary.skipped_invited:
        skipped.append(f"{summary.skipped_invited} already invited")
    if summary.skipped_self:
        skipped.append("your own profile (--from)")
    if summary.skipped_connected:
        skipped.append(f"{summary.skipped_connected} already connected")
    if summary.skipped_pending:
        skipped.append(f"{summary.skipped_pending} with an invitation pending")
    if summary.skipped_not_accepted:
        skipped.append(f"{summary.skipped_not_accepted} not accepted yet")
    if summary.skipped_messaged:
        skipped.append(f"{summary.skipped_messaged} already messaged or replied")
    if summary.skipped_unrelated:
        skipped.append(f"{summary.skipped_unrelated} unrelated (--skip-unrelated)")
    if skipped:
        total = summary.already_done + summary.duplicates + summary.skipped
        lines.append(f"  skipped      {total:>6}  {', '.join(skipped)}")
    if summary.skipped_connected or summary.skipped_pending:
        lines.append("               (--include-connected drafts for those too)")
    if summary.seen_before:
        lines.append(
            f"  seen before  {summary.seen_before:>6}  drafted for or invited in an earlier run "
            "(see 'previous' in the output; compose history)"
        )
    drafted_unrelated = summary.unrelated - summary.skipped_unrelated
    if drafted_unrelated:
        lines.append(
            f"  unrelated    {drafted_unrelated:>6}  drafted for targets nothing relates to you "
            "or your goal (see 'fit'; --skip-unrelated leaves them out)"
        )
    lines += notes_lines(summary, notes_from)
    if summary.resume.dropped_torn:
        lines.append("  repaired             a torn last line left by an interrupted run")
    lines.append(
        f"  tokens       {summary.tokens:>6}  "
        f"(prompt {summary.prompt_tokens}, completion {summary.completion_tokens})"
    )
    return "\n".join(lines) + "\n"
