"""From a read document to the contract's document record: the facts it states, and its text
(for the rules to verify a finding against). Pure: no I/O beyond the document handed in. No rule
is applied here: flags are raised by the rule packs (pipeline/rules)."""

from __future__ import annotations

import re

from extractors.classify import classify_doc_type, classify_jurisdiction
from extractors.confidence import record_confidence
from extractors.fields.agreement import extract_agreement
from extractors.fields.application import extract_application
from extractors.fields.clauses import signature_region
from extractors.fields.cover import common_fields
from extractors.fields.cut_names import complete_cut
from extractors.fields.legacy import extract_legacy
from extractors.fields.plan import extract_plan
from extractors.layout import layout
from extractors.text import compact, without_pinyin
from extractors.units import fold
from models.document import Paragraph, ReadDocument, Table
from models.record import DocumentRecord, Source


def _for_reading(text: str) -> str:
    """A text as it is read: pinyin readings a spun copy inserts after characters (產(chǎn)業)
    left out, traditional characters folded to simplified."""
    return fold(without_pinyin(text))


def folded_copy(doc: ReadDocument) -> ReadDocument | None:
    """The document for reading (every paragraph and cell as _for_reading gives it); None when
    that changes nothing. Folding keeps lengths, so what is read can be mapped back to the
    characters as written, without the pinyin (`restore_written`)."""
    if _for_reading(doc.text) == doc.text:
        return None
    out = doc.model_copy(deep=True)
    for b in out.blocks:
        if isinstance(b, Paragraph):
            b.text = _for_reading(b.text)
    for t in out.tables():
        for c in t.cells:
            c.text = _for_reading(c.text)
    return out


def restore_written(rec: DocumentRecord, original: ReadDocument) -> None:
    """Names and other strings read from the reading copy, put back as the document writes them
    (without the pinyin readings inserted after characters)."""
    written = without_pinyin(re.sub(r"\s+", "", original.text))
    folded = fold(written)

    def back(v: str | None) -> str | None:
        if not v:
            return v
        i = folded.find(v)
        return written[i : i + len(v)] if i >= 0 else v

    rec.consortium_name = back(rec.consortium_name)
    rec.industry = back(rec.industry)
    rec.lead_units = [back(x) or x for x in rec.lead_units]
    rec.signatories = [back(x) or x for x in rec.signatories]
    for m in rec.members:
        m.name = back(m.name) or m.name
    for r in rec.platforms:
        r.name, r.host_unit = back(r.name), back(r.host_unit)


def lead_tier(rec: DocumentRecord) -> None:
    """A member the document names as its lead (牵头单位：甲 on the cover, 甲牵头) is the lead,
    whatever list it stands in without a tier (（一）甲。该单位…)."""
    leads = {compact(x) for x in rec.lead_units}
    for m in rec.members:
        if m.tier == "unspecified" and compact(m.name) in leads:
            m.tier = "lead"


def extract_document(doc: ReadDocument, source: Source) -> DocumentRecord:
    original = doc
    doc = folded_copy(doc) or doc
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
    elif rec.doc_type == "unknown" and re.search(r"联合体|联盟", fold(doc.text[:3000])):
        # a text about a consortium that is none of the forms (a notice, a report): its members
        extract_legacy(doc, rec, keep_tiers=True)
    if rec.members:
        complete_cut(rec, doc.text)  # names and codes a narrow cell wrapped onto the next line
        lead_tier(rec)
    if doc is not original:
        restore_written(rec, original)
        if fold(original.text) != original.text:
            rec.extra["traditional_characters"] = True
        notes = len(original.text) - len(without_pinyin(original.text))
        if notes:  # said, not silently dropped: the names are read without them
            rec.extra["pinyin_readings_left_out"] = True
    if rec.doc_type != "agreement":
        rec.clauses = {}
    if doc.warnings:
        rec.extra["reader_warnings"] = doc.warnings
    if doc.source_format:
        rec.extra["source_format"] = doc.source_format
    record_confidence(rec, doc)
    boxes = layout(original)
    if boxes:
        rec.extra["layout"] = boxes
    else:  # no pages (Word): the text in reading order
        rec.extra["text"] = text_lines(original)
    if rec.doc_type == "agreement":
        rec.extra["signature_text"] = [
            line for text, _ in signature_region(original) for line in text.split("\n") if line.strip()
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
