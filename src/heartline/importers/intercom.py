"""Intercom conversation exports (REST API v2.x conversation objects).

Accepts ``{"type": "conversation.list", "conversations": [...]}`` (an API
page or a merged export), a JSON array, or NDJSON of conversation objects.
The ``source`` is the opening message; ``conversation_parts`` are the rest.
Bodies are HTML and become plain text. Parts without a body (assignments,
closes, snoozes) are events, not messages, and are skipped. Notes are
internal, and so is text on an assignment part: Intercom shows it to
teammates only.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from heartline.conversation import Channel, Conversation, Message, Role
from heartline.importers import fields
from heartline.importers.base import Item, ReadOptions
from heartline.importers.html_text import html_to_text
from heartline.importers.json_stream import conversations, records
from heartline.importers.sniffing import json_keys
from heartline.native import FieldError

# Intercom author types; "team" authors are replies sent as a team inbox.
_ROLES = {"user": Role.CUSTOMER, "lead": Role.CUSTOMER, "contact": Role.CUSTOMER,
          "admin": Role.AGENT, "team": Role.AGENT, "bot": Role.BOT}
_CHANNELS = {"conversation": Channel.CHAT, "chat": Channel.CHAT, "email": Channel.EMAIL,
             "facebook": Channel.SOCIAL, "twitter": Channel.SOCIAL, "instagram": Channel.SOCIAL,
             "phone_call": Channel.PHONE, "call": Channel.PHONE, "whatsapp": Channel.CHAT,
             "sms": Channel.CHAT, "push": Channel.CHAT}


class IntercomImporter:
    """Reads Intercom conversation exports (see the module docstring)."""

    name = "intercom"
    kind: Literal["conversations"] = "conversations"

    def sniff(self, path: Path, head: bytes) -> bool:
        keys = json_keys(head)
        return "conversation_parts" in keys or (
            "source" in keys and "delivered_as" in keys and "messages" not in keys)

    def read(self, path: Path, options: ReadOptions) -> Iterator[Item]:
        source = options.source or self.name

        def build(data: Any) -> Conversation:
            return _conversation(data, options, source)

        yield from conversations(path, records(path, ("conversations",)), build, "conversation")


def _conversation(data: Any, options: ReadOptions, source_name: str) -> Conversation:
    if not isinstance(data, dict):
        raise FieldError("", "a conversation object")
    cid = fields.ident(data.get("id"), "id")
    tz = options.default_tz
    started = fields.opt_time(data.get("created_at"), "created_at", tz)
    timed: list[tuple[datetime | None, int, Message]] = []
    source = data.get("source")
    if not isinstance(source, dict):
        raise FieldError("source", "the conversation's opening message (an object)")
    sid = fields.opt_ident(source.get("id"), "source.id") or "source"
    opening = _part(source, "source", sid, started, options)
    if opening is not None:
        timed.append((opening.sent_at, -1, opening))
    parts = data.get("conversation_parts")
    if isinstance(parts, dict):  # {"type": "conversation_part.list", "conversation_parts": [...]}
        parts = parts.get("conversation_parts")
    if parts is None:
        parts = []
    if not isinstance(parts, list):
        raise FieldError("conversation_parts", "a list of conversation parts")
    seen: set[str] = set()
    for i, part in enumerate(parts):
        where = f"conversation_parts[{i}]"
        if not isinstance(part, dict):
            raise FieldError(where, "a conversation part object")
        pid = fields.ident(part.get("id"), f"{where}.id")
        if pid in seen:
            raise FieldError(f"{where}.id", "a part id unique within the conversation (duplicate)")
        seen.add(pid)
        message = _part(part, where, pid, None, options)
        if message is not None:
            timed.append((message.sent_at, i, message))
    if not timed:
        raise FieldError("source.body", "at least one message with text")
    messages = fields.ordered(timed)
    rating = data.get("conversation_rating")
    team = fields.opt_ident(data.get("team_assignee_id"), "team_assignee_id")
    state = data.get("state")
    return Conversation(
        id=cid, source=source_name, channel=_CHANNELS.get(str(source.get("type")), Channel.CHAT),
        messages=messages, started_at=started, team=None if team in (None, "0") else team,
        customer=_customer(data, messages),
        tags=fields.tag_list(_unwrap(data.get("tags"), "tags"), "tags"),
        outcome=state if isinstance(state, str) and state else None,
        csat=fields.opt_number(rating.get("rating") if isinstance(rating, dict) else None,
                               "conversation_rating.rating", 1, 5),
    )


def _part(part: dict[str, Any], where: str, mid: str, default_time: datetime | None,
          options: ReadOptions) -> Message | None:
    """A message from the source or a part; None for a part without text (an event)."""
    body = part.get("body")
    if body is None:
        return None
    if not isinstance(body, str):
        raise FieldError(f"{where}.body", "HTML text")
    text = html_to_text(body)
    if not text:
        return None
    author = part.get("author")
    if not isinstance(author, dict):
        raise FieldError(f"{where}.author", "the author (an object with type and id)")
    role = _ROLES.get(str(author.get("type")).lower())
    if role is None:
        raise FieldError(f"{where}.author.type", "one of user, lead, contact, admin, team, bot")
    part_type = str(part.get("part_type", "comment"))
    sent_at = fields.opt_time(part.get("created_at"), f"{where}.created_at", options.default_tz)
    return fields.message(
        id=mid, role=role, text=text, field=f"{where}.body", max_chars=options.max_message_chars,
        author=fields.opt_ident(author.get("id"), f"{where}.author.id"),
        sent_at=sent_at or default_time,
        internal="note" in part_type or "assignment" in part_type,
    )


def _customer(data: dict[str, Any], messages: tuple[Message, ...]) -> str | None:
    """The first customer author, else the first contact on the conversation."""
    for m in messages:
        if m.role is Role.CUSTOMER and m.author:
            return m.author
    contacts = _unwrap(data.get("contacts"), "contacts")
    if isinstance(contacts, list) and contacts and isinstance(contacts[0], dict):
        return fields.opt_ident(contacts[0].get("id"), "contacts[0].id")
    return None


def _unwrap(value: Any, key: str) -> Any:
    """Intercom wraps lists as ``{"type": "tag.list", "tags": [...]}``."""
    return value.get(key) if isinstance(value, dict) else value
