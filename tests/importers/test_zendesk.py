"""The Zendesk importer: NDJSON full export, API responses with sideloads, broken files."""

from __future__ import annotations

from datetime import UTC, datetime

from importer_support import by_id, read

from heartline.conversation import Channel, Role


def test_full_export_ndjson() -> None:
    convs, problems = read("zendesk", "zendesk_export.ndjson")
    assert problems == []
    refund, chat, damaged = convs
    assert refund.id == "40211" and refund.source == "zendesk" and refund.channel is Channel.EMAIL
    assert refund.outcome == "solved" and refund.csat == 5.0
    assert refund.tags == ("refund", "billing", "vip")
    assert refund.customer == "1903344557711" and refund.agent_ids == ("421337000001",)
    assert refund.team == "360004441111"  # no groups sideloaded: the id is all there is
    assert refund.started_at == datetime(2024, 3, 11, 8, 2, 11, tzinfo=UTC)
    assert [m.role for m in refund.messages] == [Role.CUSTOMER, Role.AGENT, Role.AGENT, Role.CUSTOMER]
    assert [m.internal for m in refund.messages] == [False, True, False, False]
    assert "priya.natarajan@example.org" in refund.messages[0].text
    assert chat.channel is Channel.CHAT and chat.csat is None  # "offered" is no rating
    assert damaged.channel is Channel.TICKET and damaged.team is None and damaged.outcome == "pending"


def test_api_response_uses_sideloaded_users_and_groups() -> None:
    convs, problems = read("zendesk", "zendesk_tickets.json")
    assert problems == []
    tickets = by_id(convs)
    assert tickets["40211"].team == "Billing"
    login = tickets["40222"]
    assert login.team == "Accounts & Login"
    # The CC'd colleague is an end-user per the users list, so a customer, not an agent.
    cc = next(m for m in login.messages if m.author == "1903344557799")
    assert cc.role is Role.CUSTOMER
    assert login.agent_ids == ("421337000002",)
    # The attachment-only comment has no text and is left out.
    assert "9001160" not in {m.id for m in login.messages}


def test_single_ticket_with_comments() -> None:
    (conv,), problems = read("zendesk", "zendesk_ticket_comments.json")
    assert problems == []
    assert conv.id == "40213" and [m.id for m in conv.messages] == ["9001201", "9001202"]


def test_every_bad_ticket_is_reported_and_good_ones_still_read() -> None:
    convs, problems = read("zendesk", "zendesk_malformed.ndjson")
    assert [c.id for c in convs] == ["40212", "40213"]
    assert [(p.record, p.field) for p in problems] == [
        ("line 2 (ticket 50001)", "comments[1].created_at"),
        ("line 3 (ticket 40212)", "id"),
        ("line 4 (ticket 50002)", "comments[2].id"),
        ("line 5", ""),
        ("line 6 (ticket 50003)", "comments"),
        ("line 7 (ticket 50004)", "comments[0].body"),
    ]
    assert "duplicate" in problems[1].expected
    assert "100000" in problems[5].expected


def test_truncated_export_keeps_what_was_complete() -> None:
    convs, problems = read("zendesk", "zendesk_truncated.json")
    assert [c.id for c in convs] == ["40211"]
    assert [(p.record, p.field) for p in problems] == [("after tickets[0]", "")]


def test_unknown_user_role_is_a_problem_naming_the_field() -> None:
    convs, problems = read("zendesk", "zendesk_unknown_role.json")
    assert [(p.record, p.field) for p in problems] == [("users[1] (user 421337000002)", "role")]
    assert [c.id for c in convs] == ["40213"]


def test_utf16_export_reads_like_utf8() -> None:
    utf16, problems = read("zendesk", "zendesk_export_utf16.ndjson")
    utf8, _ = read("zendesk", "zendesk_export.ndjson")
    assert problems == [] and utf16 == utf8[:2]


def test_source_option_overrides_the_name() -> None:
    convs, _ = read("zendesk", "zendesk_ticket_comments.json", source="acme-zd")
    assert convs[0].source == "acme-zd"
