"""Fields of the application form (组建申请表 / 认定申请表) of 广西, 新疆, 云南 and 永川.

Every field is found by its label, never by position: the form table's label cells, the cover
page's "label：value" lines, and the sections (科研团队, 平台, 项目, 成员单位) by their header row.
"""

from __future__ import annotations

import re
from typing import Literal

from extractors.fields.agreement import stated_effective_date
from extractors.fields.chief import find_chief, person_in
from extractors.fields.common import (
    Section,
    header_index,
    split_units,
    table_sections,
)
from extractors.fields.labels import COUNT_FIELDS, Found, document_lines, find_fields, table_lines
from extractors.fields.members import MemberReport, member_tables, members_in_named_sections
from extractors.fields.members import note_report as _note_report
from extractors.numbers import parse_date, to_int
from extractors.text import compact, label_key
from extractors.units import find_units
from models.document import ReadDocument
from models.record import PlatformRow, ProjectRow, TeamRow

TEAM_HEADER = {
    "name": r"^姓名$",
    "age": r"^年龄$",
    "title": r"职务|职称",
    "specialty": r"专业|研究方向|领域",
    "employer": r"工作单位|所在单位|单位",
}
PLATFORM_HEADER = {
    "name": r"平台名称|名称",
    "field": r"学科|产业领域|领域|研究方向|技术方向",
    "level": r"级别|国家/|级$",
    "established": r"建设时间|建立时间|认定时间|时间|年份|获批",
    "host_unit": r"依托单位|单位",
}
PROJECT_HEADER = {
    "name": r"项目名称|名称",
    "field": r"产业领域|领域|学科",
    "level": r"级别|国家级/省级",
    "period": r"实施期|起止|时间|周期",
    "host_unit": r"承担单位|单位",
}


def _is_team_header(cells: list[str]) -> bool:
    ks = [label_key(c) for c in cells]
    return "姓名" in ks and any("年龄" in k for k in ks)


def _is_platform_header(cells: list[str]) -> bool:
    ks = [label_key(c) for c in cells]
    return any("平台名称" in k for k in ks)


def _is_project_header(cells: list[str]) -> bool:
    ks = [label_key(c) for c in cells]
    return any("项目名称" in k for k in ks) and len(cells) >= 3


def _cell(row: list[str], idx: dict[str, int], field: str) -> str | None:
    i = idx.get(field)
    if i is None or i >= len(row):
        return None
    v = row[i].strip()
    return v or None


def _data_rows(sec: Section) -> list[list[str]]:
    out = []
    for r in sec.rows:
        vals = [x for x in r if x.strip()]
        if not vals:
            continue
        if len(vals) == 1 and re.match(r"^(?:注|备注)[:：]", vals[0]):
            continue
        out.append(r)
    return out


def section_rows(doc: ReadDocument, is_header, header_map: dict[str, str]) -> list[dict[str, str | None]]:
    """The data rows of every table section `is_header` recognises, as {field: cell text},
    columns found by the header's labels; rows without a name are skipped."""
    out: list[dict[str, str | None]] = []
    for sec in table_sections(doc, is_header):
        idx = header_index(sec.header, header_map)
        for r in _data_rows(sec):
            row = {f: _cell(r, idx, f) for f in header_map}
            if row.get("name") and len(r) >= 3:
                out.append(row)
    return out


def _opt_compact(s: str | None) -> str | None:
    return compact(s) if s else None


def team_rows(doc: ReadDocument) -> list[TeamRow]:
    return [
        TeamRow(
            name=_opt_compact(r["name"]),
            age=to_int(r["age"]),
            title=r["title"],
            specialty=r["specialty"],
            employer=_opt_compact(r["employer"]),
        )
        for r in section_rows(doc, _is_team_header, TEAM_HEADER)
    ]


def platform_level(
    s: str | None, municipal: bool = False
) -> Literal["national", "provincial", "other"] | None:
    """The level a platform row states. 市级 is a province's level only where the city is a
    province-level municipality (重庆市: a 永川 form); in a province it is a prefecture's.

    >>> platform_level("自治区级"), platform_level("市级"), platform_level("市级", municipal=True)
    ('provincial', 'other', 'provincial')
    >>> platform_level("☐国家级☒省级"), platform_level("☒国家级 ☐自治区级")
    ('provincial', 'national')
    """
    if not s:
        return None
    t = compact(s)
    ticked = re.findall(r"[☒☑■✓✔√]([^☐☒☑□■✓✔√]+)", t)
    if ticked and re.search(r"[☐□]", t):
        t = "".join(ticked)  # check boxes: the level ticked
    if "国家" in t:
        return "national"
    if re.search(r"省|自治区|省部", t) or (municipal and "市" in t):
        return "provincial"
    return "other"


def platform_rows(doc: ReadDocument, municipal: bool = False) -> list[PlatformRow]:
    return [
        PlatformRow(
            name=_opt_compact(r["name"]),
            field=r["field"],
            level=platform_level(r["level"], municipal),
            established=_opt_compact(r["established"]),
            host_unit=_opt_compact(r["host_unit"]),
        )
        for r in section_rows(doc, _is_platform_header, PLATFORM_HEADER)
    ]


def project_rows(doc: ReadDocument) -> list[ProjectRow]:
    return [
        ProjectRow(
            name=_opt_compact(r["name"]),
            field=r["field"],
            level=r["level"],
            period=r["period"],
            host_unit=_opt_compact(r["host_unit"]),
        )
        for r in section_rows(doc, _is_project_header, PROJECT_HEADER)
    ]


def _chief(found: dict[str, Found]) -> tuple[str | None, str | None]:
    """The chief scientist's name and title: 朱波军（职务/职称：教授） / 朱波军，教授 / a name cell
    and a title cell."""
    raw = found.get("chief_name")
    if raw is None:
        return None, None
    v = compact(raw.value)
    person = person_in(v)
    if person is None:
        return None, None
    name, title = person
    # the title written with the name (程艳俊（研究员）/ 职务/职称：教授) first: a 职务/职称 label
    # elsewhere may be another table's column
    mt = re.search(r"(?:职务|职称)[/、]?(?:职称|职务)?[：:]\s*([^）)，,；;]+)", v)
    if mt:
        title = mt.group(1)
    t = found.get("chief_title")
    if title is None and t is not None:
        title = compact(t.value) or None
    return name, title


def said_in_prose(lines: list[str], rec) -> None:
    """The industry and the lead an application states in a sentence about the consortium where
    no labelled field gives them (…创新联合体面向桑蚕茧丝绸产业，由甲公司牵头组建).

    >>> from models.record import DocumentRecord, Source
    >>> r = DocumentRecord(source=Source(path="a.docx", sha256="0" * 64))
    >>> said_in_prose(["广西某创新联合体（以下简称联合体）面向桑蚕茧丝绸产业，由百色沐邦蚕业科技有限公司牵头组建。"], r)
    >>> r.industry, r.lead_units
    ('桑蚕茧丝绸', ['百色沐邦蚕业科技有限公司'])
    """
    for line in lines:
        t = compact(line)
        if not re.search(r"联合体|联盟", t):
            continue
        ind = re.search(r"面向([\u4e00-\u9fff]{2,12}?)产业", t)
        if not rec.industry and ind:
            rec.industry = ind.group(1)
        lead = re.search(r"由([^，。；,;]{4,40}?)(?:牵头|作为牵头单位)", t)
        if not rec.lead_units and lead:
            us = find_units(lead.group(1))
            if len(us) == 1 and us[0].start == 0 and us[0].end == len(lead.group(1)):
                rec.lead_units = [us[0].name]
        if rec.industry and rec.lead_units:
            return


def extract_application(doc: ReadDocument, rec) -> None:  # rec: DocumentRecord, filled in place
    found = find_fields(doc)
    conf: dict[str, dict] = rec.extra.setdefault("confidence", {})

    def note(path: str, key: str) -> None:
        f = found[key]
        conf[path] = {"method": f.how, "score": f.score, "evidence": f.evidence}

    if "consortium_name" in found and re.search(r"联合体|联盟", found["consortium_name"].value):
        rec.consortium_name = compact(found["consortium_name"].value).rstrip(".．。,，;；")  # OCR's speck
        note("consortium_name", "consortium_name")
    if "industry" in found:
        rec.industry = compact(found["industry"].value)
        note("industry", "industry")
    if "lead" in found:
        leads = split_units(found["lead"].value)
        if leads:
            rec.lead_units = leads
            note("lead_units", "lead")
    if not rec.industry or not rec.lead_units:
        said_in_prose(document_lines(doc), rec)
    if "agreement_effective_date" in found:
        rec.agreement_effective_date = parse_date(found["agreement_effective_date"].value)
        if rec.agreement_effective_date:
            note("agreement_effective_date", "agreement_effective_date")
    if not rec.agreement_effective_date:
        # said in a sentence about the agreement (组建协议已签署，协议生效时间为…)
        rec.agreement_effective_date = stated_effective_date([x for x in document_lines(doc) if "协议" in x])
    name, title = _chief(found)
    if name:
        rec.chief_scientist.name, rec.chief_scientist.title = name, title
        note("chief_scientist.name", "chief_name")
    else:
        cs = find_chief(doc, document_lines(doc) + table_lines(doc))
        if cs:
            rec.chief_scientist.name, rec.chief_scientist.title = cs
            conf["chief_scientist.name"] = {"method": "text", "score": 0.8, "evidence": cs[0]}
    if "person" in found:
        rec.contact.person = (
            compact(re.sub(r"[（(].*?[)）]", "", found["person"].value)) or rec.contact.person
        )
    if "phone" in found:
        from extractors.fields.cover import clean_phone

        rec.contact.phone = clean_phone(found["phone"].value) or rec.contact.phone
    for path, key in COUNT_FIELDS:
        if key in found:
            group, attr = path.split(".")
            setattr(getattr(rec, group), attr, to_int(found[key].value))
            note(path, key)
    rec.team = team_rows(doc)
    rec.platforms = platform_rows(doc, municipal=rec.jurisdiction == "yongchuan")
    rec.projects = project_rows(doc)
    report = MemberReport()
    rec.members = member_tables(doc, report) or members_in_named_sections(doc)
    leads = [m.name for m in rec.members if m.tier == "lead"]
    if not rec.lead_units and len(leads) == 1:
        rec.lead_units = leads  # no 牵头单位 label: the member list names the lead
    _note_report(rec, report)
    rec.extra["form_labels_found"] = sorted(found)
    # the narrative cells (合作基础, the lead unit's description) may state its R&D figures
    from extractors.fields.plan import fill_rd

    fill_rd("\n".join(table_lines(doc) + document_lines(doc)), rec)
