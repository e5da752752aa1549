"""OCR of scans and photos with RapidOCR (PP-OCR models shipped inside the wheel).

One engine per process, reused. Each page image is cleaned before recognition: on a colour page,
red seal ink (公章) is separated from black ink (extractors.readers.seals), so the black text under
a seal survives and the seal's own text stays out of the page's text; each seal found is unwrapped
and read apart, with the page's text lines around it. The page is deskewed. Bordered
tables are rebuilt from the ruling lines: the enclosed white areas of the line mask are the
cells (a merged cell is one area), laid on a grid of their edges, and every recognised text
box goes to the cell that holds its centre, so a scanned form yields the same rows and cells
as its .docx. Text outside tables becomes paragraphs with boxes and confidences.
"""

from __future__ import annotations

import logging
import math
import threading
from dataclasses import dataclass, field
from typing import Any

import numpy as np

import settings
from extractors.readers.lines import join_wrapped, lines_to_paragraphs
from extractors.text import clean_text
from models.document import Cell, Paragraph, Provenance, Seal, SealWord, Table

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
            threads = settings.ocr_threads()
            if threads:  # e.g. 1 per Dask worker, so that the workers are the parallelism
                params["EngineConfig.onnxruntime.intra_op_num_threads"] = threads
            _ENGINE = RapidOCR(params=params)
            for name in ("RapidOCR", "rapidocr"):
                logging.getLogger(name).setLevel(logging.WARNING)
    return _ENGINE


# --------------------------------------------------------------------------- image cleaning
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


@dataclass
class OcrPage:
    """One page as OCR read it: its blocks in reading order, the seals found on it, and whether
    the page image was in colour (seals can be told from black ink only then)."""

    blocks: list[Paragraph | Table]
    seals: list[Seal] = field(default_factory=list)
    colour: bool = False


def ocr_page_blocks(image: Any, page_no: int | None = 1) -> list[Paragraph | Table]:
    """Blocks of one page image (a PIL image or a BGR array), in reading order."""
    return ocr_page(image, page_no).blocks


def ocr_page(image: Any, page_no: int | None = 1) -> OcrPage:
    """One page image (a PIL image or a BGR array) read: blocks, seals, colour."""
    import cv2

    from extractors.readers import seals

    if not isinstance(image, np.ndarray):
        from extractors.readers.imaging import on_white

        image = cv2.cvtColor(np.asarray(on_white(image)), cv2.COLOR_RGB2BGR)
    colour = seals.is_colour(image)
    red = seals.redness(image) if colour and seals.has_red(image) else None
    rings = seals.find_rings(image, red) if red is not None else []
    faded = seals.separate(image, red) if red is not None else image
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
    found = read_seals(image, red, rings, boxes, m, page_no) if rings and red is not None else []
    return OcrPage([b for _, b in blocks], found, colour)


# --------------------------------------------------------------------------- seals
TOP_CHOICES = 5


def read_strips(images: list[np.ndarray]) -> list[tuple[str, float, list[list[tuple[str, float]]]]]:
    """Line images read by RapidOCR's recogniser alone (no detection): per image its text, mean
    confidence and, per step along the line, the recogniser's top choices with their
    probabilities ("" = nothing at this step)."""
    rec = engine()._load_rec_model()
    chars = rec.postprocess_op.character
    _c, img_h, img_w = rec.rec_image_shape[:3]
    out: list[tuple[str, float, list[list[tuple[str, float]]]]] = [("", 0.0, [])] * len(images)
    # one line at a time: a batch pads every line to the longest, which costs more than it saves
    for k in range(len(images)):
        idx = [k]
        ratios = [images[i].shape[1] / max(1, images[i].shape[0]) for i in idx]
        max_ratio = max(img_w / img_h, *ratios)
        batch = np.stack([rec.resize_norm_img(images[i], max_ratio) for i in idx]).astype(np.float32)
        with _RUN_LOCK:
            preds = np.asarray(rec.session(batch))
        full_w = int(img_h * max_ratio)
        for j, i in enumerate(idx):
            used = min(full_w, int(math.ceil(img_h * ratios[j])))
            steps = max(1, int(math.ceil(preds.shape[1] * used / full_w)))
            p = preds[j, :steps]
            top = np.argsort(-p, axis=1)[:, :TOP_CHOICES]
            choices = [
                [(chars[c] if c else "", round(float(p[t, c]), 4)) for c in top[t]] for t in range(steps)
            ]
            text, confs, prev = "", [], -1
            for t in range(steps):
                c = int(top[t, 0])
                if c and c != prev:
                    text += chars[c]
                    confs.append(float(p[t, c]))
                prev = c
            out[i] = (text, float(np.mean(confs)) if confs else 0.0, choices)
    return out


def read_seals(
    image: np.ndarray,
    red: np.ndarray,
    rings: list[Any],
    boxes: list[tuple[str, float, tuple[float, float, float, float]]],
    transform: np.ndarray | None,
    page_no: int | None,
) -> list[Seal]:
    """The seals of a page: each one's arc text and the page's text lines around it, with boxes
    on the levelled page (like the page's other boxes)."""
    from extractors.readers.seal_unwrap import strips

    first = read_strips(strips(image, red, rings))
    # a reading with unsure characters (black text across the seal, worn ink): read the arc
    # again with the black text left in, and keep both
    weak = [i for i, (_t, _c, ch) in enumerate(first) if _unsure(ch)]
    again = dict(zip(weak, read_strips(strips(image, red, rings, fill=False, which=weak)))) if weak else {}
    out: list[Seal] = []
    for k, ring in enumerate(rings):
        reads = [first[k]] + ([again[k]] if k in again else [])
        # the surest reading gives the text; every reading's choices are kept for matching
        text, conf, choices = max(reads, key=lambda r: r[1])
        cx, cy = ring.cx, ring.cy
        if transform is not None:
            cx, cy = (transform @ np.array([cx, cy, 1.0])).tolist()
        hw = (ring.bbox[2] - ring.bbox[0]) / 2
        hh = (ring.bbox[3] - ring.bbox[1]) / 2
        bbox = (cx - hw, cy - hh, cx + hw, cy + hh)
        out.append(
            Seal(
                page=page_no,
                bbox=bbox,
                text=text,
                confidence=conf,
                shape="oval" if ring.oval else "round",
                choices=choices,
                other_choices=[r[2] for r in reads if r[2] is not choices],
                near=_near(boxes, cx, cy, ring.radius),
            )
        )
    return out


def _unsure(choices: list[list[tuple[str, float]]]) -> bool:
    """Whether a reading holds a character the recogniser was not sure of between characters it
    was sure of (unsure ones at the ends are the number along the lower arc, a neighbour's
    stroke: not the name)."""
    conf = [step[0][1] for step in choices if step and step[0][0]]
    sure = [i for i, c in enumerate(conf) if c >= 0.8]
    return bool(sure) and any(c < 0.8 for c in conf[sure[0] : sure[-1] + 1])


def _near(
    boxes: list[tuple[str, float, tuple[float, float, float, float]]], cx: float, cy: float, r: float
) -> list[SealWord]:
    """The page's text within reach of a seal, as runs of boxes on one line (boxes far apart on a
    line, such as two columns of a signature block, stay apart)."""
    reach = 1.8 * r
    mine = []
    for text, _conf, bb in boxes:
        dx = max(bb[0] - cx, 0.0, cx - bb[2])
        dy = max(bb[1] - cy, 0.0, cy - bb[3])
        if math.hypot(dx, dy) <= reach:
            mine.append((text, _conf, bb))
    out: list[SealWord] = []
    for ln in _lines_of(mine):
        run: list[tuple[str, float, tuple[float, float, float, float]]] = []
        for b in ln:
            h = b[2][3] - b[2][1]
            if run and b[2][0] - run[-1][2][2] > 1.5 * h:
                out.append(_word(run))
                run = []
            run.append(b)
        if run:
            out.append(_word(run))
    return out


def _word(run: list[tuple[str, float, tuple[float, float, float, float]]]) -> SealWord:
    return SealWord(
        text="".join(x[0] for x in run),
        bbox=(
            min(x[2][0] for x in run),
            min(x[2][1] for x in run),
            max(x[2][2] for x in run),
            max(x[2][3] for x in run),
        ),
    )
