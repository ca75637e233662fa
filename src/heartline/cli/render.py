"""How the CLI shows things: errors, progress and summaries, with Rich."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.logging import RichHandler
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from heartline.errors import HeartlineError

out = Console()
err = Console(stderr=True)


def setup_logging(verbose: bool) -> None:
    """Route heartline's log records to stderr (they never hold customer text)."""
    handler = RichHandler(console=err, show_path=False, show_time=False)
    root = logging.getLogger("heartline")
    root.handlers[:] = [handler]
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    root.propagate = False


def show_error(exc: HeartlineError) -> None:
    """Print an error and its hint to stderr."""
    # soft_wrap: never break a file path or field name across lines.
    err.print("[bold red]error:[/] ", end="", highlight=False)
    err.print(exc.message, highlight=False, markup=False, soft_wrap=True)
    if exc.hint:
        err.print("[yellow]hint:[/] ", end="", highlight=False)
        err.print(exc.hint, highlight=False, markup=False, soft_wrap=True)


@contextmanager
def progress(description: str, total: int | None = None) -> Iterator[Progress]:
    """A progress bar on a terminal; plain, quiet output otherwise."""
    columns = [SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
               MofNCompleteColumn(), TimeElapsedColumn()]
    with Progress(*columns, console=err, transient=True, disable=not err.is_terminal) as bar:
        bar.add_task(description, total=total)
        yield bar


def table(title: str, rows: list[tuple[str, str]]) -> Table:
    """A two-column summary table."""
    tab = Table(title=title, show_header=False, title_justify="left")
    tab.add_column(style="bold")
    tab.add_column(justify="right")
    for k, v in rows:
        tab.add_row(k, v)
    return tab


def stderr_is_terminal() -> bool:
    """Whether a person is watching stderr."""
    return sys.stderr.isatty()
