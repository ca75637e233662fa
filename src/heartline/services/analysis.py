"""Analysing conversations: the engine built from settings, fed from files or the database."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from heartline.coaching.generator import ChatRewriter, GeneratorConfig
from heartline.conversation import Conversation
from heartline.engine import Engine
from heartline.errors import ConfigError, InvalidInputError, Problem
from heartline.importers import ReadOptions, detect_format, get_importer
from heartline.services.importing import Privacy
from heartline.settings import Settings
from heartline.storage.store import Store

log = logging.getLogger(__name__)


def load_engine(settings: Settings, *, threads: int | None = None) -> Engine:
    """The analysis engine, with the LLM rewriter when the settings switch it on."""
    rewriter = None
    if settings.coach_llm_url:
        if not settings.coach_llm_model:
            raise ConfigError("HEARTLINE_COACH_LLM_URL is set but HEARTLINE_COACH_LLM_MODEL is not",
                              hint="name the model to ask for, or unset the URL")
        rewriter = ChatRewriter(GeneratorConfig(
            base_url=settings.coach_llm_url, model=settings.coach_llm_model,
            api_key=settings.coach_llm_api_key, timeout_s=settings.coach_llm_timeout,
        ))
    return Engine.load(threads=threads, rewriter=rewriter)


def load_assist_engine(settings: Settings) -> Engine:
    """The engine the web app shares across requests (real-time assist).

    One encoder thread per request: concurrent requests then use the cores in
    parallel, and a single short text gains little from intra-op threads.
    """
    return load_engine(settings, threads=1)


def conversations_from_file(path: Path, *, privacy: Privacy, format: str | None = None,
                            options: ReadOptions | None = None) -> Iterator[Conversation]:
    """Conversations read from any importable file, protected like an import would.

    Raises:
        InvalidInputError: on the first invalid record (analysis needs every conversation whole).
    """
    importer = get_importer(format) if format else detect_format(path)
    if importer.kind != "conversations":
        raise ConfigError(f"{path} holds {importer.kind}, not conversations",
                          hint="analyse a conversation export; surveys are imported with `heartline import`")
    counts: Counter[str] = Counter()
    for item in importer.read(path, options or ReadOptions()):
        if isinstance(item, Problem):
            raise InvalidInputError([item])
        if isinstance(item, Conversation):
            yield privacy.protect_conversation(item, counts)


def conversations_from_store(store: Store, *, source: str | None = None) -> Iterator[Conversation]:
    """Every stored conversation, streamed."""
    return store.iter_conversations(source=source)
