"""Fields of a plan (建设方案 / 实施方案 / 组建方案): members by tier, the chief scientist, and the
lead unit's R&D figures."""

from __future__ import annotations

import re

from extractors.fields.common import all_lines
from extractors.fields.members import member_tables, members_in_named_sections
from extractors.fields.rd import extract_rd
from extractors.text import compact
from models.document import ReadDocument
from models.record import RD, RdExpense

TITLES = (
    r"中国工程院院士|中国科学院院士|院士|教授级高级工程师|正高级工程师|高级工程师|副研究员|研究员|副教授|教授|"
    r"高级农艺师|农艺师|工程师|主任医师|博士"
)
ORG = r"(?:大学|学院|研究所|研究院|科学院|公司|中心|集团)"
CHIEF_RXS = [
    # 聘请塔里木大学教授黄海洋担任首席科学家
    re.compile(
        rf"(?:聘请|聘任|邀请|由)?(?:[\u4e00-\u9fff（）()]{{2,30}}?{ORG})?(?P<title>{TITLES})(?P<name>[\u4e00-\u9fff]{{2,4}}?)(?:同志|先生|女士)?(?:担任|任|为)(?:联合体)?首席(?:科学家|专家)"
    ),
    # 首席科学家：黄海洋（教授） / 首席科学家为黄海洋教授
    re.compile(
        rf"首席(?:科学家|专家)(?:[：:为由是]|（[^）]*）)\s*(?P<name>[\u4e00-\u9fff]{{2,4}}?)[，,（(]?\s*(?P<title>{TITLES})"
    ),
    re.compile(
        rf"首席(?:科学家|专家)[：:为由是]\s*(?:[\u4e00-\u9fff]{{2,30}}?{ORG})?(?P<title>{TITLES})(?P<name>[\u4e00-\u9fff]{{2,4}})"
    ),
]


def chief_scientist(text: str) -> tuple[str, str | None] | None:
    t = compact(text)
    for rx in CHIEF_RXS:
        m = rx.search(t)
        if m:
            return m.group("name"), m.group("title")
    return None


def extract_plan(doc: ReadDocument, rec) -> None:
    text = "\n".join(all_lines(doc, include_tables=True))
    cs = chief_scientist(text)
    if cs:
        rec.chief_scientist.name, rec.chief_scientist.title = cs
    members = member_tables(doc) or members_in_named_sections(doc)
    rec.members = members
    if not rec.lead_units:
        rec.lead_units = [m.name for m in members if m.tier == "lead"]
    fill_rd(text, rec)


def fill_rd(text: str, rec) -> None:
    """The lead unit's R&D figures stated anywhere in the document's text, with their evidence."""
    rd = extract_rd(text)
    rec.rd = RD(
        revenue_cny=rd["revenue_cny"],
        rd_staff=rd["rd_staff"],
        rd_expense_cny=[RdExpense(**x) for x in rd["rd_expense_cny"]],
        rd_intensity_pct=rd["rd_intensity_pct"],
        self_funding_ratio=rd["self_funding_ratio"],
    )
    if rd["evidence"]:
        rec.extra["rd_evidence"] = rd["evidence"]
