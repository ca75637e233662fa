"""Freshdesk tickets with their conversations.

A JSON array of ticket objects as the v2 API returns them with
``include=conversations`` (also NDJSON, or ``{"tickets": [...]}``), streamed
with ijson. The ticket's description is the customer's first message;
``conversations`` hold the replies and notes. ``status`` and ``source`` are
Freshdesk's numeric codes. A reply is the customer's when Freshdesk marks it
``incoming`` or the requester wrote it (portal replies are not incoming);
everything else is an agent's, and ``private`` replies are internal notes.
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

# Freshdesk API v2 codes; statuses 6 and up are an account's custom statuses.
_STATUSES = {2: "open", 3: "pending", 4: "resolved", 5: "closed"}
_SOURCES = {1: Channel.EMAIL, 2: Channel.TICKET, 3: Channel.PHONE, 4: Channel.TICKET,
            5: Channel.SOCIAL, 6: Channel.SOCIAL, 7: Channel.CHAT, 8: Channel.CHAT,
            9: Channel.TICKET, 10: Channel.EMAIL}


class FreshdeskImporter:
    """Reads Freshdesk ticket exports (see the module docstring)."""

    name = "freshdesk"
    kind: Literal["conversations"] = "conversations"

    def sniff(self, path: Path, head: bytes) -> bool:
        keys = json_keys(head)
        return "requester_id" in keys and bool({"responder_id", "description_text", "fr_due_by"} & keys)

    def read(self, path: Path, options: ReadOptions) -> Iterator[Item]:
        source = options.source or self.name

        def build(data: Any) -> Conversation:
            return _ticket(data, options, source)

        yield from conversations(path, records(path, ("tickets",)), build, "ticket")


def _ticket(data: Any, options: ReadOptions, source: str) -> Conversation:
    if not isinstance(data, dict):
        raise FieldError("", "a ticket object")
    tid = fields.ident(data.get("id"), "id")
    tz, max_chars = options.default_tz, options.max_message_chars
    requester = fields.opt_ident(data.get("requester_id"), "requester_id")
    created = fields.opt_time(data.get("created_at"), "created_at", tz)
    timed: list[tuple[datetime | None, int, Message]] = []
    description = _text(data, "description_text", "description")
    if description:
        timed.append((created, -1, fields.message(
            id="description", role=Role.CUSTOMER, text=description, field="description_text",
            max_chars=max_chars, author=requester, sent_at=created)))
    replies = data.get("conversations", [])
    if not isinstance(replies, list):
        raise FieldError("conversations", "a list of the ticket's conversations")
    seen: set[str] = set()
    for i, reply in enumerate(replies):
        where = f"conversations[{i}]"
        if not isinstance(reply, dict):
            raise FieldError(where, "a conversation object")
        rid = fields.ident(reply.get("id"), f"{where}.id")
        if rid in seen:
            raise FieldError(f"{where}.id", "a conversation id unique within the ticket (duplicate)")
        seen.add(rid)
        text = _text(reply, "body_text", "body")
        if not text:
            continue  # attachment-only replies carry no text to analyse
        author = fields.opt_ident(reply.get("user_id"), f"{where}.user_id")
        incoming = fields.opt_bool(reply.get("incoming"), f"{where}.incoming")
        private = fields.opt_bool(reply.get("private"), f"{where}.private")
        customer = incoming or (author is not None and author == requester)
        sent_at = fields.opt_time(reply.get("created_at"), f"{where}.created_at", tz)
        timed.append((sent_at, i, fields.message(
            id=rid, role=Role.CUSTOMER if customer else Role.AGENT, text=text,
            field=f"{where}.body_text", max_chars=max_chars, author=author, sent_at=sent_at,
            internal=bool(private))))
    if not timed:
        raise FieldError("description_text", "a description or at least one reply with text")
    responder = fields.opt_ident(data.get("responder_id"), "responder_id")
    agents = [m.author for _, _, m in timed if m.role is Role.AGENT and m.author]
    source_code = _code(data.get("source"), "source")
    return Conversation(
        id=tid, source=source,
        channel=_SOURCES.get(source_code, Channel.TICKET) if source_code else Channel.TICKET,
        messages=fields.ordered(timed), started_at=created,
        team=fields.opt_ident(data.get("group_id"), "group_id"),
        agent_ids=tuple(dict.fromkeys([*agents, *([responder] if responder else [])])),
        customer=requester, tags=fields.tag_list(data.get("tags"), "tags"),
        outcome=_status(data.get("status")),
    )


def _text(data: dict[str, Any], plain_key: str, html_key: str) -> str:
    """The plain-text field, else the HTML one as text, else ``""``."""
    if isinstance(data.get(plain_key), str):
        return str(data[plain_key]).strip()
    if isinstance(data.get(html_key), str):
        return html_to_text(data[html_key])
    return ""


def _code(value: object, field: str) -> int | None:
    number = fields.opt_number(value, field, 0, 1_000_000, integer=True)
    return None if number is None else int(number)


def _status(value: object) -> str | None:
    if isinstance(value, str) and not value.strip().isdigit():  # CSV-style exports name it
        return value.strip().lower() or None
    code = _code(value, "status")
    return None if code is None else _STATUSES.get(code, f"status {code}")
