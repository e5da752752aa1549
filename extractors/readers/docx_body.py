"""A Word part's body in document order, paragraphs and tables interleaved (content controls,
custom XML, insertions and mc:AlternateContent walked through). Tables are laid on their grid
from the XML itself: a cell spanning columns (gridSpan) or rows (vMerge) appears once with its
span, rows that start late or end early (gridBefore / gridAfter) keep their columns, and tables
nested in a cell are kept beside the cell."""

from __future__ import annotations

from collections import Counter
from typing import Any

from extractors.readers.docx_numbering import Numbering
from extractors.readers.docx_package import Package
from extractors.readers.docx_text import MC, ParaText, W
from extractors.text import clean_text
from models.document import Cell, Paragraph, Provenance, Table, make_paragraph


class Builder:
    def __init__(self, pkg: Package, numbering: Numbering) -> None:
        self.pkg = pkg
        self.numbering = numbering
        self.blocks: list[Paragraph | Table] = []
        self.order = 0
        self.dropped: Counter[str] = Counter()  # repeats of form fields' values left out (ParaText)

    def prov(self, source: str = "text") -> Provenance:
        self.order += 1
        return Provenance(page=None, order=self.order, source=source)

    def render(self, p_el: Any) -> ParaText:
        r = ParaText()
        r.walk(p_el)
        self.dropped.update(r.dropped)
        return r

    def para_text(self, p_el: Any) -> tuple[str, ParaText]:
        r = self.render(p_el)
        label = self.numbering.label(p_el)
        body = "".join(r.parts)
        if not body.strip() and label.strip() and _shows_object(p_el):
            return clean_text(label), r  # 1. / A. before an equation or picture: the number is seen
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


def _shows_object(p_el: Any) -> bool:
    """Whether a paragraph shows an object without text: an equation object, a picture, a drawing."""
    return any(True for _ in p_el.iter(W + "object", W + "drawing", W + "pict"))


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
