"""The engagement analysers: declared keys, batch equals single, registered like any plug-in."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pytest

from heartline.analysers import AnalysisBatch, registered
from heartline.analysers.behaviours import AgentBehaviourAnalyser, CustomerNeedsAnalyser
from heartline.conversation import Message, Role
from heartline.heads import folder
from heartline.heads.agent_behaviours import ALL_BEHAVIOURS
from heartline.heads.inputs import TokenBatch

CUSTOMERS = ["My blender arrived with a cracked jug and I'm really annoyed.", "How do I reset my password?", ""]
REPLIES = ["I can hear how frustrating that is. I've sent a replacement jug today.",
           "Tap 'Forgot password' on the login screen.", "Sorry for any inconvenience."]

pytestmark = pytest.mark.skipif(
    not {"agent_behaviours", "customer_needs_acknowledgement"} <= set(folder.packaged_names()),
    reason="behaviour heads not trained yet",
)


@pytest.fixture(scope="module")
def batch() -> Callable[[Sequence[int]], AnalysisBatch]:
    from heartline.training.backends import default_backend

    backend = default_backend(threads=1)
    agent, customer = backend.encode_chunk(REPLIES), backend.encode_chunk(CUSTOMERS)

    def make(rows: Sequence[int]) -> AnalysisBatch:
        full = AnalysisBatch(
            messages=tuple(Message(id=str(i), role=Role.AGENT, text=t) for i, t in enumerate(REPLIES)),
            features={"embedding": agent, "previous_customer_embedding": customer},
        )
        return full.take(list(rows))

    return make


def test_agent_behaviours_batch_equals_single(batch: Callable[[Sequence[int]], AnalysisBatch]) -> None:
    analyser = AgentBehaviourAnalyser()
    together = analyser.predict(batch([0, 1, 2]))
    for i in range(3):
        alone = analyser.predict(batch([i]))[0]
        assert alone["behaviours"] == together[i]["behaviours"]
        assert alone["evidence"] == together[i]["evidence"]
        for k, v in alone["behaviour_scores"].items():
            assert abs(v - together[i]["behaviour_scores"][k]) < 1e-4
    assert set(together[0]) == set(AgentBehaviourAnalyser.declaration.assigns)
    assert set(together[0]["behaviours"]) == set(ALL_BEHAVIOURS)
    assert analyser.predict(batch([])) == []


def test_agent_behaviours_config_round_trip() -> None:
    a = AgentBehaviourAnalyser(evidence_top=2)
    b = AgentBehaviourAnalyser.from_config(a.config())
    assert b.config() == a.config()


def test_customer_needs_reads_feelings() -> None:
    from heartline.training.backends import default_backend

    texts = ["This is the third time my order is late, I'm furious!", "What time do you open on Sunday?"]
    enc: TokenBatch = default_backend(threads=1).encode_chunk(texts)
    msgs = tuple(Message(id=str(i), role=Role.CUSTOMER, text=t) for i, t in enumerate(texts))
    out = CustomerNeedsAnalyser().predict(AnalysisBatch(messages=msgs, features={"embedding": enc}))
    assert out[0]["negative_feeling"] > out[1]["negative_feeling"]
    assert out[0]["empathy_needed"] > out[1]["empathy_needed"]


def test_engagement_analysers_are_registered() -> None:
    names = set(registered())
    assert {"agent_behaviours", "customer_needs_acknowledgement"} <= names
