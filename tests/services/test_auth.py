"""API tokens and passwords: issuing, checking, revoking, on both databases."""

from __future__ import annotations

import base64

import pytest
from argon2 import PasswordHasher

from heartline.errors import AuthError, ConfigError, NotFoundError
from heartline.services import auth
from heartline.storage import tables as t
from heartline.storage.auth import AuthRepository
from heartline.storage.store import Store


@pytest.fixture
def repo(store: Store) -> AuthRepository:
    return AuthRepository(store.engine)


def test_created_token_is_random_prefixed_and_only_its_hash_is_stored(
    repo: AuthRepository, store: Store
) -> None:
    issued = auth.create_token(repo, user="zendesk")
    other = auth.create_token(repo, user="zendesk")
    assert issued.token.startswith("hl_") and issued.token != other.token
    assert len(base64.urlsafe_b64decode(issued.token[3:] + "=")) == 32
    with store.engine.connect() as conn:
        stored = [tuple(r) for r in conn.execute(t.api_tokens.select())]
    assert not any(issued.token in str(v) or issued.token[3:] in str(v) for r in stored for v in r)
    assert repo.token_by_hash(auth.hash_token(issued.token)) is not None


def test_authenticate_returns_principal_and_records_use(repo: AuthRepository) -> None:
    issued = auth.create_token(repo, user="alice")
    who = auth.authenticate_token(repo, issued.token)
    assert who == auth.Principal("alice", issued.id)
    assert auth.list_tokens(repo)[0].last_used_at is not None


def test_busy_token_writes_last_used_once_a_minute(repo: AuthRepository) -> None:
    issued = auth.create_token(repo, user="alice")
    writes: list[int] = []
    real = repo.mark_used

    def counting(token_id: int, **kw: object) -> None:
        writes.append(token_id)
        real(token_id, **kw)  # type: ignore[arg-type]

    repo.mark_used = counting  # type: ignore[method-assign]
    for _ in range(5):
        auth.authenticate_token(repo, issued.token)
    assert writes == [issued.id]


def test_token_cache_remembers_for_ttl_only() -> None:
    now = [100.0]
    cache = auth.TokenCache(ttl=10, clock=lambda: now[0])
    who = auth.Principal("alice", 1)
    assert cache.get("hl_a") is None
    cache.put("hl_a", who)
    assert cache.get("hl_a") == who
    assert cache.get("hl_b") is None
    now[0] += 9.9
    assert cache.get("hl_a") == who
    now[0] += 0.1
    assert cache.get("hl_a") is None


def test_token_cache_stays_bounded() -> None:
    cache = auth.TokenCache(max_entries=3)
    for i in range(10):
        cache.put(f"hl_{i}", auth.Principal("u", i))
    assert len(cache._entries) <= 3
    assert cache.get("hl_9") == auth.Principal("u", 9)


@pytest.mark.parametrize("bad", ["", "hl_", "hl_nope", "Bearer x", "hl_" + "A" * 200, "xx_" + "A" * 43])
def test_unknown_or_malformed_tokens_are_refused(repo: AuthRepository, bad: str) -> None:
    auth.create_token(repo, user="alice")
    with pytest.raises(AuthError):
        auth.authenticate_token(repo, bad)


def test_revoked_token_is_refused_and_listed_as_revoked(repo: AuthRepository) -> None:
    issued = auth.create_token(repo, user="alice")
    auth.revoke_token(repo, issued.id)
    with pytest.raises(AuthError, match="revoked"):
        auth.authenticate_token(repo, issued.token)
    assert [tok.revoked for tok in auth.list_tokens(repo)] == [True]
    with pytest.raises(NotFoundError):
        auth.revoke_token(repo, issued.id + 1)


@pytest.mark.parametrize("name", ["", "   ", "a" * 256, "tab\tname"])
def test_bad_user_names_are_refused(repo: AuthRepository, name: str) -> None:
    with pytest.raises(ConfigError):
        auth.create_token(repo, user=name)


def test_passwords_are_argon2id_and_verify(repo: AuthRepository) -> None:
    h = auth.hash_password("correct horse battery")
    assert h.startswith("$argon2id$")
    assert auth.verify_password(h, "correct horse battery")
    assert not auth.verify_password(h, "correct horse battery!")
    assert not auth.verify_password("not a hash", "x")
    assert auth.hash_password("same") != auth.hash_password("same")  # salted


def test_users_sign_in_and_failures_look_alike(repo: AuthRepository) -> None:
    auth.create_user(repo, name="alice", password="a long passphrase")
    assert auth.authenticate_user(repo, name="alice", password="a long passphrase").user == "alice"
    messages = set()
    for name, pw in [("alice", "wrong passphrase!"), ("nobody", "a long passphrase")]:
        with pytest.raises(AuthError) as err:
            auth.authenticate_user(repo, name=name, password=pw)
        messages.add(err.value.message)
    user = repo.user_by_name("alice")
    assert user is not None
    repo.set_disabled(user.id, True)
    with pytest.raises(AuthError) as err:
        auth.authenticate_user(repo, name="alice", password="a long passphrase")
    messages.add(err.value.message)
    assert len(messages) == 1


def test_create_user_refuses_short_passwords_and_taken_names(repo: AuthRepository) -> None:
    with pytest.raises(ConfigError, match="shorter"):
        auth.create_user(repo, name="bob", password="short")
    auth.create_user(repo, name="bob", password="long enough pass")
    with pytest.raises(ConfigError, match="exists"):
        auth.create_user(repo, name="bob", password="long enough pass")


def test_weak_hash_is_upgraded_on_sign_in(repo: AuthRepository) -> None:
    weak = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1).hash("a long passphrase")
    user = repo.add_user(name="carol", password_hash=weak, created_at=auth._now())
    auth.authenticate_user(repo, name="carol", password="a long passphrase")
    upgraded = repo.user_by_name("carol")
    assert upgraded is not None and upgraded.password_hash != weak
    assert auth.verify_password(upgraded.password_hash, "a long passphrase")
    assert user.id == upgraded.id
