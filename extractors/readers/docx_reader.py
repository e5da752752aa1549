"""Reader for .docx (Office Open XML) files, on the package's XML (lxml), as Word shows it.

Walks the body in document order, paragraphs and tables interleaved. Tables are laid on their
grid from the XML itself: a cell spanning columns (gridSpan) or rows (vMerge) appears once with
its span, rows that start late or end early (gridBefore / gridAfter) keep their columns, and
tables nested in a cell are kept beside the cell. A paragraph reads as Word shows it: automatic
numbering rendered ("一、", "（一）", "第一条", "1.1."), legacy form fields with their state
(FORMCHECKBOX ☒/☐, FORMDROPDOWN's choice), check-box symbols, equations, field results (not
their codes), deleted revisions left out. Every text part of the package is read: the body,
headers and footers of every kind (default, first page, even pages), footnotes, endnotes,
comments, text boxes and images' alt text. Each part's text is then counted against what was
read from it; a shortfall becomes a warning on the document, never a silent loss.

The body is walked in extractors.readers.docx_body, a paragraph's text rendered in
extractors.readers.docx_text, numbering in docx_numbering, the package opened in docx_package.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from extractors.errors import CorruptFile, EmptyFile, EncryptedFile
from extractors.limits import Limits
from extractors.readers.docx_body import Builder
from extractors.readers.docx_numbering import Numbering
from extractors.readers.docx_package import check_zip, open_package
from extractors.readers.docx_text import R, W, hidden, visible_chars
from models.document import Paragraph, ReadDocument, Table

__all__ = ["Builder", "block_text", "check_zip", "read_docx", "visible_chars"]

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def block_text(b: Paragraph | Table) -> str:
    """A block's text with the text of the tables nested in its cells."""
    if isinstance(b, Paragraph):
        return b.text
    return "\n".join([b.text] + [block_text(t) for _, _, t in b.nested])


def _shortfall(have: Counter[str], read: Counter[str]) -> int:
    return sum(max(0, n - read.get(c, 0)) for c, n in have.items())


def read_docx(data: bytes, limits: Limits | None = None) -> ReadDocument:
    limits = limits or Limits()
    if not data:
        raise EmptyFile("empty file (0 bytes)")
    if data[:8] == OLE_MAGIC:
        raise EncryptedFile("password-protected Word file (OLE container holding an encrypted package)")
    pkg = open_package(data, limits)
    with pkg.z:
        main = pkg.main_part()
        if main is None:
            raise CorruptFile("zip package without a Word main document part: not a Word document")
        root = pkg.xml(main)
        if root is None:
            raise CorruptFile(f"the package names {main} as its document, but the zip lacks it")
        body = root.find(W + "body")
        if body is None:
            raise CorruptFile(f"{main} has no document body")
        rels = pkg.rels(main)
        by_kind: dict[str, list[str]] = {}
        for r in rels:
            if not r.external:
                by_kind.setdefault(r.kind, []).append(r.target)
        first = by_kind.get("numbering", [None])[0]
        styles = by_kind.get("styles", [None])[0]
        numbering = Numbering.from_parts(
            pkg.xml(first) if first else None, pkg.xml(styles) if styles else None
        )
        b = Builder(pkg, numbering)
        warnings: list[str] = []
        accounts: list[tuple[str, Counter[str], Counter[str]]] = []

        def read_part(name: str, el: Any, source: str) -> None:
            before, dropped = len(b.blocks), b.dropped.copy()
            b.body(el, source)
            read = Counter(c for blk in b.blocks[before:] for c in block_text(blk) if not c.isspace())
            accounts.append((name, visible_chars(el), read + (b.dropped - dropped)))

        # a damaged package may hold more than one body (all of it is the document's text)
        for part in root.findall(W + "body"):
            read_part(main, part, "text")
        shown_not = sum(
            len("".join(t.text or "" for t in r.iter(W + "t")).strip())
            for part in root.findall(W + "body")
            for r in part.iter(W + "r")
            if hidden(r)
        )
        if b.dropped:
            warnings.append(
                f"{sum(b.dropped.values())} characters repeating text form fields' values are left out"
                " (LibreOffice reads a .doc's form field with copies of its value): each value is read"
                " once, as Word shows it"
            )
        if shown_not:
            warnings.append(
                f"{shown_not} characters of hidden text (formatted not to show) are left out, as Word"
                " shows the document: look at them in Word (显示隐藏文字) if they matter"
            )
        # headers and footers in the order the sections name them, then any other one the
        # document relates; the same text repeated by several sections is kept once
        ids = {r.id: r for r in rels}
        ordered: list[tuple[str, str]] = []
        for sect in body.iter(W + "sectPr"):
            for ref in sect:
                if ref.tag in (W + "headerReference", W + "footerReference"):
                    hr = ids.get(ref.get(R + "id") or "")
                    if hr is not None and not hr.external and (hr.kind, hr.target) not in ordered:
                        ordered.append((hr.kind, hr.target))
        for kind in ("header", "footer"):
            for t in by_kind.get(kind, []):
                if (kind, t) not in ordered:
                    ordered.append((kind, t))
        seen_text: set[str] = set()
        for kind, name in ordered:
            el = pkg.xml(name)
            if el is None:
                continue
            before = len(b.blocks)
            read_part(name, el, kind)
            key = kind + "|" + "\n".join(x.text for x in b.blocks[before:])
            if key in seen_text:
                del b.blocks[before:]
            seen_text.add(key)
        for kind, tag, source in (
            ("footnotes", "footnote", "footnote"),
            ("endnotes", "endnote", "endnote"),
            ("comments", "comment", "comment"),
        ):
            for name in by_kind.get(kind, []):
                el = pkg.xml(name)
                if el is None:
                    continue
                for note in el.iterchildren(W + tag):
                    if note.get(W + "type") in ("separator", "continuationSeparator", "continuationNotice"):
                        continue
                    read_part(name, note, source)
        for name, have, read in accounts:
            lost = _shortfall(have, read)
            if lost:
                total = sum(have.values())
                warnings.append(
                    f"{name}: {lost} of {total} characters of its text are not in the read document"
                )
        for r in rels:
            if r.kind in ("aFChunk", "oleObject", "package", "chart", "diagramData") and not r.external:
                warnings.append(f"embedded content {r.target} ({r.kind}) is not read: look at it in Word")
        if pkg.missing:
            warnings.append(
                "parts the package names but lacks: "
                + ", ".join(sorted(pkg.missing))
                + " (read without them)"
            )
        missing_media = [
            r.target for r in rels if not r.external and r.kind == "image" and not pkg.has(r.target)
        ]
        if missing_media:
            warnings.append("images the document shows but the package lacks: " + ", ".join(missing_media))
    return ReadDocument(media_type="docx", pages=None, ocr_used=False, blocks=b.blocks, warnings=warnings)
