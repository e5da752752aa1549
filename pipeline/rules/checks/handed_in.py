"""Checks on the documents a submission hands in: each kind the pack requires is there."""

from __future__ import annotations

import re

from pipeline.rules.base import Finding, NoParams, check
from pipeline.rules.facts import Facts
from pipeline.rules.text import DocText

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
