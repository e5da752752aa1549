"""The reviewers' web app over the registry (`intake serve`): the queue, uploads that run the intake
flow, each submission's checklist with evidence on the page, decisions, corrections, sign-off,
the audit trail, exports, charts, accounts and a read-only JSON API. Server-rendered Jinja2 pages;
all document text is escaped. The routes live in web/routes/, one module a page.
"""

from __future__ import annotations

import logging
import urllib.parse
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import HTTPException
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.middleware.sessions import SessionMiddleware

import settings
from pipeline.registry import Registry
from web.deps import NotFoundPage
from web.jobs import Jobs
from web.render import page
from web.routes import admin, api, api_docs, auth, documents, overview, queue, submissions
from web.security import HEADERS, Forbidden, Guard, LoginRequired, secret_key

HERE = Path(__file__).parent
log = logging.getLogger("intake.web")


def _wants_json(request: Request) -> bool:
    return (
        request.url.path.endswith(".json")
        or request.url.path.startswith("/api/")
        or request.headers.get("accept", "").startswith("application/json")
    )


def create_app(db: str | None = None, out: str = "out", use_prefect: bool = True) -> FastAPI:
    out_dir = Path(out).resolve()
    out_dir.mkdir(parents=True, exist_ok=True)
    url = settings.db_url(db, str(out_dir))
    app = FastAPI(
        title="intake",
        summary="创新联合体材料登记簿的只读接口 (read-only registry API)",
        version="1",
        docs_url=None,
        redoc_url=None,
        openapi_url="/api/openapi.json",
    )
    app.state.registry = Registry.open(url, out_dir=str(out_dir))
    app.state.jobs = Jobs(out_dir, url, use_prefect=use_prefect)
    app.state.pages = documents.PageCache()
    app.add_middleware(Guard, registry=lambda: app.state.registry)
    app.add_middleware(
        SessionMiddleware,
        secret_key=secret_key(out_dir),
        session_cookie="intake_session",
        same_site="strict",
        https_only=settings.secure_cookie(),
        max_age=12 * 3600,
    )
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    for r in (auth, queue, submissions, documents, overview, admin):
        app.include_router(r.router, include_in_schema=False)
    app.include_router(api.router)
    app.include_router(api_docs.router)

    @app.exception_handler(LoginRequired)
    async def _login(request: Request, exc: LoginRequired) -> Response:
        if _wants_json(request):
            return JSONResponse({"error": "请先登录"}, status_code=401)
        nxt = urllib.parse.quote(request.url.path + (("?" + request.url.query) if request.url.query else ""))
        return RedirectResponse(f"/login?next={nxt}", status_code=303)

    @app.exception_handler(Forbidden)
    async def _forbidden(request: Request, exc: Forbidden) -> Response:
        if _wants_json(request):
            return JSONResponse({"error": exc.message}, status_code=403)
        return page(request, "error.html", status_code=403, title="没有权限", message=exc.message)

    @app.exception_handler(NotFoundPage)
    async def _not_found(request: Request, exc: NotFoundPage) -> Response:
        if _wants_json(request):
            return JSONResponse({"error": exc.title}, status_code=404)
        return page(request, "error.html", status_code=404, title=exc.title, message=exc.message)

    @app.exception_handler(404)
    async def _no_route(request: Request, exc: HTTPException) -> Response:
        if _wants_json(request):
            return JSONResponse({"error": str(exc.detail)}, status_code=404)
        return page(request, "error.html", status_code=404, title="没有这个页面", message="")

    @app.exception_handler(Exception)
    async def _crash(request: Request, exc: Exception) -> Response:
        # answered by Starlette's outermost middleware: the headers are set here
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return Response(
            "服务器内部错误，已记录；请稍后再试或联系管理员",
            status_code=500,
            media_type="text/plain; charset=utf-8",
            headers={**HEADERS, "Cache-Control": "no-store"},
        )

    return app


def serve(db: str | None, out: str, host: str, port: int, use_prefect: bool = True) -> None:
    import uvicorn

    uvicorn.run(create_app(db, out, use_prefect=use_prefect), host=host, port=port, log_level="warning")
