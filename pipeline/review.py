"""The reviewers' side of the registry: users, the queue, each submission's checklist with the
machine's verdicts and the reviewer's decisions, field corrections, sign-off and the audit trail.

Everything a person does is a `ReviewEvent`, appended and never changed: a decision or a
correction is superseded by a later event for the same item, and the history stays. The
machine's records are never written over: a correction is applied on top of the stored record
when a checklist is built, and the checks run again on the corrected documents. Events hang on a
submission version, so re-running the flows on the same files (which leaves the version as it
is) keeps every decision.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from pydantic import ValidationError
from sqlalchemy import func, or_, select

from extractors.extract import document_flags
from extractors.layout import locate
from extractors.text import key
from models.record import DocumentRecord, Flag, SubmissionRecord
from models.tables import (
    Consortium,
    Document,
    FlagRow,
    Membership,
    ReviewEvent,
    Submission,
    User,
)
from pipeline.batch import assemble
from pipeline.registry import Registry, flag_fingerprint
from pipeline.submission import check_submission

ROLES = ("clerk", "reviewer", "admin")
# what each role may do: clerks upload, reviewers decide, admins manage users (and may do all)
PERMISSIONS = {
    "view": {"clerk", "reviewer", "admin"},
    "upload": {"clerk", "admin"},
    "review": {"reviewer", "admin"},
    "admin": {"admin"},
}
STATUSES = ("new", "in_review", "approved", "returned")
STATUS_NAMES = {"new": "新收", "in_review": "审查中", "approved": "通过", "returned": "退回"}
VERDICTS = ("confirmed", "overruled")
JURISDICTION_NAMES = {
    "guangxi": "广西",
    "xinjiang": "新疆",
    "yunnan": "云南",
    "yongchuan": "重庆永川",
    "unknown": "未识别",
}
# fields a reviewer may correct: scalar fields by path; members by index; lists written with 、
EDITABLE = [
    "consortium_name",
    "industry",
    "lead_units",
    "filing_date",
    "agreement_effective_date",
    "declared_counts.members",
    "declared_counts.enterprises",
    "declared_counts.universities",
    "declared_counts.institutes",
    "platform_counts.national",
    "platform_counts.provincial",
    "chief_scientist.name",
    "chief_scientist.title",
    "rd.revenue_cny",
    "rd.rd_staff",
    "rd.rd_intensity_pct",
    "signatories",
]
MEMBER_FIELDS = ("name", "credit_code", "tier", "kind")
_FIELD_RX = re.compile(r"^[a-z_]+(\.(\d{1,4}|[a-z_]+)){0,2}$")
_LIST_SPLIT = re.compile(r"[、，,;；\n]+")

_hasher = PasswordHasher()


class ReviewError(ValueError):
    """A reviewer's input that cannot be applied (unknown item, bad value, wrong role)."""


def allowed(role: str | None, action: str) -> bool:
    return role in PERMISSIONS.get(action, set())


# --- users -----------------------------------------------------------------------------------


def add_user(reg: Registry, username: str, password: str, role: str, by: str = "system") -> None:
    username = username.strip()
    if not re.fullmatch(r"[A-Za-z0-9_.\-]{2,80}", username):
        raise ReviewError("用户名只能由2-80个字母、数字、_ . - 组成")
    if role not in ROLES:
        raise ReviewError(f"角色必须是 {', '.join(ROLES)} 之一")
    if len(password) < 8:
        raise ReviewError("密码至少8个字符")
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
    with reg.Session.begin() as s:
        u = s.scalar(select(User).where(User.username == username))
        if u is None:
            raise ReviewError(f"没有用户 {username}")
        change: dict[str, Any] = {}
        if role is not None and role != u.role:
            if role not in ROLES:
                raise ReviewError(f"角色必须是 {', '.join(ROLES)} 之一")
            change["role"] = [u.role, role]
            u.role = role
        if active is not None and active != u.active:
            change["active"] = [u.active, active]
            u.active = active
        if password:
            if len(password) < 8:
                raise ReviewError("密码至少8个字符")
            u.password_hash = _hasher.hash(password)
            change["password"] = "changed"
        if change:
            s.add(ReviewEvent(username=by, action="user", target=username, value=change))


def authenticate(reg: Registry, username: str, password: str) -> dict[str, Any] | None:
    """The user's name and role if the password is theirs and the account is active."""
    with reg.Session.begin() as s:
        u = s.scalar(select(User).where(User.username == username))
        if u is None or not u.active:
            _hasher.hash(password)  # the same work whether or not the user exists
            return None
        try:
            _hasher.verify(u.password_hash, password)
        except (VerificationError, InvalidHashError):
            return None
        if _hasher.check_needs_rehash(u.password_hash):
            u.password_hash = _hasher.hash(password)
        return {"username": u.username, "role": u.role}


def user_role(reg: Registry, username: str) -> str | None:
    with reg.Session() as s:
        u = s.scalar(select(User).where(User.username == username, User.active.is_(True)))
        return u.role if u else None


def list_users(reg: Registry) -> list[dict[str, Any]]:
    with reg.Session() as s:
        return [
            {"username": u.username, "role": u.role, "active": u.active, "created_at": u.created_at}
            for u in s.scalars(select(User).order_by(User.username))
        ]


def user_count(reg: Registry) -> int:
    with reg.Session() as s:
        return s.scalar(select(func.count()).select_from(User)) or 0


# --- review state from events ------------------------------------------------------------------


def _latest(events: list[ReviewEvent]) -> dict[tuple[str, str], ReviewEvent]:
    out: dict[tuple[str, str], ReviewEvent] = {}
    for e in sorted(events, key=lambda e: e.id):
        out[(e.action, e.target)] = e
    return out


def status_of(events: list[ReviewEvent]) -> str:
    signoffs = [e for e in events if e.action == "signoff"]
    if signoffs:
        return str(max(signoffs, key=lambda e: e.id).value.get("outcome", "in_review"))
    if any(e.action in ("decision", "correction") for e in events):
        return "in_review"
    return "new"


def _event_dict(e: ReviewEvent) -> dict[str, Any]:
    return {
        "id": e.id,
        "at": e.at,
        "username": e.username,
        "action": e.action,
        "submission_id": e.submission_id,
        "target": e.target,
        "value": e.value,
        "comment": e.comment,
    }


# --- the queue ---------------------------------------------------------------------------------


@dataclass
class Header:
    """What the queue and the checklist both say of a submission version."""

    id: int
    label: str
    consortium: str
    jurisdiction: str
    version: int
    current: bool
    created_at: dt.datetime
    status: str
    legacy: bool


@dataclass
class QueueRow(Header):
    errors: int = 0
    warnings: int = 0
    documents: int = 0


def _header(sub: Submission, cons: Consortium, events: list[ReviewEvent]) -> dict[str, Any]:
    return {
        "id": sub.id,
        "label": sub.label,
        "consortium": cons.name,
        "jurisdiction": cons.jurisdiction,
        "version": sub.version,
        "current": sub.current,
        "created_at": sub.created_at,
        "status": status_of(events),
        "legacy": cons.legacy,
    }


def queue(
    reg: Registry,
    status: str | None = None,
    jurisdiction: str | None = None,
    q: str | None = None,
    sort: str = "created",
    include_superseded: bool = False,
) -> list[QueueRow]:
    with reg.Session() as s:
        stmt = select(Submission, Consortium).join(Consortium, Consortium.id == Submission.consortium_id)
        if not include_superseded:
            stmt = stmt.where(Submission.current.is_(True))
        if jurisdiction:
            stmt = stmt.where(Consortium.jurisdiction == jurisdiction)
        rows = s.execute(stmt).all()
        ids = [sub.id for sub, _ in rows]
        events: dict[int, list[ReviewEvent]] = {}
        for e in s.scalars(select(ReviewEvent).where(ReviewEvent.submission_id.in_(ids))):
            events.setdefault(e.submission_id or 0, []).append(e)
        counts: dict[tuple[int | None, str], int] = {}
        for sid, sev, n in s.execute(
            select(FlagRow.submission_id, FlagRow.severity, func.count())
            .where(FlagRow.submission_id.in_(ids), FlagRow.status == "open")
            .group_by(FlagRow.submission_id, FlagRow.severity)
        ):
            counts[(sid, sev)] = n
        cross: dict[str, dict[str, int]] = {}
        for name, sev, n in s.execute(
            select(FlagRow.consortium, FlagRow.severity, func.count())
            .where(FlagRow.scope == "cross", FlagRow.status == "open")
            .group_by(FlagRow.consortium, FlagRow.severity)
        ):
            cross.setdefault(key(name or ""), {})[sev] = n
        out = []
        for sub, cons in rows:
            c = cross.get(cons.name_key, {})
            out.append(
                QueueRow(
                    **_header(sub, cons, events.get(sub.id, [])),
                    errors=counts.get((sub.id, "error"), 0) + c.get("error", 0),
                    warnings=counts.get((sub.id, "warning"), 0) + c.get("warning", 0),
                    documents=len(sub.record.get("documents", [])),
                )
            )
    if status:
        out = [r for r in out if r.status == status]
    if q:
        k = key(q)
        out = [r for r in out if k in key(r.consortium) or k in key(r.label)]
    keys = {
        "created": lambda r: r.created_at,
        "consortium": lambda r: key(r.consortium),
        "jurisdiction": lambda r: (r.jurisdiction, key(r.consortium)),
        "errors": lambda r: (-r.errors, -r.warnings),
        "status": lambda r: (STATUSES.index(r.status), r.created_at),
    }
    out.sort(key=keys.get(sort, keys["created"]), reverse=sort == "created")
    return out


# --- corrections ---------------------------------------------------------------------------------


def _get(obj: Any, path: list[str]) -> Any:
    for p in path:
        if isinstance(obj, list):
            i = int(p)
            obj = obj[i] if 0 <= i < len(obj) else None
        elif isinstance(obj, dict):
            obj = obj.get(p)
        else:
            return None
        if obj is None:
            return None
    return obj


def _set(obj: Any, path: list[str], value: Any) -> None:
    for p in path[:-1]:
        obj = obj[int(p)] if isinstance(obj, list) else obj.setdefault(p, {})
    last = path[-1]
    if isinstance(obj, list):
        obj[int(last)] = value
    else:
        obj[last] = value


def field_allowed(path: str) -> bool:
    if path in EDITABLE:
        return True
    parts = path.split(".")
    return len(parts) == 3 and parts[0] == "members" and parts[1].isdigit() and parts[2] in MEMBER_FIELDS


def apply_corrections(record: dict[str, Any], corrections: dict[str, Any]) -> DocumentRecord:
    """The document as the reviewer reads it: the stored record with each corrected field set."""
    data = copy.deepcopy(record)
    for path, value in corrections.items():
        _set(data, path.split("."), value)
    rec = DocumentRecord.model_validate(data)
    rec.flags = document_flags(rec)
    return rec


def _coerce(path: str, text: str) -> Any:
    text = text.strip()
    if text == "":
        return None
    if path in ("lead_units", "signatories"):
        return [p.strip() for p in _LIST_SPLIT.split(text) if p.strip()]
    return text


# --- a submission's checklist ---------------------------------------------------------------------


@dataclass
class Item:
    key: str
    kind: str  # rule / flag / cross
    title: str
    status: str  # machine verdict: pass / fail / unknown / n/a, or a flag's severity
    message: str
    citation: str | None = None
    value: Any = None
    evidence: str | None = None
    unit: str | None = None
    document: str | None = None  # the document's sha256
    document_name: str | None = None
    location: list[Any] | None = None  # [page, x0, y0, x1, y1, text] of the evidence
    severity: str | None = None
    decision: dict[str, Any] | None = None
    others: list[dict[str, Any]] = field(default_factory=list)  # other consortia involved
    # the signatures row and seal flags: per unit its seal (crop) and verdict, or why seals are
    # left to a person (Word, born-digital PDF, grey scan)
    seals: list[dict[str, Any]] = field(default_factory=list)
    seal_note: str | None = None

    @property
    def needs_human(self) -> bool:
        return self.decision is None and self.status in ("fail", "unknown", "error", "warning")


@dataclass
class View(Header):
    rule_pack: str | None
    record: SubmissionRecord
    documents: list[
        dict[str, Any]
    ]  # sha, name, path, doc_type, media_type, pages, record (corrected), machine
    items: list[Item]
    corrections: list[dict[str, Any]]
    events: list[dict[str, Any]]
    versions: list[dict[str, Any]]


def _item_keys(verdicts: list[dict[str, Any]]) -> list[str]:
    seen: dict[str, int] = {}
    keys = []
    for v in verdicts:
        k = str(v["rule"])
        if v.get("unit"):
            k += "|" + str(v["unit"])
        elif isinstance(v.get("value"), str) and 0 < len(v["value"]) <= 60:
            k += "|" + v["value"]
        n = seen.get(k, 0)
        seen[k] = n + 1
        keys.append(k if n == 0 else f"{k}#{n}")
    return keys


def view(reg: Registry, submission_id: int) -> View:
    from pipeline.rules import all_packs

    with reg.Session() as s:
        sub = s.get(Submission, submission_id)
        if sub is None:
            raise KeyError(submission_id)
        cons = s.get(Consortium, sub.consortium_id)
        assert cons is not None
        record = SubmissionRecord.model_validate(sub.record)
        doc_rows = {
            d.sha256: d for d in s.scalars(select(Document).where(Document.sha256.in_(record.documents)))
        }
        events = list(
            s.scalars(select(ReviewEvent).where(ReviewEvent.submission_id == sub.id).order_by(ReviewEvent.id))
        )
        latest = _latest(events)
        corrections: dict[str, dict[str, Any]] = {}
        for (action, target), e in latest.items():
            if action == "correction":
                sha, _, path = target.partition(":")
                corrections.setdefault(sha, {})[path] = e.value.get("value")
        docs: list[DocumentRecord] = []
        documents: list[dict[str, Any]] = []
        for sha in record.documents:
            row = doc_rows.get(sha)
            if row is None:
                continue
            rec = apply_corrections(row.record, corrections.get(sha, {}))
            docs.append(rec)
            documents.append(
                {
                    "sha": sha,
                    "name": rec.source.path.replace("\\", "/").rsplit("/", 1)[-1],
                    "path": rec.source.path,
                    "doc_type": rec.doc_type,
                    "media_type": rec.source.media_type,
                    "pages": rec.source.pages,
                    "record": rec,
                    "machine": row.record,
                }
            )
        # the checks again, on the documents as corrected
        corrected = assemble(record.id, docs) if docs else record
        corrected.id = record.id
        sub_flags = check_submission(corrected, docs) if docs else []
        by_path = {d["path"]: d for d in documents}
        layouts = {d["sha"]: d["record"].extra.get("layout") or [] for d in documents}

        def where(doc_path: str | None, needles: list[str | None]) -> tuple[str | None, str | None, Any]:
            d = by_path.get(doc_path or "")
            cands = [d] if d else documents
            for c in cands:
                loc = locate(layouts[c["sha"]], needles)
                if loc:
                    return c["sha"], c["name"], loc
            return (d["sha"], d["name"], None) if d else (None, None, None)

        items: list[Item] = []
        verdicts = corrected.extra.get("checklist") or []
        packs = {p.jurisdiction + "-" + p.version: p for p in all_packs()}
        pack = packs.get(corrected.extra.get("rule_pack") or "")
        texts = {r.id: r.text for r in pack.rules} if pack else {}
        for k, v in zip(_item_keys(verdicts), verdicts):
            w_sha, w_name, loc = where(v.get("document"), [v.get("evidence"), v.get("unit")])
            items.append(
                it := Item(
                    key="rule:" + k,
                    kind="rule",
                    title=texts.get(v["rule"], v["rule"]),
                    status=v["status"],
                    message=v["message"],
                    citation=v.get("citation"),
                    value=v.get("value"),
                    evidence=None if v.get("evidence") is None else str(v.get("evidence")),
                    unit=v.get("unit"),
                    document=w_sha,
                    document_name=w_name,
                    location=loc,
                    severity=v.get("severity"),
                )
            )
            if v.get("check") == "all_members_signed":
                it.seals, it.seal_note = seal_rows(documents)
        for f in [f for d in docs for f in d.flags]:
            w_sha, w_name, loc = where(f.document, [f.evidence, f.unit])
            items.append(it := _flag_item("flag", f, w_sha, w_name, loc))
            if f.code in SEAL_CODES:
                rows, _ = seal_rows([d for d in documents if d["path"] == f.document])
                it.seals = [r for r in rows if r["unit"] == f.unit]
        for f in sub_flags:  # rule failures are the rule items above; DOC_MISMATCH has no rule
            if f.code == "DOC_MISMATCH":
                w_sha, w_name, loc = where(f.document, [f.unit, f.evidence])
                items.append(_flag_item("flag", f, w_sha, w_name, loc))
        # cross-consortium flags that name this consortium or one of its units
        unit_ids = {
            m.unit_id: m.name_as_written
            for m in s.scalars(select(Membership).where(Membership.submission_id == sub.id))
        }
        unit_keys = {key(n) for n in unit_ids.values()}
        others: dict[str, list[dict[str, Any]]] = {}
        if unit_ids:
            q = (
                select(Membership.unit_id, Membership.tier, Consortium.id, Consortium.name, Submission.id)
                .join(Consortium, Consortium.id == Membership.consortium_id)
                .join(Submission, Submission.id == Membership.submission_id)
                .where(
                    Membership.unit_id.in_(list(unit_ids)),
                    Membership.current.is_(True),
                    Membership.consortium_id != cons.id,
                )
            )
            for uid, tier, _cid, cname, sid in s.execute(q):
                others.setdefault(key(unit_ids[uid]), []).append(
                    {"consortium": cname, "tier": tier, "submission_id": sid}
                )
        cross_rows = s.scalars(
            select(FlagRow).where(
                FlagRow.scope == "cross",
                FlagRow.status == "open",
                or_(FlagRow.consortium == cons.name, FlagRow.unit.in_(list(unit_ids.values()) or [""])),
            )
        ).all()
        for r in cross_rows:
            if r.consortium != cons.name and key(r.unit or "") not in unit_keys:
                continue
            f = Flag(
                code=r.code,
                severity=r.severity,  # type: ignore[arg-type]
                message=r.message,
                consortium=r.consortium,
                unit=r.unit,
                document=r.document,
                evidence=r.evidence,
            )
            it = _flag_item("cross", f, None, None, None, fp=r.fingerprint)
            it.others = others.get(key(r.unit or ""), [])
            items.append(it)
        for it in items:
            dec = latest.get(("decision", it.key))
            if dec is not None:
                it.decision = {**dec.value, "comment": dec.comment, "username": dec.username, "at": dec.at}
        versions = [
            {"id": x.id, "version": x.version, "current": x.current, "created_at": x.created_at}
            for x in s.scalars(
                select(Submission).where(Submission.consortium_id == cons.id).order_by(Submission.version)
            )
        ]
        corr_list = [
            {
                "document": e.target.partition(":")[0],
                "field": e.target.partition(":")[2],
                "machine": e.value.get("machine"),
                "value": e.value.get("value"),
                "username": e.username,
                "at": e.at,
                "comment": e.comment,
            }
            for (action, _), e in latest.items()
            if action == "correction"
        ]
        return View(
            **_header(sub, cons, events),
            rule_pack=corrected.extra.get("rule_pack"),
            record=corrected,
            documents=documents,
            items=items,
            corrections=corr_list,
            events=[_event_dict(e) for e in events],
            versions=versions,
        )


SEAL_CODES = {"SEAL_MISSING", "SEAL_MISMATCH", "SEAL_UNREADABLE"}
SEAL_VERDICTS = {
    "ok": "公章与单位名称相符",
    "missing": "未见公章",
    "mismatch": "公章不是该单位的",
    "unclear": "公章文字无法辨认，请人工核对",
    "grey": "该页为黑白扫描，公章须在原件上人工核对",
}
SEAL_NOTES = {
    "not_scanned": "Word/电子版协议不含印章：各成员单位公章须在签署盖章的原件上人工核对。",
    "no_colour": "协议为黑白扫描件，无法区分红色公章：各成员单位公章须在原件上人工核对。",
}


def seal_rows(documents: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], str | None]:
    """The agreement's seal check as the checklist shows it: per signing unit its verdict and,
    where a seal is there, the page and box of its crop (served by the document's sha256)."""
    rows: list[dict[str, Any]] = []
    notes: list[str] = []
    for d in documents:
        rec: DocumentRecord = d["record"]
        if rec.doc_type != "agreement":
            continue
        check = rec.extra.get("seal_check") or {}
        status = check.get("status")
        if status in SEAL_NOTES:
            notes.append(f"{d['name']}：{SEAL_NOTES[status]}")
            continue
        seals = rec.extra.get("seals") or []
        for u in check.get("units", []):
            seal = seals[u["seal"]] if u.get("seal") is not None and u["seal"] < len(seals) else None
            rows.append(
                {
                    "unit": u["unit"],
                    "verdict": u["verdict"],
                    "label": SEAL_VERDICTS.get(u["verdict"], u["verdict"]),
                    "text": seal["text"] if seal else None,
                    "sha": d["sha"],
                    "page": seal["page"] if seal else None,
                    "box": ",".join(f"{v:.4f}" for v in seal["bbox"]) if seal else None,
                }
            )
    return rows, " ".join(notes) or None


def _flag_item(
    kind: str, f: Flag, sha: str | None, name: str | None, loc: Any, fp: str | None = None
) -> Item:
    return Item(
        key=f"{kind}:{fp or flag_fingerprint(f)}",
        kind=kind,
        title=f.code,
        status=f.severity,
        message=f.message,
        evidence=f.evidence,
        unit=f.unit,
        document=sha,
        document_name=name,
        location=loc,
        severity=f.severity,
    )


# --- actions -------------------------------------------------------------------------------------


def _append(
    reg: Registry, submission_id: int, by: str, action: str, target: str, value: dict, comment: str | None
) -> None:
    with reg.Session.begin() as s:
        _submission(s, submission_id)
        s.add(
            ReviewEvent(
                username=by,
                action=action,
                submission_id=submission_id,
                target=target,
                value=value,
                comment=(comment or "").strip() or None,
            )
        )


def _submission(s: Any, submission_id: int) -> Submission:
    sub = s.get(Submission, submission_id)
    if sub is None:
        raise ReviewError(f"没有提交 {submission_id}")
    return sub


def decide(reg: Registry, submission_id: int, item: str, verdict: str, comment: str, by: str) -> None:
    """Confirm or overrule one checklist item. Overruling needs a reason."""
    if verdict not in VERDICTS:
        raise ReviewError(f"判定必须是 {' / '.join(VERDICTS)}")
    comment = (comment or "").strip()
    if verdict == "overruled" and not comment:
        raise ReviewError("推翻机器判定须写明理由")
    keys = {it.key for it in view(reg, submission_id).items}
    if item not in keys:
        raise ReviewError(f"本提交的审查表中没有此项：{item}")
    _append(reg, submission_id, by, "decision", item, {"verdict": verdict}, comment)


def correct(reg: Registry, submission_id: int, sha: str, path: str, text: str, comment: str, by: str) -> None:
    """Record the value a reviewer reads for one field of one document, beside the machine's."""
    if not _FIELD_RX.match(path) or not field_allowed(path):
        raise ReviewError(f"不能更正字段 {path}")
    with reg.Session.begin() as s:
        sub = _submission(s, submission_id)
        if sha not in (sub.record.get("documents") or []):
            raise ReviewError("该文件不属于本提交")
        row = s.get(Document, sha)
        if row is None:
            raise ReviewError("登记簿中没有该文件")
        current: dict[str, Any] = {}
        for e in s.scalars(
            select(ReviewEvent)
            .where(ReviewEvent.submission_id == submission_id, ReviewEvent.action == "correction")
            .order_by(ReviewEvent.id)
        ):
            d_sha, _, p = e.target.partition(":")
            if d_sha == sha:
                current[p] = e.value.get("value")
        value = _coerce(path, text)
        machine = _get(row.record, path.split("."))
        if path.startswith("members.") and _get(row.record, path.split(".")[:2]) is None:
            raise ReviewError(f"没有第{int(path.split('.')[1]) + 1}个成员")
        try:
            rec = apply_corrections(row.record, {**current, path: value})
        except ValidationError as e:
            first = e.errors()[0]
            raise ReviewError(f"“{text}”不是{path}的有效值：{first.get('msg')}") from None
        value = _get(rec.model_dump(mode="json"), path.split("."))  # as the model reads it (e.g. "12" → 12)
        s.add(
            ReviewEvent(
                username=by,
                action="correction",
                submission_id=submission_id,
                target=f"{sha}:{path}",
                value={"machine": machine, "value": value},
                comment=(comment or "").strip() or None,
            )
        )


def sign_off(reg: Registry, submission_id: int, outcome: str, comment: str, by: str) -> None:
    """Approve or return a submission. Every failed or unknown item must be decided first."""
    if outcome not in ("approved", "returned"):
        raise ReviewError("结论必须是 approved 或 returned")
    v = view(reg, submission_id)
    open_items = [it for it in v.items if it.needs_human]
    if outcome == "approved" and open_items:
        raise ReviewError(f"还有{len(open_items)}项待人工确认，不能通过")
    if outcome == "returned" and not (comment or "").strip():
        raise ReviewError("退回须写明理由")
    _append(reg, submission_id, by, "signoff", "submission", {"outcome": outcome}, comment)


def events(reg: Registry, submission_id: int | None = None, limit: int = 500) -> list[dict[str, Any]]:
    with reg.Session() as s:
        q = select(ReviewEvent).order_by(ReviewEvent.id.desc()).limit(limit)
        if submission_id is not None:
            q = q.where(ReviewEvent.submission_id == submission_id)
        return [_event_dict(e) for e in s.scalars(q)]
