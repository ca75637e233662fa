"""A web app on a fresh SQLite database with the fake engine, and a token for it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from heartline.services.auth import IssuedToken, create_token
from heartline.settings import Settings
from heartline.storage.auth import AuthRepository
from heartline.storage.store import Store
from heartline.web import create_app

from .fake_engine import FakeEngine


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path, database_url=f"sqlite:///{tmp_path / 'web.db'}",
                    secret_key=b"k" * 64)


@pytest.fixture
def engine() -> FakeEngine:
    return FakeEngine()


@pytest.fixture
def client(settings: Settings, engine: FakeEngine) -> Iterator[TestClient]:
    app = create_app(settings, engine_factory=lambda _s: engine)
    with TestClient(app) as c:
        yield c


@pytest.fixture
def token(settings: Settings, client: TestClient) -> IssuedToken:
    store = Store.open(settings.database_url)
    try:
        return create_token(AuthRepository(store.engine), user="alice")
    finally:
        store.close()


@pytest.fixture
def auth(token: IssuedToken) -> dict[str, str]:
    return {"Authorization": f"Bearer {token.token}"}
