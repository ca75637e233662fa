"""The web app: ``create_app(settings)`` builds it; ``heartline serve`` runs it.

The app is a thin shell. Routers are grouped by audience (``api.py`` for
machine clients, ``pages.py`` for people); errors become HTTP responses in
``errors.py`` only; every route but ``/healthz`` and the widget script asks
who is calling (``deps.py``).

The assist engine loads once per process at startup (about a second for the
ONNX model) and is shared by every request from the threadpool.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool

from heartline import __version__
from heartline.assist import AssistEngine
from heartline.errors import HeartlineError
from heartline.settings import Settings
from heartline.storage.auth import AuthRepository
from heartline.storage.store import Store
from heartline.web import api, errors, pages
from heartline.web.deps import AppState
from heartline.web.middleware import BodyLimit, RequestLog
from heartline.web.schemas import Health

log = logging.getLogger(__name__)

#: 200 messages of 20,000 characters is about 4 MB of JSON; anything past 6 MiB is not a conversation.
MAX_BODY_BYTES = 6 * 1024 * 1024
STATIC = Path(__file__).with_name("static")

EngineFactory = Callable[[Settings], AssistEngine]


def load_engine(settings: Settings) -> AssistEngine:
    """The analysis engine, loaded once per process (``services.analysis.load_assist_engine``)."""
    from heartline.services.analysis import load_assist_engine

    return load_assist_engine(settings)


def create_app(
    settings: Settings,
    *,
    engine_factory: EngineFactory = load_engine,
    cors_origins: Sequence[str] = (),
    max_body_bytes: int = MAX_BODY_BYTES,
) -> FastAPI:
    """Build the web app.

    Args:
        settings: database, secret key and data folder.
        engine_factory: makes the assist engine once at startup (tests pass a fake).
        cors_origins: helpdesk origins whose pages may call the API from a browser
            (the widget embedded in, say, ``https://acme.zendesk.com``).
        max_body_bytes: larger request bodies get 413.
    """

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        store = await run_in_threadpool(Store.open, settings.database_url)
        engine: AssistEngine | None = None
        engine_error: HeartlineError | None = None
        try:
            engine = await run_in_threadpool(engine_factory, settings)
        except HeartlineError as exc:
            # Serve anyway: /healthz says so, and assist calls get this error as a 503.
            log.error("the assist engine did not load: %s", exc.message)
            engine_error = exc
        app.state.heartline = AppState(settings, AuthRepository(store.engine), engine, engine_error)
        try:
            yield
        finally:
            store.close()

    # The schema is served behind a token (api.py), not at the anonymous default URL.
    app = FastAPI(title="heartline", version=__version__, lifespan=lifespan,
                  docs_url=None, redoc_url=None, openapi_url=None)
    errors.install(app)
    app.include_router(api.router)
    app.include_router(pages.router)
    # Public on purpose: a helpdesk page must load the widget before anyone is known.
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.get("/healthz", response_model=Health, tags=["ops"])
    async def healthz(request: Request) -> dict[str, str]:
        """Liveness for load balancers; anonymous, reveals nothing but engine readiness."""
        ready = request.app.state.heartline.engine is not None
        return {"status": "ok", "engine": "ready" if ready else "unavailable"}

    # Added innermost first: RequestLog wraps everything, so a 413 or a crash is logged too.
    app.add_middleware(BodyLimit, limit=max_body_bytes)
    if cors_origins:
        app.add_middleware(CORSMiddleware, allow_origins=list(cors_origins),
                           allow_methods=["GET", "POST"],
                           allow_headers=["authorization", "content-type"], max_age=600)
    app.add_middleware(RequestLog)
    return app
