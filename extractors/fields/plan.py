"""Fields of a plan (建设方案 / 实施方案 / 组建方案): members by tier, the chief scientist, and the
lead unit's R&D figures."""

from __future__ import annotations

import re

from extractors.fields.labels import COUNT_FIELDS, document_lines, find_fields, table_lines
from extractors.fields.members import member_tables, members_in_named_sections
from extractors.fields.rd import extract_rd
from extractors.numbers import to_int
from extractors.text import compact
from models.document import ReadDocument
from models.record import RD, RdExpense

TITLES = (
    r"(?:一级|二级|三级|特聘|首席|资深)?(?:中国工程院院士|中国科学院院士|院士|教授级高级工程师|正高级工程师|高级工程师|"
    r"副研究员|研究员|副教授|教授|高级农艺师|农艺师|工程师|主任医师|博士)"
)
ORG = r"(?:大学|学院|研究所|研究院|科学院|公司|中心|集团)"
CHIEF_RXS = [
    # 聘请新疆农业职业技术学院许哲辉（正高级工程师）担任首席科学家
    re.compile(
        rf"(?P<name>[\u4e00-\u9fff]{{2,4}})[（(](?P<title>{TITLES})[)）](?:担任|任|为|出任)(?:联合体)?(?:的)?首席(?:科学家|专家)"
    ),
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


def chief_in_lines(lines: list[str]) -> tuple[str, str | None] | None:
    """The chief scientist given as 姓名：…职务/职称：… under a 首席科学家 heading or sentence
    (within a few lines of one)."""
    from extractors.fields.labels import find_fields_in_lines

    for i, line in enumerate(lines):
        near = "".join(lines[max(0, i - 2) : i + 3])
        if "姓名" not in line or not re.search(r"首席(?:科学家|专家)", near):
            continue
        f = find_fields_in_lines([line])
        name = f.get("person_name")
        if name and re.fullmatch(r"[\u4e00-\u9fff·]{2,5}", compact(name.value)):
            title = f.get("chief_title")
            return compact(name.value), compact(title.value) if title else None
    return None


def chief_scientist(text: str) -> tuple[str, str | None] | None:
    from extractors.units import find_units

    t = compact(text)
    # a unit's name before the person's is not part of it (…职业技术学院许哲辉（正高级工程师）)
    for u in reversed(find_units(t)):
        t = t[: u.start] + "｜" + t[u.end :]
    for rx in CHIEF_RXS:
        m = rx.search(t)
        if m:
            return m.group("name"), m.group("title")
    return None


def extract_plan(doc: ReadDocument, rec) -> None:
    text = "\n".join(document_lines(doc) + table_lines(doc))
    cs = chief_in_lines(text.split("\n")) or chief_scientist(text)
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
