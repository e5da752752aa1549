"""What runs from page to page in a paged document (PDF, OCR'd scans): the running head and
foot a layout repeats on every page (the document's title at the top, 第 X 页 at the foot), and
a paragraph that a page break cut in two.

A person reading the pages skips the running head and reads the paragraph on; a reader that
takes each page alone gives the head as content between the two halves of a sentence (an R&D
series 2022年七 / 千七百万元 lost) and between the two parts of a table running over the break.
"""

from __future__ import annotations

import re
from collections import defaultdict

from extractors.readers.lines import FORM_LABEL
from extractors.text import compact
from models.document import BBox, Paragraph, Table, heading_of, make_paragraph

Block = Paragraph | Table

# how far from the top or the foot of the page a running head or foot stands (share of the height)
_EDGE = 0.12
# what a paragraph cut by a page break ends with: no sentence end
_ENDS = "。！？!?；;：:」”"
# a list item's number (1． / （二） / 3、), not a decimal (８９．４万元)
_ITEM_START = re.compile(
    r"^(?:[（(]?[0-9０-９一二三四五六七八九十]{1,3}[)）.．、](?![0-9０-９])|[•●◆■□☐☒✓√※])"
)


def _key(text: str) -> str:
    """A running head's text with its numbers as # (第 3 页 共 9 页, - 3 -)."""
    return re.sub(r"\d+", "#", compact(text))


def _edge(b: BBox | None, height: float | None) -> str | None:
    if b is None or not height:
        return None
    if b[3] <= _EDGE * height:
        return "header"
    if b[1] >= (1 - _EDGE) * height:
        return "footer"
    return None


def mark_running(pages: list[list[Block]], sizes: dict[int, tuple[float, float]]) -> None:
    """Mark as header / footer the paragraphs that stand at the same place near the top or foot
    of two pages or more (and of a third of the pages at least) with the same words (numbers
    aside): the layout's running head and foot.

    >>> from models.document import Provenance
    >>> def p(t, page, y): return Paragraph(text=t, prov=Provenance(page=page, bbox=(300, y, 500, y + 10)))
    >>> pages = [[p("甲创新联合体", n, 30), p("正文第" + str(n) + "段", n, 300)] for n in (1, 2, 3)]
    >>> mark_running(pages, {n: (595, 842) for n in (1, 2, 3)})
    >>> [b.prov.source for b in pages[1]]
    ['header', 'text']
    """
    if len(pages) < 2:
        return
    seen: dict[tuple[str, str], list[Paragraph]] = defaultdict(list)
    for blocks in pages:
        boxes = [x.prov.bbox for x in blocks if x.prov.bbox is not None]
        for b in blocks:
            if not isinstance(b, Paragraph) or b.prov.source not in ("text", "ocr") or b.prov.page is None:
                continue
            size = sizes.get(b.prov.page)
            where = _edge(b.prov.bbox, size[1] if size else None)
            box = b.prov.bbox
            if where is None or box is None or not 0 < len(compact(b.text)) <= 60:
                continue
            # nothing of the page above a head or below a foot (附件1 over a title: the title is
            # the form's own)
            if where == "header" and any(o[3] < box[1] for o in boxes):
                continue
            if where == "footer" and any(o[1] > box[3] for o in boxes):
                continue
            seen[(where, _key(b.text))].append(b)
    for (where, _), found in seen.items():
        pages_with = {b.prov.page for b in found}
        if len(pages_with) < 2 or 3 * len(pages_with) < len(pages):
            continue
        # at the same place on each page (a scan may stand a little apart)
        heights = [sizes[b.prov.page][1] for b in found if b.prov.bbox and b.prov.page in sizes]
        tops = [b.prov.bbox[1] / h for b, h in zip(found, heights) if b.prov.bbox]
        if max(tops) - min(tops) > 0.02:
            continue
        for b in found:
            b.prov.source = where


def _content(blocks: list[Block]) -> list[Block]:
    return [b for b in blocks if not (isinstance(b, Paragraph) and b.prov.source in ("header", "footer"))]


def cut_paragraph(before: Paragraph, after: Paragraph, left: float | None) -> bool:
    """Whether `after`, opening a page, goes on with `before`, which closed the page before: a
    sentence of running text (a comma in it) that stops without its end, and a first line that
    is not indented past the page's left margin, no heading, label or list item.

    >>> from models.document import Provenance
    >>> a = Paragraph(text="近三年研发投入分别为2022年七", prov=Provenance(page=2, bbox=(69, 700, 518, 752)))
    >>> a.text = "甲公司上年度实现营业收入15亿元，" + a.text
    >>> b = Paragraph(text="千七百万元、2023年8490万元。", prov=Provenance(page=3, bbox=(69, 79, 518, 108)))
    >>> cut_paragraph(a, b, 69)
    True
    >>> b2 = Paragraph(text="千七百万元。", prov=Provenance(page=3, bbox=(93, 79, 518, 108)))
    >>> cut_paragraph(a, b2, 69)  # indented: a paragraph of its own
    False
    """
    t, u = before.text.strip(), after.text.strip()
    if len(compact(t)) < 20 or not re.search(r"[，,、；]", t) or t[-1] in _ENDS:
        return False
    if before.heading_level is not None or after.heading_level is not None or heading_of(u):
        return False
    if FORM_LABEL.match(u) or _ITEM_START.match(u):
        return False
    if left is not None and after.prov.bbox is not None and after.prov.bbox[0] > left + 6:
        return False
    return True


def _running_line(b: Block, sizes: dict[int, tuple[float, float]]) -> bool:
    """A short line without a sentence's punctuation in the top margin: a running head the
    layout prints on this page only (not found by repetition), e.g. the form's title."""
    if not isinstance(b, Paragraph) or b.prov.page is None or b.prov.page not in sizes:
        return False
    t = compact(b.text)
    return (
        _edge(b.prov.bbox, sizes[b.prov.page][1]) == "header"
        and 0 < len(t) <= 30
        and not re.search(r"[，。；,;：:]", t)
        and b.heading_level is None
    )


def join_cut_paragraphs(
    pages: list[list[Block]], sizes: dict[int, tuple[float, float]] | None = None
) -> None:
    """Join, in place, a paragraph cut by a page break to its first part (cut_paragraph), over
    a running head standing between them; the joined paragraph keeps the first part's place."""
    for n in range(1, len(pages)):
        before_page, here = _content(pages[n - 1]), _content(pages[n])
        if len(here) >= 2 and _running_line(here[0], sizes or {}):
            here = here[1:]
        if not before_page or not here:
            continue
        a, b = before_page[-1], here[0]
        if not isinstance(a, Paragraph) or not isinstance(b, Paragraph):
            continue
        lefts = [x.prov.bbox[0] for x in here if isinstance(x, Paragraph) and x.prov.bbox]
        if not cut_paragraph(a, b, min(lefts) if lefts else None):
            continue
        joined = make_paragraph(a.text + b.text.strip(), a.prov.model_copy(), a.style)
        pages[n - 1][pages[n - 1].index(a)] = joined
        pages[n].remove(b)


def flow_pages(blocks: list[Block], sizes: dict[int, tuple[float, float]]) -> list[Block]:
    """A document's blocks, in reading order, with running heads marked and cut paragraphs
    joined (for readers that keep no page lists of their own); orders numbered again."""
    pages: list[list[Block]] = []
    for b in blocks:
        if not pages or (pages[-1] and pages[-1][-1].prov.page != b.prov.page):
            pages.append([])
        pages[-1].append(b)
    mark_running(pages, sizes)
    join_cut_paragraphs(pages, sizes)
    out = [b for page in pages for b in page]
    for i, b in enumerate(out, 1):
        b.prov.order = i
    return out
