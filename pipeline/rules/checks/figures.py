"""Checks on the lead unit's figures against the rule's thresholds: revenue, R&D staff, R&D
expense and its growth, the self-funding ratio."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic import Field, model_validator

from pipeline.rules.base import Finding, NoParams, Params, check
from pipeline.rules.checks.membership import MinCount
from pipeline.rules.facts import Facts


def _yi(v: float) -> str:
    return f"{v / 1e8:.2f}亿元" if v >= 1e8 else f"{v / 1e4:.0f}万元"


def _rd_value(
    f: Facts, k: str, label: str, fmt: Callable[[Any], str], below: Callable[[Any], bool], threshold_text: str
) -> list[Finding]:
    v = f.rd.get(k)
    lead = f.lead_name()
    if v is None:
        return [
            Finding(
                "unknown",
                f"材料中未找到牵头单位的{label}",
                unit=lead,
                look_at=f"方案或申请表中牵头单位的{label}",
            )
        ]
    ev = f.rd_source.get(k + ".evidence") or str(v)
    bad = below(v)
    return [
        Finding(
            "fail" if bad else "pass",
            f"牵头单位{label}{fmt(v)}" + (f"，低于{threshold_text}" if bad else ""),
            value=v,
            evidence=ev if not bad else f"{v}｜{ev}",
            unit=lead,
            document=f.rd_source.get(k),
        )
    ]


class Money(Params):
    min_cny: float = Field(gt=0)


class Ratio(Params):
    ratio: float = Field(gt=0)


@check("lead_revenue_min", "submission", Money, title="牵头单位营业收入")
def lead_revenue_min(f: Facts, p: Money, rule, pack) -> list[Finding]:
    return _rd_value(f, "revenue_cny", "年营业收入", _yi, lambda v: v < p.min_cny, _yi(p.min_cny))


@check("lead_rd_staff_min", "submission", MinCount, title="牵头单位专职研发人员")
def lead_rd_staff_min(f: Facts, p: MinCount, rule, pack) -> list[Finding]:
    return _rd_value(f, "rd_staff", "专职研发人员", lambda v: f"{v}人", lambda v: v < p.min, f"{p.min}人")


class Intensity(Params):
    """Met by either: the average R&D expense of the years stated, or the intensity (percent)."""

    average_cny: float | None = Field(default=None, gt=0)
    intensity_pct: float | None = Field(default=None, gt=0, le=100)

    @model_validator(mode="after")
    def _one(self) -> Intensity:
        if self.average_cny is None and self.intensity_pct is None:
            raise ValueError("give average_cny, intensity_pct or both")
        return self


@check("lead_rd_intensity_min", "submission", Intensity, title="牵头单位研发投入")
def lead_rd_intensity_min(f: Facts, p: Intensity, rule, pack) -> list[Finding]:
    pct = f.rd.get("rd_intensity_pct")
    series = f.rd.get("rd_expense_cny") or []
    lead = f.lead_name()
    avg = sum(x["amount_cny"] for x in series) / len(series) if series else None
    parts = []
    ok_any = False
    known = False
    if p.average_cny is not None and avg is not None:
        known = True
        ok_any |= avg >= p.average_cny
        parts.append(f"近{len(series)}年年均研发费用{_yi(avg)}（门槛{_yi(p.average_cny)}）")
    if p.intensity_pct is not None and pct is not None:
        known = True
        ok_any |= pct >= p.intensity_pct
        parts.append(f"研发投入强度{pct}%（门槛{p.intensity_pct:g}%）")
    if not known:
        return [
            Finding(
                "unknown",
                "材料中未找到牵头单位的研发费用或研发投入强度",
                unit=lead,
                look_at="方案中牵头单位近三年研发投入",
            )
        ]
    ev = f.rd_source.get("rd_expense_cny.evidence") or f.rd_source.get("rd_intensity_pct.evidence")
    return [
        Finding(
            "pass" if ok_any else "fail",
            "；".join(parts) + ("" if ok_any else "，未达到要求"),
            value={"average_cny": avg, "intensity_pct": pct},
            evidence=ev,
            unit=lead,
            document=f.rd_source.get("rd_expense_cny") or f.rd_source.get("rd_intensity_pct"),
        )
    ]


@check("rd_growing", "submission", NoParams, title="牵头单位研发投入持续增长")
def rd_growing(f: Facts, p: NoParams, rule, pack) -> list[Finding]:
    series = f.rd.get("rd_expense_cny") or []
    lead = f.lead_name()
    if len(series) < 2:
        return [
            Finding(
                "unknown",
                "材料中未找到牵头单位近三年研发投入",
                unit=lead,
                look_at="方案中牵头单位近三年研发投入",
            )
        ]
    vals = [x["amount_cny"] for x in series]
    ok = all(b > a for a, b in zip(vals, vals[1:]))
    desc = "、".join(f"{x.get('year') or '?'}年{_yi(x['amount_cny'])}" for x in series)
    return [
        Finding(
            "pass" if ok else "fail",
            f"牵头单位研发投入{desc}" + ("" if ok else "，未持续增长"),
            value=vals,
            evidence=f.rd_source.get("rd_expense_cny.evidence") or desc,
            unit=lead,
            document=f.rd_source.get("rd_expense_cny"),
        )
    ]


@check("self_funding_min", "submission", Ratio, title="自筹经费比例")
def self_funding_min(f: Facts, p: Ratio, rule, pack) -> list[Finding]:
    return _rd_value(
        f,
        "self_funding_ratio",
        "自筹经费与财政经费之比",
        lambda v: f"{v:g}:1",
        lambda v: v < p.ratio,
        f"{p.ratio:g}:1",
    )
