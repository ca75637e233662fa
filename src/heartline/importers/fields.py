"""Field checks shared by the importers.

Each check returns the clean value or raises ``FieldError`` naming the field,
so an importer can turn any bad record into one ``Problem`` with a single
``except``. Messages describe what was expected and never quote the value:
a mis-mapped column could put customer text where an id belongs.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import datetime, tzinfo

from heartline.conversation import Message, Role
from heartline.errors import Problem
from heartline.native import FieldError, guarded
from heartline.timestamps import parse_timestamp


def problem(path: object, record: str, exc: FieldError) -> Problem:
    """The Problem for a record whose field ``exc`` names is invalid."""
    return Problem(str(path), record, exc.field, exc.expected)


def blank(value: object) -> bool:
    """Whether a value counts as absent (None, or a string of only spaces)."""
    return value is None or (isinstance(value, str) and not value.strip())


def ident(value: object, field: str) -> str:
    """A required id: a non-empty string or an integer (never a bool or float)."""
    if isinstance(value, str) and value.strip() and _encodable(value):
        return value.strip()
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    raise FieldError(field, "a non-empty string or integer id")


def opt_ident(value: object, field: str) -> str | None:
    """An optional id; blank means absent."""
    return None if blank(value) else ident(value, field)


def message_text(value: object, field: str, max_chars: int) -> str:
    """Message text: a string no longer than ``max_chars`` (longer is refused, not cut)."""
    if not isinstance(value, str):
        raise FieldError(field, "a string")
    if len(value) > max_chars:
        raise FieldError(field, f"at most {max_chars} characters, got {len(value)}")
    if not _encodable(value):
        raise FieldError(field, "valid Unicode text (it holds half of a surrogate pair, "
                                "often an emoji cut in two)")
    return value


def _encodable(text: str) -> bool:
    # JSON may carry lone surrogate escapes ("\ud83d"); no database can store them.
    if text.isascii():
        return True
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def opt_time(value: object, field: str, tz: tzinfo) -> datetime | None:
    """An optional timestamp in any format ``parse_timestamp`` knows."""
    if blank(value):
        return None
    return guarded(lambda: parse_timestamp(value, default_tz=tz), field)


def time(value: object, field: str, tz: tzinfo) -> datetime:
    """A required timestamp."""
    parsed = opt_time(value, field, tz)
    if parsed is None:
        raise FieldError(field, "a timestamp (ISO 8601, RFC 2822 or Unix epoch)")
    return parsed


def opt_bool(value: object, field: str) -> bool | None:
    """A flag given as a JSON bool or as text (true/false, yes/no, 1/0)."""
    if blank(value):
        return None
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("true", "t", "yes", "y", "1"):
        return True
    if text in ("false", "f", "no", "n", "0"):
        return False
    raise FieldError(field, "true or false")


def opt_number(value: object, field: str, low: float, high: float, *, integer: bool = False) -> float | None:
    """An optional number within ``[low, high]``, given as a number or as text."""
    if blank(value):
        return None
    number: float | None = None
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = float(value)
    elif isinstance(value, str):
        try:
            number = float(value.strip().replace(",", "."))
        except ValueError:
            number = None
    kind = "a whole number" if integer else "a number"
    if number is None or not math.isfinite(number) or not low <= number <= high:
        raise FieldError(field, f"{kind} from {low:g} to {high:g}")
    if integer and not number.is_integer():
        raise FieldError(field, f"{kind} from {low:g} to {high:g}")
    return number


def tag_list(value: object, field: str) -> tuple[str, ...]:
    """Tags from a list of strings, or one string split on commas, semicolons or bars."""
    if blank(value):
        return ()
    if isinstance(value, str):
        parts: Iterable[object] = value.replace(";", ",").replace("|", ",").split(",")
    elif isinstance(value, list):
        parts = value
    else:
        raise FieldError(field, "a list of tags")
    tags: list[str] = []
    for part in parts:
        if isinstance(part, dict):  # Intercom and Zendesk-style {"name": …} objects
            part = part.get("name")
        if not isinstance(part, str):
            raise FieldError(field, "a list of tags")
        if part.strip():
            tags.append(part.strip())
    return tuple(tags)


def message(
    *, id: str, role: Role, text: object, field: str, max_chars: int,
    author: str | None = None, sent_at: datetime | None = None, internal: bool = False,
    audio_start: float | None = None, audio_end: float | None = None,
) -> Message:
    """A Message whose text was checked against the size limit (``field`` names the text)."""
    return Message(
        id=id, role=role, text=message_text(text, field, max_chars), author=author,
        sent_at=sent_at, internal=internal, audio_start=audio_start, audio_end=audio_end,
    )


def ordered(messages: list[tuple[datetime | None, int, Message]]) -> tuple[Message, ...]:
    """Messages sorted by time, then by their position in the file (untimed keep their place)."""
    if any(t is None for t, _, _ in messages):
        return tuple(m for _, _, m in sorted(messages, key=lambda x: x[1]))
    return tuple(m for _, _, m in sorted(messages, key=lambda x: (x[0], x[1])))


def record_name(where: str, noun: str, data: object, key: str = "id") -> str:
    """``where`` plus the record's id when it has a usable one: ``line 3 (ticket 4411)``."""
    value = data.get(key) if isinstance(data, dict) else None
    if isinstance(value, str | int) and not isinstance(value, bool) and str(value).strip():
        return f"{where} ({noun} {str(value).strip()[:64]})"
    return where
