"""Log-in and log-out: a server-side session per log-in; failed attempts throttled per account
and per address (pipeline.review.accounts)."""

from __future__ import annotations

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from pipeline.registry import Registry
from pipeline.review import accounts, sessions
from web.deps import Csrf, Reg
from web.render import page
from web.security import client_address, csrf_token

router = APIRouter()


def safe_next(nxt: str) -> str:
    """Only a local path: never an absolute URL or a scheme-relative one (no open redirect)."""
    if not nxt.startswith("/") or nxt.startswith("//") or "\\" in nxt:
        return "/queue"
    return nxt


@router.get("/login")
def login_form(request: Request, next: str = "/queue") -> Response:
    return page(request, "login.html", user=False, next=safe_next(next), error=None)


@router.post("/login", dependencies=[Csrf])
def login(
    request: Request,
    username: str = Form(""),
    password: str = Form(""),
    next: str = Form("/queue"),
    reg: Registry = Reg,
) -> Response:
    nxt = safe_next(next)
    result = accounts.authenticate(reg, username, password, client_address(request))
    if result.wait_s:
        return page(
            request,
            "login.html",
            status_code=429,
            user=False,
            next=nxt,
            error=f"登录失败次数过多，请在 {result.wait_s} 秒后再试",
        )
    if result.user is None:
        return page(request, "login.html", status_code=401, user=False, next=nxt, error="用户名或密码不对")
    old = request.session.get("sid")
    if old:
        sessions.end_session(reg, old)
    request.session.clear()
    request.session["sid"] = sessions.start_session(reg, result.user["username"], client_address(request))
    csrf_token(request)  # a fresh token for the new session
    return RedirectResponse(nxt, status_code=303)


@router.post("/logout", dependencies=[Csrf])
def logout(request: Request, reg: Registry = Reg) -> Response:
    sessions.end_session(reg, request.session.get("sid"))
    request.session.clear()
    return RedirectResponse("/login", status_code=303)
