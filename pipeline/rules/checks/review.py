"""Checklist rows for what the paperwork can show but not settle: each gives the value read and
where it stands, for a person to judge (待人工确认), or passes where the documents agree. None of
them raises a flag of its own."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import Field, model_validator

from pipeline.rules.base import Finding, NoParams, Params, check
from pipeline.rules.facts import Facts
from pipeline.rules.text import DocText

DocType = Literal["application", "agreement", "plan", "supplementary_agreement"]
TIER_NAMES = {
    "lead": "牵头",
    "core": "核心层",
    "close": "紧密合作层",
    "general": "一般协作层",
    "unspecified": "未注明层级",
}


class Item(Params):
    name: str
    terms: list[str] = Field(min_length=1)


class MentionParams(Params):
    documents: list[DocType] = Field(min_length=1)
    items: list[Item] = Field(min_length=1)


@check("text_mentions", "submission", MentionParams, title="材料写明")
def text_mentions(f: Facts, p: MentionParams, rule, pack) -> list[Finding]:
    """Each item (an organ, a plan section, a system) located where the documents write it."""
    docs = [d for d in f.docs if d.doc_type in p.documents]
    names = "、".join(
        {"application": "申请表", "agreement": "组建协议", "plan": "方案"}.get(t, t) for t in p.documents
    )
    if not docs:
        return [Finding("unknown", f"未收到{names}", look_at=names)]
    texts = [DocText.of(d) for d in docs]
    out: list[Finding] = []
    for it in p.items:
        hit = next((h for t in texts if (h := t.find_any(it.terms)) is not None), None)
        if hit:
            out.append(
                Finding(
                    "unknown",
                    f"“{it.name}”见于{hit.location.describe()}，请核对其内容",
                    value=it.name,
                    evidence=hit.location.text,
                    document=hit.location.document,
                    location=hit.location,
                    look_at=hit.location.describe(),
                )
            )
        else:
            out.append(
                Finding(
                    "unknown",
                    f"{names}中未见“{it.name}”（{'、'.join(it.terms)}），请核对",
                    value=it.name,
                    look_at=f"{names}中的“{it.name}”",
                )
            )
    return out


class HighTechParams(Params):
    share: float = Field(gt=0, le=1)


@check("high_tech_share", "submission", HighTechParams, title="高新技术企业比例")
def high_tech_share(f: Facts, p: HighTechParams, rule, pack) -> list[Finding]:
    if not f.members:
        return [Finding("unknown", "未读到成员单位名单", look_at="成员单位名单")]
    n = len(f.members)
    marked = [m.name for m in f.members if m.note and re.search(r"高新技术企业|高新企业", m.note)]
    texts = [DocText.of(d) for d in f.docs if d.doc_type in ("application", "plan")]
    loc = next((h.location for t in texts if (h := t.find("高新技术企业", fuzzy=False))), None)
    share = len(marked) / n
    return [
        Finding(
            "unknown",
            f"成员单位说明中注明为高新技术企业的{len(marked)}家，占{n}家的{share:.0%}（要求不低于{p.share:.0%}）；"
            "高新技术企业资格须核对证书",
            value=round(share, 3),
            evidence="、".join(marked) or None,
            location=loc,
            look_at="成员单位的高新技术企业证书",
        )
    ]


class TierParams(Params):
    tiers: list[Literal["core", "close", "general"]] = Field(min_length=1)


@check("member_tiers", "submission", TierParams, title="成员单位分层")
def member_tiers(f: Facts, p: TierParams, rule, pack) -> list[Finding]:
    if not f.members:
        return [Finding("unknown", "未读到成员单位名单", look_at="成员单位名单")]
    counts: dict[str, int] = {}
    for m in f.members:
        counts[m.tier] = counts.get(m.tier, 0) + 1
    desc = "、".join(f"{TIER_NAMES[t]}{n}家" for t, n in counts.items())
    loose = [m.name for m in f.members if m.tier == "unspecified"]
    if loose:
        return [
            Finding(
                "unknown",
                f"{desc}；{len(loose)}家未注明所属层级，请核对",
                value=counts,
                evidence="、".join(loose[:10]),
                look_at="协议参与单位条款中的分层",
            )
        ]
    return [Finding("pass", f"成员单位均注明层级：{desc}", value=counts, evidence=desc)]


class TermParams(Params):
    min_years: int = Field(ge=1)
    max_years: int = Field(ge=1)
    documents: list[DocType] = Field(min_length=1)

    @model_validator(mode="after")
    def _ordered(self) -> TermParams:
        if self.min_years > self.max_years:
            raise ValueError("min_years is greater than max_years")
        return self


_CN = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_TERM = re.compile(
    r"(?:组建期|建设期|有效期|合作期限?|期限|存续期|周期)[^。；]{0,10}?([一二两三四五六七八九十\d]{1,2})年"
)
_SPAN = re.compile(r"((?:19|20)\d\d)年?[—\-–~至到]+((?:19|20)\d\d)年")


@check("term_stated", "submission", TermParams, title="组建期限")
def term_stated(f: Facts, p: TermParams, rule, pack) -> list[Finding]:
    docs = [d for d in f.docs if d.doc_type in p.documents]
    for d in docs:
        text = DocText.of(d)
        for r, t in zip(text.rows, text.keys):
            years = None
            m = _TERM.search(t)
            if m:
                v = m.group(1)
                years = int(v) if v.isdigit() else _CN.get(v)
            else:
                s = _SPAN.search(t)
                if s:
                    years = int(s.group(2)) - int(s.group(1)) + 1
            if years:
                ok = p.min_years <= years <= p.max_years
                want = f"{p.min_years}年" if p.min_years == p.max_years else f"{p.min_years}—{p.max_years}年"
                return [
                    Finding(
                        "pass" if ok else "unknown",
                        f"材料写明期限{years}年（要求{want}）" + ("" if ok else "，请核对"),
                        value=years,
                        evidence=r.text.strip()[:80],
                        document=d.source.path,
                        location=text.loc(r),
                        look_at=None if ok else text.loc(r).describe(),
                    )
                ]
    return [Finding("unknown", "材料中未见组建期限", look_at="协议或方案中的组建（建设）期限")]


class FilingsParams(Params):
    max: int = Field(ge=1)


_RECOMMENDER = re.compile(r"推荐单位(?:名称)?[:：]([\u4e00-\u9fff（）]{4,30}?)(?:（公章）|（盖章）|$)")


@check("recommender_filings", "submission", FilingsParams, title="推荐单位推荐数量")
def recommender_filings(f: Facts, p: FilingsParams, rule, pack) -> list[Finding]:
    for d in f.docs:
        text = DocText.of(d)
        for r, t in zip(text.rows, text.keys):
            m = _RECOMMENDER.search(t)
            if m:
                return [
                    Finding(
                        "unknown",
                        f"推荐单位：{m.group(1)}；每个推荐单位每次推荐不超过{p.max}家，须对照同批次推荐名单核对",
                        value=m.group(1),
                        evidence=m.group(1),
                        document=d.source.path,
                        location=text.loc(r),
                        look_at="同批次推荐名单",
                    )
                ]
    return [
        Finding(
            "unknown",
            f"材料中未读到推荐单位；每个推荐单位每次推荐不超过{p.max}家，须对照推荐名单核对",
            look_at="推荐函和同批次推荐名单",
        )
    ]


@check("platform_counts_match", "submission", NoParams, title="填报平台数量与平台表一致")
def platform_counts_match(f: Facts, p: NoParams, rule, pack) -> list[Finding]:
    app = f.doc("application")
    if app is None:
        return [Finding("unknown", "未收到申请表", look_at="申请表")]
    text = DocText.of(app)
    out: list[Finding] = []
    for level, label in (("national", "国家级"), ("provincial", "省级（自治区级）")):
        declared = getattr(app.platform_counts, level)
        rows = sum(1 for pl in app.platforms if pl.level == level)
        loc = text.locate(label[:3] if level == "national" else "省级") or text.locate("平台数量")
        if declared is None:
            out.append(
                Finding(
                    "unknown",
                    f"申请表未读到填报的{label}平台数量",
                    value=None,
                    document=app.source.path,
                    look_at=f"申请表{label}平台数量栏",
                )
            )
        elif declared == rows:
            out.append(
                Finding(
                    "pass",
                    f"填报{label}平台{declared}个，与平台表一致",
                    value=declared,
                    evidence=str(declared),
                    document=app.source.path,
                    location=loc,
                )
            )
        else:
            out.append(
                Finding(
                    "unknown",
                    f"填报{label}平台{declared}个，平台表列出{rows}个（填报数含全体成员单位的平台，平台表可能只列主要平台），请核对",
                    value={"declared": declared, "rows": rows},
                    evidence=str(declared),
                    document=app.source.path,
                    location=loc,
                    look_at="申请表平台数量栏与平台表",
                )
            )
    return out


@check("effective_dates_agree", "submission", NoParams, title="协议生效时间一致")
def effective_dates_agree(f: Facts, p: NoParams, rule, pack) -> list[Finding]:
    app, agr = f.doc("application"), f.doc("agreement")
    a = app.agreement_effective_date if app else None
    g = agr.agreement_effective_date if agr else None
    if not a or not g:
        missing = "申请表的“联合体协议生效时间”" if not a else "组建协议写明的生效时间"
        return [
            Finding(
                "unknown",
                f"未读到{missing}，无法核对",
                value={"application": a, "agreement": g},
                look_at=missing,
            )
        ]
    loc = DocText.of(agr).locate("生效") if agr else None
    if a == g:
        return [Finding("pass", f"申请表与协议的生效时间均为{a}", value=a, evidence=a, location=loc)]
    return [
        Finding(
            "unknown",
            f"申请表填写协议生效时间{a}，协议写明{g}，请核对",
            value={"application": a, "agreement": g},
            evidence=f"{a} / {g}",
            document=agr.source.path if agr else None,
            location=loc,
            look_at="协议的生效条款",
        )
    ]
