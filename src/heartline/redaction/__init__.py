"""Redaction of personal data in message texts, applied on import before anything is stored.

>>> Redactor().redact_text("call me on +44 20 7946 0958 or mail jo@example.com")
'call me on [PHONE] or mail [EMAIL]'

See docs/redaction.md for what is found, how to add patterns and measured quality.
"""

from __future__ import annotations

from heartline.redaction.config import (
    BUILTIN_KINDS,
    DEFAULT_ID_PATTERNS,
    IdPattern,
    RedactionConfig,
)
from heartline.redaction.evaluate import Example, Scores, evaluate, leaked_fraction, load_examples
from heartline.redaction.redactor import Redacted, Redactor

__all__ = [
    "BUILTIN_KINDS",
    "DEFAULT_ID_PATTERNS",
    "Example",
    "IdPattern",
    "Redacted",
    "RedactionConfig",
    "Redactor",
    "Scores",
    "evaluate",
    "leaked_fraction",
    "load_examples",
]
