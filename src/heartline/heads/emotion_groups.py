"""Groupings of the 28 GoEmotions labels: the paper's two, and heartline's customer-service one.

The Ekman and sentiment groupings are the GoEmotions authors' own
(``goemotions/data/ekman_mapping.json`` and ``sentiment_mapping.json`` in
google-research/google-research; Demszky et al., ACL 2020, Sec. 5), with
``neutral`` kept as its own group as in the paper.

The customer-service grouping follows the emotion definitions in
``shared/reference/behaviour-guidelines.md``; which labels feed which group,
and why, is documented in ``docs/heads.md``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from heartline.heads.model import Head

EKMAN: dict[str, tuple[str, ...]] = {
    "anger": ("anger", "annoyance", "disapproval"),
    "disgust": ("disgust",),
    "fear": ("fear", "nervousness"),
    "joy": ("joy", "amusement", "approval", "excitement", "gratitude", "love", "optimism", "relief",
            "pride", "admiration", "desire", "caring"),
    "sadness": ("sadness", "disappointment", "embarrassment", "grief", "remorse"),
    "surprise": ("surprise", "realization", "confusion", "curiosity"),
    "neutral": ("neutral",),
}

SENTIMENT: dict[str, tuple[str, ...]] = {
    "positive": ("amusement", "excitement", "joy", "love", "desire", "optimism", "caring", "pride",
                 "admiration", "gratitude", "relief", "approval"),
    "negative": ("fear", "nervousness", "remorse", "embarrassment", "disappointment", "sadness", "grief",
                 "disgust", "anger", "annoyance", "disapproval"),
    "ambiguous": ("realization", "surprise", "curiosity", "confusion"),
    "neutral": ("neutral",),
}

# Customer-service groups, strongest first: when a text carries labels of
# several groups, the first group listed wins (a furious thank-you is angry).
CUSTOMER_SERVICE: dict[str, tuple[str, ...]] = {
    "angry": ("anger", "disgust"),
    "frustrated": ("annoyance", "disapproval"),
    "disappointed": ("disappointment",),
    "anxious": ("fear", "nervousness"),
    "sad": ("sadness", "grief", "remorse", "embarrassment"),
    "confused": ("confusion",),
    "grateful": ("gratitude", "relief"),
    "happy": ("joy", "admiration", "amusement", "excitement", "love", "optimism", "pride"),
    # Questions (curiosity), wishes (desire), agreement (approval), noticing
    # (realization, surprise) and caring carry no feeling an agent must answer.
    "neutral": ("neutral", "curiosity", "desire", "approval", "realization", "surprise", "caring"),
}

GROUPINGS: dict[str, dict[str, tuple[str, ...]]] = {
    "ekman": EKMAN,
    "sentiment": SENTIMENT,
    "customer_service": CUSTOMER_SERVICE,
}


def group_labels(labels: Sequence[str], grouping: Mapping[str, Sequence[str]]) -> tuple[str, ...]:
    """The groups a multi-label example belongs to (in grouping order)."""
    return tuple(g for g, members in grouping.items() if any(lab in members for lab in labels))


def first_group(labels: Sequence[str], grouping: Mapping[str, Sequence[str]]) -> str:
    """The single strongest group (first in grouping order); the last group when none matches."""
    found = group_labels(labels, grouping)
    # Neutral only wins when nothing else is present.
    emotional = [g for g in found if g != "neutral"]
    return emotional[0] if emotional else "neutral"


def membership(fine: Sequence[str], grouping: Mapping[str, Sequence[str]]) -> np.ndarray:
    """(fine labels, groups) 0/1 matrix."""
    groups = list(grouping)
    m = np.zeros((len(fine), len(groups)), dtype=np.float32)
    for j, g in enumerate(groups):
        for lab in grouping[g]:
            m[list(fine).index(lab), j] = 1.0
    return m


def group_probabilities(p: np.ndarray, fine: Sequence[str], grouping: Mapping[str, Sequence[str]]) -> np.ndarray:
    """(n, groups) probability that a text carries any label of each group.

    Labels are treated as independent (the head's sigmoids), so
    ``P(group) = 1 - prod(1 - p_label)`` over its members.
    """
    m = membership(fine, grouping)
    log_none = np.log1p(-np.clip(p, 0.0, 1 - 1e-7)) @ m
    out: np.ndarray = 1.0 - np.exp(log_none)
    return out


CS_EMBEDDING_SCALE = 10.0
"""Pooled embeddings are scaled to the range of the logits before the customer-service layer reads them."""


def cs_features(p: np.ndarray, pooled: np.ndarray) -> np.ndarray:
    """What the customer-service layer reads: the 28 logits and the scaled pooled embedding."""
    q = np.clip(p, 1e-6, 1 - 1e-6)
    out: np.ndarray = np.hstack([np.log(q / (1 - q)), CS_EMBEDDING_SCALE * np.asarray(pooled, np.float32)])
    return out


# A customer who names their feeling ("I'm so frustrated", "I feel let down") has said what
# it is (guidelines: "the single dominant feeling expressed, explicitly or clearly implied").
_SELF_REPORT = {
    "angry": r"angry|furious|livid|outraged|fuming|raging",
    "frustrated": r"frustrated|annoyed|fed up|exasperated|irritated|sick of|tired of",
    "disappointed": r"disappointed|let down|gutted",
    "anxious": r"worried|anxious|nervous|scared|stressed|panicking|concerned",
    "confused": r"confused|puzzled|baffled",
    "sad": r"sad|upset|heartbroken|devastated|hurt",
    "grateful": r"grateful|thankful|relieved",
    "happy": r"happy|delighted|thrilled|over the moon",
}
_NAMED = re.compile(
    r"\b(?:i(?:'| a)?m|i feel|i'm feeling|i am feeling|feeling|(?:it |this |that )?makes? me|made me|"
    r"i was|i've been|i have been|i'm getting|i am getting)\s+"
    r"(?:(?:so|really|very|extremely|absolutely|just|getting|becoming|quite|pretty|beyond|totally|"
    r"completely|incredibly|super|a bit|a little|bit|more|and|now|honestly|utterly|deeply|truly)\s+)*"
    r"(?P<feeling>" + "|".join(f"(?P<{k}>{v})" for k, v in _SELF_REPORT.items()) + r")\b",
    re.IGNORECASE,
)


Named = tuple[str, tuple[int, int]]
"""A feeling named in the text: its customer-service emotion and the span that names it."""


def named_emotion(text: str) -> Named | None:
    """The customer-service emotion a customer names in the first person (the first one named),
    with the character span of the words that name it."""
    m = _NAMED.search(text)
    if m is None:
        return None
    group = next(k for k in _SELF_REPORT if m.group(k))
    return group, (m.start(), m.end())


def customer_service_emotion(head: Head, p: np.ndarray, pooled: np.ndarray,
                             named: Sequence[Named | None] | None = None) -> tuple[list[str], np.ndarray]:
    """Customer-service emotion and its intensity for rows of 28-label probabilities.

    The emotion comes from a multinomial logistic layer over the 28 logits and
    the pooled embedding, fitted on cs_behaviours train and stored with the
    head (``cs.weight``, ``cs.bias``); a feeling the customer names in the first
    person (``named``, from :func:`named_emotion` per row) wins. Intensity is the
    probability that the message carries any GoEmotions label of that emotion's
    group (0 for neutral).
    """
    grouping = head.config.extra["groupings"]["customer_service"]
    names = list(grouping)
    scores = cs_features(p, pooled) @ head.weights["cs.weight"] + head.weights["cs.bias"]
    chosen = [names[j] for j in scores.argmax(axis=1)]
    if named is not None:
        chosen = [n[0] if n else c for n, c in zip(named, chosen, strict=True)]
    gp = group_probabilities(p, head.config.labels, grouping)
    intensity = np.array([0.0 if c == "neutral" else float(gp[i, names.index(c)]) for i, c in enumerate(chosen)])
    return chosen, intensity
