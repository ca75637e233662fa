"""Signed, expiring links and credentials."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

import pytest

from heartline.errors import AuthError
from heartline.web import security

KEY = b"s" * 64
NOW = 1_800_000_000.0


def _query(link: str) -> dict[str, str]:
    return dict(parse_qsl(urlsplit(link).query))


def test_link_round_trip() -> None:
    link = security.signed_link(KEY, "/assist/demo", user="alice", ttl_seconds=600, now=NOW)
    assert link.startswith("/assist/demo?")
    assert security.check_link(KEY, "/assist/demo", _query(link), now=NOW + 599) == (
        "alice", int(NOW) + 600)


def test_link_expires() -> None:
    q = _query(security.signed_link(KEY, "/p", user="alice", ttl_seconds=60, now=NOW))
    with pytest.raises(AuthError, match="expired"):
        security.check_link(KEY, "/p", q, now=NOW + 60)


@pytest.mark.parametrize("change", [
    {"user": "mallory"}, {"expires": str(int(NOW) + 10_000)}, {"sig": "A" * 43}, {"sig": ""},
    {"expires": "soon"},
])
def test_tampered_links_are_refused(change: dict[str, str]) -> None:
    q = _query(security.signed_link(KEY, "/p", user="alice", ttl_seconds=60, now=NOW))
    with pytest.raises(AuthError):
        security.check_link(KEY, "/p", {**q, **change}, now=NOW)


def test_link_is_bound_to_its_path_and_key() -> None:
    q = _query(security.signed_link(KEY, "/p", user="alice", ttl_seconds=60, now=NOW))
    with pytest.raises(AuthError):
        security.check_link(KEY, "/admin", q, now=NOW)
    with pytest.raises(AuthError):
        security.check_link(b"t" * 64, "/p", q, now=NOW)


def test_parts_are_unambiguous() -> None:
    assert security.sign(KEY, "x", "ab", "c") != security.sign(KEY, "x", "a", "bc")


def test_purposes_use_different_keys() -> None:
    """A link signature is never a valid credential signature, and vice versa."""
    assert security.sign(KEY, "link", "payload") != security.sign(KEY, "credential", "payload")


@pytest.mark.parametrize("ttl", [0, -5, security.MAX_TTL + 1])
def test_link_lifetime_is_bounded(ttl: int) -> None:
    with pytest.raises(ValueError):
        security.signed_link(KEY, "/p", user="a", ttl_seconds=ttl, now=NOW)


def test_credential_round_trip_and_expiry() -> None:
    cred = security.issue_credential(KEY, user="ålice", expires=int(NOW) + 60)
    assert cred.startswith("hls_")
    assert security.read_credential(KEY, cred, now=NOW) == "ålice"
    with pytest.raises(AuthError, match="expired"):
        security.read_credential(KEY, cred, now=NOW + 60)


@pytest.mark.parametrize("mangle", [
    lambda c: c[:-2] + "xx",
    lambda c: "hls_" + security.issue_credential(KEY, user="bob", expires=int(NOW) + 60)[4:].split(".")[0]
    + "." + c.split(".")[1],
    lambda c: c.replace("hls_", "hl_"),
    lambda c: c.split(".")[0],
    lambda c: "hls_" + "A" * 3000,
])
def test_forged_credentials_are_refused(mangle: object) -> None:
    cred = security.issue_credential(KEY, user="alice", expires=int(NOW) + 60)
    with pytest.raises(AuthError):
        security.read_credential(KEY, mangle(cred), now=NOW)  # type: ignore[operator]
    with pytest.raises(AuthError):
        security.read_credential(b"t" * 64, cred, now=NOW)
