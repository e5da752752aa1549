"""OCR of scans against the .docx made from the very same content (samples/make_samples.py):
character accuracy, table cells, seal fading, deskew."""

from __future__ import annotations

import re
import sys
import unicodedata

import numpy as np
import pytest
from rapidfuzz.distance import Levenshtein

from extractors.read import read_bytes
from models.document import Paragraph, Table
from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "samples"))
import make_samples as ms  # noqa: E402


def _text(doc) -> str:
    parts = [
        b.text for b in doc.blocks if not (isinstance(b, Paragraph) and b.prov.source in ("header", "footer"))
    ]
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", "".join(parts)))


def _twins(tmp_path):
    for sid, formats, c, _ in ms.consortia():
        for kind, fmt in formats.items():
            if fmt == "scan":
                spec = ms.SPEC_OF[kind](c)
                twin = tmp_path / f"{sid}-{kind}.docx"
                ms.render_docx(spec, twin)
                stem = {"application": "附件1-组建申请表", "agreement": "附件2-组建协议"}[kind]
                yield sid, kind, twin, ms.ROOT / "samples" / "submissions" / sid / f"{stem}.pdf"


@pytest.mark.slow
def test_scans_read_like_their_docx(tmp_path):
    seen = 0
    for sid, kind, twin, scan in _twins(tmp_path):
        ref = read_bytes(twin.read_bytes())
        got = read_bytes(scan.read_bytes())
        assert got.ocr_used and got.media_type == "pdf"
        a, b = _text(ref), _text(got)
        acc = 1 - Levenshtein.distance(a, b) / len(a)
        print(f"{sid} {kind}: character accuracy {acc:.4f} over {len(a)} characters")
        assert acc >= 0.99, (sid, kind, acc)
        if kind == "application":
            # the member table: the same rows and cells
            def member_rows(doc):
                rows = []
                for t in doc.tables():
                    for r in t.row_texts():
                        if r and r[0].strip().isdigit() and len(r) >= 3:
                            rows.append([re.sub(r"\s+", "", unicodedata.normalize("NFKC", x)) for x in r])
                return rows

            ref_rows, got_rows = member_rows(ref), member_rows(got)
            assert (
                len(ref_rows)
                == len(got_rows)
                == len(next(c for s, _, c, _ in ms.consortia() if s == sid).members)
            )
            for x, y in zip(ref_rows, got_rows):
                assert x[:3] == y[:3], (x, y)  # 序号, name, code: exactly
        seen += 1
    assert seen >= 2


def test_skew_is_found_and_levelled():
    import cv2

    from extractors.readers.ocr import deskew, skew_angle

    img = np.full((800, 600), 255, np.uint8)
    for y in range(100, 700, 40):
        cv2.line(img, (50, y), (550, y), 0, 2)
    m = cv2.getRotationMatrix2D((300, 400), 2.0, 1.0)
    rot = cv2.warpAffine(img, m, (600, 800), borderValue=255)
    assert abs(abs(skew_angle(rot)) - 2.0) <= 0.3
    level, angle, matrix = deskew(cv2.cvtColor(rot, cv2.COLOR_GRAY2BGR))
    assert matrix is not None and abs(skew_angle(cv2.cvtColor(level, cv2.COLOR_BGR2GRAY))) <= 0.3


@pytest.mark.slow
def test_photo_of_a_form_is_read_as_an_image(tmp_path):
    """A phone photo (JPEG) of an application page: read through the image reader."""
    import pypdfium2 as pdfium

    scan = ms.ROOT / "samples" / "submissions" / "XJ-B" / "附件1-组建申请表.pdf"
    page = pdfium.PdfDocument(str(scan))[2].render(scale=200 / 72).to_pil()
    photo = tmp_path / "photo.jpg"
    page.convert("RGB").save(photo, quality=85)
    doc = read_bytes(photo.read_bytes())
    assert doc.media_type == "image" and doc.ocr_used and doc.pages == 1
    tabs = [b for b in doc.blocks if isinstance(b, Table)]
    assert tabs and any("成员单位" in c.text for t in tabs for c in t.cells)
    assert all(
        b.prov.confidence is None or 0 <= b.prov.confidence <= 1
        for b in doc.blocks
        if isinstance(b, Paragraph)
    )
