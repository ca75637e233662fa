"""Importing a file: parse, redact, pseudonymise and store, in one transaction.

This is the only path by which conversations enter the database, so privacy
is enforced here: message text and survey comments are redacted and customer
ids pseudonymised *before* any row is written, unless the caller explicitly
turned redaction off.
"""

from __future__ import annotations

import logging
import os
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from multiprocessing.pool import Pool
from pathlib import Path

from heartline.conversation import Conversation, Message, Role, SurveyResponse
from heartline.errors import InvalidInputError, Problem
from heartline.importers import ReadOptions, detect_format, get_importer
from heartline.importers.base import Item
from heartline.importers.jsonl import duplicate
from heartline.importers.text import detect_encoding
from heartline.pseudonyms import Pseudonymizer
from heartline.redaction import Redactor
from heartline.services import parallel_import
from heartline.storage.store import Prepared, Store, Writer, prepare

log = logging.getLogger(__name__)

BATCH = 500
#: Problems kept for the report; the count beyond this is still exact.
MAX_PROBLEMS = 1000


@dataclass
class ImportReport:
    """What an import did."""

    path: str
    format: str
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    messages: int = 0
    surveys: int = 0
    skipped: int = 0
    problems: list[Problem] = field(default_factory=list)
    redactions: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0
    #: per survey source: (answers that join a stored conversation, all answers stored under it).
    survey_matches: dict[str, tuple[int, int]] = field(default_factory=dict)

    @property
    def conversations(self) -> int:
        """Conversations read and stored (new, changed or unchanged)."""
        return self.inserted + self.updated + self.unchanged


@dataclass
class Privacy:
    """How customer data is protected on the way in.

    Attributes:
        redactor: replaces PII in text with typed placeholders; None keeps text as is
            (only when the user passed ``--no-redact``).
        pseudonymize: maps customer ids to pseudonyms.
    """

    redactor: Redactor | None
    pseudonymize: Pseudonymizer
    _memo: dict[str, str] = field(default_factory=dict, repr=False)

    def protect_conversation(self, conv: Conversation, counts: Counter[str]) -> Conversation:
        """The conversation with text redacted and customer ids pseudonymised."""
        c = conv
        messages = tuple([self._protect_message(m, counts) for m in c.messages])
        # The constructor, not dataclasses.replace: this runs for every conversation imported.
        return Conversation(
            c.id, c.source, c.channel, messages, c.started_at, c.ended_at, c.team, c.agent_ids,
            self._pseudonym(c.customer), c.tags, c.outcome, c.csat,
        )

    def _protect_message(self, m: Message, counts: Counter[str]) -> Message:
        text = m.text
        if self.redactor is not None:
            red = self.redactor.redact(text)
            if red.spans:
                text = red.text
                counts.update(label for _, _, label in red.spans)
        author = self._pseudonym(m.author) if m.role is Role.CUSTOMER else m.author
        if text is m.text and author is m.author:
            return m
        return Message(m.id, m.role, text, author, m.sent_at, m.internal, m.audio_start, m.audio_end)

    def _pseudonym(self, raw: str | None) -> str | None:
        # Customers write many messages: memoise (bounded) instead of re-hashing each.
        if raw is None:
            return None
        found = self._memo.get(raw)
        if found is None:
            if len(self._memo) > 100_000:
                self._memo.clear()
            found = self._memo[raw] = self.pseudonymize(raw) or raw
        return found

    def protect_survey(self, s: SurveyResponse, counts: Counter[str]) -> SurveyResponse:
        """The survey with its free-text answers redacted."""
        if self.redactor is None:
            return s
        comment, feeling = (self._redact_text(v, counts) for v in (s.comment, s.feeling))
        if comment is s.comment and feeling is s.feeling:
            return s
        return replace(s, comment=comment, feeling=feeling)

    def _redact_text(self, value: str | None, counts: Counter[str]) -> str | None:
        if not value or self.redactor is None:
            return value
        red = self.redactor.redact(value)
        counts.update(label for _, _, label in red.spans)
        return red.text if red.spans else value


def import_file(
    store: Store,
    path: Path,
    *,
    privacy: Privacy,
    format: str | None = None,
    options: ReadOptions | None = None,
    skip_invalid: bool = False,
    on_progress: Callable[[ImportReport], None] | None = None,
    workers: int | None = None,
) -> ImportReport:
    """Import one file into ``store``.

    By default any invalid record rejects the whole file and nothing is
    written; every problem is listed in the raised error. With
    ``skip_invalid`` the valid records are imported and the problems are
    returned in the report. A large native JSONL file is parsed and redacted
    by ``workers`` processes (default: one per core); the result is the same.

    Raises:
        InvalidInputError: invalid records (and not ``skip_invalid``), or an
            unreadable file (empty, wrong encoding, truncated).
        UnknownFormatError: no ``format`` given and none detected.
    """
    importer = get_importer(format) if format else detect_format(path)
    options = options or ReadOptions()
    report = ImportReport(path=str(path), format=importer.name)
    started = datetime.now(UTC)
    sqlite = store.engine.dialect.name == "sqlite"
    workers = workers or os.cpu_count() or 1
    with ExitStack() as stack:
        if workers > 1 and _parallel_suits(importer.name, path):
            pool = stack.enter_context(
                parallel_import.worker_pool(path, options=options, privacy=privacy, sqlite=sqlite, workers=workers))
            items = _parallel_items(pool, path, workers, report.redactions)
        else:
            items = _serial_items(importer.read(path, options), privacy, sqlite, report.redactions)
        with store.writer() as writer:
            survey_sources = _write(items, writer, report, skip_invalid, on_progress)
            finished = datetime.now(UTC)
            report.seconds = (finished - started).total_seconds()
            writer.record_run(
                file_name=path.name[:255], format=importer.name, started_at=started,
                finished_at=finished, inserted=report.inserted, updated=report.updated,
                unchanged=report.unchanged, skipped=report.skipped, messages=report.messages,
                redactions=dict(report.redactions),
            )
    for source in sorted(survey_sources):
        report.survey_matches[source] = store.survey_matches(source)
    log.info(
        "imported %s (%s): %d new, %d changed, %d unchanged, %d skipped",
        path.name, importer.name, report.inserted, report.updated, report.unchanged, report.skipped,
    )
    return report


Stored = Prepared | SurveyResponse | Problem


def _write(items: Iterator[Stored], writer: Writer, report: ImportReport, skip_invalid: bool,
           on_progress: Callable[[ImportReport], None] | None) -> set[str]:
    """Write every item in batches; returns the sources the survey answers were stored under."""
    problem_count = 0
    survey_sources: set[str] = set()
    convs: list[Prepared] = []
    surveys: list[SurveyResponse] = []
    for n, item in enumerate(items, start=1):
        if isinstance(item, Problem):
            problem_count += 1
            if len(report.problems) < MAX_PROBLEMS:
                report.problems.append(item)
            continue
        if problem_count and not skip_invalid:
            continue  # keep reading to list every problem; nothing will be written
        if isinstance(item, Prepared):
            convs.append(item)
            if len(convs) >= BATCH:
                writer.write_prepared(convs)
                convs = []
        else:
            surveys.append(item)
            survey_sources.add(item.source)
            if len(surveys) >= BATCH:
                writer.write_surveys(surveys)
                surveys = []
        if on_progress is not None and n % 100 == 0:
            _sync(report, writer.counts)
            on_progress(report)
    if problem_count and not skip_invalid:
        # Leaving the writer's block by exception rolls the transaction back.
        raise InvalidInputError(report.problems, total=problem_count)
    writer.write_prepared(convs)
    writer.write_surveys(surveys)
    _sync(report, writer.counts)
    report.skipped = problem_count
    return survey_sources


def _serial_items(read: Iterator[Item], privacy: Privacy, sqlite: bool, counts: Counter[str]) -> Iterator[Stored]:
    for item in read:
        if isinstance(item, Conversation):
            yield prepare(privacy.protect_conversation(item, counts), sqlite=sqlite)
        elif isinstance(item, SurveyResponse):
            yield privacy.protect_survey(item, counts)
        else:
            yield item


def _parallel_suits(format_name: str, path: Path) -> bool:
    if format_name != "jsonl" or path.stat().st_size < parallel_import.MIN_BYTES:
        return False
    if detect_encoding(path) not in ("utf-8", "utf-8-sig"):
        return False
    with path.open("rb") as fh:
        head = fh.read(1 << 20)
    # Chunks end at "\n": a file whose lines end in a lone "\r" is read in one process.
    return head.count(b"\r") == head.count(b"\r\n")


def _parallel_items(pool: Pool, path: Path, workers: int, counts: Counter[str]) -> Iterator[Stored]:
    seen: set[tuple[str, str]] = set()
    for chunk_items, chunk_counts in parallel_import.prepared_items(pool, path, workers=workers):
        counts.update(chunk_counts)
        for lineno, item in chunk_items:
            if isinstance(item, Prepared):
                if item.key in seen:
                    yield duplicate(path, lineno)
                    continue
                seen.add(item.key)
            yield item


def _sync(report: ImportReport, counts: object) -> None:
    for name in ("inserted", "updated", "unchanged", "messages", "surveys"):
        setattr(report, name, getattr(counts, name))


def iter_export(store: Store, *, source: str | None = None) -> Iterator[Conversation]:
    """Stored conversations in the order they were first imported."""
    return store.iter_conversations(source=source)
