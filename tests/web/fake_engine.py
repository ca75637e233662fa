"""A small engine that implements ``AssistEngine`` with fixed phrase rules.

It stands in for ``heartline.engine`` in web tests, the browser test and the
benchmark (``--engine fake``): results are predictable, so tests can assert
on them, and it records which threads called it.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence

from heartline.assist import AssistResult, AssistWarning, CustomerState, DraftReading
from heartline.conversation import Message, Role

RUDE = ("calm down", "not our problem", "whatever", "as i already said")
GENERIC = ("sorry for the inconvenience", "we apologize for any inconvenience")
UPSET = ("ridiculous", "frustrat", "angry", "furious", "unacceptable", "!!")
ACKNOWLEDGES = ("frustrating", "understand", "i can see", "i hear")
ACTS = ("i will", "i'll", "i have", "replacement", "refund", "today")
ACKNOWLEDGEMENT = "I can see how frustrating this has been, and I'm sorry it happened."


class FakeEngine:
    """Phrase rules in, an ``AssistResult`` out; ``delay_s`` simulates model time."""

    def __init__(self, *, delay_s: float = 0.0) -> None:
        self.delay_s = delay_s
        self.calls = 0
        self.threads: set[int] = set()
        self._lock = threading.Lock()

    def assist(self, messages: Sequence[Message], draft: str) -> AssistResult:
        with self._lock:
            self.calls += 1
            self.threads.add(threading.get_ident())
        if self.delay_s:
            time.sleep(self.delay_s)
        last = next((m.text.lower() for m in reversed(messages) if m.role is Role.CUSTOMER), "")
        upset = any(w in last for w in UPSET)
        text = draft.lower()
        warnings = [AssistWarning("rude", "This may read as dismissive.", _span(text, p))
                    for p in RUDE if p in text]
        warnings += [AssistWarning("generic_sympathy",
                                   "A stock apology; name what went wrong for this customer.",
                                   _span(text, p)) for p in GENERIC if p in text]
        acknowledges = any(w in text for w in ACKNOWLEDGES)
        if upset and draft.strip() and not acknowledges:
            warnings.append(AssistWarning("ignores_emotion",
                                          "The customer is frustrated; acknowledge it first."))
        cognitive = 80.0 if "?" in draft else 30.0
        emotional = 85.0 if acknowledges else 20.0
        compassionate = 75.0 if any(w in text for w in ACTS) else 25.0
        if any(w.kind == "rude" for w in warnings):
            cognitive, emotional, compassionate = cognitive * 0.3, emotional * 0.3, compassionate * 0.3
        return AssistResult(
            customer=CustomerState("frustrated" if upset else "neutral", 0.8 if upset else 0.1,
                                   ("acknowledgement", "a replacement") if upset else ("an answer",)),
            draft=DraftReading(
                {"cognitive": cognitive, "emotional": emotional, "compassionate": compassionate,
                 "empathy": (cognitive + emotional + compassionate) / 3},
                {"explores": "?" in draft, "acknowledges_emotion": acknowledges,
                 "rude": any(w.kind == "rude" for w in warnings)},
            ),
            warnings=tuple(warnings),
            suggested_acknowledgement=ACKNOWLEDGEMENT if upset and not acknowledges else None,
        )


def _span(text: str, phrase: str) -> tuple[int, int]:
    start = text.find(phrase)
    return (start, start + len(phrase))
