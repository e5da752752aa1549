"""Scans and photos read whatever their state, on images made here (PIL): transparent PNGs,
the top line of a skewed page, pages turned 90/180/270 degrees, large characters that look like
a ruled table, text in a table's outline but in no cell."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from extractors.readers import ocr
from extractors.readers.image_reader import read_image
from extractors.readers.imaging import on_white, orientation

FONT = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"
LINES = ["广西高端铝材创新联合体组建协议", "牵头单位：南宁铝业股份有限公司", "成员单位：广西大学"]


def _page(lines=LINES, size=(1400, 700), top=60, font_size=44, bg=(255, 255, 255, 255), ink=(0, 0, 0, 255)):
    im = Image.new("RGBA", size, bg)
    d = ImageDraw.Draw(im)
    f = ImageFont.truetype(FONT, font_size)
    for k, t in enumerate(lines):
        d.text((60, top + k * 2 * font_size), t, fill=ink, font=f)
    return im


def _png(im) -> bytes:
    buf = io.BytesIO()
    im.save(buf, "PNG")
    return buf.getvalue()


def test_transparency_becomes_paper_not_ink():
    im = _page(bg=(0, 0, 0, 0))  # black text on transparent black: flattened naively, all black
    assert np.asarray(im.convert("RGB")).max() == 0
    flat = np.asarray(on_white(im))
    assert flat.min() == 0 and np.median(flat) == 255


@pytest.mark.slow
def test_transparent_png_is_read():
    doc = read_image(_png(_page(bg=(0, 0, 0, 0))))
    assert "广西高端铝材创新联合体组建协议" in doc.text.replace("\n", "")


@pytest.mark.slow
def test_top_line_of_a_levelled_page_is_kept():
    im = _page(top=4, size=(1400, 420)).convert("RGB").rotate(2.5, expand=False, fillcolor="white")
    doc = read_image(_png(im))
    assert "广西高端铝材创新联合体组建协议" in doc.text.replace("\n", "")


@pytest.mark.parametrize("turn", [90, 180, 270])
def test_orientation_is_found(turn):
    bgr = np.asarray(_page().convert("RGB"))[:, :, ::-1]
    upright = orientation(np.ascontiguousarray(bgr))
    assert upright is not None and upright[0] == 0
    turned = np.ascontiguousarray(np.asarray(_page().convert("RGB").rotate(turn, expand=True))[:, :, ::-1])
    found = orientation(turned)
    assert found is not None and (found[0] + turn) % 360 == 0 and found[1] > 0.6


@pytest.mark.slow
def test_a_page_photographed_sideways_is_read_upright():
    doc = read_image(_png(_page().convert("RGB").rotate(90, expand=True)))
    assert "牵头单位：南宁铝业股份有限公司" in doc.text.replace("\n", "")
    assert any("turned 270°" in w for w in doc.warnings)


def test_text_in_a_tables_outline_but_in_no_cell_is_kept(monkeypatch):
    rects = [
        (100, 100, 400, 200),
        (400, 100, 700, 200),
        (100, 200, 400, 300),
    ]  # (400..700, 200..300): no cell
    boxes = [
        ("单位名称", 0.99, (120.0, 130.0, 300.0, 170.0)),
        ("南宁铝业", 0.99, (420.0, 130.0, 600.0, 170.0)),
        ("联系人", 0.99, (120.0, 230.0, 300.0, 270.0)),
        ("备注另附清单", 0.99, (420.0, 230.0, 680.0, 270.0)),
    ]
    monkeypatch.setattr(ocr, "recognise", lambda bgr, m=None, classify=False: boxes)
    monkeypatch.setattr(ocr, "find_cells", lambda gray: [rects])
    blocks = ocr.ocr_page_blocks(np.full((800, 800, 3), 255, np.uint8), 1)
    texts = [b.text for b in blocks]
    assert any("备注另附清单" in t for t in texts)
    table = next(b for b in blocks if b.kind == "table")
    assert table.grid()[0] == ["单位名称", "南宁铝业"]


def test_ruled_areas_that_cut_through_text_are_not_a_table(monkeypatch):
    # strokes of large characters close small areas; the characters' own text box straddles them
    rects = [(100, 100, 160, 160), (160, 100, 220, 160), (100, 160, 160, 220), (160, 160, 220, 220)]
    boxes = [("国田", 0.95, (95.0, 95.0, 330.0, 225.0))]
    monkeypatch.setattr(ocr, "recognise", lambda bgr, m=None, classify=False: boxes)
    monkeypatch.setattr(ocr, "find_cells", lambda gray: [rects])
    blocks = ocr.ocr_page_blocks(np.full((800, 800, 3), 255, np.uint8), 1)
    assert [b.kind for b in blocks] == ["paragraph"] and blocks[0].text == "国田"


@pytest.mark.slow
def test_a_lone_stroke_numeral_in_a_count_cell_is_read():
    """一 and 二 alone in a cell: the detector takes the strokes for no text; the recogniser on the
    cell reads them. An empty cell and a speck stay empty."""
    from PIL import Image, ImageDraw, ImageFont

    from extractors.readers.ocr import ocr_page
    from tests.pdfs import FONT

    im = Image.new("RGB", (1400, 420), "white")
    d = ImageDraw.Draw(im)
    font = ImageFont.truetype(FONT, 34)
    xs, ys = [60, 560, 760, 1260, 1340], [60, 160, 260, 360]
    for x in xs[:4]:
        d.line([(x, ys[0]), (x, ys[-1])], fill="black", width=3)
    for y in ys:
        d.line([(xs[0], y), (xs[3], y)], fill="black", width=3)
    for row, (label, value) in enumerate(
        [("高等学校数量（个）", "一"), ("研究机构数量（个）", "二"), ("企业数量（个）", "")]
    ):
        d.text((xs[0] + 20, ys[row] + 30), label, fill="black", font=font)
        if value:
            d.text((xs[1] + 80, ys[row] + 30), value, fill="black", font=font)
    d.ellipse([xs[1] + 90, ys[2] + 45, xs[1] + 93, ys[2] + 48], fill="black")  # a speck
    page = ocr_page(im, 1)
    tables = [b for b in page.blocks if b.kind == "table"]
    assert tables, [b.text for b in page.blocks]
    rows = tables[0].row_texts()
    values = {r[0]: r[1] for r in rows}
    assert values["高等学校数量（个）"] == "一" and values["研究机构数量（个）"] == "二"
    assert values["企业数量（个）"] == ""
