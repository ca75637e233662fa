"""``heartline train`` and ``heartline eval``: thin shells over ``heartline.training``."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Annotated, Any

import typer

from heartline.cli import render

DataDirOption = Annotated[
    Path | None,
    typer.Option("--data-dir", help="Shared data folder (default: $HEARTLINE_SHARED_DATA, else ../shared/data).",
                 show_default=False),
]
EncoderOption = Annotated[
    str,
    typer.Option("--encoder", help="auto (heartline's encoder when available), heartline, or torch (float32)."),
]


def train_command(
    task: Annotated[str, typer.Argument(help="A task name (see `heartline eval all`) or 'all'.")],
    data_dir: DataDirOption = None,
    out: Annotated[Path | None, typer.Option("--out", help="Write model folders here instead of the package.",
                                             show_default=False)] = None,
    encoder: EncoderOption = "auto",
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Show debug logs.")] = False,
) -> None:
    """Train a head (or every head) from the shared data, with fixed seeds, and write its model card."""
    from heartline.heads import folder
    from heartline.training import datasets, tasks
    from heartline.training.backends import default_backend

    render.setup_logging(verbose)
    todo = tasks.heads_to_train(task)
    ctx = tasks.TrainContext(data_dir=datasets.data_dir(data_dir), backend=default_backend(prefer=encoder),
                             out_dir=out or folder.PACKAGED)
    rows = []
    for t in todo:
        start = time.perf_counter()
        with _bars() as report:
            head = t.train(tasks.TrainContext(ctx.data_dir, ctx.backend, ctx.out_dir, report))  # type: ignore[misc]
        size = folder.folder_bytes(ctx.out_dir / head.config.name)
        headline = _pick(head.config.metrics, t.headline)
        rows.append((head.config.registry_name,
                     f"{t.headline} {headline:.3f} · {size / 1024:.0f} KB · {time.perf_counter() - start:.0f} s"))
    render.out.print(render.table(f"Trained into {ctx.out_dir}", rows))


def eval_command(
    task: Annotated[str, typer.Argument(help="A task name, or 'all' for every task on its dev split.")],
    data: Annotated[Path | None, typer.Option("--data", help="A file in the layout of ../shared/data/<dataset>/dev.jsonl "
                                              "(default: that dev split).", show_default=False)] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object instead of a table.")] = False,
    data_dir: DataDirOption = None,
    encoder: EncoderOption = "auto",
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Show debug logs.")] = False,
) -> None:
    """Evaluate heads: one task on a file (`--json`: {"task", "n", "metrics"}), or all of them beside the published figures."""
    from rich.console import Console

    from heartline.errors import ConfigError
    from heartline.heads import folder
    from heartline.training import datasets, tasks
    from heartline.training.backends import backend_for

    render.setup_logging(verbose)
    names = list(tasks.tasks()) if task == "all" else [tasks.get(task).name]
    if data is not None and task == "all":
        raise ConfigError("--data needs one task", hint="name the task whose layout the file has")
    results = []
    backends: dict[str, Any] = {}
    for name in names:
        t = tasks.get(name)
        head = folder.load_packaged(t.head)
        if head.config.encoder not in backends:
            backends[head.config.encoder] = backend_for(head.config.encoder, prefer=encoder)
        path = data or datasets.data_dir(data_dir) / t.dataset / "dev.jsonl"
        with render.progress(f"evaluating {name}"):
            results.append(tasks.evaluate(name, path, backends[head.config.encoder], head=head))
    if as_json:
        render.out.print_json(data=results[0] if task != "all" else {"tasks": results})
        return
    # A pipe or file gets the table at a readable width instead of rich's 80 columns.
    console = render.out if render.out.is_terminal else Console(width=120)
    console.print(_table(results))


def _table(results: list[dict[str, Any]]) -> Any:
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    from heartline.training import tasks

    tab = Table(title="heartline heads on the dev splits (published figures are on their own test splits)",
                title_justify="left")
    for col in ("task", "n", "metric", "heartline (dev)", "published", "target", "src"):
        tab.add_column(col, no_wrap=True,
                       justify="right" if col in ("n", "heartline (dev)", "published", "target") else "left")
    sources: list[str] = []
    for r in results:
        t = tasks.get(r["task"])
        if t.anchor_source not in sources:
            sources.append(t.anchor_source)
        note = f"[{sources.index(t.anchor_source) + 1}]"
        shown = [t.headline] + [k for k in (*t.anchor, *t.target, "accuracy") if k != t.headline]
        for i, metric in enumerate(dict.fromkeys(shown)):
            value = _pick(r["metrics"], metric)
            anchor, target = t.anchor.get(metric), t.target.get(metric)
            if r["metrics"].get("positives") == 0 and metric != "accuracy":
                shown_value = "n/a (none in dev)"
            else:
                mark = "" if target is None else (" ✓" if value >= target else " ✗")
                shown_value = f"{value:.3f}{mark}"
            tab.add_row(r["task"] if i == 0 else "", str(r["n"]) if i == 0 else "", metric, shown_value,
                        "" if anchor is None else f"{anchor:.3f}", "" if target is None else f"{target:.3f}",
                        note if i == 0 else "")
    notes = Text("\n".join(f"[{k}] {src}" for k, src in enumerate(sources, 1)))
    return Group(tab, notes)


def _pick(metrics: dict[str, Any], path: str) -> float:
    value: Any = metrics
    for part in path.split("."):
        value = value.get(part, float("nan")) if isinstance(value, dict) else float("nan")
    return float(value)


class _bars:
    """Progress bars, one per stage reported by the trainer."""

    def __enter__(self) -> Any:
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
        )

        self.bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                            TimeElapsedColumn(), console=render.err, disable=not render.err.is_terminal)
        self.bar.__enter__()
        self.ids: dict[str, Any] = {}
        return self.report

    def report(self, stage: str, done: int, total: int) -> None:
        if stage not in self.ids:
            self.ids[stage] = self.bar.add_task(stage, total=total)
        self.bar.update(self.ids[stage], completed=done, total=total)

    def __exit__(self, *exc: object) -> None:
        self.bar.__exit__(None, None, None)


def _dump(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False)
