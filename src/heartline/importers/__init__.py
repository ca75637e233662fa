"""Importers: one module per file layout, found by ``--format`` name or by sniffing.

Register a new layout by adding it to ``IMPORTERS`` (plug-ins call
``register``); the CLI, the web upload and the batch runner all look here.
"""

from __future__ import annotations

from pathlib import Path

from heartline.errors import UnknownFormatError
from heartline.importers.base import Importer, Item, ReadOptions
from heartline.importers.csv_messages import CsvMessagesImporter
from heartline.importers.freshdesk import FreshdeskImporter
from heartline.importers.intercom import IntercomImporter
from heartline.importers.jsonl import JsonlImporter
from heartline.importers.surveys import SurveysImporter
from heartline.importers.transcript import TranscriptImporter
from heartline.importers.twcs import TwcsImporter
from heartline.importers.zendesk import ZendeskImporter

IMPORTERS: dict[str, Importer] = {}


def register(importer: Importer) -> None:
    """Make an importer available by its name and to format detection."""
    IMPORTERS[importer.name] = importer


def get_importer(name: str) -> Importer:
    """The importer called ``name``, or an error listing the known ones."""
    try:
        return IMPORTERS[name]
    except KeyError:
        raise UnknownFormatError(
            f"unknown format '{name}'", hint=f"use one of: {', '.join(sorted(IMPORTERS))}"
        ) from None


def detect_format(path: Path) -> Importer:
    """The importer whose ``sniff`` accepts the start of ``path``."""
    with path.open("rb") as fh:
        head = fh.read(64 * 1024)
    for importer in IMPORTERS.values():
        if importer.sniff(path, head):
            return importer
    raise UnknownFormatError(
        f"could not tell the format of {path}",
        hint=f"pass --format, one of: {', '.join(sorted(IMPORTERS))}",
    )


for _importer in (
    JsonlImporter(), CsvMessagesImporter(), ZendeskImporter(), IntercomImporter(),
    FreshdeskImporter(), TwcsImporter(), TranscriptImporter(), SurveysImporter(),
):
    register(_importer)

__all__ = ["IMPORTERS", "Importer", "Item", "ReadOptions", "detect_format", "get_importer", "register"]
