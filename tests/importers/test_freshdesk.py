"""The Freshdesk importer: description as first message, numeric codes, incoming/private."""

from __future__ import annotations

from datetime import UTC, datetime

from importer_support import read

from heartline.conversation import Channel, Role


def test_tickets_with_conversations() -> None:
    convs, problems = read("freshdesk", "freshdesk_tickets.json")
    assert problems == []
    headphones = convs[0]
    assert headphones.id == "2051" and headphones.source == "freshdesk"
    assert headphones.channel is Channel.EMAIL and headphones.outcome == "resolved"
    assert headphones.team == "80000022222" and headphones.tags == ("warranty", "gx-40")
    assert headphones.customer == "80012345671" and headphones.agent_ids == ("80000000011",)
    first = headphones.messages[0]
    assert (first.id, first.role, first.author) == ("description", Role.CUSTOMER, "80012345671")
    assert first.sent_at == datetime(2024, 4, 2, 7, 45, 12, tzinfo=UTC)
    assert "hannah.lee@example.com" in first.text
    assert [m.internal for m in headphones.messages] == [False, True, False, False, False]
    assert headphones.messages[3].role is Role.CUSTOMER  # an incoming reply


def test_status_and_source_codes_and_requester_replies() -> None:
    _, chat, phone = read("freshdesk", "freshdesk_tickets.json")[0]
    assert chat.channel is Channel.CHAT and chat.outcome == "closed"
    # Not marked incoming, but written by the requester: the customer.
    assert chat.messages[-1].role is Role.CUSTOMER
    assert chat.started_at == datetime(2024, 4, 2, 10, 0, tzinfo=UTC)  # +02:00 normalised
    # Empty description: the conversation starts with the agent's private call note.
    assert phone.channel is Channel.PHONE and phone.outcome == "open"
    assert [(m.role, m.internal) for m in phone.messages] == [(Role.AGENT, True)]
    assert phone.agent_ids == ("80000000012",)


def test_bad_tickets_are_each_reported() -> None:
    convs, problems = read("freshdesk", "freshdesk_malformed.json")
    assert [c.id for c in convs] == ["2051", "3004"]
    assert [(p.record, p.field) for p in problems] == [
        ("[1] (ticket 3001)", "conversations[0].incoming"),
        ("[2] (ticket 3002)", "created_at"),
        ("[3] (ticket 2051)", "id"),
        ("[4] (ticket 3003)", "description_text"),
    ]
    custom = convs[1]
    assert custom.outcome == "status 7" and custom.channel is Channel.TICKET  # unknown codes kept


def test_cp1252_export() -> None:
    (conv,), problems = read("freshdesk", "freshdesk_cp1252.json")
    assert problems == []
    assert "désolé – sorry" in conv.messages[1].text
