"""Alembic environment, run programmatically by dualuse.storage.database (no alembic.ini).

The caller passes its engine in `config.attributes["engine"]`; SQLite uses batch mode so
later migrations can alter tables.
"""

from __future__ import annotations

from alembic import context

from dualuse.storage.models import Base

config = context.config
engine = config.attributes["engine"]

with engine.connect() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()
    connection.commit()
