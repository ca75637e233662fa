"""Who is asking: API tokens for machine clients, passwords for people.

API tokens are ``hl_`` + 32 random bytes (URL-safe base64), shown once and
stored as a SHA-256 digest. A fast hash is right here, unlike for passwords:
a token carries 256 bits of entropy, so there is nothing to guess and a
stolen table of digests cannot be brute-forced, while a slow KDF would add
tens of milliseconds to every assist call. Looking a token up by its digest
also keeps the comparison out of Python (no timing side channel on the token).

Passwords are people-chosen and low-entropy, so they get argon2id
(argon2-cffi's defaults, RFC 9106's second recommended profile) and are
rehashed on sign-in when those defaults grow stronger.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from heartline.errors import AuthError, ConfigError, NotFoundError
from heartline.storage.auth import AuthRepository, DuplicateUserError, TokenRecord, UserRecord

log = logging.getLogger(__name__)

TOKEN_PREFIX = "hl_"
#: ``last_used_at`` is written at most this often per token (one write a minute, not per call).
LAST_USED_RESOLUTION = timedelta(minutes=1)
MIN_PASSWORD_LENGTH = 12
MAX_NAME_LENGTH = 255

_hasher = PasswordHasher()  # argon2id by default
# Verified against when a user does not exist, so a wrong name costs as long as a wrong password.
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))


@dataclass(frozen=True)
class Principal:
    """The authenticated caller of a request.

    Attributes:
        user: the user (or integration) name the credential belongs to.
        token_id: the API token used, if it was one (None for signed credentials).
    """

    user: str
    token_id: int | None = None


@dataclass(frozen=True)
class IssuedToken:
    """A freshly created token: the only moment its plain value exists."""

    id: int
    user: str
    token: str


def hash_token(token: str) -> str:
    """The stored form of an API token: hex SHA-256 (see the module docstring for why)."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_token(repo: AuthRepository, *, user: str) -> IssuedToken:
    """Make a new API token for ``user``; the returned value is never stored."""
    _check_name(user, what="user")
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    record = repo.add_token(user=user, token_hash=hash_token(token), created_at=_now())
    log.info("created API token %d for user %s", record.id, user)
    return IssuedToken(record.id, user, token)


class TokenCache:
    """Tokens verified in the last ``ttl`` seconds, for servers that see the same few tokens.

    A helpdesk integration sends every assist call with one token; looking it up
    each time cost more than the rest of the request. The price: a revoked
    token keeps working in a running server for up to ``ttl`` seconds.
    Thread-safe enough by construction: dict reads and writes are atomic.
    """

    def __init__(self, *, ttl: float = 10.0, max_entries: int = 10_000,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.ttl = ttl
        self.max_entries = max_entries
        self._clock = clock
        self._entries: dict[str, tuple[float, Principal]] = {}

    def get(self, token: str) -> Principal | None:
        """The cached principal for ``token`` if it was verified less than ``ttl`` ago."""
        entry = self._entries.get(hash_token(token))
        if entry is None or self._clock() - entry[0] >= self.ttl:
            return None
        return entry[1]

    def put(self, token: str, principal: Principal) -> None:
        """Remember that ``token`` was just verified as ``principal``."""
        if len(self._entries) >= self.max_entries:
            self._entries.clear()  # rare (that many live tokens); a full re-verify is cheap
        self._entries[hash_token(token)] = (self._clock(), principal)


def authenticate_token(repo: AuthRepository, token: str) -> Principal:
    """The principal behind a bearer token; raises AuthError when it is unknown or revoked."""
    if not token.startswith(TOKEN_PREFIX) or len(token) > 128:
        raise AuthError("the bearer token is not a heartline API token",
                        hint="create one with `heartline tokens create --user NAME`")
    record = repo.token_by_hash(hash_token(token))
    if record is None:
        raise AuthError("unknown API token", hint="create one with `heartline tokens create --user NAME`")
    if record.revoked:
        raise AuthError(f"API token {record.id} was revoked",
                        hint="create a new one with `heartline tokens create --user NAME`")
    now = _now()
    # Most calls end here without a write: on SQLite every write takes the database
    # lock, and one per request made concurrent assist calls queue behind each other.
    if record.last_used_at is None or record.last_used_at < now - LAST_USED_RESOLUTION:
        repo.mark_used(record.id, at=now, unless_since=now - LAST_USED_RESOLUTION)
    return Principal(record.user, record.id)


def list_tokens(repo: AuthRepository, *, user: str | None = None) -> list[TokenRecord]:
    """Every token, revoked ones included, oldest first."""
    return repo.tokens(user=user)


def revoke_token(repo: AuthRepository, token_id: int) -> TokenRecord:
    """Revoke token ``token_id`` (idempotent); NotFoundError if there is none."""
    record = repo.revoke_token(token_id, at=_now())
    if record is None:
        raise NotFoundError(f"there is no API token {token_id}",
                            hint="`heartline tokens list` shows the ids")
    log.info("revoked API token %d", token_id)
    return record


# -- people ------------------------------------------------------------------------


def hash_password(password: str) -> str:
    """An argon2id hash of ``password`` in PHC string format (salt and parameters included)."""
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """Whether ``password`` matches ``password_hash`` (constant-time inside argon2)."""
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def create_user(repo: AuthRepository, *, name: str, password: str) -> UserRecord:
    """Add a person who can sign in; ConfigError for a taken name or a short password."""
    _check_name(name, what="user name")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ConfigError(f"the password is shorter than {MIN_PASSWORD_LENGTH} characters",
                          hint="choose a longer passphrase")
    try:
        return repo.add_user(name=name, password_hash=hash_password(password), created_at=_now())
    except DuplicateUserError:
        raise ConfigError(f"a user called '{name}' exists already",
                          hint="pick another name") from None


def authenticate_user(repo: AuthRepository, *, name: str, password: str) -> Principal:
    """The principal for a name and password; one AuthError for every way it can fail.

    A wrong name, a wrong password and a disabled account all give the same
    message and take about the same time, so sign-in reveals no user names.
    """
    user = repo.user_by_name(name)
    ok = verify_password(user.password_hash if user else _DUMMY_HASH, password)
    if user is None or not ok or user.disabled:
        raise AuthError("wrong user name or password")
    if _hasher.check_needs_rehash(user.password_hash):
        repo.set_password_hash(user.id, hash_password(password))
    return Principal(user.name)


def _check_name(name: str, *, what: str) -> None:
    if not name.strip() or len(name) > MAX_NAME_LENGTH or not name.isprintable():
        raise ConfigError(f"the {what} must be 1–{MAX_NAME_LENGTH} printable characters",
                          hint="use a plain name such as alice or zendesk-integration")


def _now() -> datetime:
    return datetime.now(UTC)
