"""Accounts (admin only): users, roles, password resets, API tokens, and recent failed log-ins."""

from __future__ import annotations

import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from pipeline.registry import Registry
from pipeline.review import ReviewError, accounts, sessions
from pipeline.review.sessions import Who
from web.deps import Admin, Csrf, Reg
from web.render import page

router = APIRouter()


@dataclass(frozen=True)
class Desk:
    """An admin at the users page: who acts, on which registry, and the page to answer with."""

    request: Request
    user: Who
    reg: Registry

    def page(self, error: str | None = None, status_code: int = 200, **ctx) -> Response:
        """The users page: accounts, tokens, recent failed log-ins (and what `ctx` adds)."""
        return page(
            self.request,
            "users.html",
            status_code=status_code,
            user=self.user,
            users=accounts.list_users(self.reg),
            tokens=sessions.list_tokens(self.reg),
            failures=accounts.recent_failures(self.reg),
            error=error,
            **ctx,
        )


def desk(request: Request, user: Who = Admin, reg: Registry = Reg) -> Desk:
    return Desk(request, user, reg)


def _back(error: str | None = None) -> Response:
    return RedirectResponse(
        "/users" + (f"?error={urllib.parse.quote(error)}" if error else ""), status_code=303
    )


def _then_back(action: Callable[[], object]) -> Response:
    """Do the action, then back to the users page (saying why where it was refused)."""
    try:
        action()
    except ReviewError as e:
        return _back(str(e))
    return _back()


@router.get("/users")
def users(error: str | None = None, d: Desk = Depends(desk)) -> Response:
    return d.page(error)


@router.post("/users", dependencies=[Csrf])
def add_user(
    username: str = Form(""), password: str = Form(""), role: str = Form("reviewer"), d: Desk = Depends(desk)
) -> Response:
    try:
        accounts.add_user(d.reg, username, password, role, by=d.user.username)
    except ReviewError as e:
        return d.page(str(e), status_code=400)
    return _back()


@router.post("/users/{name}", dependencies=[Csrf])
def update_user(
    name: str, role: str = Form(""), active: str = Form(""), password: str = Form(""), d: Desk = Depends(desk)
) -> Response:
    on = {"1": True, "0": False}.get(active)
    if name == d.user.username and (on is False or (role and role != "admin")):
        return _back("不能停用自己或取消自己的管理员角色")
    return _then_back(
        lambda: accounts.update_user(
            d.reg, name, d.user.username, role=role or None, active=on, password=password or None
        )
    )


@router.post("/tokens", dependencies=[Csrf])
def issue_token(username: str = Form(""), label: str = Form(""), d: Desk = Depends(desk)) -> Response:
    try:
        token = sessions.issue_token(d.reg, username, label, by=d.user.username)
    except ReviewError as e:
        return d.page(str(e), status_code=400)
    return d.page(new_token=token, new_token_user=username)


@router.post("/tokens/{token_id}/revoke", dependencies=[Csrf])
def revoke_token(token_id: int, d: Desk = Depends(desk)) -> Response:
    return _then_back(lambda: sessions.revoke_token(d.reg, token_id, by=d.user.username))
