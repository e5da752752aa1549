"""Bordered tables of a PDF page: pdfplumber's grid (found from the page's ruling lines) with every
character of the text layer given to the cell holding it (merged cells once with their spans); a
table that runs over a page break joined to its first part."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from typing import Any

from extractors.readers import pdf_text as pt
from extractors.text import clean_text
from models.document import BBox, Cell, Paragraph, Provenance, Table


@dataclass
class Ruled:
    """A bordered table as pdfplumber found it on the page as shown: its outline and its cells'
    boxes (top-left origin, points), row by row."""

    bbox: BBox
    cells: list[BBox]

    def turned(self, turn: int, width: float, height: float) -> Ruled:
        """The table on the page turned `turn` degrees clockwise, its cells row by row again."""
        cells = [pt.turn_box(b, turn, width, height) for b in self.cells]
        cells.sort(key=lambda b: (round(b[1], 1), b[0]))
        return Ruled(pt.turn_box(self.bbox, turn, width, height), cells)


def ruled_tables(pp) -> list[Ruled]:
    """The bordered tables pdfplumber finds on a page (`pp`) from its ruling lines. A page whose
    characters pdfplumber has not read already (PDFium gives them) is interpreted without its
    text: the table finder needs only the lines, and pdfminer's work on every glyph is spared."""
    if not hasattr(pp, "_layout"):  # where pdfplumber keeps the page as pdfminer laid it out
        layout = _layout_without_text(pp)
        if layout is not None:
            pp._layout = layout
    out = []
    for t in pp.find_tables():
        cells = [
            (float(c[0]), float(c[1]), float(c[2]), float(c[3]))
            for row in t.rows
            for c in row.cells
            if c is not None
        ]
        if cells:
            b = t.bbox
            out.append(Ruled((float(b[0]), float(b[1]), float(b[2]), float(b[3])), cells))
    return out


def _layout_without_text(pp) -> Any:
    """The page as pdfplumber's pdfminer device lays it out, its text operators skipped (they
    draw no lines); None where that cannot be done, and pdfplumber then reads the whole page."""
    try:
        from pdfminer.pdfinterp import PDFPageInterpreter
        from pdfplumber.page import PDFPageAggregatorWithMarkedContent

        class WithoutText(PDFPageAggregatorWithMarkedContent):
            def render_string(self, textstate, seq, ncs, graphicstate) -> None:
                return None

        device = WithoutText(pp.pdf.rsrcmgr, pageno=pp.page_number, laparams=pp.pdf.laparams)
        PDFPageInterpreter(pp.pdf.rsrcmgr, device).process_page(pp.page_obj)
        return device.get_result()
    except Exception:  # pdfplumber's own reading says what is wrong with the page
        return None


def table_from_plumber(t: Ruled, page_no: int, chars: list[pt.Char]) -> tuple[Table, set[int]]:
    """A pdfplumber table on its grid, each merged cell once with its spans, its text from the
    characters inside each cell. Returns the table and the ids of the characters it took."""
    boxes = t.cells
    xs = sorted({round(b[0], 1) for b in boxes} | {round(b[2], 1) for b in boxes})
    ys = sorted({round(b[1], 1) for b in boxes} | {round(b[3], 1) for b in boxes})
    xs = cluster(xs)
    ys = cluster(ys)

    def idx(v: float, grid: list[float]) -> int:  # the nearest line of the grid (the first of two)
        i = bisect_left(grid, v)
        if i == 0:
            return 0
        if i == len(grid) or v - grid[i - 1] <= grid[i] - v:
            return i - 1
        return i

    tb = t.bbox
    inside = [ch for ch in chars if ch.c != " " and pt.in_box(ch, tb, 1.0)]
    # the characters by height on the page, so that a cell looks only at those of its own rows
    by_y = sorted(range(len(inside)), key=lambda k: inside[k].cy)
    ys_of = [inside[k].cy for k in by_y]
    cx_of = [ch.cx for ch in inside]
    taken: set[int] = set()
    cells: list[Cell] = []
    seen: set[tuple[int, int]] = set()
    for bb in boxes:
        c0, c1 = idx(bb[0], xs), idx(bb[2], xs)
        r0, r1 = idx(bb[1], ys), idx(bb[3], ys)
        if (r0, c0) in seen:
            continue
        seen.add((r0, c0))
        # the characters whose centre is inside the cell (pt.in_box, 0.5 pt of slack), in order
        band = by_y[bisect_left(ys_of, bb[1] - 0.5) : bisect_right(ys_of, bb[3] + 0.5)]
        x0, x1 = bb[0] - 0.5, bb[2] + 0.5
        mine_k = sorted(k for k in band if x0 <= cx_of[k] <= x1 and id(inside[k]) not in taken)
        mine = [inside[k] for k in mine_k]
        taken.update(id(ch) for ch in mine)
        cells.append(
            Cell(
                text=clean_text(pt.cell_text(mine, bb)),
                row=r0,
                col=c0,
                rowspan=max(1, r1 - r0),
                colspan=max(1, c1 - c0),
                page=page_no,
                bbox=bb,
            )
        )
    n_rows = max(1, len(ys) - 1)
    n_cols = max(1, len(xs) - 1)
    table = Table(cells=cells, n_rows=n_rows, n_cols=n_cols, prov=Provenance(page=page_no, bbox=tb))
    return table, taken


def cluster(vals: list[float], tol: float = 2.0) -> list[float]:
    out: list[float] = []
    for v in vals:
        if out and v - out[-1] <= tol:
            continue
        out.append(v)
    return out


def continues(prev: Table, nxt: Table) -> bool:
    """A table at the top of a page continuing the one that ended the page before: the
    first row of the new part has the columns (left edges) of the last row of the old one."""
    rows_p = [r for r in prev.rows() if r]
    rows_n = [r for r in nxt.rows() if r]
    if not rows_p or not rows_n:
        return False
    pc = [c.bbox[0] for c in rows_p[-1] if c.bbox]
    nc = [c.bbox[0] for c in rows_n[0] if c.bbox]
    width = max([c.bbox[2] for c in prev.cells if c.bbox] or [600.0])
    tol = max(4.0, 0.01 * width)
    return len(pc) == len(nc) and len(pc) > 0 and all(abs(a - b) < tol for a, b in zip(pc, nc))


def append_table(prev: Table, nxt: Table) -> None:
    off = prev.n_rows
    for c in nxt.cells:
        prev.cells.append(c.model_copy(update={"row": c.row + off}))
    prev.n_rows += nxt.n_rows
    prev.n_cols = max(prev.n_cols, nxt.n_cols)


def place(
    blocks: list[Paragraph | Table],
    page_blocks: list[Paragraph | Table],
    order: int,
    last_table: Table | None,
) -> tuple[int, Table | None]:
    """Append a page's blocks; a table opening the page that continues the table closing the
    previous page is joined to it. Returns the order counter and the table closing this page."""
    content = [
        b for b in page_blocks if not (isinstance(b, Paragraph) and b.prov.source in ("header", "footer"))
    ]
    first = content[0] if content else None
    closing: Table | None = None
    for b in page_blocks:
        if isinstance(b, Table) and b is first and last_table is not None and continues(last_table, b):
            append_table(last_table, b)
            closing = last_table
            continue
        order += 1
        b.prov.order = order
        blocks.append(b)
        if isinstance(b, Table):
            closing = b
    last = content[-1] if content else None
    return order, (closing if isinstance(last, Table) else None)
