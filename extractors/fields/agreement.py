"""Fields of an agreement (组建协议) and a supplementary agreement (补充协议): members by tier,
the clauses, the signature block, the effective date."""

from __future__ import annotations

import re

from extractors.fields.clauses import check_clauses, participant_lines, signature_region
from extractors.fields.common import all_lines
from extractors.fields.members import (
    MemberReport,
    members_from_sections,
    members_from_tier_lists,
    signatories_from,
)
from extractors.fields.members import note_report as _note_report
from extractors.fields.seals import check_seals, note_seals
from extractors.numbers import parse_date
from extractors.text import compact
from models.document import ReadDocument

EFFECTIVE_RX = [
    re.compile(r"自(.{6,16}?)起(?:正式)?生效"),
    re.compile(r"(?:生效日期|生效时间)[：:为]?(.{6,16})"),
    re.compile(r"于(.{6,16}?)(?:签订|签署)并生效"),
]


def effective_date(lines: list[str]) -> str | None:
    for line in lines:
        t = compact(line)
        for rx in EFFECTIVE_RX:
            m = rx.search(t)
            if m:
                d = parse_date(m.group(1))
                if d:
                    return d
    return None


def extract_agreement(doc: ReadDocument, rec, supplementary: bool = False) -> None:
    lines = all_lines(doc)
    report = MemberReport()
    members = members_from_sections(doc, report)
    if not members:
        members = members_from_tier_lists(participant_lines(doc)) or members_from_tier_lists(
            _before_signatures(doc)
        )
    rec.members = members
    _note_report(rec, report)
    if not rec.lead_units:
        rec.lead_units = [m.name for m in members if m.tier == "lead"]
    sig_lines, sig_rows = signature_region(doc)
    rec.signatories = signatories_from(sig_lines, sig_rows)
    if not supplementary:
        note_seals(rec, check_seals(doc, rec.signatories, [m.name for m in members]))
    rec.agreement_effective_date = effective_date(lines)
    if supplementary:
        if not rec.members and rec.lead_units:
            from extractors.fields.common import unit_kind
            from models.record import Member

            rec.members = [Member(name=n, tier="lead", kind=unit_kind(n)) for n in rec.lead_units]  # type: ignore[arg-type]
        return
    rec.clauses = check_clauses(doc, rec.signatories, bool(members))


def _before_signatures(doc: ReadDocument) -> list[str]:
    lines = all_lines(doc)
    for i, line in enumerate(lines):
        if re.search(r"签章|签字页|签署页", compact(line)) and len(compact(line)) <= 20:
            return lines[:i]
    return lines
