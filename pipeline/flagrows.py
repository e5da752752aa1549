"""The one mapping between the contract's Flag and the registry's flags table: a flag's identity
(its fingerprint), its row's columns, and a row read back as a Flag."""

from __future__ import annotations

import hashlib
from typing import Any

from extractors.text import key
from models.record import Flag
from models.tables import FlagRow


def fingerprint(*parts: Any) -> str:
    return hashlib.sha256("\x1f".join("" if p is None else str(p) for p in parts).encode()).hexdigest()


def flag_fingerprint(f: Flag) -> str:
    return fingerprint(f.code, key(f.consortium or ""), key(f.unit or ""), f.document, f.evidence)


def flag_values(
    f: Flag, scope: str, submission_id: int | None, unit_id: int | None = None, unit2_id: int | None = None
) -> dict[str, Any]:
    """A Flag as the columns of its row."""
    return {
        "fingerprint": flag_fingerprint(f),
        "scope": scope,
        "code": f.code,
        "severity": f.severity,
        "message": f.message,
        "consortium": f.consortium,
        "unit": f.unit,
        "document": f.document,
        "evidence": f.evidence,
        "submission_id": submission_id,
        "unit_id": unit_id,
        "unit2_id": unit2_id,
        "status": "open",
    }


def as_flag(r: FlagRow) -> Flag:
    """A stored flag row as the contract's Flag."""
    return Flag(
        code=r.code,
        severity=r.severity,  # type: ignore[arg-type]  # stored from a Flag
        message=r.message,
        consortium=r.consortium,  # type: ignore[arg-type]
        unit=r.unit,
        document=r.document,
        evidence=r.evidence,
    )
