"""OCR of scans and photos with RapidOCR (PP-OCR models shipped inside the wheel; the engine,
one per process, in extractors.readers.ocr_engine).

Each page image is cleaned before recognition: on a colour page, red seal ink (公章) is separated
from black ink (extractors.readers.seals), so the black text under a seal survives and the seal's
own text stays out of the page's text; each seal found is unwrapped and read apart, with the
page's text lines around it (extractors.readers.seal_reading). The page is deskewed
(extractors.readers.imaging). Bordered tables are rebuilt from the ruling lines and every
recognised text box goes to the cell that holds its centre (extractors.readers.ocr_tables). Text
outside tables becomes paragraphs with boxes and confidences.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from extractors.readers.imaging import ANGLE_SIGN, deskew, skew_angle
from extractors.readers.lines import lines_to_paragraphs
from extractors.readers.ocr_engine import ENGINE_PARAMS, RUN_LOCK, engine
from extractors.readers.ocr_tables import build_table, find_cells, lines_of, plausible_table, split_columns
from extractors.readers.seal_reading import prepare_seals, read_seals, read_strips
from models.document import Paragraph, Seal, Table

__all__ = [
    "ANGLE_SIGN",
    "ENGINE_PARAMS",
    "OcrPage",
    "build_table",
    "deskew",
    "engine",
    "find_cells",
    "ocr_page",
    "ocr_page_blocks",
    "plausible_table",
    "read_seals",
    "read_strips",
    "recognise",
    "skew_angle",
    "split_columns",
]


def recognise(
    bgr: np.ndarray, transform: np.ndarray | None = None, classify: bool = False
) -> list[tuple[str, float, tuple[float, float, float, float]]]:
    """Text boxes (text, confidence, axis-aligned box) of an image; with `transform` (a 2x3
    affine matrix) the boxes are given in the transformed (levelled) page's coordinates. With
    `classify`, each text line is first turned upright by RapidOCR's angle classifier (0/180)."""
    eng = engine()
    with RUN_LOCK:  # one page at a time: onnxruntime already spreads a page over every core
        res = eng(bgr, use_cls=classify)
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


def read_blank_cells(t: Table, gray: np.ndarray) -> None:
    """Cells the page's detection left empty that hold a character's ink, read by the recogniser
    alone on the cell: a lone 一 or 二 in a count cell is a stroke the detector takes for no text.
    A stroke the recogniser cannot tell from a dash is 一 only where the table writes its other
    counts in hanzi. A cell's border (ink across it or at its sides) and specks are no character."""
    import cv2

    cells, crops = [], []
    for c in t.cells:
        if c.text.strip() or c.bbox is None:
            continue
        x0, y0, x1, y1 = (int(v) for v in c.bbox)
        inset = max(3, int(0.12 * min(y1 - y0, x1 - x0)))
        sub = gray[y0 + inset : y1 - inset, x0 + inset : x1 - inset]
        if sub.shape[0] < 10 or sub.shape[1] < 10:
            continue
        ys, xs = np.nonzero(sub < 110)
        if len(xs) < 12:
            continue
        width, height = xs.max() - xs.min() + 1, ys.max() - ys.min() + 1
        if xs.min() == 0 or xs.max() == sub.shape[1] - 1 or width > 0.8 * sub.shape[1]:
            continue  # a border's remnant
        if max(width, height) < 0.3 * sub.shape[0]:
            continue  # a speck
        pad = sub.shape[0] // 2
        crop = sub[:, max(0, xs.min() - pad) : min(sub.shape[1], xs.max() + pad + 1)]
        cells.append(c)
        crops.append(cv2.cvtColor(np.ascontiguousarray(crop), cv2.COLOR_GRAY2BGR))
    if not crops:
        return
    strokes = []  # a lone stroke the recogniser cannot tell from a dash (一 / - / —)
    for c, (text, conf, choices) in zip(cells, read_strips(crops)):
        text = text.strip()
        if text and conf >= 0.85 and re.search(r"[0-9A-Za-z\u4e00-\u9fff]", text):
            c.text, c.confidence = text, conf
        elif text in ("-", "—", "–", "一") and any(
            ch == "一" and p >= 0.1 for step in choices for ch, p in step
        ):
            strokes.append(c)
    # …which is 一 where the table's other counts are written in hanzi (八, 三, 二) as a person reads it
    if strokes and any(re.fullmatch(r"[零〇二三四五六七八九十]", x.text.strip()) for x in t.cells):
        for c in strokes:
            c.text, c.confidence = "一", 0.6


@dataclass
class OcrPage:
    """One page as OCR read it: its blocks in reading order, the seals found on it, and whether
    the page image was in colour (seals can be told from black ink only then)."""

    blocks: list[Paragraph | Table]
    seals: list[Seal] = field(default_factory=list)
    colour: bool = False


def ocr_page_blocks(image: Any, page_no: int | None = 1, classify: bool = False) -> list[Paragraph | Table]:
    """Blocks of one page image (a PIL image or a BGR array), in reading order."""
    return ocr_page(image, page_no, classify).blocks


def ocr_page(image: Any, page_no: int | None = 1, classify: bool = False) -> OcrPage:
    """One page image (a PIL image or a BGR array) read: blocks, seals, colour. With `classify`
    (a page whose orientation is in doubt), each text line goes through the angle classifier."""
    import cv2

    from extractors.readers import seals

    if not isinstance(image, np.ndarray):
        from extractors.readers.imaging import on_white

        image = cv2.cvtColor(np.asarray(on_white(image)), cv2.COLOR_RGB2BGR)
    reduced = seals.small(image) if image.ndim == 3 and image.shape[2] == 3 else None
    colour = seals.is_colour(image, reduced)
    red = seals.redness(image) if colour and seals.has_red(image, reduced) else None
    # the seals are found, unwrapped and read beside the page's own recognition
    preparing = prepare_seals(image, red) if red is not None else None
    faded = seals.separate(image, red) if red is not None else image
    # the grid is found on the levelled page; text is recognised on the page as scanned (PP-OCR
    # reads a degree or two of skew itself, and resampling costs it words), its boxes then
    # carried onto the levelled page
    level, _angle, m = deskew(faded)
    gray = cv2.cvtColor(level, cv2.COLOR_BGR2GRAY)
    boxes = recognise(faded, m, classify)
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
        read_blank_cells(t, gray)
        blocks.append((float(y0), t))
    free = [b for i, b in enumerate(boxes) if i not in used]
    lines = []
    for ln in (piece for whole in lines_of(free) for piece in split_columns(whole)):
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
        for p in lines_to_paragraphs(seg, page_no or 1, 0, width, float(gray.shape[0])):
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
    rings, readings = preparing.result() if preparing is not None else ([], [])
    found = read_seals(image, red, rings, boxes, m, page_no, readings) if rings and red is not None else []
    return OcrPage([b for _, b in blocks], found, colour)
