"""Server-rendered pages: the Jinja2 environment (autoescaping everything; the vocabulary's labels
as filters, so templates print words, never codes or `None`) and the `page` helper."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path
from typing import Any

from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.requests import Request

from models import vocab
from pipeline.review import allowed, sessions
from pipeline.review.events import describe
from web.security import csrf_token

HERE = Path(__file__).parent


def _shown(v: Any) -> str:
    """A value as a reviewer reads it: nothing is '—', lists joined with 、, no `None`."""
    if v is None or v == "" or v == []:
        return "—"
    if isinstance(v, bool):
        return "是" if v else "否"
    if isinstance(v, list):
        return "、".join(_shown(x) for x in v)
    if isinstance(v, float):
        return f"{v:,.2f}".rstrip("0").rstrip(".")
    if isinstance(v, dt.datetime):
        return v.strftime("%Y-%m-%d %H:%M")
    return vocab.shown_name(v)


def _value_of(v: Any, f: vocab.Field) -> str:
    if f.kind == "choice" and f.choices:
        return vocab.label(f.choices, v)
    return _shown(v)


def pack_label(name: str | None) -> str:
    """`guangxi-2025` → 广西 2025 版规则; none → 未确定（地区或日期未识别）."""
    if not name:
        return "未确定（地区或日期未识别）"
    jur, _, version = name.partition("-")
    return f"{vocab.label('jurisdiction', jur)} {version} 版规则"


def _env() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(HERE / "templates")), autoescape=select_autoescape(default=True)
    )
    env.globals.update(
        allowed=allowed,
        vocab=vocab,
        STATUSES=list(vocab.Status),
        JURISDICTIONS=[j for j in vocab.Jurisdiction],
        ROLES=list(vocab.Role),
        TIERS=list(vocab.Tier),
        KINDS=list(vocab.Kind),
        DECISIONS=list(vocab.Decision),
        describe=describe,
    )
    env.filters["label"] = lambda code, kind: vocab.label(kind, code)
    env.filters["help"] = lambda code, kind: vocab.help_text(kind, code)
    env.filters["field_label"] = vocab.field_label
    env.filters["human"] = vocab.humanize
    env.filters["word"] = vocab.word
    env.filters["pack_label"] = pack_label
    env.filters["name"] = vocab.shown_name
    env.filters["shown"] = _shown
    env.filters["value_of"] = _value_of
    env.filters["anchor"] = lambda k: hashlib.sha1(str(k).encode()).hexdigest()[:10]
    env.filters["when"] = lambda t: t.strftime("%Y-%m-%d %H:%M") if t else "—"
    return env


templates = Jinja2Templates(env=_env())


def page(
    request: Request,
    template: str,
    status_code: int = 200,
    user: sessions.Who | None | bool = None,
    **ctx: Any,
) -> HTMLResponse:
    if user is None:
        user = sessions.session_user(request.app.state.registry, request.session.get("sid"))
    return templates.TemplateResponse(
        request,
        template,
        {"user": user or None, "csrf": csrf_token(request), **ctx},
        status_code=status_code,
    )
