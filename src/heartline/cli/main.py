"""``heartline`` — the command line.

Exit codes (scripts may rely on them): 0 success; 1 unexpected failure;
2 bad usage, unknown format or invalid setting; 3 invalid input records;
4 database unreachable or unmigratable; 5 not found; 6 model missing or corrupt;
7 not authorised. They come from ``heartline.errors`` (``exit_code``).
"""

from __future__ import annotations

import json
import re
import sys
from datetime import tzinfo
from pathlib import Path
from typing import Annotated

import typer
from dateutil import tz as dateutil_tz

from heartline import native
from heartline.cli import render
from heartline.cli.models import eval_command, train_command
from heartline.cli.web import serve_command, tokens_app
from heartline.errors import ConfigError, HeartlineError
from heartline.importers import IMPORTERS, ReadOptions
from heartline.pseudonyms import Pseudonymizer
from heartline.redaction import RedactionConfig, Redactor
from heartline.services.importing import ImportReport, Privacy, import_file, iter_export
from heartline.services.summary import AnalysisSummary
from heartline.settings import Settings
from heartline.storage.store import Store

app = typer.Typer(
    name="heartline",
    help="heartline reads customer-service conversations and tells how they made customers feel.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

DbOption = Annotated[
    str | None,
    typer.Option("--db", help="Database URL (default: HEARTLINE_DATABASE_URL, else the local SQLite file).",
                 show_default=False),
]
VerboseOption = Annotated[bool, typer.Option("--verbose", "-v", help="Show debug logs.")]


@app.command("import")
def import_command(
    path: Annotated[Path, typer.Argument(help="The file to import.", exists=True, dir_okay=False)],
    format: Annotated[
        str | None,
        typer.Option("--format", "-f", help=f"Input layout: {', '.join(sorted(IMPORTERS))}. Detected when omitted."),
    ] = None,
    mapping: Annotated[
        str | None,
        typer.Option("--map", help="Column mapping for csv (and speaker roles for transcripts), e.g. text=body,role=sender_type."),
    ] = None,
    source: Annotated[str | None, typer.Option(help="Store conversations under this source name.")] = None,
    timezone: Annotated[str, typer.Option(help="Time zone of timestamps that carry none, e.g. Europe/Berlin.")] = "UTC",
    skip_invalid: Annotated[bool, typer.Option("--skip-invalid", help="Import valid records and report the invalid ones, instead of rejecting the file.")] = False,
    no_redact: Annotated[bool, typer.Option("--no-redact", help="Store text without removing personal data (e-mails, phones, cards, …). Off by default.")] = False,
    redact_pattern: Annotated[
        list[str] | None,
        typer.Option("--redact-pattern", help="Also redact matches of a regular expression, as LABEL=REGEX (e.g. ORDER=HZ-\\d{7}); repeatable."),
    ] = None,
    db: DbOption = None,
    verbose: VerboseOption = False,
) -> None:
    """Import conversations (or survey results) from a helpdesk export or transcript.

    Personal data in message text is redacted and customer ids are pseudonymised
    before anything is stored. Re-importing the same file changes nothing.
    By default one invalid record rejects the whole file, and every problem is listed.
    """
    render.setup_logging(verbose)
    settings = Settings.from_env(database_url=db)
    options = ReadOptions(source=source, mapping=_parse_mapping(mapping), default_tz=_zone(timezone))
    privacy = Privacy(
        redactor=None if no_redact else Redactor(_redaction_config(redact_pattern or [])),
        pseudonymize=Pseudonymizer(settings.secret_key),
    )
    store = Store.open(settings.database_url)
    try:
        with render.progress(f"importing {path.name}") as bar:
            def update(report: ImportReport) -> None:
                bar.update(bar.task_ids[0], completed=report.conversations + report.surveys)

            report = import_file(
                store, path, privacy=privacy, format=format, options=options,
                skip_invalid=skip_invalid, on_progress=update,
            )
        sources = store.sources() if report.survey_matches else []
    finally:
        store.close()
    _show_report(report, redacted=not no_redact)
    for name, (matched, total) in report.survey_matches.items():
        if total and not matched:
            known = ", ".join(f"'{s}'" for s in sources) or "none yet"
            render.err.print(
                f"[yellow]none of the {total} survey answers under source '{name}' matches a stored "
                f"conversation.[/] Survey answers join conversations by source and id: import them with "
                f"--source set to the conversations' source (stored sources: {known}).",
                highlight=False, soft_wrap=True)


def _show_report(report: ImportReport, *, redacted: bool) -> None:
    rows = [
        ("format", report.format),
        ("conversations new", str(report.inserted)),
        ("conversations changed", str(report.updated)),
        ("conversations unchanged", str(report.unchanged)),
        ("messages written", str(report.messages)),
    ]
    if report.surveys:
        matched = sum(m for m, _ in report.survey_matches.values())
        total = sum(n for _, n in report.survey_matches.values())
        joined = f" ({matched} of {total} stored join a conversation)" if report.survey_matches else ""
        rows.append(("survey responses", f"{report.surveys}{joined}"))
    if redacted:
        found = ", ".join(f"{k} {v}" for k, v in sorted(report.redactions.items())) or "none found"
        rows.append(("personal data redacted", found))
    else:
        rows.append(("personal data redacted", "NO (--no-redact)"))
    rows.append(("seconds", f"{report.seconds:.2f}"))
    render.out.print(render.table(f"Imported {Path(report.path).name}", rows))
    if report.skipped:
        render.err.print(f"[yellow]skipped {report.skipped} invalid record(s):[/]")
        for p in report.problems[:50]:
            render.err.print(f"  - {p}", highlight=False, markup=False, soft_wrap=True)
        if report.skipped > 50:
            render.err.print(f"  … and {report.skipped - 50} more")


@app.command("export")
def export_command(
    format: Annotated[str, typer.Option("--format", "-f", help="Output layout (jsonl: heartline's native format).")] = "jsonl",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write here instead of standard output.")] = None,
    source: Annotated[str | None, typer.Option(help="Only conversations from this source.")] = None,
    db: DbOption = None,
    verbose: VerboseOption = False,
) -> None:
    """Export stored conversations in heartline's native JSONL (import → export → import is lossless)."""
    render.setup_logging(verbose)
    if format != "jsonl":
        raise ConfigError(f"unknown export format '{format}'", hint="use --format jsonl")
    store = Store.open(Settings.from_env(database_url=db).database_url)
    target = output.open("w", encoding="utf-8") if output else sys.stdout
    n = 0
    try:
        for conv in iter_export(store, source=source):
            target.write(json.dumps(native.to_dict(conv), ensure_ascii=False) + "\n")
            n += 1
    finally:
        store.close()
        if output:
            target.close()
    if output:
        render.err.print(f"exported {n} conversation(s) to {output}")


@app.command("analyze")
def analyze_command(
    input: Annotated[str, typer.Argument(help="A file in any importable format, or `db` for the stored conversations.")],
    input_format: Annotated[str | None, typer.Option("--input-format", help="Layout of INPUT (as `import --format`); detected when omitted.")] = None,
    output_format: Annotated[str, typer.Option("--output-format", help="jsonl: one result object per conversation.")] = "jsonl",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write here instead of standard output.")] = None,
    source: Annotated[str | None, typer.Option(help="With `db`: only conversations from this source.")] = None,
    no_suggestions: Annotated[bool, typer.Option("--no-suggestions", help="Skip composing better replies (faster).")] = False,
    no_redact: Annotated[bool, typer.Option("--no-redact", help="Read files without removing personal data first.")] = False,
    threads: Annotated[int | None, typer.Option(help="Encoder threads (default: all cores).")] = None,
    db: DbOption = None,
    verbose: VerboseOption = False,
) -> None:
    """Read what each customer felt and needed, score every agent reply on the three
    stages of empathy, and propose better replies. One JSON object per conversation
    (docs/output-contract.md)."""
    from heartline.services import analysis  # the engine loads models: only when asked

    render.setup_logging(verbose)
    if output_format != "jsonl":
        raise ConfigError(f"unknown output format '{output_format}'", hint="use --output-format jsonl")
    settings = Settings.from_env(database_url=db)
    engine = analysis.load_engine(settings, threads=threads)
    store: Store | None = None
    total: int | None = None
    if input == "db":
        store = Store.open(settings.database_url)
        total = store.count()["conversations"]
        conversations = analysis.conversations_from_store(store, source=source)
    else:
        path = Path(input)
        if not path.is_file():
            raise ConfigError(f"no such file: {input}", hint="give a file path, or `db` for stored conversations")
        privacy = Privacy(redactor=None if no_redact else Redactor(),
                          pseudonymize=Pseudonymizer(settings.secret_key))
        conversations = analysis.conversations_from_file(path, privacy=privacy, format=input_format)
    target = output.open("w", encoding="utf-8") if output else sys.stdout
    summary = AnalysisSummary()
    try:
        with render.progress("analysing", total=total) as bar:
            for result in engine.analyze(conversations, suggestions=not no_suggestions):
                target.write(json.dumps(result.to_dict(), ensure_ascii=False) + "\n")
                summary.add(result)
                bar.update(bar.task_ids[0], completed=summary.conversations)
    finally:
        if store is not None:
            store.close()
        if output:
            target.close()
    if output:
        render.err.print(render.table(f"Analysed {summary.conversations} conversation(s) into {output}",
                                      summary.rows()))


def _parse_mapping(text: str | None) -> dict[str, str]:
    if not text:
        return {}
    mapping: dict[str, str] = {}
    for part in text.split(","):
        key, sep, value = part.partition("=")
        if not sep or not key.strip() or not value.strip():
            raise ConfigError(
                f"--map entry '{part}' is not field=column",
                hint="write it like --map text=body,role=sender_type",
            )
        mapping[key.strip()] = value.strip()
    return mapping


def _redaction_config(patterns: list[str]) -> RedactionConfig:
    extra: list[tuple[str, str]] = []
    for item in patterns:
        label, sep, regex = item.partition("=")
        if not sep or not re.fullmatch(r"[A-Za-z][A-Za-z_]*", label.strip()) or not regex:
            raise ConfigError(
                f"--redact-pattern '{item}' is not LABEL=REGEX",
                hint="write it like --redact-pattern ORDER=HZ-\\d{7} (the label becomes [ORDER]); "
                     "labels are letters and underscores, e.g. TICKET_ID",
            )
        try:
            re.compile(regex)
        except re.error as exc:
            raise ConfigError(f"--redact-pattern {label}: invalid regular expression ({exc})") from exc
        extra.append((label.strip().upper(), regex))
    return RedactionConfig(extra_patterns=tuple(extra))


def _zone(name: str) -> tzinfo:
    zone: tzinfo | None = dateutil_tz.gettz(name)
    if zone is None:
        raise ConfigError(f"unknown time zone '{name}'", hint="use an IANA name such as UTC or Europe/Berlin")
    return zone


app.command("serve")(serve_command)
app.command("train")(train_command)
app.command("eval")(eval_command)
app.add_typer(tokens_app, name="tokens")


def run() -> None:
    """Entry point: run the app, turning heartline errors into messages and exit codes."""
    try:
        app(standalone_mode=False)
    except HeartlineError as exc:
        render.show_error(exc)
        sys.exit(exc.exit_code)
    except typer.Abort:
        render.err.print("aborted")
        sys.exit(130)
    except Exception as exc:
        # Usage errors come from the click that typer bundles (not necessarily the
        # installed `click` package), so recognise them by shape, not by class.
        show, code = getattr(exc, "show", None), getattr(exc, "exit_code", None)
        if callable(show) and isinstance(code, int):
            show()
            sys.exit(code)
        if type(exc).__name__ == "Exit" and isinstance(code, int):
            sys.exit(code)
        raise
