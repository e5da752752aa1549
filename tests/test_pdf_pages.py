"""Every kind of PDF page read without silent loss, on PDFs built here (reportlab, pikepdf): a scan
inside a Form XObject, a page drawn without text, a signature page with a seal image, a text layer
that disagrees with OCR, a turned page, and the per-page accounting. OCR is a stub here that
records what it was given (the real engine is exercised in test_ocr.py); the text layer itself is
in test_pdf_text.py."""

from __future__ import annotations

import io

import pikepdf
import pytest

from extractors.readers import pdf_reader
from extractors.readers import pdf_text as pt
from extractors.readers.pdf_reader import odd_share, read_pdf
from models.document import Table
from tests.pdfs import FakeOcr, pdf_canvas, text_image


def test_a_scan_inside_a_form_xobject_goes_to_ocr():
    from reportlab.lib.utils import ImageReader

    c, buf = pdf_canvas()
    c.beginForm("scan")
    c.drawImage(ImageReader(text_image("创新联合体组建协议")), 0, 0, 595, 842)
    c.endForm()
    c.doForm("scan")
    c.showPage()
    c.save()
    ocr = FakeOcr(("创新联合体组建协议", (100, 100, 900, 160)))
    doc = read_pdf(buf.getvalue(), ocr=ocr)
    assert ocr.calls == [1]
    assert doc.ocr_used and doc.text == "创新联合体组建协议"
    assert any("read by OCR" in w for w in doc.warnings)


def test_a_page_drawn_without_text_or_images_is_not_read_as_empty():
    c, buf = pdf_canvas()
    c.setLineWidth(4)
    for k in range(3):  # letters drawn as strokes: ink, but no text layer and no image
        c.line(100 + 40 * k, 700, 120 + 40 * k, 760)
    c.showPage()
    c.save()
    ocr = FakeOcr()
    doc = read_pdf(buf.getvalue(), ocr=ocr)
    assert ocr.calls == [1]
    assert any("without a text layer" in w for w in doc.warnings)
    assert any("OCR found no text" in w for w in doc.warnings)


def test_a_signature_page_keeps_its_text_layer_and_ocr_adds_the_seal():
    from reportlab.lib.utils import ImageReader

    c, buf = pdf_canvas()
    c.drawString(72, 700, "甲方：广西大学")
    c.drawString(72, 670, "乙方：南宁铝业股份有限公司")
    c.drawImage(ImageReader(text_image("合同专用章", (300, 300))), 350, 600, 150, 150)
    c.showPage()
    c.save()
    s = 200 / 72
    ocr = FakeOcr(
        ("甲万：广西大字", (72 * s, (842 - 712) * s, 200 * s, (842 - 698) * s)),  # the names, misread
        ("合同专用章", (360 * s, (842 - 740) * s, 490 * s, (842 - 610) * s)),  # only in the image
    )
    doc = read_pdf(buf.getvalue(), ocr=ocr)
    texts = [b.text for b in doc.paragraphs()]
    assert "甲方：广西大学" in texts and "乙方：南宁铝业股份有限公司" in texts
    assert "合同专用章" in texts and "甲万：广西大字" not in texts
    assert ocr.calls == [1]
    assert any("text layer kept, OCR added 1" in w for w in doc.warnings)


def _garbled(text: str) -> bytes:
    """A born-digital page whose ToUnicode map sends every glyph to a rare character."""
    c, buf = pdf_canvas()
    c.setFont("CJK", 16)
    c.drawString(72, 700, text)
    c.showPage()
    c.save()
    pdf = pikepdf.open(io.BytesIO(buf.getvalue()))
    for _, f in pdf.pages[0].resources.Font.items():
        if "/ToUnicode" in f:
            cmap = (
                "/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /X def "
                "1 begincodespacerange <00> <FF> endcodespacerange 1 beginbfrange <00> <FF> <3400> endbfrange "
                "endcmap CMapName currentdict /CMap defineresource pop end end"
            )
            f.ToUnicode = pikepdf.Stream(pdf, cmap.encode())
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def test_text_layer_and_ocr_disagreeing_keeps_the_better_reading():
    data = _garbled("广西高端铝材创新联合体组建协议")
    ocr = FakeOcr(("广西高端铝材创新联合体组建协议", (200, 300, 1200, 350)))
    doc = read_pdf(data, ocr=ocr)
    assert ocr.calls == [1]
    assert doc.text == "广西高端铝材创新联合体组建协议"
    assert any("disagree" in w and "kept the OCR reading" in w for w in doc.warnings)


def test_odd_share():
    assert odd_share("广西高端铝材创新联合体") == 0.0
    assert odd_share("㐀㐁㐂㐃㐄") == 1.0


def test_a_page_that_loses_text_says_so(monkeypatch):
    c, buf = pdf_canvas()
    c.drawString(72, 700, "第一段：联合体名称")
    c.drawString(72, 600, "第二段：牵头单位")
    c.showPage()
    c.save()
    real = pt.segments

    def lossy(chars, gap=None):  # a reader that drops the second line
        return [s for s in real(chars, gap) if "牵头" not in "".join(ch.c for ch in s)]

    monkeypatch.setattr(pdf_reader.pt, "segments", lossy)
    doc = read_pdf(buf.getvalue(), ocr=FakeOcr())
    assert any("characters of its text layer are not in the read document" in w for w in doc.warnings)


@pytest.mark.parametrize("bad", [False])
def test_no_table_from_a_page_without_rules(bad):
    c, buf = pdf_canvas()
    c.drawString(72, 700, "无表格的页面")
    c.showPage()
    c.save()
    doc = read_pdf(buf.getvalue(), ocr=FakeOcr())
    assert not [b for b in doc.blocks if isinstance(b, Table)]
