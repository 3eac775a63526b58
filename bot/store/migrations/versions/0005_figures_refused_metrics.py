"""figures kept apart: new follows (daily increments), saves and interactions; metrics the Graph
API refused, per account, so they are asked again only weekly; outbox rows whose content
retention removed

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-07 10:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import bot.store.types

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

NEW_COLUMNS = ("new_follows", "saves", "interactions")


def upgrade() -> None:
    with op.batch_alter_table("metric_snapshots") as batch:
        for name in NEW_COLUMNS:
            batch.add_column(sa.Column(name, sa.BigInteger(), nullable=True))
    op.create_table(
        "refused_metrics",
        sa.Column("account_id", sa.String(length=80), nullable=False),
        sa.Column("metric", sa.String(length=120), nullable=False),
        sa.Column("refused_at", bot.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("retry_at", bot.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("account_id", "metric", name=op.f("pk_refused_metrics")),
    )
    with op.batch_alter_table("outbox") as batch:
        batch.add_column(
            sa.Column("purged_at", bot.store.types.UTCDateTime(timezone=True), nullable=True)
        )


def downgrade() -> None:
    with op.batch_alter_table("outbox") as batch:
        batch.drop_column("purged_at")
    op.drop_table("refused_metrics")
    with op.batch_alter_table("metric_snapshots") as batch:
        for name in reversed(NEW_COLUMNS):
            batch.drop_column(name)
