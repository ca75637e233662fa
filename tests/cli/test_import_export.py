"""The CLI as a user runs it: real processes, real exit codes, both databases."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "native" / "example.jsonl"


def heartline(*args: str, db: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HEARTLINE_DATA_DIR": str(tmp_path / "data"), "HEARTLINE_DATABASE_URL": db}
    return subprocess.run([sys.executable, "-m", "heartline", *args], capture_output=True,
                          text=True, env=env, timeout=120)


def test_import_export_import_round_trip(database_url: str, tmp_path: Path) -> None:
    first = heartline("import", str(EXAMPLE), db=database_url, tmp_path=tmp_path)
    assert first.returncode == 0, first.stderr
    assert "conversations new" in first.stdout
    out = tmp_path / "export.jsonl"
    exported = heartline("export", "-o", str(out), db=database_url, tmp_path=tmp_path)
    assert exported.returncode == 0, exported.stderr
    again = heartline("import", str(out), db=database_url, tmp_path=tmp_path)
    assert again.returncode == 0, again.stderr
    # Exported data re-imports as unchanged: the round trip is lossless.
    assert _row(again.stdout, "conversations unchanged") == "3"
    assert _row(again.stdout, "conversations new") == "0"
    second = tmp_path / "export2.jsonl"
    heartline("export", "-o", str(second), db=database_url, tmp_path=tmp_path)
    assert out.read_text() == second.read_text()
    assert len(out.read_text().splitlines()) == 3


def _row(table: str, label: str) -> str:
    for line in table.splitlines():
        if label in line:
            return line.replace("│", " ").split()[-1]
    raise AssertionError(f"{label!r} not in output")


def test_invalid_file_exits_3_and_names_the_record(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "c1", "messages": [{"id": "1", "role": "wizard", "text": "x"}]}\n')
    res = heartline("import", str(bad), "--format", "jsonl", db=f"sqlite:///{tmp_path}/h.db", tmp_path=tmp_path)
    assert res.returncode == 3
    assert "bad.jsonl, line 1, field 'messages[0].role'" in res.stderr
    assert "--skip-invalid" in res.stderr


def test_unknown_format_exits_2_with_the_choices(tmp_path: Path) -> None:
    res = heartline("import", str(EXAMPLE), "--format", "fax", db=f"sqlite:///{tmp_path}/h.db", tmp_path=tmp_path)
    assert res.returncode == 2
    assert "unknown format 'fax'" in res.stderr and "jsonl" in res.stderr


def test_unreachable_database_exits_4(tmp_path: Path) -> None:
    res = heartline("import", str(EXAMPLE), db="postgresql://nobody@127.0.0.1:1/none", tmp_path=tmp_path)
    assert res.returncode == 4
    assert "cannot connect" in res.stderr


def test_export_writes_native_jsonl_to_stdout(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path}/h.db"
    heartline("import", str(EXAMPLE), db=db, tmp_path=tmp_path)
    res = heartline("export", db=db, tmp_path=tmp_path)
    assert res.returncode == 0
    ids = [json.loads(line)["id"] for line in res.stdout.splitlines()]
    assert ids == ["c-1001", "c-1002", "c-1003"]


@pytest.mark.parametrize("args", [["--help"], ["import", "--help"], ["export", "--help"]])
def test_help_explains(args: list[str], tmp_path: Path) -> None:
    res = heartline(*args, db=f"sqlite:///{tmp_path}/h.db", tmp_path=tmp_path)
    assert res.returncode == 0
    assert "Usage" in res.stdout


def test_survey_answers_that_join_nothing_are_pointed_out(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 's.db'}"
    assert heartline("import", str(EXAMPLE), db=db, tmp_path=tmp_path).returncode == 0
    ids = [json.loads(line)["id"] for line in EXAMPLE.read_text().splitlines()]
    source = json.loads(EXAMPLE.read_text().splitlines()[0]).get("source", "jsonl")
    surveys = tmp_path / "surveys.csv"
    surveys.write_text("conversation_id,csat\n" + "".join(f"{i},4\n" for i in ids))
    lost = heartline("import", str(surveys), "--format", "surveys", db=db, tmp_path=tmp_path)
    assert lost.returncode == 0, lost.stderr
    assert "matches a stored conversation" in lost.stderr and f"'{source}'" in lost.stderr
    joined = heartline("import", str(surveys), "--format", "surveys", "--source", source, db=db, tmp_path=tmp_path)
    assert joined.returncode == 0 and "matches a stored" not in joined.stderr
    assert f"({len(ids)} of {len(ids)} stored join a conversation)" in joined.stdout
