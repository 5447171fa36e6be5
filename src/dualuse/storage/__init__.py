"""The store: cases, dispositions, applications, licences and the audit chain in one database.

Layers: `models` (tables), `migrations` (the schema, applied by Alembic), `database` (where
the database is and the `Store` that runs one transaction per operation), `rules.yaml` (law
and policy as data). The rules themselves are applied in `dualuse.services`.
"""

from dualuse.storage.database import Store, database_url
from dualuse.storage.errors import NotFoundError, PermissionRefused, RefusedError, SchemaVersionError, StateConflict

__all__ = ["NotFoundError", "PermissionRefused", "RefusedError", "SchemaVersionError", "StateConflict", "Store", "database_url"]
