"""An optional LLM pass that rewrites the composer's reply more fluently.

Off by default. When configured with an OpenAI-compatible chat endpoint (any server
that answers ``POST {base_url}/chat/completions``: OpenAI, vLLM, llama.cpp, Ollama …),
``ChatRewriter`` asks the model to polish the composed reply without changing what
it says. The answer is checked before it is used: every slot the composer left must
still be there, no number or link may appear that the conversation does not contain,
and no rude or blaming phrase may creep in. On any error, timeout or failed check
the composer's reply is kept. Only the standard library is used (``urllib``).

Privacy: when switched on, the customer's messages, the agent's original reply and
the composed suggestion are sent to the configured endpoint. Logs never contain them.
"""

from __future__ import annotations

import http.client
import json
import logging
import re
import urllib.error
import urllib.request
from dataclasses import dataclass, replace
from typing import Any

from heartline.coaching.compose import Suggestion
from heartline.coaching.original import BLAME, RUDE_LEADS
from heartline.scoring.statements import normalise

log = logging.getLogger(__name__)

_MAX_BYTES = 1_000_000
_SLOT = re.compile(r"\[[^\[\]]+\]")
_NUMBER = re.compile(r"\d+(?:[.,:/]\d+)*")
_URL = re.compile(r"https?://\S+|www\.\S+")
SYSTEM_PROMPT = (
    "You polish customer-service replies written by a coaching tool. Rewrite the draft so it "
    "reads naturally and warmly, as one agent writing to one customer. Keep every part: the "
    "acknowledgement of the customer's feeling, the restatement of their problem in the second "
    "person, and the next step. Copy every bracketed slot such as [next step: ...] exactly, "
    "character for character. Do not add facts: no new numbers, dates, amounts, names, links, "
    "policies or promises. Never blame the customer. Answer with the reply text only."
)


@dataclass(frozen=True)
class GeneratorConfig:
    """Where the optional rewriter sends its requests.

    Attributes:
        base_url: the API root, e.g. ``http://127.0.0.1:8080/v1``.
        model: the model name the server expects.
        api_key: sent as ``Authorization: Bearer …`` when given.
        timeout_s: seconds to wait for the whole answer before falling back.
        max_tokens: the longest answer to ask for.
        temperature: sampling temperature (low keeps the meaning).
    """

    base_url: str
    model: str
    api_key: str | None = None
    timeout_s: float = 10.0
    max_tokens: int = 400
    temperature: float = 0.3


class ChatRewriter:
    """Rewrites suggestions through an OpenAI-compatible chat API, falling back on any failure."""

    def __init__(self, config: GeneratorConfig) -> None:
        self.config = config

    def rewrite(self, suggestion: Suggestion, *, customer: str, original: str) -> Suggestion:
        """The model's rewrite of ``suggestion`` if it passes the checks, else ``suggestion``."""
        try:
            answer = self._ask(suggestion.text, customer=customer, original=original)
        except (OSError, http.client.HTTPException) as exc:  # URLError, timeouts, resets
            log.warning("coach generator unreachable (%s); keeping heartline's reply", type(exc).__name__)
            return suggestion
        except (ValueError, KeyError, IndexError, TypeError) as exc:
            log.warning("coach generator answered garbage (%s); keeping heartline's reply",
                        type(exc).__name__)
            return suggestion
        problem = check_rewrite(answer, suggestion.text, sources=(customer, original))
        if problem:
            log.warning("coach generator rewrite refused: %s; keeping heartline's reply", problem)
            return suggestion
        return replace(suggestion, text=answer, source="generator")

    def _ask(self, draft: str, *, customer: str, original: str) -> str:
        c = self.config
        body = {
            "model": c.model, "temperature": c.temperature, "max_tokens": c.max_tokens,
            "messages": [
                {"role": "system", "content": SYSTEM_PROMPT},
                {"role": "user", "content": f"Customer wrote:\n{customer}\n\nAgent's original "
                 f"reply:\n{original}\n\nDraft to polish:\n{draft}"},
            ],
        }
        headers = {"Content-Type": "application/json", "Accept": "application/json"}
        if c.api_key:
            headers["Authorization"] = f"Bearer {c.api_key}"
        request = urllib.request.Request(f"{c.base_url.rstrip('/')}/chat/completions",
                                         data=json.dumps(body).encode(), headers=headers,
                                         method="POST")
        with urllib.request.urlopen(request, timeout=c.timeout_s) as response:
            raw = response.read(_MAX_BYTES + 1)
        if len(raw) > _MAX_BYTES:
            raise ValueError("answer too large")
        data: Any = json.loads(raw.decode("utf-8"))
        content = data["choices"][0]["message"]["content"]
        if not isinstance(content, str):
            raise TypeError("content is not text")
        return content.strip().strip('"').strip()


def check_rewrite(answer: str, draft: str, *, sources: tuple[str, ...]) -> str | None:
    """Why a rewrite may not be used (None when it may): slots kept, nothing invented, nothing rude."""
    if len(answer) < 20 or len(answer) > 3 * len(draft) + 200:
        return "length out of bounds"
    slots = _SLOT.findall(draft)
    if any(s not in answer for s in slots):
        return "a slot was lost or changed"
    if set(_SLOT.findall(answer)) - set(slots):
        return "a slot was added"
    known = " ".join((draft, *sources))
    numbers = set(_NUMBER.findall(known))
    if any(n not in numbers for n in _NUMBER.findall(_SLOT.sub(" ", answer))):
        return "a number not in the conversation"
    links = set(_URL.findall(known))
    if any(u.rstrip(".,;:!?)") not in {x.rstrip(".,;:!?)") for x in links} for u in _URL.findall(answer)):
        return "a link not in the conversation"
    plain = normalise(answer)
    if RUDE_LEADS.search(plain) or BLAME.search(plain):
        return "rude or blaming wording"
    return None
