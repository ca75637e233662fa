"""Reading customer-service behaviour data: ``cs_behaviours`` and ``data/labelled``.

Both share one layout (``cs_behaviours/dev.jsonl``: id, context, customer, agent,
labels). ``data/labelled`` adds provenance fields and may leave a label ``null``
where it was not judged; readers keep ``None`` and trainers skip it.

Two behaviours are derived rather than annotated on cs_behaviours (see
data/labelled/README.md): *ignores_emotion* (the customer expresses a negative
feeling and the reply does not acknowledge it) and, where a file lacks it,
*over_apologising* (a gushing apology, three or more apologies, or two or more
with no action).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from heartline.errors import NotFoundError
from heartline.heads.agent_behaviours import APOLOGY, BEHAVIOURS, GUSHING
from heartline.training.empathy_data import bad

NEGATIVE_EMOTIONS = frozenset({"angry", "frustrated", "disappointed", "anxious", "sad"})
"""Customer emotions that a good agent acknowledges (the behaviour guidelines' groups)."""


@dataclass(frozen=True)
class Exchange:
    """One agent reply with the customer message it answers.

    Attributes:
        id: row id from the file.
        customer: the customer message replied to ("" when there is none).
        agent: the agent reply being judged.
        emotion: the customer's emotion label, or None when not annotated.
        empathy_needed: whether the customer message calls for acknowledgement, or None.
        labels: behaviour → True / False / None (not judged).
        group: key that keeps near-duplicates in one cross-validation fold.
        origin: where the row came from (``cs_behaviours`` or a data/labelled origin).
    """

    id: str
    customer: str
    agent: str
    emotion: str | None
    empathy_needed: bool | None
    labels: dict[str, bool | None]
    group: str
    origin: str


def over_apologising_rule(text: str, takes_action: bool | None) -> bool:
    """data/labelled's definition, for rows that do not label it."""
    n = len(APOLOGY.findall(text))
    return bool(GUSHING.search(text)) or n >= 3 or (n >= 2 and takes_action is False)


def ignores_emotion(emotion: str | None, acknowledges: bool | None) -> bool | None:
    """True when a negative customer emotion went unacknowledged (None when unknown)."""
    if emotion is None or acknowledges is None:
        return None
    return emotion in NEGATIVE_EMOTIONS and not acknowledges


def read_exchanges(path: Path) -> list[Exchange]:
    """Rows of a cs_behaviours-layout JSONL file."""
    out = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise NotFoundError(f"cannot read {path}", hint="pass an existing JSONL file") from exc
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            raw = row["labels"]
            labels: dict[str, bool | None] = {b: raw.get(b) for b in BEHAVIOURS}
            agent = str(row["agent"])
            if "over_apologising" not in raw:
                labels["over_apologising"] = over_apologising_rule(agent, raw.get("takes_action"))
            out.append(
                Exchange(
                    id=str(row.get("id", n)),
                    customer=str(row.get("customer") or ""),
                    agent=agent,
                    emotion=raw.get("emotion"),
                    empathy_needed=raw.get("empathy_needed"),
                    labels=labels,
                    group=str(row.get("group") or row.get("id", n)),
                    origin=str(row.get("origin", "cs_behaviours")),
                )
            )
        except (json.JSONDecodeError, KeyError, TypeError, AttributeError) as exc:
            raise bad(path, n, "", "a cs_behaviours row with customer, agent and labels") from exc
    return out
