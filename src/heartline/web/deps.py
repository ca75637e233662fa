"""What routes depend on, as ``Annotated`` types: who is asking, and the shared engine.

Two credentials reach the API as ``Authorization: Bearer …``: API tokens
(``hl_…``, from ``heartline tokens create``; checked against their stored
hash) and short-lived signed credentials (``hls_…``) that a page hands its
widget (``web/security.py``). Pages also accept a signed link.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.concurrency import run_in_threadpool

from heartline.assist import AssistEngine
from heartline.errors import AuthError, HeartlineError, ModelError
from heartline.services.auth import Principal, TokenCache, authenticate_token
from heartline.settings import Settings
from heartline.storage.auth import AuthRepository
from heartline.web import security

#: How long the credential a page gives its widget lives when the page was opened with a token.
PAGE_CREDENTIAL_TTL = 3600

_bearer = HTTPBearer(auto_error=False, description="An API token (`heartline tokens create`).")


@dataclass
class AppState:
    """What one process shares across requests (``app.state.heartline``)."""

    settings: Settings
    auth: AuthRepository
    engine: AssistEngine | None
    engine_error: HeartlineError | None
    tokens: TokenCache = field(default_factory=TokenCache)


async def app_state(request: Request) -> AppState:
    """The process-wide state set up at startup."""
    state: AppState = request.app.state.heartline
    return state


State = Annotated[AppState, Depends(app_state)]
BearerCredentials = Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]


def principal_from_bearer(state: AppState, credentials: HTTPAuthorizationCredentials | None) -> Principal:
    """The caller behind a bearer credential; AuthError when there is none or it is not valid."""
    if credentials is None:
        raise AuthError("this endpoint needs `Authorization: Bearer <token>`",
                        hint="create a token with `heartline tokens create --user NAME`")
    token = credentials.credentials
    if token.startswith(security.CREDENTIAL_PREFIX):
        return Principal(security.read_credential(state.settings.secret_key, token))
    return authenticate_token(state.auth, token)


async def api_caller(state: State, credentials: BearerCredentials) -> Principal:
    """The authenticated caller of an API route.

    Recently verified tokens come from memory (``TokenCache``); the others are
    looked up in the threadpool, where a database call belongs.
    """
    token = credentials.credentials if credentials is not None else None
    if token and (cached := state.tokens.get(token)):
        return cached
    principal = await run_in_threadpool(principal_from_bearer, state, credentials)
    if token and principal.token_id is not None:
        state.tokens.put(token, principal)
    return principal


@dataclass(frozen=True)
class PageAccess:
    """Who opened a page, and until when the page may act for them."""

    principal: Principal
    expires: int


def page_caller(request: Request, state: State, credentials: BearerCredentials) -> PageAccess:
    """The caller of a page: a bearer credential, or else a signed link in the query."""
    if credentials is not None:
        # Not with a page's own credential: each visit would mint a fresh one, and a
        # credential that renews itself never expires.
        if credentials.credentials.startswith(security.CREDENTIAL_PREFIX):
            raise AuthError("pages open with a signed link or an API token",
                            hint="make a link with `heartline tokens link --user NAME`")
        return PageAccess(principal_from_bearer(state, credentials),
                          int(time.time()) + PAGE_CREDENTIAL_TTL)
    # One link opens a page and its JSON twin (``/x`` and ``/x.json``).
    path = request.url.path.removesuffix(".json")
    user, expires = security.check_link(state.settings.secret_key, path, request.query_params)
    return PageAccess(Principal(user), expires)


async def assist_engine(state: State) -> AssistEngine:
    """The engine loaded at startup; the startup error (503) if it could not be loaded."""
    if state.engine is None:
        raise state.engine_error or ModelError("the analysis engine is not loaded")
    return state.engine


ApiCaller = Annotated[Principal, Depends(api_caller)]
PageCaller = Annotated[PageAccess, Depends(page_caller)]
Engine = Annotated[AssistEngine, Depends(assist_engine)]
