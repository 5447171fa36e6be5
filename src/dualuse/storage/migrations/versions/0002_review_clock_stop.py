"""Applications remember when the review clock was stopped for expert consultation or
verification (Regs Art. 17: that time is not counted).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 13:50:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("applications") as batch_op:
        batch_op.add_column(sa.Column("clock_stopped_on", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("applications") as batch_op:
        batch_op.drop_column("clock_stopped_on")
