"""OCR of scans and photos with RapidOCR (PP-OCR models shipped inside the wheel).

One engine per process, reused. Each page image is cleaned before recognition: red seals (公章)
are faded to white so the black text under them survives, and the page is deskewed. Bordered
tables are rebuilt from the ruling lines: the enclosed white areas of the line mask are the
cells (a merged cell is one area), laid on a grid of their edges, and every recognised text
box goes to the cell that holds its centre, so a scanned form yields the same rows and cells
as its .docx. Text outside tables becomes paragraphs with boxes and confidences.
"""

from __future__ import annotations

import logging
import os
import threading
from typing import Any

import numpy as np

from extractors.readers.lines import join_wrapped, lines_to_paragraphs
from extractors.text import clean_text
from models.document import Cell, Paragraph, Provenance, Table

_ENGINE: Any = None
# A4 at 200 dpi is 1654 x 2339 px: keep it whole (RapidOCR's default downscales past 2000 px, and a
# code next to a seal then goes undetected)
ENGINE_PARAMS = {"Global.log_level": "warning", "Global.max_side_len": 2400}
_LOCK = threading.Lock()
_RUN_LOCK = threading.Lock()


def engine() -> Any:
    """The process's RapidOCR engine (created on first use; models load from the wheel)."""
    global _ENGINE
    with _LOCK:
        if _ENGINE is None:
            for name in ("RapidOCR", "rapidocr"):
                logging.getLogger(name).setLevel(logging.WARNING)
            from rapidocr import RapidOCR

            params: dict[str, Any] = dict(ENGINE_PARAMS)
            threads = os.environ.get("INTAKE_OCR_THREADS")
            if threads:  # e.g. 1 per Dask worker, so that the workers are the parallelism
                params["EngineConfig.onnxruntime.intra_op_num_threads"] = int(threads)
            _ENGINE = RapidOCR(params=params)
            for name in ("RapidOCR", "rapidocr"):
                logging.getLogger(name).setLevel(logging.WARNING)
    return _ENGINE


# --------------------------------------------------------------------------- image cleaning
def fade_red(bgr: np.ndarray) -> np.ndarray:
    """Turn red ink (seals, red signatures) white while the black text and ruling lines under it
    survive: seal ink over paper is the common, light red; seal ink over black ink is a darker
    red, which is kept as dark ink."""
    import cv2

    # most pages carry no red at all: a look at a reduced copy spares the full conversion
    small = cv2.resize(
        bgr, (max(1, bgr.shape[1] // 8), max(1, bgr.shape[0] // 8)), interpolation=cv2.INTER_AREA
    )
    b8, g8, r8 = (small[..., i].astype(np.int16) for i in range(3))
    if not ((r8 - np.maximum(g8, b8)) > 40).any():
        return bgr
    hsv = cv2.cvtColor(bgr, cv2.COLOR_BGR2HSV)
    h, s, v = hsv[..., 0], hsv[..., 1], hsv[..., 2]
    red = ((h <= 12) | (h >= 160)) & (s >= 60) & (v >= 60)
    out = bgr.copy()
    if not red.any():
        return out
    med = float(np.median(v[red]))
    ink = red & (v < 0.8 * med)
    paper = red & ~ink
    out[paper] = 255
    dark = (v[ink].astype(np.float32) * 0.35).astype(np.uint8)
    out[ink] = dark[:, None]
    return out


def skew_angle(gray: np.ndarray, max_deg: float = 5.0, step: float = 0.2) -> float:
    """The rotation (degrees) that makes text rows and ruling lines horizontal: the angle whose
    horizontal projection profile has the largest variance, on a reduced image."""
    import cv2

    h, w = gray.shape
    scale = 1000.0 / max(h, w)
    small = cv2.resize(gray, (max(1, int(w * scale)), max(1, int(h * scale))), interpolation=cv2.INTER_AREA)
    bw = cv2.threshold(small, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)[1]
    ys, xs = np.nonzero(bw)
    if len(xs) < 50:
        return 0.0
    pts = np.stack([xs, ys], axis=1).astype(np.float32)
    cx, cy = small.shape[1] / 2, small.shape[0] / 2
    best, best_score = 0.0, -1.0
    for deg in np.arange(-max_deg, max_deg + step / 2, step):
        rad = np.deg2rad(deg)
        yr = (pts[:, 0] - cx) * np.sin(rad) + (pts[:, 1] - cy) * np.cos(rad)
        hist = np.bincount((yr - yr.min()).astype(np.int64))
        score = float(np.var(hist))
        if score > best_score:
            best, best_score = float(deg), score
    return best


ANGLE_SIGN = -1.0


def deskew(bgr: np.ndarray) -> tuple[np.ndarray, float, np.ndarray | None]:
    """The page levelled, the angle, and the 2x3 rotation matrix (None when not rotated)."""
    import cv2

    gray = cv2.cvtColor(bgr, cv2.COLOR_BGR2GRAY)
    angle = skew_angle(gray)
    if abs(angle) < 0.5:  # below this the estimate is noise and rotating costs more than it gains
        return bgr, 0.0, None
    h, w = gray.shape
    m = cv2.getRotationMatrix2D((w / 2, h / 2), ANGLE_SIGN * angle, 1.0)
    out = cv2.warpAffine(bgr, m, (w, h), flags=cv2.INTER_LINEAR, borderValue=(255, 255, 255))
    return out, angle, m


# --------------------------------------------------------------------------- tables
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


def _lines_of(
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
        text_lines = ["".join(x[0] for x in ln) for ln in _lines_of(inside)]
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


# --------------------------------------------------------------------------- the page
def recognise(
    bgr: np.ndarray, transform: np.ndarray | None = None
) -> list[tuple[str, float, tuple[float, float, float, float]]]:
    """Text boxes (text, confidence, axis-aligned box) of an image; with `transform` (a 2x3
    affine matrix) the boxes are given in the transformed (levelled) page's coordinates."""
    eng = engine()
    with _RUN_LOCK:  # one page at a time: onnxruntime already spreads a page over every core
        res = eng(bgr)
    out: list[tuple[str, float, tuple[float, float, float, float]]] = []
    if res is None or res.boxes is None or res.txts is None:
        return out
    for quad, txt, score in zip(res.boxes, res.txts, res.scores):
        q = np.asarray(quad, dtype=np.float64)
        if transform is not None:
            q = np.hstack([q, np.ones((len(q), 1))]) @ transform.T
        out.append(
            (
                str(txt),
                float(score),
                # a box carried onto the levelled page may overhang its edge: kept, clipped to it
                (
                    max(0.0, float(q[:, 0].min())),
                    max(0.0, float(q[:, 1].min())),
                    min(float(bgr.shape[1]), float(q[:, 0].max())),
                    min(float(bgr.shape[0]), float(q[:, 1].max())),
                ),
            )
        )
    return out


def ocr_page_blocks(image: Any, page_no: int | None = 1) -> list[Paragraph | Table]:
    """Blocks of one page image (a PIL image or a BGR array), in reading order."""
    import cv2

    if not isinstance(image, np.ndarray):
        from extractors.readers.imaging import on_white

        image = cv2.cvtColor(np.asarray(on_white(image)), cv2.COLOR_RGB2BGR)
    faded = fade_red(image)
    # the grid is found on the levelled page; text is recognised on the page as scanned (PP-OCR
    # reads a degree or two of skew itself, and resampling costs it words), its boxes then
    # carried onto the levelled page
    level, _angle, m = deskew(faded)
    gray = cv2.cvtColor(level, cv2.COLOR_BGR2GRAY)
    boxes = recognise(faded, m)
    tables_rects = find_cells(gray)
    blocks: list[tuple[float, Paragraph | Table]] = []
    used: set[int] = set()
    for rects in tables_rects:
        x0 = min(r[0] for r in rects)
        y0 = min(r[1] for r in rects)
        x1 = max(r[2] for r in rects)
        y1 = max(r[3] for r in rects)
        mine = []
        taken = []
        for i, b in enumerate(boxes):
            cx, cy = (b[2][0] + b[2][2]) / 2, (b[2][1] + b[2][3]) / 2
            if (
                x0 <= cx <= x1
                and y0 <= cy <= y1
                and any(r[0] <= cx <= r[2] and r[1] <= cy <= r[3] for r in rects)
            ):  # a box in the table's outline but in no cell stays on the page as text
                mine.append(b)
                taken.append(i)
        if not plausible_table(rects, mine):
            continue
        used.update(taken)
        t = build_table(rects, mine, page_no or 1)
        blocks.append((float(y0), t))
    free = [b for i, b in enumerate(boxes) if i not in used]
    lines = []
    for ln in (piece for whole in _lines_of(free) for piece in split_columns(whole)):
        text = " ".join(x[0] for x in ln)
        bb = (
            min(x[2][0] for x in ln),
            min(x[2][1] for x in ln),
            max(x[2][2] for x in ln),
            max(x[2][3] for x in ln),
        )
        lines.append((text, bb, float(np.mean([x[1] for x in ln]))))
    # paragraphs between tables
    cuts = sorted(y for y, _ in blocks)
    width = float(gray.shape[1])
    for k in range(len(cuts) + 1):
        lo = cuts[k - 1] if k else float("-inf")  # a levelled top line may sit above y = 0
        hi = cuts[k] if k < len(cuts) else float("inf")
        seg = [(t, bb) for t, bb, _ in lines if lo < bb[1] <= hi]
        confs = {bb: c for _, bb, c in lines}
        for p in lines_to_paragraphs(seg, page_no or 1, 0, width):
            p.prov.source = "ocr" if p.prov.source == "text" else p.prov.source
            if p.prov.bbox is not None:
                inside = [
                    c
                    for bb, c in confs.items()
                    if bb[1] >= p.prov.bbox[1] - 1 and bb[3] <= p.prov.bbox[3] + 1
                ]
                p.prov.confidence = float(np.mean(inside)) if inside else None
            blocks.append((p.prov.bbox[1] if p.prov.bbox else 0.0, p))
    blocks.sort(key=lambda x: x[0])
    return [b for _, b in blocks]
