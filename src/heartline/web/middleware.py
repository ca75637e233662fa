"""Plain ASGI middleware: request ids, log lines without content, a body limit, a last resort.

Pure ASGI rather than ``BaseHTTPMiddleware``: it adds microseconds, not a task
per request, on the assist path that has a 50 ms budget.
"""

from __future__ import annotations

import json
import logging
import time
import traceback
import uuid

from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger("heartline.web")

REQUEST_ID_KEY = "heartline.request_id"


class BodyTooLarge(HTTPException):
    """The request body is over the limit (413); ``limit`` is in bytes."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"the request body is larger than {limit} bytes")
        self.limit = limit


class RequestLog:
    """Gives each request an id, logs one line for it, and turns a crash into a 500.

    The line holds the route template, never the raw path or query (they may
    carry names or signatures), plus status, sizes and milliseconds. An
    exception that escapes every handler is logged by type and stack frames
    only: its message could quote customer text.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = uuid.uuid4().hex[:16]
        scope[REQUEST_ID_KEY] = request_id
        start = time.perf_counter()
        status, sent, received, started = 500, 0, 0, False

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            return message

        async def tagged_send(message: Message) -> None:
            nonlocal status, sent, started
            if message["type"] == "http.response.start":
                started, status = True, message["status"]
                message["headers"] = [*message.get("headers", []),
                                      (b"x-request-id", request_id.encode())]
            elif message["type"] == "http.response.body":
                sent += len(message.get("body", b""))
            await send(message)

        try:
            await self.app(scope, counting_receive, tagged_send)
        except Exception as exc:
            log.error("request %s failed with %s\n%s", request_id, type(exc).__name__,
                      "".join(traceback.format_tb(exc.__traceback__)))
            if not started:
                await send_json(tagged_send, 500, {
                    "error": "internal error; the server log has the details",
                    "request_id": request_id,
                })
        finally:
            route = getattr(scope.get("route"), "path", None) or "(no route)"
            log.info("%s %s %s %d in=%dB out=%dB %.1fms", request_id, scope["method"], route,
                     status, received, sent, (time.perf_counter() - start) * 1000)


class BodyLimit:
    """Refuses request bodies over ``limit`` bytes with 413, before reading them if it can.

    A declared Content-Length over the limit is answered at once; a chunked
    body is counted as it arrives and stopped at the limit (``BodyTooLarge``,
    which the error handlers render).
    """

    def __init__(self, app: ASGIApp, *, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = Headers(scope=scope).get("content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.limit):
            await send_json(send, 413, {
                "error": f"the request body is larger than {self.limit} bytes",
                "limit_bytes": self.limit, "request_id": scope.get(REQUEST_ID_KEY),
            }, extra_headers=[(b"connection", b"close")])
            return
        total = 0

        async def limited_receive() -> Message:
            nonlocal total
            message = await receive()
            total += len(message.get("body", b""))
            if total > self.limit:
                raise BodyTooLarge(self.limit)
            return message

        await self.app(scope, limited_receive, send)


async def send_json(send: Send, status: int, body: dict[str, object], *,
                    extra_headers: list[tuple[bytes, bytes]] | None = None) -> None:
    """Send a whole JSON response on a raw ASGI ``send``."""
    data = json.dumps(body).encode()
    await send({"type": "http.response.start", "status": status, "headers": [
        (b"content-type", b"application/json"), (b"content-length", str(len(data)).encode()),
        *(extra_headers or []),
    ]})
    await send({"type": "http.response.body", "body": data})
