"""What the JSON API answers: one pydantic model a kind of registry row (its OpenAPI schema), the
page of rows every listing returns (each built from its table row by models.tables.row_as)."""

from __future__ import annotations

import datetime as dt
from typing import Any, Generic, TypeVar

from pydantic import BaseModel

T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    items: list[T]
    total: int
    limit: int
    offset: int


class ConsortiumOut(BaseModel):
    id: int
    name: str
    jurisdiction: str
    jurisdiction_label: str
    legacy: bool
    status: str
    filing_date: dt.date | None
    effective_date: dt.date | None


class SubmissionOut(BaseModel):
    id: int
    consortium_id: int
    label: str
    version: int
    current: bool
    review_status: str
    review_status_label: str
    documents: list[str]
    created_at: dt.datetime
    superseded_at: dt.datetime | None


class DocumentOut(BaseModel):
    sha256: str
    path: str
    media_type: str
    doc_type: str
    doc_type_label: str
    submission_id: int | None


class MembershipOut(BaseModel):
    id: int
    submission_id: int
    consortium_id: int
    unit_id: int
    unit: str
    name_as_written: str
    code_as_written: str | None
    tier: str
    current: bool


class FlagOut(BaseModel):
    id: int
    scope: str
    code: str
    label: str
    severity: str
    status: str
    message: str
    consortium: str | None
    unit: str | None
    document: str | None
    evidence: str | None
    submission_id: int | None
    created_at: dt.datetime
    resolved_at: dt.datetime | None


class EventOut(BaseModel):
    id: int
    at: dt.datetime
    username: str
    action: str
    action_label: str
    submission_id: int | None
    target: str
    value: dict[str, Any]
    comment: str | None
