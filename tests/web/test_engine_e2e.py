"""POST /api/v1/assist end to end with the real engine (``heartline.engine``).

Skipped until ``heartline.engine`` exists; from then on it checks that the
engine loads through ``create_app``'s default factory (``load_assist_engine``)
and that its answers keep the documented contract.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from heartline.results import EMOTION_GROUPS
from heartline.settings import Settings
from heartline.web import create_app, security
from heartline.web.schemas import AssistResponse

pytest.importorskip("heartline.engine")
pytestmark = pytest.mark.slow

ANGRY = [
    {"role": "customer", "text": "My order was supposed to arrive Monday. It's Thursday."},
    {"role": "agent", "text": "Thanks for reaching out, could you send your order number?"},
    {"role": "customer", "text": "It came today and the screen is cracked. This is ridiculous, "
                                 "I'm so frustrated. I want a replacement this week!"},
]


def test_real_engine_answers_with_the_contract(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, database_url=f"sqlite:///{tmp_path / 'e2e.db'}",
                        secret_key=b"e" * 64)
    with TestClient(create_app(settings)) as client:
        error = client.app.state.heartline.engine_error  # type: ignore[attr-defined]
        assert error is None, f"the engine did not load: {error}"
        cred = security.issue_credential(settings.secret_key, user="e2e",
                                         expires=int(time.time()) + 60)
        headers = {"Authorization": f"Bearer {cred}"}
        rude = client.post("/api/v1/assist", headers=headers, json={
            "messages": ANGRY, "draft": "Calm down. That's not our problem, it's the courier's fault."})
        kind = client.post("/api/v1/assist", headers=headers, json={
            "messages": ANGRY, "draft": "I'm so sorry the screen arrived cracked after you waited all "
                                        "week, that is really frustrating. I'll send a replacement "
                                        "today by express delivery."})
    assert rude.status_code == 200 and kind.status_code == 200, (rude.text, kind.text)
    r, k = rude.json(), kind.json()
    for out in (r, k):
        AssistResponse.model_validate(out)
        assert out["customer"]["emotion"] in EMOTION_GROUPS
        assert all(0 <= v <= 100 for v in out["draft"]["scores"].values())
    assert r["customer"]["emotion"] in {"angry", "frustrated", "disappointed"}
    assert "rude" in {w["kind"] for w in r["warnings"]}
    assert "rude" not in {w["kind"] for w in k["warnings"]}
    assert k["draft"]["scores"]["empathy"] > r["draft"]["scores"]["empathy"]
    assert isinstance(r["suggested_acknowledgement"], str) and r["suggested_acknowledgement"]
