"""Every part of a Word file read as Word shows it, on files built here (python-docx and raw
OOXML): legacy form fields with their state, first-page and even-page headers, automatic
numbering, equations, footnotes, endnotes, comments, alt text; Strict OOXML, a main part that is
not word/document.xml, a missing media part. And the property: the text of every part of the
package is in the read document (coverage >= 99%), a shortfall is a warning."""

from __future__ import annotations

import io
import re
import zipfile
from collections import Counter

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from lxml import etree

from extractors.read import read_bytes
from extractors.readers import docx_reader
from extractors.readers.docx_reader import read_docx
from extractors.sniff import sniff

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
M_NS = "http://schemas.openxmlformats.org/officeDocument/2006/math"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _bytes(d) -> bytes:
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _rewrite(data: bytes, fn) -> bytes:
    """A copy of the zip with fn(name, bytes) -> (name, bytes) | None applied to each member."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            r = fn(info.filename, zin.read(info.filename))
            if r is not None:
                zout.writestr(r[0], r[1])
    return out.getvalue()


def _add_part(data: bytes, name: str, xml: str, rel_type: str, content_type: str) -> bytes:
    def fn(n, b):
        if n == "[Content_Types].xml":
            b = b.replace(
                b"</Types>", f'<Override PartName="/{name}" ContentType="{content_type}"/></Types>'.encode()
            )
        elif n == "word/_rels/document.xml.rels":
            target = name.split("/", 1)[1]
            b = b.replace(
                b"</Relationships>",
                f'<Relationship Id="rIdX{abs(hash(name)) % 9999}" Type="{REL_NS}/{rel_type}" Target="{target}"/></Relationships>'.encode(),
            )
        return n, b

    buf = io.BytesIO(_rewrite(data, fn))
    with zipfile.ZipFile(buf, "a") as z:
        z.writestr(name, xml)
    return buf.getvalue()


def _field(kind: str, ffdata: str) -> str:
    """A legacy form field (fldChar begin with ffData, the code, separate, end) as runs."""
    return (
        f'<w:r><w:fldChar w:fldCharType="begin"><w:ffData><w:name w:val="F"/>{ffdata}</w:ffData></w:fldChar></w:r>'
        f'<w:r><w:instrText xml:space="preserve"> {kind} </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        "<w:r><w:t>XX</w:t></w:r>"
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )


def _para_xml(inner: str) -> object:
    return parse_xml(f"<w:p {nsdecls('w')}>{inner}</w:p>")


def test_legacy_form_fields_read_with_their_state():
    d = docx.Document()
    body = d.element.body
    p = _para_xml(
        "<w:r><w:t>是否为牵头单位：是</w:t></w:r>"
        + _field("FORMCHECKBOX", '<w:checkBox><w:sizeAuto/><w:default w:val="0"/><w:checked/></w:checkBox>')
        + "<w:r><w:t>否</w:t></w:r>"
        + _field("FORMCHECKBOX", '<w:checkBox><w:sizeAuto/><w:default w:val="0"/></w:checkBox>')
    )
    body.insert(0, p)
    p2 = _para_xml(
        "<w:r><w:t>所属地区：</w:t></w:r>"
        + _field(
            "FORMDROPDOWN",
            '<w:ddList><w:result w:val="1"/><w:listEntry w:val="广西"/><w:listEntry w:val="新疆"/>'
            '<w:listEntry w:val="云南"/></w:ddList>',
        )
    )
    body.insert(1, p2)
    p3 = _para_xml(
        '<w:r><w:t>企业</w:t></w:r><w:r><w:sym w:font="Wingdings" w:char="F0FE"/></w:r>'
        '<w:r><w:t>高校</w:t></w:r><w:r><w:sym w:font="Wingdings" w:char="F0A8"/></w:r>'
    )
    body.insert(2, p3)
    doc = read_docx(_bytes(d))
    texts = [b.text for b in doc.paragraphs()]
    assert "是否为牵头单位：是☒否☐" in texts
    assert "所属地区：新疆" in texts
    assert "企业☒高校☐" in texts
    assert not any("XX" in t or "FORM" in t for t in texts)  # neither the field code nor its stale result


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
    doc = read_docx(_bytes(d))
    by_source = {(b.prov.source, b.text) for b in doc.paragraphs()}
    for t in ("默认页眉", "首页页眉：广西科技厅", "偶数页页眉"):
        assert ("header", t) in by_source
    for t in ("默认页脚", "首页页脚", "偶数页页脚"):
        assert ("footer", t) in by_source
    assert not doc.warnings


ABSTRACT = """
<w:abstractNum {ns} w:abstractNumId="90">
  <w:multiLevelType w:val="multilevel"/>
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/><w:suff w:val="nothing"/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/><w:suff w:val="nothing"/></w:lvl>
  <w:lvl w:ilvl="2"><w:start w:val="1"/><w:isLgl/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%3."/></w:lvl>
</w:abstractNum>
"""
ARTICLES = """
<w:abstractNum {ns} w:abstractNumId="91">
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCountingThousand"/><w:lvlText w:val="第%1条"/></w:lvl>
</w:abstractNum>
"""


def _numbered_doc() -> tuple[docx.document.Document, dict[str, str]]:
    d = docx.Document()
    numbering = d.part.numbering_part.element
    first_num = numbering.find(qn("w:num"))
    for xml in (ABSTRACT, ARTICLES):
        el = parse_xml(xml.format(ns=nsdecls("w")))
        if first_num is not None:
            first_num.addprevious(el)
        else:
            numbering.append(el)
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="91"><w:abstractNumId w:val="91"/></w:num>'))

    def numbered(text: str, num: int, ilvl: int) -> None:
        p = d.add_paragraph(text)
        ppr = p._p.get_or_add_pPr()
        ppr.append(
            parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num}"/></w:numPr>')
        )

    numbered("参与单位", 90, 0)
    numbered("牵头单位", 90, 1)
    numbered("成员单位", 90, 1)
    numbered("细则", 90, 2)
    numbered("技术创新目标", 90, 0)
    numbered("牵头单位", 90, 1)
    for t in [
        "联合体名称",
        "联合体性质",
        "成员",
        "目标",
        "分工",
        "权利",
        "义务",
        "成果",
        "诚信",
        "违约",
        "解散",
    ]:
        numbered(t, 91, 0)
    return d, {}


def test_automatic_numbering_rendered_as_word_shows_it():
    d, _ = _numbered_doc()
    doc = read_docx(_bytes(d))
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
    d, _ = _numbered_doc()
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
    texts = [b.text for b in read_docx(_bytes(d)).paragraphs()]
    assert texts[-1] == "第十二条争议解决"


def _notes_xml(kind: str, text: str) -> str:
    return (
        f'<w:{kind}s xmlns:w="{W_NS}">'
        f'<w:{kind} w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:{kind}>'
        f'<w:{kind} w:id="1"><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:{kind}>'
        f"</w:{kind}s>"
    )


def _png() -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (40, 20), "white").save(buf, "PNG")
    return buf.getvalue()


def _rich_doc(tag: str = "") -> bytes:
    """A document with text in every kind of part and place a Word file can hold it."""
    d, _ = _numbered_doc()
    d.add_paragraph(f"正文段落{tag}：联合体由广西大学牵头组建")
    p = d.add_paragraph("能量公式：")
    p._p.append(
        parse_xml(f'<m:oMath xmlns:m="{M_NS}" xmlns:w="{W_NS}"><m:r><m:t>E=mc²</m:t></m:r></m:oMath>')
    )
    t = d.add_table(rows=2, cols=2)
    t.cell(0, 0).text = "单位名称"
    t.cell(0, 1).text = f"南宁铝业股份有限公司{tag}"
    inner = t.cell(1, 1).add_table(rows=1, cols=2)
    inner.cell(0, 0).text = "嵌套单元格"
    inner.cell(0, 1).text = "914501002000000000"
    d.add_picture(io.BytesIO(_png()))
    docpr = d.element.body.findall(".//" + qn("wp:docPr"))[-1]
    docpr.set("descr", "成员单位公章扫描件")
    box = parse_xml(
        f'<w:p {nsdecls("w", "wp", "a")} xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
        'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
        'xmlns:v="urn:schemas-microsoft-com:vml"><w:r><mc:AlternateContent><mc:Choice Requires="wps">'
        '<w:drawing><wp:anchor><wp:docPr id="9" name="tb"/><a:graphic><a:graphicData><wps:wsp><wps:txbx><w:txbxContent>'
        f"<w:p><w:r><w:t>文本框：申报单位盖章{tag}</w:t></w:r></w:p></w:txbxContent></wps:txbx></wps:wsp></a:graphicData>"
        "</a:graphic></wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent>"
        f"<w:p><w:r><w:t>文本框：申报单位盖章{tag}</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict>"
        "</mc:Fallback></mc:AlternateContent></w:r></w:p>"
    )
    d.element.body.insert(len(d.element.body) - 1, box)
    sdt = parse_xml(
        f"<w:sdt {nsdecls('w')}><w:sdtContent><w:p><w:r><w:t>内容控件：2024年3月1日</w:t></w:r></w:p>"
        "</w:sdtContent></w:sdt>"
    )
    d.element.body.insert(len(d.element.body) - 1, sdt)
    rev = _para_xml(
        '<w:r><w:t>修订后文字</w:t></w:r><w:del w:id="1" w:author="a"><w:r><w:delText>删除的文字</w:delText></w:r></w:del>'
        '<w:ins w:id="2" w:author="a"><w:r><w:t>插入的文字</w:t></w:r></w:ins>'
    )
    d.element.body.insert(len(d.element.body) - 1, rev)
    s = d.sections[0]
    s.different_first_page_header_footer = True
    s.header.paragraphs[0].text = f"页眉{tag}"
    s.first_page_header.paragraphs[0].text = "首页页眉"
    s.footer.paragraphs[0].text = "第 1 页"
    d.add_comment(d.paragraphs[0].runs, text=f"批注：请核对牵头单位{tag}", author="审核人")
    data = _bytes(d)
    data = _add_part(
        data,
        "word/footnotes.xml",
        _notes_xml("footnote", f"脚注：数据来源于2023年统计年报{tag}"),
        "footnotes",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml",
    )
    data = _add_part(
        data,
        "word/endnotes.xml",
        _notes_xml("endnote", "尾注：以最终批复为准"),
        "endnotes",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.endnotes+xml",
    )
    return data


def _visible(data: bytes) -> Counter[str]:
    """Written here independently of the reader: the characters of every w:t / m:t in every XML
    part of the package, less deleted text and mc:Fallback copies."""
    out: Counter[str] = Counter()
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for name in z.namelist():
            if not name.endswith(".xml") or name.startswith("customXml"):
                continue
            root = etree.fromstring(z.read(name))
            for t in root.xpath(
                "//w:t[not(ancestor::mc:Fallback) and not(ancestor::w:del)] | //m:t",
                namespaces={
                    "w": W_NS,
                    "m": M_NS,
                    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
                },
            ):
                out.update(c for c in (t.text or "") if not c.isspace())
    return out


def coverage(data: bytes) -> float:
    have = _visible(data)
    doc = read_bytes(data)
    got = Counter(
        c for c in doc.text + "".join(docx_reader.block_text(b) for b in doc.tables()) if not c.isspace()
    )
    total = sum(have.values())
    return sum(min(n, got.get(c, 0)) for c, n in have.items()) / total


def test_equations_notes_comments_alt_text_and_text_boxes_are_read():
    doc = read_docx(_rich_doc())
    by = {}
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


@pytest.mark.parametrize("tag", ["", "甲", "乙丙"])
def test_every_part_of_the_package_is_in_the_read_document(tag):
    assert coverage(_rich_doc(tag)) >= 0.99


def test_a_shortfall_becomes_a_warning(monkeypatch):
    real = docx_reader.Builder.paragraph

    def lossy(self, p_el, source="text"):  # a reader that forgot footnotes' paragraphs
        if source == "footnote":
            return
        real(self, p_el, source)

    monkeypatch.setattr(docx_reader.Builder, "paragraph", lossy)
    doc = read_docx(_rich_doc())
    assert any(w.startswith("word/footnotes.xml:") and "not in the read document" in w for w in doc.warnings)


STRICT = {
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main": "http://purl.oclc.org/ooxml/wordprocessingml/main",
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships": "http://purl.oclc.org/ooxml/officeDocument/relationships",
    "http://schemas.openxmlformats.org/officeDocument/2006/math": "http://purl.oclc.org/ooxml/officeDocument/math",
}


def test_strict_ooxml_is_read():
    data = _rich_doc()

    def fn(n, b):
        for a, s in STRICT.items():
            b = b.replace(a.encode(), s.encode())
        return n, b

    strict = _rewrite(data, fn)
    with zipfile.ZipFile(io.BytesIO(strict)) as z:
        assert b"purl.oclc.org/ooxml/wordprocessingml" in z.read("word/document.xml")
    assert sniff(strict) == "docx"
    assert [b.text for b in read_bytes(strict).blocks] == [b.text for b in read_bytes(data).blocks]


def test_main_part_elsewhere_than_word_document_xml():
    data = _rich_doc()

    def fn(n, b):
        if n == "word/document.xml":
            return "word/main.xml", b
        if n == "word/_rels/document.xml.rels":
            return "word/_rels/main.xml.rels", b
        if n in ("_rels/.rels", "[Content_Types].xml"):
            return n, b.replace(b"word/document.xml", b"word/main.xml")
        return n, b

    moved = _rewrite(data, fn)
    assert sniff(moved) == "docx"
    assert [b.text for b in read_bytes(moved).blocks] == [b.text for b in read_bytes(data).blocks]


def test_a_missing_media_part_costs_the_image_only():
    data = _rich_doc()
    gone = _rewrite(data, lambda n, b: None if n.startswith("word/media/") else (n, b))
    doc = read_bytes(gone)
    assert "正文段落：联合体由广西大学牵头组建" in [b.text for b in doc.paragraphs()]
    assert any("images the document shows but the package lacks" in w for w in doc.warnings)
    assert re.search(r"word/media/\w+\.png", " ".join(doc.warnings))


def test_zero_width_characters_are_no_shortfall():
    """A zero-width space Word keeps after an equation (or typed to allow a break) is removed
    from the read text like every control character: it is not text the reader lost."""
    d = docx.Document()
    d.add_paragraph("成员单位\u200b名称：北京师范大学\u200b")
    doc = read_docx(_bytes(d))
    assert doc.text == "成员单位名称：北京师范大学"
    assert not doc.warnings
