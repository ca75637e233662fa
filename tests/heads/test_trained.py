"""heartline's trained heads on known examples, and their evidence spans."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import pytest

from heartline.heads import TokenBatch, load_packaged
from heartline.heads.emotion_groups import customer_service_emotion

Encode = Callable[[Sequence[str]], TokenBatch]
ANGRY = "I'm so angry, this is the third time my order is late!!"
THANKS = "Thank you so much, that fixed it!"


@pytest.fixture(scope="module")
def emotion():  # type: ignore[no-untyped-def]
    return load_packaged("customer_emotion")


def _p(head, encode: Encode, texts: list[str]) -> dict[str, np.ndarray]:  # type: ignore[no-untyped-def]
    p = head.probabilities({"message": encode(texts)})
    return {lab: p[:, j] for j, lab in enumerate(head.config.labels)}


def test_anger_and_gratitude(emotion, encode: Encode) -> None:  # type: ignore[no-untyped-def]
    p = _p(emotion, encode, [ANGRY, THANKS])
    thr = dict(zip(emotion.config.labels, emotion.config.thresholds, strict=True))
    assert max(p["anger"][0] / thr["anger"], p["annoyance"][0] / thr["annoyance"]) >= 1.0
    assert p["gratitude"][1] >= thr["gratitude"]
    assert p["gratitude"][1] > 0.5 > p["gratitude"][0]
    assert p["anger"][0] > 5 * p["anger"][1]


def test_customer_service_emotions(emotion, encode: Encode) -> None:  # type: ignore[no-untyped-def]
    texts = [ANGRY, THANKS, "How do I change the delivery address on my account?",
             "I'm really worried my card was charged twice, what happens to my money?"]
    batch = encode(texts)
    chosen, intensity = customer_service_emotion(emotion, emotion.probabilities({"message": batch}), batch.pooled)
    assert chosen[0] in ("angry", "frustrated")
    assert chosen[1] == "grateful"
    assert chosen[2] == "neutral" and intensity[2] == 0.0
    assert chosen[3] == "anxious"
    assert 0.0 < intensity[0] <= 1.0


def test_anger_evidence_lands_on_the_angry_words(emotion, encode: Encode) -> None:  # type: ignore[no-untyped-def]
    spans = emotion.evidence({"message": encode([ANGRY])}, "anger")[0]
    assert spans, "no evidence"
    top = ANGRY[spans[0].start : spans[0].end].lower()
    assert "angry" in top


def test_gratitude_evidence_is_the_thanks(emotion, encode: Encode) -> None:  # type: ignore[no-untyped-def]
    spans = emotion.evidence({"message": encode([THANKS])}, "gratitude")[0]
    assert "thank" in THANKS[spans[0].start : spans[0].end].lower()


def test_politeness(encode: Encode) -> None:
    head = load_packaged("politeness")
    texts = ["Could you please take a look at this when you have a moment? Thanks so much!",
             "This is wrong. Why didn't you read what I wrote? Fix it now."]
    decided = head.decide(head.probabilities({"message": encode(texts)}))
    assert decided == ["polite", "impolite"]
    spans = head.evidence({"message": encode(texts[:1])}, "polite")[0]
    assert any(w in texts[0][s.start : s.end].lower() for s in spans for w in ("please", "thanks", "could"))


def test_intent_and_issue_type(encode: Encode) -> None:
    from heartline.training.requests import issue_type

    head = load_packaged("intent")
    texts = ["I want my money back for the order I returned", "where is my package? it should have arrived",
             "I can't log in, I forgot my password", "I want to cancel my order"]
    decided = head.decide(head.probabilities({"message": encode(texts)}))
    assert [issue_type(d) for d in decided] == ["refund", "delivery status", "account access", "cancellation"]


def test_relational_greeting_and_gratitude(encode: Encode) -> None:
    head = load_packaged("customer_relational")
    texts = ["Hello there! Can I bring my dog on the train to Boston?",
             "Thanks so much for your help, can I change my seat?"]
    decided = head.decide(head.probabilities({"message": encode(texts)}))
    assert "Greeting" in decided[0]
    assert "Gratitude" in decided[1]


def test_satisfaction_orders_a_helpful_reply_above_a_refusal(encode: Encode) -> None:
    head = load_packaged("satisfaction")
    customer = encode(["I need a taxi to the airport at 5pm please."] * 2)
    replies = encode(["I have booked a taxi for you at 5pm. It is a red Toyota, contact number 0712345678.",
                      "Sorry, I can't help you with that."])
    p = head.probabilities({"previous_customer_message": customer, "message": replies})
    expected = p @ np.arange(1, 6)
    assert expected[0] > expected[1]
