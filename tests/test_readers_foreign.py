"""What other projects' public test files showed the readers doing wrong, rebuilt here as small
files of the same kind: Word's hidden text shown, a damaged package's later bodies lost, the older
Word formats (2003 XML, RTF) refused, a numbered paragraph holding only an equation lost with its
number, OFD annotations (watermarks, notes) not read and a template's labels read twice, and PDF
form fields: hidden ones shown, the only text of a page lost."""

from __future__ import annotations

import io
import shutil
import zipfile

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from extractors.read import read_bytes
from extractors.readers.docx_reader import read_docx
from extractors.readers.ofd_reader import read_ofd
from extractors.sniff import sniff, sniff_format
from tests.docx_files import docx_bytes, numbered_doc, png, rewrite_zip

needs_soffice = pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice not installed")


def test_hidden_runs_are_left_out_as_word_shows_them_and_said():
    d = docx.Document()
    p = d.add_paragraph("相对分子质量为5.0×10")
    hidden = p.add_run("4444444 ")
    hidden.font.hidden = True
    sup = p.add_run("4")
    sup.font.superscript = True
    p.add_run("的聚苯乙烯")
    doc = read_docx(docx_bytes(d))
    assert [b.text for b in doc.paragraphs()] == ["相对分子质量为5.0×104的聚苯乙烯"]
    assert any("hidden text" in w and "7 characters" in w for w in doc.warnings)
    # nothing is counted as lost: the reader's own account agrees with Word
    assert not any("are not in the read document" in w for w in doc.warnings)


def test_every_body_of_a_damaged_package_is_read():
    d = docx.Document()
    d.add_paragraph("第一部分甲科技有限公司")
    data = docx_bytes(d)

    def two_bodies(name, b):
        if name == "word/document.xml":
            body = b[b.index(b"<w:body>") : b.index(b"</w:body>") + len(b"</w:body>")]
            second = body.replace("第一部分甲科技有限公司".encode(), "第二部分乙大学".encode())
            b = b.replace(b"</w:body>", b"</w:body>" + second, 1)
        return name, b

    doc = read_docx(rewrite_zip(data, two_bodies))
    assert [b.text for b in doc.paragraphs()] == ["第一部分甲科技有限公司", "第二部分乙大学"]


def test_a_numbered_paragraph_showing_only_an_equation_keeps_its_number():
    d, _ = numbered_doc()
    p = d.add_paragraph()
    p._p.get_or_add_pPr().append(
        parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="0"/><w:numId w:val="90"/></w:numPr>')
    )
    p.add_run().add_picture(io.BytesIO(png()))
    d.add_paragraph()  # an empty paragraph, unnumbered and without an object, stays out
    texts = [b.text for b in read_docx(docx_bytes(d)).paragraphs()]
    assert texts[-1] == "三、"  # after 一、参与单位 and 二、技术创新目标
    assert "" not in texts


WORD_2003_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<?mso-application progid="Word.Document"?>'
    '<w:wordDocument xmlns:w="http://schemas.microsoft.com/office/word/2003/wordml">'
    "<w:body><w:p><w:r><w:t>广西高端铝材创新联合体组建申请表</w:t></w:r></w:p>"
    "<w:p><w:r><w:t>牵头单位：南宁铝业股份有限公司</w:t></w:r></w:p></w:body></w:wordDocument>"
)
RTF = (
    r"{\rtf1\ansi\ansicpg936\deff0{\fonttbl{\f0\fnil\fcharset134 SimSun;}}"
    r"\f0\fs24 \u24191?\u35199?\u39640?\u31471?\u38109?\u26448?\u21019?\u26032?\u32852?\u21512?\u20307?\par}"
)


@needs_soffice
@pytest.mark.parametrize(
    ("data", "kind", "text"),
    [
        (WORD_2003_XML.encode(), "wordml", "牵头单位：南宁铝业股份有限公司"),
        (RTF.encode(), "rtf", "广西高端铝材创新联合体"),
    ],
)
def test_older_word_formats_saved_as_doc_are_read_through_libreoffice(data, kind, text):
    """Office systems still save Word 2003 XML and RTF under a .doc name: read by content."""
    assert sniff_format(data) == kind and sniff(data) == "doc"
    doc = read_bytes(data)
    assert text in [b.text for b in doc.paragraphs()]
    assert doc.media_type == "doc" and doc.source_format == kind


def test_plain_xml_and_text_are_still_refused():
    from extractors.errors import UnsupportedType

    for data in (b'<?xml version="1.0"?><root>x</root>', b"just some words"):
        assert sniff_format(data) == "other"
        with pytest.raises(UnsupportedType):
            read_bytes(data)


OFD_NS = 'xmlns:ofd="http://www.ofdspec.org/2016"'


def _text(i: int, x: float, y: float, text: str) -> str:
    dx = " ".join(["4.2"] * (len(text) - 1))
    return (
        f'<ofd:TextObject ID="{i}" Boundary="{x} {y} 170 8" Font="3" Size="4.2">'
        f'<ofd:TextCode X="0" Y="4.2" DeltaX="{dx}">{text}</ofd:TextCode></ofd:TextObject>'
    )


def _ofd(files: dict[str, str]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for n, x in files.items():
            z.writestr(n, '<?xml version="1.0" encoding="UTF-8"?>' + x)
    return buf.getvalue()


def test_ofd_template_labels_drawn_twice_are_read_once_and_annotations_are_read():
    """A permit's template draws its labels in two identical layers; a watermark and a note sit
    over the page as annotations (the watermark repeated across it)."""
    label = _text(21, 20, 40, "工程名称：")
    watermark = "".join(
        f'<ofd:TextObject ID="{40 + k}" Boundary="0 0 210 297" Font="3" Size="8" CTM="0.7 0.7 -0.7 0.7 0 {50 * k}">'
        '<ofd:TextCode X="10" Y="10" DeltaX="8 8 8">保密资料</ofd:TextCode></ofd:TextObject>'
        for k in range(4)
    )
    files = {
        "OFD.xml": f'<ofd:OFD {OFD_NS} Version="1.0" DocType="OFD"><ofd:DocBody><ofd:DocInfo><ofd:DocID>x'
        "</ofd:DocID></ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>",
        "Doc_0/Document.xml": f"<ofd:Document {OFD_NS}><ofd:CommonData><ofd:MaxUnitID>99</ofd:MaxUnitID>"
        "<ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea>"
        '<ofd:TemplatePage ID="5" BaseLoc="Tpls/Tpl_0/Content.xml"/></ofd:CommonData>'
        '<ofd:Pages><ofd:Page ID="1" BaseLoc="Pages/Page_0/Content.xml"/></ofd:Pages>'
        "<ofd:Annotations>Annots/Annotations.xml</ofd:Annotations></ofd:Document>",
        "Doc_0/Tpls/Tpl_0/Content.xml": f'<ofd:Page {OFD_NS}><ofd:Content><ofd:Layer ID="20">{label}</ofd:Layer>'
        f'<ofd:Layer ID="22">{label}</ofd:Layer></ofd:Content></ofd:Page>',
        "Doc_0/Pages/Page_0/Content.xml": f'<ofd:Page {OFD_NS}><ofd:Template TemplateID="5"/><ofd:Content>'
        f'<ofd:Layer ID="2">{_text(30, 20, 20, "建筑工程施工许可证")}{_text(31, 41, 40, "南宁铝业股份有限公司厂房")}'
        "</ofd:Layer></ofd:Content></ofd:Page>",
        "Doc_0/Annots/Annotations.xml": f'<ofd:Annotations {OFD_NS}><ofd:Page PageID="1">'
        "<ofd:FileLoc>Page_0/Annotation.xml</ofd:FileLoc></ofd:Page></ofd:Annotations>",
        "Doc_0/Annots/Page_0/Annotation.xml": f'<ofd:PageAnnot {OFD_NS}><ofd:Annot Type="Watermark" ID="60">'
        f'<ofd:Appearance Boundary="0 0 210 297">{watermark}</ofd:Appearance></ofd:Annot>'
        '<ofd:Annot Type="Stamp" ID="61"><ofd:Appearance Boundary="100 200 60 20">'
        f"{_text(62, 0, 0, '已审核 同意办理')}</ofd:Appearance></ofd:Annot>"
        '<ofd:Annot Type="Stamp" ID="63" Visible="false"><ofd:Appearance Boundary="0 0 10 10">'
        f"{_text(64, 0, 0, '看不见的批注')}</ofd:Appearance></ofd:Annot></ofd:PageAnnot>",
    }
    doc = read_ofd(_ofd(files))
    body = [b.text for b in doc.paragraphs() if b.prov.source != "annotation"]
    assert body == ["建筑工程施工许可证", "工程名称：南宁铝业股份有限公司厂房"]
    notes = [(b.text, b.style, b.prov.page) for b in doc.paragraphs() if b.prov.source == "annotation"]
    assert notes == [("保密资料", "watermark", 1), ("已审核 同意办理", "stamp", 1)]
    assert any("annotation" in w for w in doc.warnings)


def _form_pdf(flags: str, with_text: bool) -> bytes:
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    if with_text:
        c.drawString(72, 780, "Application form")
    c.acroForm.textfield(
        name="lead", value="Nanning Aluminium Co", x=72, y=700, width=300, height=20, annotationFlags=flags
    )
    c.acroForm.textfield(
        name="note", value="Hidden note", x=72, y=650, width=300, height=20, annotationFlags="hidden"
    )
    c.showPage()
    c.save()
    return buf.getvalue()


def test_a_pdf_form_field_the_viewer_hides_is_not_read():
    doc = read_bytes(_form_pdf("print", with_text=True))
    texts = " ".join(b.text for b in doc.paragraphs())
    assert "Application form" in texts and "Nanning Aluminium Co" in texts
    assert "Hidden note" not in texts


@pytest.mark.slow
def test_a_page_whose_only_text_is_a_filled_field_keeps_it():
    """PDFium's text layer and its rendering both leave a field out: the page goes to OCR, which
    finds nothing, and the field's value is still read."""
    doc = read_bytes(_form_pdf("print", with_text=False))
    texts = [b.text for b in doc.paragraphs()]
    assert "Nanning Aluminium Co" in texts and "Hidden note" not in texts
