"""Pages for people: the assist demo (and, later, the dashboards), each with a JSON twin.

A page is opened with a signed link (``heartline tokens link``) or an API
token. It hands the widget a signed credential that lives no longer than the
link, so the page never holds a long-lived secret.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.templating import Jinja2Templates

from heartline.web import security
from heartline.web.deps import PageAccess, PageCaller, State

router = APIRouter(tags=["pages"])
templates = Jinja2Templates(directory=Path(__file__).with_name("templates"))

# Pages carry a credential: never cache them, never leak the signed link as a referrer.
_PAGE_HEADERS = {
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
                               "frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
}

#: A written example (not a real customer): a delayed, then faulty order.
DEMO_CONVERSATION = [
    {"role": "customer", "author": "Dana", "text":
        "Hi, my order was supposed to arrive on Monday for my daughter's birthday. It's Thursday now."},
    {"role": "agent", "author": "Sam", "text":
        "Thanks for reaching out. Could you send me your order number so I can look into it?"},
    {"role": "customer", "author": "Dana", "text":
        "It finally came today and the screen is cracked. This is ridiculous, I'm so frustrated. "
        "I want a replacement that actually arrives this week!!"},
]


def _demo(request: Request, state: State, access: PageAccess) -> dict[str, Any]:
    credential = security.issue_credential(state.settings.secret_key,
                                           user=access.principal.user, expires=access.expires)
    return {
        "user": access.principal.user,
        "expires": access.expires,
        "conversation": DEMO_CONVERSATION,
        "widget": {
            "script": str(request.url_for("static", path="heartline-assist.js").path),
            "endpoint": str(request.url_for("assist").path),
            "token": credential,
        },
    }


@router.get("/assist/demo", response_class=HTMLResponse)
def assist_demo(request: Request, state: State, access: PageCaller) -> HTMLResponse:
    """A mock helpdesk reply box with the assist widget attached."""
    return templates.TemplateResponse(request, "assist_demo.html", _demo(request, state, access),
                                      headers=_PAGE_HEADERS)


@router.get("/assist/demo.json")
def assist_demo_json(request: Request, state: State, access: PageCaller) -> JSONResponse:
    """The demo page's data as JSON: the conversation and the widget's settings."""
    return JSONResponse(_demo(request, state, access), headers=_PAGE_HEADERS)
