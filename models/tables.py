"""The registry's tables (SQLAlchemy 2). Field names mirror the contract (models/record.py).

units        one row per unit; `canonical_name` as first written, `name_key` normalised
unit_names   every way a unit's name has been written (aliases), with where it was seen
unit_codes   every credit code seen for a unit (two codes for one unit is a conflict)
consortia    one row per consortium (name and jurisdiction), legacy alliances marked
submissions  each version of a consortium's submission; a changed submission supersedes the
             previous version (kept, never deleted)
memberships  unit x submission version, with tier and status (current / superseded)
documents    one row per file (sha256), with the contract record
flags        every flag raised, with when it was first and last raised and whether it still
             holds (open / resolved); never deleted
runs         each batch or re-check run
users        people who log in to the web app, with their role (clerk / reviewer / admin)
review_events every reviewer decision, field correction, sign-off and user change, appended and
             never updated or deleted: the audit trail, and the source of a review's state
exclusions   imported exclusion lists (失信 records under sanction …), with source and period
consortium_cancellations  consortia cancelled (or reinstated), by whom and when, with their units
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any, TypeVar

from pydantic import BaseModel
from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

T = TypeVar("T")


def row_as(cls: type[T], row: Any, **given: Any) -> T:
    """A `cls` (a dataclass or a pydantic model) of a table row: each field read from the row's
    attribute of the same name, but those `given` (what the row does not hold as such)."""
    if dataclasses.is_dataclass(cls):
        names = [f.name for f in dataclasses.fields(cls)]
    elif issubclass(cls, BaseModel):
        names = list(cls.model_fields)
    else:
        raise TypeError(f"{cls.__name__} is neither a dataclass nor a pydantic model")
    return cls(**{k: given[k] if k in given else getattr(row, k) for k in names})


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


class Base(DeclarativeBase):
    pass


class Unit(Base):
    __tablename__ = "units"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    canonical_name: Mapped[str] = mapped_column(String(200))
    name_key: Mapped[str] = mapped_column(String(200), index=True)
    kind: Mapped[str | None] = mapped_column(String(20))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    names: Mapped[list[UnitName]] = relationship(back_populates="unit", cascade="all, delete-orphan")
    codes: Mapped[list[UnitCode]] = relationship(back_populates="unit", cascade="all, delete-orphan")


class UnitName(Base):
    """A written name maps to one unit: its key (normalised name) is unique."""

    __tablename__ = "unit_names"
    __table_args__ = (UniqueConstraint("name_key", name="uq_unit_name_key"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    name_key: Mapped[str] = mapped_column(String(200))
    # the name's core (region and company form removed) and its reverse: near-duplicate names
    # are found among neighbours in these orders (pipeline/crosscheck.py)
    core: Mapped[str] = mapped_column(String(200), index=True, default="")
    core_rev: Mapped[str] = mapped_column(String(200), index=True, default="")
    unit: Mapped[Unit] = relationship(back_populates="names")


class UnitCode(Base):
    """A valid credit code maps to one unit; a unit with two codes is a conflict to flag."""

    __tablename__ = "unit_codes"
    __table_args__ = (UniqueConstraint("code", name="uq_unit_code"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    code: Mapped[str] = mapped_column(String(18))
    valid: Mapped[bool] = mapped_column(Boolean, default=True)
    unit: Mapped[Unit] = relationship(back_populates="codes")


class Consortium(Base):
    __tablename__ = "consortia"
    __table_args__ = (UniqueConstraint("name_key", "jurisdiction", name="uq_consortium"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    name_key: Mapped[str] = mapped_column(String(300), index=True)
    jurisdiction: Mapped[str] = mapped_column(String(20))
    legacy: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(20), default="current")  # current / dissolved / expired
    effective_date: Mapped[dt.date | None] = mapped_column(Date)
    filing_date: Mapped[dt.date | None] = mapped_column(Date)
    expires_on: Mapped[dt.date | None] = mapped_column(Date)  # start + the pack's term, if it has one
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class Submission(Base):
    __tablename__ = "submissions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    consortium_id: Mapped[int] = mapped_column(ForeignKey("consortia.id"), index=True)
    label: Mapped[str] = mapped_column(String(300))  # the submission id (folder) as given
    fingerprint: Mapped[str] = mapped_column(String(64), index=True)  # sha256 of its sorted document hashes
    version: Mapped[int] = mapped_column(Integer, default=1)
    current: Mapped[bool] = mapped_column(Boolean, default=True)
    record: Mapped[dict] = mapped_column(JSON)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    superseded_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class Membership(Base):
    __tablename__ = "memberships"
    __table_args__ = (Index("ix_membership_unit_current", "unit_id", "current"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id"), index=True)
    consortium_id: Mapped[int] = mapped_column(ForeignKey("consortia.id"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    name_as_written: Mapped[str] = mapped_column(String(200))
    code_as_written: Mapped[str | None] = mapped_column(String(18))
    tier: Mapped[str] = mapped_column(String(20))
    current: Mapped[bool] = mapped_column(Boolean, default=True)


class Document(Base):
    __tablename__ = "documents"
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    path: Mapped[str] = mapped_column(Text)
    media_type: Mapped[str] = mapped_column(String(10))
    doc_type: Mapped[str] = mapped_column(String(30))
    submission_id: Mapped[int | None] = mapped_column(ForeignKey("submissions.id"))
    pipeline_version: Mapped[str] = mapped_column(String(20))
    record: Mapped[dict] = mapped_column(JSON)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class FlagRow(Base):
    __tablename__ = "flags"
    __table_args__ = (Index("ix_flags_scope_status", "scope", "status"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    fingerprint: Mapped[str] = mapped_column(String(64), index=True, unique=True)
    scope: Mapped[str] = mapped_column(String(20))  # document / submission / cross
    code: Mapped[str] = mapped_column(String(40), index=True)
    severity: Mapped[str] = mapped_column(String(10))
    message: Mapped[str] = mapped_column(Text)
    consortium: Mapped[str | None] = mapped_column(String(300))
    unit: Mapped[str | None] = mapped_column(String(200))
    document: Mapped[str | None] = mapped_column(Text)
    evidence: Mapped[str | None] = mapped_column(Text)
    submission_id: Mapped[int | None] = mapped_column(ForeignKey("submissions.id"), index=True)
    # the unit(s) a cross-consortium flag is about, so that recording a submission re-checks
    # only the flags of the units it touches
    unit_id: Mapped[int | None] = mapped_column(Integer, index=True)
    unit2_id: Mapped[int | None] = mapped_column(Integer, index=True)
    status: Mapped[str] = mapped_column(String(10), default="open")  # open / resolved
    first_run: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    resolved_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class Run(Base):
    __tablename__ = "runs"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))  # intake / backfill / recheck
    started_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    summary: Mapped[dict | None] = mapped_column(JSON)


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))  # clerk / reviewer / admin
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class ReviewEvent(Base):
    """One reviewer action. `action` is decision (an item confirmed or overruled), correction (a
    field's value as the reviewer reads it, beside the machine's), signoff (approved / returned),
    status, or user (an account created or changed). The latest event of an item is its state."""

    __tablename__ = "review_events"
    __table_args__ = (Index("ix_review_events_target", "submission_id", "action", "target"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    username: Mapped[str] = mapped_column(String(80))
    action: Mapped[str] = mapped_column(String(20))
    submission_id: Mapped[int | None] = mapped_column(ForeignKey("submissions.id"), index=True)
    target: Mapped[str] = mapped_column(String(300))
    value: Mapped[dict] = mapped_column(JSON)
    comment: Mapped[str | None] = mapped_column(Text)


class WebSession(Base):
    """A log-in to the web app, held server-side: the cookie carries only a random token whose
    sha256 is stored here. Log-out, a password reset or a deactivation revokes it for good."""

    __tablename__ = "web_sessions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    username: Mapped[str] = mapped_column(String(80), index=True)
    address: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    last_seen: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class ApiToken(Base):
    """A read-only API token an admin issued to a user; only its sha256 is kept (and its first
    characters, to tell tokens apart)."""

    __tablename__ = "api_tokens"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(16))
    username: Mapped[str] = mapped_column(String(80), index=True)
    label: Mapped[str] = mapped_column(String(200))
    created_by: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    last_used_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class LoginAttempt(Base):
    """Each log-in attempt with its account name and address: the throttle and the admin's view
    of failures read these."""

    __tablename__ = "login_attempts"
    __table_args__ = (
        Index("ix_login_attempts_user", "username", "at"),
        Index("ix_login_attempts_addr", "address", "at"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    username: Mapped[str] = mapped_column(String(80))
    address: Mapped[str] = mapped_column(String(64))
    ok: Mapped[bool] = mapped_column(Boolean, default=False)


class Exclusion(Base):
    """One entry of an exclusion list a data team imported (e.g. 科研诚信失信行为记录 still under
    sanction): the unit, the list, why, the period, and where the entry came from. Imports only
    add rows; the same entry imported again is the same row (fingerprint)."""

    __tablename__ = "exclusions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    fingerprint: Mapped[str] = mapped_column(String(64), unique=True)
    list_kind: Mapped[str] = mapped_column(String(40))  # e.g. 失信
    name: Mapped[str] = mapped_column(String(200))
    name_key: Mapped[str] = mapped_column(String(200), index=True)
    credit_code: Mapped[str | None] = mapped_column(String(18), index=True)
    reason: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(300))  # the list's source, as the importer names it
    starts_on: Mapped[dt.date | None] = mapped_column(Date)
    ends_on: Mapped[dt.date | None] = mapped_column(Date)  # null: open-ended
    import_file: Mapped[str | None] = mapped_column(Text)
    row_ref: Mapped[str | None] = mapped_column(String(60))  # sheet and row in the file
    imported_by: Mapped[str] = mapped_column(String(80))
    imported_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class ConsortiumCancellation(Base):
    """A consortium's recognition cancelled (or the cancellation withdrawn: action reinstate), who
    recorded it and when, with the units it had then (name, code, tier), appended and never
    changed. The latest row of a consortium is its state; `consortia.status` follows it."""

    __tablename__ = "consortium_cancellations"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    consortium_id: Mapped[int] = mapped_column(ForeignKey("consortia.id"), index=True)
    action: Mapped[str] = mapped_column(String(20))  # cancel / reinstate
    cancelled_on: Mapped[dt.date] = mapped_column(Date)
    reason: Mapped[str | None] = mapped_column(Text)
    units: Mapped[list] = mapped_column(JSON)
    recorded_by: Mapped[str] = mapped_column(String(80))
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
