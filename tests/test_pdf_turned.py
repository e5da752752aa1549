"""PDF pages turned by /Rotate, or whose text runs sideways on the page, read as a person sees
them: lines in the reading order of the page as shown, tables with their cells, form values after
their labels, boxes on the page as shown (where the page's image has the ink). The PDFs are built
here: reportlab draws the page's content turned against the /Rotate that pikepdf sets, as Word
and scanners write landscape pages."""

from __future__ import annotations

import io

import pikepdf
import pytest

from extractors.readers.pdf_reader import read_pdf
from models.document import Table
from tests.pdfs import FONT, FakeOcr
from tests.test_pdf_text import identity_h_pdf

LINES = [
    "一、创新联合体的组建目标与主要任务",
    "二、牵头单位广西大学负责统筹协调",
    "三、成员单位南宁铝业股份有限公司参与研发",
]
GRID = [["单位名称", "统一社会信用代码"], ["广西大学", "12450000498500366F"]]
A4 = (595.2756, 841.8898)


def _turned_pdf(rotate: int, drawn_turned: int | None = None, form: bool = False) -> bytes:
    """One A4 page with /Rotate `rotate` whose content (three lines, a bordered table, a label
    with a filled form field after it) is drawn turned by `drawn_turned` degrees counter-clockwise
    (by default the page's own turn, so that it reads upright as shown)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    turn = rotate if drawn_turned is None else drawn_turned
    w, h = A4
    pdfmetrics.registerFont(TTFont("CJK", FONT, subfontIndex=0))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    c.setFont("CJK", 12)
    # the frame a person reads in, laid on the unturned page: turned `turn` counter-clockwise
    frame = {90: (0, 1, -1, 0, w, 0), 180: (-1, 0, 0, -1, w, h), 270: (0, -1, 1, 0, 0, h)}
    if turn in frame:
        c.transform(*frame[turn])
    dh = w if turn in (90, 270) else h  # the frame's height
    for k, t in enumerate(LINES):
        c.drawString(72, dh - 72 - 20 * k, t)
    y = dh - 200
    c.rect(72, y, 300, 60)
    c.line(222, y, 222, y + 60)
    c.line(72, y + 30, 372, y + 30)
    c.drawString(80, y + 40, GRID[0][0])
    c.drawString(230, y + 40, GRID[0][1])
    c.drawString(80, y + 10, GRID[1][0])
    c.drawString(230, y + 10, GRID[1][1])
    c.drawString(72, y - 60, "联系人：")
    c.showPage()
    c.save()
    pdf = pikepdf.open(io.BytesIO(buf.getvalue()))
    page = pdf.pages[0]
    if rotate:
        page.Rotate = rotate
    if form:
        # the field's rectangle is on the unturned page: the label's line, right after it
        x0, y0, x1, y1 = 122, y - 64, 260, y - 48  # in the reading frame
        corners = [_unturned(x, yy, turn, w, h) for x, yy in ((x0, y0), (x1, y1))]
        rect = [
            min(p[0] for p in corners),
            min(p[1] for p in corners),
            max(p[0] for p in corners),
            max(p[1] for p in corners),
        ]
        N = pikepdf.Name
        tx = pdf.make_indirect(
            pikepdf.Dictionary(
                Type=N.Annot,
                Subtype=N.Widget,
                FT=N.Tx,
                T=pikepdf.String("contact"),
                V=pikepdf.String("李明"),
                Rect=rect,
            )
        )
        page.obj["/Annots"] = pikepdf.Array([tx])
        pdf.Root.AcroForm = pikepdf.Dictionary(Fields=[tx])
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def _unturned(x: float, y: float, turn: int, w: float, h: float) -> tuple[float, float]:
    """A point of the reading frame (PDF coordinates) on the unturned page."""
    return {0: (x, y), 90: (w - y, x), 180: (w - x, h - y), 270: (y, h - x)}[turn]


def _ink(data: bytes, box: tuple[float, float, float, float]) -> float:
    """The share of dark pixels inside a box (points, top-left origin) of the page as rendered."""
    import numpy as np
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    try:
        img = np.asarray(pdf[0].render(scale=1).to_pil().convert("L"))
    finally:
        pdf.close()
    x0, y0, x1, y1 = (int(round(v)) for v in box)
    crop = img[max(0, y0) : y1, max(0, x0) : x1]
    return float((crop < 128).mean()) if crop.size else 0.0


@pytest.mark.parametrize("rotate", [0, 90, 180, 270])
def test_a_page_turned_by_rotate_reads_as_shown(rotate):
    """Landscape (90, 270) and upside-down (180) pages written as Word and scanners write them:
    the lines in their order, the table with its cells, nothing said (the text reads upright as
    shown), and each box where the rendered page has its ink."""
    data = _turned_pdf(rotate)
    doc = read_pdf(data, ocr=FakeOcr())
    assert [p.text for p in doc.paragraphs()] == [*LINES, "联系人："]
    tables = [b for b in doc.blocks if isinstance(b, Table)]
    assert len(tables) == 1 and tables[0].grid() == GRID
    assert doc.warnings == []
    w, h = doc.page_sizes[1]
    assert (w > h) == (rotate in (90, 270))
    first = doc.paragraphs()[0].prov.bbox
    assert first is not None
    assert first[0] < 0.2 * w and first[1] < 0.2 * h  # top left, as a person sees it
    assert first[2] - first[0] > 5 * (first[3] - first[1])  # a line across, not down
    assert _ink(data, first) > 0.05
    cell = next(c for c in tables[0].cells if c.text == "广西大学")
    assert cell.bbox is not None and _ink(data, cell.bbox) > 0.01


@pytest.mark.parametrize("rotate, drawn", [(90, 0), (270, 0), (0, 90), (0, 270), (180, 0)])
def test_text_that_runs_sideways_as_shown_is_read_upright(rotate, drawn):
    """A page turned by /Rotate whose content was upright before (a viewer's "rotate page"), or
    content drawn turned on a page without /Rotate (a wide table printed sideways): the text
    runs sideways on the page as shown. It is read upright, says so, and its boxes stay on the
    page as shown."""
    data = _turned_pdf(rotate, drawn_turned=drawn)
    doc = read_pdf(data, ocr=FakeOcr())
    assert [p.text for p in doc.paragraphs()] == [*LINES, "联系人："]
    assert [t.grid() for t in doc.tables()] == [GRID]
    turned = [x for x in doc.warnings if "read turned" in x]
    assert len(turned) == 1 and turned[0].startswith("page 1: its text runs turned")
    first = doc.paragraphs()[0].prov.bbox
    assert first is not None and _ink(data, first) > 0.05
    assert first[3] - first[1] > 5 * (first[2] - first[0]) or rotate + drawn == 180  # a line down the page


@pytest.mark.parametrize("rotate", [90, 270])
def test_a_form_value_on_a_turned_page_follows_its_label(rotate):
    doc = read_pdf(_turned_pdf(rotate, form=True), ocr=FakeOcr())
    assert "联系人：李明" in [p.text for p in doc.paragraphs()]


def test_a_font_without_a_unicode_map_on_a_turned_page():
    """pdfminer reads the characters of a font without a ToUnicode map (pdfplumber gives them on
    the page as shown): on a page turned by /Rotate 90 they come out whole, in order."""
    pdf = pikepdf.open(io.BytesIO(identity_h_pdf("黎荣创新联合体")))
    pdf.pages[0].Rotate = 90
    out = io.BytesIO()
    pdf.save(out)
    doc = read_pdf(out.getvalue(), ocr=FakeOcr())
    assert doc.text == "黎荣创新联合体"
    assert any("read turned" in w for w in doc.warnings)
