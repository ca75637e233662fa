"""The Intercom importer: API conversation objects, HTML bodies, event parts, notes."""

from __future__ import annotations

from datetime import UTC, datetime

from importer_support import read

from heartline.conversation import Channel, Role


def test_conversation_list_page() -> None:
    convs, problems = read("intercom", "intercom_conversations.json")
    assert problems == []
    upgrade, parcel, trial = convs
    assert upgrade.id == "1911149811" and upgrade.source == "intercom"
    assert upgrade.started_at == datetime(2024, 3, 11, 10, 0, tzinfo=UTC)
    assert upgrade.team == "5017691" and upgrade.outcome == "closed" and upgrade.csat == 5.0
    assert upgrade.tags == ("billing", "plan-upgrade")
    assert upgrade.customer == "65f0a1b2c3d4e5f601234567" and upgrade.agent_ids == ("7340921",)
    # assignment and close parts have no body: events, not messages
    assert [m.id for m in upgrade.messages] == ["273021401", "21001", "21003", "21004", "21005"]
    assert [m.role for m in upgrade.messages] == [
        Role.CUSTOMER, Role.BOT, Role.AGENT, Role.AGENT, Role.CUSTOMER]
    assert [m.internal for m in upgrade.messages] == [False, False, True, False, False]
    assert parcel.channel is Channel.EMAIL and parcel.outcome == "open" and parcel.csat is None
    assert trial.team is None and trial.messages[0].role is Role.AGENT  # admin-initiated
    assert trial.customer == "65f0a1b2c3d4e5f609999999"  # the lead


def test_html_becomes_plain_text() -> None:
    convs, _ = read("intercom", "intercom_conversations.json")
    opening = convs[0].messages[0].text
    assert opening == ("Hi! I upgraded to Pro yesterday but I'm still seeing the Basic limits & "
                       "my invoice shows the old plan.\nAccount email: sofia.marin@example.com")
    assert convs[2].messages[2].text == "Go to Contacts > Export.\nIt emails you the file."
    assert "+44 20 7946 0958" in convs[1].messages[0].text and "<" not in convs[1].messages[0].text


def test_ndjson_reads_like_the_page() -> None:
    ndjson, problems = read("intercom", "intercom_conversations.ndjson")
    page, _ = read("intercom", "intercom_conversations.json")
    assert problems == [] and ndjson == page[:2]


def test_bad_conversations_are_each_reported() -> None:
    convs, problems = read("intercom", "intercom_malformed.json")
    assert [c.id for c in convs] == ["1911149811", "1911149833"]
    assert [(p.record, p.field) for p in problems] == [
        ("conversations[1] (conversation 1911149900)", "conversation_parts[3].author.type"),
        ("conversations[2] (conversation 1911149901)", "conversation_parts[0].created_at"),
        ("conversations[3] (conversation 1911149811)", "id"),
        ("conversations[4] (conversation 1911149902)", "conversation_rating.rating"),
        ("conversations[5] (conversation 1911149903)", "conversation_parts[1].id"),
    ]
