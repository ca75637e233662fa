"""Opening a database by URL and bringing its schema up to date.

SQLite (the embedded default) and PostgreSQL are both first-class: every
storage test runs against each. The URL comes from ``--db`` or
``HEARTLINE_DATABASE_URL`` (see ``heartline.settings``).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import OperationalError, ProgrammingError

from heartline.errors import StorageError

log = logging.getLogger(__name__)
MIGRATIONS = Path(__file__).with_name("migrations")


def make_engine(url: str) -> Engine:
    """An engine for ``url`` tuned for heartline's write pattern.

    SQLite gets WAL (readers don't block the importer), foreign keys on, and
    ``synchronous=NORMAL`` (durable at each commit in WAL mode).
    """
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    kwargs: dict[str, Any] = {}
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        kwargs["connect_args"] = {"check_same_thread": False}
    try:
        engine = create_engine(url, **kwargs)
    except Exception as exc:  # bad URL syntax or missing driver
        raise StorageError(
            f"cannot use database URL for dialect '{url.split(':', 1)[0]}': {exc.__class__.__name__}",
            hint="use sqlite:///path/to/heartline.db or postgresql://user@host:5432/dbname",
        ) from exc
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.close()


def _alembic_config(engine: Engine) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["engine"] = engine
    return cfg


def upgrade(engine: Engine) -> None:
    """Apply any pending migrations (a no-op on an up-to-date database)."""
    head = ScriptDirectory.from_config(_alembic_config(engine)).get_current_head()
    try:
        with engine.connect() as conn:
            current = MigrationContext.configure(conn).get_current_revision()
    except OperationalError as exc:
        raise StorageError(
            f"cannot connect to the {engine.dialect.name} database",
            hint="check HEARTLINE_DATABASE_URL (or --db) and that the server is running",
        ) from exc
    if current == head:
        return
    if current is None:
        log.info("creating the heartline schema in a new %s database", engine.dialect.name)
    else:
        log.info("migrating the %s database schema from %s to %s", engine.dialect.name, current, head)
    try:
        command.upgrade(_alembic_config(engine), "head")
    except (OperationalError, ProgrammingError) as exc:
        raise StorageError(
            "the database schema could not be migrated",
            hint="is this database used by another application? point heartline at its own database",
        ) from exc
