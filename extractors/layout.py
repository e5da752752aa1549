"""Where text sits on the page: a document's lines and cells with their page and box, and finding a
piece of evidence among them (for showing a reviewer the spot on the page image).

A layout row is `[page, x0, y0, x1, y1, text]`, the box as fractions of the page's width and
height from the top left, so that it lays over the page image at any size. Formats without pages
(Word) have no layout.
"""

from __future__ import annotations

import re
from typing import Any

from rapidfuzz import fuzz

from models.document import BBox, ReadDocument

Row = list[Any]
_WS = re.compile(r"\s+")


def _row(page: int | None, bbox: BBox | None, text: str, sizes: dict[int, tuple[float, float]]) -> Row | None:
    if page is None or bbox is None or not text.strip() or page not in sizes:
        return None
    w, h = sizes[page]
    if w <= 0 or h <= 0:
        return None
    x0, y0, x1, y1 = bbox
    return [page, *(round(min(max(v, 0.0), 1.0), 4) for v in (x0 / w, y0 / h, x1 / w, y1 / h)), text.strip()]


def layout(doc: ReadDocument) -> list[Row]:
    """Every paragraph, then every table cell (nested tables too), that has a page and a box."""
    found = [_row(p.prov.page, p.prov.bbox, p.text, doc.page_sizes) for p in doc.paragraphs()]
    for t in doc.tables():
        found += [
            _row(c.page if c.page is not None else t.prov.page, c.bbox, c.text, doc.page_sizes)
            for c in t.cells
        ]
    return [r for r in found if r]


def compact(s: str) -> str:
    return _WS.sub("", s)


def locate(rows: list[Row], needles: list[str | None], min_score: float = 90.0) -> Row | None:
    """The layout row where the first findable needle is written: a row holding it whole (the
    shortest such row), else one holding its first 24 characters, else the best fuzzy match of
    at least `min_score`. Needles shorter than two characters are not looked for."""
    texts = [compact(str(r[5])) for r in rows]
    for raw in needles:
        n = compact(raw or "")
        if len(n) < 2:
            continue
        for probe in (n, n[:24]):
            hits = [i for i, t in enumerate(texts) if probe in t]
            if hits:
                return rows[min(hits, key=lambda i: len(texts[i]))]
        if len(n) >= 4:
            best, score = None, 0.0
            for i, t in enumerate(texts):
                if len(t) < 2:
                    continue
                s = fuzz.partial_ratio(n[:40], t)
                if s > score:
                    best, score = i, s
            if best is not None and score >= min_score:
                return rows[best]
    return None
