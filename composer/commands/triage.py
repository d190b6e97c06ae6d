"""``compose triage``: accept, consider or ignore incoming invitations.

``compose triage --invitation FILE`` judges one invitation (a JSON file: the inviter's
profile and an optional message); ``compose triage EXPORT`` judges every pending incoming
invitation in a LinkedIn data export (folder or .zip). The judgement is made against
the user's profile: ``--from``, else ``$COMPOSER_SENDER``, else the export's own
Profile.csv. The logic lives in ``composer.linkedin.triage``; this module reads input and prints.
"""

from __future__ import annotations

import json
import sys

from composer.commands._common import (
    EXIT_STATUS,
    Parser,
    add_goal,
    add_json,
    add_sender,
    given_path,
    goal_of,
    load_sender,
    parse,
    sender_path,
)
from composer.core.errors import InputError
from composer.core.goals import Goal
from composer.linkedin.triage import Invitation, Judgement, triage
from composer.profile import Profile, profile_from_dict, read_json

MAX_INVITATION_BYTES = 2 * 1024 * 1024


def build_parser() -> Parser:
    parser = Parser(
        prog="compose triage",
        description=(
            "Judge incoming invitations: accept, consider or ignore, with the reasons from the"
            " rule catalogue (ghost-profile, company-as-person, not-personalized,"
            " no-common-ground, language-mismatch, sales-pitch, ...). Ignoring is often the"
            " best answer: the inviter is not notified."
        ),
        epilog=EXIT_STATUS,
    )
    parser.add_argument(
        "export", nargs="?", metavar="EXPORT",
        help="a LinkedIn data export (folder or .zip): judge its pending incoming invitations",
    )  # fmt: skip
    parser.add_argument(
        "--invitation", metavar="FILE",
        help='one invitation as JSON: {"inviter": {profile...}, "message": "..."}',
    )  # fmt: skip
    add_sender(parser, "your own profile, to judge against; else the export's own")
    add_goal(parser, "what you want from LinkedIn, in your words")
    add_json(parser, "print the judgements as JSON")
    return parser


def run(argv: list[str]) -> int:
    parser = build_parser()
    args = parse(parser, argv)
    if args is None:  # --help
        return 0
    if (args.export is None) == (args.invitation is None):
        parser.error("give either an EXPORT folder/.zip or --invitation FILE")
    goal = goal_of(args)
    if args.invitation is not None:
        path = given_path(args.invitation, "invitation (--invitation)", "a JSON file")
        me = load_sender(args.sender)
        languages = _spoken(sender_path(args.sender))
        judgement = triage(read_invitation(path), me, goal, languages=languages)
        if args.json:
            print(json.dumps(judgement.to_dict(), ensure_ascii=False, indent=2))
        else:
            sys.stdout.write(format_judgement(judgement))
        return 0
    given_path(args.export, "export", "the export folder or .zip")
    judgements = triage_export(args.export, args.sender, goal)
    if args.json:
        data = {"invitations": [j.to_dict() for j in judgements], "summary": _summary(judgements)}
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        # A caveat every judgement shares is said once, after them, not under each.
        shared = set.intersection(*(set(j.caveats) for j in judgements)) if judgements else set()
        sys.stdout.write("".join(format_judgement(j, said_once=shared) for j in judgements))
        for caveat in sorted(shared):
            sys.stdout.write(f"note: {caveat}\n")
        sys.stdout.write(format_summary(judgements))
    return 0


def triage_export(path: str, me_path: str | None, goal: Goal) -> list[Judgement]:
    """Judge every pending incoming invitation of an export."""
    from composer.export.source import ExportSource
    from composer.linkedin.network import (
        ConnectionIndex,
        pending_incoming,
        read_connections,
        read_invitations,
    )
    from composer.profile.export import profile_from_export, spoken_languages

    with ExportSource.open(path) as source:
        if not source.has("Invitations.csv"):
            # Not an export at all (or the wrong folder): saying "no pending invitations"
            # would pass for an answer.
            raise InputError(
                "no Invitations.csv: expected a LinkedIn data export (folder or .zip)",
                path=path,
            )
        me = load_sender(me_path)
        if me is None and source.has("Profile.csv"):
            me = profile_from_export(source)
        languages = spoken_languages(source)  # the export is the user's own
        index = ConnectionIndex(read_connections(source))
        invitations = read_invitations(source, me=me.name if me else "")
        pending = pending_incoming(invitations, index)
    unknown = sum(1 for inv in invitations if not inv.direction)
    if unknown:
        print(
            f"compose: warning: {unknown} invitation{'s' if unknown != 1 else ''} in"
            f" {path} say neither OUTGOING nor INCOMING and do not name you, so"
            " received ones cannot be told apart: give your profile with --from",
            file=sys.stderr,
        )
    return [
        triage(_from_row(inv.sender, inv.sender_url, inv.message,
                         inv.sent_on.isoformat() if inv.sent_on else inv.sent_at),
               me, goal, languages=languages)
        for inv in pending
    ]  # fmt: skip


def _from_row(name: str, url: str, message: str, sent_at: str) -> Invitation:
    inviter = Profile(name=name or "(no name)", url=f"https://www.{url}" if url else "")
    return Invitation(inviter, message=message, sent_at=sent_at, little_data=True)


def _spoken(path: str | None) -> list[str]:
    """The languages in Languages.csv when the user's profile is an export."""
    from composer.export.source import ExportSource, is_export_path

    if not path or not is_export_path(path):
        return []
    from composer.profile.export import spoken_languages

    with ExportSource.open(path) as source:
        return spoken_languages(source)


def read_invitation(path: str) -> Invitation:
    """An invitation JSON: ``{"inviter": {...}, "message": ..., "sent_at": ...}``, or a
    bare profile with an optional ``"message"``."""
    data = read_json(path, what="an invitation", max_bytes=MAX_INVITATION_BYTES)
    if not isinstance(data, dict):
        raise InputError("expected a JSON object", path=path)
    message = data.get("message", "")
    if message is None:
        message = ""
    if not isinstance(message, str):
        raise InputError("expected a string", path=path, field="message")
    sent_at = data.get("sent_at") or ""
    if not isinstance(sent_at, str):
        raise InputError("expected a string", path=path, field="sent_at")
    if "inviter" in data:
        inviter = profile_from_dict(data["inviter"], source=f"{path}: field 'inviter'")
    else:
        profile = {k: v for k, v in data.items() if k not in ("message", "sent_at")}
        inviter = profile_from_dict(profile, source=path)
    return Invitation(inviter, message=message, sent_at=sent_at)


# --- human output -----------------------------------------------------------------------


def format_judgement(j: Judgement, *, said_once: set[str] | frozenset[str] = frozenset()) -> str:
    """One invitation: verdict, reasons, what speaks for it, and its caveats (but those
    in ``said_once``, printed once for the whole list)."""
    inviter = j.invitation.inviter
    when = f"  ({j.invitation.sent_at})" if j.invitation.sent_at else ""
    lines = [f"{j.decision.upper():<9}{inviter.name}{when}"]
    if inviter.headline:
        lines.append(f"         {inviter.headline}")
    width = max((len(f.rule) for f in j.reasons), default=0)
    for f in j.reasons:
        lines.append(f"  - {f.rule:<{width}}  {f.message}")
    for item in j.in_favour:
        lines.append(f"  + {item}")
    for caveat in j.caveats:
        if caveat not in said_once:
            lines.append(f"  note: {caveat}")
    return "\n".join(lines) + "\n\n"


def _summary(judgements: list[Judgement]) -> dict[str, int]:
    counts = {"pending": len(judgements), "accept": 0, "consider": 0, "ignore": 0}
    for j in judgements:
        counts[j.decision] += 1
    return counts


def format_summary(judgements: list[Judgement]) -> str:
    if not judgements:
        return "no pending incoming invitations in this export\n"
    c = _summary(judgements)
    n = c["pending"]
    return (
        f"{n} pending invitation{'s' if n != 1 else ''}: {c['accept']} accept, "
        f"{c['consider']} consider, {c['ignore']} ignore\n"
    )
