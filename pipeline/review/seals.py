"""The agreement's seal check as the checklist shows it: per signing unit its verdict and the
crop of its seal, or why seals are left to a person (Word, born-digital PDF, grey scan)."""

from __future__ import annotations

from typing import Any

from models.record import DocumentRecord

SEAL_CODES = {"SEAL_MISSING", "SEAL_MISMATCH", "SEAL_UNREADABLE"}
SEAL_VERDICTS = {
    "ok": "公章与单位名称相符",
    "missing": "未见公章",
    "mismatch": "公章不是该单位的",
    "unclear": "公章文字无法辨认，请人工核对",
    "grey": "该页为黑白扫描，公章须在原件上人工核对",
}
SEAL_NOTES = {
    "not_scanned": "Word/电子版协议不含印章：各成员单位公章须在签署盖章的原件上人工核对。",
    "no_colour": "协议为黑白扫描件，无法区分红色公章：各成员单位公章须在原件上人工核对。",
}


def seal_rows(documents: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], str | None]:
    """The agreement's seal check as the checklist shows it: per signing unit its verdict and,
    where a seal is there, the page and box of its crop (served by the document's sha256)."""
    rows: list[dict[str, Any]] = []
    notes: list[str] = []
    for d in documents:
        rec: DocumentRecord = d["record"]
        if rec.doc_type != "agreement":
            continue
        check = rec.extra.get("seal_check") or {}
        status = check.get("status")
        if status in SEAL_NOTES:
            notes.append(f"{d['name']}：{SEAL_NOTES[status]}")
            continue
        seals = rec.extra.get("seals") or []
        for u in check.get("units", []):
            seal = seals[u["seal"]] if u.get("seal") is not None and u["seal"] < len(seals) else None
            rows.append(
                {
                    "unit": u["unit"],
                    "verdict": u["verdict"],
                    "label": SEAL_VERDICTS.get(u["verdict"], u["verdict"]),
                    "text": seal["text"] if seal else None,
                    "sha": d["sha"],
                    "page": seal["page"] if seal else None,
                    "box": ",".join(f"{v:.4f}" for v in seal["bbox"]) if seal else None,
                }
            )
    return rows, " ".join(notes) or None
