"""The assist demo page and its JSON twin: opened by signed link or token, never anonymously."""

from __future__ import annotations

import html
import re
import time
from urllib.parse import urlsplit

from fastapi.testclient import TestClient

from heartline.settings import Settings
from heartline.web import security
from heartline.web.pages import DEMO_CONVERSATION


def _link(settings: Settings, ttl: int = 600, path: str = "/assist/demo") -> str:
    return security.signed_link(settings.secret_key, path, user="alice", ttl_seconds=ttl)


def test_demo_page_opens_with_a_signed_link(client: TestClient, settings: Settings) -> None:
    r = client.get(_link(settings))
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/html")
    assert r.headers["cache-control"] == "no-store"
    assert r.headers["referrer-policy"] == "no-referrer"
    assert 'src="/static/heartline-assist.js"' in r.text
    assert 'data-endpoint="/api/v1/assist"' in r.text
    assert '<textarea id="reply"' in r.text
    for m in DEMO_CONVERSATION:
        assert m["text"] in html.unescape(r.text)


def test_json_twin_has_the_same_data(client: TestClient, settings: Settings) -> None:
    link = _link(settings)
    page = client.get(link).text
    parts = urlsplit(link)
    twin = client.get(f"{parts.path}.json?{parts.query}")
    assert twin.status_code == 200
    data = twin.json()
    assert data["user"] == "alice"
    assert data["conversation"] == DEMO_CONVERSATION
    assert data["widget"]["endpoint"] == "/api/v1/assist"
    assert f'data-endpoint="{data["widget"]["endpoint"]}"' in page


def test_the_page_credential_works_for_the_api_and_expires_with_the_link(
    client: TestClient, settings: Settings
) -> None:
    page = client.get(_link(settings, ttl=600)).text
    token = re.search(r'data-token="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    assert token.startswith("hls_")
    r = client.post("/api/v1/assist", json={"messages": [], "draft": "hello"},
                    headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 200
    with_later_clock = security.read_credential(settings.secret_key, token, now=time.time() + 590)
    assert with_later_clock == "alice"


def test_demo_page_refuses_anonymous_expired_and_tampered(client: TestClient, settings: Settings) -> None:
    assert client.get("/assist/demo").status_code == 401
    expired = security.signed_link(settings.secret_key, "/assist/demo", user="alice",
                                   ttl_seconds=60, now=time.time() - 120)
    assert client.get(expired).status_code == 401
    assert client.get(_link(settings).replace("alice", "admin")).status_code == 401
    assert client.get(_link(settings, path="/assist/other").replace("/assist/other", "/assist/demo")
                      ).status_code == 401


def test_demo_page_opens_with_an_api_token(client: TestClient, auth: dict[str, str]) -> None:
    r = client.get("/assist/demo", headers=auth)
    assert r.status_code == 200
    assert "signed in as alice" in r.text


def test_a_page_credential_cannot_renew_itself(client: TestClient, settings: Settings) -> None:
    page = client.get(_link(settings, ttl=60)).text
    token = re.search(r'data-token="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    r = client.get("/assist/demo", headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 401
