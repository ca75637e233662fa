"""The API for machine clients (helpdesk integrations, the widget): ``/api/v1``."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from heartline.assist import run_assist
from heartline.conversation import Message, Role
from heartline.web.deps import ApiCaller, Engine
from heartline.web.schemas import AssistRequest, AssistResponse, WhoAmI

log = logging.getLogger(__name__)

router = APIRouter(prefix="/api/v1", tags=["api"])


# Plain ``def`` routes run in the threadpool: the engine's CPU work must not block the loop.
# The response is built here, not re-validated against ``AssistResponse`` (which only
# documents it): ``to_dict`` is the contract, and FastAPI's check cost one more thread hop.
@router.post("/assist", response_model=AssistResponse)
def assist(body: AssistRequest, caller: ApiCaller, engine: Engine) -> JSONResponse:
    """Read the conversation so far and score the agent's draft (docs/assist.md)."""
    messages = [Message(id=str(i), role=Role(m.role), text=m.text)
                for i, m in enumerate(body.messages)]
    result = run_assist(engine, messages, body.draft)
    log.debug("assist for %s: %d messages, draft %d chars, %d warnings, %.1f ms", caller.user,
              len(messages), len(body.draft), len(result.warnings), result.timing_ms)
    return JSONResponse(result.to_dict())


@router.get("/whoami", response_model=WhoAmI)
def whoami(caller: ApiCaller) -> dict[str, Any]:
    """Who the server thinks is calling: a cheap way for an integration to check its token."""
    return {"user": caller.user, "token_id": caller.token_id}


@router.get("/openapi.json", include_in_schema=False)
def openapi(request: Request, caller: ApiCaller) -> dict[str, Any]:
    """The OpenAPI schema of this server, for integrators who hold a token."""
    schema: dict[str, Any] = request.app.openapi()
    return schema
