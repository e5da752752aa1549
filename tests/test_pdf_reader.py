"""The PDF reader on born-digital PDFs made here with reportlab (CJK font) and on the samples:
bordered tables as tables, merged cells once, wrapped codes rejoined, a table that runs over a
page break joined, broken text layers sent to OCR and only those pages."""

from __future__ import annotations

import io

import pytest

from extractors.readers.lines import join_wrapped
from extractors.readers.pdf_reader import read_pdf, text_layer_broken
from models.document import Paragraph, Table

FONT = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"


def _pdf(story_fn) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import SimpleDocTemplate

    pdfmetrics.registerFont(TTFont("CJK", FONT, subfontIndex=0))
    buf = io.BytesIO()
    SimpleDocTemplate(buf, pagesize=A4).build(story_fn())
    return buf.getvalue()


def _styles():
    from reportlab.lib.styles import ParagraphStyle

    return ParagraphStyle("b", fontName="CJK", fontSize=11, leading=16, wordWrap="CJK")


def _table(rows, widths, spans=()):
    from reportlab.lib import colors
    from reportlab.platypus import Paragraph as P
    from reportlab.platypus import Table as T
    from reportlab.platypus import TableStyle

    st = _styles()
    data = [[P(x, st) if x else "" for x in r] for r in rows]
    t = T(data, colWidths=widths)
    t.setStyle(
        TableStyle([("GRID", (0, 0), (-1, -1), 0.6, colors.black)] + [("SPAN", a, b) for a, b in spans])
    )
    return t


def test_bordered_table_with_merged_cells_and_wrapped_code():
    from reportlab.platypus import Paragraph as P

    def story():
        return [
            P("联合体组建申请表", _styles()),
            _table(
                [
                    ["联合体名称", "广西壮族自治区高端铝材创新联合体", ""],
                    ["成员单位", "南宁铝业股份有限公司 914501002000000000", "牵头单位"],
                ],
                [90, 60, 200],
                spans=[((1, 0), (2, 0))],
            ),
        ]

    doc = read_pdf(_pdf(story), ocr=lambda img, p: pytest.fail("a born-digital page must not go to OCR"))
    tabs = [b for b in doc.blocks if isinstance(b, Table)]
    assert len(tabs) == 1
    t = tabs[0]
    name = next(c for c in t.cells if "高端铝材" in c.text)
    assert name.colspan == 2 and name.text == "广西壮族自治区高端铝材创新联合体"
    # the 60-point-wide cell wraps the name and the code over several lines: rejoined
    unit = next(c for c in t.cells if "南宁铝业" in c.text)
    from extractors.units import find_units

    (u,) = find_units(unit.text)
    assert (u.name, u.code) == ("南宁铝业股份有限公司", "914501002000000000")
    assert doc.ocr_used is False and doc.pages == 1


def test_table_over_a_page_break_is_joined_with_each_rows_page():
    from reportlab.platypus import Paragraph as P

    rows = [["序号", "成员单位名称", "地位"]] + [
        [str(i), f"第{i}号科技有限公司", "一般协作层单位"] for i in range(1, 80)
    ]

    def story():
        from reportlab.lib import colors
        from reportlab.platypus import Table as T
        from reportlab.platypus import TableStyle

        st = _styles()
        t = T([[P(x, st) for x in r] for r in rows], colWidths=[40, 200, 120])
        t.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.6, colors.black)]))
        return [P("四、成员单位", st), t]

    doc = read_pdf(_pdf(story))
    tabs = [b for b in doc.blocks if isinstance(b, Table)]
    assert doc.pages is not None and doc.pages >= 2
    assert len(tabs) == 1, "the two parts of the table are one table"
    t = tabs[0]
    texts = [r[1].text for r in t.rows() if len(r) > 1]
    assert texts[0] == "成员单位名称" and texts[-1] == "第79号科技有限公司" and len(texts) == 80
    pages = {c.page for c in t.cells}
    assert pages == set(range(1, doc.pages + 1))


def test_paragraphs_rejoined_and_headings_recognised():
    from reportlab.platypus import Paragraph as P

    long = "联合体聚焦产业链关键核心技术，" * 8

    def story():
        st = _styles()
        return [P("第一条 参与单位", st), P(long, st), P("第二条 技术创新目标", st)]

    doc = read_pdf(_pdf(story))
    paras = [b for b in doc.blocks if isinstance(b, Paragraph) and b.prov.source != "footer"]
    assert [p.heading_number for p in paras] == ["第一条", None, "第二条"]
    assert paras[1].text == long
    assert paras[1].prov.page == 1 and paras[1].prov.bbox is not None


def test_only_broken_pages_go_to_ocr(samples):
    # an image-only page (a scan) inside an otherwise born-digital document
    import pypdfium2 as pdfium

    seen = []

    def fake_ocr(img, page_no):
        seen.append(page_no)
        return [Paragraph(text=f"OCR第{page_no}页")]

    scan = (samples / "XJ-B" / "附件1-组建申请表.pdf").read_bytes()
    digital = (samples / "GX-A" / "附件3-建设方案.pdf").read_bytes()
    merged = pdfium.PdfDocument.new()
    merged.import_pages(pdfium.PdfDocument(digital), [0])
    merged.import_pages(pdfium.PdfDocument(scan), [0])
    buf = io.BytesIO()
    merged.save(buf)
    doc = read_pdf(buf.getvalue(), ocr=fake_ocr)
    assert seen == [2]
    assert doc.ocr_used is True
    assert any("page 2" in w for w in doc.warnings)


def test_text_layer_checks():
    assert text_layer_broken("(cid:123)(cid:456)", 0, 0)
    assert text_layer_broken("", 1, 0)
    assert text_layer_broken("\ufffd" * 30 + "正常文字", 0, 0)
    assert text_layer_broken("创新联合体组建协议" * 5, 0, 10) is None


def test_join_wrapped():
    assert join_wrapped(["9145020019", "82306879"]) == "914502001982306879"
    assert join_wrapped(["广西壮族自治区科技成果转化服务", "中心"]) == "广西壮族自治区科技成果转化服务中心"
    assert (
        join_wrapped(["南宁铝业股份有限公司", "914501002000000000"])
        == "南宁铝业股份有限公司\n914501002000000000"
    )
    assert join_wrapped(["到2028", "年"]) == "到2028年"
    # numbers grouped by thousands, and small counts, are never the halves of one number
    assert join_wrapped(["18,870", "209", "2,303", "3,298"]) == "18,870\n209\n2,303\n3,298"
    assert join_wrapped(["191", "707"]) == "191\n707"


def test_pdfium_from_many_threads_at_once_does_not_crash(samples):
    """PDFium is not thread-safe, even across documents: the flows read documents on several
    threads and the web app renders pages on several. Without the process-wide lock, this (8
    threads reading and rendering) aborts or segfaults the process most times; it did so once in
    a devset run. Run in a child process, so that a crash fails the test instead of pytest."""
    import subprocess
    import sys

    from tests.conftest import ROOT

    script = f"""
from concurrent.futures import ThreadPoolExecutor
from extractors.read import read_bytes
from web.views import page_png
datas = [open({str(samples / "GX-A" / "附件3-建设方案.pdf")!r}, "rb").read(),
         open({str(samples / "YC-D" / "附件3-组建方案.pdf")!r}, "rb").read()]
serial = [read_bytes(d).model_dump() for d in datas]
def work(i):
    if i % 2:
        return page_png(datas[i % 4 // 2], "pdf", 1, max_side=800)[:8] == b"\\x89PNG\\r\\n\\x1a\\n"
    return read_bytes(datas[i % 4 // 2]).model_dump() == serial[i % 4 // 2]
with ThreadPoolExecutor(8) as ex:
    print(all(ex.map(work, range(1200))))
"""
    p = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert p.returncode == 0, p.stderr[-2000:]
    assert p.stdout.strip() == "True"
