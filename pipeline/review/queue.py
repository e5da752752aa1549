"""The queue: every current submission (or every version) with its review status, open errors and
warnings (its own and the cross-consortium ones), and whether an earlier version was signed off
(a new version of an approved submission is shown as such)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select

from extractors.text import key
from models.tables import Consortium, FlagRow, ReviewEvent, Submission
from models.vocab import Action, Status, SubmissionKind
from pipeline.registry import Registry
from pipeline.review.base import STATUSES
from pipeline.review.events import as_event, status_of


@dataclass
class Header:
    """What the queue and the checklist both say of a submission version."""

    id: int
    label: str
    consortium: str
    jurisdiction: str
    version: int
    current: bool
    created_at: dt.datetime
    status: str
    legacy: bool
    consortium_id: int
    consortium_status: str  # the consortium's own: current, cancelled, expired …

    @property
    def kind(self) -> str:
        return SubmissionKind.LEGACY.value if self.legacy else SubmissionKind.APPLICATION.value


@dataclass
class QueueRow(Header):
    errors: int = 0
    warnings: int = 0
    documents: int = 0
    signed_before: str | None = None  # an earlier version's sign-off ("approved"/"returned"), if any
    signed_version: int | None = None


def header(sub: Submission, cons: Consortium, status: str) -> dict:
    return {
        "id": sub.id,
        "label": sub.label,
        "consortium": cons.name,
        "jurisdiction": cons.jurisdiction,
        "version": sub.version,
        "current": sub.current,
        "created_at": sub.created_at,
        "status": status,
        "legacy": cons.legacy,
        "consortium_id": cons.id,
        "consortium_status": cons.status or "current",
    }


def queue(
    reg: Registry,
    status: str | None = None,
    jurisdiction: str | None = None,
    q: str | None = None,
    sort: str = "created",
    include_superseded: bool = False,
    renewed: bool = False,
) -> list[QueueRow]:
    """`renewed`: only new versions of submissions an earlier version of which was signed off."""
    with reg.Read() as s:
        stmt = select(
            Submission.id,
            Submission.consortium_id,
            Submission.label,
            Submission.version,
            Submission.current,
            Submission.created_at,
            func.json_array_length(Submission.record, "$.documents") if _sqlite(reg) else Submission.record,
            Consortium,
        ).join(Consortium, Consortium.id == Submission.consortium_id)
        if not include_superseded:
            stmt = stmt.where(Submission.current.is_(True))
        if jurisdiction:
            stmt = stmt.where(Consortium.jurisdiction == jurisdiction)
        rows = s.execute(stmt).all()
        cons_ids = {r[1] for r in rows}
        # every version of these consortia: events decide each version's status
        versions: dict[int, list[tuple[int, int]]] = {}
        for vid, cid, ver in s.execute(
            select(Submission.id, Submission.consortium_id, Submission.version).where(
                Submission.consortium_id.in_(cons_ids)
            )
        ):
            versions.setdefault(cid, []).append((ver, vid))
        all_ids = [vid for vs in versions.values() for _, vid in vs]
        events: dict[int, list] = {}
        for e in s.scalars(
            select(ReviewEvent)
            .where(
                ReviewEvent.submission_id.in_(all_ids),
                ReviewEvent.action.in_(
                    [
                        Action.DECISION.value,
                        Action.CORRECTION.value,
                        Action.SIGNOFF.value,
                        Action.REOPEN.value,
                    ]
                ),
            )
            .order_by(ReviewEvent.id)
        ):
            events.setdefault(e.submission_id or 0, []).append(as_event(e))
        ids = [r[0] for r in rows]
        counts: dict[tuple[int | None, str], int] = {}
        for sid, sev, n in s.execute(
            select(FlagRow.submission_id, FlagRow.severity, func.count())
            .where(FlagRow.submission_id.in_(ids), FlagRow.status == "open")
            .group_by(FlagRow.submission_id, FlagRow.severity)
        ):
            counts[(sid, sev)] = n
        cross: dict[str, dict[str, int]] = {}
        for name, sev, n in s.execute(
            select(FlagRow.consortium, FlagRow.severity, func.count())
            .where(FlagRow.scope == "cross", FlagRow.status == "open")
            .group_by(FlagRow.consortium, FlagRow.severity)
        ):
            cross.setdefault(key(name or ""), {})[sev] = n
        out = []
        for sid, cid, label, version, current, created, ndocs, cons in rows:
            c = cross.get(cons.name_key, {})
            signed_before, signed_version = None, None
            for ver, vid in sorted(versions.get(cid, []), reverse=True):
                if ver < version:
                    st = status_of(events.get(vid, []))
                    if st in (Status.APPROVED, Status.RETURNED):
                        signed_before, signed_version = st, ver
                        break
            out.append(
                QueueRow(
                    id=sid,
                    label=label,
                    consortium=cons.name,
                    jurisdiction=cons.jurisdiction,
                    version=version,
                    current=current,
                    created_at=created,
                    status=status_of(events.get(sid, [])),
                    legacy=cons.legacy,
                    consortium_id=cons.id,
                    consortium_status=cons.status or "current",
                    errors=counts.get((sid, "error"), 0) + c.get("error", 0),
                    warnings=counts.get((sid, "warning"), 0) + c.get("warning", 0),
                    documents=ndocs if isinstance(ndocs, int) else len((ndocs or {}).get("documents", [])),
                    signed_before=signed_before,
                    signed_version=signed_version,
                )
            )
    if status:
        out = [r for r in out if r.status == status]
    if renewed:
        out = [r for r in out if r.signed_before]
    if q:
        k = key(q)
        out = [r for r in out if k in key(r.consortium) or k in key(r.label)]
    keys = {
        "created": lambda r: r.created_at,
        "consortium": lambda r: key(r.consortium),
        "jurisdiction": lambda r: (r.jurisdiction, key(r.consortium)),
        "errors": lambda r: (-r.errors, -r.warnings),
        "status": lambda r: (STATUSES.index(r.status), r.created_at),
    }
    out.sort(key=keys.get(sort, keys["created"]), reverse=sort == "created")
    return out


def _sqlite(reg: Registry) -> bool:
    return reg.engine.dialect.name == "sqlite"
