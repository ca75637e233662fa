"""POST /api/v1/assist: the contract, strict validation, auth, and the threadpool."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Sequence

import httpx
import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from heartline.assist import AssistResult
from heartline.conversation import Message
from heartline.services.auth import IssuedToken, TokenCache, revoke_token
from heartline.settings import Settings
from heartline.storage.auth import AuthRepository
from heartline.storage.store import Store
from heartline.web import create_app, security
from heartline.web.schemas import AssistResponse

from .fake_engine import ACKNOWLEDGEMENT, FakeEngine

UPSET = {"role": "customer", "text": "The screen is cracked. This is ridiculous!!"}


def body(draft: str = "", messages: list[dict[str, str]] | None = None) -> dict[str, object]:
    return {"messages": [UPSET] if messages is None else messages, "draft": draft}


def test_assist_returns_the_documented_shape(client: TestClient, auth: dict[str, str]) -> None:
    r = client.post("/api/v1/assist", json=body("Could you send a photo?"), headers=auth)
    assert r.status_code == 200, r.text
    out = r.json()
    assert set(out) == {"customer", "draft", "warnings", "suggested_acknowledgement", "timing_ms"}
    assert out["customer"] == {"emotion": "frustrated", "intensity": 0.8,
                               "needs": ["acknowledgement", "a replacement"]}
    assert set(out["draft"]["scores"]) == {"cognitive", "emotional", "compassionate", "empathy"}
    assert out["draft"]["scores"]["cognitive"] == 80.0
    assert out["draft"]["behaviours"]["explores"] is True
    assert [w["kind"] for w in out["warnings"]] == ["ignores_emotion"]
    assert out["warnings"][0]["span"] is None
    assert out["suggested_acknowledgement"] == ACKNOWLEDGEMENT
    assert out["timing_ms"] >= 0
    AssistResponse.model_validate(out)  # the documented schema (the route does not re-check)


def test_rude_phrase_is_flagged_with_its_span(client: TestClient, auth: dict[str, str]) -> None:
    draft = "Please calm down, we will look at it."
    r = client.post("/api/v1/assist", json=body(draft), headers=auth)
    rude = [w for w in r.json()["warnings"] if w["kind"] == "rude"]
    assert len(rude) == 1
    start, end = rude[0]["span"]
    assert draft[start:end].lower() == "calm down"


def test_engine_gets_messages_in_order_with_roles(settings: Settings) -> None:
    seen: list[tuple[str, str]] = []

    class Recorder(FakeEngine):
        def assist(self, messages: Sequence[Message], draft: str) -> AssistResult:
            seen.extend((m.role.value, m.text) for m in messages)
            return super().assist(messages, draft)

    with TestClient(create_app(settings, engine_factory=lambda _s: Recorder())) as c:
        tok = _token(c, settings)
        msgs = [{"role": "customer", "text": "a"}, {"role": "agent", "text": "b"},
                {"role": "customer", "text": "c"}]
        assert c.post("/api/v1/assist", json=body("d", msgs), headers=tok).status_code == 200
    assert seen == [("customer", "a"), ("agent", "b"), ("customer", "c")]


@pytest.mark.parametrize(("payload", "field"), [
    ({"messages": [UPSET] * 201, "draft": ""}, "messages"),
    ({"messages": [{"role": "customer", "text": "x" * 20_001}], "draft": ""}, "messages[0].text"),
    ({"messages": [{"role": "bot", "text": "hi"}], "draft": ""}, "messages[0].role"),
    ({"messages": [{"role": "customer"}], "draft": ""}, "messages[0].text"),
    ({"messages": [{"role": "customer", "text": 5}], "draft": ""}, "messages[0].text"),
    ({"messages": "hello", "draft": ""}, "messages"),
    ({"messages": [], "draft": "y" * 20_001}, "draft"),
    ({"messages": [], "draft": ["not", "text"]}, "draft"),
    ({"messages": [], "draft": "", "extra": 1}, "extra"),
    ({"draft": ""}, "messages"),
])
def test_invalid_requests_get_422_naming_the_field(
    client: TestClient, auth: dict[str, str], payload: dict[str, object], field: str
) -> None:
    r = client.post("/api/v1/assist", json=payload, headers=auth)
    assert r.status_code == 422
    out = r.json()
    assert field in [f["field"] for f in out["fields"]]
    assert field in out["error"]
    assert '"input"' not in r.text  # pydantic's echo of the input is never sent back


def test_rejected_values_are_not_echoed(client: TestClient, auth: dict[str, str]) -> None:
    payload = {"messages": [{"role": "SECRET-ROLE", "text": ["SECRET-TEXT"]}], "draft": 7}
    r = client.post("/api/v1/assist", json=payload, headers=auth)
    assert r.status_code == 422
    assert "SECRET" not in r.text


def test_limits_are_inclusive(client: TestClient, auth: dict[str, str]) -> None:
    payload = {"messages": [{"role": "agent", "text": "x" * 20_000}] * 200, "draft": "y" * 20_000}
    assert client.post("/api/v1/assist", json=payload, headers=auth).status_code == 200


def test_invalid_json_is_400_and_not_echoed(client: TestClient, auth: dict[str, str]) -> None:
    r = client.post("/api/v1/assist", content=b'{"messages": [SECRET-CUSTOMER-TEXT',
                    headers={**auth, "Content-Type": "application/json"})
    assert r.status_code == 400
    assert "not valid JSON" in r.json()["error"]
    assert "SECRET" not in r.text


@pytest.mark.parametrize("headers", [
    {}, {"Authorization": "Bearer hl_unknown"}, {"Authorization": "Basic YWxpY2U6cHc="},
    {"Authorization": "Bearer hls_forged.signature"},
])
def test_assist_refuses_missing_or_bad_credentials(client: TestClient, headers: dict[str, str]) -> None:
    r = client.post("/api/v1/assist", json=body("hi"), headers=headers)
    assert r.status_code == 401
    assert r.headers["www-authenticate"].startswith("Bearer")
    assert r.json()["hint"]


def test_revoked_token_is_refused_once_the_cache_entry_expires(
    client: TestClient, settings: Settings, auth: dict[str, str], token: IssuedToken
) -> None:
    now = [0.0]
    client.app.state.heartline.tokens = TokenCache(ttl=10, clock=lambda: now[0])  # type: ignore[attr-defined]
    assert client.get("/api/v1/whoami", headers=auth).status_code == 200
    store = Store.open(settings.database_url)
    try:
        revoke_token(AuthRepository(store.engine), token.id)
    finally:
        store.close()
    assert client.get("/api/v1/whoami", headers=auth).status_code == 200  # cached, < 10 s
    now[0] = 10.0
    assert client.get("/api/v1/whoami", headers=auth).status_code == 401


def test_signed_credentials_work_until_they_expire(client: TestClient, settings: Settings) -> None:
    good = security.issue_credential(settings.secret_key, user="page", expires=int(time.time()) + 60)
    old = security.issue_credential(settings.secret_key, user="page", expires=int(time.time()) - 1)
    assert client.get("/api/v1/whoami", headers={"Authorization": f"Bearer {good}"}).json() == {
        "user": "page", "token_id": None}
    assert client.get("/api/v1/whoami", headers={"Authorization": f"Bearer {old}"}).status_code == 401


def test_whoami_names_the_token(client: TestClient, auth: dict[str, str]) -> None:
    out = client.get("/api/v1/whoami", headers=auth).json()
    assert out["user"] == "alice" and isinstance(out["token_id"], int)


def test_engine_runs_off_the_event_loop_and_requests_overlap(settings: Settings) -> None:
    loops_seen: list[bool] = []

    class Slow(FakeEngine):
        def assist(self, messages: Sequence[Message], draft: str) -> AssistResult:
            try:
                asyncio.get_running_loop()
                loops_seen.append(True)
            except RuntimeError:
                loops_seen.append(False)
            return super().assist(messages, draft)

    engine = Slow(delay_s=0.3)
    app = create_app(settings, engine_factory=lambda _s: engine)
    with TestClient(app) as c:
        tok = _token(c, settings)

        async def burst() -> tuple[float, float]:
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://t") as ac:
                t0 = time.perf_counter()
                calls = [ac.post("/api/v1/assist", json=body("hi"), headers=tok) for _ in range(4)]
                health = asyncio.create_task(_timed(ac.get("/healthz")))
                results = await asyncio.gather(*calls)
                assert all(r.status_code == 200 for r in results)
                return time.perf_counter() - t0, await health

        total, health_s = asyncio.run(burst())
    assert loops_seen == [False] * 4  # never on the event loop's thread
    assert total < 4 * 0.3  # the four 0.3 s calls overlapped
    assert health_s < 0.2  # the loop stayed free while the engine worked


async def _timed(coro: object) -> float:
    t0 = time.perf_counter()
    await coro  # type: ignore[misc]
    return time.perf_counter() - t0


def _token(client: TestClient, settings: Settings) -> dict[str, str]:
    cred = security.issue_credential(settings.secret_key, user="t", expires=int(time.time()) + 60)
    return {"Authorization": f"Bearer {cred}"}


@hypothesis_settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=st.one_of(
    st.binary(max_size=300),
    st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
                 lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
                     st.sampled_from(["messages", "draft", "role", "text", "x"]), inner, max_size=4),
                 max_leaves=12).map(lambda v: json.dumps(v).encode()),
))
def test_no_body_makes_the_server_fail(client: TestClient, auth: dict[str, str], raw: bytes) -> None:
    r = client.post("/api/v1/assist", content=raw, headers={**auth, "Content-Type": "application/json"})
    assert r.status_code in (200, 400, 422), r.text
    assert r.headers["content-type"] == "application/json"
