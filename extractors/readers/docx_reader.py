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
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from extractors.errors import CorruptFile, EmptyFile, EncryptedFile
from extractors.limits import Limits
from extractors.readers.docx_numbering import Numbering
from extractors.readers.docx_package import Package, check_zip, open_package
from extractors.text import clean_text, invisible
from models.document import Cell, Paragraph, Provenance, ReadDocument, Table, make_paragraph

__all__ = ["check_zip", "read_docx"]

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
M = "{http://schemas.openxmlformats.org/officeDocument/2006/math}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
V = "{urn:schemas-microsoft-com:vml}"
OFFICE = "{urn:schemas-microsoft-com:office:office}"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
TICKED, UNTICKED = "☒", "☐"

# symbol-font characters (w:sym) that forms use for boxes and ticks, by (font, code & 0xFF)
SYMBOLS = {
    ("wingdings", 0xFE): TICKED,
    ("wingdings", 0xFD): TICKED,
    ("wingdings", 0x78): TICKED,
    ("wingdings", 0xA8): UNTICKED,
    ("wingdings", 0x6F): UNTICKED,
    ("wingdings", 0x71): UNTICKED,
    ("wingdings", 0xFC): "√",
    ("wingdings", 0xFB): "×",
    ("wingdings", 0x9F): "•",
    ("wingdings", 0x6C): "●",
    ("wingdings 2", 0x52): TICKED,
    ("wingdings 2", 0x53): TICKED,
    ("wingdings 2", 0x54): TICKED,
    ("wingdings 2", 0xA3): UNTICKED,
    ("wingdings 2", 0x2A): UNTICKED,
    ("wingdings 2", 0x50): "√",
    ("wingdings 2", 0x4F): "×",
    ("symbol", 0xD6): "√",
    ("symbol", 0xB7): "•",
    ("symbol", 0xB4): "×",
}
# containers whose text a person does not see in the flow of the paragraph
_SKIP = {
    W + "delText",
    W + "del",
    W + "moveFrom",
    W + "instrText",
    W + "delInstrText",
    W + "rPr",
    W + "pPr",
    W + "rt",
    W + "commentReference",
    MC + "Fallback",
}


def _on(el: Any) -> bool:
    return el is not None and (el.get(W + "val") or "true").lower() not in ("0", "false", "off")


def _sym(el: Any) -> str:
    font = (el.get(W + "font") or "").lower()
    try:
        code = int(el.get(W + "char") or "0", 16)
    except ValueError:
        return ""
    if (font, code & 0xFF) in SYMBOLS:
        return SYMBOLS[(font, code & 0xFF)]
    if code < 0xE000 or code > 0xF8FF:  # a real Unicode character
        return chr(code)
    return ""


class _Para:
    """Renders one paragraph: its text, the text boxes anchored in it, its images' alt text."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.boxes: list[Any] = []
        self.alts: list[str] = []
        self.fields: list[dict[str, Any]] = []

    def suppressed(self) -> bool:
        return any(f["phase"] == "result" and f["kind"] in ("check", "drop") for f in self.fields)

    def walk(self, el: Any) -> None:
        for node in el.iterchildren():
            tag = node.tag
            if not isinstance(tag, str) or tag in _SKIP:
                continue
            if tag == W + "t" or tag == M + "t":
                if not self.suppressed():
                    self.parts.append(node.text or "")
            elif tag == W + "tab" or tag == W + "ptab":
                self.parts.append("\t")
            elif tag in (W + "br", W + "cr"):
                self.parts.append("\n")
            elif tag == W + "noBreakHyphen":
                self.parts.append("-")
            elif tag == W + "sym":
                self.parts.append(_sym(node))
            elif tag == W + "fldChar":
                self.field(node)
            elif tag == W + "txbxContent":
                self.boxes.append(node)
            elif tag == MC + "AlternateContent":
                choice = node.find(MC + "Choice")
                if choice is not None:
                    self.walk(choice)
            elif tag == WP + "docPr":
                alt = (node.get("descr") or node.get("title") or "").strip()
                if alt:
                    self.alts.append(alt)
            elif tag == V + "shape" or tag == V + "rect":
                alt = (node.get("alt") or "").strip()
                if alt:
                    self.alts.append(alt)
                self.walk(node)
            elif tag == V + "imagedata":
                alt = (node.get(OFFICE + "title") or "").strip()
                if alt:
                    self.alts.append(alt)
            else:
                self.walk(node)

    def field(self, node: Any) -> None:
        kind = node.get(W + "fldCharType")
        if kind == "begin":
            ff = node.find(W + "ffData")
            f: dict[str, Any] = {"kind": "other", "phase": "instr"}
            if ff is not None:
                cb = ff.find(W + "checkBox")
                dd = ff.find(W + "ddList")
                if cb is not None:
                    f["kind"] = "check"
                    checked = cb.find(W + "checked")
                    state = _on(checked) if checked is not None else _on(cb.find(W + "default"))
                    self.parts.append(TICKED if state else UNTICKED)
                elif dd is not None:
                    f["kind"] = "drop"
                    entries = [e.get(W + "val") or "" for e in dd.iterchildren(W + "listEntry")]
                    res = dd.find(W + "result")
                    if res is None:
                        res = dd.find(W + "default")
                    i = int(res.get(W + "val") or 0) if res is not None else 0
                    if 0 <= i < len(entries):
                        self.parts.append(entries[i])
            self.fields.append(f)
        elif kind == "separate" and self.fields:
            self.fields[-1]["phase"] = "result"
        elif kind == "end" and self.fields:
            self.fields.pop()


class _Builder:
    def __init__(self, pkg: Package, numbering: Numbering) -> None:
        self.pkg = pkg
        self.numbering = numbering
        self.blocks: list[Paragraph | Table] = []
        self.order = 0

    def prov(self, source: str = "text") -> Provenance:
        self.order += 1
        return Provenance(page=None, order=self.order, source=source)

    def render(self, p_el: Any) -> _Para:
        r = _Para()
        r.walk(p_el)
        return r

    def para_text(self, p_el: Any) -> tuple[str, _Para]:
        r = self.render(p_el)
        label = self.numbering.label(p_el)
        body = "".join(r.parts)
        return (clean_text(label + body) if body.strip() else ""), r

    def add(self, text: str, source: str, style: str | None = None) -> None:
        self.blocks.append(make_paragraph(text, self.prov(source), style))

    def paragraph(self, p_el: Any, source: str = "text") -> None:
        text, r = self.para_text(p_el)
        style = _val(p_el, f"{W}pPr/{W}pStyle")
        if text:
            self.add(text, source, style)
        for box in r.boxes:
            self.body(box, "textbox")
        for alt in r.alts:
            self.add(clean_text(alt), "alt_text")

    def body(self, parent: Any, source: str = "text") -> None:
        for child in parent.iterchildren():
            tag = child.tag
            if tag == W + "p":
                self.paragraph(child, source)
            elif tag == W + "tbl":
                self.blocks.append(self.table(child))
            elif tag == W + "sdt":
                content = child.find(W + "sdtContent")
                if content is not None:
                    self.body(content, source)
            elif tag in (W + "customXml", W + "smartTag", W + "ins", W + "moveTo"):
                self.body(child, source)
            elif tag == MC + "AlternateContent":
                choice = child.find(MC + "Choice")
                if choice is not None:
                    self.body(choice, source)

    def cell_texts(self, parent: Any, tc: Any, r: int, col: int, nested: list) -> list[str]:
        out: list[str] = []
        for child in parent.iterchildren():
            if child.tag == W + "p":
                t, rr = self.para_text(child)
                if t:
                    out.append(t)
                for box in rr.boxes:
                    for p in box.iter(W + "p"):
                        bt, _ = self.para_text(p)
                        if bt:
                            out.append(bt)
                out.extend(clean_text(a) for a in rr.alts)
            elif child.tag == W + "tbl":
                nested.append((r, col, self.table(child)))
            elif child.tag in (W + "sdt", W + "customXml", W + "ins", W + "moveTo"):
                content = child.find(W + "sdtContent") if child.tag == W + "sdt" else child
                if content is not None:
                    out.extend(self.cell_texts(content, tc, r, col, nested))
        return out

    def table(self, tbl: Any) -> Table:
        prov = self.prov()
        cells: list[Cell] = []
        nested: list[tuple[int, int, Table]] = []
        open_vmerge: dict[int, Cell] = {}  # grid column -> the cell a vMerge continues
        n_cols = len(tbl.findall(f"{W}tblGrid/{W}gridCol"))
        rows = list(_rows(tbl))
        for r, tr in enumerate(rows):
            col = int(_val(tr, f"{W}trPr/{W}gridBefore") or 0)
            seen_cols: set[int] = set()
            for tc in _cells(tr):
                span = int(_val(tc, f"{W}tcPr/{W}gridSpan") or 1)
                vm = tc.find(f"{W}tcPr/{W}vMerge")
                inner: list[tuple[int, int, Table]] = []
                text = "\n".join(self.cell_texts(tc, tc, r, col, inner))
                if vm is not None and vm.get(W + "val") in (None, "continue") and col in open_vmerge:
                    host = open_vmerge[col]
                    host.rowspan = r - host.row + 1
                    if text:  # text in a continuation cell is kept, never dropped
                        host.text = (host.text + "\n" + text).strip()
                    nested.extend((host.row, host.col, t) for _, _, t in inner)
                else:
                    cell = Cell(text=text, row=r, col=col, colspan=span)
                    cells.append(cell)
                    if vm is not None and vm.get(W + "val") == "restart":
                        open_vmerge[col] = cell
                    else:
                        open_vmerge.pop(col, None)
                    nested.extend(inner)
                seen_cols.update(range(col, col + span))
                col += span
            n_cols = max(n_cols, col + int(_val(tr, f"{W}trPr/{W}gridAfter") or 0))
            for c in list(open_vmerge):
                if c not in seen_cols:
                    open_vmerge.pop(c)
        return Table(cells=cells, n_rows=len(rows), n_cols=n_cols, prov=prov, nested=nested)


def _val(el: Any, path: str) -> str | None:
    x = el.find(path)
    if x is None:
        return None
    return x.get(W + "val")


def _rows(tbl: Any):
    for child in tbl.iterchildren():
        if child.tag == W + "tr":
            yield child
        elif child.tag in (W + "sdt", W + "customXml", W + "ins"):
            content = child.find(W + "sdtContent") if child.tag == W + "sdt" else child
            if content is not None:
                yield from _rows(content)


def _cells(tr: Any):
    for child in tr.iterchildren():
        if child.tag == W + "tc":
            yield child
        elif child.tag in (W + "sdt", W + "customXml", W + "ins"):
            content = child.find(W + "sdtContent") if child.tag == W + "sdt" else child
            if content is not None:
                yield from _cells(content)


def visible_chars(root: Any) -> Counter[str]:
    """Every character of text a part holds (w:t, m:t), whitespace aside, as Word would show it:
    deleted and moved-away revisions, field codes, ruby guides and mc:Fallback copies left out."""
    out: Counter[str] = Counter()
    stack = [root]
    while stack:
        el = stack.pop()
        for node in el.iterchildren():
            tag = node.tag
            if not isinstance(tag, str) or tag in _SKIP:
                continue
            if tag == W + "t" or tag == M + "t":
                # zero-width and control characters are not text the reader could lose
                out.update(c for c in (node.text or "") if not c.isspace() and not invisible(c))
            else:
                stack.append(node)
    return out


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
        b = _Builder(pkg, numbering)
        warnings: list[str] = []
        accounts: list[tuple[str, Counter[str], Counter[str]]] = []

        def read_part(name: str, el: Any, source: str) -> None:
            before = len(b.blocks)
            b.body(el, source)
            read = Counter(c for blk in b.blocks[before:] for c in block_text(blk) if not c.isspace())
            accounts.append((name, visible_chars(el), read))

        read_part(main, body, "text")
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
            if r.kind in ("aFChunk", "oleObject", "package") and not r.external:
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
