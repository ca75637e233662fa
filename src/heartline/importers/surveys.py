"""Post-conversation survey results as CSV.

Columns ``conversation_id`` and ``csat`` (1–5) are required; ``nps`` (0–10),
``comment``, ``feeling`` (the answer to "how did this make you feel?") and
``submitted_at`` are optional. Columns may be renamed with
``ReadOptions.mapping``. One answer per conversation: a second one for the
same conversation is a duplicate, since averaging them would hide which is
right. ``source`` should name where the rated conversations came from, so
answers join their conversations on ``(source, conversation_id)``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Literal

from heartline.conversation import SurveyResponse
from heartline.errors import Problem
from heartline.importers import csv_table, fields
from heartline.importers.base import Item, ReadOptions
from heartline.importers.sniffing import csv_header
from heartline.importers.spill import SeenIds
from heartline.native import FieldError

FIELDS = ("conversation_id", "csat", "nps", "comment", "feeling", "submitted_at")
REQUIRED = ("conversation_id", "csat")


class SurveysImporter:
    """Reads survey results (see the module docstring)."""

    name = "surveys"
    kind: Literal["surveys"] = "surveys"

    def sniff(self, path: Path, head: bytes) -> bool:
        columns = set(csv_header(head))
        return set(REQUIRED) <= columns and not {"role", "text", "message_id"} & columns

    def read(self, path: Path, options: ReadOptions) -> Iterator[Item]:
        with SeenIds() as seen:
            for item in csv_table.rows(path, fields=FIELDS, required=REQUIRED,
                                       mapping=options.mapping, max_chars=options.max_message_chars):
                if isinstance(item, Problem):
                    yield item
                    continue
                where, row = item
                try:
                    response = _response(row, options)
                except FieldError as exc:
                    yield fields.problem(path, where, exc)
                    continue
                if not seen.add(response.conversation_id):
                    yield Problem(str(path), where, "conversation_id",
                                  "one answer per conversation (this conversation was answered earlier)")
                    continue
                yield response


def _response(row: dict[str, str], options: ReadOptions) -> SurveyResponse:
    cid = fields.ident(row.get("conversation_id"), "conversation_id")
    csat = fields.opt_number(row.get("csat"), "csat", 1, 5, integer=True)
    if csat is None:
        raise FieldError("csat", "a whole number from 1 to 5 (required)")
    nps = fields.opt_number(row.get("nps"), "nps", 0, 10, integer=True)
    limit = options.max_message_chars
    comment = fields.message_text(row.get("comment", ""), "comment", limit).strip()
    feeling = fields.message_text(row.get("feeling", ""), "feeling", limit).strip()
    return SurveyResponse(
        conversation_id=cid, csat=int(csat), nps=None if nps is None else int(nps),
        comment=comment or None, feeling=feeling or None,
        submitted_at=fields.opt_time(row.get("submitted_at"), "submitted_at", options.default_tz),
        source=options.source or "survey",
    )
