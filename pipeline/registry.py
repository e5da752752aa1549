"""The registry: every unit, consortium, membership, document and flag seen, in SQLAlchemy 2
over SQLite (default) or any SQLAlchemy URL (PostgreSQL for a shared registry).

- Units are the same unit by credit code; without a valid code, by normalised name. Names
  that are probably one unit are flagged (POSSIBLE_DUPLICATE_UNIT), never merged.
- Re-processing a file with the same sha256 changes nothing; a changed submission supersedes
  its previous version, which is kept with its memberships and flags (resolved).
- Each submission is recorded in its own transaction (SQLite: BEGIN IMMEDIATE, WAL, busy
  timeout), retried on a lock or a concurrent insert, so two batches at once neither corrupt the
  registry nor lose a record; the cross-consortium checks of the units it touches run in the
  same transaction (pipeline.crosscheck).
- Flags are stored and read through one mapper (pipeline.flagrows).

The registry keeps and finds; what to check lives in pipeline.crosscheck and pipeline.recheck.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import time
from collections.abc import Iterable
from importlib import resources
from typing import Any

from sqlalchemy import create_engine, event, insert, or_, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

import settings
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
from pipeline import crosscheck
from pipeline.documents import PIPELINE_VERSION
from pipeline.flagrows import as_flag, fingerprint, flag_fingerprint, flag_values

__all__ = ["Registry", "as_flag", "flag_fingerprint", "flag_values"]

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
        # a reader (Registry.Read) begins deferred: in WAL mode it reads a snapshot and never
        # waits for, nor blocks, a writer; a writer takes the write lock up front
        conn.exec_driver_sql(
            "BEGIN" if conn.get_execution_options().get("intake_read") else "BEGIN IMMEDIATE"
        )


def _private_file(path: str) -> None:
    """The registry file readable by its owner only (0600), like the other outputs; SQLite gives
    its -wal and -shm files the database file's mode."""
    try:
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
        for p in (path, path + "-wal", path + "-shm"):
            if os.path.exists(p) and os.stat(p).st_mode & 0o077:
                os.chmod(p, 0o600)
    except OSError as e:  # a read-only place: the database says so when it is opened
        log.info("could not make %s private: %s", path, e)


def _date(s: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(s) if s else None
    except ValueError:
        return None


class Registry:
    def __init__(self, engine: Engine):
        self.engine = engine
        self.Session = sessionmaker(engine, expire_on_commit=False)
        # for reads only: takes no write lock (SQLite), so pages answer while a batch records
        self.Read = sessionmaker(engine.execution_options(intake_read=True), expire_on_commit=False)

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
                _private_file(path)
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
    def in_transaction(self, fn, *args):
        """fn(session, *args) in one transaction, retried when the database is busy or raced."""
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
        """Record a batch (one transaction per submission, with the cross-consortium checks of
        the units it touches) and return every open flag the registry holds."""
        by_sha = {d.source.sha256: d for d in docs}
        changed = False
        for sub in subs:
            self._prepare_units(sub.members)
            changed |= bool(
                self.in_transaction(
                    self._record_and_cross_check,
                    sub,
                    [by_sha[x] for x in sub.documents if x in by_sha],
                    legacy,
                )
            )
        if changed:
            self.in_transaction(self._log_run, kind, {"documents": len(docs), "submissions": len(subs)})
        return self.open_flags()

    UNIT_STEP = 200

    def _prepare_units(self, members: list) -> None:
        """A long member list's units resolved (new ones created) in steps of UNIT_STEP members,
        each committed on its own, so that recording a 5,000-member submission never holds the
        write lock for long; the submission's own transaction then only finds them. A unit
        created here and left unused (the batch failed after) is harmless: units are facts."""
        if len(members) <= self.UNIT_STEP:
            return
        for i in range(0, len(members), self.UNIT_STEP):
            self.in_transaction(self._resolve_units, members[i : i + self.UNIT_STEP])

    def _resolve_units(self, s: Session, members: list) -> None:
        with s.no_autoflush:
            for m in members:
                self._resolve_unit(s, m.name, m.credit_code, m.kind)

    def _known_units(self, s: Session, members: list) -> dict[int, int]:
        """Members whose unit is already recorded under both their valid code (if any) and their
        name, by index: `_resolve_unit` would find it and add nothing. Two queries a 500 members."""
        codes = {m.credit_code for m in members if m.credit_code and uscc.is_valid(m.credit_code)}
        keys = {key(m.name) for m in members}
        by_code: dict[str, int] = {}
        by_name: dict[str, int] = {}
        codes_l, keys_l = sorted(codes), sorted(keys)
        for i in range(0, len(codes_l), 500):
            q = select(UnitCode.code, UnitCode.unit_id).where(UnitCode.code.in_(codes_l[i : i + 500]))
            by_code.update({c: u for c, u in s.execute(q)})
        for i in range(0, len(keys_l), 500):
            q = select(UnitName.name_key, UnitName.unit_id).where(UnitName.name_key.in_(keys_l[i : i + 500]))
            by_name.update({k: u for k, u in s.execute(q)})
        out = {}
        for i, m in enumerate(members):
            nk = key(m.name)
            valid = m.credit_code if m.credit_code and uscc.is_valid(m.credit_code) else None
            if nk not in by_name or (valid and valid not in by_code):
                continue
            out[i] = by_code[valid] if valid else by_name[nk]
        return out

    def _record_and_cross_check(
        self, s: Session, sub: SubmissionRecord, docs: list[DocumentRecord], legacy: bool
    ) -> bool:
        touched = self._record_submission(s, sub, docs, legacy)
        if touched is None:
            return False
        self.store_cross_flags(s, crosscheck.check(s, settings.as_of(), touched), touched)
        return True

    def _log_run(self, s: Session, kind: str, summary: dict) -> None:
        s.add(Run(kind=kind, finished_at=utcnow(), summary=summary))

    def _record_submission(
        self, s: Session, sub: SubmissionRecord, docs: list[DocumentRecord], force_legacy: bool = False
    ) -> set[int] | None:
        """Record one submission; the units it touches (its members, and those of the version it
        supersedes), or None when it is already recorded as it is."""
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
            return None
        touched: set[int] = set()
        version = 1
        if cur is not None:
            cur.current = False
            cur.superseded_at = utcnow()
            version = cur.version + 1
            touched |= set(s.scalars(select(Membership.unit_id).where(Membership.submission_id == cur.id)))
            s.execute(update(Membership).where(Membership.submission_id == cur.id).values(current=False))
            s.execute(
                update(FlagRow)
                .where(FlagRow.submission_id == cur.id, FlagRow.status == "open")
                .values(status="resolved", resolved_at=utcnow())
            )
        cons.legacy = legacy or cons.legacy
        cons.filing_date = filing or cons.filing_date
        cons.effective_date = effective or cons.effective_date
        cons.expires_on = crosscheck.expiry(cons.jurisdiction, cons.filing_date, cons.effective_date)
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
        known = self._known_units(s, sub.members)
        for i, m in enumerate(sub.members):
            uid = known.get(i)
            if uid is None:
                with s.no_autoflush:
                    uid = self._resolve_unit(s, m.name, m.credit_code, m.kind).id
            touched.add(uid)
            s.add(
                Membership(
                    submission_id=row.id,
                    consortium_id=cons.id,
                    unit_id=uid,
                    name_as_written=m.name,
                    code_as_written=m.credit_code,
                    tier=m.tier,
                    current=True,
                )
            )
        s.flush()
        scope_of = {"document": [f for d in docs for f in d.flags], "submission": sub.flags}
        for scope, flags in scope_of.items():
            for f in flags:
                self.upsert_flag(s, f, scope, row.id)
        return touched

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
            s.add(UnitName(unit_id=unit.id, name=name, **crosscheck.name_columns(name)))
        if valid and s.scalar(select(UnitCode).where(UnitCode.code == valid)) is None:
            s.add(UnitCode(unit_id=unit.id, code=valid, valid=True))
        s.flush()
        return unit

    def upsert_flag(self, s: Session, f: Flag, scope: str, submission_id: int | None) -> bool:
        fp = flag_fingerprint(f)
        row = s.scalar(select(FlagRow).where(FlagRow.fingerprint == fp))
        if row is None:
            s.add(FlagRow(**flag_values(f, scope, submission_id)))
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

    def store_cross_flags(
        self, s: Session, found: list[crosscheck.CrossFlag], units: set[int] | None = None
    ) -> dict[str, int]:
        """The cross-consortium flags now found, against those stored: new ones added, earlier
        ones raised again reopened, open ones no longer found resolved. With `units`, only the
        flags about those units are in question (the others were not checked). Set-based: one
        read of the flags in question, bulk inserts and updates."""
        now = {flag_fingerprint(c.flag): c for c in found}
        q = select(FlagRow.id, FlagRow.fingerprint, FlagRow.status).where(FlagRow.scope == "cross")
        stored: dict[str, tuple[int, str]] = {}
        if units is None:
            for fid, fp, status in s.execute(q):
                stored[fp] = (fid, status)
        else:
            ids = sorted(units)
            for i in range(0, len(ids), 500):
                part = ids[i : i + 500]
                cond = or_(FlagRow.unit_id.in_(part), FlagRow.unit2_id.in_(part))
                for fid, fp, status in s.execute(q.where(cond)):
                    stored[fp] = (fid, status)
            fps = list(now)
            for i in range(0, len(fps), 500):
                for fid, fp, status in s.execute(q.where(FlagRow.fingerprint.in_(fps[i : i + 500]))):
                    stored[fp] = (fid, status)
        new = [
            flag_values(c.flag, "cross", None, c.unit_id, c.unit2_id)
            for fp, c in now.items()
            if fp not in stored
        ]
        reopen = [
            {
                "id": stored[fp][0],
                "status": "open",
                "resolved_at": None,
                "unit_id": c.unit_id,
                "unit2_id": c.unit2_id,
            }
            for fp, c in now.items()
            if fp in stored and stored[fp][1] != "open"
        ]
        resolve = [
            {"id": fid, "status": "resolved", "resolved_at": utcnow()}
            for fp, (fid, status) in stored.items()
            if fp not in now and status == "open"
        ]
        if new:
            s.execute(insert(FlagRow), [{"created_at": utcnow(), **v} for v in new])
        if reopen:
            s.execute(update(FlagRow), reopen)
        if resolve:
            s.execute(update(FlagRow), resolve)
        return {"new": len(new), "reopened": len(reopen), "resolved": len(resolve)}

    # ------------------------------------------------------------------ reading
    def open_flags(self) -> list[Flag]:
        with self.Session() as s:
            rows = s.scalars(select(FlagRow).where(FlagRow.status == "open").order_by(FlagRow.id)).all()
            return [as_flag(r) for r in rows]

    def open_flag_rows(self, scopes: tuple[str, ...]) -> list[FlagRow]:
        with self.Session() as s:
            return list(s.scalars(select(FlagRow).where(FlagRow.status == "open", FlagRow.scope.in_(scopes))))

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

    def known_shas(self, shas: Iterable[str]) -> set[str]:
        shas = list(shas)
        with self.Session() as s:
            return set(s.scalars(select(Document.sha256).where(Document.sha256.in_(shas))))
