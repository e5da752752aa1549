"""The seals of an OCR'd page read: each seal's arc text (unwrapped by
extractors.readers.seal_unwrap) through RapidOCR's recogniser alone, keeping its other choices per
character, with the page's text lines around the seal."""

from __future__ import annotations

import math
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

import numpy as np

import settings
from extractors.readers.ocr_engine import RUN_LOCK, engine, seal_recogniser
from extractors.readers.ocr_tables import lines_of
from extractors.readers.seals import MIN_RIM_SUPPORT
from models.document import Seal, SealWord

TOP_CHOICES = 5
SURE = 0.99  # a step this sure of its first choice keeps no other (each of them is below 0.01)


Reading = tuple[str, float, list[list[tuple[str, float]]]]


def read_strips(images: list[np.ndarray], own: bool = False) -> list[Reading]:
    """Line images read by RapidOCR's recogniser alone (no detection): per image its text, mean
    confidence and, per step along the line, the recogniser's top choices with their
    probabilities ("" = nothing at this step). With `own`, on the seals' own recogniser
    (ocr_engine.seal_recogniser), which runs beside the page's."""
    rec, lock = seal_recogniser() if own else (engine()._load_rec_model(), RUN_LOCK)
    chars = rec.postprocess_op.character
    _c, img_h, img_w = rec.rec_image_shape[:3]
    out: list[Reading] = [("", 0.0, [])] * len(images)
    # one line at a time: a batch pads every line to the longest, which costs more than it saves
    for i, image in enumerate(images):
        ratio = image.shape[1] / max(1, image.shape[0])
        # the seals' own recogniser pads a short line less (ocr_engine.SEAL_FLOOR)
        max_ratio = ratio if own else max(img_w / img_h, ratio)
        batch = rec.resize_norm_img(image, max_ratio)[None].astype(np.float32)
        with lock:
            preds = np.asarray(rec.session(batch))
        full_w = batch.shape[-1]  # padded (ocr_engine.padded_width)
        used = min(full_w, int(math.ceil(img_h * ratio)))
        steps = max(1, int(math.ceil(preds.shape[1] * used / full_w)))
        out[i] = _decoded(preds[0, :steps], chars)
    return out


def _decoded(p: np.ndarray, chars: list[str]) -> Reading:
    """A line's CTC output (steps x alphabet) as text, mean confidence and choices per step."""
    steps = len(p)
    best = p.argmax(axis=1)
    choices = [[(chars[c] if c else "", round(float(p[t, c]), 4))] for t, c in enumerate(best)]
    # other choices where the first is not sure (elsewhere none could reach a probability that
    # matters: seal_fit.ALT): partitioned out of the whole alphabet, then ordered
    unsure = np.nonzero(p[np.arange(steps), best] < SURE)[0]
    if len(unsure):
        q = p[unsure]
        part = np.argpartition(-q, TOP_CHOICES, axis=1)[:, :TOP_CHOICES]
        top = np.take_along_axis(part, np.argsort(-np.take_along_axis(q, part, axis=1), axis=1), axis=1)
        for t, row in zip(unsure.tolist(), top):
            choices[t] = [(chars[c] if c else "", round(float(p[t, c]), 4)) for c in row]
    text, confs, prev = "", [], -1
    for t in range(steps):
        c = int(best[t])
        if c and c != prev:
            text += chars[c]
            confs.append(float(p[t, c]))
        prev = c
    return text, float(np.mean(confs)) if confs else 0.0, choices


Arcs = tuple[list[Any], list[list[Reading]]]
_PREPARING: dict[str, Any] = {}
_PREPARING_LOCK = threading.Lock()


def read_arcs(image: np.ndarray, red: np.ndarray, rings: list[Any], own: bool = False) -> list[list[Reading]]:
    """Each ring's arc text read once, black text crossing it filled in from the seal's ink
    around it (seal_unwrap.seal_ink). A second reading with the black text left in, where the
    first held an unsure character, cost a quarter of the seals' time and changed no verdict
    on 202 sealed entries (devset-seal and three generated corpora): the recogniser's other
    choices at each character, and the matcher's tolerance for gaps, already carry what it added."""
    from extractors.readers.seal_unwrap import strips

    return [[r] for r in read_strips(strips(image, red, rings), own)]


def prepare_seals(image: np.ndarray, red: np.ndarray) -> Future[Arcs]:
    """The page's seals found, unwrapped and read (rings, their readings) in a thread of its own,
    on the seals' own recogniser: numpy, OpenCV and the inference engines leave the interpreter
    free, so this runs beside the page's text recognition (ocr.ocr_page). A reader given one core
    (INTAKE_OCR_THREADS=1: one of several on the machine) keeps to it: the work is done at once."""
    from extractors.readers.seals import find_rings

    def work() -> Arcs:
        rings = find_rings(image, red)
        return rings, read_arcs(image, red, rings, own=True) if rings else []

    if settings.ocr_threads() == 1:
        done: Future[Arcs] = Future()
        done.set_result(work())
        return done

    with _PREPARING_LOCK:
        if "pool" not in _PREPARING:
            seal_recogniser()  # made (and used once) on this thread, before the seals' own starts
            _PREPARING["pool"] = ThreadPoolExecutor(max_workers=1, thread_name_prefix="seals")
        return _PREPARING["pool"].submit(work)


def read_seals(
    image: np.ndarray,
    red: np.ndarray,
    rings: list[Any],
    boxes: list[tuple[str, float, tuple[float, float, float, float]]],
    transform: np.ndarray | None,
    page_no: int | None,
    readings: list[list[Reading]] | None = None,
) -> list[Seal]:
    """The seals of a page: each one's arc text and the page's text lines around it, with boxes
    on the levelled page (like the page's other boxes). `readings`: the rings' readings, when
    prepare_seals has made them."""
    readings = readings if readings is not None else read_arcs(image, red, rings)
    out: list[Seal] = []
    for ring, reads in zip(rings, readings):
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
                weak=ring.support < MIN_RIM_SUPPORT,
                choices=choices,
                other_choices=[r[2] for r in reads if r[2] is not choices],
                near=_near(boxes, cx, cy, ring.radius),
            )
        )
    return out


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
    for ln in lines_of(mine):
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
