"""A submission's checklist: the rule pack's verdicts on the documents as corrected, the
documents' own flags, and the cross-consortium flags that name the consortium or its units, each
an `Item` a reviewer confirms or overrules, grouped as the policy groups them (one group per rule,
so an agreement's clauses are one row with a line per clause and one citation; flags by code).

`build` gives the items without locating their evidence on the pages (what a decision needs);
the page (view.py) locates only the items it shows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from extractors.text import key
from models.record import DocumentRecord, Flag, SubmissionRecord
from models.tables import Consortium, Document, FlagRow, Membership, Submission
from models.vocab import Action, Decision, FlagCode, Severity, Verdict, label
from pipeline.batch import assemble
from pipeline.flagrows import flag_fingerprint
from pipeline.review import fields
from pipeline.review.base import NotFound
from pipeline.review.events import CorrectionTarget, Event, latest, of_submission
from pipeline.review.seals import SEAL_CODES, seal_rows

FAILING = {Verdict.FAIL.value, Severity.ERROR.value}
OPEN = {Verdict.FAIL.value, Verdict.UNKNOWN.value, Severity.ERROR.value, Severity.WARNING.value}


@dataclass
class Item:
    key: str
    kind: str  # rule / flag / cross
    group: str  # the key of its group
    title: str  # the rule's text, or the flag's label
    code: str  # the rule's id or the flag's code (small print)
    status: str  # machine verdict: pass / fail / unknown / n/a, or a flag's severity
    message: str
    citation: str | None = None
    value: Any = None
    evidence: str | None = None
    unit: str | None = None
    document: str | None = None  # the document's sha256
    document_name: str | None = None
    location: list[Any] | None = None  # [page, x0, y0, x1, y1, text] of the evidence
    severity: str | None = None
    line: str | None = None  # what this line of its group is about (a clause, a document type)
    decision: dict[str, Any] | None = None
    others: list[dict[str, Any]] = field(default_factory=list)  # other consortia involved
    doc_path: str | None = None
    # the seal rows and flags: per unit its seal (crop) and verdict, or why seals are left to a
    # person (Word, born-digital PDF, grey scan)
    seals: list[dict[str, Any]] = field(default_factory=list)
    seal_note: str | None = None

    @property
    def needs_human(self) -> bool:
        return self.decision is None and self.status in OPEN

    @property
    def blocks_approval(self) -> bool:
        """A failing verdict stands unless a reviewer overruled it: confirming it is not resolving it."""
        return self.status in FAILING and (self.decision or {}).get("verdict") != Decision.OVERRULED


@dataclass
class Group:
    key: str
    kind: str
    title: str
    code: str
    citation: str | None
    items: list[Item] = field(default_factory=list)
    shown: list[Item] = field(default_factory=list)  # the items on this page (long groups fold)

    @property
    def hidden(self) -> int:
        return len(self.items) - len(self.shown)

    @property
    def open_items(self) -> int:
        return sum(1 for it in self.items if it.needs_human)


@dataclass
class Checklist:
    sub: Submission
    cons: Consortium
    record: SubmissionRecord  # as corrected
    rule_pack: str | None
    documents: list[dict[str, Any]]  # sha, name, path, doc_type, media_type, pages, record, machine
    items: list[Item]
    groups: list[Group]
    events: list[Event]
    corrections: dict[str, dict[str, Any]]  # sha → path → value
    header: dict[str, Any] = field(default_factory=dict)  # the rules applied and their validity


def _rule_texts(pack_name: str | None) -> dict[str, str]:
    from pipeline.rules import all_packs

    for p in all_packs():
        if f"{p.jurisdiction}-{p.version}" == pack_name:
            return {r.id: r.text for r in p.rules}
    return {}


def _item_keys(verdicts: list[dict[str, Any]]) -> list[str]:
    seen: dict[str, int] = {}
    keys = []
    for v in verdicts:
        k = str(v["rule"])
        if v.get("unit"):
            k += "|" + str(v["unit"])
        elif isinstance(v.get("value"), str) and 0 < len(v["value"]) <= 60:
            k += "|" + v["value"]
        n = seen.get(k, 0)
        seen[k] = n + 1
        keys.append(k if n == 0 else f"{k}#{n}")
    return keys


def _line(v: dict[str, Any]) -> str | None:
    """What one verdict of a many-line rule is about, in words."""
    val = v.get("value")
    if isinstance(val, str):
        for kind in ("clause", "doc_type"):
            t = label(kind, val)
            if t not in ("—", "未登记的代码"):
                return t
    return v.get("unit")


def _flag_item(kind: str, f: Flag, fp: str | None = None) -> Item:
    return Item(
        key=f"{kind}:{fp or flag_fingerprint(f)}",
        kind=kind,
        group=f"{kind}:{f.code}",
        title=label("flag", f.code),
        code=f.code,
        status=f.severity,
        message=f.message,
        evidence=f.evidence,
        unit=f.unit,
        severity=f.severity,
        doc_path=f.document,
    )


def load_documents(
    s: Session, record: SubmissionRecord, corrections: dict[str, dict[str, Any]]
) -> tuple[list[DocumentRecord], list[dict[str, Any]]]:
    rows = {d.sha256: d for d in s.scalars(select(Document).where(Document.sha256.in_(record.documents)))}
    docs: list[DocumentRecord] = []
    documents: list[dict[str, Any]] = []
    for sha in record.documents:
        row = rows.get(sha)
        if row is None:
            continue
        rec = fields.apply(row.record, corrections.get(sha, {}))
        docs.append(rec)
        documents.append(
            {
                "sha": sha,
                "name": rec.source.path.replace("\\", "/").rsplit("/", 1)[-1],
                "path": rec.source.path,
                "doc_type": rec.doc_type,
                "media_type": rec.source.media_type,
                "pages": rec.source.pages,
                "record": rec,
                "machine": row.record,
            }
        )
    return docs, documents


def corrections_of(events: list[Event]) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for (action, target), e in latest(events).items():
        if action == Action.CORRECTION:
            t = CorrectionTarget.decode(target)
            out.setdefault(t.document, {})[t.path] = e.value.get("value")
    return out


def build(s: Session, submission_id: int) -> Checklist:
    """Every item of the submission's checklist with the reviewers' latest decisions (evidence
    not yet located)."""
    from pipeline.exclusions import facts_in
    from pipeline.submission import check_submission

    sub = s.get(Submission, submission_id)
    if sub is None:
        raise NotFound(f"没有提交 {submission_id}")
    cons = s.get(Consortium, sub.consortium_id)
    assert cons is not None
    record = SubmissionRecord.model_validate(sub.record)
    events = of_submission(s, sub.id)
    corrections = corrections_of(events)
    docs, documents = load_documents(s, record, corrections)
    corrected = assemble(record.id, docs) if docs else record
    corrected.id = record.id
    cross = _cross_items(s, sub, cons)
    cross_flags = [
        Flag(code=it.code, severity=it.severity, message=it.message, unit=it.unit, evidence=it.evidence)  # type: ignore[arg-type]
        for it in cross
    ]
    # the checks again, on the documents as corrected (each document's flags re-applied with them)
    sub_flags = check_submission(corrected, docs, facts_in(s, cross_flags)) if docs else []
    pack_name = corrected.extra.get("rule_pack") if docs else None
    verdicts: list[dict[str, Any]] = corrected.extra.get("checklist") or [] if docs else []
    texts = _rule_texts(pack_name)
    items: list[Item] = []
    for k, v in zip(_item_keys(verdicts), verdicts):
        rule = str(v["rule"])
        at = v.get("location") or {}
        items.append(
            Item(
                key="rule:" + k,
                kind="rule",
                group="rule:" + rule,
                title=texts.get(rule) or label("flag", v.get("flag")),
                code=rule,
                status=str(v["status"]),
                message=str(v.get("message") or ""),
                citation=v.get("citation"),
                value=v.get("value"),
                evidence=None if v.get("evidence") is None else str(v.get("evidence")),
                unit=v.get("unit"),
                severity=v.get("severity"),
                line=_line(v),
                doc_path=v.get("document"),
                # where the rule found its evidence, when it says so
                location=[at["page"], *at["box"], at.get("text") or ""]
                if at.get("page") and at.get("box")
                else None,
            )
        )
    for it, v in zip(items, verdicts):
        if v.get("check") == "seals_present":
            it.seals, it.seal_note = seal_rows(documents)
    for d in docs:
        for f in d.flags:
            items.append(it := _flag_item("flag", f))
            if f.code in SEAL_CODES:
                rows, _ = seal_rows([x for x in documents if x["path"] == f.document])
                it.seals = [r for r in rows if r["unit"] == f.unit]
    # rule failures are the rule items above; DOC_MISMATCH has no rule
    items += [_flag_item("flag", f) for f in sub_flags if f.code == "DOC_MISMATCH"]
    items += cross
    last = latest(events)
    for it in items:
        dec = last.get((Action.DECISION.value, it.key))
        if dec is not None:
            it.decision = {**dec.value, "comment": dec.comment, "username": dec.username, "at": dec.at}
    return Checklist(
        sub=sub,
        cons=cons,
        record=corrected,
        rule_pack=pack_name,
        documents=documents,
        items=items,
        groups=_groups(items),
        events=events,
        corrections=corrections,
        header=corrected.extra.get("checklist_header") or {} if docs else {},
    )


def _cross_items(s: Session, sub: Submission, cons: Consortium) -> list[Item]:
    """Cross-consortium flags that name this consortium or one of its units."""
    names = list(
        s.scalars(select(Membership.name_as_written).where(Membership.submission_id == sub.id).distinct())
    )
    unit_keys = {key(n) for n in names}
    out = []
    rows: dict[str, FlagRow] = {}
    base = select(FlagRow).where(FlagRow.scope == "cross", FlagRow.status == "open")
    for r in s.scalars(base.where(FlagRow.consortium == cons.name)):
        rows[r.fingerprint] = r
    for i in range(0, len(names), 500):
        for r in s.scalars(base.where(FlagRow.unit.in_(names[i : i + 500]))):
            rows[r.fingerprint] = r
    for r in sorted(rows.values(), key=lambda r: r.id):
        if r.consortium != cons.name and key(r.unit or "") not in unit_keys:
            continue
        f = Flag(
            code=r.code,
            severity=r.severity,  # type: ignore[arg-type]  # stored from a Flag
            message=r.message,
            consortium=r.consortium,
            unit=r.unit,
            document=r.document,
            evidence=r.evidence,
        )
        out.append(_flag_item("cross", f, fp=r.fingerprint))
    return out


def _groups(items: list[Item]) -> list[Group]:
    groups: dict[str, Group] = {}
    for it in items:
        g = groups.get(it.group)
        if g is None:
            g = groups[it.group] = Group(
                key=it.group, kind=it.kind, title=it.title, code=it.code, citation=it.citation
            )
        g.items.append(it)
    return list(groups.values())


def known_flag_code(code: str) -> bool:
    try:
        FlagCode(code)
        return True
    except ValueError:
        return False
