"""The analysis engine: one encoder pass per message, every analyser, then scoring.

This is what the CLI's ``analyze``, the Python API, the web app's real-time
assist and batch workers all call. It is core: it knows nothing of storage,
the web or the CLI, holds no per-call state, and is safe to share between
threads (the encoder's ONNX session and the numpy heads are).

The path for a batch of conversations:

1. every public customer and agent message's text is encoded once (the
   encoder drops duplicates: canned replies repeat a lot), with token vectors
   so heads can point at evidence;
2. each analyser gets the messages of the roles it declares, with the
   features it requires (its own embedding, the previous customer's, …), all
   rows of that one encoding;
3. readings are scored (``heartline.scoring``) and coached
   (``heartline.coaching``).
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from threadpoolctl import ThreadpoolController

from heartline.analysers import Analyser, AnalysisBatch, registered
from heartline.assist import AssistResult, AssistWarning, CustomerState, DraftReading
from heartline.coaching import Rewriter, acknowledgement, coach
from heartline.conversation import Channel, Conversation, Message, Role
from heartline.criteria import Criteria, default_criteria
from heartline.encoder import Encoder
from heartline.heads.adapt import text_tokens
from heartline.heads.inputs import TokenBatch
from heartline.results import BEHAVIOURS, NEGATIVE_GROUPS, MessageReading
from heartline.scoring import ConversationResult, score_conversation

log = logging.getLogger(__name__)

#: Annotation keys that fill MessageReading fields; all others go to ``extra``.
_FIELDS = {"emotion", "emotion_intensity", "emotions", "intent", "empathy_needed"}
_MERGED = {"behaviours", "behaviour_scores", "evidence"}
_ANALYSED_ROLES = (Role.CUSTOMER, Role.AGENT)
#: The feature each analyser requirement reads: the message itself or the latest before it.
_FEATURE_SOURCE = {
    "embedding": None,
    "previous_customer_embedding": Role.CUSTOMER,
    "previous_agent_embedding": Role.AGENT,
}
#: Messages of context the assist path reads before the draft (latency stays flat
#: however long the conversation grows).
ASSIST_CONTEXT = 6

_WARNINGS = {
    "rude": "This may come across as rude or dismissive. Try saying what you will do instead.",
    "generic_sympathy": "A general apology shows little understanding. Name their problem instead.",
    "over_apologising": "One sincere apology is enough; then say what happens next.",
    "ignores_emotion": "The customer sounds {emotion}. Acknowledge that before solving.",
}


@dataclass(frozen=True)
class _Encoded:
    """One text's encoder output: pooled vector, token vectors, token offsets."""

    pooled: np.ndarray
    vectors: np.ndarray
    offsets: np.ndarray


class _OneBlasThread:
    """Holds BLAS to one thread while any reading runs, in any thread of the process.

    The limit is process-wide, so concurrent readers (web requests) share it: the
    first to enter sets it and the last to leave restores what the process had.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._active = 0
        self._limiter: Any = None
        self._controller: ThreadpoolController | None = None

    def __enter__(self) -> None:
        with self._lock:
            if self._active == 0:
                if self._controller is None:  # inspecting the loaded libraries costs milliseconds
                    self._controller = ThreadpoolController()
                self._limiter = self._controller.limit(limits=1, user_api="blas")
            self._active += 1

    def __exit__(self, *exc: object) -> None:
        with self._lock:
            self._active -= 1
            if self._active == 0:
                self._limiter.restore_original_limits()
                self._limiter = None


_ONE_BLAS_THREAD = _OneBlasThread()


class Engine:
    """Reads conversations: emotions, needs, behaviours, scores and suggestions.

    Args:
        encoder: the shared sentence encoder.
        analysers: the analysers to run, in order.
        criteria: the scoring criteria (bundled defaults when omitted).
        rewriter: an optional LLM rewriter for suggestions (off by default).
        cache_size: texts whose encoding the assist path keeps (a customer's
            message is re-sent on every keystroke of the agent's draft).
    """

    def __init__(self, encoder: Encoder, analysers: Sequence[Analyser], *,
                 criteria: Criteria | None = None, rewriter: Rewriter | None = None,
                 cache_size: int = 4096) -> None:
        self.encoder = encoder
        self.analysers = tuple(analysers)
        self.criteria = criteria or default_criteria()
        self.rewriter = rewriter
        self._cache: OrderedDict[str, _Encoded] = OrderedDict()
        self._cache_size = cache_size
        self._cache_lock = threading.Lock()
        self._pool: ThreadPoolExecutor | None = None

    @classmethod
    def load(cls, *, cache_dir: Path | None = None, threads: int | None = None,
             analysers: Sequence[str] | None = None, criteria: Criteria | None = None,
             rewriter: Rewriter | None = None) -> Engine:
        """The encoder (built into the cache on first use) and every registered analyser.

        Args:
            cache_dir: where the derived int8 encoder is cached.
            threads: ONNX Runtime threads (default: the machine's cores).
            analysers: names of the analysers to run (default: all registered).
        """
        start = time.perf_counter()
        encoder = Encoder.load(cache_dir=cache_dir, threads=threads)
        table = registered()
        names = list(analysers) if analysers is not None else list(table)
        built = [table[name]() for name in names]
        log.info("engine ready: %d analysers in %.2fs", len(built), time.perf_counter() - start)
        return cls(encoder, built, criteria=criteria, rewriter=rewriter)

    # -- reading -----------------------------------------------------------------

    def read(self, conversations: Sequence[Conversation], *,
             use_cache: bool = False) -> list[list[MessageReading]]:
        """One reading per message of each conversation (aligned with ``messages``)."""
        # The heads' matrix products are small: on a second BLAS thread they only wait,
        # and they fight ONNX Runtime for the cores (full analysis ran 2.5x faster, and
        # assist p50 fell from 124 to 20 ms, with BLAS held to one thread; docs/encoder.md).
        with _ONE_BLAS_THREAD:
            return self._analyse(conversations, *self._plan_and_encode(conversations, use_cache=use_cache))

    def _plan_and_encode(self, conversations: Sequence[Conversation], *,
                         use_cache: bool) -> tuple[list[list[_Step]], list[_Encoded]]:
        plan = [_plan(c) for c in conversations]
        texts: list[str] = [""]  # row 0: the empty text, for "no previous message"
        for conv, steps in zip(conversations, plan, strict=True):
            for step in steps:
                if step.analysed:
                    step.row = len(texts)
                    texts.append(conv.messages[step.position].text)
        return plan, self._encode(texts, use_cache=use_cache)

    def _analyse(self, conversations: Sequence[Conversation], plan: list[list[_Step]],
                 encoded: list[_Encoded], *, spare_core: bool = False) -> list[list[MessageReading]]:
        readings = [[MessageReading(m.id, m.role) for m in c.messages] for c in conversations]
        # Analysers of one role ask for the same rows: build each token batch once.
        batches: dict[tuple[str, tuple[int, ...]], TokenBatch] = {}
        jobs: list[tuple[Analyser, list[tuple[int, _Step]], AnalysisBatch]] = []
        for analyser in self.analysers:
            decl = analyser.declaration
            chosen = [(ci, step) for ci, steps in enumerate(plan) for step in steps
                      if step.analysed and step.role in decl.roles]
            if not chosen:
                continue
            features = {}
            for req in decl.requires:
                rows = tuple(_row_for(step, req) for _, step in chosen)
                if (req, rows) not in batches:
                    batches[req, rows] = _token_batch(encoded, list(rows))
                features[req] = batches[req, rows]
            jobs.append((analyser, chosen, AnalysisBatch(
                messages=tuple(conversations[ci].messages[step.position] for ci, step in chosen),
                features=features,
            )))
        if spare_core and len(jobs) > 1:
            # Nothing else is encoding: analysers run two at a time (their matrix products
            # release the GIL); results are merged in analyser order all the same.
            results = list(self._helpers().map(lambda job: job[0].predict(job[2]), jobs))
        else:
            results = [analyser.predict(batch) for analyser, _, batch in jobs]
        for (analyser, chosen, _), notes_list in zip(jobs, results, strict=True):
            for (ci, step), notes in zip(chosen, notes_list, strict=True):
                _merge(readings[ci][step.position], analyser.declaration.name, notes)
        return readings

    def _helpers(self) -> ThreadPoolExecutor:
        with self._cache_lock:
            if self._pool is None:
                self._pool = ThreadPoolExecutor(2, thread_name_prefix="heartline-heads")
            return self._pool

    def _encode(self, texts: list[str], *, use_cache: bool) -> list[_Encoded]:
        if not use_cache:
            return _split(self.encoder.encode(texts, with_tokens=True))
        with self._cache_lock:
            found = {t: self._cache[t] for t in texts if t in self._cache}
        missing = list(dict.fromkeys(t for t in texts if t not in found))
        if missing:
            fresh = _split(self.encoder.encode(missing, with_tokens=True))
            with self._cache_lock:
                for text, enc in zip(missing, fresh, strict=True):
                    found[text] = self._cache[text] = enc
                while len(self._cache) > self._cache_size:
                    self._cache.popitem(last=False)
        return [found[t] for t in texts]

    # -- analysing -----------------------------------------------------------------

    def analyze(self, conversations: Iterable[Conversation], *, chunk_messages: int = 1024,
                suggestions: bool = True) -> Iterator[ConversationResult]:
        """Score (and coach) conversations, streamed in chunks of about ``chunk_messages``.

        The encoder reads the next chunk in a second thread while the heads, scoring
        and coaching work on this one: ONNX Runtime releases the GIL, so the Python
        work around the encoder no longer adds to the encoder's time. Chunks of 1024
        messages encode about 10% faster than chunks of 512 (longer runs of similar
        lengths to batch, more repeated replies to skip) and hold about 100 MB of
        token vectors each; at most two are in memory.
        """
        with ThreadPoolExecutor(1, thread_name_prefix="heartline-encode") as ahead, _ONE_BLAS_THREAD:
            pending: tuple[list[Conversation], Future[tuple[list[list[_Step]], list[_Encoded]]]] | None = None
            for chunk in _chunks(conversations, chunk_messages):
                encoding = ahead.submit(self._plan_and_encode, chunk, use_cache=False)
                if pending is not None:
                    yield from self._finish(pending[0], pending[1].result(), suggestions)
                pending = (chunk, encoding)
            if pending is not None:  # the last chunk: no encoding left to share the cores with
                yield from self._finish(pending[0], pending[1].result(), suggestions, spare_core=True)

    def _finish(self, chunk: list[Conversation], encoded: tuple[list[list[_Step]], list[_Encoded]],
                suggestions: bool, *, spare_core: bool = False) -> Iterator[ConversationResult]:
        for conv, readings in zip(chunk, self._analyse(chunk, *encoded, spare_core=spare_core), strict=True):
            result = score_conversation(conv, readings, criteria=self.criteria)
            yield coach(conv, result, rewriter=self.rewriter) if suggestions else result

    # -- real-time assist -------------------------------------------------------

    def assist(self, messages: Sequence[Message], draft: str) -> AssistResult:
        """How the customer feels now, and the draft reply scored, with warnings.

        Only the open customer turn (the customer messages since the last agent
        message, at most ``ASSIST_CONTEXT``) is read with the draft, so the cost
        does not grow with the conversation; repeated texts come from the cache.
        """
        turn: list[Message] = []
        for m in reversed(messages):
            if m.role is Role.AGENT and turn:
                break
            if m.role is Role.CUSTOMER:
                turn.append(m)
            if len(turn) >= ASSIST_CONTEXT:
                break
        turn.reverse()
        draft_msg = Message(id="draft", role=Role.AGENT, text=draft)
        conv = Conversation(id="assist", source="assist", channel=Channel.CHAT,
                            messages=(*turn, draft_msg))
        readings = self.read([conv], use_cache=True)[0]
        result = score_conversation(conv, readings, criteria=self.criteria)
        draft_reading = result.messages[-1]
        last_customer = next((r for r in reversed(result.messages[:-1]) if r.role is Role.CUSTOMER), None)
        emotion = (last_customer.emotion if last_customer else None) or "neutral"
        intensity = (last_customer.emotion_intensity if last_customer else None) or 0.0
        reply = result.assessment.replies[-1] if result.assessment.replies else None
        needs = _needs(reply, last_customer)
        warnings = _warnings(draft_reading, emotion)
        ack = None
        if reply is not None and not reply.shows("acknowledges_emotion"):
            ack = acknowledgement(conv, reply)
        stages = result.scores
        return AssistResult(
            customer=CustomerState(emotion=emotion, intensity=float(intensity), needs=needs),
            draft=DraftReading(
                scores={k: stages[k] for k in ("cognitive", "emotional", "compassionate", "empathy")},
                behaviours={b: bool(draft_reading.behaviours.get(b, False)) for b in BEHAVIOURS},
            ),
            warnings=warnings,
            suggested_acknowledgement=ack,
        )


@dataclass
class _Step:
    """One message's place in a batch: its encoded row and the steps before it."""

    position: int
    role: Role
    analysed: bool
    before: dict[Role, _Step]
    row: int = 0


def _plan(conv: Conversation) -> list[_Step]:
    """For each message: analysed or not, and the latest earlier customer/agent message."""
    steps: list[_Step] = []
    latest: dict[Role, _Step] = {}
    for pos, m in enumerate(conv.messages):
        analysed = m.role in _ANALYSED_ROLES and not m.internal
        step = _Step(pos, m.role, analysed, {})
        steps.append(step)
        if analysed:
            step.before = dict(latest)
            latest[m.role] = step
    return steps


def _row_for(step: _Step, requirement: str) -> int:
    role = _FEATURE_SOURCE[requirement]
    if role is None:
        return step.row
    before = step.before.get(role)
    return before.row if before is not None else 0


def _split(batch: Any) -> list[_Encoded]:
    out = []
    for i, tv in enumerate(batch.tokens):
        vectors, offsets = text_tokens(tv)
        out.append(_Encoded(np.asarray(batch.embeddings[i], np.float32), vectors, offsets))
    return out


def _chunks(conversations: Iterable[Conversation], size: int) -> Iterator[list[Conversation]]:
    chunk: list[Conversation] = []
    messages = 0
    for conv in conversations:
        chunk.append(conv)
        messages += len(conv.messages)
        if messages >= size:
            yield chunk
            chunk, messages = [], 0
    if chunk:
        yield chunk


def _token_batch(encoded: list[_Encoded], rows: list[int]) -> TokenBatch:
    return TokenBatch.from_ragged(
        pooled=np.stack([encoded[r].pooled for r in rows]),
        vectors=[encoded[r].vectors for r in rows],
        offsets=[encoded[r].offsets for r in rows],
    )


def _merge(reading: MessageReading, analyser: str, notes: dict[str, Any]) -> None:
    extra: dict[str, Any] = {}
    for key, value in notes.items():
        if key in _FIELDS:
            setattr(reading, key, value)
        elif key == "evidence":
            for name, spans in (value or {}).items():
                reading.evidence.setdefault(name, []).extend(tuple(s) for s in spans)
        elif key in _MERGED:
            getattr(reading, key).update(value or {})
        else:
            extra[key] = value
    if extra:
        reading.extra[analyser] = extra


def _needs(reply: Any, customer: MessageReading | None) -> tuple[str, ...]:
    """What the customer needs from the reply, most pressing first."""
    if reply is None:
        return ()
    order = ("acknowledges_emotion", "mirrors_problem", "explores", "takes_action")
    words = {"acknowledges_emotion": "acknowledgement", "mirrors_problem": "to feel understood",
             "explores": "questions about the problem", "takes_action": "a concrete next step"}
    needs = [words[n] for n in order if n in reply.owed]
    if customer is not None and customer.intent and customer.intent not in ("other", "none"):
        needs.append(str(customer.intent).replace("_", " "))
    return tuple(needs)


def _warnings(draft: MessageReading, emotion: str) -> tuple[AssistWarning, ...]:
    out: list[AssistWarning] = []
    for kind in ("rude", "generic_sympathy", "over_apologising"):
        if draft.behaviours.get(kind):
            spans = draft.evidence.get(kind)
            span = (int(spans[0][0]), int(spans[0][1])) if spans else None
            out.append(AssistWarning(kind, _WARNINGS[kind], span))
    if draft.behaviours.get("ignores_emotion"):
        feeling = emotion if emotion in NEGATIVE_GROUPS else "upset"
        out.append(AssistWarning("ignores_emotion", _WARNINGS["ignores_emotion"].format(emotion=feeling)))
    return tuple(out)
