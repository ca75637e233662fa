"""Users and API tokens in the database: the repository behind ``services/auth.py``.

Only hashes are stored: argon2id PHC strings for passwords, SHA-256 digests for
API tokens (``services/auth.py`` says why each). Nothing here hashes or
checks anything; it reads and writes rows and maps them to plain records.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, insert, or_, select, update
from sqlalchemy.exc import IntegrityError

from heartline.storage import tables as t


@dataclass(frozen=True)
class TokenRecord:
    """An API token as stored (its hash, never the token)."""

    id: int
    user: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None

    @property
    def revoked(self) -> bool:
        """Whether the token was revoked."""
        return self.revoked_at is not None


@dataclass(frozen=True)
class UserRecord:
    """A person who can sign in to the web app."""

    id: int
    name: str
    password_hash: str
    created_at: datetime
    disabled: bool


class DuplicateUserError(Exception):
    """A user with this name exists already (the service turns it into a ConfigError)."""


class AuthRepository:
    """Reads and writes ``users`` and ``api_tokens`` on one database."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    # -- API tokens ----------------------------------------------------------------

    def add_token(self, *, user: str, token_hash: str, created_at: datetime) -> TokenRecord:
        """Store a new token's hash; returns the stored record."""
        with self.engine.begin() as conn:
            new_id = conn.execute(
                insert(t.api_tokens).values(
                    user_name=user, token_hash=token_hash, created_at=created_at,
                ).returning(t.api_tokens.c.id)
            ).scalar_one()
        return TokenRecord(new_id, user, created_at, None, None)

    def token_by_hash(self, token_hash: str) -> TokenRecord | None:
        """The token with this hash, revoked or not, or None."""
        with self.engine.connect() as conn:
            row = conn.execute(
                select(t.api_tokens).where(t.api_tokens.c.token_hash == token_hash)
            ).first()
        return None if row is None else _token(row)

    def tokens(self, *, user: str | None = None) -> list[TokenRecord]:
        """Every token (optionally one user's), oldest first."""
        q = select(t.api_tokens).order_by(t.api_tokens.c.id)
        if user is not None:
            q = q.where(t.api_tokens.c.user_name == user)
        with self.engine.connect() as conn:
            return [_token(r) for r in conn.execute(q)]

    def mark_used(self, token_id: int, *, at: datetime, unless_since: datetime) -> None:
        """Set ``last_used_at`` unless it is already at or after ``unless_since``.

        The condition lives in the UPDATE so concurrent requests need no read
        first, and a busy token costs one write a minute, not one per request.
        """
        c = t.api_tokens.c
        with self.engine.begin() as conn:
            conn.execute(
                update(t.api_tokens)
                .where(c.id == token_id, or_(c.last_used_at.is_(None), c.last_used_at < unless_since))
                .values(last_used_at=at)
            )

    def revoke_token(self, token_id: int, *, at: datetime) -> TokenRecord | None:
        """Revoke a token (a no-op if it already was); None if no such token."""
        c = t.api_tokens.c
        with self.engine.begin() as conn:
            conn.execute(
                update(t.api_tokens).where(c.id == token_id, c.revoked_at.is_(None))
                .values(revoked_at=at)
            )
            row = conn.execute(select(t.api_tokens).where(c.id == token_id)).first()
        return None if row is None else _token(row)

    # -- users ---------------------------------------------------------------------

    def add_user(self, *, name: str, password_hash: str, created_at: datetime) -> UserRecord:
        """Store a new user; raises DuplicateUserError if the name is taken."""
        try:
            with self.engine.begin() as conn:
                new_id = conn.execute(
                    insert(t.users).values(
                        name=name, password_hash=password_hash, created_at=created_at,
                        disabled=False,
                    ).returning(t.users.c.id)
                ).scalar_one()
        except IntegrityError as exc:
            raise DuplicateUserError(name) from exc
        return UserRecord(new_id, name, password_hash, created_at, False)

    def user_by_name(self, name: str) -> UserRecord | None:
        """The user called ``name``, or None."""
        with self.engine.connect() as conn:
            row = conn.execute(select(t.users).where(t.users.c.name == name)).first()
        return None if row is None else _user(row)

    def set_password_hash(self, user_id: int, password_hash: str) -> None:
        """Replace a user's password hash (new password, or a rehash with stronger parameters)."""
        with self.engine.begin() as conn:
            conn.execute(
                update(t.users).where(t.users.c.id == user_id).values(password_hash=password_hash)
            )

    def set_disabled(self, user_id: int, disabled: bool) -> None:
        """Disable or re-enable a user's sign-in."""
        with self.engine.begin() as conn:
            conn.execute(update(t.users).where(t.users.c.id == user_id).values(disabled=disabled))


def _token(r: Any) -> TokenRecord:
    return TokenRecord(r.id, r.user_name, r.created_at, r.last_used_at, r.revoked_at)


def _user(r: Any) -> UserRecord:
    return UserRecord(r.id, r.name, r.password_hash, r.created_at, bool(r.disabled))
