"""Server-side sessions of the web app and the API's tokens. Both are random secrets of which
only the sha256 is stored; a session or token is honoured only while its row says so and its
user is active. Log-out revokes the session; a password reset or a deactivation revokes every
session of the account (update_user); an admin revokes a token."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, update

from models.tables import ApiToken, ReviewEvent, User, WebSession, utcnow
from models.vocab import Action
from pipeline.registry import Registry
from pipeline.review.base import NotFound, ReviewError

SESSION_HOURS = 12
TOUCH_EVERY = dt.timedelta(minutes=5)  # last_seen is written at most this often (reads stay reads)
TOKEN_PREFIX = "itk_"


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


@dataclass(frozen=True)
class Who:
    username: str
    role: str

    def __getitem__(self, k: str) -> Any:  # templates read users as mappings
        return getattr(self, k)


def start_session(reg: Registry, username: str, address: str | None = None) -> str:
    token = secrets.token_urlsafe(32)
    now = utcnow()
    with reg.Session.begin() as s:
        s.add(
            WebSession(
                token_hash=_hash(token),
                username=username,
                address=(address or "")[:64] or None,
                created_at=now,
                last_seen=now,
                expires_at=now + dt.timedelta(hours=SESSION_HOURS),
            )
        )
    return token


def session_user(reg: Registry, token: str | None) -> Who | None:
    """The active user of a live session, else None (unknown, expired or revoked session;
    deactivated user)."""
    if not token:
        return None
    now = utcnow()
    return _holder(reg, WebSession, "last_seen", token, now, WebSession.expires_at > now)


def _holder(
    reg: Registry,
    table: type[WebSession] | type[ApiToken],
    seen: str,
    token: str,
    now: dt.datetime,
    *live: Any,
) -> Who | None:
    """The active user whose unrevoked row of `table` (sessions or API tokens) holds the token's
    hash and meets `live`; the row's `seen` column is written at most every TOUCH_EVERY."""
    with reg.Read() as s:
        row = s.execute(
            select(table.id, getattr(table, seen), User.username, User.role)
            .join(User, User.username == table.username)
            .where(table.token_hash == _hash(token), table.revoked_at.is_(None), *live, User.active.is_(True))
        ).first()
    if row is None:
        return None
    rid, last, username, role = row
    if last is None or now - last > TOUCH_EVERY:
        with reg.Session.begin() as s:
            s.execute(update(table).where(table.id == rid).values({seen: now}))
    return Who(username=username, role=role)


def end_session(reg: Registry, token: str | None) -> None:
    if not token:
        return
    with reg.Session.begin() as s:
        s.execute(
            update(WebSession)
            .where(WebSession.token_hash == _hash(token), WebSession.revoked_at.is_(None))
            .values(revoked_at=utcnow())
        )


# --- API tokens --------------------------------------------------------------------------------


def issue_token(reg: Registry, username: str, label: str, by: str) -> str:
    """A new token for `username`, shown once; only its hash is kept."""
    label = (label or "").strip()[:200] or "接口令牌"
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with reg.Session.begin() as s:
        u = s.scalar(select(User).where(User.username == username))
        if u is None:
            raise NotFound(f"没有用户 {username}")
        if not u.active:
            raise ReviewError(f"用户 {username} 已停用，不能签发令牌")
        s.add(
            ApiToken(
                token_hash=_hash(token), prefix=token[:10], username=username, label=label, created_by=by
            )
        )
        s.add(
            ReviewEvent(
                username=by,
                action=Action.TOKEN.value,
                target=username,
                value={"issued": True, "prefix": token[:10], "label": label},
            )
        )
    return token


def revoke_token(reg: Registry, token_id: int, by: str) -> None:
    with reg.Session.begin() as s:
        t = s.get(ApiToken, token_id)
        if t is None:
            raise NotFound("没有这个令牌")
        if t.revoked_at is None:
            t.revoked_at = utcnow()
            s.add(
                ReviewEvent(
                    username=by,
                    action=Action.TOKEN.value,
                    target=t.username,
                    value={"revoked": True, "prefix": t.prefix},
                )
            )


def token_user(reg: Registry, token: str | None) -> Who | None:
    """The active user a live token belongs to, else None."""
    if not token or not token.startswith(TOKEN_PREFIX) or len(token) > 200:
        return None
    return _holder(reg, ApiToken, "last_used_at", token, utcnow())


def list_tokens(reg: Registry) -> list[dict[str, Any]]:
    with reg.Read() as s:
        return [
            {
                "id": t.id,
                "prefix": t.prefix,
                "username": t.username,
                "label": t.label,
                "created_by": t.created_by,
                "created_at": t.created_at,
                "last_used_at": t.last_used_at,
                "revoked_at": t.revoked_at,
            }
            for t in s.scalars(select(ApiToken).order_by(ApiToken.id.desc()))
        ]
