"""Reader for PDF files.

Born-digital pages: text lines in reading order from pypdfium2 (fast), joined into paragraphs.
Pages with ruling lines go through pdfplumber as well, whose geometry finds bordered tables:
each merged cell once with its spans, wrapped cell text rejoined, and a table that runs over a
page break joined to its first part with each row's page kept. A page whose text layer is
missing or broken goes to OCR (extractors.readers.ocr); the other pages of the PDF do not.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable

from extractors.errors import CorruptFile, EmptyFile, EncryptedFile, TooLarge
from extractors.limits import Limits
from extractors.readers.pdfium_lock import PDFIUM
from extractors.text import cjk_count, clean_text
from models.document import (
    Cell,
    Paragraph,
    Provenance,
    ReadDocument,
    Seal,
    Table,
    heading_of,
    make_paragraph,
)

PAGE_NUMBER = re.compile(r"^[—\-–－\s]*\d{1,4}[—\-–－\s]*$|^第\s*\d+\s*页(\s*共\s*\d+\s*页)?$")
_SENT_END = "。；;：:！？!?」”）)"
FORM_LABEL = re.compile(r"^[\u4e00-\u9fff\s]{2,12}[：:]")


def join_wrapped(lines: list[str]) -> str:
    """Rejoin text wrapped inside a table cell: a break inside a CJK run or inside a run of
    letters and digits (a credit code split as 9145020019 / 82306879) is removed; a break
    between a name and its code, or after punctuation, is kept as a line break."""
    out = ""
    for line in lines:
        line = line.strip()
        if not line:
            continue
        if not out:
            out = line
            continue
        a, b = out[-1], line[0]
        if _same_run(a, b):
            out += line
        else:
            out += "\n" + line
    return out


def _same_run(a: str, b: str) -> bool:
    def cls(ch: str) -> str:
        if "\u3400" <= ch <= "\u9fff" or ch in "（）《》“”、，":
            return "cjk"
        if ch.isascii() and ch.isalnum():
            return "alnum"
        return "other"

    ca, cb = cls(a), cls(b)
    if ca == cb and ca in ("cjk", "alnum"):
        return True
    if ca == "alnum" and cb == "cjk":  # 2028 / 年: a number wrapped away from its unit
        return True
    # cjk then a code or number (a name, then its credit code on the next line) stays apart
    return a in "/-（(" or b in "/-）)"


def lines_to_paragraphs(
    lines: list[tuple[str, tuple[float, float, float, float]]],
    page: int,
    order_start: int,
    page_width: float | None = None,
) -> list[Paragraph]:
    """Join the text lines of a page into paragraphs: a new paragraph starts at a numbered
    heading, after a line ending a sentence, or after a line that stops well short of the
    right margin."""
    paras: list[Paragraph] = []
    cur: list[str] = []
    box: list[float] | None = None
    right_margin = max((b[2] for _, b in lines), default=0.0)
    if page_width:
        right_margin = max(right_margin, 0.8 * page_width)
    order = order_start

    def flush() -> None:
        nonlocal cur, box, order
        if cur:
            text = clean_text("".join(cur))
            if text:
                order += 1
                paras.append(make_paragraph(text, Provenance(page=page, order=order, bbox=tuple(box))))  # type: ignore[arg-type]
        cur, box = [], None

    prev_short = True
    prev_end = ""
    prev_x0 = 0.0
    for text, b in lines:
        t = text.strip()
        if not t:
            continue
        if PAGE_NUMBER.match(t):
            flush()
            order += 1
            paras.append(Paragraph(text=t, prov=Provenance(page=page, order=order, bbox=b, source="footer")))
            continue
        indented = b[0] > prev_x0 + 6 and b[2] > b[0]
        starts_new = (
            prev_short
            or prev_end in _SENT_END
            or heading_of(t) is not None
            or indented
            or FORM_LABEL.match(t) is not None
        )
        if starts_new:
            flush()
        sep = (
            " "
            if cur and cur[-1][-1].isascii() and cur[-1][-1].isalpha() and t[0].isascii() and t[0].isalpha()
            else ""
        )
        cur.append(sep + t)
        box = (
            list(b)
            if box is None
            else [min(box[0], b[0]), min(box[1], b[1]), max(box[2], b[2]), max(box[3], b[3])]
        )
        width_ok = right_margin is not None and b[2] >= right_margin - 24
        prev_short = not width_ok
        prev_end = t[-1]
        prev_x0 = b[0]
    flush()
    return paras


def _pdfium_lines(page) -> list[tuple[str, tuple[float, float, float, float]]]:
    """Text lines of a page in reading order with their boxes (top-left origin, points).

    pdfium's text stream holds the characters in content order with generated line breaks;
    each line's box is the union of its characters' boxes."""
    tp = page.get_textpage()
    try:
        h = page.get_height()
        n = tp.count_chars()
        text = tp.get_text_range(0, n) if n else ""
        lines: list[tuple[str, tuple[float, float, float, float]]] = []
        aligned = len(text) == n
        start = 0
        for i in range(len(text) + 1):
            if i == len(text) or text[i] == "\n":
                seg = text[start:i].replace("\r", "")
                if seg.strip():
                    bb = (0.0, 0.0, 0.0, 0.0)
                    if aligned:
                        xs0, ys0, xs1, ys1 = [], [], [], []
                        for j in range(start, i):
                            if text[j].isspace():
                                continue
                            left, bottom, right, top = tp.get_charbox(j)
                            xs0.append(left)
                            ys0.append(h - top)
                            xs1.append(right)
                            ys1.append(h - bottom)
                        if xs0:
                            bb = (min(xs0), min(ys0), max(xs1), max(ys1))
                    lines.append((seg, bb))
                start = i + 1
        return lines
    finally:
        tp.close()


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


def _table_from_plumber(t, page_no: int) -> Table:
    """A pdfplumber table on its grid, each merged cell once with its spans."""
    boxes = [c for row in t.rows for c in row.cells if c is not None]
    xs = sorted({round(b[0], 1) for b in boxes} | {round(b[2], 1) for b in boxes})
    ys = sorted({round(b[1], 1) for b in boxes} | {round(b[3], 1) for b in boxes})
    xs = _cluster(xs)
    ys = _cluster(ys)

    def idx(v: float, grid: list[float]) -> int:
        return min(range(len(grid)), key=lambda i: abs(grid[i] - v))

    texts = t.extract(x_tolerance=1.5, y_tolerance=3) or []
    cells: list[Cell] = []
    seen: set[tuple[int, int]] = set()
    for r_i, row in enumerate(t.rows):
        for c_i, bb in enumerate(row.cells):
            if bb is None:
                continue
            c0, c1 = idx(bb[0], xs), idx(bb[2], xs)
            r0, r1 = idx(bb[1], ys), idx(bb[3], ys)
            if (r0, c0) in seen:
                continue
            seen.add((r0, c0))
            raw = texts[r_i][c_i] if r_i < len(texts) and c_i < len(texts[r_i]) else ""
            text = clean_text(join_wrapped((raw or "").split("\n")))
            cells.append(
                Cell(
                    text=text,
                    row=r0,
                    col=c0,
                    rowspan=max(1, r1 - r0),
                    colspan=max(1, c1 - c0),
                    page=page_no,
                    bbox=tuple(bb),
                )
            )
    n_rows = max(1, len(ys) - 1)
    n_cols = max(1, len(xs) - 1)
    return Table(cells=cells, n_rows=n_rows, n_cols=n_cols, prov=Provenance(page=page_no, bbox=tuple(t.bbox)))


def _cluster(vals: list[float], tol: float = 2.0) -> list[float]:
    out: list[float] = []
    for v in vals:
        if out and v - out[-1] <= tol:
            continue
        out.append(v)
    return out


def _continues(prev: Table, nxt: Table) -> bool:
    """A table at the top of a page continuing the one that ended the page before: the
    first row of the new part has the columns (left edges) of the last row of the old one."""
    rows_p = [r for r in prev.rows() if r]
    rows_n = [r for r in nxt.rows() if r]
    if not rows_p or not rows_n:
        return False
    pc = [c.bbox[0] for c in rows_p[-1] if c.bbox]
    nc = [c.bbox[0] for c in rows_n[0] if c.bbox]
    width = max([c.bbox[2] for c in prev.cells if c.bbox] or [600.0])
    tol = max(4.0, 0.01 * width)
    return len(pc) == len(nc) and len(pc) > 0 and all(abs(a - b) < tol for a, b in zip(pc, nc))


def _append_table(prev: Table, nxt: Table) -> None:
    off = prev.n_rows
    for c in nxt.cells:
        prev.cells.append(c.model_copy(update={"row": c.row + off}))
    prev.n_rows += nxt.n_rows
    prev.n_cols = max(prev.n_cols, nxt.n_cols)


def _place(
    blocks: list[Paragraph | Table],
    page_blocks: list[Paragraph | Table],
    order: int,
    last_table: Table | None,
) -> tuple[int, Table | None]:
    """Append a page's blocks; a table opening the page that continues the table closing the
    previous page is joined to it. Returns the order counter and the table closing this page."""
    content = [b for b in page_blocks if not (isinstance(b, Paragraph) and b.prov.source == "footer")]
    first = content[0] if content else None
    closing: Table | None = None
    for b in page_blocks:
        if isinstance(b, Table) and b is first and last_table is not None and _continues(last_table, b):
            _append_table(last_table, b)
            closing = last_table
            continue
        order += 1
        b.prov.order = order
        blocks.append(b)
        if isinstance(b, Table):
            closing = b
    last = content[-1] if content else None
    return order, (closing if isinstance(last, Table) else None)


OcrFn = Callable[[object, int], list[Paragraph | Table]]


def read_pdf(data: bytes, limits: Limits | None = None, ocr: OcrFn | None = None) -> ReadDocument:
    """Read a PDF. `ocr(pil_image, page_no)` turns a rendered page into blocks; by default the
    RapidOCR reader of extractors.readers.ocr."""
    limits = limits or Limits()
    if not data:
        raise EmptyFile("empty file (0 bytes)")
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    with PDFIUM:
        try:
            pdf = pdfium.PdfDocument(data)
        except pdfium.PdfiumError as e:
            msg = str(e).lower()
            if "password" in msg:
                raise EncryptedFile("encrypted PDF: a password is needed to open it") from e
            raise CorruptFile(f"PDFium cannot open the file: {e}") from e
    plumber = None
    try:
        with PDFIUM:
            n_pages = len(pdf)
        if n_pages == 0:
            raise CorruptFile("PDF with no pages")
        if n_pages > limits.max_pdf_pages:
            raise TooLarge(
                f"PDF of {n_pages} pages, over the cap of {limits.max_pdf_pages} (INTAKE_MAX_PDF_PAGES)"
            )
        blocks: list[Paragraph | Table] = []
        warnings: list[str] = []
        ocr_used = False
        order = 0
        last_table: Table | None = None  # a table that ended the previous page
        sizes: dict[int, tuple[float, float]] = {}
        colour: dict[int, bool] = {}
        seals: list[Seal] = []
        for i in range(n_pages):
            page_no = i + 1
            img = None
            with PDFIUM:  # everything this page needs from PDFium, then the lock is let go
                page = pdf[i]
                try:
                    n_img = n_path = 0
                    for obj in page.get_objects(max_depth=1):
                        if obj.type == pdfium_c.FPDF_PAGEOBJ_IMAGE:
                            n_img += 1
                        elif obj.type == pdfium_c.FPDF_PAGEOBJ_PATH:
                            n_path += 1
                    width, height = page.get_size()
                    sizes[page_no] = (float(width), float(height))
                    lines = _pdfium_lines(page)
                    why = text_layer_broken("\n".join(t for t, _ in lines), n_img, n_path)
                    if why:
                        bitmap = page.render(scale=limits.ocr_dpi / 72)
                        img = bitmap.to_pil().copy()  # owned by PIL, so the bitmap is freed here
                        bitmap.close()
                finally:
                    page.close()
            if why and img is not None:
                sizes[page_no] = (float(img.width), float(img.height))
                if ocr is None:
                    from extractors.readers.ocr import ocr_page

                    read = ocr_page(img, page_no)
                    new, colour[page_no] = read.blocks, read.colour
                    seals += read.seals
                else:
                    new = ocr(img, page_no)
                del img
                ocr_used = True
                warnings.append(f"page {page_no}: {why}; read by OCR")
                order, last_table = _place(blocks, new, order, last_table)
                continue
            page_blocks: list[tuple[float, Paragraph | Table]] = []
            tables: list[Table] = []
            if n_path >= 4:
                if plumber is None:
                    import pdfplumber

                    plumber = pdfplumber.open(io.BytesIO(data))
                pp = plumber.pages[i]
                found = pp.find_tables()
                tables = [_table_from_plumber(t, page_no) for t in found if len(t.rows) >= 1]
                pp.flush_cache()
                tables = [t for t in tables if t.cells]
            if tables:
                boxes = [t.prov.bbox for t in tables if t.prov.bbox is not None]

                def outside(bb, boxes=boxes) -> bool:
                    cy = (bb[1] + bb[3]) / 2
                    cx = (bb[0] + bb[2]) / 2
                    return not any(b[0] - 2 <= cx <= b[2] + 2 and b[1] - 2 <= cy <= b[3] + 2 for b in boxes)

                free = [(t, bb) for t, bb in lines if outside(bb)]
                # paragraphs between tables: split the free lines by the tables' tops
                cuts = sorted(b[1] for b in boxes)
                seg_of = [sum(1 for c in cuts if bb[1] > c) for _, bb in free]
                for k in range(len(cuts) + 1):
                    seg = [x for x, s in zip(free, seg_of) if s == k]
                    for p in lines_to_paragraphs(seg, page_no, 0, width):
                        page_blocks.append((p.prov.bbox[1] if p.prov.bbox else 0.0, p))
                for t in tables:
                    page_blocks.append((t.prov.bbox[1] if t.prov.bbox else 0.0, t))
            else:
                for p in lines_to_paragraphs(lines, page_no, 0, width):
                    page_blocks.append((p.prov.bbox[1] if p.prov.bbox else 0.0, p))
            page_blocks.sort(key=lambda x: x[0])
            order, last_table = _place(blocks, [b for _, b in page_blocks], order, last_table)
        return ReadDocument(
            media_type="pdf",
            pages=n_pages,
            ocr_used=ocr_used,
            blocks=blocks,
            warnings=warnings,
            page_sizes=sizes,
            ocr_colour=colour,
            seals=seals,
        )
    finally:
        if plumber is not None:
            plumber.close()
        with PDFIUM:
            pdf.close()
