"""Fields of the application form (组建申请表 / 认定申请表) of 广西, 新疆, 云南 and 永川.

Every field is found by its label, never by position: the form table's label cells, the cover
page's "label：value" lines, and the sections (科研团队, 平台, 项目, 成员单位) by their header row.
"""

from __future__ import annotations

import re
from typing import Literal

from extractors.fields.common import (
    Section,
    header_index,
    key_values,
    split_units,
    table_sections,
)
from extractors.fields.members import MemberReport, members_from_sections
from extractors.fields.members import note_report as _note_report
from extractors.numbers import parse_date, to_int
from extractors.text import compact, label_key
from models.document import ReadDocument
from models.record import PlatformRow, ProjectRow, TeamRow

# the form table's labels (reduced by label_key: no spaces, no （个） or （限500字）)
FORM_LABELS: dict[str, str] = {
    "consortium_name": r"^(?:创新)?联合体名称$",
    "agreement_effective_date": r"协议生效(?:时间|日期)$|^生效(?:时间|日期)$",
    "industry": r"^(?:所属)?产业领域$",
    "lead": r"^(?:联合体)?牵头(?:单位|企业)(?:名称)?$",
    "chief_name": r"首席(?:科学家|专家)(?:姓名)?$|首席专家科学家$|^首席(?:科学家|专家)",
    "chief_title": r"^职务[/、]?职称$|^职称$",
    "national": r"国家级.*(?:平台|基地|中心).*(?:数量|数)$|国家级.*数量|国家级.*平台",
    "provincial": r"(?:省级|自治区级|市级|省部级).*(?:平台|基地|中心).*(?:数量|数)$|(?:省级|自治区级|市级).*数量|"
    r"(?:省级|自治区级|市级|省部级).*平台",
    "person": r"^联系人$",
    "phone": r"^(?:联系)?电话$|^联系方式$|^手机$",
    "members": r"^成员(?:单位)?总数$",
    "enterprises": r"^企业(?:数量|数)$",
    "universities": r"^(?:高校|高等学校|高等院校)(?:数量|数)$",
    "institutes": r"^(?:研究机构|科研院所|科研机构|科研单位)(?:数量|数)$",
}
_FORM_RX = {k: re.compile(v) for k, v in FORM_LABELS.items()}
NUMERIC = {"national", "provincial", "members", "enterprises", "universities", "institutes"}

TEAM_HEADER = {
    "name": r"^姓名$",
    "age": r"^年龄$",
    "title": r"职务|职称",
    "specialty": r"专业|研究方向|领域",
    "employer": r"工作单位|所在单位|单位",
}
PLATFORM_HEADER = {
    "name": r"平台名称|名称",
    "field": r"学科|产业领域|领域",
    "level": r"级别|国家/|级$",
    "established": r"建设时间|建立时间|时间|年份|获批",
    "host_unit": r"依托单位|单位",
}
PROJECT_HEADER = {
    "name": r"项目名称|名称",
    "field": r"产业领域|领域|学科",
    "level": r"级别|国家级/省级",
    "period": r"实施期|起止|时间|周期",
    "host_unit": r"承担单位|单位",
}


def form_values(doc: ReadDocument) -> dict[str, str]:
    """The labelled values of the form tables, first occurrence of each label."""
    out: dict[str, str] = {}
    for t in doc.tables():
        for label, value, _ in key_values(t):
            k = label_key(label)
            if not k or len(k) > 40:
                continue
            for field, rx in _FORM_RX.items():
                if (
                    field not in out
                    and rx.search(k)
                    and not _FORM_RX["consortium_name"].search(label_key(value))
                ):
                    if field == "chief_name" and ("简历" in k or "情况" in k):
                        continue
                    if field in NUMERIC and to_int(value) is None:
                        continue  # a count's label must hold a count
                    out[field] = value.strip()
                    break
    return out


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


def platform_level(s: str | None) -> Literal["national", "provincial", "other"] | None:
    if not s:
        return None
    t = compact(s)
    if "国家" in t:
        return "national"
    if re.search(r"省|自治区|市级|省部", t):
        return "provincial"
    return "other"


def platform_rows(doc: ReadDocument) -> list[PlatformRow]:
    return [
        PlatformRow(
            name=_opt_compact(r["name"]),
            field=r["field"],
            level=platform_level(r["level"]),
            established=r["established"],
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


def extract_application(doc: ReadDocument, rec) -> None:  # rec: DocumentRecord, filled in place
    fv = form_values(doc)
    if fv.get("consortium_name"):
        rec.consortium_name = compact(fv["consortium_name"])
    if fv.get("industry"):
        rec.industry = compact(fv["industry"])
    if fv.get("lead"):
        leads = split_units(fv["lead"])
        if leads:
            rec.lead_units = leads
    if fv.get("agreement_effective_date"):
        rec.agreement_effective_date = parse_date(fv["agreement_effective_date"])
    if fv.get("chief_name"):
        nm = compact(fv["chief_name"])
        if re.fullmatch(r"[\u4e00-\u9fff·]{2,6}", nm):
            rec.chief_scientist.name = nm
            if fv.get("chief_title"):
                rec.chief_scientist.title = compact(fv["chief_title"]) or None
    if fv.get("person"):
        rec.contact.person = compact(fv["person"]) or rec.contact.person
    if fv.get("phone"):
        from extractors.fields.cover import clean_phone

        rec.contact.phone = clean_phone(fv["phone"]) or rec.contact.phone
    rec.platform_counts.national = to_int(fv.get("national"))
    rec.platform_counts.provincial = to_int(fv.get("provincial"))
    rec.declared_counts.members = to_int(fv.get("members"))
    rec.declared_counts.enterprises = to_int(fv.get("enterprises"))
    rec.declared_counts.universities = to_int(fv.get("universities"))
    rec.declared_counts.institutes = to_int(fv.get("institutes"))
    rec.team = team_rows(doc)
    rec.platforms = platform_rows(doc)
    rec.projects = project_rows(doc)
    report = MemberReport()
    rec.members = members_from_sections(doc, report)
    _note_report(rec, report)
    rec.extra["form_labels_found"] = sorted(fv)
    # the narrative cells (合作基础, the lead unit's description) may state its R&D figures
    from extractors.fields.plan import fill_rd

    # (a cell's line breaks are layout, not sentence ends)
    fill_rd(
        "\n".join(c.text.replace("\n", "") for t in doc.tables() for c in t.cells if len(c.text) > 30), rec
    )
