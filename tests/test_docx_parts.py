"""Every part of a Word file read as Word shows it, on files built here (python-docx and raw
OOXML): legacy form fields with their state, first-page and even-page headers, automatic
numbering, equations, footnotes, endnotes, comments, alt text and text boxes."""

from __future__ import annotations

import docx
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from extractors.readers.docx_reader import read_docx
from tests.docx_files import docx_bytes, numbered_doc, para_xml, rich_doc


def _field(kind: str, ffdata: str) -> str:
    """A legacy form field (fldChar begin with ffData, the code, separate, end) as runs."""
    return (
        f'<w:r><w:fldChar w:fldCharType="begin"><w:ffData><w:name w:val="F"/>{ffdata}</w:ffData></w:fldChar></w:r>'
        f'<w:r><w:instrText xml:space="preserve"> {kind} </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        "<w:r><w:t>XX</w:t></w:r>"
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )


def test_legacy_form_fields_read_with_their_state():
    d = docx.Document()
    body = d.element.body
    p = para_xml(
        "<w:r><w:t>是否为牵头单位：是</w:t></w:r>"
        + _field("FORMCHECKBOX", '<w:checkBox><w:sizeAuto/><w:default w:val="0"/><w:checked/></w:checkBox>')
        + "<w:r><w:t>否</w:t></w:r>"
        + _field("FORMCHECKBOX", '<w:checkBox><w:sizeAuto/><w:default w:val="0"/></w:checkBox>')
    )
    body.insert(0, p)
    p2 = para_xml(
        "<w:r><w:t>所属地区：</w:t></w:r>"
        + _field(
            "FORMDROPDOWN",
            '<w:ddList><w:result w:val="1"/><w:listEntry w:val="广西"/><w:listEntry w:val="新疆"/>'
            '<w:listEntry w:val="云南"/></w:ddList>',
        )
    )
    body.insert(1, p2)
    p3 = para_xml(
        '<w:r><w:t>企业</w:t></w:r><w:r><w:sym w:font="Wingdings" w:char="F0FE"/></w:r>'
        '<w:r><w:t>高校</w:t></w:r><w:r><w:sym w:font="Wingdings" w:char="F0A8"/></w:r>'
    )
    body.insert(2, p3)
    doc = read_docx(docx_bytes(d))
    texts = [b.text for b in doc.paragraphs()]
    assert "是否为牵头单位：是☒否☐" in texts
    assert "所属地区：新疆" in texts
    assert "企业☒高校☐" in texts
    assert not any("XX" in t or "FORM" in t for t in texts)  # neither the field code nor its stale result


def _text_field(value: str) -> str:
    return _field("FORMTEXT", "<w:textInput/>").replace("<w:t>XX</w:t>", f"<w:t>{value}</w:t>")


def test_a_text_form_fields_value_repeated_by_the_converter_is_read_once():
    """LibreOffice 7.x reads a .doc's text form field as the field, the value once more as plain
    text and copies of the field (董伟董伟董伟董伟); Word and the .doc's own text show it once. A
    value written twice on purpose, apart from a field, stays."""
    d = docx.Document()
    body = d.element.body
    body.insert(
        0,
        para_xml(
            "<w:r><w:t>推荐首席专家（科学家）：</w:t></w:r>"
            + _text_field("董伟")
            + "<w:r><w:t>董伟</w:t></w:r>"
            + _text_field("董伟")
            + _text_field("董伟")
        ),
    )
    body.insert(
        1,
        para_xml(
            "<w:r><w:t>联系人：</w:t></w:r>" + _text_field("史军") + "<w:r><w:t>（史军为联络员）</w:t></w:r>"
        ),
    )
    body.insert(2, para_xml("<w:r><w:t>名称：甲甲公司甲甲公司</w:t></w:r>"))
    doc = read_docx(docx_bytes(d))
    texts = [b.text for b in doc.paragraphs()]
    assert "推荐首席专家（科学家）：董伟" in texts
    assert "联系人：史军（史军为联络员）" in texts
    assert "名称：甲甲公司甲甲公司" in texts
    # said, and not counted as text lost
    assert any("6 characters repeating text form fields" in w for w in doc.warnings), doc.warnings
    assert not any("not in the read document" in w for w in doc.warnings), doc.warnings


def test_first_page_and_even_page_headers_and_footers():
    d = docx.Document()
    d.add_paragraph("正文")
    s = d.sections[0]
    s.different_first_page_header_footer = True
    d.settings.odd_and_even_pages_header_footer = True
    s.header.paragraphs[0].text = "默认页眉"
    s.first_page_header.paragraphs[0].text = "首页页眉：广西科技厅"
    s.even_page_header.paragraphs[0].text = "偶数页页眉"
    s.footer.paragraphs[0].text = "默认页脚"
    s.first_page_footer.paragraphs[0].text = "首页页脚"
    s.even_page_footer.paragraphs[0].text = "偶数页页脚"
    doc = read_docx(docx_bytes(d))
    by_source = {(b.prov.source, b.text) for b in doc.paragraphs()}
    for t in ("默认页眉", "首页页眉：广西科技厅", "偶数页页眉"):
        assert ("header", t) in by_source
    for t in ("默认页脚", "首页页脚", "偶数页页脚"):
        assert ("footer", t) in by_source
    assert not doc.warnings


def test_automatic_numbering_rendered_as_word_shows_it():
    d, _ = numbered_doc()
    doc = read_docx(docx_bytes(d))
    texts = [b.text for b in doc.paragraphs()]
    assert texts[:6] == [
        "一、参与单位",
        "（一）牵头单位",
        "（二）成员单位",
        "1.1. 细则",
        "二、技术创新目标",
        "（一）牵头单位",
    ]
    assert texts[6] == "第一条联合体名称"
    assert texts[15] == "第十条违约"
    assert texts[16] == "第十一条解散"
    heads = [(b.heading_level, b.heading_number) for b in doc.paragraphs()[:3]]
    assert heads == [(1, "一、"), (2, "（一）"), (2, "（二）")]


def test_numbering_from_a_style():
    d, _ = numbered_doc()
    styles = d.styles.element
    styles.append(
        parse_xml(
            f'<w:style {nsdecls("w")} w:type="paragraph" w:styleId="Tiao"><w:name w:val="条"/>'
            '<w:pPr><w:numPr><w:numId w:val="91"/></w:numPr></w:pPr></w:style>'
        )
    )
    d2 = docx.Document()
    d2.part.numbering_part._element = d.part.numbering_part.element
    p = d.add_paragraph("争议解决")
    p._p.get_or_add_pPr().append(parse_xml(f'<w:pStyle {nsdecls("w")} w:val="Tiao"/>'))
    texts = [b.text for b in read_docx(docx_bytes(d)).paragraphs()]
    assert texts[-1] == "第十二条争议解决"


def test_equations_notes_comments_alt_text_and_text_boxes_are_read():
    doc = read_docx(rich_doc())
    by: dict[str, list[str]] = {}
    for b in doc.paragraphs():
        by.setdefault(b.prov.source, []).append(b.text)
    assert "能量公式：E=mc²" in by["text"]
    assert by["footnote"] == ["脚注：数据来源于2023年统计年报"]
    assert by["endnote"] == ["尾注：以最终批复为准"]
    assert by["comment"] == ["批注：请核对牵头单位"]
    assert by["alt_text"] == ["成员单位公章扫描件"]
    assert by["textbox"] == ["文本框：申报单位盖章"]  # once: the VML fallback copy is not read again
    assert "修订后文字插入的文字" in by["text"]
    assert not any("删除的文字" in t for ts in by.values() for t in ts)
    assert doc.tables()[1].grid() == [["嵌套单元格", "914501002000000000"]]
    assert not doc.warnings
