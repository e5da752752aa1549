"""Accounts of the web app: users and roles, the password policy (a minimum length and zxcvbn's
check against common passwords, for the CLI and the admin page alike), log-in with argon2, and the
throttle on failed log-ins (per account and per address, growing delays, failures logged and the
admin told through an audit event)."""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from models.tables import ApiToken, LoginAttempt, ReviewEvent, User, WebSession, utcnow
from models.vocab import Action
from pipeline.registry import Registry
from pipeline.review.base import ROLES, NotFound, ReviewError

log = logging.getLogger("intake.accounts")
_hasher = PasswordHasher()

MIN_PASSWORD_LENGTH = 10
WINDOW = dt.timedelta(hours=1)  # failures older than this are forgotten
ACCOUNT_FREE_TRIES = 3  # failures an account gets before delays start
ADDRESS_FREE_TRIES = 10
MAX_DELAY_S = 15 * 60
ALERT_AT = 5  # failures in a row at which the admin is told (an audit event)


def check_password(password: str, username: str = "") -> None:
    """Refuse a password that is short, blank or common (zxcvbn's lists and patterns: '12345678',
    'password1', the user's own name)."""
    from zxcvbn import zxcvbn

    if len(password.strip()) < MIN_PASSWORD_LENGTH:
        raise ReviewError(f"密码至少{MIN_PASSWORD_LENGTH}个字符（不计首尾空格）")
    result = zxcvbn(password[:100], user_inputs=[username] if username else [])
    if result["score"] < 2:
        raise ReviewError("密码太常见或太容易猜到（如连续数字、常用密码、用户名），请换一个更长、更少见的")


def add_user(reg: Registry, username: str, password: str, role: str, by: str = "system") -> None:
    username = username.strip()
    if not re.fullmatch(r"[A-Za-z0-9_.\-]{2,80}", username):
        raise ReviewError("用户名只能由2-80个字母、数字、_ . - 组成")
    if role not in ROLES:
        raise ReviewError("角色必须是收件员、审查员或管理员")
    check_password(password, username)
    with reg.Session.begin() as s:
        if s.scalar(select(User).where(User.username == username)) is not None:
            raise ReviewError(f"用户 {username} 已存在")
        s.add(User(username=username, password_hash=_hasher.hash(password), role=role, active=True))
        s.add(ReviewEvent(username=by, action="user", target=username, value={"created": True, "role": role}))


def update_user(
    reg: Registry,
    username: str,
    by: str,
    role: str | None = None,
    active: bool | None = None,
    password: str | None = None,
) -> None:
    """Change a role, (de)activate, or reset a password. A reset or a deactivation ends every
    session and API token use of the account at once; reactivating does not revive them."""
    if password:
        check_password(password, username)
    with reg.Session.begin() as s:
        u = s.scalar(select(User).where(User.username == username))
        if u is None:
            raise NotFound(f"没有用户 {username}")
        change: dict[str, Any] = {}
        if role is not None and role != u.role:
            if role not in ROLES:
                raise ReviewError("角色必须是收件员、审查员或管理员")
            change["role"] = [u.role, role]
            u.role = role
        if active is not None and active != u.active:
            change["active"] = [u.active, active]
            u.active = active
        if password:
            u.password_hash = _hasher.hash(password)
            change["password"] = "changed"
        if "password" in change or change.get("active") == [True, False]:
            revoke_sessions(s, username)
        if change:
            s.add(ReviewEvent(username=by, action="user", target=username, value=change))


def revoke_sessions(s: Session, username: str) -> int:
    now = utcnow()
    r = s.execute(
        update(WebSession)
        .where(WebSession.username == username, WebSession.revoked_at.is_(None))
        .values(revoked_at=now)
    )
    return int(getattr(r, "rowcount", 0) or 0)


def user_role(reg: Registry, username: str) -> str | None:
    with reg.Read() as s:
        u = s.scalar(select(User).where(User.username == username, User.active.is_(True)))
        return u.role if u else None


def list_users(reg: Registry) -> list[dict[str, Any]]:
    with reg.Read() as s:
        tokens: dict[str, int] = dict(
            s.execute(
                select(ApiToken.username, func.count())
                .where(ApiToken.revoked_at.is_(None))
                .group_by(ApiToken.username)
            ).all()
        )
        return [
            {
                "username": u.username,
                "role": u.role,
                "active": u.active,
                "created_at": u.created_at,
                "tokens": tokens.get(u.username, 0),
            }
            for u in s.scalars(select(User).order_by(User.username))
        ]


def user_count(reg: Registry) -> int:
    with reg.Read() as s:
        return s.scalar(select(func.count()).select_from(User)) or 0


# --- log-in and its throttle ------------------------------------------------------------------


@dataclass
class LoginResult:
    user: dict[str, Any] | None = None
    wait_s: int = 0  # > 0: refused without looking at the password; try again after this


def _delay(failures: int, free: int) -> int:
    """Seconds to wait after `failures` failures in a row: none for the first `free`, then 1, 2,
    4, … up to 15 minutes."""
    if failures < free:
        return 0
    return int(min(2 ** (failures - free), MAX_DELAY_S))


def _failures(s: Session, column: Any, value: str, now: dt.datetime) -> tuple[int, dt.datetime | None]:
    """Failures in a row (since the last success) within the window, and the latest one's time."""
    last_ok = s.scalar(select(func.max(LoginAttempt.at)).where(column == value, LoginAttempt.ok.is_(True)))
    since = max(now - WINDOW, last_ok) if last_ok else now - WINDOW
    n, last = s.execute(
        select(func.count(), func.max(LoginAttempt.at)).where(
            column == value, LoginAttempt.ok.is_(False), LoginAttempt.at > since
        )
    ).one()
    return int(n or 0), last


def throttle_wait(s: Session, username: str, address: str, now: dt.datetime) -> int:
    waits = []
    for column, value, free in (
        (LoginAttempt.username, username, ACCOUNT_FREE_TRIES),
        (LoginAttempt.address, address, ADDRESS_FREE_TRIES),
    ):
        n, last = _failures(s, column, value, now)
        d = _delay(n, free)
        if d and last is not None:
            waits.append(int((last + dt.timedelta(seconds=d) - now).total_seconds() + 0.999))
    return max([w for w in waits if w > 0], default=0)


def authenticate(reg: Registry, username: str, password: str, address: str = "unknown") -> LoginResult:
    """The user's name and role if the password is theirs and the account is active; refused
    while the account or the address is throttled. Every attempt is recorded."""
    username = username.strip()[:80]
    address = (address or "unknown")[:64]
    now = utcnow()
    with reg.Session.begin() as s:
        wait = throttle_wait(s, username, address, now)
        ok = False
        if wait:
            log.warning(
                "log-in refused while throttled: user=%r address=%s wait=%ss", username, address, wait
            )
        else:
            u = s.scalar(select(User).where(User.username == username))
            if u is None or not u.active:
                _hasher.hash(password)  # the same work whether or not the user exists
            else:
                try:
                    ok = _hasher.verify(u.password_hash, password)
                except (VerificationError, InvalidHashError):
                    ok = False
        # every attempt is recorded, a throttled one as a failure: hammering keeps the delay growing
        s.add(LoginAttempt(at=now, username=username, address=address, ok=ok))
        if not ok:
            s.flush()
            n, _ = _failures(s, LoginAttempt.username, username, now)
            log.warning("log-in failed: user=%r address=%s failures=%d", username, address, n)
            if n == ALERT_AT:
                s.add(
                    ReviewEvent(
                        username="system",
                        action=Action.SECURITY.value,
                        target=username,
                        value={"failures": n, "address": address},
                        comment="多次登录失败，已按递增间隔限制该账户登录",
                    )
                )
            return LoginResult(wait_s=wait)
        assert u is not None
        if _hasher.check_needs_rehash(u.password_hash):
            u.password_hash = _hasher.hash(password)
        return LoginResult(user={"username": u.username, "role": u.role})


def recent_failures(reg: Registry, hours: int = 24) -> list[dict[str, Any]]:
    """Failed log-ins of the last hours, by account and address, for the admin."""
    since = utcnow() - dt.timedelta(hours=hours)
    with reg.Read() as s:
        rows = s.execute(
            select(LoginAttempt.username, LoginAttempt.address, func.count(), func.max(LoginAttempt.at))
            .where(LoginAttempt.ok.is_(False), LoginAttempt.at > since)
            .group_by(LoginAttempt.username, LoginAttempt.address)
            .order_by(func.count().desc())
        ).all()
    return [{"username": u, "address": a, "failures": n, "last": t} for u, a, n, t in rows]
