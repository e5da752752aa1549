"""Chinese e-government formats, on files built here: OFD (GB/T 33190: text objects with their
positions, a template page's text, a scanned page sent to OCR) and WPS writer files, each
sniffed by content whatever its name."""

from __future__ import annotations

import io
import zipfile

import pytest

from extractors.read import read_bytes
from extractors.readers.ofd_reader import read_ofd
from extractors.sniff import sniff, sniff_format
from models.document import Paragraph, Provenance

NS = 'xmlns:ofd="http://www.ofdspec.org/2016"'


def _text_object(i: int, x: float, y: float, text: str, size: float = 4.2) -> str:
    dx = " ".join([str(size)] * (len(text) - 1))
    return (
        f'<ofd:TextObject ID="{i}" Boundary="{x} {y} 170 8" Font="3" Size="{size}">'
        f'<ofd:TextCode X="0" Y="{size}" DeltaX="{dx}">{text}</ofd:TextCode></ofd:TextObject>'
    )


def _png() -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (200, 280), "white").save(buf, "PNG")
    return buf.getvalue()


def make_ofd() -> bytes:
    page1 = "".join(
        [
            _text_object(10, 20, 20, "广西高端铝材创新联合体组建协议"),
            # one line written as two text objects: joined on its baseline
            _text_object(11, 20, 40, "牵头单位："),
            _text_object(12, 41, 40, "南宁铝业股份有限公司"),
            _text_object(13, 20, 52, "第一条联合体名称"),
        ]
    )
    files = {
        "OFD.xml": f'<ofd:OFD {NS} Version="1.0" DocType="OFD"><ofd:DocBody><ofd:DocInfo><ofd:DocID>x</ofd:DocID>'
        "</ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>",
        "Doc_0/Document.xml": f"<ofd:Document {NS}><ofd:CommonData><ofd:MaxUnitID>99</ofd:MaxUnitID>"
        "<ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea>"
        "<ofd:PublicRes>PublicRes.xml</ofd:PublicRes><ofd:DocumentRes>DocumentRes.xml</ofd:DocumentRes>"
        '<ofd:TemplatePage ID="5" BaseLoc="Tpls/Tpl_0/Content.xml"/></ofd:CommonData>'
        '<ofd:Pages><ofd:Page ID="1" BaseLoc="Pages/Page_0/Content.xml"/>'
        '<ofd:Page ID="2" BaseLoc="Pages/Page_1/Content.xml"/></ofd:Pages></ofd:Document>',
        "Doc_0/PublicRes.xml": f'<ofd:Res {NS} BaseLoc="Res"><ofd:Fonts><ofd:Font ID="3" FontName="宋体"/>'
        "</ofd:Fonts></ofd:Res>",
        "Doc_0/DocumentRes.xml": f'<ofd:Res {NS} BaseLoc="Res"><ofd:MultiMedias>'
        '<ofd:MultiMedia ID="7" Type="Image"><ofd:MediaFile>scan.png</ofd:MediaFile></ofd:MultiMedia>'
        "</ofd:MultiMedias></ofd:Res>",
        "Doc_0/Tpls/Tpl_0/Content.xml": f'<ofd:Page {NS}><ofd:Content><ofd:Layer ID="20">'
        + _text_object(21, 150, 8, "广西科技厅制")
        + "</ofd:Layer></ofd:Content></ofd:Page>",
        "Doc_0/Pages/Page_0/Content.xml": f'<ofd:Page {NS}><ofd:Template TemplateID="5"/><ofd:Content>'
        f'<ofd:Layer ID="2"><ofd:PageBlock ID="3">{page1}</ofd:PageBlock></ofd:Layer></ofd:Content></ofd:Page>',
        "Doc_0/Pages/Page_1/Content.xml": f'<ofd:Page {NS}><ofd:Content><ofd:Layer ID="30">'
        '<ofd:ImageObject ID="31" ResourceID="7" Boundary="0 0 210 297" CTM="210 0 0 297 0 0"/>'
        "</ofd:Layer></ofd:Content></ofd:Page>",
    }
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for n, x in files.items():
            z.writestr(n, '<?xml version="1.0" encoding="UTF-8"?>' + x)
        z.writestr("Doc_0/Res/scan.png", _png())
    return buf.getvalue()


def test_ofd_text_objects_read_in_order_with_positions():
    calls = []

    def fake_ocr(image, page_no):
        calls.append((page_no, image.size))
        return [
            Paragraph(
                text="扫描页：成员单位签章",
                prov=Provenance(page=page_no, bbox=(10, 10, 500, 60), source="ocr"),
            )
        ]

    data = make_ofd()
    assert sniff_format(data) == "ofd" and sniff(data) == "other"
    doc = read_ofd(data, ocr=fake_ocr)
    texts = [b.text for b in doc.paragraphs()]
    assert texts[:4] == [
        "广西科技厅制",
        "广西高端铝材创新联合体组建协议",
        "牵头单位：南宁铝业股份有限公司",
        "第一条联合体名称",
    ]
    assert doc.paragraphs()[3].heading_number == "第一条"
    assert doc.pages == 2 and doc.source_format == "ofd"
    p = doc.paragraphs()[1]
    assert p.prov.page == 1 and p.prov.bbox is not None and 50 < p.prov.bbox[0] < 60  # 20 mm = 56.7 pt
    assert calls and calls[0][0] == 2  # the scanned page only
    assert texts[-1] == "扫描页：成员单位签章" and doc.ocr_used
    assert any("page 2" in w and "OCR" in w for w in doc.warnings)


@pytest.mark.slow
def test_ofd_through_the_entry_point_and_the_record():
    """The real OCR engine reads the scanned page here."""
    from extractors.extract import extract_document
    from models.record import Source

    data = make_ofd()
    doc = read_bytes(data)
    rec = extract_document(doc, Source(path="x.ofd", sha256="0" * 64))
    assert rec.source.media_type == "other" and rec.extra["source_format"] == "ofd"


@pytest.mark.slow
def test_a_wps_writer_file_is_read_by_content(tmp_path):
    """WPS文字 saves .wps as a Word binary: read through LibreOffice whatever the file is called."""
    import shutil
    import subprocess

    import docx

    if not shutil.which("soffice"):
        pytest.skip("LibreOffice not installed")
    d = docx.Document()
    d.add_paragraph("广西高端铝材创新联合体组建申请表")
    src = tmp_path / "a.docx"
    d.save(src)
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path}/p",
            "--headless",
            "--convert-to",
            "doc",
            "--outdir",
            str(tmp_path),
            str(src),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    wps = (tmp_path / "a.doc").read_bytes()
    (tmp_path / "申请表.wps").write_bytes(wps)
    assert sniff(wps) == "doc"
    doc = read_bytes((tmp_path / "申请表.wps").read_bytes())
    assert doc.text == "广西高端铝材创新联合体组建申请表"
