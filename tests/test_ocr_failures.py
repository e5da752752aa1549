"""OCR failing on one page loses that page only: the page gets a reader warning naming it and the
error, the other pages are read. Scans (PDF pages that are pictures of text, multi-page TIFFs) are
built here; the OCR engine is made to fail on one page, as onnxruntime or memory can."""

from __future__ import annotations

import io

import pytest

from extractors.errors import OcrFailed
from extractors.limits import Limits
from extractors.readers import ocr as ocr_module
from extractors.readers.image_reader import read_image
from extractors.readers.pdf_reader import read_pdf
from models.document import Paragraph, Provenance
from tests.pdfs import FONT

PAGES = ["第一页创新联合体组建协议", "第二页成员单位名单", "第三页签署页"]


def _picture(text: str):
    from PIL import Image, ImageDraw, ImageFont

    im = Image.new("RGB", (1200, 300), "white")
    ImageDraw.Draw(im).text((40, 90), text, fill="black", font=ImageFont.truetype(FONT, 72))
    return im


def _scan(texts: list[str], layer: str | None = None) -> bytes:
    """A PDF of one picture of text a page (no text layer; `layer` drawn as text on the first)."""
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(TTFont("CJK", FONT, subfontIndex=0))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(432, 216))
    for k, t in enumerate(texts):
        c.drawImage(ImageReader(_picture(t)), 0, 0, 432, 108)
        if layer and k == 0:
            c.setFont("CJK", 12)
            c.drawString(20, 180, layer)
        c.showPage()
    c.save()
    return buf.getvalue()


class Flaky:
    """Reads a page as the picture's text (by page number), and fails on the pages named."""

    def __init__(self, fail_on: set[int], texts: list[str] = PAGES):
        self.fail_on, self.texts = fail_on, texts
        self.calls: list[int] = []

    def __call__(self, image, page_no):
        self.calls.append(page_no)
        if page_no in self.fail_on:
            raise RuntimeError(f"onnxruntime: bad allocation on page {page_no}")
        w, h = image.size
        return [
            Paragraph(text=self.texts[page_no - 1], prov=Provenance(page=page_no, bbox=(0, 0.5 * h, w, h)))
        ]


def test_an_ocr_failure_on_one_page_of_a_scan_is_that_pages_warning():
    ocr = Flaky({2})
    doc = read_pdf(_scan(PAGES), ocr=ocr)
    assert ocr.calls == [1, 2, 3]
    assert doc.pages == 3 and doc.ocr_used
    assert [b.text for b in doc.blocks] == [PAGES[0], PAGES[2]]
    assert [b.prov.page for b in doc.blocks] == [1, 3]
    failed = [w for w in doc.warnings if "OCR failed" in w]
    assert len(failed) == 1
    assert failed[0].startswith("page 2: ")
    assert "RuntimeError: onnxruntime: bad allocation on page 2" in failed[0]
    assert "its text is not read" in failed[0]


def test_a_page_with_a_text_layer_keeps_it_when_ocr_fails_on_its_image():
    """A picture with a few typed words (a signature page): OCR would add what the image holds;
    failing, the page keeps its text layer and says so."""
    ocr = Flaky({1})
    doc = read_pdf(_scan(PAGES[:2], layer="甲方签字"), ocr=ocr)
    assert [b.text for b in doc.blocks] == ["甲方签字", PAGES[1]]
    note = next(w for w in doc.warnings if "OCR failed" in w)
    assert note.startswith("page 1: ") and "its text layer alone is read" in note
    assert "RuntimeError" in note


def test_ocr_failing_on_every_page_refuses_the_document():
    with pytest.raises(OcrFailed) as e:
        read_pdf(_scan(PAGES), ocr=Flaky({1, 2, 3}))
    assert e.value.reason == "ocr_failed"
    assert "page 1: RuntimeError" in e.value.message and "page 3: RuntimeError" in e.value.message


def test_an_ocr_failure_on_one_frame_of_a_tiff_is_that_frames_warning():
    frames = [_picture(t) for t in PAGES]
    buf = io.BytesIO()
    frames[0].save(buf, format="TIFF", save_all=True, append_images=frames[1:])
    ocr = Flaky({2})
    doc = read_image(buf.getvalue(), ocr=ocr)
    assert ocr.calls == [1, 2, 3]
    assert doc.pages == 3
    assert [b.text for b in doc.blocks] == [PAGES[0], PAGES[2]]
    assert [w for w in doc.warnings if "OCR failed" in w] == [
        "page 2: OCR failed on it (RuntimeError: onnxruntime: bad allocation on page 2): its text is not read"
    ]


@pytest.mark.slow
def test_the_ocr_engine_failing_on_page_two_of_a_three_page_scan(monkeypatch):
    """The real reader, RapidOCR's engine failing on its second call: pages one and three are
    read by OCR, page two is a warning with the engine's error."""
    real = ocr_module.engine()

    class FailsOnce:
        calls = 0

        def __call__(self, image, *a, **k):
            FailsOnce.calls += 1
            if FailsOnce.calls == 2:
                raise RuntimeError("[ONNXRuntimeError] : 6 : RUNTIME_EXCEPTION : bad allocation")
            return real(image, *a, **k)

        def __getattr__(self, name):
            return getattr(real, name)

    monkeypatch.setattr(ocr_module, "engine", lambda: FailsOnce())
    doc = read_pdf(_scan(PAGES), Limits(ocr_dpi=150))
    text = doc.text.replace(" ", "")
    assert "第一页创新联合体组建协议" in text and "第三页签署页" in text
    assert "成员单位名单" not in text
    failed = [w for w in doc.warnings if "OCR failed" in w]
    assert len(failed) == 1 and failed[0].startswith("page 2: ")
    assert "RuntimeError: [ONNXRuntimeError]" in failed[0]
    assert {b.prov.page for b in doc.blocks} == {1, 3}


def test_an_ocr_failure_on_a_scanned_page_of_an_ofd_keeps_its_text_pages():
    from extractors.readers.ofd_reader import read_ofd
    from tests.test_ofd_wps import make_ofd

    doc = read_ofd(make_ofd(), ocr=Flaky({2}))
    assert doc.pages == 2 and not doc.ocr_used
    assert "广西高端铝材创新联合体组建协议" in doc.text
    assert {b.prov.page for b in doc.blocks} == {1}
    failed = [w for w in doc.warnings if "OCR failed" in w]
    assert len(failed) == 1 and failed[0].startswith(
        "page 2: an image without text; OCR failed on it (RuntimeError"
    )
