"""The widget in a real Chromium, against a live server on 127.0.0.1 with the fake engine.

Debian's chromium through Playwright (``executable_path``), so no browser is
downloaded; ``scripts/system-deps.sh`` installs it. A screenshot of the demo
page is left in /tmp/heartline-assist-widget.png for people to look at.
"""

from __future__ import annotations

import functools
import http.server
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import uvicorn

from heartline.services.auth import create_token
from heartline.settings import Settings
from heartline.storage.auth import AuthRepository
from heartline.storage.store import Store
from heartline.web import create_app, security

from .fake_engine import ACKNOWLEDGEMENT, FakeEngine

sync_api = pytest.importorskip("playwright.sync_api")
CHROMIUM = Path("/usr/bin/chromium")
pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian chromium (scripts/system-deps.sh)")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
SCREENSHOT = Path("/tmp/heartline-assist-widget.png")
RUDE_DRAFT = "Please calm down, these things happen."


@dataclass
class Live:
    base: str
    settings: Settings
    engine: FakeEngine
    helpdesk: str  # another origin that embeds the widget with an API token


def _free_socket() -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    return sock


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    tmp = tmp_path_factory.mktemp("live")
    settings = Settings(data_dir=tmp, database_url=f"sqlite:///{tmp / 'web.db'}",
                        secret_key=b"b" * 64)
    engine = FakeEngine()
    # The helpdesk page lives on its own port: a different origin, as in production.
    page_sock = _free_socket()
    helpdesk = f"http://127.0.0.1:{page_sock.getsockname()[1]}"
    app = create_app(settings, engine_factory=lambda _s: engine, cors_origins=[helpdesk])
    sock = _free_socket()
    base = f"http://127.0.0.1:{sock.getsockname()[1]}"
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    for _ in range(200):
        if server.started:
            break
        time.sleep(0.05)
    assert server.started, "uvicorn did not start"

    store = Store.open(settings.database_url)
    token = create_token(AuthRepository(store.engine), user="helpdesk").token
    store.close()
    (tmp / "ticket.html").write_text(f"""<!doctype html><meta charset="utf-8"><title>ticket</title>
<link rel="icon" href="data:,">
<p data-heartline-role="customer">My parcel is lost and nobody answers. This is ridiculous!!</p>
<textarea id="box" data-heartline-assist></textarea>
<script src="{base}/static/heartline-assist.js" data-endpoint="{base}/api/v1/assist"
        data-token="{token}"></script>""")
    handler = functools.partial(_QuietHandler, directory=str(tmp))
    page_sock.close()
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", int(helpdesk.rsplit(":", 1)[1])), handler)
    page_thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    page_thread.start()
    try:
        yield Live(base, settings, engine, helpdesk)
    finally:
        httpd.shutdown()
        server.should_exit = True
        thread.join(timeout=10)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser: object, live: Live) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 900, "height": 820})  # type: ignore[attr-defined]
    pg = context.new_page()
    problems: list[str] = []
    pg.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    pg.on("console", lambda m: m.type == "error" and problems.append(f"console: {m.text}"))
    pg.on("request", lambda r: r.url.startswith("http://127.0.0.1:") or problems.append(
        f"left loopback: {r.url}"))
    pg.problems = problems
    yield pg
    context.close()


def _open_demo(page: object, live: Live) -> None:
    link = security.signed_link(live.settings.secret_key, "/assist/demo", user="alice",
                                ttl_seconds=600)
    page.goto(live.base + link)  # type: ignore[attr-defined]
    page.get_by_text("Customer feels").wait_for()  # type: ignore[attr-defined]


def test_rude_draft_warns_and_acknowledgement_inserts_at_the_caret(page: object, live: Live) -> None:
    _open_demo(page, live)
    panel = page.locator(".hl")  # type: ignore[attr-defined]
    assert "frustrated" in panel.locator(".customer").inner_text()
    box = page.locator("#reply")  # type: ignore[attr-defined]
    calls_before = live.engine.calls
    box.press_sequentially(RUDE_DRAFT, delay=15)
    warning = page.locator("li.rude")  # type: ignore[attr-defined]
    warning.wait_for()
    assert "calm down" in warning.inner_text()
    # Debounced: far fewer calls than keystrokes.
    assert live.engine.calls - calls_before < len(RUDE_DRAFT) / 3
    page.screenshot(path=str(SCREENSHOT), full_page=True)  # type: ignore[attr-defined]

    box.fill("Hi Dana. We will send a replacement today.")
    page.get_by_text("Feeling not acknowledged").wait_for()  # type: ignore[attr-defined]
    box.evaluate("b => b.setSelectionRange(8, 8)")
    page.get_by_role("button", name="Insert acknowledgement").click()  # type: ignore[attr-defined]
    assert box.input_value() == f"Hi Dana. {ACKNOWLEDGEMENT} We will send a replacement today."
    # The inserted text counts as typing: the widget re-reads and the warning goes.
    page.get_by_text("Feeling not acknowledged").wait_for(state="detached")  # type: ignore[attr-defined]
    assert page.problems == []  # type: ignore[attr-defined]


def test_widget_is_usable_from_the_keyboard_and_announces_politely(page: object, live: Live) -> None:
    _open_demo(page, live)
    assert page.locator(".hl .customer").get_attribute("aria-live") == "polite"  # type: ignore[attr-defined]
    assert page.locator("ul[aria-live=polite]").count() == 1  # type: ignore[attr-defined]
    box = page.locator("#reply")  # type: ignore[attr-defined]
    box.click()
    page.keyboard.press("Tab")  # type: ignore[attr-defined]
    focused = page.evaluate(  # type: ignore[attr-defined]
        "() => document.activeElement.shadowRoot?.activeElement?.textContent")
    assert focused == "Insert acknowledgement"
    page.keyboard.press("Enter")  # type: ignore[attr-defined]
    assert ACKNOWLEDGEMENT in box.input_value()
    assert page.problems == []  # type: ignore[attr-defined]


def test_unreachable_server_is_quiet_and_the_box_keeps_working(page: object, live: Live) -> None:
    _open_demo(page, live)
    page.route("**/api/v1/assist", lambda route: route.abort())  # type: ignore[attr-defined]
    box = page.locator("#reply")  # type: ignore[attr-defined]
    box.press_sequentially("Thanks for waiting", delay=10)
    page.get_by_text("Assist is unavailable right now").wait_for()  # type: ignore[attr-defined]
    assert box.input_value() == "Thanks for waiting"
    assert page.locator(".hl").get_attribute("data-state") == "offline"  # type: ignore[attr-defined]
    page.unroute("**/api/v1/assist")  # type: ignore[attr-defined]
    box.press_sequentially(", calm down", delay=10)
    page.locator("li.rude").wait_for()  # type: ignore[attr-defined]  # recovers by itself
    assert [p for p in page.problems if "page error" in p] == []  # type: ignore[attr-defined]


def test_a_helpdesk_on_another_origin_embeds_the_widget_with_a_token(page: object, live: Live) -> None:
    page.goto(f"{live.helpdesk}/ticket.html")  # type: ignore[attr-defined]
    page.get_by_text("Customer feels").wait_for()  # type: ignore[attr-defined]
    assert "frustrated" in page.locator(".hl .customer").inner_text()  # type: ignore[attr-defined]
    # Page styles do not reach into the widget, and the widget's do not leak out.
    assert page.evaluate("() => !!document.querySelector('.heartline-assist-host').shadowRoot")  # type: ignore[attr-defined]
    assert page.locator("body > .hl").count() == 0  # type: ignore[attr-defined]
    assert page.problems == []  # type: ignore[attr-defined]
