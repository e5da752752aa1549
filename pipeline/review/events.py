"""The audit trail: every decision, correction, sign-off, reopening and account change is a
`ReviewEvent`, appended and never changed. A submission's review state is read from its events:
the latest event of an item is its state; a sign-off holds until a later decision or correction
reopens it (with a `reopen` event saying why).

Every action on a submission names the revision the reviewer's page was built on (the id of the
submission's latest event); if another event came since, the action is refused, not merged.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models.tables import ReviewEvent, Submission, row_as
from models.vocab import Action, Status, field_label
from pipeline.review.base import Conflict, NotFound


@dataclass(frozen=True)
class CorrectionTarget:
    """What a correction corrects: one field (a path such as `members.3.credit_code`) of one
    document (its sha256). Stored in the event's `target` as `<sha256>:<path>`; read back only here."""

    document: str
    path: str

    def encode(self) -> str:
        return f"{self.document}:{self.path}"

    @classmethod
    def decode(cls, target: str) -> CorrectionTarget:
        sha, _, path = target.partition(":")
        return cls(document=sha, path=path)

    @property
    def label(self) -> str:
        return field_label(self.path)


@dataclass(frozen=True)
class Event:
    id: int
    at: dt.datetime
    username: str
    action: str
    submission_id: int | None
    target: str
    value: dict[str, Any]
    comment: str | None

    @property
    def correction(self) -> CorrectionTarget | None:
        return CorrectionTarget.decode(self.target) if self.action == Action.CORRECTION else None

    def __getitem__(self, k: str) -> Any:  # templates and exports read events as mappings
        return getattr(self, k)


def as_event(e: ReviewEvent) -> Event:
    return row_as(Event, e, value=dict(e.value or {}))


def latest(events: list[Event]) -> dict[tuple[str, str], Event]:
    out: dict[tuple[str, str], Event] = {}
    for e in sorted(events, key=lambda e: e.id):
        out[(e.action, e.target)] = e
    return out


def status_of(events: list[Event] | list[ReviewEvent] | list[Any]) -> str:
    """new → in_review on the first decision or correction; a sign-off sets its outcome; a later
    decision, correction or reopening takes it back to in_review."""
    status = Status.NEW.value
    evs: list[Any] = list(events)
    for e in sorted(evs, key=lambda e: e.id):
        if e.action == Action.SIGNOFF:
            status = str((e.value or {}).get("outcome", Status.IN_REVIEW.value))
        elif e.action in (Action.DECISION, Action.CORRECTION, Action.REOPEN):
            status = Status.IN_REVIEW.value
    return status


def of_submission(s: Session, submission_id: int) -> list[Event]:
    q = select(ReviewEvent).where(ReviewEvent.submission_id == submission_id).order_by(ReviewEvent.id)
    return [as_event(e) for e in s.scalars(q)]


def revision(s: Session, submission_id: int) -> int:
    """The id of the submission's latest event (0 before any): what a reviewer's page was built on."""
    return int(
        s.scalar(select(func.max(ReviewEvent.id)).where(ReviewEvent.submission_id == submission_id)) or 0
    )


def lock_submission(s: Session, submission_id: int) -> Submission:
    """The submission's row, locked for the rest of the transaction (PostgreSQL: FOR UPDATE;
    SQLite: the write transaction is already exclusive)."""
    sub = s.scalar(select(Submission).where(Submission.id == submission_id).with_for_update())
    if sub is None:
        raise NotFound(f"没有提交 {submission_id}")
    return sub


STALE = "本提交在你打开页面后已有改动（他人的审查或更正），操作未执行；请查看最新内容后重试"


def check_revision(s: Session, submission_id: int, rev: int | None) -> None:
    """Refuse an action built on an older page than the submission's latest event."""
    if rev is not None and rev != revision(s, submission_id):
        raise Conflict(STALE)


def append(
    s: Session,
    submission_id: int,
    by: str,
    action: Action,
    target: str,
    value: dict[str, Any],
    comment: str | None,
    rev: int | None,
) -> None:
    """Append one event to a submission (locked by the caller) after checking the revision the
    reviewer saw; a decision or correction after a sign-off reopens it, with an event saying why."""
    check_revision(s, submission_id, rev)
    before = status_of(of_submission(s, submission_id))
    s.add(
        ReviewEvent(
            username=by,
            action=action.value,
            submission_id=submission_id,
            target=target,
            value=value,
            comment=(comment or "").strip() or None,
        )
    )
    s.flush()
    if action in (Action.DECISION, Action.CORRECTION) and before in (Status.APPROVED, Status.RETURNED):
        what = (
            f"更正了“{CorrectionTarget.decode(target).label}”"
            if action == Action.CORRECTION
            else "改变了一项审查决定"
        )
        s.add(
            ReviewEvent(
                username=by,
                action=Action.REOPEN.value,
                submission_id=submission_id,
                target="submission",
                value={"was": before, "because": action.value, "target": target},
                comment=f"签核（{Status(before).label}）之后{what}，签核失效，须重新签核",
            )
        )


def recent(s: Session, submission_id: int | None = None, limit: int = 500) -> list[Event]:
    q = select(ReviewEvent).order_by(ReviewEvent.id.desc()).limit(limit)
    if submission_id is not None:
        q = q.where(ReviewEvent.submission_id == submission_id)
    return [as_event(e) for e in s.scalars(q)]


def describe(e: Event) -> str:
    """An event's content in words (no codes, no `None`)."""
    from models.vocab import label

    v = e.value or {}
    if e.action == Action.DECISION:
        return label("decision", v.get("verdict"))
    if e.action == Action.CORRECTION:
        t = CorrectionTarget.decode(e.target)
        return f"{t.label}：{shown_value(v.get('machine'))} → {shown_value(v.get('value'))}"
    if e.action == Action.SIGNOFF:
        return label("status", v.get("outcome"))
    if e.action == Action.REOPEN:
        return f"签核（{label('status', v.get('was'))}）失效"
    if e.action == Action.USER:
        parts = []
        if v.get("created"):
            parts.append(f"建立账户，角色{label('role', v.get('role'))}")
        if "role" in v and isinstance(v["role"], list):
            parts.append(f"角色 {label('role', v['role'][0])} → {label('role', v['role'][1])}")
        if "active" in v:
            parts.append("启用" if v["active"][1] else "停用")
        if v.get("password"):
            parts.append("重设密码")
        return "；".join(parts) or "账户变更"
    if e.action == Action.TOKEN:
        return ("签发" if v.get("issued") else "吊销") + f"接口令牌 {v.get('prefix', '')}…"
    if e.action == Action.SECURITY:
        return (
            f"连续{v.get('failures', '?')}次登录失败（来自 {v.get('address', '未知地址')}），已暂时限制登录"
        )
    return ""


def shown_value(v: Any) -> str:
    """A field's value as a reviewer reads it: a list joined with 、, a number without trailing
    zeros, nothing (None, an empty text or list) as （空）."""
    if v is None or v == "" or v == []:
        return "（空）"
    if isinstance(v, list):
        return "、".join(str(x) for x in v)
    if isinstance(v, float):
        return f"{v:g}"
    return str(v)
