"""Truth records in the contract's shape (shared/contract/extraction.schema.json)."""

from __future__ import annotations

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


def blank(doc_type: str, juris: str) -> dict:
    return {
        "schema_version": "1.0",
        "source": {"path": "", "sha256": "", "media_type": "other", "pages": None, "ocr_used": False},
        "doc_type": doc_type,
        "jurisdiction": juris,
        "consortium_name": None,
        "industry": None,
        "lead_units": [],
        "agreement_effective_date": None,
        "filing_date": None,
        "contact": {"person": None, "phone": None},
        "chief_scientist": {"name": None, "title": None},
        "platform_counts": {"national": None, "provincial": None},
        "declared_counts": {"members": None, "enterprises": None, "universities": None, "institutes": None},
        "members": [],
        "team": [],
        "platforms": [],
        "projects": [],
        "rd": {
            "revenue_cny": None,
            "rd_staff": None,
            "rd_expense_cny": [],
            "rd_intensity_pct": None,
            "self_funding_ratio": None,
        },
        "clauses": {},
        "signatories": [],
        "flags": [],
    }


def member(m, code=None, tier="unspecified", note=None) -> dict:
    return {"name": m.name, "credit_code": code, "tier": tier, "kind": m.kind, "note": note}


def doc_flag(code: str, msg: str, consortium: str | None, unit=None, evidence=None, match=None) -> dict:
    return {
        "code": code,
        "severity": "error",
        "message": msg,
        "consortium": consortium,
        "unit": unit,
        "document": None,
        "evidence": evidence,
        "match": match if match is not None else [x for x in (unit, evidence) if x],
    }
