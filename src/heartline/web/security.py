"""Signed, expiring values: links to pages and short-lived credentials for them.

A signed link (``/assist/demo?user=alice&expires=…&sig=…``) lets a person
open one page for a while without an account; the page then hands its widget
a signed credential (``hls_…``) that the API accepts until it expires. Both
are HMAC-SHA256 over the purpose, the path (for links), the user and the
expiry time, keyed by a key derived from the settings' secret key.

Deriving a key per use (``_key``) keeps these signatures independent of the
customer pseudonyms keyed by the same secret. Signed values cannot be revoked
one by one; they expire (links and credentials last at most ``MAX_TTL``), and
changing ``HEARTLINE_SECRET_KEY`` voids them all.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from collections.abc import Mapping
from urllib.parse import urlencode

from heartline.errors import AuthError

CREDENTIAL_PREFIX = "hls_"
MAX_TTL = 24 * 3600


def _key(secret_key: bytes, purpose: str) -> bytes:
    return hmac.new(secret_key, f"heartline signed {purpose} v1".encode(), hashlib.sha256).digest()


def sign(secret_key: bytes, purpose: str, *parts: str) -> str:
    """A URL-safe HMAC-SHA256 signature of ``parts`` for one ``purpose``."""
    # JSON keeps the parts unambiguous: ("a", "bc") and ("ab", "c") sign differently.
    message = json.dumps(parts, separators=(",", ":")).encode()
    digest = hmac.new(_key(secret_key, purpose), message, hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def _check(secret_key: bytes, purpose: str, signature: str, *parts: str) -> bool:
    return hmac.compare_digest(sign(secret_key, purpose, *parts), signature)


def signed_link(secret_key: bytes, path: str, *, user: str, ttl_seconds: int,
                now: float | None = None) -> str:
    """``path`` with a query that lets ``user`` open it for ``ttl_seconds``."""
    if not 0 < ttl_seconds <= MAX_TTL:
        raise ValueError(f"ttl_seconds must be between 1 and {MAX_TTL}")
    expires = int((time.time() if now is None else now) + ttl_seconds)
    sig = sign(secret_key, "link", path, user, str(expires))
    return f"{path}?{urlencode({'user': user, 'expires': expires, 'sig': sig})}"


def check_link(secret_key: bytes, path: str, query: Mapping[str, str], *,
               now: float | None = None) -> tuple[str, int]:
    """The user and expiry time of a signed link to ``path``; AuthError if it is not valid now."""
    user, expires, sig = query.get("user"), query.get("expires"), query.get("sig")
    if not user or not expires or not sig or not expires.isdigit():
        raise AuthError("this page needs a signed link or an API token",
                        hint="make a link with `heartline tokens link --user NAME`")
    if not _check(secret_key, "link", sig, path, user, expires):
        raise AuthError("the link's signature is not valid",
                        hint="make a new link with `heartline tokens link --user NAME`")
    _not_expired(int(expires), now, what="link")
    return user, int(expires)


def issue_credential(secret_key: bytes, *, user: str, expires: int) -> str:
    """A bearer credential for ``user`` that the API accepts until ``expires`` (Unix time)."""
    payload = base64.urlsafe_b64encode(
        json.dumps([user, expires], separators=(",", ":")).encode()
    ).rstrip(b"=").decode()
    return f"{CREDENTIAL_PREFIX}{payload}.{sign(secret_key, 'credential', payload)}"


def read_credential(secret_key: bytes, credential: str, *, now: float | None = None) -> str:
    """The user of a signed credential; AuthError if it is forged, garbled or expired."""
    payload, _, sig = credential.removeprefix(CREDENTIAL_PREFIX).partition(".")
    if not credential.startswith(CREDENTIAL_PREFIX) or not sig or len(credential) > 2048 \
            or not _check(secret_key, "credential", sig, payload):
        raise AuthError("the signed credential is not valid",
                        hint="reload the page, or use an API token")
    try:
        user, expires = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    except ValueError as exc:  # cannot happen for a value we signed; belt and braces
        raise AuthError("the signed credential is not valid") from exc
    _not_expired(int(expires), now, what="signed credential")
    return str(user)


def _not_expired(expires: int, now: float | None, *, what: str) -> None:
    current = time.time() if now is None else now
    if current >= expires:
        raise AuthError(f"the {what} has expired", hint="ask for a new one")
