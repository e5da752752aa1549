"""Reader for PDF files.

Born-digital pages: the text layer as positioned characters (pypdfium2, or pdfminer through
pdfplumber on pages whose fonts PDFium cannot map to Unicode; extractors.readers.pdf_chars),
over-printed characters kept once, two columns read column by column, lines joined into
paragraphs. Pages with ruling lines go through pdfplumber as well, whose geometry finds bordered
tables: every character goes to the cell holding it (merged cells once with their spans, wrapped
lines rejoined, stacked values kept apart), text inside a table's outline but in no cell stays a
paragraph, and a table that runs over a page break is joined to its first part. Filled AcroForm
fields are read with pikepdf and shown where they sit. Everything is placed on the page as shown
(its /Rotate applied: a landscape page reads in its own order), and a page whose text runs
sideways or upside down even so is read turned upright, its boxes still on the page as shown.

Tables are in extractors.readers.pdf_tables, a page's blocks in extractors.readers.pdf_page.

A page goes to OCR (extractors.readers.ocr; the triage in extractors.readers.pdf_triage) when its
text layer is missing or broken, or when it is a picture with a few words on it; then what the
text layer has is kept and OCR adds what only the image holds. A page whose text layer looks wrong
(characters no Chinese document uses) is read by OCR too, and where the two disagree badly the
better reading is kept and the document says so.
Each page's text layer is counted against the blocks read from it: a shortfall is a warning.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from dataclasses import replace

from extractors.errors import CorruptFile, EmptyFile, EncryptedFile, OcrFailed, TooLarge
from extractors.limits import Limits
from extractors.readers import pdf_text as pt
from extractors.readers.ocr_call import OcrFn, failed, read_page_image
from extractors.readers.page_flow import join_cut_paragraphs, mark_running
from extractors.readers.pdf_forms import FieldValue, form_values, open_pdf, unmapped_font_pages
from extractors.readers.pdf_page import block_chars, page_blocks
from extractors.readers.pdf_tables import Ruled, place, ruled_tables
from extractors.readers.pdf_triage import (
    has_ink,
    join_ocr,
    ocr_scale,
    odd_share,
    page_objects,
    scaled,
    scaled_seal,
    text_layer_broken,
)
from extractors.readers.pdfium_lock import PDFIUM
from models.document import Paragraph, Provenance, ReadDocument, Seal, Table

__all__ = ["OcrFn", "odd_share", "read_pdf", "text_layer_broken"]


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
        ocr_failures: list[str] = []
        pages_read: list[list[Paragraph | Table]] = []  # each page's blocks, placed when all are read
        for i in range(n_pages):
            page_no = i + 1
            img = None
            chars: list[pt.Char] | None = None
            if page_no in cid_pages:  # pdfplumber reads the whole page: its characters, then its tables
                chars = pt.plumber_chars(plumber_page(i).dedupe_chars())
            with PDFIUM:  # everything this page needs from PDFium, then the lock is let go
                page = pdf[i]
                try:
                    n_img, n_path, img_share = page_objects(page, pdfium_c)
                    width, height = (float(v) for v in page.get_size())
                    rotation = page.get_rotation()
                    sizes[page_no] = (width, height)
                    if chars is None:
                        chars, turn = pt.pdfium_text(page)
                    else:
                        turn = pt.glyph_turn(page)
                    chars, doubled = pt.dedupe_overprint(chars)
                    text = "".join(c.c for c in chars)
                    why = text_layer_broken(text, n_img, n_path)
                    stripped = re.sub(r"\s+", "", text)
                    if why is None and not stripped and (n_img or n_path or has_ink(page)):
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
            if doubled:
                warnings.append(
                    f"page {page_no}: {doubled} over-printed characters (bold by double printing) kept once"
                )
            if page_no in cid_pages:
                warnings.append(
                    f"page {page_no}: fonts without a Unicode map (Identity-H, no ToUnicode): read from the fonts' own tables"
                )
            if page_no in cid_pages and (mode == "ocr" or n_path < 3):
                plumber_page(i).flush_cache()
            if mode == "ocr" and img is not None:
                read = read_page_image(img, page_no, ocr, upright=True)
                del img
                if read.error:
                    ocr_failures.append(f"page {page_no}: {read.error}")
                    warnings.append(failed(page_no, read.error, why))
                    continue
                if read.turned:
                    warnings.append(
                        f"page {page_no}: turned {read.turned}° counter-clockwise to read it upright"
                    )
                if read.size:
                    sizes[page_no] = read.size
                ocr_used = True
                if read.colour is not None:
                    colour[page_no] = read.colour
                seals += read.seals
                warnings.append(f"page {page_no}: {why}; read by OCR")
                # the page's filled form fields: the rendering left them out, their values are read
                k = (read.size[0] / width) if read.size else scale
                typed: list[Paragraph | Table] = [
                    Paragraph(
                        text=f.text,
                        prov=Provenance(page=page_no, bbox=(b[0] * k, b[1] * k, b[2] * k, b[3] * k)),
                    )
                    for f in fields_by_page.get(page_no, [])
                    for b in [pt.turn_box(f.box, rotation, *pt.turned_size(width, height, rotation))]
                ]
                if not any(b.text.strip() for b in read.blocks) and not typed:
                    warnings.append(f"page {page_no}: OCR found no text on it")
                pages_read.append(read.blocks + typed)
                continue
            found: list[Ruled] = []
            if n_path >= 3:
                pp = plumber_page(i)
                found = ruled_tables(pp)
                pp.flush_cache()
            # form values sit on the page before its /Rotate, like PDFium's characters
            unturned = pt.turned_size(width, height, rotation)
            fields = [
                replace(f, box=pt.turn_box(f.box, rotation, *unturned))
                for f in fields_by_page.get(page_no, [])
            ]
            if turn:
                warnings.append(
                    f"page {page_no}: its text runs turned {(360 - turn) % 360}° on the page as shown; "
                    f"read turned {turn}° clockwise, upright"
                )
            blocks_here = page_blocks(chars, page_no, (width, height), found, fields, turn)
            layer = Counter(c for c in text if not c.isspace())
            if mode in ("merge", "compare") and img is not None:
                read = read_page_image(img, page_no, ocr)  # seals too, on a page with a text layer
                del img
                if read.error:
                    warnings.append(
                        f"page {page_no}: {why}; OCR failed on it ({read.error}): its text layer alone is read"
                    )
                else:
                    ocr_used = True
                    if read.colour is not None:
                        colour[page_no] = read.colour
                    k = 1 / scale  # OCR's boxes and seals in points, like this page's other boxes
                    seals += [scaled_seal(seal, k) for seal in read.seals]
                    ocr_blocks = [scaled(b, k) for b in read.blocks]
                    blocks_here, note = join_ocr(mode, text, chars, blocks_here, ocr_blocks)
                    if note:
                        warnings.append(f"page {page_no}: {why}; {note}")
                    if blocks_here is ocr_blocks:  # the text layer is not what was read
                        layer = Counter()
            got = block_chars(blocks_here)
            lost = sum(max(0, n - got.get(c, 0)) for c, n in layer.items())
            if lost > max(2, 0.01 * sum(layer.values())):
                warnings.append(
                    f"page {page_no}: {lost} of {sum(layer.values())} characters of its text layer are not in the read document"
                )
            pages_read.append(blocks_here)
        # the layout's running head and foot, and paragraphs cut by a page break (page_flow)
        mark_running(pages_read, sizes)
        join_cut_paragraphs(pages_read, sizes)
        for page_read in pages_read:
            order, last_table = place(blocks, page_read, order, last_table)
        if ocr_failures and not any(b.text.strip() for b in blocks):
            raise OcrFailed(
                "OCR failed on every page that needed it, and nothing else was read: "
                + "; ".join(ocr_failures)
            )
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
