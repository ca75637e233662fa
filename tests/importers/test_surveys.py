"""The survey importer: CSAT/NPS ranges, optional columns, duplicates, mapping."""

from __future__ import annotations

from datetime import UTC, datetime

from importer_support import read


def test_survey_answers() -> None:
    answers, problems = read("surveys", "surveys.csv")
    assert problems == []
    assert [a.conversation_id for a in answers] == ["T-1001", "T-1002", "T-1003", "40211"]
    first = answers[0]
    assert (first.csat, first.nps, first.feeling) == (5, 10, "relieved")
    assert first.submitted_at == datetime(2024, 3, 4, 10, 2, tzinfo=UTC)
    assert answers[1].nps is None
    assert answers[1].submitted_at == datetime(2024, 3, 4, 11, 15, tzinfo=UTC)
    assert "020 7946 0321" in (answers[2].comment or "")  # redaction happens later, not here
    last = answers[3]
    assert (last.comment, last.feeling, last.submitted_at) == (None, None, None)
    assert all(a.source == "survey" for a in answers)


def test_each_bad_value_names_row_and_column() -> None:
    answers, problems = read("surveys", "surveys_malformed.csv")
    assert [a.conversation_id for a in answers] == ["S-4"]
    assert [(p.record, p.field) for p in problems] == [
        ("row 2", "csat"),             # 6 is out of range
        ("row 3", "nps"),              # "eleven"
        ("row 4", "csat"),             # missing
        ("row 6", "conversation_id"),  # a second answer for S-4
        ("row 7", "csat"),             # 4.5 is not a whole number
        ("row 8", "submitted_at"),
        ("row 9", "conversation_id"),  # blank
        ("row 10", "nps"),             # -1
    ]
    assert "eleven" not in problems[1].expected


def test_mapping_semicolons_and_cp1252() -> None:
    mapping = {"conversation_id": "ConversationRef", "csat": "Satisfaction", "comment": "Comments"}
    (answer,), problems = read("surveys", "surveys_mapped_cp1252.csv", mapping=mapping, source="zendesk")
    assert problems == []
    assert (answer.conversation_id, answer.csat, answer.comment) == ("Z-9", 5, "Très bien, merci Chloé")
    assert answer.source == "zendesk"


def test_missing_required_column() -> None:
    answers, problems = read("surveys", "surveys_mapped_cp1252.csv")
    assert answers == []
    assert {(p.record, p.field) for p in problems} == {
        ("header (row 1)", "conversation_id"), ("header (row 1)", "csat")}
