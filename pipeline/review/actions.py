"""What a reviewer does to a submission: decide an item, correct a field, sign off. Each runs in
one write transaction on the locked submission, checks the revision the reviewer's page was built
on (a concurrent change refuses the action), and appends its event; a decision or correction
after a sign-off reopens it (events.append). A decision validates its one item against the
checklist's items without building the page (no evidence located, no fields laid out)."""

from __future__ import annotations

from sqlalchemy import select

from models.tables import Document
from models.vocab import Action, Decision, Status, field_label
from pipeline.registry import Registry
from pipeline.review import checklist, events, fields
from pipeline.review.base import ReviewError
from pipeline.review.events import CorrectionTarget

VERDICTS = tuple(d.value for d in Decision)


def decide(
    reg: Registry, submission_id: int, item: str, verdict: str, comment: str, by: str, rev: int | None = None
) -> None:
    """Confirm or overrule one checklist item. Overruling needs a reason."""
    if verdict not in VERDICTS:
        raise ReviewError("请选择“确认”或“推翻”")
    comment = (comment or "").strip()
    if verdict == Decision.OVERRULED and not comment:
        raise ReviewError("推翻机器判定须写明理由")
    with reg.Session.begin() as s:
        events.lock_submission(s, submission_id)
        events.check_revision(s, submission_id, rev)
        c = checklist.build(s, submission_id)
        if item not in {it.key for it in c.items}:
            raise ReviewError("本提交的审查表中没有此项（可能已因更正而变化），请刷新后重试")
        events.append(s, submission_id, by, Action.DECISION, item, {"verdict": verdict}, comment, rev)


def correct(
    reg: Registry,
    submission_id: int,
    sha: str,
    path: str,
    text: str,
    comment: str,
    by: str,
    rev: int | None = None,
) -> None:
    """Record the value a reviewer reads for one field of one document, beside the machine's."""
    correct_many(reg, submission_id, sha, {path: text}, comment, by, rev)


def correct_many(
    reg: Registry,
    submission_id: int,
    sha: str,
    values: dict[str, str],
    comment: str,
    by: str,
    rev: int | None = None,
) -> int:
    """Corrections of several fields of one document (a member row's cells) in one step: only the
    fields whose value differs from the one in force are recorded. Returns how many were."""
    for path in values:
        if not fields.allowed_path(path):
            raise ReviewError(f"不能更正字段“{field_label(path)}”")
    with reg.Session.begin() as s:
        sub = events.lock_submission(s, submission_id)
        if sha not in (sub.record.get("documents") or []):
            raise ReviewError("该文件不属于本提交")
        row = s.get(Document, sha)
        if row is None:
            raise ReviewError("登记簿中没有该文件")
        current = checklist.corrections_of(events.of_submission(s, submission_id)).get(sha, {})
        events.check_revision(s, submission_id, rev)
        changed = 0
        in_force = fields.apply(row.record, current, flags=False).model_dump(mode="json")
        for path, text in values.items():
            machine, value = fields.check(row.record, current, path, text)
            if value == fields.get(in_force, path.split(".")):
                continue
            current = {**current, path: value}
            target = CorrectionTarget(sha, path).encode()
            events.append(
                s,
                submission_id,
                by,
                Action.CORRECTION,
                target,
                {"machine": machine, "value": value},
                comment,
                None,
            )
            changed += 1
        if not changed:
            raise ReviewError("值与现用值相同，没有更正")
        return changed


def sign_off(
    reg: Registry, submission_id: int, outcome: str, comment: str, by: str, rev: int | None = None
) -> None:
    """Approve or return a submission. Approval needs every item decided and no failing verdict
    standing (a confirmed 不符合 blocks it; overruling it, or correcting the reading, resolves it)."""
    if outcome not in (Status.APPROVED, Status.RETURNED):
        raise ReviewError("结论必须是通过或退回")
    if outcome == Status.RETURNED and not (comment or "").strip():
        raise ReviewError("退回须写明理由")
    with reg.Session.begin() as s:
        events.lock_submission(s, submission_id)
        events.check_revision(s, submission_id, rev)
        c = checklist.build(s, submission_id)
        if outcome == Status.APPROVED:
            open_items = [it for it in c.items if it.needs_human]
            if open_items:
                raise ReviewError(f"还有{len(open_items)}项待人工确认，不能通过")
            blocking = [it for it in c.items if it.blocks_approval]
            if blocking:
                raise ReviewError(
                    f"有{len(blocking)}项不符合（确认不符合并不等于解决），不能通过："
                    + "、".join(sorted({it.title[:30] for it in blocking})[:5])
                    + "。可退回，或经核实推翻、更正后再签核"
                )
        events.append(s, submission_id, by, Action.SIGNOFF, "submission", {"outcome": outcome}, comment, rev)


def history(reg: Registry, submission_id: int | None = None, limit: int = 500) -> list[events.Event]:
    with reg.Read() as s:
        return events.recent(s, submission_id, limit)


def exists(reg: Registry, submission_id: int) -> bool:
    from models.tables import Submission

    with reg.Read() as s:
        return s.scalar(select(Submission.id).where(Submission.id == submission_id)) is not None
