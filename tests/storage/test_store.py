from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import inspect

from heartline.conversation import Channel, Conversation, Message, Role, SurveyResponse
from heartline.storage.store import Store

T0 = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


def conv(cid: str, *texts: str, source: str = "test") -> Conversation:
    msgs = tuple(
        Message(id=f"{cid}-{i}", role=Role.CUSTOMER if i % 2 == 0 else Role.AGENT, text=t,
                author="cust-1" if i % 2 == 0 else "maya", sent_at=T0 + timedelta(minutes=i))
        for i, t in enumerate(texts)
    )
    return Conversation(id=cid, source=source, channel=Channel.CHAT, messages=msgs,
                        team="Orders", tags=("refund",), csat=4.0)


def test_write_and_read_back(store: Store) -> None:
    original = conv("c1", "My blender arrived broken.", "I'm sorry, let's get you a new one.")
    with store.writer() as w:
        w.write_conversations([original])
    assert store.get_conversation("test", "c1") == original
    assert store.count() == {"conversations": 1, "messages": 2, "surveys": 0}


def test_timestamps_come_back_aware_utc(store: Store) -> None:
    with store.writer() as w:
        w.write_conversations([conv("c1", "hello")])
    got = store.get_conversation("test", "c1")
    assert got is not None and got.messages[0].sent_at == T0
    assert got.messages[0].sent_at.tzinfo is not None


def test_rewrite_is_idempotent_and_changes_replace(store: Store) -> None:
    with store.writer() as w:
        w.write_conversations([conv("c1", "a", "b"), conv("c2", "x")])
    with store.writer() as w:
        w.write_conversations([conv("c1", "a", "b"), conv("c2", "x", "y", "z")])
        counts = w.counts
    assert (counts.inserted, counts.updated, counts.unchanged) == (0, 1, 1)
    assert store.count()["messages"] == 5
    got = store.get_conversation("test", "c2")
    assert got is not None and [m.text for m in got.messages] == ["x", "y", "z"]


def test_same_id_from_two_sources_are_two_conversations(store: Store) -> None:
    with store.writer() as w:
        w.write_conversations([conv("c1", "a", source="zendesk"), conv("c1", "a", source="intercom")])
    assert store.count()["conversations"] == 2


def test_error_inside_writer_rolls_everything_back(store: Store) -> None:
    with store.writer() as w:
        w.write_conversations([conv("c0", "kept")])
    with pytest.raises(KeyboardInterrupt), store.writer() as w:
        w.write_conversations([conv("c1", "a"), conv("c2", "b")])
        raise KeyboardInterrupt  # an import interrupted half-way
    assert store.count() == {"conversations": 1, "messages": 1, "surveys": 0}


def test_iter_conversations_streams_in_chunks(store: Store) -> None:
    batch = [conv(f"c{i}", f"text {i}", "reply") for i in range(23)]
    with store.writer() as w:
        w.write_conversations(batch)
    assert list(store.iter_conversations(chunk=5)) == batch


def test_surveys_are_replaced_by_key(store: Store) -> None:
    with store.writer() as w:
        w.write_surveys([SurveyResponse("c1", csat=2, feeling="ignored")])
    with store.writer() as w:
        w.write_surveys([SurveyResponse("c1", csat=4, feeling="relieved"), SurveyResponse("c2", csat=5)])
    got = sorted(store.iter_surveys(), key=lambda s: s.conversation_id)
    assert [(s.conversation_id, s.csat, s.feeling) for s in got] == [("c1", 4, "relieved"), ("c2", 5, None)]


def test_reopening_does_not_migrate_again(database_url: str) -> None:
    Store.open(database_url).close()
    s = Store.open(database_url)
    try:
        names = set(inspect(s.engine).get_table_names())
    finally:
        s.close()
    assert {"conversations", "messages", "surveys", "import_runs", "alembic_version"} <= names
