"""Timestamps in any common format and time zone, normalised to aware UTC."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, tzinfo
from email.utils import parsedate_to_datetime

from dateutil import parser as _dateutil

_NUMERIC = re.compile(r"^-?\d+(\.\d+)?$")
# Seconds before this are taken as milliseconds-or-more epoch stamps mis-sized.
_MS_THRESHOLD = 100_000_000_000


def parse_timestamp(value: object, *, default_tz: tzinfo = UTC) -> datetime:
    """Parse a timestamp into an aware UTC datetime.

    Accepts ISO 8601 (with ``Z`` or offsets), RFC 2822 (e-mail headers),
    Twitter's ``Tue Oct 31 22:10:47 +0000 2017``, Unix epochs in seconds or
    milliseconds (number or digit string), ``datetime`` objects, and most
    other layouts dateutil understands.

    Args:
        value: the raw value.
        default_tz: the zone of timestamps that carry none.

    Raises:
        ValueError: with a message fit for a ``Problem.expected``.
    """
    if type(value) is str and len(value) >= 20 and value[-1] == "Z" and value[10] == "T":
        # Fast path for what heartline itself writes: 2026-03-02T09:30:12Z.
        try:
            return datetime.fromisoformat(value)  # 3.11 reads "Z" as UTC itself
        except ValueError:
            pass
    if isinstance(value, datetime):
        dt = value
    elif isinstance(value, bool) or value is None:
        raise ValueError("a timestamp (ISO 8601, RFC 2822 or Unix epoch)")
    elif isinstance(value, int | float):
        dt = _from_epoch(float(value))
    elif isinstance(value, str):
        dt = _from_text(value.strip())
    else:
        raise ValueError("a timestamp (ISO 8601, RFC 2822 or Unix epoch)")
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=default_tz)
    try:
        return dt.astimezone(UTC)
    except OverflowError as exc:  # 0001-01-01T00:00+05:00 is before year 1 in UTC
        raise ValueError("a timestamp within years 1–9999 once converted to UTC") from exc


def _from_epoch(seconds: float) -> datetime:
    if abs(seconds) >= _MS_THRESHOLD:
        seconds /= 1000.0
    try:
        return datetime(1970, 1, 1, tzinfo=UTC) + timedelta(seconds=seconds)
    except OverflowError as exc:
        raise ValueError("a Unix epoch timestamp within years 1–9999") from exc


def _from_text(text: str) -> datetime:
    if not text:
        raise ValueError("a timestamp, not an empty string")
    if _NUMERIC.match(text):
        return _from_epoch(float(text))
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        pass
    if "," in text[:5] or text[:3].isalpha():
        try:
            return parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            pass
    try:
        parsed: datetime = _dateutil.parse(text)
        return parsed
    except (ValueError, OverflowError) as exc:
        raise ValueError(
            f"a timestamp (ISO 8601, RFC 2822 or Unix epoch), got {_shape(text)}"
        ) from exc


def _shape(text: str) -> str:
    """Describe a bad value without quoting it (it may hold customer text)."""
    return f"{len(text)} characters that are not a date"
