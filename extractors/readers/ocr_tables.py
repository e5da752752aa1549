"""Bordered tables on a page image, rebuilt from the ruling lines: the enclosed white areas of the
line mask are the cells (a merged cell is one area), laid on a grid of their edges, and every
recognised text box goes to the cell that holds its centre, so a scanned form yields the same rows
and cells as its .docx. Text boxes are grouped into lines here too (`lines_of`, `split_columns`)."""

from __future__ import annotations

import numpy as np

from extractors.readers.lines import join_wrapped
from extractors.text import clean_text
from models.document import Cell, Provenance, Table


def find_cells(gray: np.ndarray) -> list[list[tuple[int, int, int, int]]]:
    """Bordered tables on a page: for each, the rectangles (x0, y0, x1, y1) of its cells."""
    import cv2

    h, w = gray.shape
    bw = cv2.adaptiveThreshold(gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 25, 15)
    hk = cv2.getStructuringElement(cv2.MORPH_RECT, (max(20, w // 25), 1))
    vk = cv2.getStructuringElement(cv2.MORPH_RECT, (1, max(20, h // 60)))
    # ruling lines, with gaps bridged along their direction (a seal or a fold may interrupt them)
    horiz = cv2.morphologyEx(
        cv2.morphologyEx(bw, cv2.MORPH_OPEN, hk),
        cv2.MORPH_CLOSE,
        cv2.getStructuringElement(cv2.MORPH_RECT, (41, 1)),
    )
    vert = cv2.morphologyEx(
        cv2.morphologyEx(bw, cv2.MORPH_OPEN, vk),
        cv2.MORPH_CLOSE,
        cv2.getStructuringElement(cv2.MORPH_RECT, (1, 41)),
    )
    horiz = cv2.dilate(horiz, np.ones((3, 3), np.uint8))
    vert = cv2.dilate(vert, np.ones((3, 3), np.uint8))
    grid = cv2.bitwise_or(horiz, vert)
    tables: list[list[tuple[int, int, int, int]]] = []
    contours, _ = cv2.findContours(grid, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    for c in contours:
        x, y, cw, ch = cv2.boundingRect(c)
        if cw < w * 0.3 or ch < 30:
            continue
        region = grid[y : y + ch, x : x + cw]
        inv = cv2.bitwise_not(region)
        n, labels, stats, _ = cv2.connectedComponentsWithStats(inv, connectivity=4)
        cells = []
        for i in range(1, n):
            sx, sy, sw, sh, area = stats[i]
            if sw < 12 or sh < 12:
                continue
            # the outside of the table touches the region's border
            if sx <= 0 or sy <= 0 or sx + sw >= cw or sy + sh >= ch:
                continue
            cells.append((x + sx, y + sy, x + sx + sw, y + sy + sh))
        if len(cells) >= 2:
            tables.append(cells)
    tables.sort(key=lambda cs: min(c[1] for c in cs))
    return tables


def _cluster_edges(vals: list[int], tol: int) -> list[int]:
    out: list[int] = []
    for v in sorted(vals):
        if out and v - out[-1] <= tol:
            continue
        out.append(v)
    return out


def lines_of(
    boxes: list[tuple[str, float, tuple[float, float, float, float]]],
) -> list[list[tuple[str, float, tuple[float, float, float, float]]]]:
    """Group text boxes into lines by vertical overlap, each line left to right."""
    boxes = sorted(boxes, key=lambda b: (b[2][1] + b[2][3]) / 2)
    lines: list[list[tuple[str, float, tuple[float, float, float, float]]]] = []
    for b in boxes:
        cy = (b[2][1] + b[2][3]) / 2
        if lines:
            last = lines[-1]
            ly0 = min(x[2][1] for x in last)
            ly1 = max(x[2][3] for x in last)
            if ly0 <= cy <= ly1:
                last.append(b)
                continue
        lines.append([b])
    for ln in lines:
        ln.sort(key=lambda x: x[2][0])
    return lines


def split_columns(
    line: list[tuple[str, float, tuple[float, float, float, float]]],
) -> list[list[tuple[str, float, tuple[float, float, float, float]]]]:
    """A line's boxes cut where a wide gap parts two columns (a borderless signature block:
    牵头单位（盖章）：      核心层单位（盖章）：): each column's text stays its own line."""
    if len(line) < 2:
        return [line]
    heights = sorted(b[2][3] - b[2][1] for b in line)
    h = heights[len(heights) // 2] or 1.0
    out = [[line[0]]]
    for prev, b in zip(line, line[1:]):
        if b[2][0] - prev[2][2] > 2.5 * h:
            out.append([b])
        else:
            out[-1].append(b)
    return out


def plausible_table(
    rects: list[tuple[int, int, int, int]],
    boxes: list[tuple[str, float, tuple[float, float, float, float]]],
) -> bool:
    """Whether ruling-line "cells" are a table's: text lines sit inside cells, not across them.
    Strokes of large characters close small areas that look like cells, and the text boxes of
    those characters then straddle several of them."""
    if not boxes:
        return True
    straddle = 0
    for _, _, b in boxes:
        area = max(1.0, (b[2] - b[0]) * (b[3] - b[1]))
        inside = 0.0
        for r in rects:
            ix = min(b[2], r[2]) - max(b[0], r[0])
            iy = min(b[3], r[3]) - max(b[1], r[1])
            if ix > 0 and iy > 0:
                inside = max(inside, ix * iy / area)
        if inside < 0.6:
            straddle += 1
    return straddle <= 0.3 * len(boxes)


def build_table(
    rects: list[tuple[int, int, int, int]],
    boxes: list[tuple[str, float, tuple[float, float, float, float]]],
    page_no: int,
    tol: int = 10,
) -> Table:
    xs = _cluster_edges([r[0] for r in rects] + [r[2] for r in rects], tol)
    ys = _cluster_edges([r[1] for r in rects] + [r[3] for r in rects], tol)

    def idx(v: float, grid: list[int]) -> int:
        return min(range(len(grid)), key=lambda i: abs(grid[i] - v))

    cells: list[Cell] = []
    for r in sorted(rects, key=lambda r: (r[1], r[0])):
        inside = [
            b
            for b in boxes
            if r[0] <= (b[2][0] + b[2][2]) / 2 <= r[2] and r[1] <= (b[2][1] + b[2][3]) / 2 <= r[3]
        ]
        text_lines = ["".join(x[0] for x in ln) for ln in lines_of(inside)]
        conf = float(np.mean([b[1] for b in inside])) if inside else None
        c0, c1 = idx(r[0], xs), idx(r[2], xs)
        r0, r1 = idx(r[1], ys), idx(r[3], ys)
        cells.append(
            Cell(
                text=clean_text(join_wrapped(text_lines)),
                row=r0,
                col=c0,
                rowspan=max(1, r1 - r0),
                colspan=max(1, c1 - c0),
                page=page_no,
                bbox=(float(r[0]), float(r[1]), float(r[2]), float(r[3])),
                confidence=conf,
            )
        )
    bbox = (
        float(min(r[0] for r in rects)),
        float(min(r[1] for r in rects)),
        float(max(r[2] for r in rects)),
        float(max(r[3] for r in rects)),
    )
    return Table(
        cells=cells,
        n_rows=max(1, len(ys) - 1),
        n_cols=max(1, len(xs) - 1),
        prov=Provenance(page=page_no, bbox=bbox, source="ocr"),
    )
