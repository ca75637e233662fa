"""Every error heartline raises on purpose, in one place.

Each error says what was wrong and how to fix it. The CLI maps them to exit
codes (``cli/main.py``) and the web app to HTTP statuses, both from
``exit_code`` / ``http_status`` here, so the mapping lives in one place.
Messages never quote customer text: they name files, records and fields.
"""

from __future__ import annotations

from dataclasses import dataclass


class HeartlineError(Exception):
    """Base class: a problem the user can fix; ``hint`` says how."""

    exit_code = 1
    http_status = 400

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message if not self.hint else f"{self.message}\n  hint: {self.hint}"


@dataclass(frozen=True)
class Problem:
    """One invalid record in an input file.

    Attributes:
        path: the file, as the user named it.
        record: where in the file: ``line 12``, ``row 7``, ``ticket 4411``.
        field: the field that was wrong (``""`` when the whole record is).
        expected: what was expected there, in plain words.
    """

    path: str
    record: str
    field: str
    expected: str

    def __str__(self) -> str:
        where = f"{self.path}, {self.record}"
        if self.field:
            where += f", field '{self.field}'"
        return f"{where}: {self.expected}"


class InvalidInputError(HeartlineError):
    """An input file holds records that cannot be imported."""

    exit_code = 3
    http_status = 422

    def __init__(self, problems: list[Problem], *, total: int | None = None) -> None:
        self.problems = problems
        shown = "\n".join(f"  - {p}" for p in problems[:20])
        more = (total or len(problems)) - min(len(problems), 20)
        tail = f"\n  … and {more} more" if more > 0 else ""
        super().__init__(
            f"{total or len(problems)} invalid record(s); nothing was imported:\n{shown}{tail}",
            hint="fix the records above, or pass --skip-invalid to import the rest "
            "and get a report of what was skipped",
        )


class UnknownFormatError(HeartlineError):
    """The format of an input file was not given and could not be detected."""

    exit_code = 2


class ConfigError(HeartlineError):
    """A setting is missing or invalid."""

    exit_code = 2


class StorageError(HeartlineError):
    """The database cannot be reached or is not in the expected state."""

    exit_code = 4
    http_status = 503


class NotFoundError(HeartlineError):
    """A requested thing (conversation, model, token) does not exist."""

    exit_code = 5
    http_status = 404


class ModelError(HeartlineError):
    """A model folder or encoder cache is missing, corrupt or incompatible."""

    exit_code = 6
    http_status = 503


class AuthError(HeartlineError):
    """The caller is not who they say, or may not do this."""

    exit_code = 7
    http_status = 401
