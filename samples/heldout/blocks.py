"""A small document model (paragraphs, tables, page breaks, text boxes) and its two renderers:
Word .docx through python-docx plus raw OOXML (automatic numbering, content controls, check boxes,
VML text boxes, repeated header rows, headers/footers) and PDF through reportlab."""

from __future__ import annotations

import copy
import datetime as dt
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from cn import cn_int

FONT_TTC = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"
DEJAVU = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


@dataclass
class Run:
    text: str
    bold: bool = False
    underline: bool = False
    size: float | None = None
    spacing: float | None = None  # character spacing in points (docx only)
    sdt: str | None = None  # wrap in a plain-text content control with this alias
    checkbox: bool | None = None  # a check box content control (checked / not)
    br_before: bool = False  # a line break before this run


@dataclass
class P:
    runs: list[Run] | str
    align: str = "left"  # left center right justify
    style: str = "body"  # title subtitle h1 h2 body small
    indent: float = 0  # first-line indent in characters
    left: float = 0  # left indent in characters
    size: float | None = None
    num: str | None = None  # automatic numbering: article (第一条) cn (一、) paren (（一）) dec (1.)
    num_list: str | None = None  # numbering instance name (a new name restarts)
    space_before: float = 0
    space_after: float = 2
    keep_next: bool = False

    def get_runs(self) -> list[Run]:
        return [Run(self.runs)] if isinstance(self.runs, str) else self.runs


@dataclass
class Cell:
    content: str | list[P]
    span: int = 1
    bold: bool = False
    align: str = "left"
    shade: bool = False
    vmerge: str | None = None  # "start" / "cont" (vertical merge)

    def paras(self) -> list[P]:
        if isinstance(self.content, str):
            lines = self.content.split("\n")
            return [P([Run(x, bold=self.bold)], align=self.align, style="cell") for x in lines]
        return self.content


@dataclass
class T:
    rows: list[list[Cell]]
    widths: list[float] | None = None
    borders: bool = True
    header_rows: int = 0
    size: float = 10.5
    align: str = "center"


@dataclass
class PB:
    pass


@dataclass
class TB:
    """A text box (VML in docx; a framed paragraph in PDF)."""

    paras: list[P]
    width_cm: float = 8
    height_cm: float = 2.5


@dataclass
class Doc:
    blocks: list = field(default_factory=list)
    header: str | None = None
    footer: str | None = None  # "page" / "pageof" / text / None
    base_size: float = 12
    font: str = "宋体"
    margins_cm: tuple = (2.5, 2.2, 2.5, 2.2)  # top right bottom left
    created: dt.datetime = dt.datetime(2024, 1, 1, 9, 0)
    author: str = "user"
    title: str = ""

    def add(self, *bs):
        self.blocks.extend(bs)


NUM_FMT = {
    "article": ("chineseCounting", "第%1条"),
    "cn": ("chineseCounting", "%1、"),
    "paren": ("chineseCounting", "（%1）"),
    "dec": ("decimal", "%1."),
    "decp": ("decimal", "%1．"),
}


def num_text(kind: str, n: int) -> str:
    fmt, tpl = NUM_FMT[kind]
    return tpl.replace("%1", cn_int(n) if fmt == "chineseCounting" else str(n))


STYLE_SIZE = {"title": 20, "subtitle": 16, "h1": 14, "h2": 12.5, "cell": None, "small": 10}


# ----------------------------------------------------------------------------- docx
def render_docx(doc: Doc, path: Path) -> None:
    from docx import Document
    from docx.enum.section import WD_SECTION  # noqa: F401
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls, qn
    from docx.shared import Cm, Pt

    d = Document()
    AL = {
        "left": WD_ALIGN_PARAGRAPH.LEFT,
        "center": WD_ALIGN_PARAGRAPH.CENTER,
        "right": WD_ALIGN_PARAGRAPH.RIGHT,
        "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
    }
    st = d.styles["Normal"]
    st.font.name = "Times New Roman"
    st.font.size = Pt(doc.base_size)
    st.element.rPr.rFonts.set(qn("w:eastAsia"), doc.font)
    sec = d.sections[0]
    sec.page_width, sec.page_height = Cm(21), Cm(29.7)
    sec.top_margin, sec.right_margin, sec.bottom_margin, sec.left_margin = (Cm(x) for x in doc.margins_cm)
    cp = d.core_properties
    cp.author = doc.author
    cp.last_modified_by = doc.author
    cp.created = doc.created
    cp.modified = doc.created
    cp.last_printed = doc.created
    cp.title = doc.title
    cp.revision = 1

    numbering = d.part.numbering_part.element
    num_ids: dict[str, int] = {}

    def num_id(kind: str, lst: str) -> int:
        key = f"{kind}:{lst}"
        if key in num_ids:
            return num_ids[key]
        aid = 100 + len(num_ids)
        fmt, tpl = NUM_FMT[kind]
        absx = parse_xml(
            f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{aid}"><w:multiLevelType w:val="singleLevel"/>'
            f'<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{tpl}"/>'
            f'<w:lvlJc w:val="left"/><w:suff w:val="space"/><w:pPr><w:ind w:left="0" w:firstLine="0"/></w:pPr></w:lvl>'
            f"</w:abstractNum>"
        )
        first_num = numbering.find(qn("w:num"))
        if first_num is not None:
            first_num.addprevious(absx)
        else:
            numbering.append(absx)
        nid = 200 + len(num_ids)
        numbering.append(
            parse_xml(f'<w:num {nsdecls("w")} w:numId="{nid}"><w:abstractNumId w:val="{aid}"/></w:num>')
        )
        num_ids[key] = nid
        return nid

    def add_runs(par, p: P):
        base = p.size or STYLE_SIZE.get(p.style) or None
        for r in p.get_runs():
            if r.br_before:
                par.add_run().add_break()
            if r.checkbox is not None:
                mark = "☒" if r.checkbox else "☐"
                x = parse_xml(
                    f'<w:sdt {nsdecls("w")} xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml">'
                    f'<w:sdtPr><w14:checkbox><w14:checked w14:val="{1 if r.checkbox else 0}"/>'
                    f'<w14:checkedState w14:val="2612" w14:font="MS Gothic"/>'
                    f'<w14:uncheckedState w14:val="2610" w14:font="MS Gothic"/></w14:checkbox></w:sdtPr>'
                    f'<w:sdtContent><w:r><w:rPr><w:rFonts w:ascii="MS Gothic" w:eastAsia="MS Gothic" w:hAnsi="MS Gothic"/></w:rPr>'
                    f"<w:t>{mark}</w:t></w:r></w:sdtContent></w:sdt>"
                )
                par._p.append(x)
                continue
            if r.sdt:
                rpr = "<w:rPr><w:b/></w:rPr>" if r.bold else ""
                x = parse_xml(
                    f'<w:sdt {nsdecls("w")}><w:sdtPr><w:alias w:val="{r.sdt}"/><w:tag w:val="{r.sdt}"/>'
                    f'<w:text/></w:sdtPr><w:sdtContent><w:r>{rpr}<w:t xml:space="preserve">{_esc(r.text)}</w:t></w:r>'
                    f"</w:sdtContent></w:sdt>"
                )
                par._p.append(x)
                continue
            run = par.add_run(r.text)
            run.bold = r.bold or p.style in ("title", "subtitle", "h1") or None
            run.underline = r.underline or None
            sz = r.size or base
            if sz:
                run.font.size = Pt(sz)
            if p.style in ("title", "h1"):
                run.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "黑体")
            if r.spacing:
                rpr = run.element.get_or_add_rPr()
                sp = parse_xml(f'<w:spacing {nsdecls("w")} w:val="{int(r.spacing * 20)}"/>')
                rpr.append(sp)

    def fmt_par(par, p: P):
        par.alignment = AL[p.align]
        pf = par.paragraph_format
        sz = p.size or STYLE_SIZE.get(p.style) or doc.base_size
        if p.indent:
            pf.first_line_indent = Pt(sz * p.indent)
        if p.left:
            pf.left_indent = Pt(sz * p.left)
        pf.space_before = Pt(p.space_before)
        pf.space_after = Pt(p.space_after)
        if p.keep_next:
            pf.keep_with_next = True
        if p.num:
            nid = num_id(p.num, p.num_list or "default")
            ppr = par._p.get_or_add_pPr()
            ppr.insert(
                0, parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="0"/><w:numId w:val="{nid}"/></w:numPr>')
            )

    def add_par(container, p: P):
        par = container.add_paragraph()
        fmt_par(par, p)
        add_runs(par, p)
        return par

    def add_table(t: T):
        ncol = sum(c.span for c in t.rows[0])
        tbl = d.add_table(rows=len(t.rows), cols=ncol)
        if t.borders:
            tbl.style = d.styles["Table Grid"]
        tbl.alignment = WD_TABLE_ALIGNMENT.CENTER
        total = 21 - doc.margins_cm[1] - doc.margins_cm[3]
        widths = t.widths or [1] * ncol
        ws = [Cm(total * w / sum(widths)) for w in widths]
        tbl.autofit = False
        for ri, row in enumerate(t.rows):
            assert sum(c.span for c in row) == ncol, (ri, [c.content for c in row])
            ci = 0
            for c in row:
                cell = tbl.cell(ri, ci)
                if c.span > 1:
                    cell = cell.merge(tbl.cell(ri, ci + c.span - 1))
                for k in range(c.span):
                    tbl.cell(ri, ci + k).width = ws[ci + k]
                ps = c.paras()
                first = True
                for p in ps:
                    if first:
                        par = cell.paragraphs[0]
                        fmt_par(par, p)
                        if p.style == "cell":
                            par.paragraph_format.space_after = Pt(0)
                        add_runs(par, _sized(p, t.size))
                        first = False
                    else:
                        par = cell.add_paragraph()
                        fmt_par(par, p)
                        par.paragraph_format.space_after = Pt(0)
                        add_runs(par, _sized(p, t.size))
                if c.shade:
                    cell._tc.get_or_add_tcPr().append(
                        parse_xml(f'<w:shd {nsdecls("w")} w:val="clear" w:color="auto" w:fill="E7E6E6"/>')
                    )
                if c.vmerge:
                    v = "restart" if c.vmerge == "start" else "continue"
                    cell._tc.get_or_add_tcPr().append(parse_xml(f'<w:vMerge {nsdecls("w")} w:val="{v}"/>'))
                ci += c.span
            if ri < t.header_rows:
                trpr = tbl.rows[ri]._tr.get_or_add_trPr()
                trpr.append(parse_xml(f"<w:tblHeader {nsdecls('w')}/>"))
        return tbl

    def add_textbox(tb: TB):
        inner = "".join(
            f'<w:p><w:pPr><w:jc w:val="{"both" if p.align == "justify" else p.align}"/></w:pPr>'
            + "".join(
                f'<w:r>{"<w:rPr><w:b/></w:rPr>" if r.bold else ""}<w:t xml:space="preserve">{_esc(r.text)}</w:t></w:r>'
                for r in p.get_runs()
            )
            + "</w:p>"
            for p in tb.paras
        )
        x = parse_xml(
            f'<w:r {nsdecls("w")} xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office">'
            f'<w:pict><v:shape id="tb{id(tb) % 100000}" o:spid="_x0000_s{1025 + id(tb) % 1000}" type="#_x0000_t202" '
            f'style="width:{tb.width_cm}cm;height:{tb.height_cm}cm;mso-position-horizontal:center" strokeweight="0.75pt">'
            f"<v:textbox><w:txbxContent>{inner}</w:txbxContent></v:textbox></v:shape></w:pict></w:r>"
        )
        par = d.add_paragraph()
        par.alignment = AL["center"]
        par._p.append(x)

    for b in doc.blocks:
        if isinstance(b, P):
            add_par(d, b)
        elif isinstance(b, T):
            add_table(b)
            d.add_paragraph().paragraph_format.space_after = Pt(0)
        elif isinstance(b, PB):
            d.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        elif isinstance(b, TB):
            add_textbox(b)
        else:
            raise TypeError(b)

    if doc.header:
        hp = sec.header.paragraphs[0]
        hp.text = doc.header
        hp.alignment = AL["right"]
    if doc.footer:
        fp = sec.footer.paragraphs[0]
        fp.alignment = AL["center"]
        if doc.footer in ("page", "pageof"):
            if doc.footer == "pageof":
                fp.add_run("第 ")
            fp._p.append(
                parse_xml(
                    f'<w:fldSimple {nsdecls("w")} w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple>'
                )
            )
            if doc.footer == "pageof":
                fp.add_run(" 页 共 ")
                fp._p.append(
                    parse_xml(
                        f'<w:fldSimple {nsdecls("w")} w:instr=" NUMPAGES "><w:r><w:t>1</w:t></w:r></w:fldSimple>'
                    )
                )
                fp.add_run(" 页")
        else:
            fp.text = doc.footer
    path.parent.mkdir(parents=True, exist_ok=True)
    d.save(str(path))
    normalize_zip(path)


def _sized(p: P, size: float) -> P:
    if p.size or p.style != "cell":
        return p
    q = copy.copy(p)
    q.size = size
    return q


def _esc(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def normalize_zip(path: Path) -> None:
    """Rewrite a zip (docx) with fixed timestamps and order so that the bytes are reproducible."""
    with zipfile.ZipFile(path) as z:
        items = [(i.filename, z.read(i.filename)) for i in z.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in items:
            zi = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(zi, data)


# ----------------------------------------------------------------------------- reportlab
_RL_READY = False


def _rl_fonts():
    global _RL_READY
    if _RL_READY:
        return
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    pdfmetrics.registerFont(TTFont("WQY", FONT_TTC, subfontIndex=0))
    pdfmetrics.registerFont(TTFont("DJV", DEJAVU))
    for b in (0, 1):
        for i in (0, 1):
            addMapping("WQY", b, i, "WQY")
    _RL_READY = True


def render_pdf(doc: Doc, path: Path, encrypt: str | None = None) -> None:
    _rl_fonts()
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import cm
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    AL = {"left": TA_LEFT, "center": TA_CENTER, "right": TA_RIGHT, "justify": TA_JUSTIFY}
    counters: dict[str, int] = {}

    def para(p: P, size_default: float | None = None) -> Paragraph:
        sz = p.size or STYLE_SIZE.get(p.style) or size_default or doc.base_size
        txt = ""
        if p.num:
            key = f"{p.num}:{p.num_list or 'default'}"
            counters[key] = counters.get(key, 0) + 1
            txt += _x(num_text(p.num, counters[key])) + " "
        for r in p.get_runs():
            if r.br_before:
                txt += "<br/>"
            if r.checkbox is not None:
                txt += f'<font name="DJV">{"☒" if r.checkbox else "☐"}</font>'
                continue
            t = _x(r.text)
            if r.size:
                t = f'<font size="{r.size}">{t}</font>'
            if r.underline:
                t = f"<u>{t}</u>"
            txt += t
        bold = p.style in ("title", "subtitle", "h1")
        stl = ParagraphStyle(
            "s",
            fontName="WQY",
            fontSize=sz,
            leading=sz * 1.45,
            alignment=AL[p.align],
            firstLineIndent=sz * p.indent,
            leftIndent=sz * p.left,
            spaceBefore=p.space_before,
            spaceAfter=p.space_after,
            wordWrap="CJK",
            keepWithNext=int(p.keep_next),
        )
        if bold:
            txt = f"<b>{txt}</b>"
        return Paragraph(txt or "&nbsp;", stl)

    story = []
    width = A4[0] - (doc.margins_cm[1] + doc.margins_cm[3]) * cm
    for b in doc.blocks:
        if isinstance(b, P):
            story.append(para(b))
        elif isinstance(b, PB):
            story.append(PageBreak())
        elif isinstance(b, TB):
            t = Table([[[para(p) for p in b.paras]]], colWidths=[b.width_cm * cm])
            t.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 0.75, colors.black)]))
            story.append(t)
            story.append(Spacer(1, 6))
        elif isinstance(b, T):
            ncol = sum(c.span for c in b.rows[0])
            ws = b.widths or [1] * ncol
            cw = [width * w / sum(ws) for w in ws]
            data, cmds = [], []
            for ri, row in enumerate(b.rows):
                line, ci = [], 0
                for c in row:
                    line.append([para(p, b.size) for p in c.paras()])
                    if c.span > 1:
                        cmds.append(("SPAN", (ci, ri), (ci + c.span - 1, ri)))
                    if c.shade:
                        cmds.append(
                            ("BACKGROUND", (ci, ri), (ci + c.span - 1, ri), colors.HexColor("#E7E6E6"))
                        )
                    line.extend([""] * (c.span - 1))
                    ci += c.span
                data.append(line)
            t = Table(data, colWidths=cw, repeatRows=b.header_rows)
            cmds += [
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (-1, -1), 3),
                ("RIGHTPADDING", (0, 0), (-1, -1), 3),
            ]
            if b.borders:
                cmds.append(("GRID", (0, 0), (-1, -1), 0.6, colors.black))
            t.setStyle(TableStyle(cmds))
            story.append(t)
            story.append(Spacer(1, 6))

    def deco(canv, tpl):
        canv.saveState()
        canv.setFont("WQY", 9)
        if doc.header:
            canv.drawRightString(A4[0] - doc.margins_cm[1] * cm, A4[1] - 1.3 * cm, doc.header)
        if doc.footer:
            n = canv.getPageNumber()
            txt = {"page": f"- {n} -", "pageof": f"第 {n} 页"}.get(doc.footer, doc.footer)
            canv.drawCentredString(A4[0] / 2, 1.2 * cm, txt)
        canv.restoreState()

    kw = {}
    if encrypt:
        from reportlab.lib import pdfencrypt

        kw["encrypt"] = pdfencrypt.StandardEncryption(encrypt, ownerPassword=encrypt + "-owner", canPrint=0)
    path.parent.mkdir(parents=True, exist_ok=True)
    sd = SimpleDocTemplate(
        str(path),
        pagesize=A4,
        topMargin=doc.margins_cm[0] * cm,
        rightMargin=doc.margins_cm[1] * cm,
        bottomMargin=doc.margins_cm[2] * cm,
        leftMargin=doc.margins_cm[3] * cm,
        title=doc.title,
        author=doc.author,
        creator="WPS Office",
        invariant=1,
        **kw,
    )
    sd.build(story, onFirstPage=deco, onLaterPages=deco)


def _x(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
