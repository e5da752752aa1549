"""A born-digital PDF page's blocks from its positioned characters: tables first, the free text as
paragraphs (two columns read column by column, a source line split where its parts sit on
different baselines), filled form values placed where a person sees them."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

from extractors.readers import pdf_text as pt
from extractors.readers.lines import Line, lines_to_paragraphs
from extractors.readers.pdf_forms import FieldValue
from extractors.readers.pdf_tables import Ruled, table_from_plumber
from models.document import BBox, Paragraph, Table


def with_fields(lines: list[Line], fields: list[FieldValue]) -> list[Line]:
    """Form values placed where a person sees them: after the label on their line, or as a line
    of their own at their height."""
    out = list(lines)
    for f in fields:
        fb = f.box
        here = "".join(
            t
            for t, b in out
            if b[0] >= fb[0] - 2 and b[2] <= fb[2] + 2 and b[1] >= fb[1] - 2 and b[3] <= fb[3] + 2
        )
        if f.text in here:  # the value is drawn in the text layer already (a flattened form)
            continue
        best, best_dx = None, 1e9
        for i, (_, b) in enumerate(out):
            ov = min(b[3], fb[3]) - max(b[1], fb[1])
            if ov > 0.4 * min(b[3] - b[1], fb[3] - fb[1]) and b[2] <= fb[0] + 4:
                dx = fb[0] - b[2]
                if dx < best_dx:
                    best, best_dx = i, dx
        if best is not None:
            t, b = out[best]
            out[best] = (t + f.text, (b[0], min(b[1], fb[1]), max(b[2], fb[2]), max(b[3], fb[3])))
        else:
            out.append((f.text, fb))
    return out


def page_blocks(
    chars: list[pt.Char],
    page_no: int,
    size: tuple[float, float],
    tables: list[Ruled],
    fields: list[FieldValue],
    turn: int = 0,
) -> list[Paragraph | Table]:
    """The page's blocks, read with its text upright. Everything comes on the page as shown (size
    `size`); where its text runs sideways or upside down there (`turn` degrees clockwise make it
    upright), the characters, tables and form values are turned before reading and the blocks'
    boxes turned back onto the page as shown."""
    width, height = size
    if turn:
        chars = pt.turn_chars(chars, turn, width, height)
        tables = [t.turned(turn, width, height) for t in tables]
        fields = [replace(f, box=pt.turn_box(f.box, turn, width, height)) for f in fields]
        width, height = pt.turned_size(width, height, turn)
    blocks = [b for _, b in text_blocks(chars, page_no, width, tables, fields, height)]
    if turn:
        back = (360 - turn) % 360
        for b in blocks:
            if b.prov.bbox is not None:
                b.prov.bbox = pt.turn_box(b.prov.bbox, back, width, height)
            if isinstance(b, Table):
                for c in b.cells:
                    if c.bbox is not None:
                        c.bbox = pt.turn_box(c.bbox, back, width, height)
    return blocks


def text_blocks(
    chars: list[pt.Char],
    page_no: int,
    width: float,
    tables_found: list[Ruled],
    fields: list[FieldValue],
    height: float | None = None,
) -> list[tuple[float, Paragraph | Table]]:
    """The page's blocks from its characters: tables, then the free text as paragraphs."""
    out: list[tuple[float, Paragraph | Table]] = []
    tables: list[Table] = []
    taken: set[int] = set()
    for ruled in tables_found:
        table, took = table_from_plumber(ruled, page_no, chars)
        if table.cells:
            tables.append(table)
            taken |= took
    free_fields: list[FieldValue] = []
    for f in fields:
        cx, cy = (f.box[0] + f.box[2]) / 2, (f.box[1] + f.box[3]) / 2
        cell = next(
            (
                c
                for t in tables
                for c in t.cells
                if c.bbox and c.bbox[0] <= cx <= c.bbox[2] and c.bbox[1] <= cy <= c.bbox[3]
            ),
            None,
        )
        if cell is not None:
            if f.text not in cell.text:
                cell.text = (cell.text + f.text) if cell.text else f.text
        else:
            free_fields.append(f)
    free = [ch for ch in chars if id(ch) not in taken]
    segs = pt.segments(free)
    seg_lines = [pt.seg_line(s) for s in segs]
    runs = pt.order_columns(seg_lines, width)
    if len(runs) == 1:  # one column: whole source lines, as the text layer gave them
        # a source line whose parts sit on different baselines (PDFium does not break a line
        # after a hyphenation marker: "Ef\ufffe" then "fects" on the next row) is split there
        by_line: dict[tuple[int, int], list[Line]] = {}
        segs_of: dict[tuple[int, int], list[list[pt.Char]]] = {}
        row_of: dict[int, tuple[int, float, float]] = {}
        for s in segs:
            ln = pt.seg_line(s)
            k = s[0].line
            cy, hh = (ln[1][1] + ln[1][3]) / 2, ln[1][3] - ln[1][1]
            row, pcy, ph = row_of.get(k, (0, cy, hh))
            if abs(cy - pcy) > 0.6 * max(hh, ph, 1.0):
                row += 1
            row_of[k] = (row, cy, hh)
            by_line.setdefault((k, row), []).append(ln)
            segs_of.setdefault((k, row), []).append(s)
        _marks_to_their_rows(by_line, segs_of)
        lines: list[Line] = []
        for key in sorted(by_line):
            parts = by_line[key]
            box: BBox = (
                min(b[0] for _, b in parts),
                min(b[1] for _, b in parts),
                max(b[2] for _, b in parts),
                max(b[3] for _, b in parts),
            )
            lines.append((_row_text(parts, segs_of[key]), box))
        runs = [lines]
    runs = [with_fields(r, free_fields) if i == 0 else r for i, r in enumerate(runs)]
    if tables:
        boxes = [t.prov.bbox for t in tables if t.prov.bbox is not None]
        cuts = sorted(b[1] for b in boxes)
        for run in runs:
            seg_of = [sum(1 for c in cuts if bb[1] > c) for _, bb in run]
            for k in range(len(cuts) + 1):
                seg = [x for x, s in zip(run, seg_of) if s == k]
                for p in lines_to_paragraphs(seg, page_no, 0, width, height):
                    out.append((p.prov.bbox[1] if p.prov.bbox else 0.0, p))
        for t in tables:
            out.append((t.prov.bbox[1] if t.prov.bbox else 0.0, t))
        out.sort(key=lambda x: x[0])
        return out
    for k, run in enumerate(runs):
        for p in lines_to_paragraphs(run, page_no, 0, None if len(runs) > 1 else width, height):
            # columns keep their reading order (a left column before the right one)
            out.append((float(k), p))
    return out


def block_chars(blocks: list[Paragraph | Table]) -> Counter[str]:
    out: Counter[str] = Counter()
    for b in blocks:
        out.update(c for c in b.text if not c.isspace())
    return out


def _row_text(parts: list[Line], segs: list[list[pt.Char]]) -> str:
    """The text of one row made of several runs. Runs side by side are joined with a space; a run
    lying within another's span (quotation marks drawn in another font, in a text object of their
    own: “昌桥乳业”) is put back among its characters by position, not left at the row's end."""
    inside = any(
        i != j and p[1][0] >= q[1][0] and p[1][2] <= q[1][2]
        for i, p in enumerate(parts)
        for j, q in enumerate(parts)
    )
    if not inside:
        return " ".join(t for t, _ in parts)
    chars = sorted((c for s in segs for c in s if c.c != " " or c.x1 > c.x0), key=lambda c: (c.x0 + c.x1) / 2)
    return "".join(c.c for c in chars).strip()


_MARKS = set("“”‘’\"'「」『』《》〈〉（）()【】、，。；：,.;: ")


def _marks_to_their_rows(
    by_line: dict[tuple[int, int], list[Line]], segs_of: dict[tuple[int, int], list]
) -> None:
    """A row holding nothing but a few marks (quotation marks drawn in a text object of their own)
    that sit within another row's span, on its height, is moved into that row."""

    def marks_only(parts: list[Line]) -> bool:
        text = "".join(t for t, _ in parts)
        return 0 < len(text.replace(" ", "")) <= 4 and all(ch in _MARKS for ch in text)

    def within(b: BBox, q: BBox) -> bool:  # marks sit high in a line: up to half its height above
        mid = (b[1] + b[3]) / 2
        return q[0] <= b[0] and b[2] <= q[2] and q[1] - 0.5 * (q[3] - q[1]) <= mid <= q[3]

    for key in list(by_line):
        parts = by_line[key]
        if not marks_only(parts):
            continue
        host = next(
            (
                hk
                for hk, hp in by_line.items()
                if hk != key and not marks_only(hp) and any(within(b, q) for _, b in parts for _, q in hp)
            ),
            None,
        )
        if host is not None:
            by_line[host] += by_line.pop(key)
            segs_of[host] += segs_of.pop(key)
