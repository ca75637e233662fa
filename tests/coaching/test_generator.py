"""The optional LLM rewriter against a fake OpenAI-compatible server on 127.0.0.1."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, ClassVar

import pytest
from scoring_cases import case

from heartline.coaching import Suggestion, coach
from heartline.coaching.generator import ChatRewriter, GeneratorConfig, check_rewrite
from heartline.scoring import score_conversation

DRAFT = Suggestion(
    message_id="e2",
    text="I'm sorry, that sounds so annoying: you were charged twice for March. "
         "Please allow 5-7 business days. The next step is [next step: e.g. when the refund will reach them].",
    why="This version names their annoyance.", adds=("acknowledge",),
)
CUSTOMER = "I was charged twice for March. This is the second time this year. Fix it."
ORIGINAL = "We apologise for any inconvenience caused. Please allow 5-7 business days."
GOOD = ("Being charged twice for March is really annoying, and I'm sorry. Please allow 5-7 "
        "business days. The next step is [next step: e.g. when the refund will reach them].")


class FakeChat(BaseHTTPRequestHandler):
    """Answers /v1/chat/completions as the test tells it to."""

    mode: ClassVar[str] = "good"
    seen: ClassVar[list[dict[str, Any]]] = []

    def log_message(self, *args: object) -> None:  # keep test output quiet
        pass

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", 0))
        FakeChat.seen.append({"path": self.path, "auth": self.headers.get("Authorization"),
                              "body": json.loads(self.rfile.read(length))})
        mode = FakeChat.mode
        if mode == "slow":
            time.sleep(1.5)
        if mode == "500":
            self.send_response(500)
            self.end_headers()
            self.wfile.write(b"oops")
            return
        content: Any = {
            "good": GOOD, "slow": GOOD,
            "lost_slot": "Being charged twice is annoying. Please allow 5-7 business days.",
            "new_number": GOOD.replace("5-7 business days", "3 business days"),
            "new_link": GOOD + " See https://evil.example/refund",
            "rude": "As I said before, " + GOOD,
            "null": None,
        }.get(mode, GOOD)
        if mode == "echo":  # the draft it was sent, lightly polished
            draft = FakeChat.seen[-1]["body"]["messages"][1]["content"].split("Draft to polish:\n", 1)[1]
            content = draft.replace("and I want to help with exactly that", "and I'll help with that")
        if mode == "garbage":
            payload = b"<html>not json</html>"
        elif mode == "no_choices":
            payload = json.dumps({"error": {"message": "model overloaded"}}).encode()
        else:
            payload = json.dumps({"choices": [{"message": {"role": "assistant", "content": content}}]}).encode()
        try:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (the timeout test)


@pytest.fixture()
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), FakeChat)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    FakeChat.seen.clear()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/v1"
    finally:
        httpd.shutdown()
        httpd.server_close()


def _rewrite(base_url: str, mode: str, *, timeout: float = 5.0) -> Suggestion:
    FakeChat.mode = mode
    rewriter = ChatRewriter(GeneratorConfig(base_url=base_url, model="tiny-chat", api_key="sk-test",
                                            timeout_s=timeout))
    return rewriter.rewrite(DRAFT, customer=CUSTOMER, original=ORIGINAL)


def test_a_good_rewrite_is_used(server: str) -> None:
    out = _rewrite(server, "good")
    assert out.text == GOOD and out.source == "generator" and out.why == DRAFT.why
    (request,) = FakeChat.seen
    assert request["path"] == "/v1/chat/completions" and request["auth"] == "Bearer sk-test"
    assert request["body"]["model"] == "tiny-chat"
    assert DRAFT.text in request["body"]["messages"][1]["content"]


@pytest.mark.parametrize("mode", ["garbage", "no_choices", "null", "500", "lost_slot",
                                  "new_number", "new_link", "rude"])
def test_bad_answers_fall_back_to_the_composer(server: str, mode: str) -> None:
    assert _rewrite(server, mode) == DRAFT


def test_timeout_falls_back_quickly(server: str) -> None:
    started = time.monotonic()
    assert _rewrite(server, "slow", timeout=0.3) == DRAFT
    assert time.monotonic() - started < 1.4


def test_unreachable_server_falls_back() -> None:
    rewriter = ChatRewriter(GeneratorConfig(base_url="http://127.0.0.1:9/v1", model="m", timeout_s=1))
    assert rewriter.rewrite(DRAFT, customer=CUSTOMER, original=ORIGINAL) == DRAFT


def test_logs_never_hold_message_text(server: str, caplog: pytest.LogCaptureFixture) -> None:
    _rewrite(server, "new_number")
    assert caplog.records and all("charged" not in r.getMessage() for r in caplog.records)


def test_coach_uses_the_rewriter(server: str) -> None:
    FakeChat.mode = "echo"
    conversation, readings = case("double_charge")
    rewriter = ChatRewriter(GeneratorConfig(base_url=server, model="tiny-chat", timeout_s=5))
    scored = score_conversation(conversation, readings)
    plain = coach(conversation, scored).messages[1].suggestion
    result = coach(conversation, scored, rewriter=rewriter)
    assert plain is not None and "and I want to help with exactly that" in plain
    assert result.messages[1].suggestion == plain.replace("and I want to help with exactly that",
                                                          "and I'll help with that")
    assert "I was charged twice for March" in FakeChat.seen[0]["body"]["messages"][1]["content"]


def test_check_rewrite_rules() -> None:
    assert check_rewrite(GOOD, DRAFT.text, sources=(CUSTOMER, ORIGINAL)) is None
    assert check_rewrite("ok", DRAFT.text, sources=()) == "length out of bounds"
    assert check_rewrite(GOOD + " [your name]", DRAFT.text, sources=()) == "a slot was added"
