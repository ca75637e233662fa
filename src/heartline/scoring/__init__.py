"""Opportunity-aware empathy scoring of a conversation from its per-message readings.

Pure core: a ``Conversation`` plus one ``MessageReading`` per message in, a
``ConversationResult`` out. docs/scoring.md explains every score.
"""

from __future__ import annotations

from heartline.scoring.result import ConversationResult, MissedOpportunity, score_conversation

__all__ = ["ConversationResult", "MissedOpportunity", "score_conversation"]
