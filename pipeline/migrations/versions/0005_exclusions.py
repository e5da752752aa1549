"""exclusion lists and consortium cancellations

Revision ID: 0005_exclusions
Revises: 0004_crosscheck_sets
"""

import sqlalchemy as sa
from alembic import op

revision = "0005_exclusions"
down_revision = "0004_crosscheck_sets"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "exclusions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("list_kind", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("name_key", sa.String(length=200), nullable=False),
        sa.Column("credit_code", sa.String(length=18), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("source", sa.String(length=300), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=True),
        sa.Column("ends_on", sa.Date(), nullable=True),
        sa.Column("import_file", sa.Text(), nullable=True),
        sa.Column("row_ref", sa.String(length=60), nullable=True),
        sa.Column("imported_by", sa.String(length=80), nullable=False),
        sa.Column("imported_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("fingerprint"),
    )
    with op.batch_alter_table("exclusions") as b:
        b.create_index("ix_exclusions_name_key", ["name_key"], unique=False)
        b.create_index("ix_exclusions_credit_code", ["credit_code"], unique=False)
    op.create_table(
        "consortium_cancellations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("consortium_id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("cancelled_on", sa.Date(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("units", sa.JSON(), nullable=False),
        sa.Column("recorded_by", sa.String(length=80), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["consortium_id"], ["consortia.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("consortium_cancellations") as b:
        b.create_index("ix_consortium_cancellations_consortium_id", ["consortium_id"], unique=False)


def downgrade() -> None:
    op.drop_table("consortium_cancellations")
    op.drop_table("exclusions")
