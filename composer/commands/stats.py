"""``compose stats``: acceptance rates from the recorded outcomes, as a bar chart or JSON.

The figures come from ``composer.linkedin.analytics.stats``; this module only renders them.
"""

from __future__ import annotations

import json
import sys

from composer.commands._common import EXIT_STATUS, Parser, add_json, add_sender, load_sender, parse
from composer.history import History
from composer.history.stats import SMALL_SAMPLE, Bucket, ReplyBucket, Stats
from composer.linkedin.analytics import stats as compute

BAR_WIDTH = 24
LABEL_WIDTH = 22


def build_parser() -> Parser:
    parser = Parser(
        prog="compose stats",
        description=(
            "Acceptance rates from the outcomes recorded with compose mark: overall, with a"
            " note vs without, by goal preset, by hook and by checker warnings; reply rates"
            " after acceptance (with a note vs without, by hook, by follow-up number); and"
            " from the"
            " invitations loaded with compose import: with a note vs without, by month, by"
            " note length and by checker rule."
        ),
        epilog=EXIT_STATUS,
    )
    add_sender(
        parser,
        "your own profile, so that the checker knows your role and company when it judges"
        " the notes you sent from LinkedIn",
    )
    add_json(parser, "print the figures as JSON")
    return parser


def run(argv: list[str]) -> int:
    args = parse(build_parser(), argv)
    if args is None:  # --help
        return 0
    sender = load_sender(args.sender)
    with History() as history:
        stats = compute(history, sender)
    if args.json:
        print(json.dumps(stats.to_dict(), ensure_ascii=False, indent=2))
    else:
        sys.stdout.write(render(stats, unicode=_can_encode("█░")))
    return 0


def render(stats: Stats, *, unicode: bool = True) -> str:
    """The chart as text: one bar per bucket, with its counts."""
    overall = stats.overall
    imported = any(g.buckets for g in stats.groupings)  # e.g. from compose import
    if not overall.invited and not imported:
        return (
            f"No outcomes recorded yet ({_drafted(stats.drafted)}).\n"
            "Record what happened with: compose mark ID sent|accepted|ignored\n"
        )
    lines = [
        f"{overall.accepted} of {overall.invited} invitations accepted "
        f"({_percent(overall.rate)}), {overall.ignored} ignored, {overall.pending} pending; "
        f"{_drafted(stats.drafted)}",
        f"rate = accepted / invited (pending count as not accepted); "
        f"'small sample' = fewer than {SMALL_SAMPLE} invitations, read with care",
        "",
        _bar_line(overall, indent="", unicode=unicode),
    ]
    if not overall.invited:  # only imported LinkedIn invitations have outcomes so far
        lines = [
            f"No outcomes recorded with compose mark ({_drafted(stats.drafted)}).",
            lines[1],
        ]
    no_rate = export_has_no_rate(stats)
    for grouping in stats.groupings:
        if not grouping.buckets:
            continue
        if no_rate and grouping.key.startswith("linkedin_"):
            if grouping.key == "linkedin_overall":
                lines += ["", *no_rate_from_one_export(grouping.buckets[0].invited)]
            continue
        lines += ["", grouping.title]
        lines += [_bar_line(b, indent="  ", unicode=unicode) for b in grouping.buckets]
        difference = grouping.difference()
        if difference is not None:
            lines.append(_difference_line(*difference))
    if stats.replies:
        lines += ["", "rate = replied / accepted (by follow-up number: replied / messages sent)"]
    for replies in stats.replies:
        if replies.buckets:
            lines += ["", replies.title]
            lines += [_reply_line(b, unicode=unicode) for b in replies.buckets]
    return "\n".join(lines) + "\n"


def _reply_line(bucket: ReplyBucket, *, unicode: bool) -> str:
    return _bar(bucket.label, bucket.rate, bucket.replied, bucket.asked, bucket.small, unicode)


def export_has_no_rate(stats: Stats) -> bool:
    """No imported invitation matches a connection: under the reading that an export lists
    only the invitations still pending, one export shows 0% whatever happened."""
    overall = next((g for g in stats.groupings if g.key == "linkedin_overall"), None)
    if overall is None or not overall.buckets:
        return False
    bucket = overall.buckets[0]
    return bucket.invited > 0 and bucket.accepted == 0 and bucket.ignored == 0


def no_rate_from_one_export(n: int) -> list[str]:
    return [
        "LinkedIn export: no acceptance rate yet",
        f"  none of the {n} invitations you sent matches a connection: an export may list only",
        "  the invitations still pending (accepted ones then appear only among connections),",
        "  so one export alone cannot give a rate. Import a later export (compose import):",
        "  invitations whose invitee became a connection then count as accepted, and those",
        "  that disappeared as withdrawn, ignored or expired.",
    ]


def _difference_line(d: float, low: float, high: float) -> str:
    return (
        f"  with - without: {d * 100:+.0f} points, 95% interval {low * 100:+.0f} to"
        f" {high * 100:+.0f} (Newcombe, from Wilson intervals)"
    )


def _drafted(n: int) -> str:
    return f"{n} note{'' if n == 1 else 's'} drafted"


def _bar_line(bucket: Bucket, *, indent: str, unicode: bool) -> str:
    return _bar(
        bucket.label, bucket.rate, bucket.accepted, bucket.invited, bucket.small, unicode,
        indent=indent,
    )  # fmt: skip


def _bar(
    label: str, rate: float | None, hits: int, total: int, small: bool, unicode: bool,
    *, indent: str = "  ",
) -> str:  # fmt: skip
    full, empty = ("█", "░") if unicode else ("#", ".")
    filled = round((rate or 0.0) * BAR_WIDTH)
    bar = full * filled + empty * (BAR_WIDTH - filled)
    width = LABEL_WIDTH - len(indent)
    label = label if len(label) <= width else label[: width - 1] + "…"
    counts = f"{hits:>4}/{total:<4}"
    note = "  small sample" if small else ""
    return f"{indent}{label:<{width}} {bar} {_percent(rate):>4}  {counts}{note}"


def _percent(rate: float | None) -> str:
    return "—" if rate is None else f"{rate * 100:.0f}%"


def _can_encode(text: str) -> bool:
    try:
        text.encode(sys.stdout.encoding or "ascii")
    except (UnicodeEncodeError, LookupError):
        return False
    return True
