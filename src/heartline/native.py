"""heartline's native interchange format: one conversation per JSON line.

The layout is documented in ``docs/native-format.md`` and as a JSON Schema in
``schemas/conversation.schema.json``. ``to_dict`` and ``from_dict`` are exact
inverses for every conversation, so import → export → import is lossless.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from datetime import UTC, datetime, tzinfo
from typing import Any, TypeVar

from heartline.conversation import Channel, Conversation, Message, Role
from heartline.timestamps import parse_timestamp

T = TypeVar("T")

FORMAT_VERSION = 1

_ROLE_ALIASES = {
    "customer": Role.CUSTOMER, "user": Role.CUSTOMER, "end-user": Role.CUSTOMER,
    "end_user": Role.CUSTOMER, "requester": Role.CUSTOMER, "contact": Role.CUSTOMER,
    "lead": Role.CUSTOMER, "client": Role.CUSTOMER, "inbound": Role.CUSTOMER,
    "agent": Role.AGENT, "admin": Role.AGENT, "staff": Role.AGENT, "support": Role.AGENT,
    "company": Role.AGENT, "teammate": Role.AGENT, "operator": Role.AGENT, "outbound": Role.AGENT,
    "bot": Role.BOT, "automation": Role.BOT, "system": Role.SYSTEM,
}
_CHANNEL_ALIASES = {
    "chat": Channel.CHAT, "messenger": Channel.CHAT, "live_chat": Channel.CHAT, "web": Channel.CHAT,
    "email": Channel.EMAIL, "e-mail": Channel.EMAIL, "mail": Channel.EMAIL,
    "phone": Channel.PHONE, "voice": Channel.PHONE, "call": Channel.PHONE,
    "social": Channel.SOCIAL, "twitter": Channel.SOCIAL, "facebook": Channel.SOCIAL,
    "instagram": Channel.SOCIAL, "whatsapp": Channel.CHAT, "sms": Channel.CHAT,
    "ticket": Channel.TICKET, "api": Channel.TICKET, "portal": Channel.TICKET,
}


class FieldError(ValueError):
    """A field of a record is invalid; ``field`` names it, the message says what was expected."""

    def __init__(self, field: str, expected: str) -> None:
        super().__init__(expected)
        self.field = field
        self.expected = expected


def parse_role(value: object, *, field: str = "role") -> Role:
    """Map a source's role name onto a Role, or raise FieldError."""
    role = _ROLE_ALIASES.get(str(value).strip().lower()) if value is not None else None
    if role is None:
        raise FieldError(field, "one of customer, agent, bot, system")
    return role


def parse_channel(value: object, *, field: str = "channel") -> Channel:
    """Map a source's channel name onto a Channel, or raise FieldError."""
    channel = _CHANNEL_ALIASES.get(str(value).strip().lower()) if value is not None else None
    if channel is None:
        raise FieldError(field, "one of chat, email, phone, social, ticket")
    return channel


def to_dict(conversation: Conversation) -> dict[str, Any]:
    """The native JSON object for a conversation (only fields that are set)."""
    c = conversation
    out: dict[str, Any] = {"id": c.id, "source": c.source, "channel": c.channel.value}
    for key, value in (
        ("started_at", _iso(c.started_at)), ("ended_at", _iso(c.ended_at)), ("team", c.team),
        ("agent_ids", list(c.agent_ids)), ("customer", c.customer), ("tags", list(c.tags)),
        ("outcome", c.outcome), ("csat", c.csat),
    ):
        if value not in (None, []):
            out[key] = value
    out["messages"] = [_message_dict(m) for m in c.messages]
    return out


def _message_dict(m: Message) -> dict[str, Any]:
    d: dict[str, Any] = {"id": m.id, "role": m.role.value, "text": m.text}
    if m.author is not None:
        d["author"] = m.author
    if m.sent_at is not None:
        d["sent_at"] = _iso(m.sent_at)
    if m.internal:
        d["internal"] = True
    if m.audio_start is not None:
        d["audio_start"] = m.audio_start
    if m.audio_end is not None:
        d["audio_end"] = m.audio_end
    return d


def _iso(dt: datetime | None) -> str | None:
    return None if dt is None else dt.astimezone(UTC).isoformat().replace("+00:00", "Z")


def from_dict(
    data: object, *, default_source: str = "jsonl", default_tz: tzinfo = UTC,
    max_message_chars: int = 100_000,
) -> Conversation:
    """Build a Conversation from a native JSON object.

    Raises:
        FieldError: naming the first invalid field (``messages[3].role``).
    """
    if not isinstance(data, Mapping):
        raise FieldError("", "a JSON object (one conversation per line)")
    cid = _required_id(data, "id")
    raw_messages = data.get("messages")
    if not isinstance(raw_messages, list):
        raise FieldError("messages", "a list of messages")
    messages: list[Message] = []
    seen: set[str] = set()
    for i, raw in enumerate(raw_messages):
        msg = _message(raw, f"messages[{i}]", default_tz, max_message_chars)
        if msg.id in seen:
            raise FieldError(f"messages[{i}].id", "a message id unique within the conversation")
        seen.add(msg.id)
        messages.append(msg)
    csat = data.get("csat")
    if csat is not None and (
        isinstance(csat, bool) or not isinstance(csat, int | float)
        or not math.isfinite(csat) or not 1 <= csat <= 5
    ):
        raise FieldError("csat", "a number from 1 to 5")
    return Conversation(
        id=cid,
        source=_opt_str(data, "source") or default_source,
        channel=parse_channel(data.get("channel", "chat")),
        messages=tuple(messages),
        started_at=_opt_time(data, "started_at", default_tz),
        ended_at=_opt_time(data, "ended_at", default_tz),
        team=_opt_str(data, "team"),
        agent_ids=tuple(_str_list(data, "agent_ids")),
        customer=_opt_str(data, "customer"),
        tags=tuple(_str_list(data, "tags")),
        outcome=_opt_str(data, "outcome"),
        csat=float(csat) if csat is not None else None,
    )


def _message(raw: object, where: str, tz: tzinfo, max_chars: int) -> Message:
    # The import hot path: plain checks inline, helpers only for the rare fields.
    if not isinstance(raw, Mapping):
        raise FieldError(where, "a JSON object with id, role and text")
    text = raw.get("text")
    if not isinstance(text, str):
        raise FieldError(f"{where}.text", "a string")
    if len(text) > max_chars:
        raise FieldError(f"{where}.text", f"at most {max_chars} characters, got {len(text)}")
    internal = raw.get("internal", False)
    if internal is not False and not isinstance(internal, bool):
        raise FieldError(f"{where}.internal", "true or false")
    mid = raw.get("id")
    if type(mid) is not str or not mid.strip():
        mid = _required_id(raw, "id", where)
    raw_role = raw.get("role")
    role = (_ROLE_ALIASES.get(raw_role) if type(raw_role) is str else None) or parse_role(
        raw_role, field=f"{where}.role"
    )
    author = raw.get("author")
    if author is not None and type(author) is not str:
        author = _opt_str(raw, "author", where)
    sent = raw.get("sent_at")
    sent_at = None if sent is None else _opt_time(raw, "sent_at", tz, where)
    audio_start = audio_end = None
    if "audio_start" in raw or "audio_end" in raw:
        audio_start = _opt_seconds(raw, "audio_start", where)
        audio_end = _opt_seconds(raw, "audio_end", where)
    return Message(mid, role, text, author, sent_at, internal, audio_start, audio_end)


def _name(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key


def _required_id(data: Mapping[str, Any], key: str, where: str = "") -> str:
    value = data.get(key)
    if isinstance(value, bool) or not isinstance(value, str | int) or str(value).strip() == "":
        raise FieldError(_name(where, key), "a non-empty string or integer id")
    return str(value)


def _opt_str(data: Mapping[str, Any], key: str, where: str = "") -> str | None:
    value = data.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise FieldError(_name(where, key), "a string")
    return str(value)


def _str_list(data: Mapping[str, Any], key: str) -> list[str]:
    value = data.get(key)
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise FieldError(key, "a list of strings")
    return value


def _opt_time(data: Mapping[str, Any], key: str, tz: tzinfo, where: str = "") -> datetime | None:
    value = data.get(key)
    if value is None:
        return None
    try:
        return parse_timestamp(value, default_tz=tz)
    except ValueError as exc:
        raise FieldError(_name(where, key), str(exc)) from exc


def _opt_seconds(data: Mapping[str, Any], key: str, where: str) -> float | None:
    value = data.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise FieldError(_name(where, key), "a non-negative number of seconds")
    return float(value)


def guarded(fn: Callable[[], T], field: str) -> T:
    """Run a field parser, turning its ValueError into a FieldError for ``field``."""
    try:
        return fn()
    except FieldError:
        raise
    except ValueError as exc:
        raise FieldError(field, str(exc)) from exc
