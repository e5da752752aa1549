"""Recording one submission, in the transaction the registry opens for it: its consortium (found
or created), a new version superseding the current one (kept, its memberships and open flags
resolved), its documents, memberships and flags; then the cross-consortium checks of the units it
touches, in the same transaction. The same documents again change nothing."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select, update
from sqlalchemy.orm import Session

import settings
from extractors.text import key
from models.record import DocumentRecord, SubmissionRecord
from models.tables import Consortium, Document, FlagRow, Membership, Submission, utcnow
from pipeline import crosscheck
from pipeline.documents import PIPELINE_VERSION
from pipeline.flagrows import fingerprint
from pipeline.flagstore import store_cross_flags, upsert_flag
from pipeline.units import known_units, resolve_unit


def _date(s: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(s) if s else None
    except ValueError:
        return None


def record_and_cross_check(
    s: Session, sub: SubmissionRecord, docs: list[DocumentRecord], legacy: bool
) -> bool:
    touched = record_submission(s, sub, docs, legacy)
    if touched is None:
        return False
    store_cross_flags(s, crosscheck.check(s, settings.as_of(), touched), touched)
    return True


def record_submission(
    s: Session, sub: SubmissionRecord, docs: list[DocumentRecord], force_legacy: bool = False
) -> set[int] | None:
    """Record one submission; the units it touches (its members, and those of the version it
    supersedes), or None when it is already recorded as it is."""
    legacy = force_legacy or any(d.doc_type == "legacy_alliance" for d in docs)
    name = sub.consortium_name or sub.id
    jur = sub.jurisdiction
    cons = s.scalar(
        select(Consortium).where(Consortium.name_key == key(name), Consortium.jurisdiction == jur)
    )
    filing = next((_date(d.filing_date) for d in docs if d.filing_date), None)
    effective = next((_date(d.agreement_effective_date) for d in docs if d.agreement_effective_date), None)
    if cons is None:
        cons = Consortium(
            name=name,
            name_key=key(name),
            jurisdiction=jur,
            legacy=legacy,
            filing_date=filing,
            effective_date=effective,
        )
        s.add(cons)
        s.flush()
    fp = fingerprint(*sorted(sub.documents))
    cur = s.scalar(
        select(Submission).where(Submission.consortium_id == cons.id, Submission.current.is_(True))
    )
    if cur is not None and cur.fingerprint == fp:
        # the same documents again: nothing changes, but a newer pipeline's reading is kept
        for d in docs:
            drow = s.get(Document, d.source.sha256)
            if drow is not None and drow.pipeline_version != PIPELINE_VERSION:
                drow.record = d.to_contract()
                drow.pipeline_version = PIPELINE_VERSION
        return None
    touched: set[int] = set()
    version = 1
    if cur is not None:
        cur.current = False
        cur.superseded_at = utcnow()
        version = cur.version + 1
        touched |= set(s.scalars(select(Membership.unit_id).where(Membership.submission_id == cur.id)))
        s.execute(update(Membership).where(Membership.submission_id == cur.id).values(current=False))
        s.execute(
            update(FlagRow)
            .where(FlagRow.submission_id == cur.id, FlagRow.status == "open")
            .values(status="resolved", resolved_at=utcnow())
        )
    cons.legacy = legacy or cons.legacy
    cons.filing_date = filing or cons.filing_date
    cons.effective_date = effective or cons.effective_date
    cons.expires_on = crosscheck.expiry(cons.jurisdiction, cons.filing_date, cons.effective_date)
    cons.updated_at = utcnow()
    row = Submission(
        consortium_id=cons.id,
        label=sub.id,
        fingerprint=fp,
        version=version,
        current=True,
        record=sub.to_contract(),
    )
    s.add(row)
    s.flush()
    for d in docs:
        if s.get(Document, d.source.sha256) is None:
            s.add(
                Document(
                    sha256=d.source.sha256,
                    path=d.source.path,
                    media_type=d.source.media_type,
                    doc_type=d.doc_type,
                    submission_id=row.id,
                    pipeline_version=PIPELINE_VERSION,
                    record=d.to_contract(),
                )
            )
    known = known_units(s, sub.members)
    for i, m in enumerate(sub.members):
        uid = known.get(i)
        if uid is None:
            with s.no_autoflush:
                uid = resolve_unit(s, m.name, m.credit_code, m.kind).id
        touched.add(uid)
        s.add(
            Membership(
                submission_id=row.id,
                consortium_id=cons.id,
                unit_id=uid,
                name_as_written=m.name,
                code_as_written=m.credit_code,
                tier=m.tier,
                current=True,
            )
        )
    s.flush()
    scope_of = {"document": [f for d in docs for f in d.flags], "submission": sub.flags}
    for scope, flags in scope_of.items():
        for f in flags:
            upsert_flag(s, f, scope, row.id)
    return touched
