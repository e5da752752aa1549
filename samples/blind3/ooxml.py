"""A raw OOXML (.docx) writer, written for blind3 so that every Word feature is under control:
exact line heights (so a paragraph can be put across a page break on purpose), page headers and
footers with PAGE/NUMPAGES fields, tables with repeated header rows, gridSpan and vMerge, nested
tables, tracked changes (w:ins / w:del, also a deleted table row), comments, footnotes, hidden
text (w:vanish), hyperlinks, a drop-down content control, legacy FORMCHECKBOX fields, w14 check
boxes and VML text boxes.

Paragraph and run builders return XML strings; Docx collects the body and the parts that go
with it (comments, footnotes, relationships) and writes the package with zipfile.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

NS = (
    'xmlns:wpc="http://schemas.microsoft.com/office/word/2010/wordprocessingCanvas" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:o="urn:schemas-microsoft-com:office:office" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    'xmlns:v="urn:schemas-microsoft-com:vml" '
    'xmlns:w10="urn:schemas-microsoft-com:office:word" '
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" '
    'mc:Ignorable="w14"'
)
AUTHOR = 'w:author="办公室" w:date="2025-03-10T09:12:00Z"'

# page geometry (twips): A4, margins 2.8 cm left/right, 2.54 cm top/bottom
PAGE_W, PAGE_H = 11906, 16838
MARGIN_LR, MARGIN_TB = 1588, 1440
BODY_W_PT = (PAGE_W - 2 * MARGIN_LR) / 20  # 436.5 pt: 36 characters of 12 pt per line
LINE_PT = 24  # exact line height of body text
LINES_PER_PAGE = int((PAGE_H - 2 * MARGIN_TB) / 20 // LINE_PT)  # 29


def mode_attr(m: str) -> str:
    """A relationship's TargetMode attribute (External for a hyperlink), or nothing."""
    return f' TargetMode="{m}"' if m else ""


def _t(text: str) -> str:
    """Text with tabs and line breaks as Word writes them."""
    out = []
    for i, line in enumerate(text.split("\n")):
        if i:
            out.append("<w:br/>")
        for j, piece in enumerate(line.split("\t")):
            if j:
                out.append("<w:tab/>")
            if piece:
                out.append(f'<w:t xml:space="preserve">{escape(piece)}</w:t>')
    return "".join(out)


def rpr(b=False, sz=None, vanish=False, spacing=None, u=False, sup=False, color=None, font=None) -> str:
    x = ""
    if font:
        x += f'<w:rFonts w:ascii="{font}" w:hAnsi="{font}" w:eastAsia="{font}"/>'
    if b:
        x += "<w:b/>"
    if vanish:
        x += "<w:vanish/>"
    if color:
        x += f'<w:color w:val="{color}"/>'
    if spacing:
        x += f'<w:spacing w:val="{spacing}"/>'
    if sz:
        x += f'<w:sz w:val="{int(sz * 2)}"/><w:szCs w:val="{int(sz * 2)}"/>'
    if u:
        x += '<w:u w:val="single"/>'
    if sup:
        x += '<w:vertAlign w:val="superscript"/>'
    return f"<w:rPr>{x}</w:rPr>" if x else ""


def run(text: str, **kw) -> str:
    return f"<w:r>{rpr(**kw)}{_t(text)}</w:r>"


def ppr(
    align=None,
    indent=False,
    left=None,
    keep=False,
    page_before=False,
    exact=None,
    widow=True,
    after=None,
    tabs=None,
) -> str:
    x = ""
    if keep:
        x += "<w:keepNext/>"
    if page_before:
        x += "<w:pageBreakBefore/>"
    if not widow:
        x += '<w:widowControl w:val="0"/>'
    if tabs:
        x += "<w:tabs>" + "".join(f'<w:tab w:val="left" w:pos="{p}"/>' for p in tabs) + "</w:tabs>"
    sp = ""
    if exact:
        sp += f' w:line="{int(exact * 20)}" w:lineRule="exact"'
    if after is not None:
        sp += f' w:after="{after}"'
    if sp:
        x += f'<w:spacing w:before="0"{sp}/>'
    if indent or left:
        fl = ' w:firstLine="480"' if indent else ""
        lf = f' w:left="{int(left * 567)}"' if left else ""
        x += f"<w:ind{fl}{lf}/>"
    if align:
        x += f'<w:jc w:val="{ {"center": "center", "right": "right", "both": "both"}[align] }"/>'
    return f"<w:pPr>{x}</w:pPr>" if x else ""


def para(content="", **kw) -> str:
    """content: a string (one plain run) or XML of runs. Keyword args of ppr, plus b/sz for a plain run."""
    rk = {k: kw.pop(k) for k in ("b", "sz", "spacing", "vanish") if k in kw}
    if isinstance(content, str) and not content.startswith("<w:"):
        content = run(content, **rk) if content else ""
    return f"<w:p>{ppr(**kw)}{content}</w:p>"


class Docx:
    def __init__(
        self,
        header: str | None = None,
        footer: str | None = None,
        body_size: float = 12,
        exact_lines: bool = False,
    ):
        """footer: None, 'page_of' (第 X 页 共 Y 页) or 'dash' (- X -)."""
        self.body: list[str] = []
        self.header, self.footer = header, footer
        self.body_size = body_size
        self.exact_lines = exact_lines
        self.comments: list[tuple[int, str]] = []
        self.footnotes: list[tuple[int, str]] = []
        self.links: list[tuple[str, str]] = []
        self._id = 100
        self.visible_notes: list[str] = []  # text a reader sees outside the body (footnotes)

    # ------------------------------------------------------------------ ids and parts
    def nid(self) -> int:
        self._id += 1
        return self._id

    def add(self, xml: str) -> None:
        self.body.append(xml)

    def p(self, content="", **kw) -> None:
        self.body.append(para(content, **kw))

    def title(self, text: str, sz: float = 16) -> None:
        self.body.append(para(run(text, b=True, sz=sz), align="center"))

    def pagebreak(self) -> None:
        self.body.append('<w:p><w:r><w:br w:type="page"/></w:r></w:p>')

    # ------------------------------------------------------------------ features
    def ins(self, runs_xml: str) -> str:
        return f'<w:ins w:id="{self.nid()}" {AUTHOR}>{runs_xml}</w:ins>'

    def dele(self, text: str, **kw) -> str:
        return f'<w:del w:id="{self.nid()}" {AUTHOR}><w:r>{rpr(**kw)}<w:delText xml:space="preserve">{escape(text)}</w:delText></w:r></w:del>'

    def comment(self, runs_xml: str, text: str) -> str:
        i = self.nid()
        self.comments.append((i, text))
        return (
            f'<w:commentRangeStart w:id="{i}"/>{runs_xml}<w:commentRangeEnd w:id="{i}"/>'
            f'<w:r><w:rPr><w:rStyle w:val="CommentReference"/></w:rPr><w:commentReference w:id="{i}"/></w:r>'
        )

    def footnote(self, text: str) -> str:
        i = len(self.footnotes) + 1
        self.footnotes.append((i, text))
        self.visible_notes.append(text)
        return (
            f'<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteReference w:id="{i}"/></w:r>'
        )

    def link(self, runs_xml: str, url: str) -> str:
        rid = f"rIdL{len(self.links) + 1}"
        self.links.append((rid, url))
        return f'<w:hyperlink r:id="{rid}" w:history="1">{runs_xml}</w:hyperlink>'

    def dropdown(self, items: list[str], chosen: str, **kw) -> str:
        li = "".join(f'<w:listItem w:displayText="{escape(x)}" w:value="{escape(x)}"/>' for x in items)
        return (
            f'<w:sdt><w:sdtPr><w:alias w:val="下拉列表"/><w:id w:val="{self.nid()}"/>'
            f'<w:dropDownList><w:listItem w:displayText="请选择" w:value=""/>{li}</w:dropDownList></w:sdtPr>'
            f"<w:sdtContent>{run(chosen, **kw)}</w:sdtContent></w:sdt>"
        )

    def formcheckbox(self, checked: bool) -> str:
        n = self.nid()
        return (
            f'<w:r><w:fldChar w:fldCharType="begin"><w:ffData><w:name w:val="Check{n}"/><w:enabled/>'
            f'<w:calcOnExit w:val="0"/><w:checkBox><w:sizeAuto/><w:default w:val="{1 if checked else 0}"/>'
            f"</w:checkBox></w:ffData></w:fldChar></w:r>"
            f'<w:r><w:instrText xml:space="preserve"> FORMCHECKBOX </w:instrText></w:r>'
            f'<w:r><w:fldChar w:fldCharType="end"/></w:r>'
        )

    def w14checkbox(self, checked: bool) -> str:
        glyph = "\u2612" if checked else "\u2610"
        return (
            f'<w:sdt><w:sdtPr><w:id w:val="{self.nid()}"/><w14:checkbox><w14:checked w14:val="{1 if checked else 0}"/>'
            '<w14:checkedState w14:val="2612" w14:font="MS Gothic"/>'
            '<w14:uncheckedState w14:val="2610" w14:font="MS Gothic"/></w14:checkbox></w:sdtPr>'
            f'<w:sdtContent><w:r><w:rPr><w:rFonts w:ascii="MS Gothic" w:eastAsia="MS Gothic" w:hAnsi="MS Gothic" w:hint="eastAsia"/></w:rPr><w:t>{glyph}</w:t></w:r></w:sdtContent></w:sdt>'
        )

    def textbox(self, paras_xml: str, width_pt: int = 420, height_pt: int = 60) -> str:
        n = self.nid()
        return (
            f'<w:r><w:pict><v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" path="m,l,21600r21600,l21600,xe">'
            f'<v:stroke joinstyle="miter"/><v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>'
            f'<v:shape id="TextBox{n}" o:spid="_x0000_s{n}" type="#_x0000_t202" '
            f'style="position:absolute;margin-left:0;margin-top:0;width:{width_pt}pt;height:{height_pt}pt;z-index:1;mso-position-horizontal-relative:text;mso-position-vertical-relative:text" strokeweight="0.75pt">'
            f'<v:textbox><w:txbxContent>{paras_xml}</w:txbxContent></v:textbox><w10:wrap type="topAndBottom"/></v:shape></w:pict></w:r>'
        )

    # ------------------------------------------------------------------ tables
    def table(
        self,
        rows,
        widths,
        borders=True,
        header_rows=0,
        sz=10.5,
        cant_split=False,
        nested=False,
        center_cells=False,
    ) -> str:
        """rows: lists of cells. A cell is a str (\\n = separate paragraphs), or a dict with
        'text' or 'xml' (paragraph XML, may hold a nested table followed by a paragraph),
        'span', 'vmerge' ('restart' | 'continue'), 'b'; a row may be a dict {'cells', 'deleted'}.
        widths in cm. Returns the XML (appended to the body unless nested)."""
        tw = [int(w * 567) for w in widths]
        bd = (
            "<w:tblBorders>"
            + "".join(
                f'<w:{e} w:val="{"single" if borders else "nil"}" w:sz="4" w:space="0" w:color="000000"/>'
                for e in ("top", "left", "bottom", "right", "insideH", "insideV")
            )
            + "</w:tblBorders>"
        )
        x = [
            f'<w:tbl><w:tblPr><w:tblW w:w="{sum(tw)}" w:type="dxa"/>{bd}<w:tblLayout w:type="fixed"/>'
            '<w:tblCellMar><w:left w:w="57" w:type="dxa"/><w:right w:w="57" w:type="dxa"/></w:tblCellMar>'
            "</w:tblPr><w:tblGrid>" + "".join(f'<w:gridCol w:w="{w}"/>' for w in tw) + "</w:tblGrid>"
        ]
        for ri, row in enumerate(rows):
            deleted = False
            if isinstance(row, dict):
                deleted = row.get("deleted", False)
                row = row["cells"]
            trpr = ""
            if ri < header_rows:
                trpr += "<w:tblHeader/>"
            if cant_split:
                trpr += "<w:cantSplit/>"
            if deleted:
                trpr += f'<w:del w:id="{self.nid()}" {AUTHOR}/>'
            x.append(f"<w:tr>{'<w:trPr>' + trpr + '</w:trPr>' if trpr else ''}")
            col = 0
            for c in row:
                if isinstance(c, str):
                    c = {"text": c}
                span = c.get("span", 1)
                w = sum(tw[col : col + span])
                tcpr = f'<w:tcW w:w="{w}" w:type="dxa"/>'
                if span > 1:
                    tcpr += f'<w:gridSpan w:val="{span}"/>'
                if c.get("vmerge") == "restart":
                    tcpr += '<w:vMerge w:val="restart"/>'
                elif c.get("vmerge") == "continue":
                    tcpr += "<w:vMerge/>"
                if center_cells or c.get("vcenter"):
                    tcpr += '<w:vAlign w:val="center"/>'
                if "xml" in c:
                    inner = c["xml"]
                else:
                    lines = c.get("text", "").split("\n") if c.get("text") else [""]
                    inner = ""
                    for line in lines:
                        if deleted:
                            r = self.dele(line, sz=sz) if line else ""
                        else:
                            r = run(line, sz=sz, b=c.get("b", False)) if line else ""
                        al = ppr(align=c.get("align"), after=0)
                        inner += f"<w:p>{al}{r}</w:p>"
                x.append(f"<w:tc><w:tcPr>{tcpr}</w:tcPr>{inner}</w:tc>")
                col += span
            x.append("</w:tr>")
        x.append("</w:tbl>")
        xml = "".join(x)
        if not nested:
            self.body.append(xml)
            self.body.append(para("", after=0))
        return xml

    # ------------------------------------------------------------------ package
    def _hf(self, kind: str, content: str) -> str:
        tag = "hdr" if kind == "header" else "ftr"
        return f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:{tag} {NS}>{content}</w:{tag}>'

    def save(self, path: Path) -> None:
        rels = [
            (
                "rIdS",
                "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles",
                "styles.xml",
                None,
            ),
            (
                "rIdT",
                "http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings",
                "settings.xml",
                None,
            ),
        ]
        files = {}
        sect = ""
        if self.header:
            rels.append(
                (
                    "rIdH",
                    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/header",
                    "header1.xml",
                    None,
                )
            )
            files["word/header1.xml"] = self._hf("header", para(run(self.header, sz=9), align="center"))
            sect += '<w:headerReference w:type="default" r:id="rIdH"/>'
        if self.footer:
            rels.append(
                (
                    "rIdF",
                    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer",
                    "footer1.xml",
                    None,
                )
            )

            def fld(instr):
                return (
                    f'<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> {instr} </w:instrText></w:r>'
                    f'<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>'
                )

            if self.footer == "page_of":
                c = run("第 ", sz=9) + fld("PAGE") + run(" 页 共 ", sz=9) + fld("NUMPAGES") + run(" 页", sz=9)
            else:
                c = run("- ", sz=12) + fld("PAGE") + run(" -", sz=12)
            files["word/footer1.xml"] = self._hf("footer", para(c, align="center"))
            sect += '<w:footerReference w:type="default" r:id="rIdF"/>'
        if self.comments:
            rels.append(
                (
                    "rIdC",
                    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments",
                    "comments.xml",
                    None,
                )
            )
            files["word/comments.xml"] = (
                f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:comments {NS}>'
                + "".join(
                    f'<w:comment w:id="{i}" {AUTHOR} w:initials="BGS">{para(run(t, sz=9))}</w:comment>'
                    for i, t in self.comments
                )
                + "</w:comments>"
            )
        if self.footnotes:
            rels.append(
                (
                    "rIdN",
                    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes",
                    "footnotes.xml",
                    None,
                )
            )
            files["word/footnotes.xml"] = (
                f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:footnotes {NS}>'
                '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
                '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>'
                + "".join(
                    f'<w:footnote w:id="{i}"><w:p><w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteRef/></w:r>'
                    f"{run(' ' + t, sz=9)}</w:p></w:footnote>"
                    for i, t in self.footnotes
                )
                + "</w:footnotes>"
            )
        for rid, url in self.links:
            rels.append(
                (
                    rid,
                    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink",
                    url,
                    "External",
                )
            )
        sect = (
            f'<w:sectPr>{sect}<w:pgSz w:w="{PAGE_W}" w:h="{PAGE_H}"/>'
            f'<w:pgMar w:top="{MARGIN_TB}" w:right="{MARGIN_LR}" w:bottom="{MARGIN_TB}" w:left="{MARGIN_LR}" '
            'w:header="680" w:footer="680" w:gutter="0"/><w:docGrid w:linePitch="312"/></w:sectPr>'
        )
        files["word/document.xml"] = (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {NS}><w:body>'
            + "".join(self.body)
            + sect
            + "</w:body></w:document>"
        )
        line = (
            f'<w:spacing w:before="0" w:after="0" w:line="{LINE_PT * 20}" w:lineRule="exact"/>'
            if self.exact_lines
            else '<w:spacing w:before="0" w:after="60" w:line="300" w:lineRule="auto"/>'
        )
        files["word/styles.xml"] = (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:styles {NS}><w:docDefaults><w:rPrDefault><w:rPr>'
            '<w:rFonts w:ascii="Times New Roman" w:eastAsia="宋体" w:hAnsi="Times New Roman" w:cs="Times New Roman"/>'
            f'<w:sz w:val="{int(self.body_size * 2)}"/><w:szCs w:val="{int(self.body_size * 2)}"/><w:lang w:val="en-US" w:eastAsia="zh-CN"/>'
            f"</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr>{line}</w:pPr></w:pPrDefault></w:docDefaults>"
            '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>'
            '<w:style w:type="character" w:styleId="CommentReference"><w:name w:val="annotation reference"/><w:rPr><w:sz w:val="16"/></w:rPr></w:style>'
            '<w:style w:type="character" w:styleId="Hyperlink"><w:name w:val="Hyperlink"/><w:rPr><w:color w:val="0563C1"/><w:u w:val="single"/></w:rPr></w:style>'
            "</w:styles>"
        )
        files["word/settings.xml"] = (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:settings {NS}>'
            '<w:defaultTabStop w:val="420"/><w:characterSpacingControl w:val="doNotCompress"/>'
            '<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>'
            "</w:settings>"
        )
        files["word/_rels/document.xml.rels"] = (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            + "".join(
                f'<Relationship Id="{i}" Type="{t}" Target="{escape(tg)}"{mode_attr(m)}/>'
                for i, t, tg, m in rels
            )
            + "</Relationships>"
        )
        over = {
            "word/document.xml": "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
            "word/styles.xml": "application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml",
            "word/settings.xml": "application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml",
            "word/header1.xml": "application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml",
            "word/footer1.xml": "application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml",
            "word/comments.xml": "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml",
            "word/footnotes.xml": "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml",
        }
        ct = (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            + "".join(f'<Override PartName="/{k}" ContentType="{v}"/>' for k, v in over.items() if k in files)
            + "</Types>"
        )
        root_rels = (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>'
        )
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
            # fixed timestamps: same seed, same bytes
            def put(name, data):
                zi = zipfile.ZipInfo(name, date_time=(2025, 1, 1, 0, 0, 0))
                zi.compress_type = zipfile.ZIP_DEFLATED
                z.writestr(zi, data)

            put("[Content_Types].xml", ct)
            put("_rels/.rels", root_rels)
            for k, v in files.items():
                put(k, v)
