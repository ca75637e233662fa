from __future__ import annotations

import contextlib
import json
from datetime import UTC, datetime
from pathlib import Path

import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st

from heartline import native
from heartline.conversation import Channel, Conversation, Message, Role

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = json.loads((ROOT / "schemas" / "conversation.schema.json").read_text())
EXAMPLE = ROOT / "examples" / "native" / "example.jsonl"


def test_example_file_matches_schema_and_parses() -> None:
    for line in EXAMPLE.read_text().splitlines():
        data = json.loads(line)
        jsonschema.validate(data, SCHEMA)
        conv = native.from_dict(data)
        jsonschema.validate(native.to_dict(conv), SCHEMA)
        assert native.from_dict(native.to_dict(conv)) == conv


def test_defaults_are_derived_from_messages() -> None:
    conv = native.from_dict(json.loads(EXAMPLE.read_text().splitlines()[0]))
    assert conv.started_at == datetime(2026, 3, 2, 9, 30, 12, tzinfo=UTC)
    assert conv.agent_ids == ("maya.k",)
    assert conv.first_response_seconds() == 88.0


def test_offsets_are_normalised_to_utc() -> None:
    conv = native.from_dict(json.loads(EXAMPLE.read_text().splitlines()[1]))
    assert conv.messages[0].sent_at == datetime(2026, 3, 3, 7, 2, tzinfo=UTC)
    assert conv.messages[2].internal
    # Internal notes are not replies the customer waited for.
    assert conv.response_times() == [(32 * 3600 + 43 * 60)]


@pytest.mark.parametrize(("patch", "field"), [
    ({"id": ""}, "id"),
    ({"messages": "hello"}, "messages"),
    ({"channel": "pigeon"}, "channel"),
    ({"csat": 7}, "csat"),
    ({"messages": [{"id": "m1", "role": "wizard", "text": "hi"}]}, "messages[0].role"),
    ({"messages": [{"id": "m1", "role": "agent", "text": 5}]}, "messages[0].text"),
    ({"messages": [{"id": "m1", "role": "agent", "text": "a", "sent_at": "yesterday-ish"}]}, "messages[0].sent_at"),
    ({"messages": [{"id": "m1", "role": "agent", "text": "a"}, {"id": "m1", "role": "agent", "text": "b"}]}, "messages[1].id"),
])
def test_invalid_fields_are_named(patch: dict[str, object], field: str) -> None:
    data = {"id": "c1", "messages": [{"id": "m1", "role": "customer", "text": "hi"}], **patch}
    with pytest.raises(native.FieldError) as err:
        native.from_dict(data)
    assert err.value.field == field


def test_huge_message_is_rejected_not_truncated() -> None:
    data = {"id": "c1", "messages": [{"id": "m1", "role": "customer", "text": "x" * 11}]}
    with pytest.raises(native.FieldError, match="at most 10"):
        native.from_dict(data, max_message_chars=10)


_times = st.datetimes(
    min_value=datetime(1990, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC)
).map(lambda d: d.replace(microsecond=0))
_messages = st.lists(
    st.builds(
        Message, id=st.uuids().map(str), role=st.sampled_from(list(Role)), text=st.text(max_size=200),
        author=st.none() | st.text(min_size=1, max_size=10), sent_at=st.none() | _times,
        internal=st.booleans(),
    ),
    max_size=6, unique_by=lambda m: m.id,
)


@given(
    cid=st.text(min_size=1, max_size=20).filter(str.strip), messages=_messages,
    channel=st.sampled_from(list(Channel)), csat=st.none() | st.integers(1, 5).map(float),
    tags=st.lists(st.text(max_size=10), max_size=3).map(tuple),
)
def test_round_trip_is_lossless(cid: str, messages: list[Message], channel: Channel,
                                csat: float | None, tags: tuple[str, ...]) -> None:
    conv = Conversation(id=cid, source="prop", channel=channel, messages=tuple(messages),
                        csat=csat, tags=tags)
    line = json.dumps(native.to_dict(conv))
    assert native.from_dict(json.loads(line)) == conv


@pytest.mark.parametrize("value", [["agent"], {"a": 1}, 3, None, True])
def test_unhashable_or_odd_roles_are_field_errors(value: object) -> None:
    with pytest.raises(native.FieldError) as err:
        native.from_dict({"id": "c", "messages": [{"id": "m", "role": value, "text": "x"}]})
    assert err.value.field == "messages[0].role"


@given(st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=5),
                    lambda kids: st.lists(kids, max_size=3) | st.dictionaries(st.text(max_size=5), kids, max_size=3),
                    max_leaves=12))
def test_from_dict_only_ever_raises_field_errors(data: object) -> None:
    for candidate in (data, {"id": "c", "messages": [data]}, {"id": "c", "messages": data}):
        with contextlib.suppress(native.FieldError):
            native.from_dict(candidate)
