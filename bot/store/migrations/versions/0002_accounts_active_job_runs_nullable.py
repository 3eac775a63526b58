"""accounts follow vaktbot.yml (active, disabled_at); job_runs rows may exist before a first fire

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-06 16:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import bot.store.types

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("accounts") as batch:
        batch.add_column(
            sa.Column("active", sa.Boolean(), server_default=sa.true(), nullable=False)
        )
        batch.add_column(
            sa.Column("disabled_at", bot.store.types.UTCDateTime(timezone=True), nullable=True)
        )
    with op.batch_alter_table("job_runs") as batch:
        batch.alter_column(
            "last_fire_at",
            existing_type=bot.store.types.UTCDateTime(timezone=True),
            nullable=True,
        )


def downgrade() -> None:
    op.execute("DELETE FROM job_runs WHERE last_fire_at IS NULL")
    with op.batch_alter_table("job_runs") as batch:
        batch.alter_column(
            "last_fire_at",
            existing_type=bot.store.types.UTCDateTime(timezone=True),
            nullable=False,
        )
    with op.batch_alter_table("accounts") as batch:
        batch.drop_column("disabled_at")
        batch.drop_column("active")
