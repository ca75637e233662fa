"""The generic CSV importer: column mapping, grouping out-of-order rows, row problems."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from importer_support import by_id, read

from heartline.conversation import Channel, Role
from heartline.errors import InvalidInputError

MAPPED = {"text": "body", "role": "sender_type", "conversation_id": "ticket", "sent_at": "created",
          "author": "user", "message_id": "id", "channel": "medium"}


def test_rows_of_a_conversation_are_grouped_and_ordered_by_time() -> None:
    convs, problems = read("csv", "messages.csv")
    assert problems == []
    assert [c.id for c in convs] == ["T-1001", "T-1002", "T-1003"]
    billing = by_id(convs)["T-1001"]
    # m3 comes before m2 in the file but was sent after it.
    assert [m.id for m in billing.messages] == ["m1", "m2", "m3"]
    assert [m.role for m in billing.messages] == [Role.CUSTOMER, Role.AGENT, Role.CUSTOMER]
    assert billing.customer == "cust-5521" and billing.agent_ids == ("ag-204",)
    assert billing.team == "Billing" and billing.csat == 5.0
    assert billing.tags == ("billing", "double-charge")
    assert billing.source == "csv" and billing.channel is Channel.CHAT
    assert "dana.kowalski@example.com" in billing.messages[0].text  # importers never redact


def test_time_zones_and_formats_are_normalised_to_utc() -> None:
    convs = by_id(read("csv", "messages.csv")[0])
    assert convs["T-1002"].messages[0].sent_at == datetime(2024, 3, 4, 9, 1, 44, tzinfo=UTC)
    assert convs["T-1003"].messages[0].sent_at == datetime(2024, 3, 4, 11, 30, tzinfo=UTC)
    assert convs["T-1003"].tags == ("delivery",) and convs["T-1003"].channel is Channel.EMAIL
    assert convs["T-1002"].tags == ("connectivity", "firmware")


def test_default_tz_applies_to_naive_timestamps() -> None:
    convs, _ = read("csv", "messages.csv", default_tz=timezone(timedelta(hours=-5)))
    assert by_id(convs)["T-1003"].messages[1].sent_at == datetime(2024, 3, 4, 18, 2, tzinfo=UTC)


def test_mapping_semicolons_and_role_aliases() -> None:
    convs, problems = read("csv", "messages_mapped.csv", mapping=MAPPED)
    assert problems == []
    invoice, delivery = convs
    assert invoice.id == "88231" and invoice.channel is Channel.EMAIL
    assert [m.role for m in invoice.messages] == [Role.CUSTOMER, Role.AGENT]
    assert invoice.customer == "u-44" and invoice.agent_ids == ("a-9",)
    assert [m.role for m in delivery.messages] == [Role.CUSTOMER, Role.BOT]


def test_tab_delimited_and_default_message_ids_are_row_numbers() -> None:
    (conv,), problems = read("csv", "messages_tabs.tsv")
    assert problems == []
    assert [m.id for m in conv.messages] == ["2", "3"]
    assert conv.messages[0].sent_at == datetime(2024, 3, 4, 11, 0, tzinfo=UTC)


def test_unknown_role_rejects_its_conversation_only() -> None:
    convs, problems = read("csv", "messages_unknown_role.csv")
    assert [c.id for c in convs] == ["A2"]
    assert [(p.record, p.field) for p in problems] == [("row 3 (conversation A1)", "role")]


def test_duplicate_message_ids() -> None:
    convs, problems = read("csv", "messages_duplicate_ids.csv")
    assert [c.id for c in convs] == ["D2"]
    assert [(p.record, p.field) for p in problems] == [("row 4 (conversation D1)", "message_id")]
    assert "duplicate" in problems[0].expected


def test_bad_timestamps_are_reported_per_row_without_quoting_them() -> None:
    convs, problems = read("csv", "messages_bad_timestamps.csv")
    assert [c.id for c in convs] == ["B3"]
    assert [(p.record, p.field) for p in problems] == [
        ("row 2 (conversation B1)", "sent_at"), ("row 4 (conversation B2)", "sent_at")]
    assert "yesterday" not in problems[1].expected


def test_missing_columns_are_header_problems() -> None:
    convs, problems = read("csv", "messages_missing_columns.csv")
    assert convs == []
    assert {p.field for p in problems} == {"conversation_id", "role", "text"}
    assert {p.record for p in problems} == {"header (row 1)"}


def test_mapping_to_an_absent_column_or_unknown_field() -> None:
    mapping = {"conversation_id": "ticket", "role": "sender", "text": "body", "csat": "score",
               "txt": "body"}
    convs, problems = read("csv", "messages_missing_columns.csv", mapping=mapping)
    assert convs == []
    assert {(p.record, p.field) for p in problems} == {("header (row 1)", "csat"), ("mapping", "txt")}


def test_huge_message_is_a_problem_not_truncated() -> None:
    convs, problems = read("csv", "messages_huge.csv")
    assert [c.id for c in convs] == ["H2"]
    assert [(p.field, p.record) for p in problems] == [("text", "row 2 (conversation H1)")]
    assert "100000" in problems[0].expected


def test_cp1252_and_utf16_files_read_the_same() -> None:
    cp, _ = read("csv", "messages_cp1252.csv")
    u16, _ = read("csv", "messages_utf16.csv")
    assert cp == u16
    assert "arrivé" in cp[0].messages[0].text and "Désolé" in cp[0].messages[1].text


def test_row_with_too_many_values_and_empty_text(tmp_path: Path) -> None:
    path = tmp_path / "m.csv"
    path.write_text("conversation_id,role,text\nX,customer,hello, there\nY,agent,\nZ,agent,ok\n")
    convs, problems = read("csv", path)
    assert [c.id for c in convs] == ["Z"]
    assert [(p.record, p.field) for p in problems] == [("row 2", ""), ("row 3 (conversation Y)", "text")]



def test_empty_file_is_invalid_input() -> None:
    with pytest.raises(InvalidInputError) as info:
        read("csv", "empty.csv")
    assert "non-empty" in str(info.value)
