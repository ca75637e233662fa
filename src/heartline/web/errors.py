"""The one place where errors become HTTP responses.

Every error body has the same shape: ``{"error": ..., "hint": ..., "request_id": ...}``,
plus ``fields`` for invalid requests and ``limit_bytes`` for bodies over the
limit. heartline's own errors take their status from ``http_status`` in
``heartline.errors``. Nothing the client sent is echoed back: pydantic's
``input`` values are dropped, because they would be customer text.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from heartline.errors import AuthError, HeartlineError
from heartline.web.middleware import REQUEST_ID_KEY, BodyTooLarge

log = logging.getLogger(__name__)


def install(app: FastAPI) -> None:
    """Register the handlers on ``app``."""
    app.add_exception_handler(HeartlineError, _heartline_error)  # type: ignore[arg-type]
    app.add_exception_handler(RequestValidationError, _invalid_request)  # type: ignore[arg-type]
    app.add_exception_handler(HTTPException, _http_error)  # type: ignore[arg-type]


def error_response(request: Request, status: int, error: str, *, hint: str | None = None,
                   headers: dict[str, str] | None = None, **extra: Any) -> JSONResponse:
    """A JSON error response in heartline's shape."""
    body: dict[str, Any] = {"error": error, "hint": hint, **extra,
                            "request_id": request.scope.get(REQUEST_ID_KEY)}
    return JSONResponse(body, status_code=status, headers=headers)


async def _heartline_error(request: Request, exc: HeartlineError) -> JSONResponse:
    headers = {"WWW-Authenticate": 'Bearer realm="heartline"'} if isinstance(exc, AuthError) else None
    if exc.http_status >= 500:
        log.warning("request %s: %s", request.scope.get(REQUEST_ID_KEY), type(exc).__name__)
    return error_response(request, exc.http_status, exc.message, hint=exc.hint, headers=headers)


async def _invalid_request(request: Request, exc: RequestValidationError) -> JSONResponse:
    errors = exc.errors()
    if any(e.get("type") == "json_invalid" for e in errors):
        return error_response(request, 400, "the request body is not valid JSON",
                              hint="send a JSON object with Content-Type: application/json")
    fields = [{"field": _field(e.get("loc", ())), "problem": str(e.get("msg", "invalid"))}
              for e in errors]
    names = ", ".join(dict.fromkeys(f["field"] for f in fields))
    return error_response(request, 422, f"invalid request: {names}",
                          hint="see docs/assist.md for the request format", fields=fields)


async def _http_error(request: Request, exc: HTTPException) -> JSONResponse:
    if isinstance(exc, BodyTooLarge):
        return error_response(request, 413, str(exc.detail), limit_bytes=exc.limit,
                              hint="send fewer or shorter messages")
    message = {404: "not found", 405: "method not allowed"}.get(exc.status_code, str(exc.detail))
    return error_response(request, exc.status_code, message,
                          headers=dict(exc.headers) if exc.headers else None)


def _field(loc: Any) -> str:
    """``("body", "messages", 3, "role")`` → ``messages[3].role``."""
    parts = list(loc)[1:] if loc and loc[0] in ("body", "query", "header", "path") else list(loc)
    out = ""
    for p in parts:
        out += f"[{p}]" if isinstance(p, int) else (f".{p}" if out else str(p))
    return out or "body"
