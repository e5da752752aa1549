"""Checks on the agreement's clauses: each one the pack names is there, and has more than a
heading. A clause without its heading is looked for in the whole text before it is missing."""

from __future__ import annotations

import re

from pydantic import Field

from extractors.text import cjk_count, key
from models.record import DocumentRecord
from pipeline.rules.base import Finding, Location, Params, check
from pipeline.rules.checks.common import HEADING_ROW, scanned
from pipeline.rules.text import DocText


class ClauseParams(Params):
    clauses: list[str] = Field(min_length=1)  # keys of the pack's agreement_template


class FilledParams(ClauseParams):
    min_chars: int = Field(default=20, ge=1)  # CJK characters of body that make a clause more than a heading


@check("clauses_present", "document", ClauseParams, doc_types=("agreement",), title="组建协议条款齐全")
def clauses_present(doc: DocumentRecord, p: ClauseParams, rule, pack) -> list[Finding]:
    text = DocText.of(doc)
    tpl = pack.agreement_template
    out: list[Finding] = []
    for k in p.clauses:
        c = doc.clauses.get(k)
        name = pack.clause_name(k)
        if c is not None and c.present:
            out.append(
                Finding(
                    "pass",
                    f"组建协议含“{name}”条款（{c.heading or '按内容识别'}）",
                    value=k,
                    evidence=c.heading,
                    location=text.locate(c.heading),
                )
            )
            continue
        if k == "signatures" and doc.signatories:
            out.append(
                Finding("pass", f"组建协议有签章处（{len(doc.signatories)}家单位）", value=k, evidence=k)
            )
            continue
        terms = tpl.clauses[k].terms if tpl else []
        hit = text.find_any(terms) if terms else None
        if hit is not None:
            out.append(
                Finding(
                    "unknown",
                    f"未识别出“{name}”条款的标题，但协议文中写有相关内容（{hit.location.describe()}），请核对是否构成该条款",
                    value=k,
                    evidence=k,
                    location=hit.location,
                    look_at=hit.location.describe(),
                )
            )
            continue
        fuzzy = (
            next((h for t in terms if (h := text.find(t, fuzzy=True)) is not None), None)
            if scanned(doc)
            else None
        )
        if fuzzy is not None:
            out.append(
                Finding(
                    "unknown",
                    f"未识别出“{name}”条款；识别文字中疑似有相关内容（{fuzzy.location.describe()}），请核对原件",
                    value=k,
                    evidence=k,
                    location=fuzzy.location,
                    warn=True,
                    look_at=fuzzy.location.describe(),
                )
            )
            continue
        out.append(Finding("fail", f"组建协议缺少“{name}”条款", value=k, evidence=k))
    return out


@check("clauses_filled", "document", FilledParams, doc_types=("agreement",), title="组建协议条款有实质内容")
def clauses_filled(doc: DocumentRecord, p: FilledParams, rule, pack) -> list[Finding]:
    text = DocText.of(doc)
    out: list[Finding] = []
    for k in p.clauses:
        c = doc.clauses.get(k)
        name = pack.clause_name(k)
        if c is None or not c.present:
            continue  # a missing clause is the clauses_present rule's finding
        if c.filled:
            out.append(Finding("pass", f"“{c.heading or name}”条款有实质内容", value=k, evidence=c.heading))
            continue
        if k == "signatures" and doc.signatories:  # the seal block is this clause's body
            out.append(
                Finding("pass", f"签章处列有{len(doc.signatories)}家单位", value=k, evidence=c.heading)
            )
            continue
        others = [key(x.heading) for k2, x in doc.clauses.items() if k2 != k and x.heading]
        ends = [HEADING_ROW.pattern] + [re.escape(h) for h in others if h]
        if k != "signatures":  # a signature page heading ends any other clause
            ends.append(r"^.{0,10}(?:签章|签字|盖章|签署)页?$")
        stop = re.compile("|".join(ends))
        where, body = text.following(c.heading, stop) if c.heading else (None, "")
        n = cjk_count(body)
        look: tuple[Location, str] | None = None
        if where is not None and n >= p.min_chars:
            look = (where, f"“{c.heading}”标题后有约{n}字内容，请核对是否有实质内容")
        elif (elsewhere := _said_elsewhere(text, pack, k, c.heading, p.min_chars)) is not None:
            # verified against the whole text: the clause's words in a body elsewhere (a scan's
            # page read out of order, the body set before its heading) are for a person to weigh
            look = (
                elsewhere,
                f"“{c.heading or name}”标题后没有正文，但协议另处写有相关内容（{elsewhere.describe()}），请核对",
            )
        if look is not None:
            at, message = look
            out.append(Finding("unknown", message, value=k, evidence=k, location=at, look_at=at.describe()))
            continue
        out.append(
            Finding(
                "fail",
                f"组建协议“{c.heading or name}”条款只有标题，没有实质内容",
                value=k,
                evidence=k,
                location=where,
            )
        )
    if not out:
        out.append(Finding("n/a", "无可核对的条款（缺少的条款见条款齐全项）"))
    return out


def _said_elsewhere(text: DocText, pack, k: str, heading: str | None, min_chars: int) -> Location | None:
    """Where a body of some length elsewhere in the text carries the clause's words."""
    tpl = pack.agreement_template
    terms = [key(t) for t in (tpl.clauses[k].terms if tpl and k in tpl.clauses else [])]
    heading_key = key(heading or "")
    for r, rk in zip(text.rows, text.keys):
        if rk != heading_key and cjk_count(r.text) >= min_chars and any(t and t in rk for t in terms):
            return text.loc(r)
    return None
