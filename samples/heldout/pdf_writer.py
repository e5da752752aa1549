"""A block document written as a born-digital PDF with reportlab (CJK fonts registered once)."""

from __future__ import annotations

from pathlib import Path

from blocks import DEJAVU, FONT_TTC, PB, STYLE_SIZE, TB, Doc, P, T, num_text

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
