"""Legacy 产业技术创新战略联盟 records (协议书, 章程, 申请书): the alliance, its lead unit, its
member list and, for an agreement, its signatories."""

from __future__ import annotations

import re

from extractors.fields.clauses import signature_region
from extractors.fields.common import all_lines, looks_like_unit, unit_kind
from extractors.fields.members import MemberReport, members_from_sections, signatories_from
from extractors.fields.members import note_report as _note_report
from extractors.text import compact
from models.document import ReadDocument
from models.record import Member

LEAD_RX = [
    re.compile(r"由([\u4e00-\u9fff（）()]{4,40}?(?:公司|集团|大学|学院|研究院|研究所))(?:牵头|发起)"),
    re.compile(r"([\u4e00-\u9fff（）()]{4,40}?(?:公司|集团|大学|学院|研究院|研究所))与下列单位"),
    re.compile(r"牵头单位(?:为|是|：|:)([\u4e00-\u9fff（）()]{4,40}?(?:公司|集团|大学|学院|研究院|研究所))"),
]


def extract_legacy(doc: ReadDocument, rec) -> None:
    report = MemberReport()
    members = members_from_sections(doc, report)
    # a legacy list names the lead; everyone else's tier is unspecified
    for m in members:
        if m.tier != "lead":
            m.tier = "unspecified"
    text = compact("\n".join(all_lines(doc)))
    lead = next((m.name for m in members if m.tier == "lead"), None)
    if lead is None:
        for rx in LEAD_RX:
            mm = rx.search(text)
            if mm and looks_like_unit(mm.group(1)):
                lead = mm.group(1)
                break
    if lead:
        rec.lead_units = [lead]
        if not any(m.name == lead for m in members):
            members.insert(0, Member(name=lead, tier="lead", kind=unit_kind(lead)))  # type: ignore[arg-type]
    rec.members = members
    _note_report(rec, report)
    if re.search(r"协议", compact(doc.text)[:60]):
        sig_lines, sig_rows = signature_region(doc)
        rec.signatories = signatories_from(sig_lines, sig_rows)
    rec.industry = None
    rec.filing_date = None
