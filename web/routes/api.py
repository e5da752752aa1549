"""The read-only JSON API for data teams and outside programs: consortia, submissions, documents'
contract records, memberships, flags and review events, with filters and paging. Every request
carries a per-user API token an admin issued (`Authorization: Bearer itk_…`); a revoked token,
or one of a deactivated user, is refused. Writes stay in the app. The schema is at
/api/openapi.json and listed at /api/docs."""

from __future__ import annotations

import datetime as dt
from typing import Any, Generic, TypeVar

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel
from sqlalchemy import func, select
from sqlalchemy.sql import Select

from models.tables import Consortium, Document, FlagRow, Membership, ReviewEvent, Submission, Unit
from models.vocab import label
from pipeline.registry import Registry
from pipeline.review import sessions
from pipeline.review.events import as_event, status_of
from pipeline.review.sessions import Who
from web.deps import registry
from web.render import page

router = APIRouter(prefix="/api/v1", tags=["registry"])
docs_router = APIRouter()
bearer = HTTPBearer(auto_error=False, description="an API token an admin issued (itk_…)")
T = TypeVar("T")


def api_user(
    cred: HTTPAuthorizationCredentials | None = Depends(bearer), reg: Registry = Depends(registry)
) -> Who:
    who = sessions.token_user(reg, cred.credentials if cred else None)
    if who is None:
        raise HTTPException(
            status_code=401,
            detail="需要有效的接口令牌（Authorization: Bearer …）",
            headers={"WWW-Authenticate": "Bearer"},
        )
    return who


class Page(BaseModel, Generic[T]):
    items: list[T]
    total: int
    limit: int
    offset: int


class ConsortiumOut(BaseModel):
    id: int
    name: str
    jurisdiction: str
    jurisdiction_label: str
    legacy: bool
    status: str
    filing_date: dt.date | None
    effective_date: dt.date | None


class SubmissionOut(BaseModel):
    id: int
    consortium_id: int
    label: str
    version: int
    current: bool
    review_status: str
    review_status_label: str
    documents: list[str]
    created_at: dt.datetime
    superseded_at: dt.datetime | None


class DocumentOut(BaseModel):
    sha256: str
    path: str
    media_type: str
    doc_type: str
    doc_type_label: str
    submission_id: int | None


class MembershipOut(BaseModel):
    id: int
    submission_id: int
    consortium_id: int
    unit_id: int
    unit: str
    name_as_written: str
    code_as_written: str | None
    tier: str
    current: bool


class FlagOut(BaseModel):
    id: int
    scope: str
    code: str
    label: str
    severity: str
    status: str
    message: str
    consortium: str | None
    unit: str | None
    document: str | None
    evidence: str | None
    submission_id: int | None
    created_at: dt.datetime
    resolved_at: dt.datetime | None


class EventOut(BaseModel):
    id: int
    at: dt.datetime
    username: str
    action: str
    action_label: str
    submission_id: int | None
    target: str
    value: dict[str, Any]
    comment: str | None


class Paging:
    def __init__(
        self,
        limit: int = Query(100, ge=1, le=500, description="rows a page (1–500)"),
        offset: int = Query(0, ge=0, description="rows to skip"),
    ) -> None:
        self.limit = limit
        self.offset = offset


def _page(reg: Registry, stmt: Select, order: Any, paging: Paging) -> tuple[list[Any], int]:
    with reg.Read() as s:
        total = s.scalar(select(func.count()).select_from(stmt.order_by(None).subquery())) or 0
        rows = list(s.execute(stmt.order_by(order).limit(paging.limit).offset(paging.offset)).all())
        return rows, total


@router.get("/consortia", response_model=Page[ConsortiumOut])
def consortia(
    jurisdiction: str | None = None,
    q: str | None = Query(None, description="part of the name"),
    legacy: bool | None = None,
    paging: Paging = Depends(),
    who: Who = Depends(api_user),
    reg: Registry = Depends(registry),
) -> dict:
    stmt = select(Consortium)
    if jurisdiction:
        stmt = stmt.where(Consortium.jurisdiction == jurisdiction)
    if q:
        stmt = stmt.where(Consortium.name.contains(q))
    if legacy is not None:
        stmt = stmt.where(Consortium.legacy.is_(legacy))
    rows, total = _page(reg, stmt, Consortium.id, paging)
    items = [
        ConsortiumOut(
            id=c.id,
            name=c.name,
            jurisdiction=c.jurisdiction,
            jurisdiction_label=label("jurisdiction", c.jurisdiction),
            legacy=c.legacy,
            status=c.status,
            filing_date=c.filing_date,
            effective_date=c.effective_date,
        )
        for (c,) in rows
    ]
    return {"items": items, "total": total, "limit": paging.limit, "offset": paging.offset}


@router.get("/submissions", response_model=Page[SubmissionOut])
def submissions(
    consortium_id: int | None = None,
    jurisdiction: str | None = None,
    current: bool | None = None,
    paging: Paging = Depends(),
    who: Who = Depends(api_user),
    reg: Registry = Depends(registry),
) -> dict:
    stmt = select(Submission)
    if consortium_id is not None:
        stmt = stmt.where(Submission.consortium_id == consortium_id)
    if jurisdiction:
        stmt = stmt.join(Consortium, Consortium.id == Submission.consortium_id).where(
            Consortium.jurisdiction == jurisdiction
        )
    if current is not None:
        stmt = stmt.where(Submission.current.is_(current))
    rows, total = _page(reg, stmt, Submission.id, paging)
    ids = [x.id for (x,) in rows]
    with reg.Read() as s:
        evs: dict[int, list] = {}
        for e in s.scalars(select(ReviewEvent).where(ReviewEvent.submission_id.in_(ids))):
            evs.setdefault(e.submission_id or 0, []).append(as_event(e))
    items = []
    for (x,) in rows:
        st = status_of(evs.get(x.id, []))
        items.append(
            SubmissionOut(
                id=x.id,
                consortium_id=x.consortium_id,
                label=x.label,
                version=x.version,
                current=x.current,
                review_status=st,
                review_status_label=label("status", st),
                documents=list(x.record.get("documents") or []),
                created_at=x.created_at,
                superseded_at=x.superseded_at,
            )
        )
    return {"items": items, "total": total, "limit": paging.limit, "offset": paging.offset}


@router.get("/documents", response_model=Page[DocumentOut])
def documents(
    submission_id: int | None = None,
    doc_type: str | None = None,
    paging: Paging = Depends(),
    who: Who = Depends(api_user),
    reg: Registry = Depends(registry),
) -> dict:
    stmt = select(
        Document.sha256, Document.path, Document.media_type, Document.doc_type, Document.submission_id
    )
    if submission_id is not None:
        with reg.Read() as s:
            sub = s.get(Submission, submission_id)
            shas = list((sub.record.get("documents") or []) if sub else [])
        stmt = stmt.where(Document.sha256.in_(shas))
    if doc_type:
        stmt = stmt.where(Document.doc_type == doc_type)
    rows, total = _page(reg, stmt, Document.sha256, paging)
    items = [
        DocumentOut(
            sha256=r[0],
            path=r[1],
            media_type=r[2],
            doc_type=r[3],
            doc_type_label=label("doc_type", r[3]),
            submission_id=r[4],
        )
        for r in rows
    ]
    return {"items": items, "total": total, "limit": paging.limit, "offset": paging.offset}


@router.get("/documents/{sha256}", response_model=dict[str, Any])
def document(sha256: str, who: Who = Depends(api_user), reg: Registry = Depends(registry)) -> dict:
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
    paging: Paging = Depends(),
    who: Who = Depends(api_user),
    reg: Registry = Depends(registry),
) -> dict:
    stmt = select(Membership, Unit.canonical_name).join(Unit, Unit.id == Membership.unit_id)
    for col, val in (
        (Membership.consortium_id, consortium_id),
        (Membership.submission_id, submission_id),
        (Membership.unit_id, unit_id),
        (Membership.code_as_written, code),
    ):
        if val is not None:
            stmt = stmt.where(col == val)
    if current is not None:
        stmt = stmt.where(Membership.current.is_(current))
    rows, total = _page(reg, stmt, Membership.id, paging)
    items = [
        MembershipOut(
            id=m.id,
            submission_id=m.submission_id,
            consortium_id=m.consortium_id,
            unit_id=m.unit_id,
            unit=unit,
            name_as_written=m.name_as_written,
            code_as_written=m.code_as_written,
            tier=m.tier,
            current=m.current,
        )
        for m, unit in rows
    ]
    return {"items": items, "total": total, "limit": paging.limit, "offset": paging.offset}


@router.get("/flags", response_model=Page[FlagOut])
def flags(
    status: str | None = Query(None, description="open / resolved"),
    code: str | None = None,
    severity: str | None = None,
    scope: str | None = Query(None, description="document / submission / cross"),
    submission_id: int | None = None,
    consortium: str | None = None,
    paging: Paging = Depends(),
    who: Who = Depends(api_user),
    reg: Registry = Depends(registry),
) -> dict:
    stmt = select(FlagRow)
    for col, val in (
        (FlagRow.status, status),
        (FlagRow.code, code),
        (FlagRow.severity, severity),
        (FlagRow.scope, scope),
        (FlagRow.submission_id, submission_id),
        (FlagRow.consortium, consortium),
    ):
        if val is not None:
            stmt = stmt.where(col == val)
    rows, total = _page(reg, stmt, FlagRow.id, paging)
    items = [
        FlagOut(
            id=f.id,
            scope=f.scope,
            code=f.code,
            label=label("flag", f.code),
            severity=f.severity,
            status=f.status,
            message=f.message,
            consortium=f.consortium,
            unit=f.unit,
            document=f.document,
            evidence=f.evidence,
            submission_id=f.submission_id,
            created_at=f.created_at,
            resolved_at=f.resolved_at,
        )
        for (f,) in rows
    ]
    return {"items": items, "total": total, "limit": paging.limit, "offset": paging.offset}


@router.get("/events", response_model=Page[EventOut])
def review_events(
    submission_id: int | None = None,
    action: str | None = None,
    username: str | None = None,
    after_id: int | None = Query(None, description="only events after this id (to follow the trail)"),
    paging: Paging = Depends(),
    who: Who = Depends(api_user),
    reg: Registry = Depends(registry),
) -> dict:
    stmt = select(ReviewEvent)
    for col, val in (
        (ReviewEvent.submission_id, submission_id),
        (ReviewEvent.action, action),
        (ReviewEvent.username, username),
    ):
        if val is not None:
            stmt = stmt.where(col == val)
    if after_id is not None:
        stmt = stmt.where(ReviewEvent.id > after_id)
    rows, total = _page(reg, stmt, ReviewEvent.id, paging)
    items = [
        EventOut(
            id=e.id,
            at=e.at,
            username=e.username,
            action=e.action,
            action_label=label("action", e.action),
            submission_id=e.submission_id,
            target=e.target,
            value=dict(e.value or {}),
            comment=e.comment,
        )
        for (e,) in rows
    ]
    return {"items": items, "total": total, "limit": paging.limit, "offset": paging.offset}


@docs_router.get("/api/docs", include_in_schema=False)
def api_docs(request: Request) -> Any:
    """The API's OpenAPI schema as a page (served here: no script from elsewhere)."""
    schema = request.app.openapi()
    ops = []
    for path, methods in schema.get("paths", {}).items():
        for method, op in methods.items():
            ops.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": op.get("summary") or "",
                    "description": op.get("description") or "",
                    "params": [
                        {
                            "name": p["name"],
                            "where": p.get("in"),
                            "description": p.get("description") or "",
                            "type": (p.get("schema") or {}).get("type")
                            or "/".join(
                                str(a.get("type"))
                                for a in (p.get("schema") or {}).get("anyOf", [])
                                if a.get("type") != "null"
                            ),
                        }
                        for p in op.get("parameters", [])
                    ],
                }
            )
    return page(request, "api_docs.html", ops=ops, info=schema.get("info", {}))
