"""A PDF page's text layer as positioned characters, and from them lines, columns and table cells.

Characters come from PDFium (fast) or, on pages whose fonts PDFium cannot map to Unicode (a
CID font with Identity-H encoding and no ToUnicode map), from pdfminer through pdfplumber, which
reads the embedded font's own cmap. Over-printed characters ("fake bold": each glyph drawn twice
at nearly the same place) are kept once; PDFium's hyphenation markers (U+FFFE, U+0002) join the
word they split. Lines are split at wide gaps into segments, so two columns are read column by
column, and every character inside a table is given to the cell holding it (text inside the
table's outline but in no cell stays on the page as a paragraph)."""

from __future__ import annotations

import math
import statistics
from ctypes import byref, c_double
from dataclasses import dataclass

from extractors.readers.lines import Line, join_wrapped
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


def char_height(chars: list[Char]) -> float:
    hs = [c.y1 - c.y0 for c in chars if c.c != " " and c.y1 > c.y0]
    return statistics.median(hs) if hs else 10.0


def segments(chars: list[Char], gap: float | None = None) -> list[list[Char]]:
    """Runs of characters on one source line, split where the horizontal gap between two
    neighbours is wider than `gap` (default: 2.5 character heights)."""
    g = gap if gap is not None else 2.5 * char_height(chars)
    out: list[list[Char]] = []
    cur: list[Char] = []
    for ch in chars:
        if cur:
            prev = next((p for p in reversed(cur) if p.c != " "), cur[-1])
            new_line = ch.line != cur[-1].line
            jump = ch.c != " " and (ch.x0 - prev.x1 > g or ch.x1 < prev.x0 - g)
            if new_line or jump:
                out.append(cur)
                cur = []
        cur.append(ch)
    if cur:
        out.append(cur)
    return [s for s in out if any(c.c != " " for c in s)]


def seg_line(seg: list[Char]) -> Line:
    ink = [c for c in seg if c.c != " "]
    text = "".join(c.c for c in seg)
    box: BBox = (
        min(c.x0 for c in ink),
        min(c.y0 for c in ink),
        max(c.x1 for c in ink),
        max(c.y1 for c in ink),
    )
    return text.strip(), box


def order_columns(lines: list[Line], page_width: float) -> list[list[Line]]:
    """Lines in reading order, as runs to be made into paragraphs each: where the page has two
    columns (a vertical gutter no line crosses, with prose on both sides), the left column is read
    before the right one, between the full-width lines that cross the gutter."""
    if len(lines) < 8:
        return [lines]
    best: tuple[float, float] | None = None
    lo, hi = 0.3 * page_width, 0.7 * page_width
    step = 2.0
    x = lo
    free_runs: list[tuple[float, float]] = []
    start = None
    while x <= hi:
        crossing = sum(1 for _, b in lines if b[0] < x < b[2])
        if crossing <= max(1, len(lines) // 20):
            start = x if start is None else start
        elif start is not None:
            free_runs.append((start, x))
            start = None
        x += step
    if start is not None:
        free_runs.append((start, hi))
    for a, b in free_runs:
        if b - a >= 8 and (best is None or b - a > best[1] - best[0]):
            best = (a, b)
    if best is None:
        return [lines]
    mid = (best[0] + best[1]) / 2
    left = [ln for ln in lines if ln[1][2] <= mid]
    right = [ln for ln in lines if ln[1][0] >= mid]
    if len(left) < 4 or len(right) < 4:
        return [lines]
    width = min(mid, page_width - mid)
    if (
        statistics.mean(b[2] - b[0] for _, b in left) < 0.45 * width
        or statistics.mean(b[2] - b[0] for _, b in right) < 0.45 * width
    ):
        return [lines]  # label / value pairs of a form, not columns of prose
    out: list[list[Line]] = []
    band: list[Line] = []

    def flush() -> None:
        if band:
            out.append(sorted((x for x in band if x[1][2] <= mid), key=lambda x: (x[1][1], x[1][0])))
            out.append(sorted((x for x in band if x[1][0] >= mid), key=lambda x: (x[1][1], x[1][0])))
            band.clear()

    for ln in sorted(lines, key=lambda x: (x[1][1], x[1][0])):
        if ln[1][0] < mid < ln[1][2]:
            flush()
            out.append([ln])
        else:
            band.append(ln)
    flush()
    return [r for r in out if r]


def cell_text(chars: list[Char], box: BBox) -> str:
    """A table cell's text from the characters inside it: its lines rejoined where one wrapped
    (ran to the cell's right edge), kept apart where lines are stacked on purpose."""
    if not chars:
        return ""
    h = char_height(chars)
    segs: list[list[Char]] = []
    # the source's line may hold characters stacked one above the other (PDFium puts single
    # digits written one under another on one line): a new row wherever the baseline jumps
    for s in segments(sorted(chars, key=lambda c: (c.line, c.cy, c.x0)), gap=1e9):
        run: list[Char] = []
        for ch in s:
            ink = [c for c in run if c.c != " "]
            if ink and ch.c != " " and abs(ch.cy - ink[-1].cy) > 0.6 * h:
                segs.append(run)
                run = []
            run.append(ch)
        if any(c.c != " " for c in run):
            segs.append(run)
    rows: list[list[Char]] = []
    for s in sorted(segs, key=lambda s: (min(c.y0 for c in s if c.c != " "), s[0].x0)):
        y = statistics.mean(c.cy for c in s if c.c != " ")
        if rows and abs(statistics.mean(c.cy for c in rows[-1] if c.c != " ") - y) < 0.5 * char_height(s):
            rows[-1].extend(s)
        else:
            rows.append(list(s))
    texts: list[str] = []
    spans: list[tuple[float, float, float]] = []  # ink's left, right, width of the first word
    for r in rows:
        r.sort(key=lambda c: c.x0)
        texts.append("".join(c.c for c in r).strip())
        ink = [c for c in r if c.c != " "]
        first = ink[0]
        lead = first.x1 - first.x0
        for prev_c, c in zip(ink, ink[1:]):
            if c.x0 - prev_c.x1 > 0.2 * h or not (c.c.isascii() and c.c.isalnum()):
                break
            lead = c.x1 - first.x0
        spans.append((ink[0].x0, max(c.x1 for c in ink), lead))
    wrapped = [
        _wraps(spans[i], spans[i + 1] if i + 1 < len(spans) else None, box, h) for i in range(len(rows))
    ]
    return join_wrapped(texts, wrapped)


def _wraps(
    cur: tuple[float, float, float], nxt: tuple[float, float, float] | None, box: BBox, h: float
) -> bool:
    """Whether a cell's line was wrapped into the next: it ran to the cell's right edge, the next
    line's first word would not have fitted in the room the line left (whatever the alignment,
    a wrapped line fills the cell: lines stacked on purpose, 9 / 5 in a narrow column, do not),
    and the two are not values stacked flush right (18,870 / 209: the next starts further in)."""
    x0, x1, _ = cur
    if x1 < box[2] - 2.2 * h:
        return False
    if nxt is None:
        return True
    nx0, nx1, lead = nxt
    room = (box[2] - box[0]) - (x1 - x0)
    if room > lead + max(12.0, 2.5 * h):
        return False
    return not (abs(nx1 - x1) < 0.3 * h and nx0 > x0 + 0.5 * h)


def in_box(ch: Char, b: BBox, pad: float = 0.5) -> bool:
    return b[0] - pad <= ch.cx <= b[2] + pad and b[1] - pad <= ch.cy <= b[3] + pad
