"""Opening input files as text whatever their encoding."""

from __future__ import annotations

import codecs
import io
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from heartline.errors import InvalidInputError, Problem

_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16"))


def detect_encoding(path: Path, sample_bytes: int = 1 << 20) -> str:
    """The encoding of a text file: a BOM wins, else UTF-8 if the sample decodes, else cp1252.

    Exports from older helpdesks and Excel arrive as UTF-16 or Windows-1252;
    guessing wrong would corrupt text silently, so only these are tried.
    """
    with path.open("rb") as fh:
        head = fh.read(sample_bytes)
    for bom, name in _BOMS:
        if head.startswith(bom):
            return name
    try:
        # A multi-byte sequence may be cut at the sample's end: decode incrementally.
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
        return "utf-8"
    except UnicodeDecodeError:
        return "cp1252"


@contextmanager
def open_text(path: Path, *, newline: str | None = None) -> Iterator[IO[str]]:
    """Open ``path`` for reading text in its detected encoding.

    Raises:
        InvalidInputError: the file is empty, or not text.
    """
    if not path.exists():
        raise InvalidInputError([Problem(str(path), "file", "", "an existing file")])
    if path.stat().st_size == 0:
        raise InvalidInputError([Problem(str(path), "file", "", "a non-empty file")])
    encoding = detect_encoding(path)
    raw = path.open("rb")
    try:
        # _Checked is a TextIOBase; typeshed does not count TextIOBase as IO[str].
        yield _Checked(io.TextIOWrapper(raw, encoding=encoding, newline=newline), path, encoding)  # type: ignore[misc]
    finally:
        raw.close()


class _Checked(io.TextIOBase):
    """A text stream whose decoding errors become InvalidInputError naming the file."""

    def __init__(self, inner: io.TextIOWrapper, path: Path, encoding: str) -> None:
        self._inner, self._path, self._encoding = inner, path, encoding
        self._line = 0

    def _fail(self, exc: UnicodeDecodeError) -> InvalidInputError:
        return InvalidInputError([Problem(
            str(self._path), f"near line {self._line + 1}", "",
            f"text in one encoding ({self._encoding} was detected, but byte {exc.start} "
            "of a later block does not decode); re-save the file as UTF-8")])

    def readline(self, size: int | None = -1) -> str:  # type: ignore[override]
        try:
            line = self._inner.readline(-1 if size is None else size)
        except UnicodeDecodeError as exc:
            raise self._fail(exc) from exc
        self._line += 1
        return line

    def read(self, size: int | None = -1) -> str:
        try:
            return self._inner.read(-1 if size is None else size)
        except UnicodeDecodeError as exc:
            raise self._fail(exc) from exc

    def __iter__(self) -> Iterator[str]:  # type: ignore[override]
        while True:
            line = self.readline()
            if not line:
                return
            yield line

    def readable(self) -> bool:
        return True
