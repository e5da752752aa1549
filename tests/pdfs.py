"""PDFs the reader tests build (reportlab, with the CJK font the tests install), and a stand-in for
the OCR engine that records what it was given."""

from __future__ import annotations

import io

from models.document import Paragraph, Provenance

FONT = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"


def pdf_canvas():
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(TTFont("CJK", FONT, subfontIndex=0))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    c.setFont("CJK", 12)
    return c, buf


class FakeOcr:
    """Stands in for RapidOCR: returns the given paragraphs (boxes in pixels at 200 dpi)."""

    def __init__(self, *paras: tuple[str, tuple[float, float, float, float]]):
        self.paras = paras
        self.calls: list[int] = []

    def __call__(self, image, page_no):
        self.calls.append(page_no)
        return [
            Paragraph(text=t, prov=Provenance(page=page_no, bbox=b, source="ocr", confidence=0.95))
            for t, b in self.paras
        ]


def text_image(text: str, size=(900, 160)):
    from PIL import Image, ImageDraw, ImageFont

    im = Image.new("RGB", size, "white")
    ImageDraw.Draw(im).text((20, 40), text, fill="black", font=ImageFont.truetype(FONT, 64))
    return im
