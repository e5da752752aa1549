"""The read-only JSON API for data teams and outside programs: consortia, submissions, documents'
contract records, memberships, flags and review events, with filters and paging. Every request
carries a per-user API token an admin issued (`Authorization: Bearer itk_…`); a revoked token,
or one of a deactivated user, is refused. Writes stay in the app. The schema is at
/api/openapi.json and listed at /api/docs (web/routes/api_docs.py); the rows' models are in
web/api_models.py."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Query
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import func, select
from sqlalchemy.sql import Select

from models.tables import Consortium, Document, FlagRow, Membership, ReviewEvent, Submission, Unit, row_as
from models.vocab import label
from pipeline.registry import Registry
from pipeline.review import sessions
from pipeline.review.events import as_event, status_of
from pipeline.review.sessions import Who
from web.api_models import (
    ConsortiumOut,
    DocumentOut,
    EventOut,
    FlagOut,
    MembershipOut,
    Page,
    SubmissionOut,
)
from web.deps import Reg

bearer = HTTPBearer(auto_error=False, description="an API token an admin issued (itk_…)")


def api_user(cred: HTTPAuthorizationCredentials | None = Depends(bearer), reg: Registry = Reg) -> Who:
    who = sessions.token_user(reg, cred.credentials if cred else None)
    if who is None:
        raise HTTPException(
            status_code=401,
            detail="需要有效的接口令牌（Authorization: Bearer …）",
            headers={"WWW-Authenticate": "Bearer"},
        )
    return who


router = APIRouter(prefix="/api/v1", tags=["registry"], dependencies=[Depends(api_user)])


class Listing:
    """One page of a listing over the registry: `limit` rows from `offset`."""

    def __init__(
        self,
        limit: int = Query(100, ge=1, le=500, description="rows a page (1–500)"),
        offset: int = Query(0, ge=0, description="rows to skip"),
        reg: Registry = Reg,
    ) -> None:
        self.limit = limit
        self.offset = offset
        self.reg = reg

    def rows(self, stmt: Select, order: Any) -> tuple[list[Any], int]:
        """This page of the statement's rows in that order, and how many rows there are in all."""
        with self.reg.Read() as s:
            total = s.scalar(select(func.count()).select_from(stmt.order_by(None).subquery())) or 0
            rows = list(s.execute(stmt.order_by(order).limit(self.limit).offset(self.offset)).all())
            return rows, total

    def answer(self, items: list[Any], total: int) -> dict[str, Any]:
        return {"items": items, "total": total, "limit": self.limit, "offset": self.offset}


def _where_given(stmt: Select, table: type, **values: Any) -> Select:
    """The statement narrowed to `table.column == value` for every value given (not None)."""
    for col, val in values.items():
        if val is not None:
            stmt = stmt.where(getattr(table, col) == val)
    return stmt


@router.get("/consortia", response_model=Page[ConsortiumOut])
def consortia(
    jurisdiction: str | None = None,
    q: str | None = Query(None, description="part of the name"),
    legacy: bool | None = None,
    page: Listing = Depends(),
) -> dict:
    stmt = select(Consortium)
    if jurisdiction:
        stmt = stmt.where(Consortium.jurisdiction == jurisdiction)
    if q:
        stmt = stmt.where(Consortium.name.contains(q))
    if legacy is not None:
        stmt = stmt.where(Consortium.legacy.is_(legacy))
    rows, total = page.rows(stmt, Consortium.id)
    return page.answer(
        [row_as(ConsortiumOut, c, jurisdiction_label=label("jurisdiction", c.jurisdiction)) for (c,) in rows],
        total,
    )


@router.get("/submissions", response_model=Page[SubmissionOut])
def submissions(
    consortium_id: int | None = None,
    jurisdiction: str | None = None,
    current: bool | None = None,
    page: Listing = Depends(),
) -> dict:
    stmt = _where_given(select(Submission), Submission, consortium_id=consortium_id)
    if jurisdiction:
        stmt = stmt.join(Consortium, Consortium.id == Submission.consortium_id).where(
            Consortium.jurisdiction == jurisdiction
        )
    if current is not None:
        stmt = stmt.where(Submission.current.is_(current))
    rows, total = page.rows(stmt, Submission.id)
    ids = [x.id for (x,) in rows]
    with page.reg.Read() as s:
        evs: dict[int, list] = {}
        for e in s.scalars(select(ReviewEvent).where(ReviewEvent.submission_id.in_(ids))):
            evs.setdefault(e.submission_id or 0, []).append(as_event(e))
    items = []
    for (x,) in rows:
        st = status_of(evs.get(x.id, []))
        items.append(
            row_as(
                SubmissionOut,
                x,
                review_status=st,
                review_status_label=label("status", st),
                documents=list(x.record.get("documents") or []),
            )
        )
    return page.answer(items, total)


@router.get("/documents", response_model=Page[DocumentOut])
def documents(
    submission_id: int | None = None,
    doc_type: str | None = None,
    page: Listing = Depends(),
) -> dict:
    stmt = select(
        Document.sha256, Document.path, Document.media_type, Document.doc_type, Document.submission_id
    )
    if submission_id is not None:
        with page.reg.Read() as s:
            sub = s.get(Submission, submission_id)
            shas = list((sub.record.get("documents") or []) if sub else [])
        stmt = stmt.where(Document.sha256.in_(shas))
    if doc_type:
        stmt = stmt.where(Document.doc_type == doc_type)
    rows, total = page.rows(stmt, Document.sha256)
    return page.answer(
        [row_as(DocumentOut, r, doc_type_label=label("doc_type", r.doc_type)) for r in rows], total
    )


@router.get("/documents/{sha256}", response_model=dict[str, Any])
def document(sha256: str, reg: Registry = Reg) -> dict:
    """The document's contract record (../shared/contract/), as the pipeline wrote it."""
    with reg.Read() as s:
        d = s.get(Document, sha256[:64])
        if d is None:
            raise HTTPException(status_code=404, detail="没有这个文件")
        return dict(d.record)


@router.get("/memberships", response_model=Page[MembershipOut])
def memberships(
    consortium_id: int | None = None,
    submission_id: int | None = None,
    unit_id: int | None = None,
    code: str | None = Query(None, description="统一社会信用代码 as written"),
    current: bool | None = None,
    page: Listing = Depends(),
) -> dict:
    stmt = _where_given(
        select(Membership, Unit.canonical_name).join(Unit, Unit.id == Membership.unit_id),
        Membership,
        consortium_id=consortium_id,
        submission_id=submission_id,
        unit_id=unit_id,
        code_as_written=code,
    )
    if current is not None:
        stmt = stmt.where(Membership.current.is_(current))
    rows, total = page.rows(stmt, Membership.id)
    return page.answer([row_as(MembershipOut, m, unit=unit) for m, unit in rows], total)


@router.get("/flags", response_model=Page[FlagOut])
def flags(
    status: str | None = Query(None, description="open / resolved"),
    code: str | None = None,
    severity: str | None = None,
    scope: str | None = Query(None, description="document / submission / cross"),
    submission_id: int | None = None,
    consortium: str | None = None,
    page: Listing = Depends(),
) -> dict:
    stmt = _where_given(
        select(FlagRow),
        FlagRow,
        status=status,
        code=code,
        severity=severity,
        scope=scope,
        submission_id=submission_id,
        consortium=consortium,
    )
    rows, total = page.rows(stmt, FlagRow.id)
    return page.answer([row_as(FlagOut, f, label=label("flag", f.code)) for (f,) in rows], total)


@router.get("/events", response_model=Page[EventOut])
def review_events(
    submission_id: int | None = None,
    action: str | None = None,
    username: str | None = None,
    after_id: int | None = Query(None, description="only events after this id (to follow the trail)"),
    page: Listing = Depends(),
) -> dict:
    stmt = _where_given(
        select(ReviewEvent), ReviewEvent, submission_id=submission_id, action=action, username=username
    )
    if after_id is not None:
        stmt = stmt.where(ReviewEvent.id > after_id)
    rows, total = page.rows(stmt, ReviewEvent.id)
    return page.answer(
        [
            row_as(EventOut, e, action_label=label("action", e.action), value=dict(e.value or {}))
            for (e,) in rows
        ],
        total,
    )
