"""Which PDF pages go to OCR, and how OCR's reading joins a page's text layer: a text layer that is
missing or broken, a picture with a few words on it, a text layer with characters no Chinese
document uses (read by OCR too, the better reading kept); the scale a page is rendered at."""

from __future__ import annotations

import math
import re

from extractors.limits import Limits
from extractors.readers import pdf_text as pt
from extractors.text import CJK, cjk_count
from models.document import BBox, Paragraph, Seal, Table

_CJK_RE = re.compile(f"[{CJK}]")


def text_layer_broken(text: str, n_images: int, n_paths: int) -> str | None:
    """Why a page's text layer can't be trusted (so the page goes to OCR), or None."""
    stripped = re.sub(r"\s+", "", text)
    if "(cid:" in text or stripped.count("\ufffd") > max(2, len(stripped) // 50):
        return "text layer has unmapped glyphs"
    if n_images and cjk_count(stripped) < 20 and len(stripped) < 40:
        return "image page with no usable text layer"
    if not stripped and n_paths > 50:
        return "vector-drawn text without a text layer"
    return None


def ocr_scale(width_pt: float, height_pt: float, limits: Limits) -> tuple[float, str | None]:
    """The scale a page is rendered at for OCR: INTAKE_OCR_DPI, lowered so that the bitmap stays
    within INTAKE_MAX_IMAGE_PIXELS (with why, when lowered)."""
    scale = limits.ocr_dpi / 72
    pixels = width_pt * scale * height_pt * scale
    if pixels <= limits.max_image_pixels:
        return scale, None
    scale = (limits.max_image_pixels / max(1.0, width_pt * height_pt)) ** 0.5
    while math.ceil(width_pt * scale) * math.ceil(height_pt * scale) > limits.max_image_pixels:
        scale *= 0.999  # the bitmap's sides are whole pixels, rounded up
    return scale, (
        f"a page of {width_pt / 72:.0f}x{height_pt / 72:.0f} inches, rendered at {scale * 72:.0f} dpi "
        f"instead of {limits.ocr_dpi} to stay within {limits.max_image_pixels} pixels (INTAKE_MAX_IMAGE_PIXELS)"
    )


def odd_share(text: str) -> float:
    """The share of a text's Chinese characters that no Chinese official document uses (outside
    GBK, the set every Chinese font and input method covers): high when a text layer maps glyphs
    to the wrong code points."""
    cjk = _CJK_RE.findall(text)
    if len(cjk) < 4:
        return 0.0
    odd = 0
    for c in cjk:
        try:
            c.encode("gbk")
        except UnicodeEncodeError:
            odd += 1
    return odd / len(cjk)


def page_objects(page, pdfium_c) -> tuple[int, int, float]:
    """Images (at any depth: inside Form XObjects too), paths, and the share of the page the
    images cover (a nested image counted by the box of the form that holds it)."""
    n_img = n_path = 0
    area = 0.0
    top_form_box = None
    w, h = page.get_size()
    if page.get_rotation() in (90, 270):  # objects' bounds are on the page before its /Rotate
        w, h = h, w
    for obj in page.get_objects():
        if obj.level == 0:
            top_form_box = obj.get_bounds() if obj.type == pdfium_c.FPDF_PAGEOBJ_FORM else None
        if obj.type == pdfium_c.FPDF_PAGEOBJ_IMAGE:
            n_img += 1
            b = obj.get_bounds() if obj.level == 0 or top_form_box is None else top_form_box
            area += max(0.0, (min(b[2], w) - max(b[0], 0)) * (min(b[3], h) - max(b[1], 0)))
        elif obj.type == pdfium_c.FPDF_PAGEOBJ_PATH:
            n_path += 1
    return n_img, n_path, min(1.0, area / max(1.0, w * h))


def has_ink(page) -> bool:
    """Whether a page without a text layer shows anything at all (rendered small)."""
    import numpy as np

    bm = page.render(scale=0.15, grayscale=True)
    try:
        arr = np.asarray(bm.to_numpy())
        return bool((arr < 200).any())
    finally:
        bm.close()


def overlap(a: BBox, b: BBox) -> float:
    ix = min(a[2], b[2]) - max(a[0], b[0])
    iy = min(a[3], b[3]) - max(a[1], b[1])
    if ix <= 0 or iy <= 0:
        return 0.0
    return ix * iy / max(1e-6, (a[2] - a[0]) * (a[3] - a[1]))


def scaled(b: Paragraph | Table, k: float) -> Paragraph | Table:
    def sc(bb):
        return None if bb is None else (bb[0] * k, bb[1] * k, bb[2] * k, bb[3] * k)

    b.prov.bbox = sc(b.prov.bbox)
    if isinstance(b, Table):
        for c in b.cells:
            c.bbox = sc(c.bbox)
    return b


def scaled_seal(seal: Seal, k: float) -> Seal:
    seal.bbox = (seal.bbox[0] * k, seal.bbox[1] * k, seal.bbox[2] * k, seal.bbox[3] * k)
    for w in seal.near:
        w.bbox = (w.bbox[0] * k, w.bbox[1] * k, w.bbox[2] * k, w.bbox[3] * k)
    return seal


def join_ocr(
    mode: str,
    text: str,
    chars: list[pt.Char],
    text_blocks: list[Paragraph | Table],
    ocr_blocks: list[Paragraph | Table],
) -> tuple[list[Paragraph | Table], str | None]:
    """A page read both ways, joined: `merge` keeps the text layer and adds what OCR found only
    in the image; `compare` keeps the better of the two readings. Returns the blocks and what to
    say about them."""
    if mode == "merge":
        boxes = [pt.seg_line(s)[1] for s in pt.segments(chars)]
        merged, n_added = merge_ocr(text_blocks, ocr_blocks, boxes)
        return merged, f"text layer kept, OCR added {n_added} block(s) found only in the image"
    ocr_text = "\n".join(b.text for b in ocr_blocks)
    keep, sim = better(text, ocr_text)
    note = None
    if sim < 0.5:
        note = (
            f"text layer and OCR disagree (similarity {sim:.2f}): "
            f"kept the {'OCR reading' if keep == 'ocr' else 'text layer'} "
            f"(unusual characters {odd_share(text):.0%} in the text layer, {odd_share(ocr_text):.0%} by OCR)"
        )
    return (ocr_blocks if keep == "ocr" else text_blocks), note


def merge_ocr(
    text_blocks: list[Paragraph | Table], ocr_blocks: list[Paragraph | Table], lines: list[BBox]
) -> tuple[list[Paragraph | Table], int]:
    """The text layer's blocks and those OCR found where the text layer has nothing (text in an
    image: a seal, a pasted scan), in the order of the page."""
    added = []
    for b in ocr_blocks:
        bb = b.prov.bbox
        if bb is None or any(overlap(bb, ln) > 0.3 or overlap(ln, bb) > 0.5 for ln in lines):
            continue
        added.append(b)
    merged = text_blocks + added
    merged.sort(key=lambda b: b.prov.bbox[1] if b.prov.bbox else 0.0)
    return merged, len(added)


def better(text_layer: str, ocr: str) -> tuple[str, float]:
    """Which reading of a page to keep when they disagree: the one with fewer characters no
    Chinese document uses (ties go to the text layer)."""
    from rapidfuzz import fuzz

    a, b = re.sub(r"\s+", "", text_layer), re.sub(r"\s+", "", ocr)
    sim = fuzz.ratio(a, b) / 100 if a and b else 0.0
    if sim >= 0.5:
        return "text", sim
    return ("ocr" if odd_share(a) > odd_share(b) + 0.1 else "text"), sim
