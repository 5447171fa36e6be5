"""The store: cases, dispositions, applications, licences and the audit chain in one database.

Layers: `models` (tables), `migrations` (the schema, applied by Alembic), `database` (where
the database is and the `Store` that runs one transaction per operation), `rules.yaml` (law
and policy as data). The rules themselves are applied in `dualuse.services`.
"""

from typing import TYPE_CHECKING

from dualuse.storage.errors import NotFoundError, PermissionRefused, RefusedError, SchemaVersionError, StateConflict

if TYPE_CHECKING:
    from dualuse.storage.database import Store, database_url


def __getattr__(name: str):
    """`Store` and `database_url` are imported when first asked for: importing the package
    (for its vocabulary or errors) does not import SQLAlchemy and Alembic."""
    if name in ("Store", "database_url"):
        from dualuse.storage import database

        return getattr(database, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

__all__ = ["NotFoundError", "PermissionRefused", "RefusedError", "SchemaVersionError", "StateConflict", "Store", "database_url"]
