"""A block document rendered as a .docx with python-docx and raw OOXML (fixed zip timestamps and
core properties, so the same document gives the same bytes), or through LibreOffice as another
medium."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import docx
from docmodel import Doc, P, PageBreak, R, Run, Table, TextBox
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt
from docx_ooxml import (
    MEDIUM,
    add_run,
    fill_paragraph,
    install_numbering,
    render_table,
    restart_num,
    textbox_xml,
)

# ------------------------------------------------------------------------------ document
FIXED_TIME = dt.datetime(2025, 1, 1, 8, 0, 0)


def render_docx(d: Doc, medium: str = "docx") -> bytes:
    """medium: what the file becomes (docx, pdf, doc, scan, image); symbol-font check boxes only stay in
    Word files, since a converter without Wingdings 2 would print them as empty boxes."""
    MEDIUM[0] = medium
    document = docx.Document()
    sec = document.sections[0]
    sec.page_height, sec.page_width = Cm(29.7), Cm(21.0)
    if d.landscape:
        sec.orientation = WD_ORIENT.LANDSCAPE
        sec.page_height, sec.page_width = Cm(21.0), Cm(29.7)
    top, bottom, left, right = d.margins_cm
    sec.top_margin, sec.bottom_margin, sec.left_margin, sec.right_margin = (
        Cm(top),
        Cm(bottom),
        Cm(left),
        Cm(right),
    )
    normal = document.styles["Normal"]
    normal.font.size = Pt(d.size)
    normal.font.name = d.font
    rpr = normal.element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = parse_xml(f"<w:rFonts {nsdecls('w')}/>")
        rpr.insert(0, rfonts)
    rfonts.set(qn("w:eastAsia"), d.font)
    rfonts.set(qn("w:ascii"), d.font)
    rfonts.set(qn("w:hAnsi"), d.font)
    normal.paragraph_format.space_after = Pt(2)
    if d.line_spacing:
        normal.paragraph_format.line_spacing = d.line_spacing
    for hs in ("Heading 1", "Heading 2", "Title"):
        st = document.styles[hs]
        st.font.color.rgb = None
        st.font.name = "黑体"
        hr = st.element.get_or_add_rPr()
        rf = hr.find(qn("w:rFonts"))
        if rf is None:
            rf = parse_xml(f"<w:rFonts {nsdecls('w')}/>")
            hr.insert(0, rf)
        for a in ("w:eastAsia", "w:ascii", "w:hAnsi"):
            rf.set(qn(a), "黑体")
        for a in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            if rf.get(qn(a)) is not None:
                del rf.attrib[qn(a)]
    document.styles["Heading 1"].font.size = Pt(d.size + 3)
    document.styles["Heading 2"].font.size = Pt(d.size + 1)
    document.styles["Title"].font.size = Pt(d.size + 8)
    nums = install_numbering(document)
    counter = [0]
    if d.header:
        hp = sec.header.paragraphs[0]
        hp.text = d.header
        hp.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if d.footer:
        fp = sec.footer.paragraphs[0]
        fp.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if d.footer == "page_of":
            runs: list[Run] = ["第 ", R(kind="page"), " 页 共 ", R(kind="numpages"), " 页"]
        elif d.footer == "dash":
            runs = ["— ", R(kind="page"), " —"]
        else:
            runs = [R(kind="page")]
        for r in runs:
            add_run(fp, r, P())
    body = document.element.body
    # drop python-docx's initial empty paragraph
    for p in list(body.iterchildren(qn("w:p"))):
        body.remove(p)
    shape_id = 1
    restart_next: dict[str, bool] = {}
    for b in d.blocks:
        if isinstance(b, PageBreak):
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        elif isinstance(b, P):
            par = document.add_paragraph()
            if b.num and b.num.startswith("restart:"):
                name = b.num.split(":", 1)[1]
                nid = restart_num(document, name, nums, counter)
                restart_next[name] = False
                b = P(**{**b.__dict__, "num": f"#{nid}"})
                nums[f"cur:{name}"] = nid
            elif b.num and f"cur:{b.num}" in nums:
                b = P(**{**b.__dict__, "num": f"#{nums['cur:' + b.num]}"})
            fill_paragraph(par, b, nums, d.size)
        elif isinstance(b, Table):
            render_table(document, b, nums, d.size)
        elif isinstance(b, TextBox):
            par = document.add_paragraph()
            par._p.append(parse_xml(textbox_xml(b, shape_id)))
            shape_id += 1
    cp = document.core_properties
    cp.created = FIXED_TIME
    cp.modified = FIXED_TIME
    cp.last_printed = FIXED_TIME
    cp.title = d.title
    cp.author = d.author or "Administrator"
    cp.last_modified_by = d.author or "Administrator"
    cp.revision = 1
    buf = io.BytesIO()
    document.save(buf)
    return normalise_zip(buf.getvalue())


def normalise_zip(data: bytes) -> bytes:
    """Same content, fixed timestamps and order: identical bytes for identical documents."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            zi = zipfile.ZipInfo(info.filename, date_time=(2025, 1, 1, 8, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            z.writestr(zi, src.read(info.filename))
    return out.getvalue()
