"""The .docx reader on files built here with python-docx and the XML features real forms use:
merged cells, rows that start late or end early, content controls, text boxes, nested tables,
headers and footers."""

from __future__ import annotations

import copy
import io

import docx
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from extractors.readers.docx_reader import read_docx
from models.document import Paragraph, Table


def _bytes(d) -> bytes:
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def test_body_order_paragraphs_and_tables_interleaved():
    d = docx.Document()
    d.add_paragraph("一、参与单位")
    t = d.add_table(rows=1, cols=2)
    t.cell(0, 0).text = "联合体名称"
    t.cell(0, 1).text = "广西壮族自治区高端铝材创新联合体"
    d.add_paragraph("二、技术创新目标")
    doc = read_docx(_bytes(d))
    kinds = [type(b).__name__ for b in doc.blocks]
    assert kinds == ["Paragraph", "Table", "Paragraph"]
    first = doc.blocks[0]
    assert isinstance(first, Paragraph) and first.heading_number == "一、"
    assert [b.prov.order for b in doc.blocks] == [1, 2, 3]


def test_merged_cells_appear_once_with_their_span():
    d = docx.Document()
    t = d.add_table(rows=3, cols=4)
    t.cell(0, 0).merge(t.cell(0, 3)).text = "一、技术创新目标"
    t.cell(1, 0).merge(t.cell(2, 0)).text = "成员"
    t.cell(1, 1).text = "甲公司"
    t.cell(2, 1).text = "乙大学"
    doc = read_docx(_bytes(d))
    tab = doc.tables()[0]
    texts = [c.text for c in tab.cells]
    assert texts.count("一、技术创新目标") == 1
    assert texts.count("成员") == 1
    top = next(c for c in tab.cells if c.text == "一、技术创新目标")
    assert (top.row, top.col, top.colspan, top.rowspan) == (0, 0, 4, 1)
    side = next(c for c in tab.cells if c.text == "成员")
    assert (side.row, side.col, side.rowspan) == (1, 0, 2)
    assert [c.text for c in tab.rows()[2]] == ["乙大学", "", ""]


def test_rows_starting_late_and_ending_early_keep_their_columns():
    d = docx.Document()
    t = d.add_table(rows=2, cols=3)
    for i, c in enumerate(t.rows[0].cells):
        c.text = f"h{i}"
    tr = t.rows[1]._tr
    # drop the first cell and declare gridBefore=1: the row starts in column 1
    tr.remove(tr.tc_lst[0])
    trPr = tr.get_or_add_trPr()
    trPr.append(parse_xml(f'<w:gridBefore {nsdecls("w")} w:val="1"/>'))
    tr.tc_lst[0].text = ""
    for p in tr.tc_lst[0].iter(qn("w:t")):
        p.text = "late"
    cell = tr.tc_lst[0]
    cell.clear_content()
    cell.add_p().append(parse_xml(f"<w:r {nsdecls('w')}><w:t>late</w:t></w:r>"))
    doc = read_docx(_bytes(d))
    tab = doc.tables()[0]
    late = next(c for c in tab.cells if c.text == "late")
    assert late.row == 1 and late.col == 1


def test_content_controls_text_boxes_headers_and_footers_are_read():
    d = docx.Document()
    d.sections[0].header.paragraphs[0].text = "附件1"
    d.sections[0].footer.paragraphs[0].text = "— 1 —"
    body = d.element.body
    sdt = parse_xml(
        f"<w:sdt {nsdecls('w')}><w:sdtPr/><w:sdtContent><w:p><w:r><w:t>联系人：吕秀</w:t></w:r></w:p>"
        "</w:sdtContent></w:sdt>"
    )
    body.insert(0, sdt)
    p = d.add_paragraph("正文")
    tb = parse_xml(
        '<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        'xmlns:v="urn:schemas-microsoft-com:vml"><w:pict><v:shape><v:textbox><w:txbxContent>'
        "<w:p><w:r><w:t>填报日期：2025年3月1日</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict></w:r>"
    )
    p._p.append(tb)
    doc = read_docx(_bytes(d))
    by_source = {(b.prov.source, b.text) for b in doc.blocks if isinstance(b, Paragraph)}
    assert ("text", "联系人：吕秀") in by_source
    assert ("textbox", "填报日期：2025年3月1日") in by_source
    assert ("header", "附件1") in by_source
    assert ("footer", "— 1 —") in by_source
    # the text box's text is not also glued onto its anchor paragraph
    assert ("text", "正文") in by_source


def test_nested_table_is_kept_beside_its_cell():
    d = docx.Document()
    t = d.add_table(rows=1, cols=2)
    t.cell(0, 0).text = "成员单位"
    inner = t.cell(0, 1).add_table(rows=1, cols=2)
    inner.cell(0, 0).text = "甲公司"
    inner.cell(0, 1).text = "91450100MA5KXXXX00"
    doc = read_docx(_bytes(d))
    outer = doc.blocks[0]
    assert isinstance(outer, Table)
    assert len(outer.nested) == 1
    r, c, nt = outer.nested[0]
    assert (r, c) == (0, 1)
    assert [x.text for x in nt.cells] == ["甲公司", "91450100MA5KXXXX00"]
    assert len(doc.tables()) == 2


def test_vmerge_continuation_text_is_not_dropped():
    d = docx.Document()
    t = d.add_table(rows=2, cols=2)
    a = t.cell(0, 0)
    a.merge(t.cell(1, 0))
    a.text = "上"
    # write text into the continuation cell's XML directly, as some generators do
    tc = t.rows[1]._tr.tc_lst[0]
    tc.append(copy.deepcopy(parse_xml(f"<w:p {nsdecls('w')}><w:r><w:t>下</w:t></w:r></w:p>")))
    doc = read_docx(_bytes(d))
    merged = next(c for c in doc.tables()[0].cells if c.col == 0)
    assert "上" in merged.text and "下" in merged.text
    assert merged.rowspan == 2


def test_letter_spaced_labels_are_normalised():
    d = docx.Document()
    d.add_paragraph("联 系 人：吕 秀")
    d.add_paragraph("填报日期： 2025 年 10 月 20 日")
    doc = read_docx(_bytes(d))
    assert [b.text for b in doc.blocks] == ["联系人：吕秀", "填报日期：2025年10月20日"]
