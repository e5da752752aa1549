"""Fields of a plan (建设方案 / 实施方案 / 组建方案): members by tier, the chief scientist, and the
lead unit's R&D figures."""

from __future__ import annotations

from extractors.fields.application import platform_rows, team_rows
from extractors.fields.chief import find_chief
from extractors.fields.labels import COUNT_FIELDS, document_lines, find_fields, table_lines
from extractors.fields.members import member_tables, members_in_named_sections
from extractors.fields.rd import extract_rd
from extractors.numbers import to_int
from models.document import ReadDocument
from models.record import RD, RdExpense


def extract_plan(doc: ReadDocument, rec) -> None:
    lines = document_lines(doc) + table_lines(doc)
    text = "\n".join(lines)
    cs = find_chief(doc, lines)
    if cs:
        rec.chief_scientist.name, rec.chief_scientist.title = cs
    # a plan (永川's 组建方案) may declare the counts the application would
    found = find_fields(doc)
    for path, key in COUNT_FIELDS:
        if key in found:
            group, attr = path.split(".")
            setattr(getattr(rec, group), attr, to_int(found[key].value))
    members = member_tables(doc) or members_in_named_sections(doc)
    rec.members = members
    # a plan may carry the team and platform tables the application does
    rec.team = team_rows(doc)
    rec.platforms = platform_rows(doc, municipal=rec.jurisdiction == "yongchuan")
    if not rec.lead_units:
        rec.lead_units = [m.name for m in members if m.tier == "lead"]
    fill_rd(text, rec)


def fill_rd(text: str, rec) -> None:
    """The lead unit's R&D figures stated anywhere in the document's text, with their evidence
    (a member's own figures left out)."""
    rd = extract_rd(text, rec.lead_units)
    rec.rd = RD(
        revenue_cny=rd["revenue_cny"],
        rd_staff=rd["rd_staff"],
        rd_expense_cny=[RdExpense(**x) for x in rd["rd_expense_cny"]],
        rd_intensity_pct=rd["rd_intensity_pct"],
        self_funding_ratio=rd["self_funding_ratio"],
    )
    if rd["evidence"]:
        rec.extra["rd_evidence"] = rd["evidence"]
