"""Call transcripts: Whisper JSON, AWS Transcribe JSON, or ``Agent: …`` text lines.

One file is one call (channel phone), its id the file's stem unless the
JSON names it (AWS ``jobName``). Consecutive speech by one speaker becomes
one message, with ``audio_start``/``audio_end`` from the recording times;
messages carry no sent time and the call's start may be unknown.

Diarisation labels (``SPEAKER_00``, ``spk_1``) are not identities, so they
are not kept as authors. They map to roles through ``ReadOptions.mapping``
(``spk_0=agent,spk_1=customer``); unmapped, the first speaker heard is the
agent (who answers the call) and the second the customer. A file without
labels — one side of a stereo recording, say — needs ``speaker=ROLE``.
Any invalid segment or line rejects the call: a transcript with a hole
would misattribute everything after it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import ijson

from heartline.conversation import Channel, Conversation, Message, Role
from heartline.errors import Problem
from heartline.importers import fields
from heartline.importers.base import Item, ReadOptions
from heartline.importers.json_stream import BROKEN, Utf8Reader
from heartline.importers.sniffing import first_line, json_keys
from heartline.importers.text import open_text
from heartline.native import FieldError, parse_role

_WORDS = {"caller": Role.CUSTOMER, "representative": Role.AGENT, "rep": Role.AGENT,
          "advisor": Role.AGENT, "ivr": Role.BOT}
_LINE = re.compile(r"^\s*(?:\[?(?P<time>(?:\d{1,2}:)?\d{1,2}:\d{2}(?:[.,]\d+)?)\]?\s*-?\s*)?"
                   r"(?P<label>[A-Za-z][\w .'-]{0,30}?)\s*:\s?(?P<text>.*)$")


@dataclass
class _Turn:
    id: str
    role: Role
    parts: list[str]
    start: float | None
    end: float | None = None
    where: str = ""


@dataclass
class _Speakers:
    """Speaker label → role: the mapping, else role words (text), else order of appearance."""

    mapping: Mapping[str, Role]
    by_order: bool
    seen: dict[str, Role] = field(default_factory=dict)

    def role(self, label: str | None, where: str) -> Role:
        key = (label or "").strip().lower() or "speaker"  # "speaker=ROLE" covers unlabelled speech
        if key in self.mapping:
            return self.mapping[key]
        if key == "speaker":
            raise FieldError(where, "a speaker label (or pass a mapping speaker=ROLE for unlabelled speech)")
        if not self.by_order:
            if key in _WORDS:
                return _WORDS[key]
            return parse_role(key, field=where)
        if key not in self.seen:
            if len(self.seen) >= 2:
                raise FieldError(where, "one of two speakers, or a mapping for this one (LABEL=ROLE)")
            self.seen[key] = Role.AGENT if not self.seen else Role.CUSTOMER
        return self.seen[key]


class TranscriptImporter:
    """Reads call transcripts (see the module docstring)."""

    name = "transcript"
    kind: Literal["conversations"] = "conversations"

    def sniff(self, path: Path, head: bytes) -> bool:
        keys = json_keys(head)
        if keys:
            return _is_aws(keys) or {"segments", "start", "end"} <= keys
        match = _LINE.match(first_line(head))
        return match is not None and match["label"].strip().lower() in {*_WORDS, "agent", "customer"}

    def read(self, path: Path, options: ReadOptions) -> Iterator[Item]:
        mapping: dict[str, Role] = {}
        for label, role in options.mapping.items():
            try:
                mapping[label.strip().lower()] = parse_role(role, field=label)
            except FieldError as exc:
                yield fields.problem(path, "mapping", exc)
        if len(mapping) < len(options.mapping):
            return
        with open_text(path) as text:
            keys = json_keys(text.read(64 * 1024).encode("utf-8", errors="surrogatepass"))
        turns: list[_Turn] = []
        problems: list[Problem] = []
        cid = path.stem
        try:
            if not keys:
                reader = _lines(path, _Speakers(mapping, by_order=False))
            elif _is_aws(keys):
                cid, reader = _aws(path, _Speakers(mapping, by_order=True))
            else:
                reader = _whisper(path, _Speakers(mapping, by_order=True))
            for item in reader:
                (problems if isinstance(item, Problem) else turns).append(item)  # type: ignore[arg-type]
        except ijson.JSONError:
            problems.append(Problem(str(path), "file", "", BROKEN))
        messages: list[Message] = []
        for turn in turns:
            try:
                messages.append(fields.message(
                    id=turn.id, role=turn.role, text=" ".join(p for p in turn.parts if p), field="text",
                    max_chars=options.max_message_chars, audio_start=turn.start, audio_end=turn.end))
            except FieldError as exc:
                problems.append(fields.problem(path, turn.where, exc))
        if problems:
            yield from problems
        elif not messages:
            yield Problem(str(path), "file", "", "a transcript with at least one line of speech")
        else:
            yield Conversation(id=cid, source=options.source or self.name, channel=Channel.PHONE,
                               messages=tuple(messages))


def _is_aws(keys: set[str]) -> bool:
    return "results" in keys and bool({"transcripts", "speaker_labels", "jobName"} & keys)


def _seconds(value: object, where: str) -> float:
    number = fields.opt_number(value, where, 0, 1e7)
    if number is None:
        raise FieldError(where, "a time in seconds")
    return number


def _add(turns: list[_Turn], turn: _Turn) -> Iterator[_Turn]:
    """Merge ``turn`` into the last one if the same role speaks on; yield a finished turn."""
    if turns and turns[-1].role is turn.role:
        turns[-1].parts.extend(turn.parts)
        turns[-1].end = turn.end if turn.end is not None else turns[-1].end
        return
    if turns:
        yield turns.pop()
    turns.append(turn)


def _whisper(path: Path, speakers: _Speakers) -> Iterator[_Turn | Problem]:
    pending: list[_Turn] = []
    with open_text(path) as text:
        for i, seg in enumerate(ijson.items(Utf8Reader(text), "segments.item", use_float=True)):
            where = f"segments[{i}]"
            try:
                if not isinstance(seg, dict):
                    raise FieldError("", "a segment object")
                body = fields.message_text(seg.get("text"), "text", 10**9).strip()
                role = speakers.role(seg.get("speaker"), "speaker")
                turn = _Turn(str(seg.get("id", i)), role, [body], _seconds(seg.get("start"), "start"),
                             _seconds(seg.get("end"), "end"), where)
            except FieldError as exc:
                yield fields.problem(path, where, exc)
                continue
            if body:
                yield from _add(pending, turn)
    yield from pending


def _aws(path: Path, speakers: _Speakers) -> tuple[str, Iterator[_Turn | Problem]]:
    """The job name and the turns of an AWS Transcribe result."""
    job, segments = _aws_segments(path)
    return job or path.stem, _aws_turns(path, segments, speakers)


def _aws_segments(path: Path) -> tuple[str | None, list[tuple[float, float, str]]]:
    job: str | None = None
    segments: list[tuple[float, float, str]] = []
    current: dict[str, Any] = {}
    prefix_seg = "results.speaker_labels.segments.item"
    with open_text(path) as text:
        for prefix, event, value in ijson.parse(Utf8Reader(text), use_float=True):
            if prefix == "jobName" and isinstance(value, str):
                job = value
            elif prefix.startswith(prefix_seg + ".") and prefix.count(".") == 4:
                current[prefix.rsplit(".", 1)[1]] = value
            elif prefix == prefix_seg and event == "end_map":
                # A segment without times labels nothing; its words then get no speaker.
                with suppress(KeyError, TypeError, ValueError):
                    segments.append((float(current["start_time"]), float(current["end_time"]),
                                     str(current["speaker_label"])))
                current = {}
    return job, segments


def _aws_turns(path: Path, segments: list[tuple[float, float, str]],
               speakers: _Speakers) -> Iterator[_Turn | Problem]:
    pending: list[_Turn] = []
    k = 0
    with open_text(path) as text:
        for i, item in enumerate(ijson.items(Utf8Reader(text), "results.items.item", use_float=True)):
            where = f"results.items[{i}]"
            try:
                if not isinstance(item, dict) or not isinstance(item.get("alternatives"), list):
                    raise FieldError("alternatives", "an item with alternatives")
                alt = item["alternatives"][0] if item["alternatives"] else {}
                content = fields.message_text(alt.get("content") if isinstance(alt, dict) else None,
                                              "alternatives[0].content", 10**9)
                if item.get("type") == "punctuation":
                    if pending:
                        pending[-1].parts[-1] += content
                    continue
                start, end = _seconds(item.get("start_time"), "start_time"), _seconds(item.get("end_time"), "end_time")
                label = item.get("speaker_label")
                if label is None:
                    while k < len(segments) and segments[k][1] < start:
                        k += 1
                    label = segments[k][2] if k < len(segments) and segments[k][0] <= start else None
                role = speakers.role(label, "speaker_label")
            except FieldError as exc:
                yield fields.problem(path, where, exc)
                continue
            yield from _add(pending, _Turn(str(i), role, [content], start, end, where))
    yield from pending


def _lines(path: Path, speakers: _Speakers) -> Iterator[_Turn | Problem]:
    pending: list[_Turn] = []
    with open_text(path) as text:
        for lineno, line in enumerate(text, start=1):
            if not line.strip():
                continue
            where = f"line {lineno}"
            match = _LINE.match(line.rstrip("\n"))
            try:
                role = speakers.role(match["label"], "speaker") if match else None
            except FieldError as exc:
                if match and (match["time"] or not pending):
                    yield fields.problem(path, where, exc)
                    continue
                role = None  # "Order number: 4471" inside a turn is text, not a speaker
            if role is None or match is None:
                if not pending:
                    yield Problem(str(path), where, "speaker", "a line that starts with a speaker (Agent: …)")
                else:
                    pending[-1].parts.append(line.strip())
                continue
            start = _clock(match["time"]) if match["time"] else None
            yield from _add(pending, _Turn(str(lineno), role, [match["text"].strip()], start, None, where))
    yield from pending


def _clock(text: str) -> float:
    seconds = 0.0
    for part in text.replace(",", ".").split(":"):
        seconds = seconds * 60 + float(part)
    return seconds

