"""The bundled demo corpus (examples/demo): parses, has the promised shape, and is reproducible."""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
import sys
from collections import Counter
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from heartline.conversation import Conversation, Role
from heartline.native import from_dict, to_dict

DEMO = Path(__file__).resolve().parents[2] / "examples" / "demo"
GENERATED = ("conversations.jsonl", "surveys.csv", "scenarios.csv", "README.md")
STYLES = {"empathic", "cold", "sympathy", "over", "rude"}


@pytest.fixture(scope="module")
def records() -> list[dict[str, Any]]:
    lines = (DEMO / "conversations.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]


@pytest.fixture(scope="module")
def conversations(records: list[dict[str, Any]]) -> list[Conversation]:
    return [from_dict(r) for r in records]


@pytest.fixture(scope="module")
def intents() -> dict[str, dict[str, str]]:
    with (DEMO / "scenarios.csv").open(encoding="utf-8", newline="") as fh:
        return {row["conversation_id"]: row for row in csv.DictReader(fh)}


def test_every_line_is_native_format_and_round_trips(records: list[dict[str, Any]], conversations: list[Conversation]) -> None:
    for record, conversation in zip(records, conversations, strict=True):
        # to_dict gives csat as a float; 4 == 4.0, so equality still checks every field.
        assert to_dict(conversation) == record, record["id"]
        assert conversation.source == "demo"
        assert record["started_at"].endswith("Z") and record["ended_at"].endswith("Z")


def test_corpus_has_the_promised_size_and_spread(conversations: list[Conversation]) -> None:
    assert len(conversations) >= 320
    assert len({a for c in conversations for a in c.agent_ids}) >= 8
    assert {c.team for c in conversations} == {"Orders & Delivery", "Billing & Accounts"}
    assert len({c.channel for c in conversations}) >= 4
    assert len({c.tags[0] for c in conversations}) >= 9
    assert sum(c.csat is not None for c in conversations) >= 0.8 * len(conversations)
    assert all(2 <= len(c.messages) <= 14 for c in conversations)
    assert all(c.customer and c.customer.startswith("cust-") for c in conversations)


def test_ids_are_unique(conversations: list[Conversation]) -> None:
    ids = [c.id for c in conversations]
    assert len(set(ids)) == len(ids)


def test_messages_are_in_time_order_and_waits_vary(conversations: list[Conversation]) -> None:
    firsts: dict[str, list[float]] = {}
    for c in conversations:
        times = [m.sent_at for m in c.messages]
        assert all(t is not None for t in times)
        assert times == sorted(times), c.id  # type: ignore[type-var]
        wait = c.first_response_seconds()
        if wait is not None:
            firsts.setdefault(c.channel.value, []).append(wait)
    assert max(firsts["chat"]) < 3600 < max(firsts["email"])
    assert max(firsts["email"]) > 2 * 86400  # some customers wait days


def test_surveys_answer_existing_conversations(conversations: list[Conversation]) -> None:
    by_id = {c.id: c for c in conversations}
    with (DEMO / "surveys.csv").open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        assert reader.fieldnames == ["conversation_id", "csat", "nps", "comment", "feeling", "submitted_at"]
        rows = list(reader)
    assert 0.5 * len(conversations) <= len(rows) <= 0.7 * len(conversations)
    assert len({r["conversation_id"] for r in rows}) == len(rows)
    for row in rows:
        conversation = by_id[row["conversation_id"]]
        assert conversation.csat == int(row["csat"])
        assert row["nps"] == "" or 0 <= int(row["nps"]) <= 10
        submitted = datetime.fromisoformat(row["submitted_at"].replace("Z", "+00:00"))
        assert conversation.ended_at is not None and submitted > conversation.ended_at
    assert sum(bool(r["feeling"]) for r in rows) > 0.8 * len(rows)


def test_agents_differ_in_service_style(intents: dict[str, dict[str, str]], conversations: list[Conversation]) -> None:
    assert set(intents) == {c.id for c in conversations}
    styles = Counter(r["style"] for r in intents.values())
    assert set(styles) == STYLES and min(styles.values()) >= 20
    dominant = {}
    for agent in {r["agent"] for r in intents.values()}:
        mix = Counter(r["style"] for r in intents.values() if r["agent"] == agent)
        dominant[agent] = mix.most_common(1)[0][0]
    assert set(dominant.values()) == STYLES  # every style is somebody's habit


def test_customers_rarely_repeat_themselves(conversations: list[Conversation]) -> None:
    openers = [
        next(m.text for m in c.messages if m.role is Role.CUSTOMER and len(m.text) > 40)
        for c in conversations if any(m.role is Role.CUSTOMER and len(m.text) > 40 for m in c.messages)
    ]
    assert len(set(openers)) >= 0.95 * len(openers)


def test_size_stays_small() -> None:
    assert (DEMO / "conversations.jsonl").stat().st_size < 1_500_000


def test_regenerating_reproduces_the_committed_files(tmp_path: Path) -> None:
    shutil.copy(DEMO / "README.md", tmp_path / "README.md")  # its counts block is regenerated too
    subprocess.run([sys.executable, str(DEMO / "build_demo.py"), "--out", str(tmp_path)], check=True, timeout=300)
    for name in GENERATED:
        assert (tmp_path / name).read_bytes() == (DEMO / name).read_bytes(), (
            f"examples/demo/{name} is stale: run python examples/demo/build_demo.py"
        )
