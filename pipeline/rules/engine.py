"""Evaluating a rule pack on one submission: a verdict per rule (the reviewer's checklist) and a
flag for each rule broken, with the value read, the evidence and the citation.

Verdicts: `pass`, `fail`, `unknown` (the documents don't state what the rule needs: a person
must look) and `n/a`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from extractors import uscc
from extractors.text import key
from models.record import DocumentRecord, Flag, Member, SubmissionRecord
from pipeline.rules import Pack, Rule, pack_for


@dataclass
class Facts:
    """What the rules look at, gathered from a submission's documents."""

    sub: SubmissionRecord
    docs: list[DocumentRecord]
    filing_date: dt.date | None
    members: list[Member]
    leads: list[Member]
    rd: dict[str, Any]
    rd_source: dict[str, str] = field(default_factory=dict)

    @property
    def consortium(self) -> str | None:
        return self.sub.consortium_name

    def doc(self, doc_type: str) -> DocumentRecord | None:
        return next((d for d in self.docs if d.doc_type == doc_type), None)


def gather(sub: SubmissionRecord, docs: list[DocumentRecord]) -> Facts:
    filing = None
    for d in sorted(docs, key=lambda d: d.doc_type != "application"):
        if d.filing_date:
            filing = dt.date.fromisoformat(d.filing_date)
            break
    lead_keys = {key(n) for n in sub.lead_units}
    leads = [m for m in sub.members if m.tier == "lead" or key(m.name) in lead_keys]
    rd: dict[str, Any] = {}
    src: dict[str, str] = {}
    order = {"plan": 0, "application": 1}
    for d in sorted(docs, key=lambda d: order.get(d.doc_type, 9)):
        for k, v in d.rd.model_dump().items():
            if k not in rd and v not in (None, []):
                rd[k] = v
                src[k] = d.source.path
                ev = (d.extra.get("rd_evidence") or {}).get(k)
                if ev:
                    src[k + ".evidence"] = ev
    return Facts(
        sub=sub, docs=docs, filing_date=filing, members=sub.members, leads=leads, rd=rd, rd_source=src
    )


@dataclass
class Verdict:
    rule: str
    check: str
    status: str  # pass / fail / unknown / n/a
    value: Any
    message: str
    citation: str
    evidence: str | None = None
    unit: str | None = None
    document: str | None = None
    severity: str = "error"
    flag: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


Result = list[tuple[str, Any, str, str | None, str | None, str | None]]
# each: (status, value, message, evidence, unit, document)
CHECKS: dict[str, Callable[[Facts, Rule], Result]] = {}


def check(name: str):
    def deco(fn):
        CHECKS[name] = fn
        return fn

    return deco


def _yi(v: float) -> str:
    return f"{v / 1e8:.2f}亿元" if v >= 1e8 else f"{v / 1e4:.0f}万元"


@check("members_min")
def _members_min(f: Facts, r: Rule) -> Result:
    n = len(f.members)
    if n == 0:
        return [("unknown", None, "未读到成员单位名单", None, None, None)]
    ok = n >= int(r.threshold)
    return [
        (
            "pass" if ok else "fail",
            n,
            f"成员单位{n}个" + ("" if ok else f"，少于{r.threshold}个"),
            str(n),
            None,
            None,
        )
    ]


@check("member_kinds_min")
def _kinds(f: Facts, r: Rule) -> Result:
    kinds = sorted({m.kind for m in f.members if m.kind})
    if not f.members:
        return [("unknown", None, "未读到成员单位名单", None, None, None)]
    ok = len(kinds) >= int(r.threshold)
    names = {"enterprise": "企业", "university": "高校", "institute": "科研院所", "other": "其他机构"}
    desc = "、".join(names[k] for k in kinds)
    return [
        (
            "pass" if ok else "fail",
            len(kinds),
            f"成员单位类别{len(kinds)}类（{desc}）" + ("" if ok else f"，少于{r.threshold}类"),
            desc,
            None,
            None,
        )
    ]


@check("enterprise_share_min")
def _share(f: Facts, r: Rule) -> Result:
    if not f.members:
        return [("unknown", None, "未读到成员单位名单", None, None, None)]
    n = len(f.members)
    e = sum(1 for m in f.members if m.kind == "enterprise")
    share = e / n
    ok = share >= float(r.threshold)
    return [
        (
            "pass" if ok else "fail",
            round(share, 3),
            f"企业{e}个，占成员单位{n}个的{share:.0%}" + ("" if ok else f"，低于{float(r.threshold):.0%}"),
            f"{e}/{n}",
            None,
            None,
        )
    ]


@check("lead_count")
def _lead_count(f: Facts, r: Rule) -> Result:
    n = len(f.sub.lead_units)
    lo, hi = r.threshold
    if n == 0:
        return [("unknown", 0, "未读到牵头单位", None, None, None)]
    ok = lo <= n <= hi
    return [
        (
            "pass" if ok else "fail",
            n,
            f"牵头单位{n}家" + ("" if ok else f"，应为{lo}—{hi}家"),
            "、".join(f.sub.lead_units),
            None,
            None,
        )
    ]


@check("lead_in_jurisdiction")
def _lead_where(f: Facts, r: Rule) -> Result:
    out: Result = []
    prefixes = [str(x) for x in r.threshold]
    for m in f.leads or []:
        if not m.credit_code or not uscc.is_valid(m.credit_code):
            out.append(
                (
                    "unknown",
                    None,
                    f"牵头单位“{m.name}”无有效统一社会信用代码，无法判断注册地",
                    m.credit_code,
                    m.name,
                    None,
                )
            )
            continue
        div = uscc.division(m.credit_code) or ""
        ok = any(div.startswith(p) for p in prefixes)
        out.append(
            (
                "pass" if ok else "fail",
                div,
                f"牵头单位“{m.name}”统一社会信用代码的行政区划码为{div}" + ("" if ok else "，不在本辖区注册"),
                m.credit_code,
                m.name,
                None,
            )
        )
    return out or [("unknown", None, "未读到牵头单位及其统一社会信用代码", None, None, None)]


def _lead_name(f: Facts) -> str | None:
    return f.sub.lead_units[0] if f.sub.lead_units else (f.leads[0].name if f.leads else None)


def _rd_value(
    f: Facts, k: str, label: str, fmt: Callable[[Any], str], below: Callable[[Any], bool], threshold_text: str
) -> Result:
    v = f.rd.get(k)
    lead = _lead_name(f)
    if v is None:
        return [("unknown", None, f"材料中未找到牵头单位的{label}", None, lead, None)]
    ev = f.rd_source.get(k + ".evidence") or str(v)
    bad = below(v)
    return [
        (
            "fail" if bad else "pass",
            v,
            f"牵头单位{label}{fmt(v)}" + (f"，低于{threshold_text}" if bad else ""),
            ev if not bad else f"{v}｜{ev}",
            lead,
            f.rd_source.get(k),
        )
    ]


@check("lead_revenue_min")
def _revenue(f: Facts, r: Rule) -> Result:
    t = float(r.threshold)
    return _rd_value(f, "revenue_cny", "年营业收入", _yi, lambda v: v < t, _yi(t))


@check("lead_rd_staff_min")
def _staff(f: Facts, r: Rule) -> Result:
    t = int(r.threshold)
    return _rd_value(f, "rd_staff", "专职研发人员", lambda v: f"{v}人", lambda v: v < t, f"{t}人")


@check("lead_rd_intensity_min")
def _intensity(f: Facts, r: Rule) -> Result:
    th = r.threshold or {}
    pct = f.rd.get("rd_intensity_pct")
    series = f.rd.get("rd_expense_cny") or []
    lead = _lead_name(f)
    avg = sum(x["amount_cny"] for x in series) / len(series) if series else None
    parts = []
    ok_any = False
    known = False
    if "average_cny" in th and avg is not None:
        known = True
        ok_any |= avg >= float(th["average_cny"])
        parts.append(f"近{len(series)}年年均研发费用{_yi(avg)}（门槛{_yi(float(th['average_cny']))}）")
    if "intensity_pct" in th and pct is not None:
        known = True
        ok_any |= pct >= float(th["intensity_pct"])
        parts.append(f"研发投入强度{pct}%（门槛{th['intensity_pct']}%）")
    if not known:
        return [("unknown", None, "材料中未找到牵头单位的研发费用或研发投入强度", None, lead, None)]
    ev = f.rd_source.get("rd_expense_cny.evidence") or f.rd_source.get("rd_intensity_pct.evidence")
    msg = "；".join(parts)
    return [
        (
            "pass" if ok_any else "fail",
            {"average_cny": avg, "intensity_pct": pct},
            msg + ("" if ok_any else "，未达到要求"),
            ev,
            lead,
            f.rd_source.get("rd_expense_cny") or f.rd_source.get("rd_intensity_pct"),
        )
    ]


@check("rd_growing")
def _growing(f: Facts, r: Rule) -> Result:
    series = f.rd.get("rd_expense_cny") or []
    lead = _lead_name(f)
    if len(series) < 2:
        return [("unknown", None, "材料中未找到牵头单位近三年研发投入", None, lead, None)]
    vals = [x["amount_cny"] for x in series]
    ok = all(b > a for a, b in zip(vals, vals[1:]))
    desc = "、".join(f"{x.get('year') or '?'}年{_yi(x['amount_cny'])}" for x in series)
    return [
        (
            "pass" if ok else "fail",
            vals,
            f"牵头单位研发投入{desc}" + ("" if ok else "，未持续增长"),
            f.rd_source.get("rd_expense_cny.evidence") or desc,
            lead,
            f.rd_source.get("rd_expense_cny"),
        )
    ]


@check("self_funding_min")
def _self_funding(f: Facts, r: Rule) -> Result:
    t = float(r.threshold)
    return _rd_value(
        f, "self_funding_ratio", "自筹经费与财政经费之比", lambda v: f"{v:g}:1", lambda v: v < t, f"{t:g}:1"
    )


@check("lead_platform_min")
def _lead_platform(f: Facts, r: Rule) -> Result:
    """The lead hosts (依托单位) a platform of one of the levels the rule names, among the
    application's platform rows."""
    app = f.doc("application")
    lead = _lead_name(f)
    if app is None:
        return [("unknown", None, "未收到申请表，无法核对牵头单位的创新平台", None, lead, None)]
    if not app.platforms:
        return [
            (
                "unknown",
                None,
                "申请表中未读到创新平台情况表，请人工核对牵头单位的创新平台",
                None,
                lead,
                app.source.path,
            )
        ]
    levels = set(r.threshold)
    lead_keys = [key(n) for n in (f.sub.lead_units or [m.name for m in f.leads])]
    names = {"national": "国家级", "provincial": "省级（自治区级）", "other": "其他"}
    hosted = [
        p for p in app.platforms if p.host_unit and any(_same_unit(key(p.host_unit), k) for k in lead_keys)
    ]
    good = [p for p in hosted if p.level in levels]
    want = "或".join(names[x] for x in ("national", "provincial") if x in levels)
    if good:
        ev = "；".join(f"{p.name}（{names.get(p.level or '', p.level or '')}）" for p in good)
        return [("pass", len(good), f"牵头单位依托建有{want}平台{len(good)}个", ev, lead, app.source.path)]
    ev = "；".join(f"{p.name}（{names.get(p.level or '', p.level or '')}，{p.host_unit}）" for p in hosted)
    msg = f"申请表所列{len(app.platforms)}个创新平台中，没有依托牵头单位的{want}平台"
    return [("fail", 0, msg, ev or None, lead, app.source.path)]


def _same_unit(a: str, b: str) -> bool:
    from rapidfuzz import fuzz

    return a == b or (min(len(a), len(b)) >= 4 and (a in b or b in a)) or fuzz.ratio(a, b) >= 92


@check("agreement_clauses")
def _clauses(f: Facts, r: Rule) -> Result:
    agr = f.doc("agreement")
    if agr is None:
        return [("unknown", None, "未收到组建协议", None, None, None)]
    out: Result = []
    for k in r.threshold:
        c = agr.clauses.get(k)
        if c is None or not c.present:
            out.append(("fail", k, f"组建协议缺少{k}条款", k, None, agr.source.path))
        elif not c.filled:
            out.append(("fail", k, f"组建协议{k}条款无实质内容", k, None, agr.source.path))
        else:
            out.append(
                (
                    "pass",
                    k,
                    f"组建协议含{k}条款（{c.heading or '按内容识别'}）",
                    c.heading,
                    None,
                    agr.source.path,
                )
            )
    return out


@check("all_members_signed")
def _signed(f: Facts, r: Rule) -> Result:
    agr = f.doc("agreement")
    if agr is None:
        return [("unknown", None, "未收到组建协议", None, None, None)]
    missing = [x for x in agr.flags if x.code == "SIGNATURE_MISSING"]
    if not agr.signatories:
        return [("fail", 0, "组建协议中未找到成员单位签章", None, None, agr.source.path)]
    if missing:
        return [
            (
                "fail",
                len(missing),
                f"{len(missing)}家成员单位未签章：" + "、".join(x.unit or "" for x in missing),
                "、".join(x.unit or "" for x in missing),
                None,
                agr.source.path,
            )
        ]
    return [
        (
            "pass",
            len(agr.signatories),
            f"{len(agr.signatories)}家成员单位已签章",
            "、".join(agr.signatories),
            None,
            agr.source.path,
        )
    ]


@check("documents_present")
def _docs(f: Facts, r: Rule) -> Result:
    have = {d.doc_type for d in f.docs}
    names = {"application": "组建申请表", "agreement": "组建协议", "plan": "建设/实施/组建方案"}
    out: Result = []
    for t in r.threshold:
        ok = t in have
        out.append(
            (
                "pass" if ok else "fail",
                t,
                f"{names.get(t, t)}" + ("已提交" if ok else "未提交"),
                names.get(t, t),
                None,
                None,
            )
        )
    return out


# flags these checks would only repeat: the document already carries them
DOCUMENT_LEVEL = {"agreement_clauses", "all_members_signed"}


def evaluate(sub: SubmissionRecord, docs: list[DocumentRecord]) -> tuple[Pack | None, list[Verdict]]:
    if sub.jurisdiction == "unknown" or any(d.doc_type == "legacy_alliance" for d in docs):
        return None, []
    facts = gather(sub, docs)
    pack = pack_for(sub.jurisdiction, facts.filing_date)
    if pack is None:
        return None, []
    verdicts: list[Verdict] = []
    for r in pack.rules:
        fn = CHECKS[r.check]
        for status, value, msg, ev, unit, doc in fn(facts, r):
            verdicts.append(
                Verdict(
                    rule=r.id,
                    check=r.check,
                    status=status,
                    value=value,
                    message=msg,
                    citation=r.citation(pack),
                    evidence=ev,
                    unit=unit,
                    document=doc,
                    severity=r.severity,
                    flag=r.flag if status == "fail" else None,
                )
            )
    return pack, verdicts


def check_rules(sub: SubmissionRecord, docs: list[DocumentRecord]) -> list[Flag]:
    """Flags for the rules a submission breaks (document-level ones are left to the documents)."""
    pack, verdicts = evaluate(sub, docs)
    flags: list[Flag] = []
    for v in verdicts:
        if v.status != "fail" or v.check in DOCUMENT_LEVEL:
            continue
        flags.append(
            Flag(
                code=v.flag or "RULE_FAILED",
                severity=v.severity,  # type: ignore[arg-type]
                message=f"{v.message}（{v.citation}）",
                consortium=sub.consortium_name,
                unit=v.unit,
                document=v.document,
                evidence=None if v.evidence is None else str(v.evidence),
            )
        )
    sub.extra["rule_pack"] = f"{pack.jurisdiction}-{pack.version}" if pack else None
    sub.extra["checklist"] = [v.as_dict() for v in verdicts]
    return flags
