"""A submission: its checklist page, the reviewer's decisions, corrections and sign-off, and its
exports (the filled 形式审查表 .docx, the documents' contract JSON)."""

from __future__ import annotations

import hashlib
import urllib.parse

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from models.vocab import MEMBER_FIELDS
from pipeline import exports
from pipeline.registry import Registry
from pipeline.review import ReviewError, actions
from pipeline.review.sessions import Who
from pipeline.review.view import view as checklist_view
from web.deps import Admin, Csrf, Reviewer, Viewer, registry, submission
from web.render import page
from web.respond import download

router = APIRouter()


def _back(sid: int, error: str | None = None, anchor: str = "") -> Response:
    q = f"?error={urllib.parse.quote(error)}" if error else ""
    return RedirectResponse(f"/submissions/{sid}{q}{anchor}", status_code=303)


def _rev(rev: str) -> int | None:
    """The revision a form was built on; a form without one is treated as stale."""
    return int(rev) if rev.isdigit() else -1


@router.get("/submissions/{sid}")
def submission_page(
    request: Request,
    sid: int = Depends(submission),
    error: str | None = None,
    group: str | None = None,
    page_no: int = 1,
    mpage: int = 1,
    user: Who = Viewer,
    reg: Registry = Depends(registry),
) -> Response:
    v = checklist_view(reg, sid, open_group=group, page=page_no, member_page=mpage)
    return page(request, "submission.html", user=user, v=v, error=error, open_group=group, page_no=page_no)


@router.post("/submissions/{sid}/decide", dependencies=[Csrf])
def decide(
    sid: int = Depends(submission),
    item: str = Form(""),
    verdict: str = Form(""),
    comment: str = Form(""),
    rev: str = Form(""),
    user: Who = Reviewer,
    reg: Registry = Depends(registry),
) -> Response:
    anchor = "#i-" + hashlib.sha1(item.encode()).hexdigest()[:10]
    try:
        actions.decide(reg, sid, item, verdict, comment, user.username, rev=_rev(rev))
    except ReviewError as e:
        return _back(sid, str(e), anchor)
    return _back(sid, anchor=anchor)


@router.post("/submissions/{sid}/correct", dependencies=[Csrf])
def correct(
    sid: int = Depends(submission),
    document: str = Form(""),
    field: str = Form(""),
    value: str = Form(""),
    comment: str = Form(""),
    rev: str = Form(""),
    user: Who = Reviewer,
    reg: Registry = Depends(registry),
) -> Response:
    try:
        actions.correct(reg, sid, document, field, value, comment, user.username, rev=_rev(rev))
    except ReviewError as e:
        return _back(sid, str(e), "#fields")
    return _back(sid, anchor="#fields")


@router.post("/submissions/{sid}/members/{index}", dependencies=[Csrf])
async def correct_member(
    request: Request,
    index: int,
    sid: int = Depends(submission),
    document: str = Form(""),
    comment: str = Form(""),
    rev: str = Form(""),
    user: Who = Reviewer,
    reg: Registry = Depends(registry),
) -> Response:
    """One member row's cells at once (the 更正 form of that row)."""
    form = await request.form()
    values = {
        f"members.{index}.{f.path}": str(form.get(f.path) or "") for f in MEMBER_FIELDS if f.path in form
    }
    try:
        actions.correct_many(reg, sid, document, values, comment, user.username, rev=_rev(rev))
    except ReviewError as e:
        return _back(sid, str(e), f"#m-{index}")
    return _back(sid, anchor=f"#m-{index}")


@router.post("/submissions/{sid}/signoff", dependencies=[Csrf])
def signoff(
    sid: int = Depends(submission),
    outcome: str = Form(""),
    comment: str = Form(""),
    rev: str = Form(""),
    user: Who = Reviewer,
    reg: Registry = Depends(registry),
) -> Response:
    try:
        actions.sign_off(reg, sid, outcome, comment, user.username, rev=_rev(rev))
    except ReviewError as e:
        return _back(sid, str(e), "#signoff")
    return _back(sid)


@router.get("/submissions/{sid}/checklist.docx")
def checklist_docx(
    sid: int = Depends(submission), user: Who = Viewer, reg: Registry = Depends(registry)
) -> Response:
    v = checklist_view(reg, sid, everything=True)
    return download(
        exports.checklist_docx(v),
        f"形式审查表-{v.label}-v{v.version}.docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )


@router.get("/submissions/{sid}/documents.zip")
def documents_zip(
    sid: int = Depends(submission), user: Who = Viewer, reg: Registry = Depends(registry)
) -> Response:
    return download(
        exports.zip_files(exports.documents_json(reg, sid)), f"documents-{sid}.zip", "application/zip"
    )


@router.post("/submissions/{sid}/cancellation", dependencies=[Csrf])
def cancellation(
    sid: int = Depends(submission),
    action: str = Form(""),
    on: str = Form(""),
    reason: str = Form(""),
    user: Who = Admin,
    reg: Registry = Depends(registry),
) -> Response:
    """An admin records that the consortium's recognition was cancelled on a date (or that the
    cancellation is withdrawn): who and when are kept; the registry's rules run again (the
    debarment of its lead and core members: UNIT_EXCLUDED)."""
    import datetime as dt

    from pipeline.exclusions import ExclusionError, cancel_consortium
    from pipeline.recheck import recheck

    v = checklist_view(reg, sid)
    if action not in ("cancel", "reinstate"):
        return _back(sid, "请选择撤销认定或恢复认定", "#cancellation")
    try:
        day = dt.date.fromisoformat(on)
    except ValueError:
        return _back(sid, "请填写日期（年-月-日）", "#cancellation")
    if action == "cancel" and not reason.strip():
        return _back(sid, "撤销认定须写明理由", "#cancellation")
    try:
        cancel_consortium(
            reg,
            v.consortium_id,
            day,
            by=user.username,
            reason=reason.strip() or None,
            reinstate=action == "reinstate",
        )
    except ExclusionError as e:
        return _back(sid, str(e), "#cancellation")
    recheck(reg)
    return _back(sid, anchor="#cancellation")
