"""The redactor: finds personal data in a text and replaces it with typed placeholders."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field

from heartline.redaction.config import BUILTIN_KINDS, RedactionConfig, Span
from heartline.redaction.scan import in_link, scan

logger = logging.getLogger(__name__)

_DIGIT = re.compile(r"[0-9]")
# Starts with a literal "@" so that sre jumps between occurrences with a fast string search;
# nearly every support tweet has an @handle, and a pattern starting with a character class
# would be tried at every word. The name before the "@" is found by walking back.
_EMAIL_DOMAIN = re.compile(r"@(?:[\w-]++\.)+[^\W\d_]{2,}")
_LOCAL_EXTRA = frozenset("._%+-'")
# How far before a number a keyword pattern ("order #…") may start.
KEYWORD_REACH = 48
# Context words can change once a span becomes a placeholder: in "+44 20 7946 0958 and
# 555-0132" the second number follows "[PHONE] and" only after a first pass. So redaction
# repeats until a pass finds nothing new, which makes it idempotent; real texts settle
# after one or two passes.
_MAX_PASSES = 4
# Which label a merged span keeps when spans overlap: the more specific check wins.
_RANK = {"EMAIL": 0, "IBAN": 1, "CARD": 2, "IP": 4, "PHONE": 5, "ADDRESS": 6}
_PATTERN_RANK = 3


@dataclass(frozen=True)
class Redacted:
    """A redacted text.

    Attributes:
        text: the text with each span replaced by ``[LABEL]``.
        spans: ``(start, end, label)`` in the *original* text, sorted, not overlapping.
        counts: how many spans of each label.
    """

    text: str
    spans: tuple[Span, ...] = ()
    counts: dict[str, int] = field(default_factory=dict, hash=False)


@dataclass(frozen=True)
class _Pattern:
    label: str
    regex: re.Pattern[str]
    keywords: tuple[str, ...]
    needs_digit: bool
    has_id: bool


class Redactor:
    """Replaces e-mail addresses, phone and card numbers, IBANs, IP addresses, street
    addresses and configured identifiers with placeholders such as ``[EMAIL]``.

    Holds only compiled, immutable state: one instance can serve every thread.
    """

    def __init__(self, config: RedactionConfig | None = None) -> None:
        self.config = config if config is not None else RedactionConfig()
        self._kinds = self.config.kinds
        patterns = [_Pattern(p.label, rx, p.keywords, p.needs_digit, "id" in rx.groupindex)
                    for p in self.config.patterns for rx in (p.compiled(),)]
        self._searched = tuple(p for p in patterns if not p.keywords)
        index: dict[str, list[_Pattern]] = {}
        for p in patterns:
            for keyword in p.keywords:
                index.setdefault(keyword, []).append(p)
        self._by_keyword = tuple((k, tuple(ps)) for k, ps in index.items())
        labels = sorted(set(BUILTIN_KINDS) | {p.label for p in patterns})
        self._placeholder = re.compile(r"\[(?:" + "|".join(labels) + r")\]")
        self._rank = {**{p.label: _PATTERN_RANK for p in patterns}, **_RANK}

    def redact(self, text: str) -> Redacted:
        """Redact ``text`` and say what was found where."""
        spans, out = self._resolve(text)
        if not spans:
            return Redacted(text)
        counts: dict[str, int] = {}
        for _, _, label in spans:
            counts[label] = counts.get(label, 0) + 1
        return Redacted(out, tuple(spans), counts)

    def redact_text(self, text: str) -> str:
        """Only the redacted text: the fast path for import."""
        return self._resolve(text)[1]

    def _resolve(self, text: str) -> tuple[list[Span], str]:
        spans = self._find(text)
        if not spans:
            return spans, text
        out = _render(text, spans)
        for _ in range(_MAX_PASSES - 1):
            more = self._find(out)
            if not more:
                return spans, out
            spans = self._merge(spans + _to_original(more, spans))
            out = _render(text, spans)
        logger.warning("redaction did not settle after %d passes; a custom pattern may match "
                       "its own output", _MAX_PASSES)
        return spans, out

    def _find(self, text: str) -> list[Span]:
        """One pass: every span found in ``text``, merged."""
        kinds = self._kinds
        found: list[Span] = []
        if "EMAIL" in kinds and _EMAIL_DOMAIN.search(text):
            _emails(text, found)
        scan(text, kinds, self._near_identifier if self._by_keyword else None, found)
        if self._searched:
            self._search_patterns(text, found)
        if not found:
            return found
        found = self._merge(found)
        if "[" in text:
            # Placeholders already in the text stay as they are: never redact inside one.
            found = _outside(found, [m.span() for m in self._placeholder.finditer(text)])
        return found

    def _near_identifier(self, text: str, pos: int, found: list[Span]) -> None:
        """Try keyword patterns anchored at keywords in the words before ``pos``."""
        start = max(0, pos - KEYWORD_REACH)
        window = text[start:pos].lower()
        if len(window) != pos - start:
            window = text[start:pos]  # lower() changed the length: match case-sensitively
        for keyword, patterns in self._by_keyword:
            at = window.find(keyword)
            while at != -1:
                for p in patterns:
                    _add_match(p, p.regex.match(text, start + at), found)
                at = window.find(keyword, at + 1)

    def _search_patterns(self, text: str, found: list[Span]) -> None:
        has_link = "://" in text or "www." in text
        has_digit: bool | None = None
        for p in self._searched:
            if p.needs_digit:
                if has_digit is None:
                    has_digit = _DIGIT.search(text) is not None
                if not has_digit:
                    continue
            for m in p.regex.finditer(text):
                # Links are kept whole, as for the built-in kinds.
                if not (has_link and in_link(text, m.start())):
                    _add_match(p, m, found)

    def _merge(self, spans: list[Span]) -> list[Span]:
        """Sorted spans with overlaps joined under the highest-ranked label."""
        spans.sort(key=lambda s: (s[0], -s[1]))
        merged: list[Span] = []
        rank = self._rank
        for start, end, label in spans:
            if merged and start < merged[-1][1]:
                s0, e0, l0 = merged[-1]
                keep = l0 if rank.get(l0, _PATTERN_RANK) <= rank.get(label, _PATTERN_RANK) \
                    else label
                merged[-1] = (s0, max(e0, end), keep)
            else:
                merged.append((start, end, label))
        return merged


def _add_match(p: _Pattern, m: re.Match[str] | None, found: list[Span]) -> None:
    if m is None:
        return
    start, end = m.span("id") if p.has_id and m.start("id") >= 0 else m.span()
    if end > start:
        found.append((start, end, p.label))


def _render(text: str, spans: list[Span]) -> str:
    parts: list[str] = []
    pos = 0
    for start, end, label in spans:
        parts.append(text[pos:start])
        parts.append(f"[{label}]")
        pos = end
    parts.append(text[pos:])
    return "".join(parts)


def _outside(spans: list[Span], taken: list[tuple[int, int]]) -> list[Span]:
    """The sorted ``spans`` that overlap none of the sorted ``taken`` stretches."""
    kept: list[Span] = []
    i = 0
    for span in spans:
        while i < len(taken) and taken[i][1] <= span[0]:
            i += 1
        if i == len(taken) or span[1] <= taken[i][0]:
            kept.append(span)
    return kept


def _to_original(spans: list[Span], rendered_from: list[Span]) -> list[Span]:
    """Map spans found in a rendered text back to the original one.

    They never overlap a placeholder (those are protected), so each lies in a stretch of
    original text and moves by the length change of the placeholders before it. Both
    lists are sorted, so one sweep does.
    """
    mapped: list[Span] = []
    i = shift = 0
    for start, end, label in spans:
        while i < len(rendered_from):
            s0, e0, l0 = rendered_from[i]
            if s0 + shift + len(l0) + 2 > start:  # this placeholder ends after ``start``
                break
            shift += len(l0) + 2 - (e0 - s0)
            i += 1
        mapped.append((start - shift, end - shift, label))
    return mapped


def _emails(text: str, found: list[Span]) -> None:
    for m in _EMAIL_DOMAIN.finditer(text):
        start = at = m.start()
        while start > 0 and (text[start - 1].isalnum() or text[start - 1] == "_"
                             or text[start - 1] in _LOCAL_EXTRA):
            start -= 1
        # A quote or dots before the name belong to the sentence, not the address (but
        # "..@example.com" is still an address to redact).
        while start < at and text[start] == "'":
            start += 1
        name = start
        while name < at and text[name] == ".":
            name += 1
        if name < at:
            start = name
        if start < at:
            found.append((start, m.end(), "EMAIL"))

