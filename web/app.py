"""The reviewers' web app over the registry (`intake serve`): the queue, uploads that run the intake
flow, each submission's checklist with evidence on the page, decisions, corrections, sign-off,
the audit trail, exports and charts. Server-rendered Jinja2 pages; all document text is escaped.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import threading
import urllib.parse
from collections import OrderedDict
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.datastructures import UploadFile
from starlette.middleware.sessions import SessionMiddleware

from models.tables import Document
from pipeline import exports, review, settings
from pipeline.registry import Registry
from web import security, views
from web.jobs import Jobs, UploadRejected, check_file, clean_parts, max_upload_bytes, max_upload_files
from web.security import Forbidden, LoginRequired, check_csrf, csrf_token, current_user, require

HERE = Path(__file__).parent
SHA_RX = re.compile(r"^[0-9a-f]{64}$")
CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
)
MEDIA = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "doc": "application/msword",
    "image": "application/octet-stream",
}


def create_app(db: str | None = None, out: str = "out", use_prefect: bool = True) -> FastAPI:
    out_dir = Path(out).resolve()
    out_dir.mkdir(parents=True, exist_ok=True)
    url = settings.db_url(db, str(out_dir))
    app = FastAPI(title="intake", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.registry = Registry.open(url, out_dir=str(out_dir))
    app.state.jobs = Jobs(out_dir, url, use_prefect=use_prefect)
    app.state.pages = OrderedDict()  # rendered page images, the latest 48
    app.state.pages_lock = threading.Lock()
    app.add_middleware(
        SessionMiddleware,
        secret_key=security.secret_key(out_dir),
        session_cookie="intake_session",
        same_site="strict",
        max_age=12 * 3600,
    )
    env = Environment(
        loader=FileSystemLoader(str(HERE / "templates")), autoescape=select_autoescape(default=True)
    )
    templates = Jinja2Templates(env=env)
    env.globals.update(
        STATUS_NAMES=review.STATUS_NAMES,
        JURISDICTIONS=review.JURISDICTION_NAMES,
        VERDICT_NAMES=exports.VERDICT_NAMES,
        DECISION_NAMES=exports.DECISION_NAMES,
        SEVERITY_NAMES=exports.SEVERITY_NAMES,
        allowed=review.allowed,
    )
    env.filters["anchor"] = lambda k: hashlib.sha1(str(k).encode()).hexdigest()[:10]
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")

    @app.middleware("http")
    async def headers(request: Request, call_next):
        resp = await call_next(request)
        resp.headers["Content-Security-Policy"] = CSP
        resp.headers["X-Content-Type-Options"] = "nosniff"
        resp.headers["Referrer-Policy"] = "same-origin"
        resp.headers["X-Frame-Options"] = "DENY"
        return resp

    def page(request: Request, template: str, status_code: int = 200, **ctx: Any) -> HTMLResponse:
        user = ctx.pop("user", None)
        if user is None:
            try:
                user = current_user(request)
            except LoginRequired:
                user = None
        return templates.TemplateResponse(
            request, template, {"user": user, "csrf": csrf_token(request), **ctx}, status_code=status_code
        )

    @app.exception_handler(LoginRequired)
    async def _login(request: Request, exc: LoginRequired) -> Response:
        if request.url.path.endswith(".json") or request.headers.get("accept", "").startswith(
            "application/json"
        ):
            return JSONResponse({"error": "login required"}, status_code=401)
        nxt = urllib.parse.quote(request.url.path + (("?" + request.url.query) if request.url.query else ""))
        return RedirectResponse(f"/login?next={nxt}", status_code=303)

    @app.exception_handler(Forbidden)
    async def _forbidden(request: Request, exc: Forbidden) -> Response:
        return page(request, "error.html", status_code=403, title="没有权限", message=exc.message)

    def registry() -> Registry:
        return app.state.registry

    # --- log-in --------------------------------------------------------------------------------

    @app.get("/login", response_class=HTMLResponse)
    def login_form(request: Request, next: str = "/queue") -> Response:
        return page(request, "login.html", user=False, next=_safe_next(next), error=None)

    @app.post("/login")
    async def login(request: Request) -> Response:
        await check_csrf(request)
        form = await request.form()
        name = str(form.get("username") or "").strip()
        pw = str(form.get("password") or "")
        nxt = _safe_next(str(form.get("next") or "/queue"))
        who = review.authenticate(registry(), name, pw)
        if who is None:
            return page(
                request, "login.html", status_code=401, user=False, next=nxt, error="用户名或密码不对"
            )
        request.session.clear()
        request.session["user"] = who["username"]
        csrf_token(request)  # a fresh token for the new session
        return RedirectResponse(nxt, status_code=303)

    @app.post("/logout")
    async def logout(request: Request) -> Response:
        await check_csrf(request)
        request.session.clear()
        return RedirectResponse("/login", status_code=303)

    # --- the queue -----------------------------------------------------------------------------

    @app.get("/")
    def home() -> Response:
        return RedirectResponse("/queue", status_code=303)

    @app.get("/queue", response_class=HTMLResponse)
    def queue_page(
        request: Request,
        status: str | None = None,
        jurisdiction: str | None = None,
        q: str | None = None,
        sort: str = "created",
        all: int = 0,
    ) -> Response:
        user = current_user(request)
        rows = review.queue(
            registry(),
            status=status or None,
            jurisdiction=jurisdiction or None,
            q=q or None,
            sort=sort,
            include_superseded=bool(all),
        )
        return page(
            request,
            "queue.html",
            user=user,
            rows=rows,
            filters={
                "status": status or "",
                "jurisdiction": jurisdiction or "",
                "q": q or "",
                "sort": sort,
                "all": all,
            },
            statuses=review.STATUSES,
            jobs=app.state.jobs.recent(5),
        )

    # --- upload --------------------------------------------------------------------------------

    @app.get("/upload", response_class=HTMLResponse)
    def upload_form(request: Request) -> Response:
        user = require(request, "upload")
        return page(request, "upload.html", user=user, errors=[], jobs=app.state.jobs.recent(10))

    @app.post("/upload")
    async def upload(request: Request) -> Response:
        user = require(request, "upload")
        await check_csrf(request)
        form = await request.form()
        files = [f for f in form.getlist("files") if isinstance(f, UploadFile) and f.filename]
        label = re.sub(r"[^\w\-\u4e00-\u9fff]+", "_", str(form.get("submission") or "")).strip("_")[:80]
        errors: list[str] = []
        if not files:
            errors.append("没有选择文件")
        if len(files) > max_upload_files():
            errors.append(f"一次最多上传{max_upload_files()}个文件")
        # each file goes to a staging folder as it is read (one file in memory at a time); a batch
        # with any refused file keeps nothing
        jid, staging = app.state.jobs.new_folder(staging=True)
        default = label or f"upload-{jid}"
        saved = 0
        if not errors:
            for f in files:
                try:
                    parts = clean_parts(f.filename or "")
                    data = await f.read(max_upload_bytes() + 1)
                    check_file(parts[-1], len(data))
                except UploadRejected as e:
                    errors.append(str(e))
                    continue
                rel = parts if len(parts) > 1 else [default, parts[0]]
                target = staging.joinpath(*rel)
                target.parent.mkdir(parents=True, exist_ok=True)
                if target.exists():
                    target = target.with_name(
                        f"{target.stem}-{hashlib.sha256(data).hexdigest()[:8]}{target.suffix}"
                    )
                target.write_bytes(data)
                saved += 1
                del data
        if errors:
            shutil.rmtree(staging, ignore_errors=True)
            return page(
                request,
                "upload.html",
                status_code=400,
                user=user,
                errors=errors,
                jobs=app.state.jobs.recent(10),
            )
        folder = app.state.jobs.commit_folder(jid, staging)
        app.state.jobs.start(jid, folder, saved, user["username"])
        return RedirectResponse(f"/jobs/{jid}", status_code=303)

    @app.get("/jobs/{jid}.json")
    def job_json(request: Request, jid: str) -> Response:
        current_user(request)
        job = app.state.jobs.get(jid)
        if job is None:
            return JSONResponse({"error": "no such job"}, status_code=404)
        return JSONResponse(job.progress())

    @app.get("/jobs/{jid}", response_class=HTMLResponse)
    def job_page(request: Request, jid: str) -> Response:
        user = current_user(request)
        job = app.state.jobs.get(jid)
        if job is None:
            return page(request, "error.html", status_code=404, user=user, title="没有这个任务", message=jid)
        return page(request, "job.html", user=user, job=job.progress())

    # --- a submission --------------------------------------------------------------------------

    def _view(sid: int) -> review.View:
        try:
            return review.view(registry(), sid)
        except KeyError:
            raise Forbidden("没有这个提交") from None

    @app.get("/submissions/{sid}", response_class=HTMLResponse)
    def submission_page(request: Request, sid: int, error: str | None = None) -> Response:
        user = current_user(request)
        v = _view(sid)
        return page(
            request,
            "submission.html",
            user=user,
            v=v,
            error=error,
            editable=review.EDITABLE,
            member_fields=review.MEMBER_FIELDS,
            open_items=sum(1 for it in v.items if it.needs_human),
        )

    def _back(sid: int, error: str | None = None, anchor: str = "") -> Response:
        q = f"?error={urllib.parse.quote(error)}" if error else ""
        return RedirectResponse(f"/submissions/{sid}{q}{anchor}", status_code=303)

    async def _act(
        request: Request, sid: int, action: Any, fields: tuple[str, ...], anchor: str = ""
    ) -> Response:
        """A reviewer's form: role, CSRF, the form's fields to the review service; its refusal
        shown on the checklist."""
        user = require(request, "review")
        await check_csrf(request)
        form = await request.form()
        values = [str(form.get(f) or "") for f in fields]
        try:
            action(registry(), sid, *values, user["username"])
        except review.ReviewError as e:
            return _back(sid, str(e))
        return _back(sid, anchor=anchor)

    @app.post("/submissions/{sid}/decide")
    async def decide(request: Request, sid: int) -> Response:
        item = str((await request.form()).get("item") or "")
        anchor = "#i-" + hashlib.sha1(item.encode()).hexdigest()[:10]
        return await _act(request, sid, review.decide, ("item", "verdict", "comment"), anchor)

    @app.post("/submissions/{sid}/correct")
    async def correct(request: Request, sid: int) -> Response:
        return await _act(
            request, sid, review.correct, ("document", "field", "value", "comment"), "#corrections"
        )

    @app.post("/submissions/{sid}/signoff")
    async def signoff(request: Request, sid: int) -> Response:
        return await _act(request, sid, review.sign_off, ("outcome", "comment"))

    @app.get("/submissions/{sid}/checklist.docx")
    def checklist_docx(request: Request, sid: int) -> Response:
        current_user(request)
        v = _view(sid)
        return _download(exports.checklist_docx(v), f"形式审查表-{v.label}-v{v.version}.docx", MEDIA["docx"])

    @app.get("/submissions/{sid}/documents.zip")
    def documents_zip(request: Request, sid: int) -> Response:
        current_user(request)
        _view(sid)
        return _download(
            exports.zip_files(exports.documents_json(registry(), sid)),
            f"documents-{sid}.zip",
            "application/zip",
        )

    # --- documents: served by id only ----------------------------------------------------------

    def _row(sha: str) -> Document:
        """The registry's row of a document, by its sha256 only."""
        if not SHA_RX.match(sha):
            raise Forbidden("没有这个文件")
        with registry().Session() as s:
            d = s.get(Document, sha)
            if d is None:
                raise Forbidden("没有这个文件")
            s.expunge(d)
            return d

    def _document(sha: str) -> tuple[Document, bytes]:
        """The row and the original's bytes, refused if the file changed since intake."""
        d = _row(sha)
        p = Path(d.path)
        try:
            data = p.read_bytes()
        except OSError:
            raise Forbidden("原件已不在登记时的位置") from None
        if hashlib.sha256(data).hexdigest() != sha:
            raise Forbidden("原件在登记后被改动，不能作为原件提供")
        return d, data

    @app.get("/documents/{sha}.json")
    def document_json(request: Request, sha: str) -> Response:
        current_user(request)
        return JSONResponse(_row(sha).record)

    @app.get("/documents/{sha}/original")
    def original(request: Request, sha: str) -> Response:
        current_user(request)
        d, data = _document(sha)
        name = Path(d.path).name
        return _download(data, name, MEDIA.get(d.media_type, "application/octet-stream"))

    @app.get("/documents/{sha}/pages/{n}.png")
    def page_image(request: Request, sha: str, n: int) -> Response:
        current_user(request)
        png = _page_png(sha, n)
        return Response(png, media_type="image/png", headers={"Cache-Control": "private, max-age=3600"})

    @app.get("/documents/{sha}/pages/{n}/crop.png")
    def page_crop(request: Request, sha: str, n: int, box: str) -> Response:
        """A small piece of a page (a seal), `box` = x0,y0,x1,y1 as fractions of the page."""
        current_user(request)
        rect = views.fraction_box(box)
        if rect is None:
            raise Forbidden("区域参数无效")
        png = views.crop_png(_page_png(sha, n), rect)
        return Response(png, media_type="image/png", headers={"Cache-Control": "private, max-age=3600"})

    def _page_png(sha: str, n: int) -> bytes:
        cache: OrderedDict = app.state.pages
        with app.state.pages_lock:
            png = cache.get((sha, n))
        if png is None:
            d, data = _document(sha)
            try:
                png = views.page_png(data, d.media_type, n)
            except Exception:  # no such page, or not a PDF or image
                raise Forbidden("该文件没有这一页的图像") from None
            with app.state.pages_lock:  # requests are served from several threads
                cache[(sha, n)] = png
                while len(cache) > 48:
                    cache.popitem(last=False)
        return png

    @app.get("/documents/{sha}/pages/{n}", response_class=HTMLResponse)
    def page_view(
        request: Request, sha: str, n: int, box: str | None = None, sid: int | None = None
    ) -> Response:
        user = current_user(request)
        d = _row(sha)
        name, pages = Path(d.path).name, d.record.get("source", {}).get("pages") or 1
        rect = None
        if box:
            try:
                vals = [float(x) for x in box.split(",")]
                if len(vals) == 4 and all(0 <= v <= 1 for v in vals):
                    rect = {
                        "x": vals[0],
                        "y": vals[1],
                        "w": max(vals[2] - vals[0], 0.005),
                        "h": max(vals[3] - vals[1], 0.005),
                    }
            except ValueError:
                rect = None
        return page(
            request, "page.html", user=user, sha=sha, n=n, name=name, pages=pages, rect=rect, sid=sid, box=box
        )

    # --- audit, charts, exports, users ---------------------------------------------------------

    @app.get("/audit", response_class=HTMLResponse)
    def audit(request: Request, submission: int | None = None) -> Response:
        user = current_user(request)
        return page(
            request,
            "audit.html",
            user=user,
            events=review.events(registry(), submission),
            submission=submission,
        )

    @app.get("/charts", response_class=HTMLResponse)
    def charts(request: Request) -> Response:
        user = current_user(request)
        return page(
            request,
            "charts.html",
            user=user,
            bars=views.flags_by_rule(registry()),
            net=views.shared_units(registry()),
        )

    @app.get("/export/registry.xlsx")
    def export_xlsx(request: Request) -> Response:
        current_user(request)
        return _download(
            exports.registry_xlsx(registry()),
            "registry.xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )

    @app.get("/export/registry-csv.zip")
    def export_csv(request: Request) -> Response:
        current_user(request)
        return _download(
            exports.zip_files(exports.registry_csv(registry())), "registry-csv.zip", "application/zip"
        )

    @app.get("/export/documents.zip")
    def export_json(request: Request) -> Response:
        current_user(request)
        return _download(
            exports.zip_files(exports.documents_json(registry())), "documents.zip", "application/zip"
        )

    @app.get("/users", response_class=HTMLResponse)
    def users(request: Request, error: str | None = None) -> Response:
        user = require(request, "admin")
        return page(
            request,
            "users.html",
            user=user,
            users=review.list_users(registry()),
            roles=review.ROLES,
            error=error,
        )

    @app.post("/users")
    async def add_user(request: Request) -> Response:
        user = require(request, "admin")
        await check_csrf(request)
        form = await request.form()
        try:
            review.add_user(
                registry(),
                str(form.get("username") or ""),
                str(form.get("password") or ""),
                str(form.get("role") or ""),
                by=user["username"],
            )
        except review.ReviewError as e:
            return RedirectResponse("/users?error=" + urllib.parse.quote(str(e)), status_code=303)
        return RedirectResponse("/users", status_code=303)

    @app.post("/users/{name}")
    async def change_user(request: Request, name: str) -> Response:
        user = require(request, "admin")
        await check_csrf(request)
        form = await request.form()
        role = str(form.get("role") or "") or None
        active = {"1": True, "0": False}.get(str(form.get("active") or ""))
        if name == user["username"] and (active is False or (role and role != "admin")):
            return RedirectResponse(
                "/users?error=" + urllib.parse.quote("不能停用自己或取消自己的管理员角色"), status_code=303
            )
        try:
            review.update_user(
                registry(),
                name,
                user["username"],
                role=role,
                active=active,
                password=str(form.get("password") or "") or None,
            )
        except review.ReviewError as e:
            return RedirectResponse("/users?error=" + urllib.parse.quote(str(e)), status_code=303)
        return RedirectResponse("/users", status_code=303)

    return app


def _safe_next(nxt: str) -> str:
    """Only a local path: never an absolute URL or a scheme-relative one (no open redirect)."""
    if not nxt.startswith("/") or nxt.startswith("//") or "\\" in nxt:
        return "/queue"
    return nxt


def _download(data: bytes, name: str, media_type: str) -> Response:
    quoted = urllib.parse.quote(name)
    return Response(
        data,
        media_type=media_type,
        headers={"Content-Disposition": f"attachment; filename=\"download\"; filename*=UTF-8''{quoted}"},
    )


def serve(db: str | None, out: str, host: str, port: int, use_prefect: bool = True) -> None:
    import uvicorn

    uvicorn.run(create_app(db, out, use_prefect=use_prefect), host=host, port=port, log_level="warning")
