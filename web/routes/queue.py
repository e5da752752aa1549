"""The queue of submissions, uploads and their jobs."""

from __future__ import annotations

import re

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.datastructures import UploadFile

import settings
from pipeline.registry import Registry
from pipeline.review import accounts
from pipeline.review.queue import queue as queue_rows
from pipeline.review.sessions import Who
from web.deps import Csrf, NotFoundPage, Reg, Uploader, Viewer
from web.render import page
from web.uploads import stage

router = APIRouter()
SORTS = [
    ("created", "最新"),
    ("errors", "错误最多"),
    ("status", "状态"),
    ("jurisdiction", "地区"),
    ("consortium", "名称"),
]


@router.get("/")
def home() -> Response:
    return RedirectResponse("/queue", status_code=303)


@router.get("/queue")
def queue_page(
    request: Request,
    status: str = "",
    jurisdiction: str = "",
    q: str = "",
    sort: str = "created",
    all: int = 0,
    renewed: int = 0,
    user: Who = Viewer,
    reg: Registry = Reg,
) -> Response:
    rows = queue_rows(
        reg,
        status=status or None,
        jurisdiction=jurisdiction or None,
        q=q or None,
        sort=sort,
        include_superseded=bool(all),
        renewed=bool(renewed),
    )
    failures = accounts.recent_failures(reg) if user.role == "admin" else []
    return page(
        request,
        "queue.html",
        user=user,
        rows=rows,
        filters={
            "status": status,
            "jurisdiction": jurisdiction,
            "q": q,
            "sort": sort,
            "all": all,
            "renewed": renewed,
        },
        sorts=SORTS,
        jobs=request.app.state.jobs.recent(5),
        login_failures=sum(f["failures"] for f in failures),
    )


@router.get("/upload")
def upload_form(request: Request, user: Who = Uploader) -> Response:
    return page(request, "upload.html", user=user, errors=[], jobs=request.app.state.jobs.recent(10))


@router.post("/upload", dependencies=[Csrf])
async def upload(request: Request, user: Who = Uploader) -> Response:
    form = await request.form()
    files = [f for f in form.getlist("files") if isinstance(f, UploadFile) and f.filename]
    label = re.sub(r"[^\w\-\u4e00-\u9fff]+", "_", str(form.get("submission") or "")).strip("_")[:60]
    errors: list[str] = []
    if not files:
        errors.append("没有选择文件")
    if len(files) > settings.max_upload_files():
        errors.append(f"一次最多上传{settings.max_upload_files()}个文件")
    jobs = request.app.state.jobs
    if not errors:
        jid, staging = jobs.new_folder(staging=True)
        saved, errors = await stage(files, staging, label or f"upload-{jid}")
    if errors:
        return page(request, "upload.html", status_code=400, user=user, errors=errors, jobs=jobs.recent(10))
    folder = jobs.commit_folder(jid, staging)
    jobs.start(jid, folder, saved, user.username)
    return RedirectResponse(f"/jobs/{jid}", status_code=303)


@router.get("/jobs/{jid}.json")
def job_json(request: Request, jid: str, user: Who = Viewer) -> Response:
    job = request.app.state.jobs.get(jid)
    if job is None:
        return JSONResponse({"error": "没有这个任务"}, status_code=404)
    return JSONResponse(job.progress())


@router.get("/jobs/{jid}")
def job_page(request: Request, jid: str, user: Who = Viewer) -> Response:
    jobs = request.app.state.jobs
    job = jobs.get(jid)
    if job is None:
        raise NotFoundPage("没有这个任务", "任务编号不存在")
    log = jobs.log_tail(jid) if user.role == "admin" and job.state == "failed" else ""
    return page(request, "job.html", user=user, job=job.progress(), log=log)
