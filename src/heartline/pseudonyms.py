"""Stable pseudonyms for customers, so no customer identifier is stored.

A keyed hash (HMAC-SHA256) maps the same customer id to the same pseudonym
across imports, which keeps "repeat contact" analysis possible, while the
id itself (often an e-mail address or a handle) never reaches the database.
Without the key a pseudonym cannot be traced back by hashing guesses.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from dataclasses import dataclass

# Exactly what __call__ makes: a real customer id that merely starts with "cust-"
# ("cust-5521" in a CRM) must still be hashed.
_PSEUDONYM = re.compile(r"cust-[0-9a-f]{12}")


@dataclass(frozen=True)
class Pseudonymizer:
    """Maps raw customer ids to ``cust-<12 hex>`` pseudonyms.

    Attributes:
        key: the secret key; keep it stable for an installation.
    """

    key: bytes

    def __call__(self, raw: str | None) -> str | None:
        """The pseudonym for ``raw`` (None stays None; pseudonyms pass through)."""
        if raw is None or _PSEUDONYM.fullmatch(raw):
            return raw
        digest = hmac.new(self.key, raw.strip().lower().encode(), hashlib.sha256).hexdigest()
        return f"cust-{digest[:12]}"
