"""A submission: its checklist page, the reviewer's decisions, corrections and sign-off, and its
exports (the filled 形式审查表 .docx, the documents' contract JSON)."""

from __future__ import annotations

import hashlib
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from models.vocab import MEMBER_FIELDS
from pipeline import exports
from pipeline.registry import Registry
from pipeline.review import ReviewError, actions
from pipeline.review.sessions import Who
from pipeline.review.view import view as checklist_view
from web.deps import Admin, Csrf, Reg, Reviewer, Viewer, submission
from web.render import page
from web.respond import download

router = APIRouter()


def _back(sid: int, error: str | None = None, anchor: str = "") -> Response:
    q = f"?error={urllib.parse.quote(error)}" if error else ""
    return RedirectResponse(f"/submissions/{sid}{q}{anchor}", status_code=303)


def _rev(rev: str) -> int | None:
    """The revision a form was built on; a form without one is treated as stale."""
    return int(rev) if rev.isdigit() else -1


@dataclass(frozen=True)
class ReviewForm:
    """What every reviewer's form on a submission carries: the submission (404 if there is none),
    the reviewer, the comment and the revision the page was built on."""

    reg: Registry
    sid: int
    user: Who
    comment: str
    rev: int | None

    def then_back(
        self, action: Callable[[], object], anchor: str = "", on_error: str | None = None
    ) -> Response:
        """Do the action, then back to the page at `anchor`; a refused action goes back to
        `on_error` (default: the same anchor) saying why."""
        try:
            action()
        except ReviewError as e:
            return _back(self.sid, str(e), anchor if on_error is None else on_error)
        return _back(self.sid, anchor=anchor)


def review_form(
    sid: int = Depends(submission),
    comment: str = Form(""),
    rev: str = Form(""),
    user: Who = Reviewer,
    reg: Registry = Reg,
) -> ReviewForm:
    return ReviewForm(reg=reg, sid=sid, user=user, comment=comment, rev=_rev(rev))


@router.get("/submissions/{sid}")
def submission_page(
    request: Request,
    sid: int = Depends(submission),
    error: str | None = None,
    group: str | None = None,
    page_no: int = 1,
    mpage: int = 1,
    user: Who = Viewer,
    reg: Registry = Reg,
) -> Response:
    v = checklist_view(reg, sid, open_group=group, page=page_no, member_page=mpage)
    return page(request, "submission.html", user=user, v=v, error=error, open_group=group, page_no=page_no)


@router.post("/submissions/{sid}/decide", dependencies=[Csrf])
def decide(item: str = Form(""), verdict: str = Form(""), f: ReviewForm = Depends(review_form)) -> Response:
    return f.then_back(
        lambda: actions.decide(f.reg, f.sid, item, verdict, f.comment, f.user.username, rev=f.rev),
        "#i-" + hashlib.sha1(item.encode()).hexdigest()[:10],
    )


@router.post("/submissions/{sid}/correct", dependencies=[Csrf])
def correct(
    document: str = Form(""),
    field: str = Form(""),
    value: str = Form(""),
    f: ReviewForm = Depends(review_form),
) -> Response:
    return f.then_back(
        lambda: actions.correct(f.reg, f.sid, document, field, value, f.comment, f.user.username, rev=f.rev),
        "#fields",
    )


@router.post("/submissions/{sid}/members/{index}", dependencies=[Csrf])
async def correct_member(
    request: Request, index: int, document: str = Form(""), f: ReviewForm = Depends(review_form)
) -> Response:
    """One member row's cells at once (the 更正 form of that row)."""
    form = await request.form()
    values = {
        f"members.{index}.{m.path}": str(form.get(m.path) or "") for m in MEMBER_FIELDS if m.path in form
    }
    return f.then_back(
        lambda: actions.correct_many(f.reg, f.sid, document, values, f.comment, f.user.username, rev=f.rev),
        f"#m-{index}",
    )


@router.post("/submissions/{sid}/signoff", dependencies=[Csrf])
def signoff(outcome: str = Form(""), f: ReviewForm = Depends(review_form)) -> Response:
    return f.then_back(
        lambda: actions.sign_off(f.reg, f.sid, outcome, f.comment, f.user.username, rev=f.rev),
        on_error="#signoff",
    )


@router.get("/submissions/{sid}/checklist.docx")
def checklist_docx(sid: int = Depends(submission), user: Who = Viewer, reg: Registry = Reg) -> Response:
    v = checklist_view(reg, sid, everything=True)
    return download(
        exports.checklist_docx(v),
        f"形式审查表-{v.label}-v{v.version}.docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )


@router.get("/submissions/{sid}/documents.zip")
def documents_zip(sid: int = Depends(submission), user: Who = Viewer, reg: Registry = Reg) -> Response:
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
    reg: Registry = Reg,
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
