"""FastAPI dependencies of the routes: the registry, the logged-in user, the role an action needs,
the CSRF token of a form, and the submission a path names (404 if there is none)."""

from __future__ import annotations

from collections.abc import Callable

from fastapi import Depends, Form, Request

from pipeline.registry import Registry
from pipeline.review import actions, allowed, sessions
from pipeline.review.sessions import Who
from web.security import Forbidden, LoginRequired, csrf_ok

ACTION_NAMES = {"upload": "上传材料", "review": "审查决定", "admin": "用户管理"}


class NotFoundPage(Exception):
    def __init__(self, title: str, message: str = "") -> None:
        super().__init__(title)
        self.title = title
        self.message = message


def registry(request: Request) -> Registry:
    return request.app.state.registry


def current_user(request: Request, reg: Registry = Depends(registry)) -> Who:
    who = sessions.session_user(reg, request.session.get("sid"))
    if who is None:
        request.session.pop("sid", None)
        raise LoginRequired()
    return who


def role(action: str) -> Callable[..., Who]:
    def dep(user: Who = Depends(current_user)) -> Who:
        if not allowed(user.role, action):
            from models.vocab import label

            raise Forbidden(f"{label('role', user.role)}不能{ACTION_NAMES.get(action, action)}")
        return user

    return dep


def csrf(request: Request, csrf: str = Form("")) -> None:
    if not csrf_ok(request, csrf):
        raise Forbidden("表单已失效或来源不明（CSRF 校验未通过），请刷新页面后重试")


def submission(sid: int, reg: Registry = Depends(registry)) -> int:
    if not actions.exists(reg, sid):
        raise NotFoundPage("没有这个提交", f"提交编号 {sid} 不存在")
    return sid


Reg = Depends(registry)
Viewer = Depends(current_user)
Reviewer = Depends(role("review"))
Uploader = Depends(role("upload"))
Admin = Depends(role("admin"))
Csrf = Depends(csrf)
