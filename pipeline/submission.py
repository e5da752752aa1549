"""Checks across the documents of one submission, and the rule pack of its jurisdiction."""

from __future__ import annotations

from rapidfuzz import fuzz

from extractors.text import key
from models.record import DocumentRecord, Flag, SubmissionRecord


def _same(a: str, b: str) -> bool:
    ka, kb = key(a), key(b)
    return ka == kb or fuzz.ratio(ka, kb) >= 96


def _missing(src: list[str], dst: list[str]) -> list[str]:
    exact = {key(b) for b in dst}  # most names match exactly: no fuzzy pass over long lists for them
    return [a for a in src if key(a) not in exact and not any(_same(a, b) for b in dst)]


def doc_mismatch(sub: SubmissionRecord, docs: list[DocumentRecord]) -> list[Flag]:
    """DOC_MISMATCH where the application and the agreement disagree on the consortium's name,
    its lead unit(s) or its members."""
    app = next((d for d in docs if d.doc_type == "application"), None)
    agr = next((d for d in docs if d.doc_type == "agreement"), None)
    if app is None or agr is None:
        return []
    out: list[Flag] = []

    def flag(msg: str, evidence: str, unit: str | None = None) -> None:
        out.append(
            Flag(
                code="DOC_MISMATCH",
                severity="error",
                message=msg,
                consortium=sub.consortium_name,
                unit=unit,
                document=agr.source.path,
                evidence=evidence,
            )
        )

    if app.consortium_name and agr.consortium_name and not _same(app.consortium_name, agr.consortium_name):
        flag(
            "申请表与组建协议的联合体名称不一致",
            f"申请表：{app.consortium_name} / 协议：{agr.consortium_name}",
        )
    if (
        app.lead_units
        and agr.lead_units
        and (_missing(app.lead_units, agr.lead_units) or _missing(agr.lead_units, app.lead_units))
    ):
        flag(
            "申请表与组建协议的牵头单位不一致",
            f"申请表：{'、'.join(app.lead_units)} / 协议：{'、'.join(agr.lead_units)}",
        )
    if app.members and agr.members:
        a_names = [m.name for m in app.members]
        g_names = [m.name for m in agr.members]
        for n in _missing(a_names, g_names):
            flag(f"成员单位“{n}”列于申请表，但不在组建协议的成员中", f"申请表成员：{n}", n)
        for n in _missing(g_names, a_names):
            flag(f"成员单位“{n}”列于组建协议，但不在申请表的成员中", f"协议成员：{n}", n)
    return out


def check_submission(sub: SubmissionRecord, docs: list[DocumentRecord]) -> list[Flag]:
    from pipeline.rules.engine import check_rules

    return doc_mismatch(sub, docs) + check_rules(sub, docs)
