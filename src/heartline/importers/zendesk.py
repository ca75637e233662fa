"""Zendesk ticket exports with their comments.

Two layouts: the full JSON export (NDJSON, one ticket per line with its
``comments``) and API responses, ``{"tickets": [...]}`` with comments on each
ticket or ``{"ticket": {...}, "comments": [...]}``. API responses may
sideload ``users`` (whose ``role`` — end-user, agent, admin — decides who
wrote a comment) and ``groups`` (names for ``group_id``).

Who wrote a comment: the requester is the customer; otherwise the sideloaded
user's role; otherwise an agent (in Zendesk only agents and the requester
normally comment; CC'd end-users are the rare exception a users list fixes).
Private comments are internal notes. ``updated_at`` is not used as the end
time: any later edit (a tag, the satisfaction survey) moves it.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from heartline.conversation import Channel, Conversation, Message, Role
from heartline.importers import fields
from heartline.importers.base import Item, ReadOptions
from heartline.importers.html_text import html_to_text
from heartline.importers.json_stream import conversations, records, sideloaded
from heartline.importers.sniffing import json_keys
from heartline.native import FieldError, parse_role

# via.channel values from Zendesk's API docs; anything else is a ticket form or an integration.
_CHANNELS = {
    "email": Channel.EMAIL, "chat": Channel.CHAT, "native_messaging": Channel.CHAT,
    "messaging": Channel.CHAT, "mobile_sdk": Channel.CHAT, "sms": Channel.CHAT,
    "whatsapp": Channel.CHAT, "line": Channel.CHAT, "wechat": Channel.CHAT,
    "voice": Channel.PHONE, "phone": Channel.PHONE, "twitter": Channel.SOCIAL,
    "facebook": Channel.SOCIAL, "instagram_dm": Channel.SOCIAL,
}
# Zendesk's satisfaction is good/bad; heartline's csat is 1–5, so the two ends.
_SATISFACTION = {"good": 5.0, "bad": 1.0}


class ZendeskImporter:
    """Reads Zendesk ticket exports (see the module docstring)."""

    name = "zendesk"
    kind: Literal["conversations"] = "conversations"

    def sniff(self, path: Path, head: bytes) -> bool:
        keys = json_keys(head)
        return ("requester_id" in keys and bool({"assignee_id", "submitter_id", "via"} & keys)
                and not {"responder_id", "description_text", "messages"} & keys)

    def read(self, path: Path, options: ReadOptions) -> Iterator[Item]:
        roles: dict[str, Role] = {}
        for i, user in enumerate(sideloaded(path, "users")):
            try:
                uid = fields.ident(user.get("id") if isinstance(user, dict) else None, "id")
                roles[uid] = parse_role(user.get("role"), field="role")
            except FieldError as exc:
                yield fields.problem(path, fields.record_name(f"users[{i}]", "user", user), exc)
        groups = {str(g.get("id")): str(g["name"]) for g in sideloaded(path, "groups")
                  if isinstance(g, dict) and isinstance(g.get("name"), str)}
        source = options.source or self.name

        def build(data: Any) -> Conversation:
            return _ticket(data, roles, groups, options, source)

        yield from conversations(path, records(path, ("tickets",)), build, "ticket")


def _ticket(data: Any, roles: Mapping[str, Role], groups: Mapping[str, str],
            options: ReadOptions, source: str) -> Conversation:
    if not isinstance(data, dict):
        raise FieldError("", "a ticket object")
    ticket, comments = data, data.get("comments")
    if isinstance(data.get("ticket"), dict):  # {"ticket": {...}, "comments": [...]}
        ticket = data["ticket"]
        comments = comments if comments is not None else ticket.get("comments")
    tid = fields.ident(ticket.get("id"), "id")
    requester = fields.opt_ident(ticket.get("requester_id"), "requester_id")
    if not isinstance(comments, list):
        raise FieldError("comments", "a list of the ticket's comments (export tickets with comments)")
    tz, max_chars = options.default_tz, options.max_message_chars
    timed: list[tuple[datetime | None, int, Message]] = []
    seen: set[str] = set()
    for i, comment in enumerate(comments):
        where = f"comments[{i}]"
        if not isinstance(comment, dict):
            raise FieldError(where, "a comment object")
        cid = fields.ident(comment.get("id"), f"{where}.id")
        if cid in seen:
            raise FieldError(f"{where}.id", "a comment id unique within the ticket (duplicate)")
        seen.add(cid)
        body = _body(comment, where)
        if not body.strip():
            continue  # attachment-only comments carry no text to analyse
        author = fields.ident(comment.get("author_id"), f"{where}.author_id")
        public = fields.opt_bool(comment.get("public"), f"{where}.public")
        sent_at = fields.opt_time(comment.get("created_at"), f"{where}.created_at", tz)
        role = Role.CUSTOMER if author == requester else roles.get(author, Role.AGENT)
        timed.append((sent_at, i, fields.message(
            id=cid, role=role, text=body, field=f"{where}.body", max_chars=max_chars,
            author=author, sent_at=sent_at, internal=public is False)))
    if not timed:
        raise FieldError("comments", "at least one comment with text")
    via = ticket.get("via")
    channel = via.get("channel") if isinstance(via, dict) else None
    rating = ticket.get("satisfaction_rating")
    status = ticket.get("status")
    return Conversation(
        id=tid, source=source, channel=_CHANNELS.get(str(channel).lower(), Channel.TICKET),
        messages=fields.ordered(timed),
        started_at=fields.opt_time(ticket.get("created_at"), "created_at", tz),
        team=_team(ticket, groups), customer=requester,
        tags=fields.tag_list(ticket.get("tags"), "tags"),
        outcome=status.strip().lower() if isinstance(status, str) and status.strip() else None,
        csat=_SATISFACTION.get(str(rating.get("score"))) if isinstance(rating, dict) else None,
    )


def _body(comment: dict[str, Any], where: str) -> str:
    """The comment text: ``plain_body``, else ``body``, else ``html_body`` as text."""
    for key in ("plain_body", "body"):
        if isinstance(comment.get(key), str):
            return str(comment[key])
    if isinstance(comment.get("html_body"), str):
        return html_to_text(comment["html_body"])
    raise FieldError(f"{where}.body", "the comment text (body, plain_body or html_body)")


def _team(ticket: dict[str, Any], groups: Mapping[str, str]) -> str | None:
    group = ticket.get("group")
    if isinstance(group, dict) and isinstance(group.get("name"), str):
        return str(group["name"])
    if isinstance(ticket.get("group_name"), str):
        return str(ticket["group_name"])
    gid = fields.opt_ident(ticket.get("group_id"), "group_id")
    return groups.get(gid, gid) if gid is not None else None

