"""A block document written as a .docx with python-docx and raw OOXML (numbering, text boxes,
merged cells), its zip made reproducible."""

from __future__ import annotations

import zipfile
from pathlib import Path

from blocks import NUM_FMT, PB, STYLE_SIZE, TB, Doc, P, T, esc, sized


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
                    f'<w:text/></w:sdtPr><w:sdtContent><w:r>{rpr}<w:t xml:space="preserve">{esc(r.text)}</w:t></w:r>'
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
                        add_runs(par, sized(p, t.size))
                        first = False
                    else:
                        par = cell.add_paragraph()
                        fmt_par(par, p)
                        par.paragraph_format.space_after = Pt(0)
                        add_runs(par, sized(p, t.size))
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

    n_boxes = [
        0
    ]  # text boxes numbered in document order, so that the bytes do not depend on memory addresses

    def add_textbox(tb: TB):
        n_boxes[0] += 1
        n = n_boxes[0]
        inner = "".join(
            f'<w:p><w:pPr><w:jc w:val="{"both" if p.align == "justify" else p.align}"/></w:pPr>'
            + "".join(
                f'<w:r>{"<w:rPr><w:b/></w:rPr>" if r.bold else ""}<w:t xml:space="preserve">{esc(r.text)}</w:t></w:r>'
                for r in p.get_runs()
            )
            + "</w:p>"
            for p in tb.paras
        )
        x = parse_xml(
            f'<w:r {nsdecls("w")} xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office">'
            f'<w:pict><v:shape id="tb{n}" o:spid="_x0000_s{1024 + n}" type="#_x0000_t202" '
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


def normalize_zip(path: Path) -> None:
    """Rewrite a zip (docx) with fixed timestamps and order so that the bytes are reproducible."""
    with zipfile.ZipFile(path) as z:
        items = [(i.filename, z.read(i.filename)) for i in z.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in items:
            zi = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(zi, data)
