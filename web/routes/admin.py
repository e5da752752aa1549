"""Accounts (admin only): users, roles, password resets, API tokens, and recent failed log-ins."""

from __future__ import annotations

import urllib.parse

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from pipeline.registry import Registry
from pipeline.review import ReviewError, accounts, sessions
from pipeline.review.sessions import Who
from web.deps import Admin, Csrf, registry
from web.render import page

router = APIRouter()


def _users_page(request: Request, user: Who, reg: Registry, error: str | None = None, **ctx) -> Response:
    return page(
        request,
        "users.html",
        status_code=400 if error else 200,
        user=user,
        users=accounts.list_users(reg),
        tokens=sessions.list_tokens(reg),
        failures=accounts.recent_failures(reg),
        error=error,
        **ctx,
    )


def _back(error: str | None = None) -> Response:
    return RedirectResponse(
        "/users" + (f"?error={urllib.parse.quote(error)}" if error else ""), status_code=303
    )


@router.get("/users")
def users(
    request: Request, error: str | None = None, user: Who = Admin, reg: Registry = Depends(registry)
) -> Response:
    return page(
        request,
        "users.html",
        user=user,
        users=accounts.list_users(reg),
        tokens=sessions.list_tokens(reg),
        failures=accounts.recent_failures(reg),
        error=error,
    )


@router.post("/users", dependencies=[Csrf])
def add_user(
    request: Request,
    username: str = Form(""),
    password: str = Form(""),
    role: str = Form("reviewer"),
    user: Who = Admin,
    reg: Registry = Depends(registry),
) -> Response:
    try:
        accounts.add_user(reg, username, password, role, by=user.username)
    except ReviewError as e:
        return _users_page(request, user, reg, str(e))
    return _back()


@router.post("/users/{name}", dependencies=[Csrf])
def update_user(
    name: str,
    role: str = Form(""),
    active: str = Form(""),
    password: str = Form(""),
    user: Who = Admin,
    reg: Registry = Depends(registry),
) -> Response:
    on = {"1": True, "0": False}.get(active)
    if name == user.username and (on is False or (role and role != "admin")):
        return _back("不能停用自己或取消自己的管理员角色")
    try:
        accounts.update_user(
            reg, name, user.username, role=role or None, active=on, password=password or None
        )
    except ReviewError as e:
        return _back(str(e))
    return _back()


@router.post("/tokens", dependencies=[Csrf])
def issue_token(
    request: Request,
    username: str = Form(""),
    label: str = Form(""),
    user: Who = Admin,
    reg: Registry = Depends(registry),
) -> Response:
    try:
        token = sessions.issue_token(reg, username, label, by=user.username)
    except ReviewError as e:
        return _users_page(request, user, reg, str(e))
    return _users_page(request, user, reg, new_token=token, new_token_user=username)


@router.post("/tokens/{token_id}/revoke", dependencies=[Csrf])
def revoke_token(token_id: int, user: Who = Admin, reg: Registry = Depends(registry)) -> Response:
    try:
        sessions.revoke_token(reg, token_id, by=user.username)
    except ReviewError as e:
        return _back(str(e))
    return _back()
