"""cross-checks in set-based SQL: consortia.expires_on, unit_names.core/core_rev (indexed),
flags.unit_id/unit2_id, an index on flags (scope, status)

Revision ID: 0004_crosscheck_sets
Revises: 0003_web_sessions
"""

import sqlalchemy as sa
from alembic import op

revision = "0004_crosscheck_sets"
down_revision = "0003_web_sessions"
branch_labels = None
depends_on = None


def upgrade() -> None:
    from pipeline.crosscheck import expiry, name_columns

    with op.batch_alter_table("consortia") as b:
        b.add_column(sa.Column("expires_on", sa.Date(), nullable=True))
    with op.batch_alter_table("unit_names") as b:
        b.add_column(sa.Column("core", sa.String(length=200), nullable=False, server_default=""))
        b.add_column(sa.Column("core_rev", sa.String(length=200), nullable=False, server_default=""))
    with op.batch_alter_table("flags") as b:
        b.add_column(sa.Column("unit_id", sa.Integer(), nullable=True))
        b.add_column(sa.Column("unit2_id", sa.Integer(), nullable=True))
    conn = op.get_bind()
    names = sa.table(
        "unit_names", sa.column("id"), sa.column("name"), sa.column("core"), sa.column("core_rev")
    )
    rows = conn.execute(sa.select(names.c.id, names.c.name)).all()
    for i in range(0, len(rows), 5000):
        part = [{"b_id": r[0], **_cores(name_columns(r[1]))} for r in rows[i : i + 5000]]
        conn.execute(
            names.update()
            .where(names.c.id == sa.bindparam("b_id"))
            .values(core=sa.bindparam("b_core"), core_rev=sa.bindparam("b_core_rev")),
            part,
        )
    cons = sa.table(
        "consortia",
        sa.column("id"),
        sa.column("jurisdiction"),
        sa.column("filing_date", sa.Date()),
        sa.column("effective_date", sa.Date()),
        sa.column("expires_on", sa.Date()),
    )
    crow = conn.execute(
        sa.select(cons.c.id, cons.c.jurisdiction, cons.c.filing_date, cons.c.effective_date)
    ).all()
    upd = [{"b_id": r[0], "b_exp": expiry(r[1], r[2], r[3])} for r in crow]
    if upd:
        conn.execute(
            cons.update().where(cons.c.id == sa.bindparam("b_id")).values(expires_on=sa.bindparam("b_exp")),
            upd,
        )
    # compared and sorted by code point (pipeline/crosscheck.py): PostgreSQL's indexes in COLLATE "C"
    pg = conn.dialect.name == "postgresql"
    for col in ("core", "core_rev"):
        op.create_index(f"ix_unit_names_{col}", "unit_names", [sa.text(f'{col} COLLATE "C"') if pg else col])
    op.create_index("ix_flags_unit_id", "flags", ["unit_id"])
    op.create_index("ix_flags_unit2_id", "flags", ["unit2_id"])
    op.create_index("ix_flags_scope_status", "flags", ["scope", "status"])


def _cores(cols: dict) -> dict:
    return {"b_core": cols["core"], "b_core_rev": cols["core_rev"]}


def downgrade() -> None:
    op.drop_index("ix_flags_scope_status", "flags")
    op.drop_index("ix_flags_unit2_id", "flags")
    op.drop_index("ix_flags_unit_id", "flags")
    op.drop_index("ix_unit_names_core_rev", "unit_names")
    op.drop_index("ix_unit_names_core", "unit_names")
    with op.batch_alter_table("flags") as b:
        b.drop_column("unit2_id")
        b.drop_column("unit_id")
    with op.batch_alter_table("unit_names") as b:
        b.drop_column("core_rev")
        b.drop_column("core")
    with op.batch_alter_table("consortia") as b:
        b.drop_column("expires_on")
