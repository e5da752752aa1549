"""A PDF page's positioned characters (extractors.readers.pdf_chars) made into lines, columns and
table cells.

PDFium's hyphenation markers (U+FFFE, U+0002) join the word they split. Lines are split at wide
gaps into segments, so two columns are read column by column, and every character inside a table
is given to the cell holding it (text inside the table's outline but in no cell stays on the page
as a paragraph)."""

from __future__ import annotations

import re
import statistics

from extractors.readers.lines import Line, join_wrapped
from extractors.readers.pdf_chars import (
    Char,
    dedupe_overprint,
    glyph_turn,
    pdfium_chars,
    pdfium_text,
    plumber_chars,
    turn_box,
    turn_chars,
    turned_size,
)
from models.document import BBox

__all__ = [
    "Char",
    "cell_text",
    "char_height",
    "dedupe_overprint",
    "glyph_turn",
    "in_box",
    "order_columns",
    "pdfium_chars",
    "pdfium_text",
    "plumber_chars",
    "seg_line",
    "segments",
    "turn_box",
    "turn_chars",
    "turned_size",
]


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
    text = _spaced(seg)
    box: BBox = (
        min(c.x0 for c in ink),
        min(c.y0 for c in ink),
        max(c.x1 for c in ink),
        max(c.y1 for c in ink),
    )
    return text.strip(), box


def _spaced(seg: list[Char]) -> str:
    """A line's characters as text. A line that opens with a short run of Chinese (a form's
    label, 2 to 8 characters, letter-spaced or not) set apart from the rest by a gap of half a
    character or more, wider than any inside the run (联系人  张三, 填报日期  2025年…), keeps
    that gap as an em space (U+2003), which the text's clean-up of letter-spaced Chinese leaves in
    place; every other gap is left as the page writes it."""
    h = char_height(seg)
    ink = [i for i, c in enumerate(seg) if c.c != " "]
    text = [c.c for c in seg]
    inner = 0.0
    for n, (i, j) in enumerate(zip(ink, ink[1:]), start=1):
        if not _HAN.match(seg[i].c):
            break
        g = seg[j].x0 - seg[i].x1
        if (
            2 <= n <= 8
            and g > 0.45 * h
            and g > 1.2 * inner
            and len(ink) - n >= 2
            and _VALUE_HEAD.match(seg[j].c)
        ):
            for k in range(i + 1, j):
                text[k] = ""
            text[j] = "\u2003" + text[j]
            break
        inner = max(inner, g)
    return "".join(text)


_HAN = re.compile(r"[\u4e00-\u9fff]")
_VALUE_HEAD = re.compile(r"[\u4e00-\u9fff0-9A-Za-z☐☒□■√]")  # a value, not a bracket (甲 （集团）)


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
