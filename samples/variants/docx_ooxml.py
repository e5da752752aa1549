"""The blocks as WordprocessingML: automatic numbering, runs (east-Asian fonts, spacing, check-box
symbols), paragraphs, tables with their borders, merged cells and repeated header rows, and text
boxes (wps with a VML fallback)."""

from __future__ import annotations

from docmodel import W14, Cell, P, R, Run, Table, TextBox
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt

# ------------------------------------------------------------------------------ automatic numbering
# name -> (numFmt, lvlText, left indent twips, hanging twips)
NUMBERING = {
    "cn1": ("chineseCounting", "%1、", 0, 0),
    "cn2": ("chineseCounting", "（%1）", 0, 0),
    "dec": ("decimal", "%1.", 0, 0),
    "decp": ("decimal", "%1．", 0, 0),
    "art": ("chineseCounting", "第%1条", 0, 0),
    "paren": ("decimal", "（%1）", 0, 0),
}


def install_numbering(document) -> dict[str, int]:
    numbering = document.part.numbering_part.element
    ids: dict[str, int] = {}
    base = 90
    for i, (name, (fmt, text, left, _hang)) in enumerate(NUMBERING.items()):
        aid = base + i
        xml = (
            f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{aid}">'
            f'<w:multiLevelType w:val="singleLevel"/>'
            f'<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
            f'<w:suff w:val="nothing"/><w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
            f'<w:pPr><w:ind w:left="{left}" w:firstLine="{480 if left == 0 else 0}"/></w:pPr>'
            f'<w:rPr><w:rFonts w:hint="eastAsia"/></w:rPr></w:lvl></w:abstractNum>'
        )
        numbering.insert(0, parse_xml(xml))
        ids[name] = aid
    out = {}
    for name, aid in ids.items():
        nid = aid
        numbering.append(
            parse_xml(f'<w:num {nsdecls("w")} w:numId="{nid}"><w:abstractNumId w:val="{aid}"/></w:num>')
        )
        out[name] = nid
    return out


def restart_num(document, name: str, nums: dict[str, int], counter: list[int]) -> int:
    """A fresh w:num over the same abstract list, so a second list restarts at 1."""
    numbering = document.part.numbering_part.element
    counter[0] += 1
    nid = 200 + counter[0]
    aid = nums[name]
    numbering.append(
        parse_xml(
            f'<w:num {nsdecls("w")} w:numId="{nid}"><w:abstractNumId w:val="{aid}"/>'
            f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>'
        )
    )
    return nid


# ------------------------------------------------------------------------------ runs
def _east_asian(run, font: str | None) -> None:
    if not font:
        return
    rpr = run._element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = parse_xml(f"<w:rFonts {nsdecls('w')}/>")
        rpr.insert(0, rfonts)
    for a in ("w:ascii", "w:hAnsi", "w:eastAsia"):
        rfonts.set(qn(a), font)


def add_run(par, r: Run, pdef: P) -> None:
    if isinstance(r, str):
        r = R(r)
    size = r.size or pdef.size
    if r.kind == "br":
        par.add_run().add_break()
        return
    if r.kind == "tab":
        par.add_run().add_tab()
        return
    if r.kind in ("page", "numpages"):
        instr = "PAGE" if r.kind == "page" else "NUMPAGES"
        for xml in (
            f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="begin"/></w:r>',
            f'<w:r {nsdecls("w")}><w:instrText xml:space="preserve"> {instr} </w:instrText></w:r>',
            f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="separate"/></w:r>',
            f"<w:r {nsdecls('w')}><w:t>1</w:t></w:r>",
            f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="end"/></w:r>',
        ):
            par._p.append(parse_xml(xml))
        return
    if r.kind == "checkbox_sdt":
        ch = "☒" if r.checked else "☐"
        xml = (
            f'<w:sdt {nsdecls("w")} {W14}><w:sdtPr><w14:checkbox><w14:checked w14:val="{int(r.checked)}"/>'
            f'<w14:checkedState w14:val="2612" w14:font="MS Gothic"/>'
            f'<w14:uncheckedState w14:val="2610" w14:font="MS Gothic"/></w14:checkbox></w:sdtPr>'
            f'<w:sdtContent><w:r><w:rPr><w:rFonts w:ascii="MS Gothic" w:eastAsia="MS Gothic" '
            f'w:hAnsi="MS Gothic" w:hint="eastAsia"/></w:rPr><w:t>{ch}</w:t></w:r></w:sdtContent></w:sdt>'
        )
        par._p.append(parse_xml(xml))
        return
    if r.kind == "checkbox_sym" and MEDIUM[0] != "docx":
        r = R(kind="checkbox_char", checked=r.checked)
    if r.kind == "checkbox_sym":
        # Wingdings 2: R (0x52) is a ticked box, 0xA3 an empty box, as Word's symbol dialog inserts them
        char = "F052" if r.checked else "F0A3"
        par._p.append(parse_xml(f'<w:r {nsdecls("w")}><w:sym w:font="Wingdings 2" w:char="{char}"/></w:r>'))
        return
    if r.kind == "checkbox_char":
        run = par.add_run("☑" if r.checked else "□")
        return
    if r.kind == "sdt_text":
        # a plain-text content control holding the value, as forms distributed with fields do
        t = r.text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        rpr = ""
        if r.underline:
            rpr = '<w:rPr><w:u w:val="single"/></w:rPr>'
        xml = (
            f'<w:sdt {nsdecls("w")}><w:sdtPr><w:alias w:val="填写项"/><w:tag w:val="field"/><w:text/></w:sdtPr>'
            f'<w:sdtContent><w:r>{rpr}<w:t xml:space="preserve">{t}</w:t></w:r></w:sdtContent></w:sdt>'
        )
        par._p.append(parse_xml(xml))
        return
    parts = r.text.split("\n")
    for i, part in enumerate(parts):
        if i:
            par.add_run().add_break()
        if not part:
            continue
        run = par.add_run(part)
        run.bold = r.bold or pdef.bold or None
        if r.underline:
            run.underline = True
        if r.strike:
            run.font.strike = True
        if size:
            run.font.size = Pt(size)
        _east_asian(run, r.font or pdef.font)
        if r.spacing:
            rpr = run._element.get_or_add_rPr()
            rpr.append(parse_xml(f'<w:spacing {nsdecls("w")} w:val="{r.spacing}"/>'))


ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
}


def fill_paragraph(par, p: P, nums: dict[str, int], base_size: float) -> None:
    if p.style:
        par.style = p.style
    if p.align:
        par.alignment = ALIGN[p.align]
    pf = par.paragraph_format
    if p.indent_first:
        pf.first_line_indent = Pt((p.size or base_size) * p.indent_first)
    if p.indent_left:
        pf.left_indent = Cm(p.indent_left)
    if p.space_after is not None:
        pf.space_after = Pt(p.space_after)
    if p.space_before is not None:
        pf.space_before = Pt(p.space_before)
    if p.keep_next:
        pf.keep_with_next = True
    if p.page_break_before:
        pf.page_break_before = True
    if p.num:
        ppr = par._p.get_or_add_pPr()
        nid = nums[p.num] if not p.num.startswith("#") else int(p.num[1:])
        ppr.append(
            parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{p.ilvl}"/><w:numId w:val="{nid}"/></w:numPr>')
        )
    for r in p.runs:
        add_run(par, r, p)


def _as_p(x: P | str) -> P:
    return x if isinstance(x, P) else P([x])


# ------------------------------------------------------------------------------ tables
def _borders(tbl, mode: str) -> None:
    tblPr = tbl._tbl.tblPr
    edges = {
        "all": ("single", "single"),
        "none": ("nil", "nil"),
        "outer": ("single", "nil"),
        "horizontal": ("single", "nil"),
    }[mode]
    outer, inner = edges
    ih = "single" if mode in ("all", "horizontal") else inner
    xml = (
        f"<w:tblBorders {nsdecls('w')}>"
        f'<w:top w:val="{outer}" w:sz="4" w:space="0" w:color="000000"/>'
        f'<w:left w:val="{outer if mode != "horizontal" else "nil"}" w:sz="4" w:space="0" w:color="000000"/>'
        f'<w:bottom w:val="{outer}" w:sz="4" w:space="0" w:color="000000"/>'
        f'<w:right w:val="{outer if mode != "horizontal" else "nil"}" w:sz="4" w:space="0" w:color="000000"/>'
        f'<w:insideH w:val="{ih}" w:sz="4" w:space="0" w:color="000000"/>'
        f'<w:insideV w:val="{inner}" w:sz="4" w:space="0" w:color="000000"/></w:tblBorders>'
    )
    old = tblPr.find(qn("w:tblBorders"))
    if old is not None:
        tblPr.remove(old)
    tblPr.append(parse_xml(xml))


def render_table(document, t: Table, nums, base_size: float) -> None:
    ncols = max(sum((c.span if isinstance(c, Cell) else 1) for c in row) for row in t.rows)
    tbl = document.add_table(rows=len(t.rows), cols=ncols)
    tbl.autofit = False
    if t.align_center:
        tbl.alignment = WD_TABLE_ALIGNMENT.CENTER
    _borders(tbl, t.borders)
    size = t.size or base_size
    vstarts: dict[int, object] = {}
    for ri, row in enumerate(t.rows):
        ci = 0
        trow = tbl.rows[ri]
        if ri < t.header_rows:
            trPr = trow._tr.get_or_add_trPr()
            trPr.append(parse_xml(f"<w:tblHeader {nsdecls('w')}/>"))
        if t.cant_split:
            trPr = trow._tr.get_or_add_trPr()
            trPr.append(parse_xml(f"<w:cantSplit {nsdecls('w')}/>"))
        for c in row:
            cell = c if isinstance(c, Cell) else Cell([c])
            tc = trow.cells[ci]
            if cell.span > 1:
                tc = tc.merge(trow.cells[ci + cell.span - 1])
            if cell.vmerge == "restart":
                vstarts[ci] = tc
            elif cell.vmerge == "continue" and ci in vstarts:
                tc = vstarts[ci].merge(tc)
                ci += cell.span
                continue
            first = True
            for item in cell.content:
                p = _as_p(item)
                if cell.bold:
                    p.bold = True
                if cell.align and not p.align:
                    p.align = cell.align
                if p.size is None:
                    p.size = size
                par = tc.paragraphs[0] if first else tc.add_paragraph()
                first = False
                fill_paragraph(par, p, nums, size)
            if cell.shade:
                tcPr = tc._tc.get_or_add_tcPr()
                tcPr.append(
                    parse_xml(f'<w:shd {nsdecls("w")} w:val="clear" w:color="auto" w:fill="{cell.shade}"/>')
                )
            ci += cell.span
    if t.widths:
        tw = [int(w * 567) for w in t.widths]
        grid = tbl._tbl.tblGrid
        for gc, w in zip(grid.findall(qn("w:gridCol")), tw):
            gc.set(qn("w:w"), str(w))
        tblPr = tbl._tbl.tblPr
        tblPr.append(parse_xml(f'<w:tblLayout {nsdecls("w")} w:type="fixed"/>'))
        for tr in tbl._tbl.findall(qn("w:tr")):
            col = 0
            for tc in tr.findall(qn("w:tc")):
                tcPr = tc.get_or_add_tcPr()
                gs = tcPr.find(qn("w:gridSpan"))
                span = int(gs.get(qn("w:val"))) if gs is not None else 1
                w = sum(tw[col : col + span])
                old = tcPr.find(qn("w:tcW"))
                if old is not None:
                    tcPr.remove(old)
                tcPr.insert(0, parse_xml(f'<w:tcW {nsdecls("w")} w:w="{w}" w:type="dxa"/>'))
                col += span
    document.add_paragraph().paragraph_format.space_after = Pt(0)


# ------------------------------------------------------------------------------ text boxes
def textbox_xml(tb: TextBox, shape_id: int) -> str:
    emu = 360000
    w, h = int(tb.width_cm * emu), int(tb.height_cm * emu)
    x, y = int(tb.x_cm * emu), int(tb.y_cm * emu)
    paras = "".join(
        f'<w:p><w:pPr><w:spacing w:after="0"/></w:pPr><w:r><w:rPr><w:sz w:val="{int(tb.size * 2)}"/></w:rPr>'
        f'<w:t xml:space="preserve">{line}</w:t></w:r></w:p>'
        for line in tb.lines
    )
    ln = (
        '<a:ln w="6350"><a:solidFill><a:srgbClr val="000000"/></a:solidFill></a:ln>'
        if tb.border
        else "<a:ln><a:noFill/></a:ln>"
    )
    return (
        f'<w:r {nsdecls("w")} xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
        f'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
        f'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
        f'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
        f'xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office">'
        f'<mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>'
        f'<wp:anchor distT="0" distB="0" distL="114300" distR="114300" simplePos="0" relativeHeight="{shape_id + 2}" '
        f'behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1">'
        f'<wp:simplePos x="0" y="0"/><wp:positionH relativeFrom="column"><wp:posOffset>{x}</wp:posOffset></wp:positionH>'
        f'<wp:positionV relativeFrom="paragraph"><wp:posOffset>{y}</wp:posOffset></wp:positionV>'
        f'<wp:extent cx="{w}" cy="{h}"/><wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapNone/>'
        f'<wp:docPr id="{shape_id}" name="文本框 {shape_id}"/><wp:cNvGraphicFramePr/>'
        f'<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
        f'<wps:wsp><wps:cNvSpPr txBox="1"/><wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{w}" cy="{h}"/></a:xfrm>'
        f'<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:solidFill><a:srgbClr val="FFFFFF"/></a:solidFill>{ln}</wps:spPr>'
        f"<wps:txbx><w:txbxContent>{paras}</w:txbxContent></wps:txbx>"
        f'<wps:bodyPr rot="0" vert="horz" wrap="square" lIns="91440" tIns="45720" rIns="91440" bIns="45720" anchor="t"/>'
        f"</wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>"
        f'<mc:Fallback><w:pict><v:shape id="文本框{shape_id}" o:spid="_x0000_s{1024 + shape_id}" type="#_x0000_t202" '
        f'style="position:absolute;margin-left:{tb.x_cm}cm;margin-top:{tb.y_cm}cm;width:{tb.width_cm}cm;'
        f'height:{tb.height_cm}cm;z-index:{shape_id}" fillcolor="white" strokeweight=".5pt">'
        f"<v:textbox><w:txbxContent>{paras}</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback>"
        f"</mc:AlternateContent></w:r>"
    )


MEDIUM = ["docx"]
