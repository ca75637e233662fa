from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from heartline.errors import InvalidInputError
from heartline.importers import IMPORTERS, ReadOptions, register
from heartline.importers.base import Item
from heartline.importers.jsonl import JsonlImporter
from heartline.pseudonyms import Pseudonymizer
from heartline.redaction import Redactor
from heartline.services.importing import Privacy, import_file
from heartline.storage.store import Store

KEY = b"k" * 32
PRIVACY = Privacy(redactor=Redactor(), pseudonymize=Pseudonymizer(KEY))


def write_jsonl(path: Path, conversations: list[dict[str, object]]) -> Path:
    path.write_text("".join(json.dumps(c) + "\n" for c in conversations))
    return path


def chat(cid: str, text: str = "my order never came", customer: str = "jane@example.com") -> dict[str, object]:
    return {"id": cid, "source": "t", "customer": customer, "messages": [
        {"id": "1", "role": "customer", "author": customer, "text": text},
        {"id": "2", "role": "agent", "author": "maya", "text": "Let me look into that for you."},
    ]}


def test_pii_is_redacted_and_customer_pseudonymised_before_storage(store: Store, tmp_path: Path) -> None:
    f = write_jsonl(tmp_path / "c.jsonl", [chat("c1", "Call me on +44 20 7946 0958 or mail jane.doe@example.com")])
    report = import_file(store, f, privacy=PRIVACY)
    conv = store.get_conversation("t", "c1")
    assert conv is not None
    assert conv.messages[0].text == "Call me on [PHONE] or mail [EMAIL]"
    assert conv.customer == conv.messages[0].author == Pseudonymizer(KEY)("jane@example.com")
    assert conv.customer is not None and "jane" not in conv.customer
    assert report.redactions == {"PHONE": 1, "EMAIL": 1}


def test_no_redact_keeps_text_but_still_pseudonymises(store: Store, tmp_path: Path) -> None:
    f = write_jsonl(tmp_path / "c.jsonl", [chat("c1", "mail jane.doe@example.com")])
    import_file(store, f, privacy=Privacy(redactor=None, pseudonymize=Pseudonymizer(KEY)))
    conv = store.get_conversation("t", "c1")
    assert conv is not None and conv.messages[0].text == "mail jane.doe@example.com"
    assert conv.customer is not None and conv.customer.startswith("cust-")


def test_reimport_is_idempotent(store: Store, tmp_path: Path) -> None:
    f = write_jsonl(tmp_path / "c.jsonl", [chat("c1"), chat("c2")])
    first = import_file(store, f, privacy=PRIVACY)
    again = import_file(store, f, privacy=PRIVACY)
    assert (first.inserted, again.inserted, again.unchanged) == (2, 0, 2)
    assert store.count() == {"conversations": 2, "messages": 4, "surveys": 0}


def test_one_bad_record_rejects_the_file_and_names_every_problem(store: Store, tmp_path: Path) -> None:
    f = tmp_path / "bad.jsonl"
    f.write_text(
        json.dumps(chat("c1")) + "\n"
        + json.dumps({"id": "c2", "messages": [{"id": "1", "role": "wizard", "text": "x"}]}) + "\n"
        + '{"id": "c3", "messages": [\n'
    )
    with pytest.raises(InvalidInputError) as err:
        import_file(store, f, privacy=PRIVACY)
    where = [(p.record, p.field) for p in err.value.problems]
    assert where == [("line 2", "messages[0].role"), ("line 3", "")]
    assert "bad.jsonl, line 2, field 'messages[0].role'" in str(err.value)
    assert store.count()["conversations"] == 0


def test_skip_invalid_imports_the_rest_and_reports(store: Store, tmp_path: Path) -> None:
    f = tmp_path / "bad.jsonl"
    f.write_text(json.dumps(chat("c1")) + "\n{not json\n" + json.dumps(chat("c3")) + "\n")
    report = import_file(store, f, privacy=PRIVACY, skip_invalid=True)
    assert (report.inserted, report.skipped) == (2, 1)
    assert report.problems[0].record == "line 2"


class _Exploding:
    """An importer that dies half-way, as a killed process would."""

    name = "exploding"
    kind = "conversations"

    def sniff(self, path: Path, head: bytes) -> bool:
        return False

    def read(self, path: Path, options: ReadOptions) -> Iterator[Item]:
        yield from JsonlImporter().read(path, options)
        raise KeyboardInterrupt


def test_interrupted_import_leaves_database_as_before(store: Store, tmp_path: Path) -> None:
    import heartline.services.importing as importing

    f = write_jsonl(tmp_path / "c.jsonl", [chat(f"c{i}") for i in range(importing.BATCH + 10)])
    register(_Exploding())
    try:
        with pytest.raises(KeyboardInterrupt):
            import_file(store, f, privacy=PRIVACY, format="exploding")
    finally:
        IMPORTERS.pop("exploding")
    assert store.count() == {"conversations": 0, "messages": 0, "surveys": 0}
