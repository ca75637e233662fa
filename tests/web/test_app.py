"""The app shell: who may call what, errors in one shape, limits, logs without content."""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from starlette.routing import BaseRoute

from heartline.assist import AssistResult
from heartline.conversation import Message
from heartline.errors import ModelError
from heartline.settings import Settings
from heartline.web import create_app

from .fake_engine import FakeEngine

SECRET = "Mrs Jones at 12 Elm Street is FURIOUS-4711"


def test_healthz_is_anonymous_and_reports_the_engine(client: TestClient) -> None:
    r = client.get("/healthz")
    assert r.status_code == 200
    assert r.json() == {"status": "ok", "engine": "ready"}
    assert len(r.headers["x-request-id"]) == 16


def test_widget_script_is_public(client: TestClient) -> None:
    r = client.get("/static/heartline-assist.js")
    assert r.status_code == 200
    assert "javascript" in r.headers["content-type"]
    assert "HeartlineAssist" in r.text


def test_every_route_but_healthz_asks_who_is_calling(client: TestClient) -> None:
    """A route added later without auth fails here."""
    routes = list(_api_routes(client.app.routes))  # type: ignore[attr-defined]
    assert {r.path for r in routes} >= {"/api/v1/assist", "/assist/demo", "/healthz"}
    for route in routes:
        if route.path == "/healthz":
            continue
        for method in route.methods:
            r = client.request(method, route.path, json={"messages": [], "draft": ""})
            assert r.status_code == 401, f"{method} {route.path} answered {r.status_code}"


def _api_routes(routes: Sequence[BaseRoute]) -> Iterator[APIRoute]:
    # FastAPI 0.165 keeps included routers as nodes that hold the original router.
    for r in routes:
        if isinstance(r, APIRoute):
            yield r
        elif (inner := getattr(r, "original_router", None)) is not None:
            yield from _api_routes(inner.routes)


def test_openapi_schema_needs_a_token(client: TestClient, auth: dict[str, str]) -> None:
    assert client.get("/openapi.json").status_code == 404
    assert client.get("/docs").status_code == 404
    r = client.get("/api/v1/openapi.json", headers=auth)
    assert r.status_code == 200
    assert "/api/v1/assist" in r.json()["paths"]


def test_unknown_paths_and_methods_get_json(client: TestClient, auth: dict[str, str]) -> None:
    r = client.get("/nope", headers=auth)
    assert r.status_code == 404 and r.json()["error"] == "not found"
    r = client.get("/api/v1/assist", headers=auth)
    assert r.status_code == 405 and r.json()["error"] == "method not allowed"


@pytest.fixture
def small_client(settings: Settings) -> Iterator[TestClient]:
    app = create_app(settings, engine_factory=lambda _s: FakeEngine(), max_body_bytes=1000)
    with TestClient(app) as c:
        yield c


def test_declared_huge_body_gets_413_with_the_limit(small_client: TestClient) -> None:
    r = small_client.post("/api/v1/assist", content=b"x" * 1001,
                          headers={"Content-Type": "application/json"})
    assert r.status_code == 413
    assert r.json()["limit_bytes"] == 1000


def test_streamed_huge_body_gets_413_with_the_limit(small_client: TestClient) -> None:
    def chunks() -> Iterator[bytes]:
        for _ in range(20):
            yield b"x" * 100

    r = small_client.post("/api/v1/assist", content=chunks(),
                          headers={"Content-Type": "application/json", "Authorization": "Bearer x"})
    assert "content-length" not in r.request.headers  # really chunked
    assert r.status_code == 413
    assert r.json()["limit_bytes"] == 1000


def test_body_at_the_limit_passes_the_limit(small_client: TestClient) -> None:
    r = small_client.post("/api/v1/assist", content=b"{" + b" " * 998 + b"}",
                          headers={"Content-Type": "application/json"})
    assert r.status_code == 401  # got past the size check to the auth check


class Exploding(FakeEngine):
    def assist(self, messages: Sequence[Message], draft: str) -> AssistResult:
        raise ValueError(f"could not parse {messages[0].text}")


def test_engine_crash_is_a_500_that_leaks_no_text(
    settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    app = create_app(settings, engine_factory=lambda _s: Exploding())
    caplog.set_level(logging.DEBUG)
    with TestClient(app) as c:
        from .test_api import _token

        r = c.post("/api/v1/assist", json={"messages": [{"role": "customer", "text": SECRET}],
                                           "draft": SECRET}, headers=_token(c, settings))
        assert r.status_code == 500
        assert r.json()["request_id"] == r.headers["x-request-id"]
        assert "FURIOUS" not in r.text
        again = c.get("/healthz")  # the server carries on
        assert again.status_code == 200
    assert "ValueError" in caplog.text
    assert "FURIOUS" not in caplog.text


def test_logs_hold_ids_sizes_and_timings_but_no_text(
    client: TestClient, auth: dict[str, str], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    r = client.post("/api/v1/assist", json={"messages": [{"role": "customer", "text": SECRET}],
                                            "draft": "calm down " + SECRET}, headers=auth)
    assert r.status_code == 200
    lines = [rec.getMessage() for rec in caplog.records if rec.name.startswith("heartline")]
    access = [line for line in lines if "/api/v1/assist" in line]
    assert access and r.headers["x-request-id"] in access[0] and " 200 " in access[0]
    assert "ms" in access[0] and "in=" in access[0]
    assert not [line for line in lines if "FURIOUS" in line or "Elm" in line]
    assert "FURIOUS" not in caplog.text


def test_access_log_shows_the_route_not_the_query(
    client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    client.get("/assist/demo?user=alice&expires=1&sig=SIGNATURE-VALUE")
    ours = "\n".join(r.getMessage() for r in caplog.records if r.name.startswith("heartline"))
    assert "/assist/demo" in ours
    assert "SIGNATURE-VALUE" not in ours


def test_engine_that_fails_to_load_gives_503_with_a_hint(settings: Settings) -> None:
    def broken(_s: Settings) -> FakeEngine:
        raise ModelError("the encoder cache is missing", hint="run heartline models build")

    with TestClient(create_app(settings, engine_factory=broken)) as c:
        assert c.get("/healthz").json()["engine"] == "unavailable"
        from .test_api import _token

        r = c.post("/api/v1/assist", json={"messages": [], "draft": "x"}, headers=_token(c, settings))
        assert r.status_code == 503
        assert r.json()["hint"] == "run heartline models build"


def test_cors_lets_listed_helpdesks_call_from_the_browser(settings: Settings) -> None:
    app = create_app(settings, engine_factory=lambda _s: FakeEngine(),
                     cors_origins=["https://acme.example"])
    with TestClient(app) as c:
        pre = {"Access-Control-Request-Method": "POST",
               "Access-Control-Request-Headers": "authorization,content-type"}
        ok = c.options("/api/v1/assist", headers={"Origin": "https://acme.example", **pre})
        assert ok.status_code == 200
        assert ok.headers["access-control-allow-origin"] == "https://acme.example"
        other = c.options("/api/v1/assist", headers={"Origin": "https://evil.example", **pre})
        assert "access-control-allow-origin" not in other.headers


def test_without_cors_origins_no_cross_origin_headers(client: TestClient) -> None:
    r = client.get("/healthz", headers={"Origin": "https://acme.example"})
    assert "access-control-allow-origin" not in r.headers


def test_default_engine_factory_loads_one_thread_engine_without_rewriter(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    from heartline.engine import Engine
    from heartline.web.app import load_engine

    fake = FakeEngine()
    calls: list[dict[str, object]] = []

    def load(**kwargs: object) -> FakeEngine:
        calls.append(kwargs)
        return fake

    monkeypatch.setattr(Engine, "load", staticmethod(load))
    assert load_engine(settings) is fake
    # Concurrency comes from requests; nothing leaves the machine unless configured.
    assert calls == [{"threads": 1, "rewriter": None}]


