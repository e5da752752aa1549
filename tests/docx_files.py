"""Word files the reader tests build (python-docx and raw OOXML): a document's bytes, a zip
rewritten member by member, a part added with its relationship, a document with automatic
numbering, and one with every kind of part (equations, notes, comments, alt text, text boxes)."""

from __future__ import annotations

import io
import zipfile

import docx
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
M_NS = "http://schemas.openxmlformats.org/officeDocument/2006/math"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def docx_bytes(d) -> bytes:
    """A python-docx document saved, as bytes."""
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def rewrite_zip(data: bytes, fn) -> bytes:
    """A copy of the zip with fn(name, bytes) -> (name, bytes) | None applied to each member."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            r = fn(info.filename, zin.read(info.filename))
            if r is not None:
                zout.writestr(r[0], r[1])
    return out.getvalue()


def add_part(data: bytes, name: str, xml: str, rel_type: str, content_type: str) -> bytes:
    """A copy of the .docx with a part added: its content type, its relationship from the main
    part, its XML."""

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

    buf = io.BytesIO(rewrite_zip(data, fn))
    with zipfile.ZipFile(buf, "a") as z:
        z.writestr(name, xml)
    return buf.getvalue()


def para_xml(inner: str) -> object:
    return parse_xml(f"<w:p {nsdecls('w')}>{inner}</w:p>")


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


def numbered_doc() -> tuple[docx.document.Document, dict[str, str]]:
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


def notes_xml(kind: str, text: str) -> str:
    return (
        f'<w:{kind}s xmlns:w="{W_NS}">'
        f'<w:{kind} w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:{kind}>'
        f'<w:{kind} w:id="1"><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:{kind}>'
        f"</w:{kind}s>"
    )


def png() -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (40, 20), "white").save(buf, "PNG")
    return buf.getvalue()


def rich_doc(tag: str = "") -> bytes:
    """A document with text in every kind of part and place a Word file can hold it."""
    d, _ = numbered_doc()
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
    d.add_picture(io.BytesIO(png()))
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
    rev = para_xml(
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
    data = docx_bytes(d)
    data = add_part(
        data,
        "word/footnotes.xml",
        notes_xml("footnote", f"脚注：数据来源于2023年统计年报{tag}"),
        "footnotes",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml",
    )
    data = add_part(
        data,
        "word/endnotes.xml",
        notes_xml("endnote", "尾注：以最终批复为准"),
        "endnotes",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.endnotes+xml",
    )
    return data
