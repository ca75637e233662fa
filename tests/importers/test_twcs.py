"""The twcs importer: threads rebuilt from reply links, CSV and JSONL forms, broken threads."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from importer_support import by_id, read

from heartline.conversation import Channel, Role

SHARED_TWCS = Path(__file__).resolve().parents[3] / "shared" / "data" / "twcs" / "train.jsonl"


def test_threads_are_rebuilt_in_time_order() -> None:
    convs, problems = read("twcs", "twcs_sample.csv")
    assert problems == []
    threads = by_id(convs)
    flight = threads["9100001"]
    # The replies come before their parent in the file and branch (a second customer joins).
    assert [m.id for m in flight.messages] == ["9100001", "9100002", "9100004", "9100003", "9100005"]
    assert [m.role for m in flight.messages] == [
        Role.CUSTOMER, Role.AGENT, Role.CUSTOMER, Role.CUSTOMER, Role.AGENT]
    assert flight.team == "AcmeAirHelp" and flight.agent_ids == ("AcmeAirHelp",)
    assert flight.customer == "812001" and flight.channel is Channel.SOCIAL
    assert flight.source == "twcs"
    assert flight.started_at == datetime(2017, 10, 31, 21, 58, 2, tzinfo=UTC)


def test_a_reply_whose_parent_is_missing_roots_its_own_thread() -> None:
    threads = by_id(read("twcs", "twcs_sample.csv")[0])
    spotify = threads["9200002"]
    assert [m.role for m in spotify.messages] == [Role.AGENT, Role.CUSTOMER]
    # Real pairs from the shared sample: the "1577066.0" parent is not in the file.
    assert [m.id for m in threads["1577065"].messages] == ["1577065", "1577064"]
    assert "\n" in threads["1656428"].messages[0].text  # quoted multi-line tweet


def test_single_tweets_are_conversations_of_one() -> None:
    threads = by_id(read("twcs", "twcs_sample.csv")[0])
    assert len(threads) == 12
    lone = threads["2414302"]
    assert [m.role for m in lone.messages] == [Role.AGENT] and lone.customer is None


def test_jsonl_form_gives_the_same_threads() -> None:
    jsonl, problems = read("twcs", "twcs_sample.jsonl")
    csv_threads = by_id(read("twcs", "twcs_sample.csv")[0])
    assert problems == []
    assert jsonl == [csv_threads[c.id] for c in jsonl]
    assert len(jsonl) == 6


def test_bad_tweets_duplicates_and_loops() -> None:
    convs, problems = read("twcs", "twcs_malformed.csv")
    # 9300001's thread holds a duplicate id, so it is left out whole.
    assert [c.id for c in convs] == ["9300040"]
    assert [(p.record, p.field) for p in problems] == [
        ("row 4 (tweet 9300002)", "tweet_id"),
        ("row 5 (tweet 9300010)", "inbound"),
        ("row 6 (tweet 9300020)", "created_at"),
        ("tweet 9300030", "in_response_to_tweet_id"),
        ("tweet 9300031", "in_response_to_tweet_id"),
    ]


def test_response_links_fill_in_a_missing_in_reply_to(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text(
        "tweet_id,author_id,inbound,created_at,text,response_tweet_id,in_response_to_tweet_id\n"
        "2,Brand,False,2017-11-01T10:05:00Z,@1 on it,,\n"
        "1,1,True,2017-11-01T10:00:00Z,@Brand help,2,\n")
    (conv,), problems = read("twcs", path)
    assert problems == [] and conv.id == "1" and [m.id for m in conv.messages] == ["1", "2"]


@pytest.mark.skipif(not SHARED_TWCS.exists(), reason="shared data not present")
def test_reads_the_shared_sample_without_problems() -> None:
    convs, problems = read("twcs", SHARED_TWCS)
    assert problems == []
    assert sum(len(c.messages) for c in convs) == 4000
