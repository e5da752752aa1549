"""Checks on one document's credit codes (统一社会信用代码): each is valid under GB 32100-2015, and
every member row has one. A code on paper but not read whole is a line for a person, not a
missing code."""

from __future__ import annotations

import re

from extractors import uscc
from extractors.fields.cut_names import CUT_NAME
from extractors.text import key
from models.record import DocumentRecord
from pipeline.rules.base import Finding, NoParams, check
from pipeline.rules.checks.common import scanned
from pipeline.rules.text import DocText

MEMBER_DOCS = ("application", "agreement", "supplementary_agreement", "plan", "legacy_alliance")
# the documents a jurisdiction's forms and templates govern (a legacy alliance's record is not one)
FORM_DOCS = ("application", "agreement", "supplementary_agreement", "plan")


@check("credit_codes_valid", "document", doc_types=MEMBER_DOCS, title="统一社会信用代码校验")
def credit_codes_valid(doc: DocumentRecord, p: NoParams, rule, pack) -> list[Finding]:
    out: list[Finding] = []
    text = DocText.of(doc)
    wrong_length: dict[str, str] = doc.extra.get("codes_of_wrong_length") or {}
    checked = 0
    for m in doc.members:
        code = m.credit_code or wrong_length.get(m.name)
        if not code:
            continue
        checked += 1
        why = uscc.why_invalid(code)
        if not why:
            continue
        loc = text.locate(code) or text.locate(m.name)
        msg = f"统一社会信用代码 {code} 不符合 GB 32100-2015：{why}"
        fix = uscc.propose_fix(code) if m.credit_code else None
        if len(uscc.compact(code)) < 18 and CUT_NAME.search(m.name):
            # the name stops inside its suffix too: the row was cut (a narrow cell, a wrap)
            out.append(
                Finding(
                    "unknown",
                    msg + "；单位名称也不完整，代码与名称可能因单元格过窄或换行未读全，请核对原件",
                    value=code,
                    evidence=code,
                    unit=m.name,
                    location=loc,
                    warn=True,
                    look_at=f"原件上“{m.name}”一行的名称与统一社会信用代码",
                )
            )
        elif fix:
            out.append(
                Finding(
                    "unknown",
                    msg + f"；若为识别错误，可能应为 {fix}（未自动更正，请核对原件）",
                    value={"code": code, "proposed": fix},
                    evidence=code,
                    unit=m.name,
                    location=loc,
                    warn=True,
                    look_at=f"原件上“{m.name}”的统一社会信用代码",
                )
            )
        else:
            out.append(Finding("fail", msg, value=code, evidence=code, unit=m.name, location=loc))
    if not out and checked:
        out.append(Finding("pass", f"{checked}个统一社会信用代码均符合 GB 32100-2015", value=checked))
    return out  # nothing for a document that lists no code


@check("credit_codes_present", "document", doc_types=FORM_DOCS, title="成员单位统一社会信用代码已填写")
def credit_codes_present(doc: DocumentRecord, p: NoParams, rule, pack) -> list[Finding]:
    """A member row without a code is a missing code only when the code is nowhere near its
    name; a code read in part, glued to the name or standing apart is there on paper: an open
    checklist line saying where to look, not a "missing" flag."""
    if not doc.extra.get("codes_expected") or not doc.members:
        return []  # no member list asking for codes in this document
    text = DocText.of(doc)
    wrong_length: dict[str, str] = doc.extra.get("codes_of_wrong_length") or {}
    claimed = {key(m.credit_code) for m in doc.members if m.credit_code}
    out: list[Finding] = []
    for m in doc.members:
        if m.credit_code or m.name in wrong_length:
            continue
        if re.search(r"[0-9A-Z]{4,}$", key(m.name)):  # a code's fragment stuck to the name
            out.append(
                Finding(
                    "unknown",
                    f"成员单位“{m.name}”的名称后带有代码片段，统一社会信用代码可能未读全，请核对",
                    evidence=m.name,
                    unit=m.name,
                    location=text.locate(m.name),
                    look_at=f"“{m.name}”一行的统一社会信用代码",
                )
            )
            continue
        # every place the name is written (the cover names the lead too): a code's cell read in
        # part after any of them
        near = "".join(w for w, _ in text.windows(m.name, before=24, after=60))
        frag, at = next(
            (
                (f, loc)
                for w, loc in text.windows(m.name, before=0, after=24)
                if (f := re.match(r"[0-9A-Z]{4,17}(?![0-9A-Z])", w[len(key(m.name)) :]))
            ),
            (None, None),
        )
        if frag and scanned(doc):  # the code's cell read in part (OCR): not empty, not read
            out.append(
                Finding(
                    "unknown",
                    f"成员单位“{m.name}”的统一社会信用代码只识别出“{frag.group(0)}”，请核对原件",
                    value=frag.group(0),
                    evidence=m.name,
                    unit=m.name,
                    location=at,
                    look_at=f"原件上“{m.name}”的统一社会信用代码",
                )
            )
            continue
        stray = [c for c in uscc.find_codes(near) if c not in claimed and uscc.is_valid(c)]
        if stray:
            out.append(
                Finding(
                    "unknown",
                    f"成员单位“{m.name}”的统一社会信用代码未读出，名称旁有代码 {stray[0]}，请核对",
                    value=stray[0],
                    evidence=m.name,
                    unit=m.name,
                    location=text.locate(m.name),
                    look_at=f"“{m.name}”一行的统一社会信用代码",
                )
            )
            continue
        out.append(
            Finding(
                "fail",
                f"成员单位“{m.name}”未填写统一社会信用代码（申请表/协议要求填写名称及统一社会信用代码）",
                evidence=m.name,
                unit=m.name,
                location=text.locate(m.name),
            )
        )
    if not out:
        out.append(
            Finding("pass", f"{len(doc.members)}家成员单位均填写了统一社会信用代码", value=len(doc.members))
        )
    return out
