"""Where text sits on the page (extra.layout), and finding evidence in it."""

from __future__ import annotations

from extractors.layout import layout, locate
from extractors.read import read_bytes


def test_a_born_digital_pdf_has_its_lines_and_cells_on_the_page(samples):
    doc = read_bytes((samples / "YC-D" / "附件3-组建方案.pdf").read_bytes())
    rows = layout(doc)
    assert rows and {r[0] for r in rows} <= set(range(1, (doc.pages or 0) + 1))
    assert all(0 <= v <= 1 for r in rows for v in r[1:5]) and all(r[1] < r[3] and r[2] < r[4] for r in rows)
    hit = locate(rows, [None, "x", "牵头单位：重庆鼎新科技股份有限公司"])
    assert hit is not None and hit[0] == 1 and "重庆鼎新科技股份有限公司" in hit[5]
    # spacing differs from the page's, and a near miss is still found, a stranger is not
    assert locate(rows, ["牵头单位： 重庆鼎新 科技股份有限公司"]) == hit
    assert locate(rows, ["完全不在本文件中的一句话"]) is None


def test_word_files_have_no_layout(samples):
    doc = read_bytes((samples / "YC-D" / "附件1-组建申请表.docx").read_bytes())
    assert layout(doc) == []
