"""Docs that can't drift: every setting and every CLI command is documented."""

from __future__ import annotations

import re
from pathlib import Path

from heartline.cli.main import app

ROOT = Path(__file__).resolve().parents[1]


def test_every_environment_setting_is_documented() -> None:
    used: set[str] = set()
    for path in list((ROOT / "src").rglob("*.py")) + list((ROOT / "tests").rglob("*.py")):
        used.update(re.findall(r"\"(HEARTLINE_[A-Z_]+)\"", path.read_text()))
    documented = (ROOT / "docs" / "settings.md").read_text()
    assert used, "the scan found no settings at all"
    assert sorted(v for v in used if f"`{v}`" not in documented) == []


def test_every_cli_command_is_documented() -> None:
    documented = (ROOT / "docs" / "cli.md").read_text()
    names = [c.name for c in app.registered_commands] + [g.name for g in app.registered_groups]
    assert names
    assert [n for n in names if f"## `heartline {n}" not in documented] == []


def test_every_error_is_documented() -> None:
    from heartline import errors

    documented = (ROOT / "docs" / "errors.md").read_text()
    classes = [n for n, v in vars(errors).items()
               if isinstance(v, type) and issubclass(v, errors.HeartlineError)]
    assert [c for c in classes if f"`{c}`" not in documented] == []
