"""The web app's guards that sit before any route: security headers on every response (500s
included), `Cache-Control: no-store` on everything but the static files, request bodies capped by
route before authentication (413 on the Content-Length, or as soon as a streamed body passes the
cap), unauthenticated POSTs refused before their body is read, and the CSRF token.

Log-ins are server-side sessions (pipeline.review.sessions): the signed cookie carries a random
session token and the CSRF token, nothing else; the session row decides, on every request.
"""

from __future__ import annotations

import hmac
import os
import secrets
from collections.abc import Callable
from pathlib import Path
from typing import Any

from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

import settings
from pipeline.review import allowed, sessions

CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
)
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}
FORM_BYTES = 64 * 1024  # a reviewer's form, a log-in
LOGIN_BYTES = 8 * 1024


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


def csrf_ok(request: Request, sent: str | None) -> bool:
    expected = request.session.get("csrf")
    sent = request.headers.get("x-csrf-token") or sent
    return bool(expected and sent and hmac.compare_digest(str(expected), str(sent)))


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def body_limit(path: str) -> int:
    """The largest request body a route takes: the upload limits for uploads, a small form else."""
    if path == "/upload":
        return settings.max_upload_total_bytes()
    if path == "/login":
        return LOGIN_BYTES
    return FORM_BYTES


class Guard:
    """Pure ASGI middleware inside the session middleware: headers on every response, and a POST's
    body capped by route and refused before it is read when no one is logged in (log-in aside)."""

    def __init__(self, app: ASGIApp, registry: Callable[[], Any]) -> None:
        self.app = app
        self.registry = registry

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        static = path.startswith("/static/")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                hs = message.setdefault("headers", [])
                present = {k.lower() for k, _ in hs}
                for k, v in HEADERS.items():
                    if k.lower().encode() not in present:
                        hs.append((k.encode(), v.encode()))
                if not static:
                    hs[:] = [(k, v) for k, v in hs if k.lower() != b"cache-control"]
                    hs.append((b"cache-control", b"no-store"))
            await send(message)

        if scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send_with_headers)
            return
        limit = body_limit(path)
        declared = Headers(scope=scope).get("content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > limit):
            await _reply(scope, receive, send_with_headers, 413, f"请求过大（此处上限 {_size(limit)}）")
            return
        if path != "/login" and not path.startswith("/api/"):
            token = (scope.get("session") or {}).get("sid")
            who = sessions.session_user(self.registry(), token)
            if who is None:
                await _reply(scope, receive, send_with_headers, 401, "请先登录")
                return
            if path == "/upload" and not allowed(who.role, "upload"):
                await _reply(scope, receive, send_with_headers, 403, "没有上传权限")
                return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise BodyTooLarge(limit)
            return message

        try:
            await self.app(scope, counted, send_with_headers)
        except BodyTooLarge:
            await _reply(scope, receive, send_with_headers, 413, f"请求过大（此处上限 {_size(limit)}）")


class BodyTooLarge(HTTPException):
    """Raised from the body's stream: an HTTPException, so that the form parser passes it on."""

    def __init__(self, limit: int) -> None:
        super().__init__(status_code=413, detail=f"请求过大（此处上限 {_size(limit)}）")
        self.limit = limit


def _size(n: int) -> str:
    return f"{n // (1024 * 1024)} MB" if n >= 1024 * 1024 else f"{n // 1024} KB"


async def _reply(scope: Scope, receive: Receive, send: Send, status: int, text: str) -> None:
    resp: Response = PlainTextResponse(text, status_code=status, headers={"Connection": "close"})
    await resp(scope, receive, send)
