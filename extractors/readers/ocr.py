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
