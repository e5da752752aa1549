"""Reader for PDF files.

Born-digital pages: the text layer as positioned characters (pypdfium2, or pdfminer through
pdfplumber on pages whose fonts PDFium cannot map to Unicode; extractors.readers.pdf_text),
over-printed characters kept once, two columns read column by column, lines joined into
paragraphs. Pages with ruling lines go through pdfplumber as well, whose geometry finds bordered
tables: every character goes to the cell holding it (merged cells once with their spans, wrapped
lines rejoined, stacked values kept apart), text inside a table's outline but in no cell stays a
paragraph, and a table that runs over a page break is joined to its first part. Filled AcroForm
fields are read with pikepdf and shown where they sit.

A page goes to OCR (extractors.readers.ocr) when its text layer is missing or broken, or when it is
a picture with a few words on it; then what the text layer has is kept and OCR adds what only the
image holds. A page whose text layer looks wrong (characters no Chinese document uses) is read by
OCR too, and where the two disagree badly the better reading is kept and the document says so.
Each page's text layer is counted against the blocks read from it: a shortfall is a warning.
"""

from __future__ import annotations

import io
import math
import re
from collections import Counter
from collections.abc import Callable

from extractors.errors import CorruptFile, EmptyFile, EncryptedFile, TooLarge
from extractors.limits import Limits
from extractors.readers import pdf_text as pt
from extractors.readers.lines import Line, lines_to_paragraphs
from extractors.readers.pdf_forms import FieldValue, form_values, open_pdf, unmapped_font_pages
from extractors.readers.pdfium_lock import PDFIUM
from extractors.text import CJK, cjk_count, clean_text
from models.document import BBox, Cell, Paragraph, Provenance, ReadDocument, Seal, Table

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


def _table_from_plumber(t, page_no: int, chars: list[pt.Char]) -> tuple[Table, set[int]]:
    """A pdfplumber table on its grid, each merged cell once with its spans, its text from the
    characters inside each cell. Returns the table and the ids of the characters it took."""
    boxes = [c for row in t.rows for c in row.cells if c is not None]
    xs = sorted({round(b[0], 1) for b in boxes} | {round(b[2], 1) for b in boxes})
    ys = sorted({round(b[1], 1) for b in boxes} | {round(b[3], 1) for b in boxes})
    xs = _cluster(xs)
    ys = _cluster(ys)

    def idx(v: float, grid: list[float]) -> int:
        return min(range(len(grid)), key=lambda i: abs(grid[i] - v))

    tb = t.bbox
    inside = [ch for ch in chars if ch.c != " " and pt.in_box(ch, tb, 1.0)]
    taken: set[int] = set()
    cells: list[Cell] = []
    seen: set[tuple[int, int]] = set()
    for row in t.rows:
        for bb in row.cells:
            if bb is None:
                continue
            c0, c1 = idx(bb[0], xs), idx(bb[2], xs)
            r0, r1 = idx(bb[1], ys), idx(bb[3], ys)
            if (r0, c0) in seen:
                continue
            seen.add((r0, c0))
            mine = [ch for ch in inside if id(ch) not in taken and pt.in_box(ch, bb)]
            taken.update(id(ch) for ch in mine)
            cells.append(
                Cell(
                    text=clean_text(pt.cell_text(mine, bb)),
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
    table = Table(cells=cells, n_rows=n_rows, n_cols=n_cols, prov=Provenance(page=page_no, bbox=tuple(tb)))
    return table, taken


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


def _objects(page, pdfium_c) -> tuple[int, int, float]:
    """Images (at any depth: inside Form XObjects too), paths, and the share of the page the
    images cover (a nested image counted by the box of the form that holds it)."""
    n_img = n_path = 0
    area = 0.0
    top_form_box = None
    w, h = page.get_size()
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


def _has_ink(page) -> bool:
    """Whether a page without a text layer shows anything at all (rendered small)."""
    import numpy as np

    bm = page.render(scale=0.15, grayscale=True)
    try:
        arr = np.asarray(bm.to_numpy())
        return bool((arr < 200).any())
    finally:
        bm.close()


def _with_fields(lines: list[Line], fields: list[FieldValue]) -> list[Line]:
    """Form values placed where a person sees them: after the label on their line, or as a line
    of their own at their height."""
    out = list(lines)
    for f in fields:
        fb = f.box
        here = "".join(
            t
            for t, b in out
            if b[0] >= fb[0] - 2 and b[2] <= fb[2] + 2 and b[1] >= fb[1] - 2 and b[3] <= fb[3] + 2
        )
        if f.text in here:  # the value is drawn in the text layer already (a flattened form)
            continue
        best, best_dx = None, 1e9
        for i, (_, b) in enumerate(out):
            ov = min(b[3], fb[3]) - max(b[1], fb[1])
            if ov > 0.4 * min(b[3] - b[1], fb[3] - fb[1]) and b[2] <= fb[0] + 4:
                dx = fb[0] - b[2]
                if dx < best_dx:
                    best, best_dx = i, dx
        if best is not None:
            t, b = out[best]
            out[best] = (t + f.text, (b[0], min(b[1], fb[1]), max(b[2], fb[2]), max(b[3], fb[3])))
        else:
            out.append((f.text, fb))
    return out


def _text_blocks(
    chars: list[pt.Char],
    page_no: int,
    width: float,
    tables_found: list,
    fields: list[FieldValue],
) -> list[tuple[float, Paragraph | Table]]:
    """The page's blocks from its characters: tables, then the free text as paragraphs."""
    out: list[tuple[float, Paragraph | Table]] = []
    tables: list[Table] = []
    taken: set[int] = set()
    for t in tables_found:
        table, took = _table_from_plumber(t, page_no, chars)
        if table.cells:
            tables.append(table)
            taken |= took
    free_fields: list[FieldValue] = []
    for f in fields:
        cx, cy = (f.box[0] + f.box[2]) / 2, (f.box[1] + f.box[3]) / 2
        cell = next(
            (
                c
                for t in tables
                for c in t.cells
                if c.bbox and c.bbox[0] <= cx <= c.bbox[2] and c.bbox[1] <= cy <= c.bbox[3]
            ),
            None,
        )
        if cell is not None:
            if f.text not in cell.text:
                cell.text = (cell.text + f.text) if cell.text else f.text
        else:
            free_fields.append(f)
    free = [ch for ch in chars if id(ch) not in taken]
    segs = pt.segments(free)
    seg_lines = [pt.seg_line(s) for s in segs]
    runs = pt.order_columns(seg_lines, width)
    if len(runs) == 1:  # one column: whole source lines, as the text layer gave them
        # a source line whose parts sit on different baselines (PDFium does not break a line
        # after a hyphenation marker: "Ef\ufffe" then "fects" on the next row) is split there
        by_line: dict[tuple[int, int], list[Line]] = {}
        row_of: dict[int, tuple[int, float, float]] = {}
        for s in segs:
            ln = pt.seg_line(s)
            k = s[0].line
            cy, hh = (ln[1][1] + ln[1][3]) / 2, ln[1][3] - ln[1][1]
            row, pcy, ph = row_of.get(k, (0, cy, hh))
            if abs(cy - pcy) > 0.6 * max(hh, ph, 1.0):
                row += 1
            row_of[k] = (row, cy, hh)
            by_line.setdefault((k, row), []).append(ln)
        lines: list[Line] = []
        for key in sorted(by_line):
            parts = by_line[key]
            box: BBox = (
                min(b[0] for _, b in parts),
                min(b[1] for _, b in parts),
                max(b[2] for _, b in parts),
                max(b[3] for _, b in parts),
            )
            lines.append((" ".join(t for t, _ in parts), box))
        runs = [lines]
    runs = [_with_fields(r, free_fields) if i == 0 else r for i, r in enumerate(runs)]
    if tables:
        boxes = [t.prov.bbox for t in tables if t.prov.bbox is not None]
        cuts = sorted(b[1] for b in boxes)
        for run in runs:
            seg_of = [sum(1 for c in cuts if bb[1] > c) for _, bb in run]
            for k in range(len(cuts) + 1):
                seg = [x for x, s in zip(run, seg_of) if s == k]
                for p in lines_to_paragraphs(seg, page_no, 0, width):
                    out.append((p.prov.bbox[1] if p.prov.bbox else 0.0, p))
        for t in tables:
            out.append((t.prov.bbox[1] if t.prov.bbox else 0.0, t))
        out.sort(key=lambda x: x[0])
        return out
    for k, run in enumerate(runs):
        for p in lines_to_paragraphs(run, page_no, 0, None if len(runs) > 1 else width):
            # columns keep their reading order (a left column before the right one)
            out.append((float(k), p))
    return out


def _block_chars(blocks: list[Paragraph | Table]) -> Counter[str]:
    out: Counter[str] = Counter()
    for b in blocks:
        out.update(c for c in b.text if not c.isspace())
    return out


def _overlap(a: BBox, b: BBox) -> float:
    ix = min(a[2], b[2]) - max(a[0], b[0])
    iy = min(a[3], b[3]) - max(a[1], b[1])
    if ix <= 0 or iy <= 0:
        return 0.0
    return ix * iy / max(1e-6, (a[2] - a[0]) * (a[3] - a[1]))


def _scaled(b: Paragraph | Table, k: float) -> Paragraph | Table:
    def sc(bb):
        return None if bb is None else (bb[0] * k, bb[1] * k, bb[2] * k, bb[3] * k)

    b.prov.bbox = sc(b.prov.bbox)
    if isinstance(b, Table):
        for c in b.cells:
            c.bbox = sc(c.bbox)
    return b


def _merge_ocr(
    text_blocks: list[Paragraph | Table], ocr_blocks: list[Paragraph | Table], lines: list[BBox]
) -> tuple[list[Paragraph | Table], int]:
    """The text layer's blocks and those OCR found where the text layer has nothing (text in an
    image: a seal, a pasted scan), in the order of the page."""
    added = []
    for b in ocr_blocks:
        bb = b.prov.bbox
        if bb is None or any(_overlap(bb, ln) > 0.3 or _overlap(ln, bb) > 0.5 for ln in lines):
            continue
        added.append(b)
    merged = text_blocks + added
    merged.sort(key=lambda b: b.prov.bbox[1] if b.prov.bbox else 0.0)
    return merged, len(added)


def _better(text_layer: str, ocr: str) -> tuple[str, float]:
    """Which reading of a page to keep when they disagree: the one with fewer characters no
    Chinese document uses (ties go to the text layer)."""
    from rapidfuzz import fuzz

    a, b = re.sub(r"\s+", "", text_layer), re.sub(r"\s+", "", ocr)
    sim = fuzz.ratio(a, b) / 100 if a and b else 0.0
    if sim >= 0.5:
        return "text", sim
    return ("ocr" if odd_share(a) > odd_share(b) + 0.1 else "text"), sim


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
        pk = open_pdf(data)
        try:
            cid_pages = unmapped_font_pages(pk, n_pages)
            fields_by_page: dict[int, list[FieldValue]] = {}
            for f in form_values(pk):
                fields_by_page.setdefault(f.page, []).append(f)
        finally:
            if pk is not None:
                pk.close()

        def plumber_page(i: int):
            nonlocal plumber
            if plumber is None:
                import pdfplumber

                plumber = pdfplumber.open(io.BytesIO(data))
            return plumber.pages[i]

        blocks: list[Paragraph | Table] = []
        warnings: list[str] = []
        ocr_used = False
        order = 0
        last_table: Table | None = None  # a table that ended the previous page
        sizes: dict[int, tuple[float, float]] = {}
        scale = limits.ocr_dpi / 72
        colour: dict[int, bool] = {}
        seals: list[Seal] = []
        for i in range(n_pages):
            page_no = i + 1
            img = None
            chars: list[pt.Char] | None = None
            if page_no in cid_pages:
                pp = plumber_page(i)
                chars = pt.plumber_chars(pp.dedupe_chars())
                pp.flush_cache()
            with PDFIUM:  # everything this page needs from PDFium, then the lock is let go
                page = pdf[i]
                try:
                    n_img, n_path, img_share = _objects(page, pdfium_c)
                    width, height = (float(v) for v in page.get_size())
                    rotation = page.get_rotation()
                    sizes[page_no] = (width, height)
                    if chars is None:
                        chars = pt.pdfium_chars(page)
                    chars, doubled = pt.dedupe_overprint(chars)
                    text = "".join(c.c for c in chars)
                    why = text_layer_broken(text, n_img, n_path)
                    stripped = re.sub(r"\s+", "", text)
                    if why is None and not stripped and (n_img or n_path or _has_ink(page)):
                        why = "page drawn without a text layer"
                    mode = None
                    if why:
                        # a picture with a few words: keep the words, OCR adds what the image holds
                        mode = "merge" if why.startswith("image page") and stripped else "ocr"
                    elif img_share >= 0.15:
                        mode, why = "merge", f"images cover {img_share:.0%} of the page"
                    elif odd_share(stripped) > 0.3:
                        mode, why = "compare", "text layer with characters no Chinese document uses"
                    if mode:
                        scale, smaller = ocr_scale(width, height, limits)
                        if smaller:
                            warnings.append(f"page {page_no}: {smaller}")
                        bitmap = page.render(scale=scale)
                        img = bitmap.to_pil().copy()  # owned by PIL, so the bitmap is freed here
                        bitmap.close()
                finally:
                    page.close()
            if rotation in (90, 270):
                # text comes in the unturned frame, tables in the turned one: say so, never silently
                warnings.append(
                    f"page {page_no}: turned {rotation}° by the PDF (/Rotate); its text may be out of "
                    "order or miss words: check it against the page"
                )
            if doubled:
                warnings.append(
                    f"page {page_no}: {doubled} over-printed characters (bold by double printing) kept once"
                )
            if page_no in cid_pages:
                warnings.append(
                    f"page {page_no}: fonts without a Unicode map (Identity-H, no ToUnicode): read from the fonts' own tables"
                )
            if mode == "ocr" and img is not None:
                from extractors.readers.imaging import upright

                img, turned = upright(img)
                if turned:
                    warnings.append(f"page {page_no}: turned {turned}° counter-clockwise to read it upright")
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
                if not any(b.text.strip() for b in new):
                    warnings.append(f"page {page_no}: OCR found no text on it")
                order, last_table = _place(blocks, new, order, last_table)
                continue
            found = []
            if n_path >= 3:
                pp = plumber_page(i)
                found = [t for t in pp.find_tables() if len(t.rows) >= 1]
                pp.flush_cache()
            page_blocks = [
                b for _, b in _text_blocks(chars, page_no, width, found, fields_by_page.get(page_no, []))
            ]
            layer = Counter(c for c in text if not c.isspace())
            if mode in ("merge", "compare") and img is not None:
                if ocr is None:  # seals on a page with a text layer too (a signature page)
                    from extractors.readers.ocr import ocr_page

                    read = ocr_page(img, page_no)
                    raw, colour[page_no] = read.blocks, read.colour
                    k = 1 / scale  # seals in points, like this page's other boxes
                    for seal in read.seals:
                        seal.bbox = (seal.bbox[0] * k, seal.bbox[1] * k, seal.bbox[2] * k, seal.bbox[3] * k)
                        for w in seal.near:
                            w.bbox = (w.bbox[0] * k, w.bbox[1] * k, w.bbox[2] * k, w.bbox[3] * k)
                    seals += read.seals
                else:
                    raw = ocr(img, page_no)
                ocr_blocks = [_scaled(b, 1 / scale) for b in raw]
                del img
                ocr_used = True
                if mode == "merge":
                    boxes = [pt.seg_line(s)[1] for s in pt.segments(chars)]
                    page_blocks, n_added = _merge_ocr(page_blocks, ocr_blocks, boxes)
                    warnings.append(
                        f"page {page_no}: {why}; text layer kept, OCR added {n_added} block(s) found only in the image"
                    )
                else:
                    ocr_text = "\n".join(b.text for b in ocr_blocks)
                    keep, sim = _better(text, ocr_text)
                    if keep == "ocr":
                        page_blocks = ocr_blocks
                        layer = Counter()
                    if sim < 0.5:
                        warnings.append(
                            f"page {page_no}: {why}; text layer and OCR disagree (similarity {sim:.2f}): "
                            f"kept the {'OCR reading' if keep == 'ocr' else 'text layer'} "
                            f"(unusual characters {odd_share(text):.0%} in the text layer, {odd_share(ocr_text):.0%} by OCR)"
                        )
            got = _block_chars(page_blocks)
            lost = sum(max(0, n - got.get(c, 0)) for c, n in layer.items())
            if lost > max(2, 0.01 * sum(layer.values())):
                warnings.append(
                    f"page {page_no}: {lost} of {sum(layer.values())} characters of its text layer are not in the read document"
                )
            order, last_table = _place(blocks, page_blocks, order, last_table)
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
