"""The registry: every unit, consortium, membership, document and flag seen, in SQLAlchemy 2
over SQLite (default) or any SQLAlchemy URL (PostgreSQL for a shared registry).

- Units are the same unit by credit code; without a valid code, by normalised name. Names
  that are probably one unit are flagged (POSSIBLE_DUPLICATE_UNIT), never merged.
- Re-processing a file with the same sha256 changes nothing; a changed submission supersedes
  its previous version, which is kept with its memberships and flags (resolved).
- Each submission is recorded in its own transaction (SQLite: BEGIN IMMEDIATE, WAL, busy
  timeout), retried on a lock or a concurrent insert, so two batches at once neither corrupt the
  registry nor lose a record.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
import time
from collections.abc import Iterable
from importlib import resources
from typing import Any

from sqlalchemy import create_engine, event, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from extractors import uscc
from extractors.text import key
from models.record import DocumentRecord, Flag, SubmissionRecord
from models.tables import (
    Consortium,
    Document,
    FlagRow,
    Membership,
    Run,
    Submission,
    Unit,
    UnitCode,
    UnitName,
    utcnow,
)
from pipeline import settings
from pipeline.crosscheck import MembershipRow, UnitInfo, cross_checks
from pipeline.documents import PIPELINE_VERSION

log = logging.getLogger("intake.registry")


def _sqlite_pragmas(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _connect(dbapi_conn, _rec):  # pragma: no cover - exercised through every SQLite test
        dbapi_conn.isolation_level = None  # let SQLAlchemy's begin event issue BEGIN IMMEDIATE
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA busy_timeout=30000")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _begin(conn):  # pragma: no cover
        conn.exec_driver_sql("BEGIN IMMEDIATE")


def fingerprint(*parts: Any) -> str:
    return hashlib.sha256("\x1f".join("" if p is None else str(p) for p in parts).encode()).hexdigest()


def flag_fingerprint(f: Flag) -> str:
    return fingerprint(f.code, key(f.consortium or ""), key(f.unit or ""), f.document, f.evidence)


def _date(s: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(s) if s else None
    except ValueError:
        return None


class Registry:
    def __init__(self, engine: Engine):
        self.engine = engine
        self.Session = sessionmaker(engine, expire_on_commit=False)

    # ------------------------------------------------------------------ opening
    @classmethod
    def open(cls, url: str | None = None, out_dir: str | None = None) -> Registry:
        url = settings.db_url(url, out_dir)
        kw: dict[str, Any] = {}
        if url.startswith("sqlite"):
            kw["connect_args"] = {"timeout": 30, "check_same_thread": False}
            path = url.split("///", 1)[1] if "///" in url else ""
            if path and path != ":memory:":
                os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
        engine = create_engine(url, future=True, **kw)
        if url.startswith("sqlite"):
            _sqlite_pragmas(engine)
        reg = cls(engine)
        reg.migrate()
        return reg

    def migrate(self) -> None:
        """Bring the schema to the newest revision (Alembic)."""
        from alembic import command
        from alembic.config import Config

        cfg = Config()
        cfg.set_main_option("script_location", str(resources.files("pipeline").joinpath("migrations")))
        for attempt in range(5):
            try:
                with self.engine.begin() as conn:
                    cfg.attributes["connection"] = conn
                    command.upgrade(cfg, "head")
                return
            except (OperationalError, IntegrityError):
                if attempt == 4:
                    raise
                time.sleep(0.5 * (attempt + 1))  # another process is migrating the same database

    def close(self) -> None:
        self.engine.dispose()

    # ------------------------------------------------------------------ recording
    def _retrying(self, fn, *args):
        for attempt in range(8):
            try:
                with self.Session.begin() as s:
                    return fn(s, *args)
            except (IntegrityError, OperationalError) as e:
                if attempt == 7:
                    raise
                log.info("registry busy or raced (%s); retrying", type(e).__name__)
                time.sleep(0.2 * (attempt + 1))

    def record_and_check(
        self,
        docs: list[DocumentRecord],
        subs: list[SubmissionRecord],
        kind: str = "intake",
        legacy: bool = False,
    ) -> list[Flag]:
        """Record a batch (one transaction per submission), run the cross-consortium checks over
        the whole registry, and return every open flag the registry holds."""
        by_sha = {d.source.sha256: d for d in docs}
        changed = False
        for sub in subs:
            changed |= bool(
                self._retrying(
                    self._record_submission, sub, [by_sha[x] for x in sub.documents if x in by_sha], legacy
                )
            )
        changed |= bool(self._retrying(self._store_cross_flags))
        if changed:
            self._retrying(self._log_run, kind, {"documents": len(docs), "submissions": len(subs)})
        return self.open_flags()

    def _log_run(self, s: Session, kind: str, summary: dict) -> None:
        s.add(Run(kind=kind, finished_at=utcnow(), summary=summary))

    def _record_submission(
        self, s: Session, sub: SubmissionRecord, docs: list[DocumentRecord], force_legacy: bool = False
    ) -> bool:
        legacy = force_legacy or any(d.doc_type == "legacy_alliance" for d in docs)
        name = sub.consortium_name or sub.id
        jur = sub.jurisdiction
        cons = s.scalar(
            select(Consortium).where(Consortium.name_key == key(name), Consortium.jurisdiction == jur)
        )
        filing = next((_date(d.filing_date) for d in docs if d.filing_date), None)
        effective = next(
            (_date(d.agreement_effective_date) for d in docs if d.agreement_effective_date), None
        )
        if cons is None:
            cons = Consortium(
                name=name,
                name_key=key(name),
                jurisdiction=jur,
                legacy=legacy,
                filing_date=filing,
                effective_date=effective,
            )
            s.add(cons)
            s.flush()
        fp = fingerprint(*sorted(sub.documents))
        cur = s.scalar(
            select(Submission).where(Submission.consortium_id == cons.id, Submission.current.is_(True))
        )
        if cur is not None and cur.fingerprint == fp:
            # the same documents again: nothing changes, but a newer pipeline's reading is kept
            for d in docs:
                drow = s.get(Document, d.source.sha256)
                if drow is not None and drow.pipeline_version != PIPELINE_VERSION:
                    drow.record = d.to_contract()
                    drow.pipeline_version = PIPELINE_VERSION
            return False
        version = 1
        if cur is not None:
            cur.current = False
            cur.superseded_at = utcnow()
            version = cur.version + 1
            s.execute(update(Membership).where(Membership.submission_id == cur.id).values(current=False))
            s.execute(
                update(FlagRow)
                .where(FlagRow.submission_id == cur.id, FlagRow.status == "open")
                .values(status="resolved", resolved_at=utcnow())
            )
        cons.legacy = legacy or cons.legacy
        cons.filing_date = filing or cons.filing_date
        cons.effective_date = effective or cons.effective_date
        cons.updated_at = utcnow()
        row = Submission(
            consortium_id=cons.id,
            label=sub.id,
            fingerprint=fp,
            version=version,
            current=True,
            record=sub.to_contract(),
        )
        s.add(row)
        s.flush()
        for d in docs:
            if s.get(Document, d.source.sha256) is None:
                s.add(
                    Document(
                        sha256=d.source.sha256,
                        path=d.source.path,
                        media_type=d.source.media_type,
                        doc_type=d.doc_type,
                        submission_id=row.id,
                        pipeline_version=PIPELINE_VERSION,
                        record=d.to_contract(),
                    )
                )
        for m in sub.members:
            unit = self._resolve_unit(s, m.name, m.credit_code, m.kind)
            s.add(
                Membership(
                    submission_id=row.id,
                    consortium_id=cons.id,
                    unit_id=unit.id,
                    name_as_written=m.name,
                    code_as_written=m.credit_code,
                    tier=m.tier,
                    current=True,
                )
            )
        scope_of = {"document": [f for d in docs for f in d.flags], "submission": sub.flags}
        for scope, flags in scope_of.items():
            for f in flags:
                self._upsert_flag(s, f, scope, row.id)
        return True

    def _resolve_unit(self, s: Session, name: str, code: str | None, kind: str | None) -> Unit:
        """The unit a member row names: by valid credit code, else by normalised name; a new unit
        otherwise. Its written name and its code are recorded on the unit."""
        nk = key(name)
        valid = code if code and uscc.is_valid(code) else None
        unit = None
        if valid:
            uc = s.scalar(select(UnitCode).where(UnitCode.code == valid))
            unit = uc.unit if uc else None
        if unit is None:
            un = s.scalar(select(UnitName).where(UnitName.name_key == nk))
            unit = un.unit if un else None
        if unit is None:
            unit = Unit(canonical_name=name, name_key=nk, kind=kind)
            s.add(unit)
            s.flush()
        if s.scalar(select(UnitName).where(UnitName.name_key == nk)) is None:
            s.add(UnitName(unit_id=unit.id, name=name, name_key=nk))
        if valid and s.scalar(select(UnitCode).where(UnitCode.code == valid)) is None:
            s.add(UnitCode(unit_id=unit.id, code=valid, valid=True))
        s.flush()
        return unit

    def _upsert_flag(self, s: Session, f: Flag, scope: str, submission_id: int | None) -> bool:
        fp = flag_fingerprint(f)
        row = s.scalar(select(FlagRow).where(FlagRow.fingerprint == fp))
        if row is None:
            s.add(
                FlagRow(
                    fingerprint=fp,
                    scope=scope,
                    code=f.code,
                    severity=f.severity,
                    message=f.message,
                    consortium=f.consortium,
                    unit=f.unit,
                    document=f.document,
                    evidence=f.evidence,
                    submission_id=submission_id,
                    status="open",
                )
            )
            return True
        changed = False
        if row.severity != f.severity or row.message != f.message:  # a pack's severity or wording changed
            row.severity = f.severity
            row.message = f.message
            changed = True
        if row.status != "open" or (submission_id and row.submission_id != submission_id):
            row.status = "open"
            row.resolved_at = None
            row.submission_id = submission_id or row.submission_id
            return True
        return changed

    # ------------------------------------------------------------------ cross checks
    def snapshot(self, s: Session) -> tuple[list[MembershipRow], dict[int, UnitInfo]]:
        q = (
            select(
                Membership.unit_id,
                Membership.tier,
                Consortium.id,
                Consortium.name,
                Consortium.jurisdiction,
                Consortium.legacy,
                Consortium.status,
                Consortium.effective_date,
                Consortium.filing_date,
            )
            .join(Consortium, Consortium.id == Membership.consortium_id)
            .where(Membership.current.is_(True))
        )
        rows = [
            MembershipRow(
                unit_id=r[0],
                tier=r[1],
                consortium_id=r[2],
                consortium=r[3],
                jurisdiction=r[4],
                legacy=bool(r[5]),
                status=r[6],
                effective=r[7],
                filing=r[8],
            )
            for r in s.execute(q)
        ]
        units: dict[int, UnitInfo] = {}
        for uid, name in s.execute(select(Unit.id, Unit.canonical_name)):
            units[uid] = UnitInfo(id=uid, name=name)
        for uid, name in s.execute(select(UnitName.unit_id, UnitName.name)):
            units[uid].names.append(name)
        for uid, code in s.execute(select(UnitCode.unit_id, UnitCode.code)):
            units[uid].codes.append(code)
        return rows, units

    def _store_cross_flags(self, s: Session) -> bool:
        rows, units = self.snapshot(s)
        flags = cross_checks(rows, units, settings.as_of())
        fps = set()
        changed = False
        for f in flags:
            fps.add(flag_fingerprint(f))
            changed |= self._upsert_flag(s, f, "cross", None)
        for row in s.scalars(select(FlagRow).where(FlagRow.scope == "cross", FlagRow.status == "open")):
            if row.fingerprint not in fps:
                row.status = "resolved"
                row.resolved_at = utcnow()
                changed = True
        return changed

    def open_flags(self) -> list[Flag]:
        with self.Session() as s:
            rows = s.scalars(select(FlagRow).where(FlagRow.status == "open").order_by(FlagRow.id)).all()
            return [
                Flag(
                    code=r.code,
                    severity=r.severity,  # type: ignore[arg-type]  # stored from a Flag
                    message=r.message,
                    consortium=r.consortium,  # type: ignore[arg-type]
                    unit=r.unit,
                    document=r.document,
                    evidence=r.evidence,
                )
                for r in rows
            ]

    def counts(self) -> dict[str, int]:
        from sqlalchemy import func

        with self.Session() as s:
            return {
                t.__tablename__: s.scalar(select(func.count()).select_from(t)) or 0
                for t in (Unit, UnitName, UnitCode, Consortium, Submission, Membership, Document, FlagRow)
            }

    def known_records(self, shas: Iterable[str], version: str) -> dict[str, dict]:
        """The stored contract records of files already in the registry, read by this pipeline
        version (an older version's record is read again)."""
        shas = list(shas)
        out: dict[str, dict] = {}
        with self.Session() as s:
            for i in range(0, len(shas), 500):
                q = select(Document.sha256, Document.record).where(
                    Document.sha256.in_(shas[i : i + 500]), Document.pipeline_version == version
                )
                for sha, rec in s.execute(q):
                    out[sha] = rec
        return out

    def recheck(self) -> dict[str, list[dict]]:
        """Every current submission's rules (its documents' and its own) and every cross-check
        again, against the packs and the exclusion lists as they are now: flags new, resolved
        and unchanged."""
        from pipeline.exclusions import registry_facts
        from pipeline.submission import check_submission

        scopes = ("document", "submission", "cross")
        before = {r.fingerprint: r for r in self._open_rows(scopes)}
        facts = registry_facts(self)
        with self.Session.begin() as s:
            now: set[str] = set()
            checked: set[int] = set()
            for sub_row in s.scalars(select(Submission).where(Submission.current.is_(True))).all():
                sub = SubmissionRecord.model_validate(sub_row.record)
                drows = list(s.scalars(select(Document).where(Document.sha256.in_(sub.documents))))
                docs = [DocumentRecord.model_validate(x.record) for x in drows]
                flags = check_submission(sub, docs, facts)
                sub_row.record = {**sub.to_contract(), "flags": [f.model_dump(mode="json") for f in flags]}
                checked.add(sub_row.id)
                for f in flags:
                    now.add(flag_fingerprint(f))
                    self._upsert_flag(s, f, "submission", sub_row.id)
                for drow, doc in zip(drows, docs):
                    drow.record = {**drow.record, "flags": [f.model_dump(mode="json") for f in doc.flags]}
                    for f in doc.flags:
                        now.add(flag_fingerprint(f))
                        self._upsert_flag(s, f, "document", sub_row.id)
            for fp, row in before.items():
                if row.scope in ("submission", "document") and row.submission_id in checked and fp not in now:
                    r = s.scalar(select(FlagRow).where(FlagRow.fingerprint == fp))
                    if r is not None:
                        r.status = "resolved"
                        r.resolved_at = utcnow()
        self._retrying(self._store_cross_flags)
        after = {r.fingerprint: r for r in self._open_rows(scopes)}

        def d(r: FlagRow) -> dict:
            return {
                "code": r.code,
                "severity": r.severity,
                "consortium": r.consortium,
                "unit": r.unit,
                "evidence": r.evidence,
                "message": r.message,
            }

        return {
            "new": [d(after[k]) for k in after if k not in before],
            "resolved": [d(before[k]) for k in before if k not in after],
            "unchanged": [d(after[k]) for k in after if k in before],
        }

    def _open_rows(self, scopes: tuple[str, ...]) -> list[FlagRow]:
        with self.Session() as s:
            return list(s.scalars(select(FlagRow).where(FlagRow.status == "open", FlagRow.scope.in_(scopes))))

    def known_shas(self, shas: Iterable[str]) -> set[str]:
        shas = list(shas)
        with self.Session() as s:
            return set(s.scalars(select(Document.sha256).where(Document.sha256.in_(shas))))
