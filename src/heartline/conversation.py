"""The conversation vocabulary: plain, typed domain objects.

Nothing here knows about storage, the web or the CLI. Objects are frozen
dataclasses so analysers can share them across threads, Ray actors and
requests without copying; build new ones with ``dataclasses.replace``.
All timestamps are timezone-aware UTC (importers normalise them).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class Role(StrEnum):
    """Who wrote a message."""

    CUSTOMER = "customer"
    AGENT = "agent"
    BOT = "bot"
    SYSTEM = "system"


class Channel(StrEnum):
    """Where a conversation happened."""

    CHAT = "chat"
    EMAIL = "email"
    PHONE = "phone"
    SOCIAL = "social"
    TICKET = "ticket"


@dataclass(frozen=True, slots=True)
class Message:
    """One turn of a conversation.

    Attributes:
        id: the message id in its source (tweet id, comment id, …).
        role: who wrote it.
        text: the text, already redacted unless redaction was switched off.
        author: the author's id in the source; customers appear as a pseudonym.
        sent_at: when it was sent (UTC), if known.
        internal: an internal note the customer never saw (Zendesk private
            comments, Freshdesk private notes).
        audio_start: for calls, where the segment starts in the recording (s).
        audio_end: for calls, where the segment ends in the recording (s).
    """

    id: str
    role: Role
    text: str
    author: str | None = None
    sent_at: datetime | None = None
    internal: bool = False
    audio_start: float | None = None
    audio_end: float | None = None


@dataclass(frozen=True, slots=True)
class Conversation:
    """A whole customer-service conversation, messages in order.

    Attributes:
        id: the conversation id in its source.
        source: where it came from (``zendesk``, ``twcs``, ``demo`` …);
            ``(source, id)`` is the key that makes re-imports idempotent.
        channel: chat, email, phone, social or ticket.
        messages: the turns, oldest first.
        started_at: start time; defaults to the first message's time.
        ended_at: end time; defaults to the last message's time.
        team: the team that handled it.
        agent_ids: the agents who took part, in order of first reply.
        customer: the customer's pseudonym (never a name or address).
        tags: issue tags from the helpdesk.
        outcome: resolution status if the helpdesk knows it (``solved``, …).
        csat: customer satisfaction 1–5 if known.
    """

    id: str
    source: str
    channel: Channel
    messages: tuple[Message, ...] = ()
    started_at: datetime | None = None
    ended_at: datetime | None = None
    team: str | None = None
    agent_ids: tuple[str, ...] = ()
    customer: str | None = None
    tags: tuple[str, ...] = ()
    outcome: str | None = None
    csat: float | None = None

    def __post_init__(self) -> None:
        times = [m.sent_at for m in self.messages if m.sent_at is not None]
        if self.started_at is None and times:
            object.__setattr__(self, "started_at", min(times))
        if self.ended_at is None and times:
            object.__setattr__(self, "ended_at", max(times))
        if not self.agent_ids:
            seen: dict[str, None] = {}
            for m in self.messages:
                if m.role is Role.AGENT and m.author:
                    seen.setdefault(m.author, None)
            object.__setattr__(self, "agent_ids", tuple(seen))

    def public_messages(self) -> Iterator[Message]:
        """Messages the customer could see (internal notes left out)."""
        return (m for m in self.messages if not m.internal)

    def response_times(self) -> list[float]:
        """Seconds each customer waited for the next agent reply.

        A wait starts at the first customer message after an agent reply (or
        at the start) and ends at the next agent message; messages without
        timestamps are skipped.
        """
        waits: list[float] = []
        waiting_since: datetime | None = None
        for m in self.public_messages():
            if m.sent_at is None:
                continue
            if m.role is Role.CUSTOMER and waiting_since is None:
                waiting_since = m.sent_at
            elif m.role is Role.AGENT and waiting_since is not None:
                waits.append(max(0.0, (m.sent_at - waiting_since).total_seconds()))
                waiting_since = None
        return waits

    def first_response_seconds(self) -> float | None:
        """Seconds from the first customer message to the first agent reply."""
        waits = self.response_times()
        return waits[0] if waits else None

    def duration_seconds(self) -> float | None:
        """Seconds from start to end, if both are known."""
        if self.started_at is None or self.ended_at is None:
            return None
        return (self.ended_at - self.started_at).total_seconds()

    def replace(self, **changes: object) -> Conversation:
        """A copy with some fields changed."""
        return dataclasses.replace(self, **changes)  # type: ignore[arg-type]


@dataclass(frozen=True, slots=True)
class Agent:
    """A support agent."""

    id: str
    name: str | None = None
    team: str | None = None


@dataclass(frozen=True, slots=True)
class Team:
    """A team of agents with a lead."""

    name: str
    lead: str | None = None


@dataclass(frozen=True, slots=True)
class SurveyResponse:
    """A customer's answer to a post-conversation survey.

    Attributes:
        conversation_id: the id of the conversation it rates, as in its source.
        csat: satisfaction 1–5.
        nps: likelihood to recommend 0–10, if asked.
        comment: free text, redacted like messages.
        feeling: the answer to "how did this conversation make you feel?".
        submitted_at: when it was answered (UTC), if known.
        source: where the survey came from; with ``conversation_id`` the key.
    """

    conversation_id: str
    csat: int | None = None
    nps: int | None = None
    comment: str | None = None
    feeling: str | None = None
    submitted_at: datetime | None = None
    source: str = "survey"


def agents_of(conversations: Sequence[Conversation]) -> list[str]:
    """Distinct agent ids across conversations, in order of appearance."""
    seen: dict[str, None] = {}
    for c in conversations:
        for a in c.agent_ids:
            seen.setdefault(a, None)
    return list(seen)
