"""Checks on the application form: its 首席科学家 is named, its sections keep their word limits,
and its opinions (审核推荐意见) are dated and have a place for the seal (checklist rows)."""

from __future__ import annotations

import re

from pydantic import Field

from extractors.text import cjk_count, key
from models.record import DocumentRecord
from pipeline.rules.base import Finding, NoParams, Params, check
from pipeline.rules.checks.common import HEADING_ROW
from pipeline.rules.text import DocText

_CHIEF = re.compile(
    r"首席(?:科学家|专家)(?:（科学家）)?(?:姓名)?[:：]?([\u4e00-\u9fff·]{2,4}?)[（,，;；、/]?(?:职务|职称)"
)


_RESUME_HEAD = re.compile(r"首席(?:科学家|专家).{0,8}(?:简历|简介|基本情况)")
_RESUME_BODY = re.compile(r"(?:\d{4}年(?:出)?生|博士|硕士|教授|研究员|工程师|从事|主持|获)")


def _unnamed_resume(text: DocText):
    """Where the row under a 首席科学家 科研简历 heading holds a resume (not the next heading).

    A resume of some length with the marks of one (born, degree, title, 从事/主持) counts."""
    keys = text.keys
    for i, k in enumerate(keys):
        if len(k) <= 60 and _RESUME_HEAD.search(k) and i + 1 < len(keys):
            body = keys[i + 1]
            if len(body) >= 20 and len(_RESUME_BODY.findall(body)) >= 2:
                return text.loc(text.rows[i + 1])
    return None


@check(
    "chief_scientist_named",
    "document",
    NoParams,
    doc_types=("application",),
    title="推荐首席科学家（首席专家）",
)
def chief_scientist_named(doc: DocumentRecord, p: NoParams, rule, pack) -> list[Finding]:
    text = DocText.of(doc)
    cs = doc.chief_scientist
    if cs.name:
        title = f"（{cs.title}）" if cs.title else ""
        return [
            Finding(
                "pass",
                f"推荐首席科学家：{cs.name}{title}",
                value=cs.name,
                evidence=cs.name,
                location=text.locate(cs.name),
            )
        ]
    found = text.search(_CHIEF)
    if found and found[0].group(1) not in ("简历", "科研简", "职务", "职称"):
        # the form names one: not missing, though the field was not read
        name, where = found[0].group(1), found[1]
        return [
            Finding(
                "unknown",
                f"首席科学家栏写有“{name}”（字段未能读出），请核对",
                value=name,
                evidence=name,
                location=where,
                look_at=where.describe(),
            )
        ]
    resume = _unnamed_resume(text)
    if resume is not None:
        # the particulars are there, the name is not (or not read): for a person, not "missing"
        return [
            Finding(
                "unknown",
                "首席科学家科研简历已填写，但未读出姓名，请核对",
                evidence=resume.text,
                location=resume,
                look_at="申请表首席科学家科研简历一栏中的姓名",
            )
        ]
    return [
        Finding(
            "fail",
            "申请表未填写推荐首席科学家（首席专家）",
            location=text.locate("首席科学家") or text.locate("首席专家"),
        )
    ]


class LimitItem(Params):
    name: str
    max_chars: int = Field(ge=1)


class WordLimitParams(Params):
    sections: list[LimitItem] = Field(min_length=1)


@check("word_limit", "document", WordLimitParams, doc_types=("application",), title="栏目字数限制")
def word_limit(doc: DocumentRecord, p: WordLimitParams, rule, pack) -> list[Finding]:
    text = DocText.of(doc)
    out: list[Finding] = []
    for s in p.sections:
        where, body = text.following(s.name, HEADING_ROW)
        n = cjk_count(body)
        if where is None:
            out.append(Finding("unknown", f"未找到“{s.name}”栏", value=s.name, look_at=f"申请表“{s.name}”栏"))
        elif n == 0:
            out.append(
                Finding(
                    "unknown",
                    f"“{s.name}”栏未读到内容",
                    value=s.name,
                    location=where,
                    look_at=where.describe(),
                )
            )
        elif n <= s.max_chars:
            out.append(
                Finding(
                    "pass",
                    f"“{s.name}”约{n}字（限{s.max_chars}字）",
                    value=s.name,
                    evidence=str(n),
                    location=where,
                )
            )
        else:
            out.append(
                Finding(
                    "unknown",
                    f"“{s.name}”约{n}字，超过限{s.max_chars}字（按汉字计，请核对）",
                    value=s.name,
                    evidence=str(n),
                    location=where,
                    look_at=where.describe(),
                )
            )
    return out


class OpinionItem(Params):
    name: str
    terms: list[str] = Field(min_length=1)


class OpinionParams(Params):
    opinions: list[OpinionItem] = Field(min_length=1)


_DATE = re.compile(
    r"(?:\d{4}|[〇零一二三四五六七八九]{4})年[\d一二三四五六七八九十]{1,2}月[\d一二三四五六七八九十]{1,3}日"
)


@check("opinions_signed", "document", OpinionParams, doc_types=("application",), title="审核推荐意见")
def opinions_signed(doc: DocumentRecord, p: OpinionParams, rule, pack) -> list[Finding]:
    text = DocText.of(doc)
    out: list[Finding] = []
    others = [t for o in p.opinions for t in o.terms]
    stop = re.compile("|".join(re.escape(key(t)) for t in others) + r"|审核意见")
    for o in p.opinions:
        hit = text.find_any(o.terms)
        if hit is None:
            out.append(
                Finding("unknown", f"未见“{o.name}”栏", value=o.name, look_at=f"申请表末页“{o.name}”栏")
            )
            continue
        term = next(t for t in o.terms if text.find(t, fuzzy=False))
        where, body = text.following(term, stop, max_rows=8)
        date = _DATE.search(body)
        sealed = re.search(r"盖章|公章|签章|签字", body) is not None
        state = f"日期{date.group(0)}" if date else "未填日期"
        out.append(
            Finding(
                "unknown",
                f"“{o.name}”栏：{state}；{'有盖章处' if sealed else '未见盖章处'}，签字盖章须在原件上核对",
                value={"dated": bool(date), "date": date.group(0) if date else None},
                evidence=date.group(0) if date else None,
                location=where or hit.location,
                look_at=(where or hit.location).describe(),
            )
        )
    return out
