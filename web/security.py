"""Log-in, roles and CSRF for the web app.

The session is Starlette's signed cookie (itsdangerous); it holds the user name and a CSRF token,
nothing else. The role is read from the registry on every request, so a role change or a
deactivated account takes effect at once. Every POST carries the session's CSRF token (a hidden
form field, or the X-CSRF-Token header) and is refused without it.
"""

from __future__ import annotations

import hmac
import os
import secrets
from pathlib import Path
from typing import Any

from fastapi import Request

import settings
from pipeline import review


class LoginRequired(Exception):
    pass


class Forbidden(Exception):
    def __init__(self, message: str = "没有权限") -> None:
        super().__init__(message)
        self.message = message


def secret_key(out_dir: Path) -> str:
    """$INTAKE_SECRET_KEY, else a key generated once and kept (mode 600) beside the registry."""
    env = settings.secret_key()
    if env:
        return env
    p = out_dir / ".intake-secret-key"
    if not p.exists():
        out_dir.mkdir(parents=True, exist_ok=True)
        fd = os.open(p, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(secrets.token_hex(32))
    return p.read_text().strip()


def csrf_token(request: Request) -> str:
    tok = request.session.get("csrf")
    if not tok:
        tok = secrets.token_urlsafe(32)
        request.session["csrf"] = tok
    return str(tok)


async def check_csrf(request: Request) -> None:
    expected = request.session.get("csrf")
    sent = request.headers.get("x-csrf-token")
    if sent is None:
        form = await request.form()
        v = form.get("csrf")
        sent = v if isinstance(v, str) else None
    if not expected or not sent or not hmac.compare_digest(str(expected), sent):
        raise Forbidden("表单已失效或来源不明（CSRF 校验未通过），请刷新页面后重试")


def current_user(request: Request) -> dict[str, Any]:
    name = request.session.get("user")
    if not name:
        raise LoginRequired()
    role = review.user_role(request.app.state.registry, name)
    if role is None:  # deactivated or removed since logging in
        request.session.pop("user", None)
        raise LoginRequired()
    return {"username": name, "role": role}


def require(request: Request, action: str) -> dict[str, Any]:
    user = current_user(request)
    if not review.allowed(user["role"], action):
        names = {"upload": "上传材料", "review": "审查决定", "admin": "用户管理"}
        raise Forbidden(f"角色“{user['role']}”不能{names.get(action, action)}")
    return user
