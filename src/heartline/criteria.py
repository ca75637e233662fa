"""Scoring criteria: the built-in behaviours and a team's own phrases, in one table.

Every number the empathy formulas use (docs/scoring.md) comes from a TOML file: the
bundled ``default_criteria.toml``, optionally overlaid by a team's file
(docs/criteria.md). Built-in behaviours are entries like any other; they are detected by
the trained heads (``builtin = true``), a team's entries by phrases and regular
expressions. Errors name the file, the entry and the field, never message text.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from heartline.errors import ConfigError, Problem
from heartline.results import BEHAVIOURS, EMOTION_GROUPS, Span

STAGES = ("cognitive", "emotional", "compassionate")
KINDS = ("expected", "partial", "flag")
#: When an expected criterion is owed (docs/scoring.md, "Opportunities").
WHEN = ("emotion", "stated", "unclear", "open", "any", "first", "last")
SCOPES = ("reply", "conversation")
_FIELDS = {"builtin", "description", "kind", "stage", "when", "scope", "weight", "credit",
           "counts_for", "points", "cap", "phrases", "patterns", "suggest", "enabled"}
_BUILTIN_FIXED = {"builtin", "phrases", "patterns", "kind"}
_SECTIONS = {"version", "stages", "opportunities", "experience", "difficulty", "resolution",
             "criteria"}
_NAME = re.compile(r"^[a-z][a-z0-9_]{0,63}$")


@dataclass(frozen=True)
class Criterion:
    """One thing heartline looks for in agent replies.

    Attributes:
        name: identifier (``takes_action``, ``ticket_number``).
        kind: ``expected`` (owed where ``when`` holds, credited when shown), ``partial``
            (stands in for ``credit`` of ``counts_for`` when that was missed) or ``flag``
            (costs ``points`` per message that shows it, caps its stage at ``cap``).
        stage: ``cognitive``, ``emotional``, ``compassionate``; flags may name ``empathy``.
        when: for expected criteria, the opportunity that makes it owed.
        scope: ``reply`` (owed by every reply where ``when`` holds) or ``conversation``
            (owed once, met by any agent message).
        builtin: detected by a trained head (``MessageReading.behaviours``).
        patterns: compiled detectors of team criteria (phrases become patterns).
        suggest: what the coach adds to a suggestion when this is missed.
    """

    name: str
    kind: str
    stage: str
    description: str = ""
    when: str = "any"
    scope: str = "reply"
    weight: float = 1.0
    credit: float = 0.0
    counts_for: str | None = None
    points: float = 0.0
    cap: float | None = None
    builtin: bool = False
    patterns: tuple[re.Pattern[str], ...] = ()
    suggest: str | None = None
    enabled: bool = True

    def find(self, text: str) -> list[Span]:
        """Spans of ``text`` matching a team criterion's phrases or patterns."""
        found = {m.span() for p in self.patterns for m in p.finditer(text) if m.end() > m.start()}
        return sorted(found)


@dataclass(frozen=True)
class OpportunityRules:
    """Thresholds that decide when a behaviour is owed."""

    acknowledge_min_intensity: Mapping[str, float]
    default_intensity: float = 0.5
    strong_intensity: float = 0.6
    empathy_needed_probability: float = 0.5


@dataclass(frozen=True)
class Criteria:
    """The whole table: criteria by name plus the numbers of the other formulas."""

    criteria: Mapping[str, Criterion]
    stage_weights: Mapping[str, float]
    opportunities: OpportunityRules
    experience: Mapping[str, float]
    difficulty: Mapping[str, float]
    resolved_outcomes: frozenset[str]
    open_outcomes: frozenset[str]
    sources: tuple[str, ...] = field(default=())

    def active(self, kind: str | None = None) -> list[Criterion]:
        """Enabled criteria, optionally of one kind, in file order."""
        return [c for c in self.criteria.values() if c.enabled and (kind is None or c.kind == kind)]

    def __getitem__(self, name: str) -> Criterion:
        return self.criteria[name]


def default_criteria() -> Criteria:
    """The bundled defaults (``src/heartline/default_criteria.toml``)."""
    return _defaults()


@cache
def _defaults() -> Criteria:
    text = resources.files("heartline").joinpath("default_criteria.toml").read_text("utf-8")
    return _build(_parse(text, "default_criteria.toml"), "default_criteria.toml", base=None)


def load_criteria(path: str | Path | None = None) -> Criteria:
    """The defaults, overlaid with a team's criteria file when ``path`` is given.

    Raises:
        ConfigError: the file is missing, not TOML, or has invalid entries (each named
            by file, entry and field).
    """
    if path is None:
        return default_criteria()
    p = Path(path)
    try:
        text = p.read_text("utf-8")
    except FileNotFoundError:
        raise ConfigError(f"criteria file {p} does not exist",
                          hint="check the path, or start from examples/criteria.toml") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"criteria file {p} cannot be read ({type(exc).__name__})",
                          hint="save it as UTF-8 text") from None
    return parse_criteria(text, source=str(p))


def parse_criteria(text: str, *, source: str = "<criteria>", base: Criteria | None = None) -> Criteria:
    """Criteria from TOML text, overlaid on ``base`` (the defaults when omitted)."""
    return _build(_parse(text, source), source, base=base or default_criteria())


def _parse(text: str, source: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"criteria file {source} is not valid TOML: {exc}",
                          hint="see docs/criteria.md for the file's layout") from None


def _build(data: dict[str, Any], source: str, *, base: Criteria | None) -> Criteria:
    check = _Checker(source)
    for key in sorted(set(data) - _SECTIONS):
        check.bad(f"section '{key}'", "", f"one of {', '.join(sorted(_SECTIONS))}")
    if "version" in data and data["version"] != 1:
        check.bad("top level", "version", "1 (the only version so far)")
    stage_weights = check.numbers(data.get("stages", {}), "stages", allowed=STAGES,
                                  start=base.stage_weights if base else {})
    opp = data.get("opportunities", {})
    rules_base = base.opportunities if base else None
    rules = _rules(check, opp if isinstance(opp, dict) else {}, rules_base)
    experience = check.numbers(data.get("experience", {}), "experience",
                               allowed=("peak", "end", "mean"),
                               start=base.experience if base else {})
    difficulty = check.numbers(data.get("difficulty", {}), "difficulty",
                               allowed=("initial_emotion", "repeat_contact", "length",
                                        "escalation", "long_conversation_turns"),
                               start=base.difficulty if base else {})
    resolution = data.get("resolution", {})
    resolved = check.words(resolution, "resolved_outcomes",
                           base.resolved_outcomes if base else frozenset())
    still_open = check.words(resolution, "open_outcomes", base.open_outcomes if base else frozenset())
    criteria = dict(base.criteria) if base else {}
    entries = data.get("criteria", {})
    if not isinstance(entries, dict):
        check.bad("section 'criteria'", "", "a table of [criteria.NAME] entries")
        entries = {}
    for name, entry in entries.items():
        made = check.criterion(name, entry, criteria.get(name))
        if made is not None:
            criteria[name] = made
    for c in criteria.values():
        if c.kind == "partial" and c.counts_for not in criteria:
            check.bad(f"criterion '{c.name}'", "counts_for", "the name of an expected criterion")
    check.raise_if_any()
    return Criteria(
        criteria=criteria, stage_weights=stage_weights, opportunities=rules,
        experience=experience, difficulty=difficulty, resolved_outcomes=resolved,
        open_outcomes=still_open, sources=((*base.sources, source) if base else (source,)),
    )


def _rules(check: _Checker, opp: dict[str, Any], base: OpportunityRules | None) -> OpportunityRules:
    known = ("acknowledge_min_intensity", "default_intensity", "strong_intensity",
             "empathy_needed_probability")
    for key in sorted(set(opp) - set(known)):
        check.bad("section 'opportunities'", key, f"one of {', '.join(known)}")
    mins = dict(base.acknowledge_min_intensity) if base else {}
    table = opp.get("acknowledge_min_intensity", {})
    if not isinstance(table, dict):
        check.bad("section 'opportunities'", "acknowledge_min_intensity",
                  "a table of emotion group = intensity")
        table = {}
    for group, value in table.items():
        if group not in EMOTION_GROUPS:
            check.bad("section 'opportunities'", f"acknowledge_min_intensity.{group}",
                      f"an emotion group ({', '.join(EMOTION_GROUPS)})")
        elif check.unit(value, "section 'opportunities'", f"acknowledge_min_intensity.{group}"):
            mins[group] = float(value)
    values: dict[str, float] = {}
    for key in known[1:]:
        default = getattr(base, key) if base else getattr(OpportunityRules, key)
        value = opp.get(key, default)
        values[key] = float(value) if check.unit(value, "section 'opportunities'", key) else default
    return OpportunityRules(acknowledge_min_intensity=mins, **values)


class _Checker:
    """Collects every problem in a file so the user can fix them in one go."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.problems: list[Problem] = []

    def bad(self, record: str, field_name: str, expected: str) -> None:
        self.problems.append(Problem(self.source, record, field_name, expected))

    def raise_if_any(self) -> None:
        if self.problems:
            listed = "\n".join(f"  - {p}" for p in self.problems)
            raise ConfigError(f"{len(self.problems)} problem(s) in criteria file {self.source}:\n{listed}",
                              hint="docs/criteria.md lists every field and the values it takes")

    def unit(self, value: object, record: str, field_name: str) -> bool:
        ok = _is_number(value) and 0.0 <= float(value) <= 1.0  # type: ignore[arg-type]
        if not ok:
            self.bad(record, field_name, "a number from 0 to 1")
        return ok

    def numbers(self, table: object, section: str, *, allowed: tuple[str, ...],
                start: Mapping[str, float]) -> dict[str, float]:
        out = dict(start)
        if not isinstance(table, dict):
            self.bad(f"section '{section}'", "", "a table of name = number")
            return out
        for key, value in table.items():
            if key not in allowed:
                self.bad(f"section '{section}'", key, f"one of {', '.join(allowed)}")
            elif not _is_number(value) or float(value) < 0:
                self.bad(f"section '{section}'", key, "a number ≥ 0")
            else:
                out[key] = float(value)
        return out

    def words(self, table: object, key: str, start: frozenset[str]) -> frozenset[str]:
        if not isinstance(table, dict) or key not in table:
            return start
        value = table[key]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.bad("section 'resolution'", key, "a list of strings")
            return start
        return frozenset(v.strip().lower() for v in value)

    def criterion(self, name: str, entry: object, base: Criterion | None) -> Criterion | None:
        record = f"criterion '{name}'"
        if not _NAME.match(name):
            self.bad(record, "", "a name of lower-case letters, digits and _ starting with a letter")
            return None
        if not isinstance(entry, dict):
            self.bad(record, "", "a table of fields")
            return None
        before = len(self.problems)
        for key in sorted(set(entry) - _FIELDS):
            self.bad(record, key, f"one of {', '.join(sorted(_FIELDS))}")
        if base is not None and base.builtin:
            for key in sorted(_BUILTIN_FIXED & set(entry)):
                if key != "builtin" or entry[key] is not True:
                    self.bad(record, key, "not set: a built-in behaviour is detected by its head "
                             "(change its weight, points, cap, stage or when instead)")
        builtin = bool(entry.get("builtin", base.builtin if base else False))
        if builtin and base is None and name not in BEHAVIOURS:
            self.bad(record, "builtin", f"false: built-in behaviours are {', '.join(BEHAVIOURS)}")
        get = _Overlay(entry, base)
        kind = get.text("kind", "expected")
        stage = get.text("stage", "")
        when = get.text("when", "any")
        scope = get.text("scope", "reply")
        if kind not in KINDS:
            self.bad(record, "kind", f"one of {', '.join(KINDS)}")
        allowed_stages = (*STAGES, "empathy") if kind == "flag" else STAGES
        if stage not in allowed_stages:
            self.bad(record, "stage", f"one of {', '.join(allowed_stages)}")
        if when not in WHEN:
            self.bad(record, "when", f"one of {', '.join(WHEN)}")
        if scope not in SCOPES:
            self.bad(record, "scope", f"one of {', '.join(SCOPES)}")
        numbers: dict[str, float | None] = {}
        for key, default, top in (("weight", 1.0, None), ("credit", 0.0, 1.0),
                                  ("points", 0.0, None), ("cap", None, 100.0)):
            value = get.raw(key, default)
            if value is not None and (not _is_number(value) or float(value) < 0
                                      or (top is not None and float(value) > top)):
                self.bad(record, key, f"a number from 0 to {top:g}" if top else "a number ≥ 0")
                value = default
            numbers[key] = None if value is None else float(value)
        patterns = self._patterns(record, entry) if not builtin else ()
        if not builtin and not patterns and base is not None:
            patterns = base.patterns
        if not builtin and not patterns and len(self.problems) == before:
            self.bad(record, "phrases", "at least one phrase or pattern (or builtin = true)")
        counts_for = get.raw("counts_for", None)
        if kind == "partial" and not isinstance(counts_for, str):
            self.bad(record, "counts_for", "the name of an expected criterion")
        texts = {k: get.raw(k, "") for k in ("description", "suggest")}
        for key, value in texts.items():
            if not isinstance(value, str):
                self.bad(record, key, "a string")
        enabled = get.raw("enabled", True)
        if not isinstance(enabled, bool):
            self.bad(record, "enabled", "true or false")
        if len(self.problems) > before:
            return None
        return Criterion(
            name=name, kind=kind, stage=stage, description=str(texts["description"]), when=when,
            scope=scope, weight=float(numbers["weight"] or 0.0), credit=float(numbers["credit"] or 0.0),
            counts_for=counts_for if isinstance(counts_for, str) else None,
            points=float(numbers["points"] or 0.0), cap=numbers["cap"], builtin=builtin,
            patterns=patterns,
            suggest=str(texts["suggest"]) or None, enabled=bool(enabled),
        )

    def _patterns(self, record: str, entry: dict[str, Any]) -> tuple[re.Pattern[str], ...]:
        out: list[re.Pattern[str]] = []
        for key in ("phrases", "patterns"):
            items = entry.get(key, [])
            if not isinstance(items, list) or not all(isinstance(i, str) and i.strip() for i in items):
                self.bad(record, key, "a list of non-empty strings")
                continue
            for i, item in enumerate(items):
                source = _phrase_pattern(item) if key == "phrases" else item
                try:
                    out.append(re.compile(source, re.IGNORECASE))
                except re.error as exc:
                    self.bad(record, f"{key}[{i}]", f"a valid regular expression ({exc.msg})")
        return tuple(out)


class _Overlay:
    """A field from a team's entry, else from the built-in entry it overrides."""

    def __init__(self, entry: dict[str, Any], base: Criterion | None) -> None:
        self.entry = entry
        self.base = base

    def raw(self, key: str, default: object) -> Any:
        if key in self.entry:
            return self.entry[key]
        if self.base is not None:
            value = getattr(self.base, key)
            return value if value is not None or default is None else default
        return default

    def text(self, key: str, default: str) -> str:
        value = self.raw(key, default)
        return value if isinstance(value, str) else f"<{type(value).__name__}>"


def _phrase_pattern(phrase: str) -> str:
    """A case-insensitive whole-word pattern for a literal phrase; spaces match any spacing."""
    body = r"\s+".join(re.escape(w) for w in phrase.split())
    left = r"\b" if phrase.strip()[:1].isalnum() else ""
    right = r"\b" if phrase.strip()[-1:].isalnum() else ""
    return f"{left}{body}{right}"


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)
