"""Generic CSV of messages: one row per message, columns mapped by the user.

Any helpdesk or BI tool can produce this layout, so the columns are named
by ``ReadOptions.mapping`` (``text=body,role=sender_type,...``); fields left
unmapped are looked up under their own name. Rows of one conversation may
be scattered and out of order, so they are spilled to SQLite and read back
per conversation, ordered by ``sent_at`` and then by row. Conversation-level
columns (channel, team, csat, tags) may repeat on every row or appear on
one: the first value in message order wins, tags are merged.

A conversation with any invalid row is left out whole (its rows' Problems
say why), so ``--skip-invalid`` never imports a conversation with a hole.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from heartline.conversation import Channel, Conversation, Message, Role
from heartline.errors import Problem
from heartline.importers import csv_table, fields
from heartline.importers.base import Item, ReadOptions
from heartline.importers.sniffing import csv_header
from heartline.importers.spill import GroupedSpill
from heartline.native import FieldError, parse_channel, parse_role

FIELDS = ("conversation_id", "message_id", "role", "text", "sent_at", "author", "channel",
          "team", "agent_id", "csat", "tags")
REQUIRED = ("conversation_id", "role", "text")


class CsvMessagesImporter:
    """Reads a CSV with one row per message (see the module docstring)."""

    name = "csv"
    kind: Literal["conversations"] = "conversations"

    def sniff(self, path: Path, head: bytes) -> bool:
        columns = set(csv_header(head))
        return set(REQUIRED) <= columns and "tweet_id" not in columns

    def read(self, path: Path, options: ReadOptions) -> Iterator[Item]:
        source = options.source or "csv"
        with GroupedSpill() as spill:
            seq = 0
            for item in csv_table.rows(path, fields=FIELDS, required=REQUIRED,
                                       mapping=options.mapping, max_chars=options.max_message_chars):
                if isinstance(item, Problem):
                    yield item
                    continue
                seq += 1
                where, row = item
                try:
                    cid = fields.ident(row.get("conversation_id"), "conversation_id")
                except FieldError as exc:
                    yield fields.problem(path, where, exc)
                    continue
                try:
                    at, payload = _row(row, where, options)
                except FieldError as exc:
                    yield fields.problem(path, f"{where} (conversation {cid})", exc)
                    spill.mark_bad(cid)
                    continue
                if not spill.add(cid, payload["id"], at, seq, payload):
                    yield Problem(str(path), f"{where} (conversation {cid})", "message_id",
                                  "a message id not used earlier in this conversation (duplicate)")
                    spill.mark_bad(cid)
            for cid, records in spill.groups():
                yield _conversation(cid, records, source)


def _row(row: dict[str, str], where: str, options: ReadOptions) -> tuple[float | None, dict[str, Any]]:
    """One row checked and reduced to what the spill keeps: (sort time, payload)."""
    role = parse_role(row.get("role") or None)
    sent_at = fields.opt_time(row.get("sent_at"), "sent_at", options.default_tz)
    text = fields.message_text(row.get("text", ""), "text", options.max_message_chars)
    if not text.strip():
        # An empty cell usually means the text column is mapped wrong; say so rather than import blanks.
        raise FieldError("text", "a non-empty message (check the text column mapping)")
    agent_id = fields.opt_ident(row.get("agent_id"), "agent_id")
    author = fields.opt_ident(row.get("author"), "author") or (agent_id if role is Role.AGENT else None)
    channel = row.get("channel", "").strip()
    csat = fields.opt_number(row.get("csat"), "csat", 1, 5)
    payload = {
        "id": fields.opt_ident(row.get("message_id"), "message_id") or where.removeprefix("row "),
        "role": role.value, "text": text, "author": author,
        "sent_at": sent_at.isoformat() if sent_at else None,
        "channel": parse_channel(channel).value if channel else None,
        "team": fields.opt_ident(row.get("team"), "team"), "agent_id": agent_id, "csat": csat,
        "tags": list(fields.tag_list(row.get("tags"), "tags")),
    }
    return (sent_at.timestamp() if sent_at else None), payload


def _conversation(cid: str, records: list[dict[str, Any]], source: str) -> Conversation:
    messages = tuple(
        Message(id=r["id"], role=Role(r["role"]), text=r["text"], author=r["author"],
                sent_at=datetime.fromisoformat(r["sent_at"]) if r["sent_at"] else None)
        for r in records
    )

    def first(key: str) -> Any:
        return next((r[key] for r in records if r[key] is not None), None)

    agents = [m.author for m in messages if m.role is Role.AGENT and m.author]
    agents += [r["agent_id"] for r in records if r["agent_id"]]
    tags = [t for r in records for t in r["tags"]]
    customer = next((m.author for m in messages if m.role is Role.CUSTOMER and m.author), None)
    return Conversation(
        id=cid, source=source, channel=Channel(first("channel") or Channel.CHAT.value),
        messages=messages, team=first("team"), agent_ids=tuple(dict.fromkeys(agents)),
        customer=customer, tags=tuple(dict.fromkeys(tags)), csat=first("csat"),
    )
