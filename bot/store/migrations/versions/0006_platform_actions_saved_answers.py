"""moderation from chat: platform actions (hide, unhide, reply; performed once) and saved answers

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06 19:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import bot.store.types

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "platform_actions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column(
            "comment_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("actor", sa.String(length=120), nullable=False),
        sa.Column("rule", sa.String(length=20), nullable=True),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("lease_until", bot.store.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("lease_token", sa.Integer(), nullable=False),
        sa.Column("check_first", sa.Boolean(), nullable=False),
        sa.Column("result_id", sa.String(length=120), nullable=True),
        sa.Column("error_kind", sa.String(length=40), nullable=True),
        sa.Column("created_at", bot.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("done_at", bot.store.types.UTCDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_platform_actions")),
        sa.UniqueConstraint("key", name=op.f("uq_platform_actions_key")),
    )
    op.create_index("ix_platform_actions_comment", "platform_actions", ["comment_id"])
    op.create_index("ix_platform_actions_status", "platform_actions", ["status"])
    op.create_table(
        "saved_answers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team", sa.String(length=60), nullable=False),
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("locale", sa.String(length=8), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("link", sa.String(length=500), nullable=True),
        sa.Column("updated_at", bot.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(length=120), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_saved_answers")),
        sa.UniqueConstraint("team", "name", "locale", name="uq_saved_answers_name"),
    )


def downgrade() -> None:
    op.drop_table("saved_answers")
    op.drop_index("ix_platform_actions_status", table_name="platform_actions")
    op.drop_index("ix_platform_actions_comment", table_name="platform_actions")
    op.drop_table("platform_actions")
