"""docs/redaction.md documents every kind, setting and public name of the redactor."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import heartline.redaction as redaction
from heartline.redaction import BUILTIN_KINDS, DEFAULT_ID_PATTERNS, IdPattern, RedactionConfig

DOC = (Path(__file__).resolve().parents[2] / "docs" / "redaction.md").read_text()


def test_every_label_is_documented() -> None:
    labels = set(BUILTIN_KINDS) | {p.label for p in DEFAULT_ID_PATTERNS}
    assert sorted(label for label in labels if f"`[{label}]`" not in DOC) == []


def test_every_setting_is_documented() -> None:
    fields = [f.name for cls in (RedactionConfig, IdPattern) for f in dataclasses.fields(cls)]
    assert [name for name in fields if f"`{name}`" not in DOC] == []


def test_every_public_name_is_documented() -> None:
    assert [name for name in redaction.__all__ if name not in DOC] == []


def test_the_commands_behind_the_figures_are_given() -> None:
    assert "benchmarks/bench_redaction.py --quality" in DOC
    assert "benchmarks/bench_redaction.py`" in DOC
