"""Evaluating a rule pack: the reviewer's checklist (one row per finding of each rule, with its
verdict 符合 / 不符合 / 待人工确认 / 不适用, the value read, the evidence and where it stands, and
the citation) and the flags its rows raise. Nothing is written anywhere: `evaluate` returns the
checklist; the callers decide where its rows and flags go.

Document-scope rules judge each document of the submission (their flags belong to that
document); `document_flags` applies them to one document alone, right after extraction.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from models.record import DocumentRecord, Flag, SubmissionRecord
from pipeline.rules import DOC_NAMES, Pack, Rule, all_packs, pack_for
from pipeline.rules.base import VERDICTS, Finding, Row
from pipeline.rules.facts import Facts, RegistryFacts, gather

LEGACY = "legacy_alliance"


@dataclass
class Checklist:
    pack: Pack | None
    header: dict[str, Any]
    rows: list[Row] = field(default_factory=list)
    _flags: list[tuple[str, Flag]] = field(default_factory=list)  # (scope, flag)

    def flags(self, scope: str | None = None) -> list[Flag]:
        return [f for s, f in self._flags if scope is None or s == scope]

    def document_flags(self, path: str) -> list[Flag]:
        return [f for s, f in self._flags if s == "document" and f.document == path]

    def as_dicts(self) -> list[dict[str, Any]]:
        return [r.as_dict() for r in self.rows]


def header(pack: Pack | None, filing: dt.date | None) -> dict[str, Any]:
    """The checklist's header: the rules applied, and what they say of their own validity."""
    if pack is None:
        return {"rule_pack": None}
    lo, hi = pack.window()
    out: dict[str, Any] = {
        "rule_pack": pack.id,
        "document": pack.document,
        "filing_date": str(filing) if filing else None,
        "applies_to_filings": [str(lo) if lo else None, str(hi) if hi else None],
        "required_documents": [DOC_NAMES[t] for t in pack.required_documents],
    }
    v = pack.validity
    if v is not None:
        note = f"{pack.document}{v.article}：{v.text}"
        status = "unknown"
        if v.until is not None and filing is not None:
            status = "pass" if filing <= v.until else "fail"
            if status == "fail":
                note += f"；填报日期{filing}已超过有效期，请核对是否有新版本"
        elif v.years is not None and v.issued is not None and filing is not None:
            end = v.issued.replace(year=v.issued.year + v.years)
            status = "pass" if filing <= end else "fail"
            if status == "fail":
                note += f"；填报日期{filing}已超过有效期（{end}），请核对是否有新版本"
        elif v.years is not None and v.issued is None:
            note += "；印发日期未载于本文，请核对有效期"
        elif filing is None:
            note += "；未读到填报日期，请核对"
        out["validity"] = {"text": note, "status": status, "verdict": VERDICTS[status]}
    return out


def _row(rule: Rule, pack: Pack, f: Finding) -> Row:
    flag = None
    flag_sev = None
    if rule.flag and f.status == "fail":
        flag, flag_sev = rule.flag, rule.severity
    elif rule.flag and f.status == "unknown" and f.warn:
        flag, flag_sev = rule.flag, "warning"
    return Row(
        rule=rule.id,
        check=rule.check,
        scope=rule.spec.scope,
        title=rule.spec.title or rule.text,
        status=f.status,
        verdict=VERDICTS[f.status],
        value=f.value,
        message=f.message,
        citation=rule.citation(pack),
        evidence=None if f.evidence is None else str(f.evidence),
        unit=f.unit,
        document=f.document or (f.location.document if f.location else None),
        location=None
        if f.location is None
        else {
            "document": f.location.document,
            "page": f.location.page,
            "box": f.location.box,
            "text": f.location.text,
        },
        look_at=f.look_at,
        severity=rule.severity if rule.flag else None,
        flag=flag,
        flag_severity=flag_sev,
    )


def _flag(row: Row, consortium: str | None) -> Flag:
    assert row.flag and row.flag_severity
    return Flag(
        code=row.flag,
        severity=row.flag_severity,  # type: ignore[arg-type]
        message=f"{row.message}（{row.citation}）",
        consortium=consortium,
        unit=row.unit,
        document=row.document,
        evidence=row.evidence,
    )


def _document_rows(rule: Rule, pack: Pack, doc: DocumentRecord) -> list[Row]:
    rows = []
    for f in rule.spec.fn(doc, rule.params, rule, pack):
        f.document = doc.source.path
        rows.append(_row(rule, pack, f))
    return rows


def _absent(rule: Rule, pack: Pack) -> Row:
    """A document rule whose document type the submission lacks."""
    wanted = [t for t in rule.spec.doc_types if t in pack.required_documents]
    names = "、".join(DOC_NAMES.get(t, t) for t in (wanted or rule.spec.doc_types[:1]))
    if wanted:
        f = Finding("unknown", f"未收到{names}，无法核对", look_at=names)
    else:
        f = Finding("n/a", f"未提交{names}（本辖区不要求）")
    return _row(rule, pack, f)


def evaluate(
    sub: SubmissionRecord, docs: list[DocumentRecord], registry: RegistryFacts | None = None
) -> Checklist:
    """The checklist of a submission under the pack in force on its filing date. Legacy alliance
    records get only their documents' rules (credit codes), no submission rules."""
    facts: Facts = gather(sub, docs, registry)
    legacy = any(d.doc_type == LEGACY for d in docs)
    pack = pack_for(sub.jurisdiction, facts.filing_date) if sub.jurisdiction != "unknown" else None
    cl = Checklist(pack=pack, header=header(pack, facts.filing_date))
    if pack is None:
        return cl
    readable = [d for d in docs if d.doc_type not in ("unreadable", "unknown")]
    for rule in pack.rules:
        if rule.scope == "document":
            targets = [d for d in readable if d.doc_type in rule.spec.doc_types]
            if not targets:
                if not legacy:
                    cl.rows.append(_absent(rule, pack))
                continue
            rows = [(d, row) for d in targets for row in _document_rows(rule, pack, d)]
            for d, row in rows:
                cl.rows.append(row)
                if row.flag:
                    cl._flags.append(("document", _flag(row, d.consortium_name or sub.consortium_name)))
            if not rows:
                cl.rows.append(_row(rule, pack, Finding("n/a", "所交文件中没有本项可核对的内容")))
            continue
        if legacy:
            continue
        for f in rule.spec.fn(facts, rule.params, rule, pack):
            row = _row(rule, pack, f)
            cl.rows.append(row)
            if row.flag and rule.scope == "submission":  # cross flags are the registry's to raise
                cl._flags.append(("submission", _flag(row, sub.consortium_name)))
    return cl


def document_flags(rec: DocumentRecord, pack: Pack | None = None) -> list[Flag]:
    """The flags of one document under its jurisdiction's pack (in force on its own filing date
    unless a pack is given): the document-scope rules applied to it alone."""
    if pack is None:
        if rec.jurisdiction == "unknown":
            return []
        filing = None
        if rec.filing_date:
            try:
                filing = dt.date.fromisoformat(rec.filing_date)
            except ValueError:
                filing = None
        pack = pack_for(rec.jurisdiction, filing)
    if pack is None or rec.doc_type in ("unreadable", "unknown"):
        return []
    out: list[Flag] = []
    for rule in pack.rules_of("document"):
        if rec.doc_type in rule.spec.doc_types:
            out += [_flag(r, rec.consortium_name) for r in _document_rows(rule, pack, rec) if r.flag]
    return out


def rule_flag_codes() -> set[str]:
    """Codes raised by document-scope rules of any pack (to tell them from a reader's flags)."""
    return {r.flag for p in all_packs() for r in p.rules if r.flag and r.scope == "document"}


def with_rule_flags(rec: DocumentRecord, flags: list[Flag]) -> list[Flag]:
    """A document's flags with its rule flags replaced by `flags` (UNREADABLE and any other
    flag not raised by a rule are kept)."""
    codes = rule_flag_codes()
    return [f for f in rec.flags if f.code not in codes] + flags
