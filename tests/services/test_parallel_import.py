"""Large JSONL files read by worker processes store exactly what one process would."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from heartline.errors import InvalidInputError
from heartline.native import to_dict
from heartline.pseudonyms import Pseudonymizer
from heartline.redaction import Redactor
from heartline.services import parallel_import
from heartline.services.importing import Privacy, import_file
from heartline.storage.store import Store

PRIVACY = Privacy(redactor=Redactor(), pseudonymize=Pseudonymizer(b"p" * 32))


@pytest.fixture
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make any file 'large' and cut it into many chunks, so the tests stay small."""
    monkeypatch.setattr(parallel_import, "MIN_BYTES", 0)
    monkeypatch.setattr(parallel_import, "CHUNK_BYTES", 700)


def _conversations(n: int) -> list[dict[str, object]]:
    return [{"id": f"c{i}", "source": "p", "customer": f"cust{i}@example.com", "channel": "email",
             "messages": [
                 {"id": "1", "role": "customer", "author": f"cust{i}@example.com",
                  "text": f"Order {i} never came, call me on +44 20 7946 09{i % 100:02d}",
                  "sent_at": "2026-03-02T09:30:00+01:00"},
                 {"id": "2", "role": "agent", "author": "maya", "text": "I'm sorry, I'll chase it now.",
                  "sent_at": "2026-03-02T09:35:00Z"}]}
            for i in range(n)]


def _write(path: Path, rows: list[object]) -> Path:
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in rows), encoding="utf-8")
    return path


def _dump(store: Store) -> list[dict[str, object]]:
    return [to_dict(c) for c in store.iter_conversations()]


def test_parallel_import_stores_what_a_serial_import_stores(
        store: Store, tmp_path: Path, small_chunks: None, database_url: str) -> None:
    f = _write(tmp_path / "c.jsonl", _conversations(60))
    parallel = import_file(store, f, privacy=PRIVACY, workers=2)
    stored = _dump(store)
    serial_store = Store.open(f"sqlite:///{tmp_path / 'serial.db'}") if "sqlite" in database_url else None
    if serial_store is not None:
        serial = import_file(serial_store, f, privacy=PRIVACY, workers=1)
        assert _dump(serial_store) == stored
        assert serial.redactions == parallel.redactions
        serial_store.close()
    assert parallel.inserted == 60 and parallel.messages == 120
    assert parallel.redactions["PHONE"] == 60
    assert stored[7]["messages"][0]["text"] == "Order 7 never came, call me on [PHONE]"  # type: ignore[index]
    again = import_file(store, f, privacy=PRIVACY, workers=2)
    assert again.unchanged == 60 and again.inserted == 0


def test_problems_name_their_lines_and_nothing_is_written(store: Store, tmp_path: Path, small_chunks: None) -> None:
    rows: list[object] = [*_conversations(30)]
    rows[11] = '{"id": "broken", "messages": ['
    rows[25] = {**_conversations(30)[3]}  # the id of line 4 again
    f = _write(tmp_path / "c.jsonl", rows)
    with pytest.raises(InvalidInputError) as err:
        import_file(store, f, privacy=PRIVACY, workers=2)
    where = {(p.record, p.field) for p in err.value.problems}
    assert where == {("line 12", ""), ("line 26", "id")}
    assert store.count()["conversations"] == 0


def test_skip_invalid_keeps_the_rest(store: Store, tmp_path: Path, small_chunks: None) -> None:
    rows: list[object] = [*_conversations(30)]
    rows[20] = '{"id": "x", "messages": [{"id": "1", "role": "robot", "text": "hi"}]}'
    f = _write(tmp_path / "c.jsonl", rows)
    report = import_file(store, f, privacy=PRIVACY, workers=2, skip_invalid=True)
    assert report.inserted == 29 and report.skipped == 1
    assert report.problems[0].record == "line 21" and report.problems[0].field == "messages[0].role"


def test_lines_ending_in_a_lone_carriage_return_are_read_like_any_other(
        store: Store, tmp_path: Path, small_chunks: None) -> None:
    f = tmp_path / "mac.jsonl"
    f.write_bytes(b"".join(json.dumps(c).encode() + b"\r" for c in _conversations(20)))
    assert import_file(store, f, privacy=PRIVACY, workers=2).inserted == 20
