"""`heartline tokens` as a user runs it: real processes, both databases."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

from heartline.services.auth import authenticate_token
from heartline.storage.auth import AuthRepository
from heartline.storage.store import Store
from heartline.web import security

SECRET = "x" * 40


def heartline(*args: str, db: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HEARTLINE_DATA_DIR": str(tmp_path / "data"),
           "HEARTLINE_DATABASE_URL": db, "HEARTLINE_SECRET_KEY": SECRET, "COLUMNS": "200"}
    return subprocess.run([sys.executable, "-m", "heartline", *args], capture_output=True,
                          text=True, env=env, timeout=120)


def test_create_prints_a_working_token_once(database_url: str, tmp_path: Path) -> None:
    made = heartline("tokens", "create", "--user", "zendesk", db=database_url, tmp_path=tmp_path)
    assert made.returncode == 0, made.stderr
    token = made.stdout.strip()
    assert re.fullmatch(r"hl_[A-Za-z0-9_-]{43}", token)
    assert "shown once" in made.stderr
    listed = heartline("tokens", "list", db=database_url, tmp_path=tmp_path)
    assert listed.returncode == 0, listed.stderr
    assert "zendesk" in listed.stdout and "active" in listed.stdout
    assert token not in listed.stdout and token[3:20] not in listed.stdout
    store = Store.open(database_url)
    try:
        assert authenticate_token(AuthRepository(store.engine), token).user == "zendesk"
    finally:
        store.close()


def test_revoke_then_list_and_unknown_id(database_url: str, tmp_path: Path) -> None:
    heartline("tokens", "create", "--user", "a", db=database_url, tmp_path=tmp_path)
    heartline("tokens", "create", "--user", "b", db=database_url, tmp_path=tmp_path)
    revoked = heartline("tokens", "revoke", "1", db=database_url, tmp_path=tmp_path)
    assert revoked.returncode == 0, revoked.stderr
    rows = [line for line in heartline("tokens", "list", db=database_url, tmp_path=tmp_path)
            .stdout.splitlines() if re.search(r"│ [12] ", line)]
    assert len(rows) == 2
    assert "revoked" in rows[0] and "active" in rows[1]
    missing = heartline("tokens", "revoke", "42", db=database_url, tmp_path=tmp_path)
    assert missing.returncode == 5
    assert "no API token 42" in missing.stderr


def test_bad_user_name_is_a_usage_error(database_url: str, tmp_path: Path) -> None:
    r = heartline("tokens", "create", "--user", " ", db=database_url, tmp_path=tmp_path)
    assert r.returncode == 2
    assert r.stdout == ""


def test_link_is_signed_with_the_secret_key(tmp_path: Path) -> None:
    r = heartline("tokens", "link", "--user", "alice", "--minutes", "5",
                  "--base-url", "http://127.0.0.1:9000/", db="sqlite://", tmp_path=tmp_path)
    assert r.returncode == 0, r.stderr
    url = urlsplit(r.stdout.strip())
    assert (url.scheme, url.netloc, url.path) == ("http", "127.0.0.1:9000", "/assist/demo")
    user, _expires = security.check_link(SECRET.encode(), url.path, dict(parse_qsl(url.query)))
    assert user == "alice"
    too_long = heartline("tokens", "link", "--user", "a", "--minutes", "5000", db="sqlite://",
                         tmp_path=tmp_path)
    assert too_long.returncode == 2
