"""``compose follow-up --to T``: draft the first message to someone who accepted, check it
with the message rules (``checker.check_message``), print it with the verdict.

``--nth 2`` drafts a second, shorter message with a new angle; past the third Composer
advises stopping. The invitation note they accepted is read from the history, when it
has one, so the message does not repeat it. With an LLM configured the model drafts
it (``prompts/llm/follow-up*.j2``) and the message rules repair it, as for a note;
``--engine offline`` uses the templates.
The message is recorded in the history as a follow-up (its number, linked to the
invitation's record). Someone marked replied (``compose mark ID replied``) is not offered
another follow-up: the conversation is theirs to answer.
Exit status: 0 the message is ok, 1 it still has errors, 2 bad input or usage, 3 the
LLM failed, 4 they replied already (nothing drafted).
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys

from composer.commands._common import (
    Parser,
    add_goal,
    add_json,
    add_lang,
    add_sender,
    goal_of,
    load_sender,
    parse,
)
from composer.commands.compose import format_result
from composer.config.settings import add_engine_arguments, settings_from_args
from composer.core.contract import DraftRequest
from composer.core.errors import ComposerError, InputError
from composer.core.findings import MESSAGE_LIMIT, MESSAGE_MAX
from composer.core.profile import Profile
from composer.profile import load_profile

REPLIED = 4  # the exit status when the person replied: no follow-up drafted
STOP_AFTER = 3  # 3-5 messages over 10-14 days at most (ADVICE.md): advise stopping here


def _limit(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
    if not 1 <= n <= MESSAGE_MAX:
        raise argparse.ArgumentTypeError(f"choose 1 to {MESSAGE_MAX} (LinkedIn's maximum)")
    return n


def _nth(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
    if n < 1:
        raise argparse.ArgumentTypeError("1 for the first message, 2 for the second...")
    return n


def build_parser() -> Parser:
    parser = Parser(
        prog="compose follow-up",
        description="Draft the first message to someone who accepted your invitation: "
        "thanks, the reason in one sentence, one easy ask tied to your goal, a close.",
        epilog="exit status: 0 message ok, 1 message still has errors, 2 bad input or usage, "
        "3 the LLM provider failed, 4 they replied already (nothing drafted)",
    )
    parser.add_argument(
        "--to", required=True, metavar="TARGET.json",
        help="the profile of the person who accepted",
    )  # fmt: skip
    add_sender(parser, "your own profile")
    add_goal(parser)
    parser.add_argument(
        "--limit", type=_limit, default=MESSAGE_LIMIT, metavar="N",
        help=f"the message's limit in characters (default {MESSAGE_LIMIT}, at most "
        f"{MESSAGE_MAX})",
    )  # fmt: skip
    parser.add_argument(
        "--nth", type=_nth, default=1, metavar="N",
        help="which message: 1 the first after acceptance (default), 2 a shorter one with "
        "a new angle, 3 the last",
    )  # fmt: skip
    add_lang(parser)
    parser.add_argument("--seed", type=int, default=None, metavar="N", help="another variant")
    add_json(parser)
    add_engine_arguments(parser)
    return parser


def replied_line(target: Profile) -> str | None:
    """ "Priya Shah replied (#12, 2026-11-20): ..." when the history says they replied."""
    from composer.history import History, person_id

    try:
        with History() as history:
            record = history.replied(person_id(target))
    except (ComposerError, sqlite3.Error, OSError):
        return None
    if record is None:
        return None
    when = (record.outcome_at or record.created_at)[:10]
    return (
        f"{record.target_name} replied (#{record.id}, marked on {when}): answer their reply "
        "yourself, no follow-up drafted"
    )


def run(argv: list[str]) -> int:
    args = parse(build_parser(), argv)
    if args is None:  # --help
        return 0
    from composer.drafting.pipeline import compose_note
    from composer.history import accepted_note

    settings = settings_from_args(args)
    target = load_profile(args.to)
    sender = load_sender(args.sender)
    if sender is not None and target.identity() == sender.identity():
        raise InputError("this is your own profile (the same person as --from)", path=args.to)
    if (replied := replied_line(target)) is not None:
        print(f"compose follow-up: {replied}", file=sys.stderr)
        return REPLIED
    request = DraftRequest(
        target=target,
        sender=sender,
        goal=goal_of(args),
        limit=args.limit,
        language=args.lang,
        candidates=3,
        seed=args.seed,
        kind="follow-up",
        nth=args.nth,
        accepted_note=accepted_note(target),
    )
    if args.nth > STOP_AFTER:
        print(
            f"compose: note: this would be message {args.nth}: after {STOP_AFTER} without a "
            "reply, stop writing (more reads as pressure)",
            file=sys.stderr,
        )
    from composer.drafting.recording import record_in_history

    result = compose_note(request, settings, record=record_in_history("cli"))
    record_id = result.record_id
    if args.json:
        data = {"kind": "follow-up", **result.to_dict()}
        data["nth"] = args.nth
        data["replies_to_note"] = request.accepted_note
        data["id"] = record_id
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        sys.stdout.write(format_result(result))
        if args.nth >= STOP_AFTER:
            print(f"advice: stop after this one ({STOP_AFTER} messages without a reply)")
        if record_id is not None:
            print(
                f"compose: recorded as #{record_id}: compose mark {record_id} sent, then "
                f"replied when they answer",
                file=sys.stderr,
            )
    return 0 if result.ok else 1
