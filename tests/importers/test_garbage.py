"""Every importer, fed garbage, yields Problems or raises InvalidInputError — nothing else.

Three kinds of garbage: random bytes; real fixtures cut short or with bytes
overwritten (what a failed download or a bad disk gives); and JSON shaped
like each layout but with random values in every field (what a changed
export schema gives).
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from importer_support import FIXTURES

from heartline.conversation import Conversation, SurveyResponse
from heartline.errors import InvalidInputError, Problem
from heartline.importers import IMPORTERS, ReadOptions

FORMATS = sorted(set(IMPORTERS) - {"jsonl"})
SEEDS = {
    "csv": "messages.csv", "zendesk": "zendesk_export.ndjson", "intercom": "intercom_conversations.json",
    "freshdesk": "freshdesk_tickets.json", "twcs": "twcs_sample.csv", "transcript": "aws_transcribe.json",
    "surveys": "surveys.csv",
}
FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _check(fmt: str, data: bytes, suffix: str = ".dat", **options: Any) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"input{suffix}"
        path.write_bytes(data)
        try:
            items = list(IMPORTERS[fmt].read(path, ReadOptions(**options)))
        except InvalidInputError as exc:
            assert exc.problems
            return
    for item in items:
        assert isinstance(item, Problem | Conversation | SurveyResponse)


def test_every_format_has_a_seed_fixture() -> None:
    assert set(SEEDS) == set(FORMATS)


@pytest.mark.parametrize("fmt", FORMATS)
@FUZZ
@given(data=st.binary(max_size=2000))
def test_random_bytes(fmt: str, data: bytes) -> None:
    _check(fmt, data)


@pytest.mark.parametrize("fmt", FORMATS)
@FUZZ
@given(cut=st.floats(0, 1), patches=st.lists(st.tuples(st.floats(0, 1), st.binary(min_size=1, max_size=8)),
                                               max_size=4))
def test_damaged_fixtures(fmt: str, cut: float, patches: list[tuple[float, bytes]]) -> None:
    seed = (FIXTURES / SEEDS[fmt]).read_bytes()
    data = bytearray(seed[: max(1, int(len(seed) * cut))])
    for where, junk in patches:
        at = int(len(data) * where)
        data[at:at + len(junk)] = junk
    _check(fmt, bytes(data), Path(SEEDS[fmt]).suffix)


KEYS = ["id", "tickets", "ticket", "comments", "users", "role", "author_id", "requester_id", "body",
        "plain_body", "public", "created_at", "via", "channel", "satisfaction_rating", "score", "tags",
        "group_id", "status", "conversations", "conversation_parts", "source", "author", "type",
        "part_type", "conversation_rating", "rating", "contacts", "team_assignee_id", "incoming",
        "private", "user_id", "body_text", "description_text", "responder_id", "segments", "start",
        "end", "text", "speaker", "results", "items", "alternatives", "content", "start_time",
        "end_time", "speaker_label", "speaker_labels", "jobName", "inbound", "in_response_to_tweet_id",
        "response_tweet_id", "name"]
scalars = st.one_of(st.none(), st.booleans(), st.integers(-10, 10**12), st.floats(allow_nan=False),
                    st.text(max_size=12), st.sampled_from(["2024-03-04T10:00:00Z", "end-user", "agent",
                                                           "comment", "note", "pronunciation", "5"]))
json_values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.sampled_from(KEYS), inner, max_size=6)), max_leaves=30)


@pytest.mark.parametrize("fmt", ["zendesk", "intercom", "freshdesk", "transcript", "twcs"])
@FUZZ
@given(value=json_values, ndjson=st.booleans())
def test_json_shaped_like_the_layout(fmt: str, value: Any, ndjson: bool) -> None:
    if ndjson and isinstance(value, list):
        text = "".join(json.dumps(v) + "\n" for v in value)
    else:
        text = json.dumps(value)
    _check(fmt, text.encode("utf-8"), ".json", mapping={})


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("name", ["missing.dat", "empty.csv"])
def test_missing_or_empty_file_is_invalid_input(fmt: str, name: str) -> None:
    with pytest.raises(InvalidInputError):
        list(IMPORTERS[fmt].read(FIXTURES / name, ReadOptions()))
