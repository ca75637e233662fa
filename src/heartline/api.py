"""The Python API for analysts: ``heartline.analyze(...)`` mirrors ``heartline analyze``.

>>> import heartline
>>> results = heartline.analyze("examples/native/example.jsonl")   # doctest: +SKIP
>>> results.to_dataframe().empathy.mean()                           # doctest: +SKIP

Accepts conversation objects, heartline's native JSONL (a path, or the text
itself) or a pandas DataFrame of messages. Nothing is stored and nothing is
redacted here: the caller owns the data it passes in.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, overload

from heartline import native
from heartline.conversation import Channel, Conversation, Message
from heartline.errors import ConfigError, InvalidInputError, Problem
from heartline.scoring import ConversationResult

if TYPE_CHECKING:
    import pandas as pd

    from heartline.engine import Engine

_engine: Engine | None = None
_engine_lock = threading.Lock()

#: DataFrame columns read by ``analyze``; only the first three are required.
FRAME_COLUMNS = ("conversation_id", "role", "text", "message_id", "sent_at", "author",
                 "channel", "team", "source")


class Results(Sequence[ConversationResult]):
    """The results of ``analyze``, in input order."""

    def __init__(self, results: list[ConversationResult]) -> None:
        self._results = results

    @overload
    def __getitem__(self, i: int) -> ConversationResult: ...
    @overload
    def __getitem__(self, i: slice) -> Sequence[ConversationResult]: ...
    def __getitem__(self, i: int | slice) -> ConversationResult | Sequence[ConversationResult]:
        return self._results[i]

    def __len__(self) -> int:
        return len(self._results)

    def to_dicts(self) -> list[dict[str, Any]]:
        """The output contract's objects (what ``heartline analyze`` writes)."""
        return [r.to_dict() for r in self._results]

    def to_dataframe(self, level: str = "conversations") -> pd.DataFrame:
        """One row per conversation (its scores) or per message (its readings).

        Args:
            level: ``conversations`` or ``messages``.
        """
        import pandas as pd

        if level == "conversations":
            return pd.DataFrame([{"conversation_id": r.conversation_id, **r.scores,
                                  "missed_opportunities": len(r.missed_opportunities())}
                                 for r in self._results])
        if level == "messages":
            rows = []
            for r in self._results:
                for m in r.messages:
                    d = m.to_dict()
                    row = {"conversation_id": r.conversation_id, "message_id": d["message_id"],
                           "role": d["role"], "emotion": d.get("emotion"),
                           "emotion_intensity": d.get("emotion_intensity"),
                           "suggestion": d.get("suggestion")}
                    row.update({f"behaviour.{k}": v for k, v in d.get("behaviours", {}).items()})
                    rows.append(row)
            return pd.DataFrame(rows)
        raise ConfigError(f"unknown level '{level}'", hint="use 'conversations' or 'messages'")


def analyze(data: Any, *, engine: Engine | None = None, suggestions: bool = True) -> Results:
    """Analyse conversations: emotions, behaviours, the three stage scores and suggestions.

    Args:
        data: ``Conversation`` objects; a path to (or the text of) native JSONL;
            or a pandas DataFrame with one row per message (columns ``FRAME_COLUMNS``).
        engine: an engine to reuse; by default one is loaded once per process.
        suggestions: compose better replies (slower).
    """
    conversations = list(_conversations(data))
    return Results(list((engine or default_engine()).analyze(conversations, suggestions=suggestions)))


def default_engine() -> Engine:
    """The process-wide engine, loaded on first use."""
    global _engine
    with _engine_lock:
        if _engine is None:
            from heartline.engine import Engine

            _engine = Engine.load()
        return _engine


def _conversations(data: Any) -> Iterator[Conversation]:
    if isinstance(data, Conversation):
        yield data
        return
    if isinstance(data, Path) or (isinstance(data, str) and "\n" not in data.strip()
                                  and not data.lstrip().startswith("{")):
        yield from _from_jsonl(Path(data).read_text(encoding="utf-8").splitlines(), str(data))
        return
    if isinstance(data, str):
        yield from _from_jsonl(data.splitlines(), "<text>")
        return
    if type(data).__name__ == "DataFrame":
        yield from _from_frame(data)
        return
    if isinstance(data, Iterable):
        for item in data:
            if not isinstance(item, Conversation):
                raise ConfigError(f"analyze() got a {type(item).__name__} among conversations",
                                  hint="pass Conversation objects, native JSONL or a DataFrame")
            yield item
        return
    raise ConfigError(f"analyze() cannot read a {type(data).__name__}",
                      hint="pass Conversation objects, native JSONL (path or text) or a DataFrame")


def _from_jsonl(lines: list[str], name: str) -> Iterator[Conversation]:
    for i, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            yield native.from_dict(json.loads(line))
        except json.JSONDecodeError:
            raise InvalidInputError([Problem(name, f"line {i}", "", "a complete JSON object")]) from None
        except native.FieldError as exc:
            raise InvalidInputError([Problem(name, f"line {i}", exc.field, exc.expected)]) from None


def _from_frame(frame: pd.DataFrame) -> Iterator[Conversation]:
    missing = [c for c in FRAME_COLUMNS[:3] if c not in frame.columns]
    if missing:
        raise InvalidInputError([Problem("DataFrame", "columns", c, "a column of that name")
                                 for c in missing])
    for cid, rows in frame.groupby("conversation_id", sort=False):
        messages = []
        for i, (_, row) in enumerate(rows.iterrows()):
            where = f"conversation {cid}, row {i}"
            try:
                raw = {k: row[k] for k in FRAME_COLUMNS[1:6] if k in row and _present(row[k])}
                raw.setdefault("message_id", str(i))
                raw["id"] = str(raw.pop("message_id"))
                if "sent_at" in raw:
                    raw["sent_at"] = str(raw["sent_at"])
                messages.append(native.from_dict({"id": str(cid), "messages": [raw]}).messages[0])
            except native.FieldError as exc:
                field = exc.field.split(".")[-1]
                raise InvalidInputError([Problem("DataFrame", where, field, exc.expected)]) from None
        first = rows.iloc[0]
        yield Conversation(
            id=str(cid), source=str(first["source"]) if "source" in rows and _present(first["source"]) else "dataframe",
            channel=native.parse_channel(first["channel"]) if "channel" in rows and _present(first["channel"]) else Channel.CHAT,
            messages=tuple(messages),
            team=str(first["team"]) if "team" in rows and _present(first["team"]) else None,
        )


def _present(value: Any) -> bool:
    return value is not None and value == value  # NaN is not equal to itself


__all__ = ["FRAME_COLUMNS", "Message", "Results", "analyze", "default_engine"]
