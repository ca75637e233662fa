"""``heartline serve`` and ``heartline tokens``: the web app and who may call it.

Registered in ``cli/main.py``. The web stack (FastAPI, uvicorn) is imported
only by ``serve``, so the other commands start as fast as before.
"""

from __future__ import annotations

import logging
from typing import Annotated

import typer
from rich.table import Table

from heartline.cli import render
from heartline.errors import ConfigError
from heartline.services import auth
from heartline.settings import Settings
from heartline.storage.auth import AuthRepository
from heartline.storage.store import Store

DbOption = Annotated[
    str | None,
    typer.Option("--db", help="Database URL (default: HEARTLINE_DATABASE_URL, else the local SQLite file).",
                 show_default=False),
]
VerboseOption = Annotated[bool, typer.Option("--verbose", "-v", help="Show debug logs.")]

tokens_app = typer.Typer(help="API tokens for machine clients (helpdesk integrations, the widget).",
                         no_args_is_help=True)


def serve_command(
    host: Annotated[str, typer.Option(help="Interface to listen on; keep 127.0.0.1 behind a TLS proxy.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.")] = 8000,
    cors_origin: Annotated[
        list[str] | None,
        typer.Option("--cors-origin", help="A helpdesk origin whose pages may call the API, e.g. https://acme.zendesk.com (repeatable)."),
    ] = None,
    db: DbOption = None,
    verbose: VerboseOption = False,
) -> None:
    """Run the web app: the assist API, the widget script and the demo page.

    The assist engine loads once at startup; /healthz says whether it is ready.
    Callers need a token from `heartline tokens create`; people open pages with
    a link from `heartline tokens link`.
    """
    render.setup_logging(verbose)
    import uvicorn

    from heartline.web import create_app

    # uvicorn's own lines ("running on …") go where heartline's go.
    heartline_logger = logging.getLogger("heartline")
    for name in ("uvicorn", "uvicorn.error"):
        logger = logging.getLogger(name)
        logger.handlers[:] = heartline_logger.handlers
        logger.setLevel(logging.INFO)
        logger.propagate = False
    if host not in ("127.0.0.1", "localhost", "::1"):
        render.err.print(f"[yellow]note:[/] listening on {host} without TLS; put a TLS proxy in front "
                         "so tokens never cross the network in clear")
    app = create_app(Settings.from_env(database_url=db), cors_origins=cors_origin or ())
    # No access log: uvicorn's would print raw paths and queries (signed links);
    # heartline logs route, status, sizes and timings instead.
    uvicorn.run(app, host=host, port=port, access_log=False, log_config=None, server_header=False)


def _repo(db: str | None) -> tuple[Store, AuthRepository]:
    store = Store.open(Settings.from_env(database_url=db).database_url)
    return store, AuthRepository(store.engine)


@tokens_app.command("create")
def create_command(
    user: Annotated[str, typer.Option("--user", help="Who (or which integration) the token is for.")],
    db: DbOption = None,
) -> None:
    """Create an API token and print it once; only its hash is stored.

    The token alone goes to standard output, so `TOKEN=$(heartline tokens create --user x)` works.
    """
    store, repo = _repo(db)
    try:
        issued = auth.create_token(repo, user=user)
    finally:
        store.close()
    render.out.print(issued.token, highlight=False, markup=False, soft_wrap=True)
    render.err.print(f"token {issued.id} for {user}: shown once, store it now "
                     f"(revoke with `heartline tokens revoke {issued.id}`)", highlight=False,
                     markup=False)


@tokens_app.command("list")
def list_command(
    user: Annotated[str | None, typer.Option("--user", help="Only this user's tokens.")] = None,
    db: DbOption = None,
) -> None:
    """List tokens: id, user, when created and last used, active or revoked (never the token)."""
    store, repo = _repo(db)
    try:
        records = auth.list_tokens(repo, user=user)
    finally:
        store.close()
    table = Table(title="API tokens", title_justify="left")
    for column in ("id", "user", "created", "last used", "status"):
        table.add_column(column)
    for r in records:
        table.add_row(str(r.id), r.user, _when(r.created_at), _when(r.last_used_at),
                      f"revoked {_when(r.revoked_at)}" if r.revoked else "active")
    render.out.print(table)


@tokens_app.command("revoke")
def revoke_command(
    token_id: Annotated[int, typer.Argument(metavar="ID", help="The token's id (see `heartline tokens list`).")],
    db: DbOption = None,
) -> None:
    """Revoke a token: calls with it are refused from now on."""
    store, repo = _repo(db)
    try:
        record = auth.revoke_token(repo, token_id)
    finally:
        store.close()
    render.err.print(f"revoked token {record.id} ({record.user})", highlight=False, markup=False)


@tokens_app.command("link")
def link_command(
    user: Annotated[str, typer.Option("--user", help="Who the link is for (shown on the page).")],
    minutes: Annotated[int, typer.Option(help="How long the link works (1 to 1440).")] = 60,
    base_url: Annotated[str, typer.Option(help="Where `heartline serve` is reachable.")] = "http://127.0.0.1:8000",
    path: Annotated[str, typer.Option(help="The page to open.")] = "/assist/demo",
) -> None:
    """Print a signed link that opens a page (the assist demo by default) for a while."""
    from heartline.web.security import MAX_TTL, signed_link

    if not 0 < minutes * 60 <= MAX_TTL:
        raise ConfigError(f"--minutes must be between 1 and {MAX_TTL // 60}",
                          hint="a link lasts a day at most; make a new one when it runs out")
    settings = Settings.from_env()
    link = signed_link(settings.secret_key, path, user=user, ttl_seconds=minutes * 60)
    render.out.print(base_url.rstrip("/") + link, highlight=False, markup=False, soft_wrap=True)


def _when(value: object) -> str:
    return "—" if value is None else f"{value:%Y-%m-%d %H:%M} UTC"
