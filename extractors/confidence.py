"""How each extracted field was found and how sure the reading is, for `extra.confidence`:
{field path: {"method": str, "score": 0..1, "evidence": str | None}}.

The score is the method's reliability (a labelled table cell is surer than a sentence, a
sentence surer than a clause found by its words), times the reading's own confidence where the
text came from OCR. Reviewers see values scored under 0.7 marked for a person.
"""

from __future__ import annotations

from extractors import uscc
from models.document import ReadDocument
from models.record import DocumentRecord

METHOD_SCORE = {
    "table": 0.95,
    "table-below": 0.9,
    "line": 0.9,
    "sentence": 0.75,
    "participants clause": 0.9,
    "tier words in the text": 0.8,
    "signature block": 0.7,
    "heading": 0.95,
    "content": 0.75,
    "seal block": 0.8,
    "tier lists": 0.85,
    "text": 0.8,
}


def ocr_factor(doc: ReadDocument) -> float:
    """The mean OCR confidence of the document's text (1 for a text layer or Word file)."""
    if not doc.ocr_used:
        return 1.0
    confs = [b.prov.confidence for b in doc.blocks if b.kind == "paragraph" and b.prov.confidence is not None]
    confs += [c.confidence for t in doc.tables() for c in t.cells if c.confidence is not None]
    if not confs:
        return 0.85
    return max(0.5, min(1.0, sum(confs) / len(confs)))


def record_confidence(rec: DocumentRecord, doc: ReadDocument) -> None:
    conf: dict[str, dict] = rec.extra.setdefault("confidence", {})
    f = ocr_factor(doc)
    for v in conf.values():  # what the field readers recorded, scaled by the reading
        v["score"] = round(min(1.0, v.get("score", METHOD_SCORE.get(v.get("method", ""), 0.8))) * f, 3)
    how = rec.extra.get("members_found_by") or ("table" if rec.doc_type == "application" else "text")
    base = METHOD_SCORE.get(how, 0.8) * f
    for i, m in enumerate(rec.members):
        conf[f"members.{i}.name"] = {"method": how, "score": round(base, 3), "evidence": m.name}
        if m.credit_code:
            ok = uscc.is_valid(m.credit_code)
            conf[f"members.{i}.credit_code"] = {
                "method": how,
                "score": round((0.95 if ok else 0.4) * f, 3),
                "evidence": m.credit_code,
            }
    for k, c in (rec.extra.get("clauses_found") or {}).items():
        if c.get("how"):
            conf[f"clauses.{k}"] = {
                "method": c["how"],
                "score": round(METHOD_SCORE.get(c["how"], 0.8) * f, 3),
                "evidence": c.get("evidence"),
            }
    if rec.signatories:
        conf["signatories"] = {"method": "seal block", "score": round(0.85 * f, 3), "evidence": None}
    for k, ev in (rec.extra.get("rd_evidence") or {}).items():
        conf[f"rd.{k}"] = {"method": "sentence", "score": round(0.8 * f, 3), "evidence": ev[:200]}
