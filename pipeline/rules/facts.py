"""What the rules look at: a submission's documents gathered (members, leads, the lead's R&D
figures with where they were read), and what the registry holds that the paperwork cannot show
(exclusion lists, cancelled consortia, open cross-consortium flags)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import settings
from extractors.text import key
from models.record import DocumentRecord, Flag, Member, SubmissionRecord


@dataclass(frozen=True)
class ExclusionEntry:
    """One row of an imported exclusion list (e.g. 科研诚信失信行为记录 under sanction)."""

    name: str
    credit_code: str | None
    list_kind: str  # e.g. 失信
    reason: str | None
    source: str
    starts_on: dt.date | None
    ends_on: dt.date | None  # None: open-ended

    def covers(self, on: dt.date) -> bool:
        return (self.starts_on is None or self.starts_on <= on) and (
            self.ends_on is None or on <= self.ends_on
        )

    def describe(self) -> str:
        span = f"{self.starts_on or '…'}至{self.ends_on or '…'}"
        code = f"（{self.credit_code}）" if self.credit_code else ""
        why = f"，{self.reason}" if self.reason else ""
        return f"{self.list_kind}：{self.name}{code}，{span}{why}；来源：{self.source}"


@dataclass(frozen=True)
class CancelledUnit:
    name: str
    credit_code: str | None
    tier: str


@dataclass(frozen=True)
class Cancellation:
    """A consortium whose recognition was cancelled, with the units it had then."""

    consortium: str
    jurisdiction: str
    cancelled_on: dt.date
    reason: str | None
    recorded_by: str
    recorded_at: dt.datetime | None
    units: tuple[CancelledUnit, ...] = ()


@dataclass
class RegistryFacts:
    exclusions: list[ExclusionEntry] = field(default_factory=list)
    cancellations: list[Cancellation] = field(default_factory=list)
    cross_flags: list[Flag] | None = None  # open cross-consortium flags, where the caller has them
    sources: list[str] = field(default_factory=list)  # the lists imported (source names)


@dataclass
class Facts:
    """A submission's documents, gathered for the submission-scope checks."""

    sub: SubmissionRecord
    docs: list[DocumentRecord]
    filing_date: dt.date | None
    members: list[Member]
    leads: list[Member]
    rd: dict[str, Any]
    rd_source: dict[str, str] = field(default_factory=dict)
    registry: RegistryFacts | None = None
    as_of: dt.date = field(default_factory=settings.as_of)

    @property
    def consortium(self) -> str | None:
        return self.sub.consortium_name

    def doc(self, doc_type: str) -> DocumentRecord | None:
        """The first readable document of a type."""
        return next((d for d in self.docs if d.doc_type == doc_type), None)

    def lead_name(self) -> str | None:
        return self.sub.lead_units[0] if self.sub.lead_units else (self.leads[0].name if self.leads else None)


def gather(sub: SubmissionRecord, docs: list[DocumentRecord], registry: RegistryFacts | None = None) -> Facts:
    filing = None
    for d in sorted(docs, key=lambda d: d.doc_type != "application"):
        if d.filing_date:
            try:
                filing = dt.date.fromisoformat(d.filing_date)
            except ValueError:
                continue
            break
    lead_keys = {key(n) for n in sub.lead_units}
    leads = [m for m in sub.members if m.tier == "lead" or key(m.name) in lead_keys]
    rd: dict[str, Any] = {}
    src: dict[str, str] = {}
    order = {"plan": 0, "application": 1}
    for d in sorted(docs, key=lambda d: order.get(d.doc_type, 9)):
        for k, v in d.rd.model_dump().items():
            if k not in rd and v not in (None, []):
                rd[k] = v
                src[k] = d.source.path
                ev = (d.extra.get("rd_evidence") or {}).get(k)
                if ev:
                    src[k + ".evidence"] = ev
    return Facts(
        sub=sub,
        docs=docs,
        filing_date=filing,
        members=sub.members,
        leads=leads,
        rd=rd,
        rd_source=src,
        registry=registry,
    )
