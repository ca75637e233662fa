"""Format detection: every fixture is claimed by its own importer, garbage by none."""

from __future__ import annotations

from pathlib import Path

import pytest
from importer_support import FIXTURES

from heartline.errors import UnknownFormatError
from heartline.importers import detect_format

EXPECTED = {
    "csv": ["messages.csv", "messages_tabs.tsv", "messages_unknown_role.csv",
            "messages_duplicate_ids.csv", "messages_bad_timestamps.csv", "messages_huge.csv",
            "messages_cp1252.csv", "messages_utf16.csv"],
    "zendesk": ["zendesk_export.ndjson", "zendesk_tickets.json", "zendesk_ticket_comments.json",
                "zendesk_malformed.ndjson", "zendesk_truncated.json", "zendesk_unknown_role.json",
                "zendesk_export_utf16.ndjson"],
    "intercom": ["intercom_conversations.json", "intercom_conversations.ndjson",
                 "intercom_malformed.json"],
    "freshdesk": ["freshdesk_tickets.json", "freshdesk_malformed.json", "freshdesk_cp1252.json"],
    "twcs": ["twcs_sample.csv", "twcs_sample.jsonl", "twcs_malformed.csv"],
    "transcript": ["whisper.json", "whisper_no_speakers.json", "aws_transcribe.json",
                   "aws_transcribe_truncated.json", "call.txt", "call_untimed.txt",
                   "call_unknown_speaker.txt"],
    "surveys": ["surveys.csv", "surveys_malformed.csv"],
}
CASES = [(fmt, name) for fmt, names in EXPECTED.items() for name in names]


@pytest.mark.parametrize(("fmt", "name"), CASES)
def test_fixture_is_detected_as_its_format(fmt: str, name: str) -> None:
    assert detect_format(FIXTURES / name).name == fmt


def test_every_fixture_is_in_the_table() -> None:
    # Files that need --format (custom column names) or are not a layout at all.
    undetectable = {"messages_mapped.csv", "messages_missing_columns.csv",
                    "surveys_mapped_cp1252.csv", "empty.csv"}
    listed = {name for _, name in CASES}
    assert {p.name for p in FIXTURES.iterdir()} == listed | undetectable


def test_native_jsonl_example_is_still_detected() -> None:
    example = Path(__file__).resolve().parents[2] / "examples" / "native" / "example.jsonl"
    assert detect_format(example).name == "jsonl"


GARBAGE = {
    "empty.bin": b"",
    "random.bin": bytes(range(256)) * 40,
    "image.png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 64,
    "prose.txt": b"Dear team,\nthank you for the lovely service last week.\nBest, Ann\n",
    "other.json": b'{"name": "widget", "price": 9.99, "tags": ["a", "b"]}\n',
    "array.json": b'[{"sku": "A-1", "qty": 3}, {"sku": "B-2", "qty": 1}]',
    "sales.csv": b"date,region,revenue\n2024-01-01,EMEA,1200\n",
    "ids.csv": b"conversation_id,agent,team\n1,a-1,Billing\n",
}


@pytest.mark.parametrize("name", sorted(GARBAGE))
def test_garbage_is_claimed_by_no_format(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(GARBAGE[name])
    with pytest.raises(UnknownFormatError):
        detect_format(path)
