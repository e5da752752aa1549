"""One file in, one contract document record out, whatever the file is.

A file that cannot be read still gives a record: doc_type "unreadable" with an UNREADABLE flag
saying why, so a batch never loses a file and never stops for one.
"""

from __future__ import annotations

import hashlib
import logging
import os
import traceback
from pathlib import Path

from extractors.errors import ConversionFailed, ReadError
from extractors.extract import extract_document
from extractors.limits import Limits
from extractors.read import read_bytes
from extractors.sniff import sniff
from models.record import DocumentRecord, Flag, Source
from pipeline.files import Refused, read_checked, shown_with_encoding
from pipeline.rules import PackError
from pipeline.rules.engine import document_flags, with_rule_flags

log = logging.getLogger("intake")
# 0.2.1: records carry their text (extra.text, extra.signature_text); rule flags come from the packs
# 0.2.2: alliance names and leads in running text, chief scientist in sentences, codes on rows of their own, weak seals
PIPELINE_VERSION = "0.2.8"


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def unreadable_record(
    path: str, data: bytes, reason: str, kind: str, sha256: str | None = None
) -> DocumentRecord:
    media = sniff(data) if data else "other"
    rec = DocumentRecord(
        source=Source(
            path=path, sha256=sha256 or sha256_of(data), media_type=media, pages=None, ocr_used=False
        ),
        doc_type="unreadable",
    )
    rec.flags.append(
        Flag(
            code="UNREADABLE",
            severity="error",
            message=f"文件无法读取：{reason}",
            consortium=None,
            unit=None,
            document=path,
            evidence=kind,
        )
    )
    rec.extra["error"] = {"kind": kind, "reason": reason}
    return rec


def process_bytes(
    path: str, data: bytes, limits: Limits | None = None, transient: bool = False
) -> DocumentRecord:
    """Read and extract one file's bytes. Never raises for a bad file; with `transient`, a
    failure worth retrying (a LibreOffice time-out) is raised for the caller to retry."""
    try:
        doc = read_bytes(data, limits)
    except ConversionFailed:
        if transient:
            raise
        return unreadable_record(
            path, data, "LibreOffice could not convert the .doc in time", "conversion_failed"
        )
    except ReadError as e:
        return unreadable_record(path, data, e.message, e.reason)
    try:
        rec = extract_document(doc, Source(path=path, sha256=sha256_of(data)))
    except Exception as e:  # a bug of ours on one document must not stop the batch
        log.error("extraction failed on %s: %s", path, traceback.format_exc())
        rec = unreadable_record(path, data, f"extraction failed: {type(e).__name__}: {e}", "extraction_error")
        rec.source.media_type = doc.media_type
        rec.source.pages = doc.pages
        rec.source.ocr_used = doc.ocr_used
        return rec
    try:  # the document's own rules (its jurisdiction's pack): credit codes, counts, clauses, signatures
        rec.flags = with_rule_flags(rec, document_flags(rec))
    except PackError:  # a broken rule pack stops the run: it is not a problem of this document
        raise
    except Exception as e:  # a bug in a rule must not lose the document's reading
        log.error("rules failed on %s: %s", path, traceback.format_exc())
        rec.extra["rules_error"] = f"{type(e).__name__}: {e}"
    return rec


def process_file(
    path: str | Path,
    limits: Limits | None = None,
    display_path: str | None = None,
    transient: bool = False,
    root: str | None = None,
) -> DocumentRecord:
    """One file, looked at before it is read (pipeline.files): a link out of `root`, a pipe, a
    device or a file over the size cap gives an unreadable record without a byte read."""
    limits = limits or Limits.from_env()
    raw = str(path)
    shown_path, how = shown_with_encoding(raw)
    shown_path = display_path or shown_path
    try:
        data = read_checked(
            raw, root if root is not None else os.path.dirname(os.path.abspath(raw)), limits.max_file_bytes
        )
    except Refused as e:
        rec = unreadable_record(shown_path, b"", e.reason, e.kind, sha256=e.sha256)
    except OSError as e:
        rec = unreadable_record(shown_path, b"", f"cannot open the file: {e.strerror or e}", "io_error")
    else:
        rec = process_bytes(shown_path, data, limits, transient)
    if how:
        note_name_encoding(rec, raw, how)
    return rec


def note_name_encoding(rec: DocumentRecord, raw: str, how: str) -> None:
    """A file name that was not UTF-8: its bytes kept, and how it was decoded for showing."""
    rec.extra["file_name_bytes"] = os.fsencode(os.path.basename(raw)).hex()
    rec.extra["file_name_decoded_as"] = how
