from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from heartline.storage.store import Store
from heartline.storage.tables import metadata


def test_migrations_match_the_tables(store: Store) -> None:
    """The schema the migrations build is exactly the one the code declares."""
    with store.engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(ctx, metadata)
    assert diff == []
