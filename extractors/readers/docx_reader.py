"""Reader for .docx (Office Open XML) files, with python-docx.

Walks the body in document order, paragraphs and tables interleaved. Tables are laid on their
grid from the XML itself: a cell spanning columns (gridSpan) or rows (vMerge) appears once with
its span, rows that start late or end early (gridBefore / gridAfter) keep their columns, and
tables nested in a cell are kept beside the cell. Text inside content controls (w:sdt), text
boxes, headers and footers is read too; nothing in the body is silently dropped.
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

from extractors.errors import CorruptFile, EmptyFile, EncryptedFile, TooLarge
from extractors.limits import Limits
from extractors.text import clean_text
from models.document import Cell, Paragraph, Provenance, ReadDocument, Table, make_paragraph

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def check_zip(data: bytes, limits: Limits) -> None:
    """Refuse zip bombs and broken packages before python-docx inflates anything."""
    try:
        z = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as e:
        raise CorruptFile(f"not a valid .docx package: {e}") from e
    total = 0
    with z:
        for info in z.infolist():
            total += info.file_size
            if (
                info.compress_size
                and info.file_size / max(info.compress_size, 1) > limits.max_zip_ratio
                and (info.file_size > 10 * 1024 * 1024)
            ):
                raise TooLarge(
                    f"{info.filename} inflates {info.file_size} bytes from {info.compress_size}: "
                    "refused as a zip bomb"
                )
        if total > limits.max_unzipped_bytes:
            raise TooLarge(f"package inflates to {total} bytes, over the cap of {limits.max_unzipped_bytes}")
        if "word/document.xml" not in z.namelist():
            raise CorruptFile("zip package without word/document.xml: not a Word document")
        bad = z.testzip()
        if bad:
            raise CorruptFile(f"corrupt member in package: {bad}")


def _text_of(el: Any) -> str:
    """Text of a paragraph-like element: runs, tabs and breaks; text boxes are left to the caller."""
    parts: list[str] = []
    for node in el.iter():
        tag = node.tag
        if tag == W + "t" or tag == W + "delText":
            if tag == W + "delText":
                continue
            if _inside(node, W + "txbxContent", stop=el):
                continue
            parts.append(node.text or "")
        elif tag == W + "tab":
            if not _inside(node, W + "txbxContent", stop=el):
                parts.append("\t")
        elif tag in (W + "br", W + "cr"):
            if not _inside(node, W + "txbxContent", stop=el):
                parts.append("\n")
    return "".join(parts)


def _inside(node: Any, tag: str, stop: Any) -> bool:
    p = node.getparent()
    while p is not None and p is not stop:
        if p.tag == tag:
            return True
        p = p.getparent()
    return False


def _textboxes(p_el: Any) -> list[str]:
    """Paragraph texts of the text boxes anchored in a paragraph (the mc:Fallback copy skipped)."""
    out: list[str] = []
    for tb in p_el.iter(W + "txbxContent"):
        if _inside(tb, MC + "Fallback", stop=p_el):
            continue
        for p in tb.iter(W + "p"):
            t = clean_text(_text_of(p))
            if t:
                out.append(t)
    return out


def _val(el: Any, path: str) -> str | None:
    x = el.find(path)
    if x is None:
        return None
    return x.get(W + "val")


class _Builder:
    def __init__(self) -> None:
        self.blocks: list[Paragraph | Table] = []
        self.order = 0

    def prov(self, source: str = "text") -> Provenance:
        self.order += 1
        return Provenance(page=None, order=self.order, source=source)

    def paragraph(self, p_el: Any, source: str = "text") -> None:
        text = clean_text(_text_of(p_el))
        style = _val(p_el, f"{W}pPr/{W}pStyle")
        if text:
            self.blocks.append(make_paragraph(text, self.prov(source), style))
        for t in _textboxes(p_el):
            self.blocks.append(make_paragraph(t, self.prov("textbox")))

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
            elif tag in (W + "customXml", W + "smartTag"):
                self.body(child, source)

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
                paras = []
                for child in tc.iterchildren():
                    if child.tag == W + "p":
                        t = clean_text(_text_of(child))
                        if t:
                            paras.append(t)
                        paras.extend(_textboxes(child))
                    elif child.tag == W + "sdt":
                        for p in child.iter(W + "p"):
                            t = clean_text(_text_of(p))
                            if t:
                                paras.append(t)
                text = "\n".join(paras)
                if vm is not None and vm.get(W + "val") in (None, "continue") and col in open_vmerge:
                    host = open_vmerge[col]
                    host.rowspan = r - host.row + 1
                    if text:  # text in a continuation cell is kept, never dropped
                        host.text = (host.text + "\n" + text).strip()
                else:
                    cell = Cell(text=text, row=r, col=col, colspan=span)
                    cells.append(cell)
                    if vm is not None and vm.get(W + "val") == "restart":
                        open_vmerge[col] = cell
                    else:
                        open_vmerge.pop(col, None)
                    for inner in tc.iter(W + "tbl"):
                        if inner is not tc and _nearest_tc(inner) is tc:
                            nested.append((r, col, self.table(inner)))
                seen_cols.update(range(col, col + span))
                col += span
            n_cols = max(n_cols, col + int(_val(tr, f"{W}trPr/{W}gridAfter") or 0))
            for c in list(open_vmerge):
                if c not in seen_cols:
                    open_vmerge.pop(c)
        return Table(cells=cells, n_rows=len(rows), n_cols=n_cols, prov=prov, nested=nested)


def _nearest_tc(el: Any) -> Any:
    p = el.getparent()
    while p is not None and p.tag != W + "tc":
        p = p.getparent()
    return p


def _rows(tbl: Any):
    for child in tbl.iterchildren():
        if child.tag == W + "tr":
            yield child
        elif child.tag in (W + "sdt", W + "customXml"):
            content = child.find(W + "sdtContent") if child.tag == W + "sdt" else child
            if content is not None:
                yield from _rows(content)


def _cells(tr: Any):
    for child in tr.iterchildren():
        if child.tag == W + "tc":
            yield child
        elif child.tag in (W + "sdt", W + "customXml"):
            content = child.find(W + "sdtContent") if child.tag == W + "sdt" else child
            if content is not None:
                yield from _cells(content)


def read_docx(data: bytes, limits: Limits | None = None) -> ReadDocument:
    limits = limits or Limits()
    if not data:
        raise EmptyFile("empty file (0 bytes)")
    if data[:8] == OLE_MAGIC:
        raise EncryptedFile("password-protected Word file (OLE container holding an encrypted package)")
    check_zip(data, limits)
    import docx  # python-docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        d = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile) as e:
        raise CorruptFile(f"python-docx cannot open the package: {e}") from e
    except Exception as e:  # lxml XMLSyntaxError and friends
        raise CorruptFile(f"malformed Word XML: {type(e).__name__}: {e}") from e
    b = _Builder()
    b.body(d.element.body)
    seen: set[str] = set()
    for section in d.sections:
        for kind, part in (("header", section.header), ("footer", section.footer)):
            try:
                if part.is_linked_to_previous and kind in seen:
                    continue
                el = part._element
            except Exception:
                continue
            before = len(b.blocks)
            b.body(el, source=kind)
            new = b.blocks[before:]
            key = kind + "|" + "\n".join(x.text for x in new)
            if key in seen:
                del b.blocks[before:]
            seen.add(key)
            seen.add(kind)
    return ReadDocument(media_type="docx", pages=None, ocr_used=False, blocks=b.blocks)
