"""A PDF page's text layer as positioned characters, on the page as it is shown.

Characters come from PDFium (fast) or, on pages whose fonts PDFium cannot map to Unicode (a CID
font with Identity-H encoding and no ToUnicode map), from pdfminer through pdfplumber, which reads
the embedded font's own cmap. PDFium gives boxes on the unturned page: they are turned by the
page's /Rotate, where pdfplumber's already are. The glyphs' angles tell whether the text still
runs sideways or upside down as shown (`pdfium_text`, `glyph_turn`). Over-printed characters
("fake bold": each glyph drawn twice at nearly the same place) are kept once."""

from __future__ import annotations

import math
from ctypes import byref, c_double
from dataclasses import dataclass

from models.document import BBox


@dataclass
class Char:
    c: str
    x0: float
    y0: float
    x1: float
    y1: float
    line: int  # the source's own line number (PDFium's generated breaks, pdfplumber's lines)

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.y0 + self.y1) / 2


def turned_size(width: float, height: float, turn: int) -> tuple[float, float]:
    """A page's size once turned `turn` degrees (a quarter turn swaps its sides)."""
    return (height, width) if turn % 180 == 90 else (width, height)


def turn_box(b: BBox, turn: int, width: float, height: float) -> BBox:
    """A box on a page of `width` x `height` (top-left origin) where it lies once the page is
    turned `turn` degrees clockwise (0, 90, 180 or 270).

    >>> turn_box((10, 20, 30, 40), 90, 100, 200)
    (160, 10, 180, 30)
    >>> turn_box(turn_box((10, 20, 30, 40), 90, 100, 200), 270, 200, 100)
    (10, 20, 30, 40)
    """
    x0, y0, x1, y1 = b
    if turn == 90:
        return (height - y1, x0, height - y0, x1)
    if turn == 180:
        return (width - x1, height - y1, width - x0, height - y0)
    if turn == 270:
        return (y0, width - x1, y1, width - x0)
    return b


def turn_chars(chars: list[Char], turn: int, width: float, height: float) -> list[Char]:
    """Characters where they lie once the page is turned `turn` degrees clockwise."""
    if not turn:
        return chars
    out = []
    for ch in chars:
        x0, y0, x1, y1 = turn_box((ch.x0, ch.y0, ch.x1, ch.y1), turn, width, height)
        out.append(Char(ch.c, x0, y0, x1, y1, ch.line))
    return out


GLYPH_SAMPLE = 64  # glyphs whose angle is asked of PDFium on a page


def pdfium_chars(page) -> list[Char]:
    """Characters in content order with boxes (top-left origin, points) on the page as it is
    shown: PDFium gives them in the unturned page, and the page's /Rotate turns them."""
    return pdfium_text(page)[0]


def pdfium_text(page) -> tuple[list[Char], int]:
    """The page's characters as `pdfium_chars` gives them, and the turn (degrees clockwise) that
    makes most of its glyphs upright on the page as it is shown (0 for a page that reads as
    shown; 90 or 270 for one whose text runs sideways, 180 upside down)."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    tp = page.get_textpage()
    try:
        rotation = page.get_rotation()
        shown_w, shown_h = page.get_size()
        width, height = turned_size(shown_w, shown_h, rotation)  # the unturned page
        n = tp.count_chars()
        text = tp.get_text_range(0, n) if n else ""
        out: list[Char] = []
        line = 0
        box_l, box_r, box_b, box_t = c_double(), c_double(), c_double(), c_double()
        box = (byref(box_l), byref(box_r), byref(box_b), byref(box_t))
        if len(text) != n:  # PDFium's text and its character index disagree: boxes by line only
            for k, seg in enumerate(text.split("\n")):
                for c in seg:
                    out.append(Char(c, 0.0, float(k), 0.0, float(k), k))
            return out, 0
        for j, c in enumerate(text):
            if c == "\n" or c == "\r":
                if c == "\n":
                    line += 1
                continue
            if c.isspace():
                out.append(Char(" ", 0.0, 0.0, 0.0, 0.0, line))
                continue
            if not pdfium_c.FPDFText_GetCharBox(tp.raw, j, *box):  # left, right, bottom, top
                raise pdfium.PdfiumError("Failed to get charbox.")
            left, right, bottom, top = box_l.value, box_r.value, box_b.value, box_t.value
            if rotation:
                x0, y0, x1, y1 = turn_box(
                    (left, height - top, right, height - bottom), rotation, width, height
                )
                out.append(Char(c, x0, y0, x1, y1, line))
            else:
                out.append(Char(c, left, height - top, right, height - bottom, line))
        # spaces take the box of the character before them (they carry none of their own)
        for i, ch in enumerate(out):
            if ch.c == " " and i and out[i - 1].line == ch.line:
                p = out[i - 1]
                ch.x0 = ch.x1 = p.x1
                ch.y0, ch.y1 = p.y0, p.y1
        chars = [ch for ch in out if not (ch.c == " " and ch.x1 == 0.0 and ch.y1 == 0.0)]
        return chars, _upright_turn(tp, n, rotation)
    finally:
        tp.close()


def glyph_turn(page) -> int:
    """The turn that makes most of a page's glyphs upright as it is shown (see `pdfium_text`)."""
    tp = page.get_textpage()
    try:
        return _upright_turn(tp, tp.count_chars(), page.get_rotation())
    finally:
        tp.close()


def _upright_turn(tp, n: int, rotation: int) -> int:
    """Glyphs' angles (a sample of the page's `n` characters) as shown, by vote: the turn that
    makes three in four of them upright, else 0."""
    import pypdfium2.raw as pdfium_c

    votes: dict[int, int] = {}
    for j in range(0, n, max(1, n // GLYPH_SAMPLE)):
        if chr(pdfium_c.FPDFText_GetUnicode(tp.raw, j)).isspace():
            continue
        rad = pdfium_c.FPDFText_GetCharAngle(tp.raw, j)
        if rad < 0:  # PDFium could not tell
            continue
        shown = (round(math.degrees(rad) / 90) * 90 + rotation) % 360  # clockwise, as shown
        votes[shown] = votes.get(shown, 0) + 1
    if not votes:
        return 0
    shown, n = max(votes.items(), key=lambda kv: kv[1])
    if shown == 0 or n < 4 or n < 0.75 * sum(votes.values()):
        return 0
    return (360 - shown) % 360


def plumber_chars(pp) -> list[Char]:
    """Characters from pdfminer (through a pdfplumber page), grouped into its text lines."""
    out: list[Char] = []
    for k, ln in enumerate(pp.extract_text_lines(layout=False, return_chars=True)):
        for ch in ln["chars"]:
            out.append(Char(ch["text"], ch["x0"], ch["top"], ch["x1"], ch["bottom"], k))
    return out


def dedupe_overprint(chars: list[Char], tol: float = 0.5) -> tuple[list[Char], int]:
    """Characters drawn again over themselves (fake bold, shadowed titles) kept once: a character
    whose box overlaps by more than `tol` of its size one of the same character kept before (on a
    grid of character cells, so that only neighbours are compared)."""
    kept: list[Char] = []
    grid: dict[tuple[str, int, int], list[Char]] = {}
    get = grid.get
    seen: set[str] = set()  # characters kept so far: only those can be printed over again
    dropped = 0
    prev: tuple[float, float, float, float] | None = None
    for ch in chars:
        c, x0, y0, x1, y1 = ch.c, ch.x0, ch.y0, ch.x1, ch.y1
        if c == " " or x1 <= x0:
            kept.append(ch)
            continue
        # one glyph standing for several letters (the ligatures ff, ffi, ffl) gives each of them
        # the glyph's box: a second f in exactly the box of the f before it is not a copy
        box = (x0, y0, x1, y1)
        same_glyph = box == prev
        prev = box
        if same_glyph and c == "f":
            kept.append(ch)
            continue
        w = max(x1 - x0, 0.5)
        h = max(y1 - y0, 0.5)
        gx, gy = int((x0 + x1) / 2 // max(w, 1.0)), int((y0 + y1) / 2 // max(h, 1.0))
        if c in seen and _over(ch, get, gx, gy, tol * w, tol * h):
            dropped += 1
            continue
        seen.add(c)
        key = (c, gx, gy)
        cell = get(key)
        if cell is None:
            grid[key] = [ch]
        else:
            cell.append(ch)
        kept.append(ch)
    # a space left between two kept copies' neighbours is harmless; runs of spaces fold later
    return kept, dropped


def _over(ch: Char, get, gx: int, gy: int, min_ix: float, min_iy: float) -> bool:
    """Whether `ch` lies over a copy of itself kept in the grid cells around (gx, gy)."""
    for dx in (-1, 0, 1):
        for dy in (-1, 0, 1):
            for o in get((ch.c, gx + dx, gy + dy), ()):
                ix = min(ch.x1, o.x1) - max(ch.x0, o.x0)
                iy = min(ch.y1, o.y1) - max(ch.y0, o.y0)
                if ix > min_ix and iy > min_iy:
                    return True
    return False
