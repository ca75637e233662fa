"""Coaching: a better reply, and one line on why, for every agent reply that missed something.

Pure core, like scoring: it works from a ``ConversationResult`` and never calls the
encoder. An optional LLM generator (``generator.py``) may rewrite the composed reply
more fluently; the composer's reply is always the fallback. docs/coaching.md explains
the rules.
"""

from __future__ import annotations

import dataclasses
import logging
from typing import Protocol

from heartline.coaching.compose import Suggestion, acknowledgement, needs_coaching, suggest
from heartline.conversation import Conversation
from heartline.scoring.result import ConversationResult

__all__ = ["Rewriter", "Suggestion", "acknowledgement", "coach", "needs_coaching", "suggest"]

log = logging.getLogger(__name__)


class Rewriter(Protocol):
    """Something that may rewrite a composed suggestion (an LLM); returns it unchanged on failure."""

    def rewrite(self, suggestion: Suggestion, *, customer: str, original: str) -> Suggestion:
        """A rewritten suggestion, or ``suggestion`` itself."""
        ...


def coach(conversation: Conversation, result: ConversationResult, *,
          rewriter: Rewriter | None = None) -> ConversationResult:
    """A copy of ``result`` with a suggestion (and why) on every reply that missed something.

    The suggestion sits on the first message of the reply it replaces; a reply of several
    messages ("1/2", "2/2") gets one suggestion for the whole. ``extra["coaching"]`` says what
    it fixes (``adds``) and who wrote it (``source``: composer or generator).
    """
    messages = [dataclasses.replace(m) for m in result.messages]
    made = 0
    for reply in result.assessment.replies:
        s = suggest(conversation, result.assessment, reply, result.messages)
        if s is None:
            continue
        if rewriter is not None:
            customer = "\n".join(conversation.messages[a.position].text for a in reply.answers)
            original = "\n".join(conversation.messages[p].text for p in reply.positions)
            s = rewriter.rewrite(s, customer=customer, original=original)
        i = reply.positions[0]
        extra = {**messages[i].extra, "coaching": {"adds": list(s.adds), "source": s.source}}
        messages[i] = dataclasses.replace(messages[i], suggestion=s.text, suggestion_why=s.why,
                                          extra=extra)
        made += 1
    log.debug("conversation %s: %d suggestion(s)", conversation.id, made)
    return dataclasses.replace(result, messages=messages)
