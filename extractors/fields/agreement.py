"""Fields of an agreement (组建协议) and a supplementary agreement (补充协议): members by tier,
the clauses, the signature block, the effective date."""

from __future__ import annotations

import re

from extractors.fields.clauses import agreement_sections, find_clauses, heading_keys, signature_region
from extractors.fields.common import all_lines
from extractors.fields.members import (
    MemberReport,
    member_tables,
    members_in_text,
    tier_list,
)
from extractors.fields.members import note_report as _note_report
from extractors.fields.seals import check_seals, note_seals
from extractors.fields.signatories import (
    listed_signers,
    party_members,
    sealed_bodies,
    signatories_in,
    split_joined,
)
from extractors.numbers import parse_date
from extractors.sections import Section
from extractors.text import compact
from models.document import ReadDocument, Table
from models.record import Member

EFFECTIVE_RX = [
    re.compile(r"(?:本协议|本合同|协议)?自(.{6,18}?)起(?:正式)?生效"),
    re.compile(r"(?:生效日期|生效时间)[：:为是]?(.{6,18})"),
    re.compile(r"于(.{6,18}?)(?:签订|签署)并生效"),
    re.compile(r"(?:本协议|协议)(?:于|在)(.{6,18}?)生效"),
]


def effective_date(lines: list[str]) -> str | None:
    """The date an agreement says it takes effect (本协议自二〇二五年三月十八日起生效), or, where
    it takes effect on signing (自签订之日起生效), the date it says it was signed.

    >>> effective_date(["本协议于2025年6月13日签订，自签订之日起生效。"])
    '2025-06-13'
    >>> effective_date(["本协议自各方签字盖章之日起生效。", "签订日期：二〇二五年三月十八日"])
    '2025-03-18'
    """
    stated = stated_effective_date(lines)
    if stated:
        return stated
    text = compact("\n".join(lines))
    if not ON_SIGNING.search(text):
        return None
    for rx in SIGNED_RX:
        for m in rx.finditer(text):
            d = parse_date(m.group(1))
            if d:
                return d
    return None


def stated_effective_date(lines: list[str]) -> str | None:
    """The date a line says an agreement takes effect (自…起生效 / 生效时间为…).

    >>> stated_effective_date(["联合体组建协议已由全体成员单位签署，协议生效时间为二〇二五年七月二十四日。"])
    '2025-07-24'
    """
    for line in lines:
        t = compact(line)
        for rx in EFFECTIVE_RX:
            m = rx.search(t)
            if m:
                d = parse_date(m.group(1))
                if d:
                    return d
    return None


# takes effect on signing; and where the signing date is stated
ON_SIGNING = re.compile(
    r"自(?:各方)?(?:签订|签署|签字|盖章|签字盖章|签字并盖章|签章)(?:之)?日(?:起)?(?:正式)?生效"
)
SIGNED_RX = [
    re.compile(r"(?:本协议|协议)?于(.{6,18}?)(?:签订|签署|订立)"),
    re.compile(r"(?:签订|签署|订立)(?:日期|时间)[：:为]?(.{6,18})"),
]


def participant_sections(secs: list[Section]) -> list[Section]:
    """The sections that list the parties: headed 参与单位 / 联合体组成 …"""
    return [s for s in secs if s.heading is not None and "participants" in heading_keys(s.title)]


def _section_lines(sec: Section) -> list[str]:
    out: list[str] = []
    for b in sec.blocks:
        if isinstance(b, Table):
            out.extend("，".join(c for c in r if c.strip()) for r in b.row_texts())
        else:
            out.extend(x for x in b.text.split("\n") if x.strip())
    return out


def with_clause(table: list[Member], clause: list[Member]) -> list[Member]:
    """A member table completed by the participants clause where both list the same units (at
    least half of the table's): the tier the clause gives a unit the table leaves without one,
    and the units only the clause names (the lead above a table of the others' tasks).

    >>> t = [Member(name="乙大学"), Member(name="丙研究院")]
    >>> c = [Member(name="甲有限公司", tier="lead"), Member(name="乙大学", tier="core"), Member(name="丙研究院", tier="core")]
    >>> [(m.name, m.tier) for m in with_clause(t, c)]
    [('甲有限公司', 'lead'), ('乙大学', 'core'), ('丙研究院', 'core')]
    """
    by_key = {compact(m.name): m for m in clause}
    shared = [m for m in table if compact(m.name) in by_key]
    if not clause or 2 * len(shared) < len(table):
        return table
    for m in shared:
        said = by_key[compact(m.name)]
        if m.tier == "unspecified" and said.tier != "unspecified":
            m.tier = said.tier
        if m.credit_code is None and said.credit_code:
            m.credit_code = said.credit_code
    keys = {compact(m.name) for m in table}
    added = [m for m in clause if compact(m.name) not in keys]
    leads = [m for m in added if m.tier == "lead"]
    return leads + table + [m for m in added if m.tier != "lead"]


def one_list(named: list[Member], lines: list[str]) -> bool:
    """Whether the units named before the signature block are the consortium's list: a lead
    among them, and one sentence naming every one of them (本联合体由甲牵头，联合乙、丙…共同组建),
    so that a unit mentioned in passing elsewhere never makes a member.

    >>> one_list([Member(name="甲有限公司", tier="lead"), Member(name="乙大学")], ["由甲有限公司牵头，联合乙大学共同组建。"])
    True
    >>> one_list([Member(name="甲有限公司", tier="lead"), Member(name="乙大学")], ["由甲有限公司牵头。", "依托乙大学。"])
    False
    """
    if len(named) < 2 or not any(m.tier == "lead" for m in named):
        return False
    keys = [compact(m.name) for m in named]
    if any(a != b and a in b for a in keys for b in keys):
        return False  # a name read with words before it (秘书处设在甲公司) besides the name itself
    return any(all(k in t for k in keys) for t in (compact(x) for x in lines))


def agreement_members(
    doc: ReadDocument, report: MemberReport, signatories: list[str]
) -> tuple[list[Member], str]:
    """The parties of an agreement and how they were found: a member table (completed by the
    participants clause: its tiers, its lead); else the parties (甲方：…); else the participants
    clause (tier lists or prose); else the units named by their tiers before the signature block;
    else the one sentence there naming the lead and the others; else the signature block."""
    tables = member_tables(doc, report)
    sig = signature_region(doc)
    sig_blocks = {id(b) for _, b in sig}
    secs = agreement_sections(doc)
    parts = participant_sections(secs)
    lines = [x for s in parts for x in _section_lines(s)]
    # a body that signs with a seal (a zone's committee) is a member where the participants
    # clause names it too
    sealed = tuple(sealed_bodies([t for t, _ in sig]))
    members = members_in_text(lines, also=sealed)
    if tables:
        return with_clause(tables, members), "table"
    parties = party_members(doc, sig_blocks)
    if len(parties) >= 2:
        return parties, "parties"
    if len(members) >= 2:
        return members, "participants clause"
    # the parties named by tier anywhere before the signature block (preamble, 第一条 …)
    body: list[str] = []
    for b in doc.blocks:
        if id(b) in sig_blocks:
            break
        if b.kind == "paragraph" and b.prov.source in ("header", "footer"):
            continue
        body.extend(x for x in b.text.split("\n") if x.strip())
    named = members_in_text(body, also=sealed)
    tiered = tier_list(named, body)
    if sum(1 for m in tiered if m.tier != "unspecified") >= 2:
        return tiered, "tier words in the text"
    if one_list(named, body):
        return named, "the lead's list in the text"
    if signatories:
        return [Member(name=n) for n in signatories], "signature block"
    return members, "participants clause"


_CODE_ASKED = re.compile(r"信用代码")  # 统一社会信用代码 and its shorter forms


def extract_agreement(doc: ReadDocument, rec, supplementary: bool = False) -> None:
    from extractors.units import unit_kind

    lines = all_lines(doc)
    report = MemberReport()
    sig = signature_region(doc)
    rec.signatories = signatories_in([t for t, _ in sig])
    members, how = agreement_members(doc, report, rec.signatories)
    for m in members:
        if m.kind is None:
            m.kind = unit_kind(m.name, m.credit_code)
    rec.members = members
    # a list written as lines asks for the codes where a member's line carries the code's label
    # (9. 甲公司（一般协作层单位），统一社会信用代码：), filled or not
    names = [compact(m.name) for m in members]
    if any(_CODE_ASKED.search(x) and any(n in compact(x) for n in names) for x in lines):
        report.codes_expected = True
    _note_report(rec, report)
    rec.extra["members_found_by"] = how
    if how != "signature block":
        rec.signatories = split_joined(rec.signatories, [m.name for m in members])
        rec.signatories = listed_signers(rec.signatories, [m.name for m in members], [t for t, _ in sig])
    if not rec.lead_units:
        rec.lead_units = [m.name for m in members if m.tier == "lead"]
    if not supplementary:
        note_seals(rec, check_seals(doc, rec.signatories, [m.name for m in members]))
    rec.agreement_effective_date = effective_date(lines)
    if supplementary:
        if not rec.members and rec.lead_units:
            rec.members = [Member(name=n, tier="lead", kind=unit_kind(n)) for n in rec.lead_units]
        return
    tiered = how == "parties" or (
        sum(1 for m in members if m.tier != "unspecified") >= 2 and how != "signature block"
    )
    rec.clauses, found = find_clauses(doc, rec.signatories, parties_listed=tiered)
    rec.extra["clauses_found"] = found
