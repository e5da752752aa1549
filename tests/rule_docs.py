"""Records the document-rule tests build (tests/test_rule_documents*.py, test_rule_signatures.py):
documents of a Xinjiang consortium of four units, a submission of them, a full set of clauses, and
the flags and rows of a check."""

from __future__ import annotations

from typing import Any

from models.record import Clause, DocType, DocumentRecord, Flag, Jurisdiction, Source, SubmissionRecord
from pipeline.rules.base import Row
from pipeline.rules.engine import document_flags, evaluate

UNITS = ["新疆天山能源有限公司", "新疆大学", "新疆绿原科技有限公司", "新疆农业科学院土壤肥料研究所"]


def rec(
    doc_type: DocType, jur: Jurisdiction = "xinjiang", path: str | None = None, **kw: Any
) -> DocumentRecord:
    """A document of the test consortium, filed 2025-06-01, with the fields given."""
    return DocumentRecord(
        source=Source(
            path=path or f"{doc_type}.docx", sha256=("a" if doc_type == "application" else "b") * 64
        ),
        doc_type=doc_type,
        jurisdiction=jur,
        consortium_name="新疆某某创新联合体",
        filing_date="2025-06-01",
        **kw,
    )


def codes_of(r: DocumentRecord, c: str) -> list[Flag]:
    """The document's flags of one code, as its pack's document rules raise them."""
    return [f for f in document_flags(r) if f.code == c]


def submission_of(*docs: DocumentRecord) -> SubmissionRecord:
    """A submission of these documents, named, led and membered as the first one says."""
    d = docs[0]
    return SubmissionRecord(
        id="T",
        consortium_name=d.consortium_name,
        jurisdiction=d.jurisdiction,
        documents=[x.source.sha256 for x in docs],
        lead_units=d.lead_units,
        members=d.members,
    )


def code_rows(r: DocumentRecord) -> list[Row]:
    """The checklist rows of the credit-codes check on a submission of this one document."""
    return [x for x in evaluate(submission_of(r), [r]).rows if x.check == "credit_codes_present"]


def all_clauses(**overrides: Clause) -> dict[str, Clause]:
    """Every clause present and filled, but those given."""
    keys = [
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
    out = {k: Clause(present=True, filled=True, heading=k) for k in keys}
    out.update(overrides)
    return out
