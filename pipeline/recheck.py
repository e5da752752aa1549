"""Every rule and cross-check again over the registry (after a rule pack, the cutover or the day
changes): which flags are new, resolved, unchanged.

Submissions are checked by the same `check_submission` a batch uses, one current submission at
a time (its documents read from the registry); the cross-consortium checks run whole, in SQL
(pipeline.crosscheck), after every consortium's expiry is worked out again from the packs.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

import settings
from models.record import DocumentRecord, SubmissionRecord
from models.tables import Document, FlagRow, Submission, utcnow
from pipeline import crosscheck
from pipeline.flagrows import flag_fingerprint
from pipeline.registry import Registry
from pipeline.submission import check_submission

BATCH = 500  # current submissions read at a time


def _submissions(reg: Registry, s: Session, facts: Any) -> set[str]:
    """Each current submission checked again (its documents' rule flags with it); the
    fingerprints of the flags now raised."""
    now: set[str] = set()
    last = 0
    while True:
        rows = s.scalars(
            select(Submission)
            .where(Submission.current.is_(True), Submission.id > last)
            .order_by(Submission.id)
            .limit(BATCH)
        ).all()
        if not rows:
            return now
        for sub_row in rows:
            sub = SubmissionRecord.model_validate(sub_row.record) if sub_row.record else None
            if sub is None:
                continue
            drows = list(s.scalars(select(Document).where(Document.sha256.in_(sub.documents))))
            docs = [DocumentRecord.model_validate(d.record) for d in drows]
            flags = check_submission(sub, docs, facts)
            sub_row.record = {**sub.to_contract(), "flags": [f.model_dump(mode="json") for f in flags]}
            for f in flags:
                now.add(flag_fingerprint(f))
                reg.upsert_flag(s, f, "submission", sub_row.id)
            for drow, doc in zip(drows, docs):  # check_submission re-applied the pack's document rules
                drow.record = {**drow.record, "flags": [f.model_dump(mode="json") for f in doc.flags]}
                for f in doc.flags:
                    now.add(flag_fingerprint(f))
                    reg.upsert_flag(s, f, "document", sub_row.id)
        last = rows[-1].id


def _resolve(s: Session, before: dict[str, Any], now: set[str]) -> None:
    gone = [row.id for fp, row in before.items() if row.scope in ("submission", "document") and fp not in now]
    for i in range(0, len(gone), 500):
        for r in s.scalars(select(FlagRow).where(FlagRow.id.in_(gone[i : i + 500]))):
            r.status = "resolved"
            r.resolved_at = utcnow()


def _cross(reg: Registry, s: Session) -> dict[str, int]:
    crosscheck.refresh_expiry(s)
    return reg.store_cross_flags(s, crosscheck.check(s, settings.as_of()), None)


def recheck(reg: Registry) -> dict[str, list[dict]]:
    """Flags new, resolved and unchanged, each as code, severity, consortium, unit, evidence, message."""
    from pipeline.exclusions import registry_facts

    scopes = ("document", "submission", "cross")
    before = {r.fingerprint: r for r in reg.open_flag_rows(scopes)}
    facts = registry_facts(reg)

    def submissions(s: Session) -> None:
        _resolve(s, before, _submissions(reg, s, facts))

    reg.in_transaction(submissions)
    reg.in_transaction(lambda s: _cross(reg, s))
    after = {r.fingerprint: r for r in reg.open_flag_rows(scopes)}

    def d(r: FlagRow) -> dict:
        return {
            "code": r.code,
            "severity": r.severity,
            "consortium": r.consortium,
            "unit": r.unit,
            "evidence": r.evidence,
            "message": r.message,
        }

    return {
        "new": [d(after[k]) for k in after if k not in before],
        "resolved": [d(before[k]) for k in before if k not in after],
        "unchanged": [d(after[k]) for k in after if k in before],
    }
