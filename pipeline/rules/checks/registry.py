"""Checks on what the registry holds: units on an imported exclusion list, units debarred by a
consortium's cancellation, and the caps (judged over the whole registry in
pipeline/crosscheck.py; the checklist row reports that verdict)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from extractors import uscc
from extractors.text import key
from models.record import Member
from pipeline.rules.base import Finding, Params, check
from pipeline.rules.facts import ExclusionEntry, Facts

Tier = Literal["lead", "core", "close", "general"]
TIER_NAMES = {
    "lead": "牵头单位",
    "core": "核心层",
    "close": "紧密合作层",
    "general": "一般协作层",
    "unspecified": "未注明层级",
}


def _matches(m: Member, name: str, code: str | None) -> bool:
    if m.credit_code and code and uscc.is_valid(m.credit_code) and uscc.is_valid(code):
        return m.credit_code.upper() == code.upper()
    return key(m.name) == key(name)


class ListParams(Params):
    lists: list[str] = Field(default_factory=list)  # list kinds that exclude (empty: every list)


@check("not_on_exclusion_list", "submission", ListParams, title="成员单位不在失信惩戒名单")
def not_on_exclusion_list(f: Facts, p: ListParams, rule, pack) -> list[Finding]:
    reg = f.registry
    kinds = "、".join(p.lists) or "排除"
    if reg is None:
        return [
            Finding(
                "unknown",
                f"未接入登记库的{kinds}名单，请在科研诚信系统中核查全部成员单位",
                look_at="科研诚信信息系统",
            )
        ]
    entries = [e for e in reg.exclusions if not p.lists or e.list_kind in p.lists]
    if not entries:
        return [
            Finding(
                "unknown",
                f"登记库尚未导入{kinds}名单（intake exclusions import），请人工核查",
                look_at="科研诚信信息系统",
            )
        ]
    days = {d for d in (f.filing_date, f.as_of) if d}
    out: list[Finding] = []
    for m in f.members:
        hits: list[ExclusionEntry] = [
            e for e in entries if _matches(m, e.name, e.credit_code) and any(e.covers(d) for d in days)
        ]
        for e in hits:
            out.append(
                Finding(
                    "fail",
                    f"成员单位“{m.name}”在{e.list_kind}名单上，且仍在惩戒期内",
                    value=e.list_kind,
                    evidence=e.describe(),
                    unit=m.name,
                )
            )
    if not out:
        src = "、".join(sorted({e.source for e in entries}))
        out.append(
            Finding(
                "pass",
                f"{len(f.members)}家成员单位均不在登记库的{kinds}名单（{len(entries)}条，来源：{src}）中",
                value=len(entries),
            )
        )
    return out


class DebarParams(Params):
    years: int = Field(ge=1)
    debarred_tiers: list[Tier] = Field(min_length=1)  # who a cancellation debars
    restricted_tiers: list[Tier] = Field(min_length=1)  # what they may not be in another consortium


def _add_years(d: dt.date, n: int) -> dt.date:
    try:
        return d.replace(year=d.year + n)
    except ValueError:  # 29 February
        return d + dt.timedelta(days=365 * n)


@check("not_debarred", "submission", DebarParams, title="牵头、核心层单位未因撤销受限")
def not_debarred(f: Facts, p: DebarParams, rule, pack) -> list[Finding]:
    reg = f.registry
    if reg is None:
        return [
            Finding("unknown", "未接入登记库，无法核对被撤销创新联合体的单位", look_at="被撤销创新联合体名单")
        ]
    on = f.filing_date or f.as_of
    me = key(f.consortium or "")
    cancelled = [
        c
        for c in reg.cancellations
        if c.jurisdiction == pack.jurisdiction
        and key(c.consortium) != me
        and c.cancelled_on <= on <= _add_years(c.cancelled_on, p.years)
    ]
    out: list[Finding] = []
    for m in f.members:
        for c in cancelled:
            was = next(
                (u for u in c.units if u.tier in p.debarred_tiers and _matches(m, u.name, u.credit_code)),
                None,
            )
            if was is None:
                continue
            ev = (
                f"“{c.consortium}”于{c.cancelled_on}被撤销（{c.reason or '原因未载'}；{c.recorded_by}记录），"
                f"该单位原为{TIER_NAMES.get(was.tier, was.tier)}"
            )
            limit = "、".join(TIER_NAMES[t] for t in p.restricted_tiers)
            if m.tier in p.restricted_tiers:
                out.append(
                    Finding(
                        "fail",
                        f"“{m.name}”在{p.years}年内不得作为{limit}参与其他创新联合体：{ev}",
                        value=m.tier,
                        evidence=ev,
                        unit=m.name,
                    )
                )
            elif m.tier == "unspecified":
                out.append(
                    Finding(
                        "unknown",
                        f"“{m.name}”受撤销限制（{ev}），本联合体中未注明其层级，请核对是否为{limit}",
                        value=m.tier,
                        evidence=ev,
                        unit=m.name,
                        warn=True,
                        look_at=f"“{m.name}”在本联合体中的层级",
                    )
                )
    if not out:
        out.append(
            Finding(
                "pass",
                f"登记库中{p.years}年内被撤销的本辖区创新联合体{len(cancelled)}个，其{'、'.join(TIER_NAMES[t] for t in p.debarred_tiers)}均不是本联合体的"
                + "、".join(TIER_NAMES[t] for t in p.restricted_tiers),
                value=len(cancelled),
            )
        )
    return out


class CapParams(Params):
    max: int = Field(ge=1)


def _cap_row(f: Facts, code: str, p: CapParams, what: str) -> list[Finding]:
    reg = f.registry
    if reg is None or reg.cross_flags is None:
        return [Finding("n/a", f"每个单位{what}不超过{p.max}个：由登记库跨联合体核查（intake recheck）")]
    names = {key(m.name) for m in f.members}
    mine = [
        x
        for x in reg.cross_flags
        if x.code == code
        and (key(x.unit or "") in names or key(x.consortium or "") == key(f.consortium or ""))
    ]
    if not mine:
        return [Finding("pass", f"登记库中本联合体单位{what}均不超过{p.max}个", value=p.max)]
    return [Finding("fail", x.message, value=p.max, evidence=x.evidence, unit=x.unit) for x in mine]


@check("member_cap", "cross", CapParams, title="成员单位参与联合体数量上限")
def member_cap(f: Facts, p: CapParams, rule, pack) -> list[Finding]:
    return _cap_row(f, rule.flag or "MEMBER_CAP_EXCEEDED", p, "参与创新联合体")


@check("lead_cap", "cross", CapParams, title="牵头单位牵头联合体数量上限")
def lead_cap(f: Facts, p: CapParams, rule, pack) -> list[Finding]:
    return _cap_row(f, rule.flag or "LEAD_CAP_EXCEEDED", p, "牵头创新联合体")
