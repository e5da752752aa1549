"""From a read document to the contract's document record: the facts it states, and its text
(for the rules to verify a finding against). Pure: no I/O beyond the document handed in. No rule
is applied here: flags are raised by the rule packs (pipeline/rules)."""

from __future__ import annotations

from extractors.classify import classify_doc_type, classify_jurisdiction
from extractors.fields.agreement import extract_agreement
from extractors.fields.application import extract_application
from extractors.fields.clauses import signature_region
from extractors.fields.cover import common_fields
from extractors.fields.legacy import extract_legacy
from extractors.fields.plan import extract_plan
from extractors.layout import layout
from models.document import Paragraph, ReadDocument, Table
from models.record import DocumentRecord, Source


def extract_document(doc: ReadDocument, source: Source) -> DocumentRecord:
    rec = DocumentRecord(
        source=source.model_copy(
            update={"media_type": doc.media_type, "pages": doc.pages, "ocr_used": doc.ocr_used}
        )
    )
    rec.doc_type = classify_doc_type(doc)  # type: ignore[assignment]
    rec.jurisdiction = classify_jurisdiction(doc)  # type: ignore[assignment]
    common_fields(doc, rec)
    if rec.doc_type == "application":
        extract_application(doc, rec)
    elif rec.doc_type == "agreement":
        extract_agreement(doc, rec)
    elif rec.doc_type == "supplementary_agreement":
        extract_agreement(doc, rec, supplementary=True)
    elif rec.doc_type == "plan":
        extract_plan(doc, rec)
    elif rec.doc_type == "legacy_alliance":
        extract_legacy(doc, rec)
    if rec.doc_type != "agreement":
        rec.clauses = {}
    if doc.warnings:
        rec.extra["reader_warnings"] = doc.warnings
    boxes = layout(doc)
    if boxes:
        rec.extra["layout"] = boxes
    else:  # no pages (Word): the text in reading order
        rec.extra["text"] = text_lines(doc)
    if rec.doc_type == "agreement":
        lines, rows = signature_region(doc)
        rec.extra["signature_text"] = [x for x in lines if x.strip()] + [
            c for r in rows for c in r if c.strip()
        ]
    return rec


def text_lines(doc: ReadDocument) -> list[str]:
    """Every paragraph (with its numbering as shown) and table cell, in reading order."""
    out: list[str] = []

    def table(t: Table) -> None:
        for row in t.rows():
            out.extend(c.text for c in row if c.text.strip())
        for _, _, n in t.nested:
            table(n)

    for b in doc.blocks:
        if isinstance(b, Paragraph):
            num = b.heading_number or ""
            t = b.text if not num or b.text.lstrip().startswith(num.strip()) else num + b.text
            out.extend(x for x in t.split("\n") if x.strip())
        elif isinstance(b, Table):
            table(b)
    return out
