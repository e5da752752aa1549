"""Checks across the documents of one submission, and the rule pack of its jurisdiction."""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from extractors.text import key
from models.record import DocumentRecord, Flag, SubmissionRecord
from pipeline.rules.engine import evaluate, with_rule_flags
from pipeline.rules.facts import RegistryFacts
from pipeline.rules.text import DocText


def _same(a: str, b: str) -> bool:
    ka, kb = key(a), key(b)
    return ka == kb or fuzz.ratio(ka, kb) >= 96


def _missing(src: list[str], dst: list[str]) -> list[str]:
    exact = {key(b) for b in dst}  # most names match exactly: no fuzzy pass over long lists for them
    return [a for a in src if key(a) not in exact and not any(_same(a, b) for b in dst)]


def doc_mismatch(sub: SubmissionRecord, docs: list[DocumentRecord]) -> list[Flag]:
    """DOC_MISMATCH where the application and the agreement disagree on the consortium's name,
    its lead unit(s) or its members. Each difference is verified against the other document's
    whole text first: a name the other document writes anywhere is not missing from it; a name
    it writes only approximately (OCR) is a warning to look at, not an error."""
    app = next((d for d in docs if d.doc_type == "application"), None)
    agr = next((d for d in docs if d.doc_type == "agreement"), None)
    if app is None or agr is None:
        return []
    text = {"app": DocText.of(app), "agr": DocText.of(agr)}
    out: list[Flag] = []

    def flag(msg: str, evidence: str, unit: str | None = None, severity: str = "error") -> None:
        out.append(
            Flag(
                code="DOC_MISMATCH",
                severity=severity,  # type: ignore[arg-type]
                message=msg,
                consortium=sub.consortium_name,
                unit=unit,
                document=agr.source.path,
                evidence=evidence,
            )
        )

    def written(name: str, where: str) -> str:
        """exact / approximate / absent: how `name` stands in a document's whole text."""
        t = text[where]
        if t.empty:
            return "absent"
        hit = t.find(name)
        bare = re.sub(r"[0-9A-Z]{3,}$", "", key(name))  # a name read with its code glued on
        if hit is None and bare != key(name) and len(bare) >= 4:
            hit = t.find(bare)
        if hit is None:
            return "absent"
        return "exact" if hit.exact else "approximate"

    if app.consortium_name and agr.consortium_name and not _same(app.consortium_name, agr.consortium_name):
        # a name either document writes in the other's text is a reading difference, not a mismatch
        if written(app.consortium_name, "agr") == written(agr.consortium_name, "app") == "absent":
            flag(
                "申请表与组建协议的联合体名称不一致",
                f"申请表：{app.consortium_name} / 协议：{agr.consortium_name}",
            )
    if (
        app.lead_units
        and agr.lead_units
        and (_missing(app.lead_units, agr.lead_units) or _missing(agr.lead_units, app.lead_units))
    ):
        unwritten = [n for n in app.lead_units if written(n, "agr") == "absent"] + [
            n for n in agr.lead_units if written(n, "app") == "absent"
        ]
        if unwritten:
            flag(
                "申请表与组建协议的牵头单位不一致",
                f"申请表：{'、'.join(app.lead_units)} / 协议：{'、'.join(agr.lead_units)}",
            )
    if app.members and agr.members:
        a_names = [m.name for m in app.members]
        g_names = [m.name for m in agr.members]
        for names, other, here, there, label in (
            (_missing(a_names, g_names), "agr", "申请表", "组建协议", "申请表成员"),
            (_missing(g_names, a_names), "app", "组建协议", "申请表", "协议成员"),
        ):
            for n in names:
                how = written(n, other)
                if how == "exact":
                    continue  # written in the other document: not missing from it
                if how == "approximate":
                    flag(
                        f"成员单位“{n}”列于{here}；{there}的识别文字中只有近似的名称，请核对原件",
                        f"{label}：{n}",
                        n,
                        "warning",
                    )
                    continue
                flag(f"成员单位“{n}”列于{here}，但{there}中没有写到该单位", f"{label}：{n}", n)
    return out


def check_submission(
    sub: SubmissionRecord, docs: list[DocumentRecord], registry: RegistryFacts | None = None
) -> list[Flag]:
    """The submission's flags (its documents compared, its pack's submission rules). As the step
    that assembles a submission, it also keeps the checklist on the submission record
    (`extra.checklist`, `extra.checklist_header`, `extra.rule_pack`) and re-applies the
    document rules under the submission's pack, so each document carries its own flags as the
    submission's rules (jurisdiction and version) judge them."""
    cl = evaluate(sub, docs, registry)
    if cl.pack is not None:
        for d in docs:
            d.flags = with_rule_flags(d, cl.document_flags(d.source.path))
    sub.extra["rule_pack"] = cl.pack.id if cl.pack else None
    sub.extra["checklist_header"] = cl.header
    sub.extra["checklist"] = cl.as_dicts()
    return doc_mismatch(sub, docs) + cl.flags("submission")
