"""The contract's records (../shared/contract/): the single source of truth for field names.

`DocumentRecord.to_contract()` gives the JSON object that outside programs read; anything the
contract does not name goes under `extra`.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

SCHEMA_VERSION: Literal["1.0"] = "1.0"

DocType = Literal[
    "application", "agreement", "supplementary_agreement", "plan", "legacy_alliance", "unknown", "unreadable"
]
Jurisdiction = Literal["guangxi", "xinjiang", "yunnan", "yongchuan", "unknown"]
Tier = Literal["lead", "core", "close", "general", "unspecified"]
Kind = Literal["enterprise", "university", "institute", "other"]
Severity = Literal["error", "warning", "info"]

CLAUSE_KEYS = [
    "participants",
    "innovation_goal",
    "task_division",
    "rights_obligations",
    "ip_benefit",
    "integrity",
    "breach_liability",
    "signatures",
    "dissolution",
    "dispute_resolution",
]


class Source(BaseModel):
    path: str
    sha256: str
    media_type: Literal["docx", "doc", "pdf", "image", "other"] = "other"
    pages: int | None = None
    ocr_used: bool = False


class Contact(BaseModel):
    person: str | None = None
    phone: str | None = None


class ChiefScientist(BaseModel):
    name: str | None = None
    title: str | None = None


class PlatformCounts(BaseModel):
    national: int | None = None
    provincial: int | None = None


class DeclaredCounts(BaseModel):
    members: int | None = None
    enterprises: int | None = None
    universities: int | None = None
    institutes: int | None = None


class Member(BaseModel):
    name: str
    credit_code: str | None = None
    tier: Tier = "unspecified"
    kind: Kind | None = None
    note: str | None = None


class TeamRow(BaseModel):
    name: str | None = None
    age: int | None = None
    title: str | None = None
    specialty: str | None = None
    employer: str | None = None


class PlatformRow(BaseModel):
    name: str | None = None
    field: str | None = None
    level: Literal["national", "provincial", "other"] | None = None
    established: str | None = None
    host_unit: str | None = None


class ProjectRow(BaseModel):
    name: str | None = None
    field: str | None = None
    level: str | None = None
    period: str | None = None
    host_unit: str | None = None


class RdExpense(BaseModel):
    year: int | None = None
    amount_cny: float


class RD(BaseModel):
    revenue_cny: float | None = None
    rd_staff: int | None = None
    rd_expense_cny: list[RdExpense] = Field(default_factory=list)
    rd_intensity_pct: float | None = None
    self_funding_ratio: float | None = None


class Clause(BaseModel):
    present: bool = False
    filled: bool = False
    heading: str | None = None


class Flag(BaseModel):
    code: str
    severity: Severity
    message: str
    consortium: str | None = None
    unit: str | None = None
    document: str | None = None
    evidence: str | None = None

    def key(self) -> tuple[Any, ...]:
        return (self.code, self.consortium, self.unit, self.document, self.evidence)


class DocumentRecord(BaseModel):
    schema_version: Literal["1.0"] = SCHEMA_VERSION
    source: Source
    doc_type: DocType = "unknown"
    jurisdiction: Jurisdiction = "unknown"
    consortium_name: str | None = None
    industry: str | None = None
    lead_units: list[str] = Field(default_factory=list)
    agreement_effective_date: str | None = None
    filing_date: str | None = None
    contact: Contact = Field(default_factory=Contact)
    chief_scientist: ChiefScientist = Field(default_factory=ChiefScientist)
    platform_counts: PlatformCounts = Field(default_factory=PlatformCounts)
    declared_counts: DeclaredCounts = Field(default_factory=DeclaredCounts)
    members: list[Member] = Field(default_factory=list)
    team: list[TeamRow] = Field(default_factory=list)
    platforms: list[PlatformRow] = Field(default_factory=list)
    projects: list[ProjectRow] = Field(default_factory=list)
    rd: RD = Field(default_factory=RD)
    clauses: dict[str, Clause] = Field(default_factory=dict)
    signatories: list[str] = Field(default_factory=list)
    flags: list[Flag] = Field(default_factory=list)
    extra: dict[str, Any] = Field(default_factory=dict)

    def to_contract(self) -> dict[str, Any]:
        return self.model_dump(mode="json")


class SubmissionRecord(BaseModel):
    id: str
    consortium_name: str | None = None
    jurisdiction: Jurisdiction = "unknown"
    documents: list[str] = Field(default_factory=list)
    lead_units: list[str] = Field(default_factory=list)
    members: list[Member] = Field(default_factory=list)
    flags: list[Flag] = Field(default_factory=list)
    extra: dict[str, Any] = Field(default_factory=dict)

    def to_contract(self) -> dict[str, Any]:
        return self.model_dump(mode="json")
