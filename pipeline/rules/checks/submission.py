"""Checks on a submission as a whole: membership, the lead unit's standing and figures, the
documents handed in."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, Literal

from pydantic import Field, model_validator

from extractors import uscc
from extractors.text import key
from pipeline.rules.base import Finding, NoParams, Params, check
from pipeline.rules.checks.common import KIND_NAMES, LEVEL_NAMES, kind_by_name, same_unit
from pipeline.rules.facts import Facts
from pipeline.rules.text import DocText


def _yi(v: float) -> str:
    return f"{v / 1e8:.2f}亿元" if v >= 1e8 else f"{v / 1e4:.0f}万元"


def _no_members() -> list[Finding]:
    return [Finding("unknown", "未读到成员单位名单", look_at="申请表或协议的成员单位名单")]


# --- membership ----------------------------------------------------------------------------------


class MinCount(Params):
    min: int = Field(ge=1)


class Share(Params):
    share: float = Field(gt=0, le=1)


class Range(Params):
    min: int = Field(ge=0)
    max: int = Field(ge=1)

    @model_validator(mode="after")
    def _ordered(self) -> Range:
        if self.min > self.max:
            raise ValueError("min is greater than max")
        return self


@check("members_min", "submission", MinCount, title="成员单位数量")
def members_min(f: Facts, p: MinCount, rule, pack) -> list[Finding]:
    n = len(f.members)
    if n == 0:
        return _no_members()
    ok = n >= p.min
    return [
        Finding(
            "pass" if ok else "fail",
            f"成员单位{n}个" + ("" if ok else f"，少于{p.min}个"),
            value=n,
            evidence=str(n),
        )
    ]


@check("member_kinds_min", "submission", MinCount, title="成员单位类别")
def member_kinds_min(f: Facts, p: MinCount, rule, pack) -> list[Finding]:
    if not f.members:
        return _no_members()
    kinds = sorted({m.kind for m in f.members if m.kind})
    desc = "、".join(KIND_NAMES[k] for k in kinds)
    ok = len(kinds) >= p.min
    return [
        Finding(
            "pass" if ok else "fail",
            f"成员单位类别{len(kinds)}类（{desc}）" + ("" if ok else f"，少于{p.min}类"),
            value=len(kinds),
            evidence=desc,
        )
    ]


@check("enterprise_share_min", "submission", Share, title="企业比例")
def enterprise_share_min(f: Facts, p: Share, rule, pack) -> list[Finding]:
    if not f.members:
        return _no_members()
    n = len(f.members)
    e = sum(1 for m in f.members if m.kind == "enterprise")
    share = e / n
    ok = share >= p.share
    return [
        Finding(
            "pass" if ok else "fail",
            f"企业{e}个，占成员单位{n}个的{share:.0%}" + ("" if ok else f"，低于{p.share:.0%}"),
            value=round(share, 3),
            evidence=f"{e}/{n}",
        )
    ]


@check("lead_count", "submission", Range, title="牵头单位数量")
def lead_count(f: Facts, p: Range, rule, pack) -> list[Finding]:
    n = len(f.sub.lead_units)
    if n == 0:
        return [Finding("unknown", "未读到牵头单位", value=0, look_at="申请表“联合体牵头单位”栏")]
    ok = p.min <= n <= p.max
    return [
        Finding(
            "pass" if ok else "fail",
            f"牵头单位{n}家" + ("" if ok else f"，应为{p.min}—{p.max}家"),
            value=n,
            evidence="、".join(f.sub.lead_units),
        )
    ]


# --- the lead unit ---------------------------------------------------------------------------------


class Divisions(Params):
    divisions: list[str] = Field(min_length=1)  # administrative division code prefixes

    @model_validator(mode="after")
    def _digits(self) -> Divisions:
        bad = [d for d in self.divisions if not re.fullmatch(r"\d{2,6}", d)]
        if bad:
            raise ValueError(f"division prefixes are 2-6 digits: {bad}")
        return self


@check("lead_in_jurisdiction", "submission", Divisions, title="牵头单位注册地")
def lead_in_jurisdiction(f: Facts, p: Divisions, rule, pack) -> list[Finding]:
    out: list[Finding] = []
    for m in f.leads:
        if not m.credit_code or not uscc.is_valid(m.credit_code):
            out.append(
                Finding(
                    "unknown",
                    f"牵头单位“{m.name}”无有效统一社会信用代码，无法判断注册地",
                    evidence=m.credit_code,
                    unit=m.name,
                    look_at=f"“{m.name}”的营业执照或统一社会信用代码",
                )
            )
            continue
        div = uscc.division(m.credit_code) or ""
        ok = any(div.startswith(x) for x in p.divisions)
        out.append(
            Finding(
                "pass" if ok else "fail",
                f"牵头单位“{m.name}”统一社会信用代码的行政区划码为{div}" + ("" if ok else "，不在本辖区注册"),
                value=div,
                evidence=m.credit_code,
                unit=m.name,
            )
        )
    return out or [
        Finding("unknown", "未读到牵头单位及其统一社会信用代码", look_at="申请表成员名单中的牵头单位")
    ]


@check("lead_is_enterprise", "submission", NoParams, title="牵头单位为企业")
def lead_is_enterprise(f: Facts, p: NoParams, rule, pack) -> list[Finding]:
    """From the credit code's registration category (GB 32100-2015: 9x 工商 registered bodies
    are enterprises; 1x 机构编制, 5x 民政 … are not) and from the name."""
    names = f.sub.lead_units or [m.name for m in f.leads]
    if not names:
        return [Finding("unknown", "未读到牵头单位", look_at="申请表“联合体牵头单位”栏")]
    by_key = {key(m.name): m for m in f.members}
    out: list[Finding] = []
    for name in names:
        m = by_key.get(key(name)) or next((x for x in f.leads if same_unit(x.name, name)), None)
        code = m.credit_code if m and m.credit_code and uscc.is_valid(m.credit_code) else None
        by_name = kind_by_name(name) or (m.kind if m else None)
        reg = uscc.registration_kind(code) if code else None
        if reg is not None:
            if reg == "enterprise" and by_name in ("enterprise", None, "other"):
                out.append(
                    Finding(
                        "pass",
                        f"牵头单位“{name}”为工商登记的企业（代码{code}）",
                        value=reg,
                        evidence=code,
                        unit=name,
                    )
                )
            elif reg != "enterprise" and by_name != "enterprise":
                out.append(
                    Finding(
                        "fail",
                        f"牵头单位“{name}”不是企业：统一社会信用代码{code}的登记管理部门类别为{reg}",
                        value=reg,
                        evidence=code,
                        unit=name,
                    )
                )
            else:
                out.append(
                    Finding(
                        "unknown",
                        f"牵头单位“{name}”的名称（{KIND_NAMES.get(by_name or '', '未知')}）与统一社会信用代码{code}的类别（{reg}）不一致",
                        value=reg,
                        evidence=code,
                        unit=name,
                        warn=True,
                        look_at=f"“{name}”的营业执照或法人登记证书",
                    )
                )
            continue
        if by_name == "enterprise":
            out.append(
                Finding(
                    "pass",
                    f"牵头单位“{name}”按名称为企业（无有效统一社会信用代码可核）",
                    value="enterprise",
                    evidence=name,
                    unit=name,
                )
            )
        elif by_name in ("university", "institute"):
            out.append(
                Finding(
                    "fail",
                    f"牵头单位“{name}”按名称为{KIND_NAMES[by_name]}，不是企业",
                    value=by_name,
                    evidence=name,
                    unit=name,
                )
            )
        else:
            out.append(
                Finding(
                    "unknown",
                    f"无法从名称和代码判断牵头单位“{name}”是否为企业",
                    value=None,
                    evidence=name,
                    unit=name,
                    look_at=f"“{name}”的营业执照",
                )
            )
    return out


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


class Levels(Params):
    levels: list[Literal["national", "provincial"]] = Field(min_length=1)


@check("lead_platform_min", "submission", Levels, title="牵头单位创新平台")
def lead_platform_min(f: Facts, p: Levels, rule, pack) -> list[Finding]:
    """The lead hosts (依托单位) a platform of one of the levels the rule names, among the
    application's platform rows."""
    app = f.doc("application")
    lead = f.lead_name()
    if app is None:
        return [
            Finding(
                "unknown",
                "未收到申请表，无法核对牵头单位的创新平台",
                unit=lead,
                look_at="牵头单位的平台认定文件",
            )
        ]
    text = DocText.of(app)
    if not app.platforms:
        return [
            Finding(
                "unknown",
                "申请表中未读到创新平台情况表，请人工核对牵头单位的创新平台",
                unit=lead,
                document=app.source.path,
                location=text.locate("平台名称"),
                look_at="申请表的科研平台情况表",
            )
        ]
    lead_keys = f.sub.lead_units or [m.name for m in f.leads]
    hosted = [
        pl for pl in app.platforms if pl.host_unit and any(same_unit(pl.host_unit, k) for k in lead_keys)
    ]
    good = [pl for pl in hosted if pl.level in p.levels]
    want = "或".join(LEVEL_NAMES[x] for x in ("national", "provincial") if x in p.levels)
    if good:
        ev = "；".join(f"{pl.name}（{LEVEL_NAMES.get(pl.level or '', pl.level or '')}）" for pl in good)
        return [
            Finding(
                "pass",
                f"牵头单位依托建有{want}平台{len(good)}个",
                value=len(good),
                evidence=ev,
                unit=lead,
                document=app.source.path,
                location=text.locate(good[0].name),
            )
        ]
    ev = "；".join(
        f"{pl.name}（{LEVEL_NAMES.get(pl.level or '', pl.level or '')}，{pl.host_unit}）" for pl in hosted
    )
    return [
        Finding(
            "fail",
            f"申请表所列{len(app.platforms)}个创新平台中，没有依托牵头单位的{want}平台",
            value=0,
            evidence=ev or None,
            unit=lead,
            document=app.source.path,
            location=text.locate(app.platforms[0].name),
        )
    ]


# --- documents handed in ---------------------------------------------------------------------------

DOC_NAMES = {"application": "组建申请表", "agreement": "组建协议", "plan": "建设/实施/组建方案"}
# how a document of each kind is titled (a short row of its text)
TITLE_RX = {
    "application": re.compile(r"(?:申请表|申请书|认定表)$"),
    "agreement": re.compile(r"(?<!补充)(?:组建|合作|共建)?协议(?:书)?(?:（[^）]*）)?$"),
    "plan": re.compile(r"(?:实施方案|建设方案|组建方案|攻关方案)(?:（[^）]*）)?$"),
}


@check("documents_present", "submission", NoParams, title="申报材料齐全")
def documents_present(f: Facts, p: NoParams, rule, pack) -> list[Finding]:
    """The documents the pack's `required_documents` name. An unreadable file does not count; a
    document of another or unknown type whose own title names the missing kind is a warning."""
    have = {d.doc_type for d in f.docs}
    unreadable = [d.source.path for d in f.docs if d.doc_type == "unreadable"]
    out: list[Finding] = []
    for t in pack.required_documents:
        name = DOC_NAMES[t]
        if t in have:
            d = f.doc(t)
            out.append(
                Finding(
                    "pass", f"{name}已提交", value=t, evidence=name, document=d.source.path if d else None
                )
            )
            continue
        maybe = None
        for d in f.docs:
            if d.doc_type in ("unreadable", t):
                continue
            text = DocText.of(d)
            for r, k in zip(text.rows[:60], text.keys[:60]):
                if 4 <= len(k) <= 32 and "《" not in k and TITLE_RX[t].search(k):
                    maybe = (d, text.loc(r))
                    break
            if maybe:
                break
        if maybe:
            d, loc = maybe
            out.append(
                Finding(
                    "unknown",
                    f"未识别出{name}，但文件“{loc.describe()}”的标题像{name}，请核对",
                    value=t,
                    evidence=name,
                    document=d.source.path,
                    location=loc,
                    warn=True,
                    look_at=loc.describe(),
                )
            )
            continue
        extra = f"（另有{len(unreadable)}个文件无法读取，不计为已提交）" if unreadable else ""
        out.append(Finding("fail", f"{name}未提交{extra}", value=t, evidence=name))
    return out
