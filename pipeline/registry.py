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

This module opens the registry, runs its transactions and reads it back. Recording a submission
is pipeline.recording, which finds its units through pipeline.units and stores its flags through
pipeline.flagstore. The registry keeps and finds; what to check lives in pipeline.crosscheck and
pipeline.recheck.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Iterable
from importlib import resources
from typing import Any

from sqlalchemy import create_engine, event, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

import settings
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
from pipeline import crosscheck, flagstore
from pipeline.flagrows import as_flag, flag_fingerprint, flag_values
from pipeline.recording import record_and_cross_check
from pipeline.units import resolve_units

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
                    record_and_cross_check,
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
            self.in_transaction(resolve_units, members[i : i + self.UNIT_STEP])

    def _log_run(self, s: Session, kind: str, summary: dict) -> None:
        s.add(Run(kind=kind, finished_at=utcnow(), summary=summary))

    def upsert_flag(self, s: Session, f: Flag, scope: str, submission_id: int | None) -> bool:
        return flagstore.upsert_flag(s, f, scope, submission_id)

    def store_cross_flags(
        self, s: Session, found: list[crosscheck.CrossFlag], units: set[int] | None = None
    ) -> dict[str, int]:
        """The cross-consortium flags now found, against those stored (pipeline.flagstore)."""
        return flagstore.store_cross_flags(s, found, units)

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
