"""A PDF's text layer read as written, on PDFs built here (reportlab, pikepdf, fontTools): a CID font
without a Unicode map, over-printed bold, text in a table's outline but in no cell, stacked values
in a cell, text turned on its side, filled AcroForm fields, two columns, hyphenation and
ligatures."""

from __future__ import annotations

import io

import pikepdf

from extractors.readers.pdf_reader import read_pdf
from tests.pdfs import FONT, FakeOcr, pdf_canvas


def identity_h_pdf(text: str) -> bytes:
    """A page drawn in a subset TrueType font as a CID font, Identity-H, with no ToUnicode map."""
    from fontTools import subset
    from fontTools.ttLib import TTCollection

    tt = TTCollection(FONT).fonts[0]
    opts = subset.Options()
    opts.notdef_outline = True
    sub = subset.Subsetter(opts)
    sub.populate(text=text)
    sub.subset(tt)
    font_bytes = io.BytesIO()
    tt.save(font_bytes)
    cmap, order = tt.getBestCmap(), tt.getGlyphOrder()
    gids = "".join(f"{order.index(cmap[ord(ch)]):04X}" for ch in text)
    pdf = pikepdf.new()
    N = pikepdf.Name
    desc = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=N.FontDescriptor,
            FontName=N("/ABCDEF+WQY"),
            Flags=4,
            FontBBox=[0, -200, 1000, 800],
            ItalicAngle=0,
            Ascent=800,
            Descent=-200,
            CapHeight=700,
            StemV=80,
            FontFile2=pikepdf.Stream(pdf, font_bytes.getvalue()),
        )
    )
    cid = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=N.Font,
            Subtype=N.CIDFontType2,
            BaseFont=N("/ABCDEF+WQY"),
            CIDSystemInfo=pikepdf.Dictionary(
                Registry=pikepdf.String("Adobe"), Ordering=pikepdf.String("Identity"), Supplement=0
            ),
            FontDescriptor=desc,
            DW=1000,
            CIDToGIDMap=N.Identity,
        )
    )
    font = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=N.Font,
            Subtype=N.Type0,
            BaseFont=N("/ABCDEF+WQY"),
            Encoding=N("/Identity-H"),
            DescendantFonts=[cid],
        )
    )
    content = f"BT /F1 24 Tf 72 700 Td <{gids}> Tj ET".encode()
    page = pikepdf.Dictionary(
        Type=N.Page,
        MediaBox=[0, 0, 595, 842],
        Resources=pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font)),
        Contents=pikepdf.Stream(pdf, content),
    )
    pdf.pages.append(pikepdf.Page(page))
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def test_cid_font_without_tounicode_read_from_the_fonts_own_cmap():
    ocr = FakeOcr()
    doc = read_pdf(identity_h_pdf("黎荣创新联合体"), ocr=ocr)
    assert doc.text == "黎荣创新联合体"
    assert ocr.calls == []
    assert any("Identity-H" in w for w in doc.warnings)


def test_over_printed_bold_title_is_read_once():
    import pypdfium2 as pdfium
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    c, buf = pdf_canvas()
    pdfmetrics.registerFont(TTFont("CJK2", FONT, subfontIndex=0))
    # fake bold: each line drawn again a point to the right, in another font resource and size
    for text, y in (("北京师范大学", 760), ("2019年", 730)):
        c.setFont("CJK", 18)
        c.drawString(150, y, text)
        c.setFont("CJK2", 18.2)
        c.drawString(151, y, text)
    c.showPage()
    c.save()
    data = buf.getvalue()
    raw = pdfium.PdfDocument(data)[0].get_textpage().get_text_range()
    assert "9年9年" in raw or "年年" in raw or raw.count("2") > 1  # PDFium alone keeps the copies
    doc = read_pdf(data, ocr=FakeOcr())
    assert [b.text for b in doc.paragraphs()] == ["北京师范大学", "2019年"]
    assert any("over-printed" in w for w in doc.warnings)


def test_text_in_a_tables_outline_but_in_no_cell_is_kept():
    c, buf = pdf_canvas()
    c.setLineWidth(0.8)
    c.line(72, 700, 472, 700)
    c.line(72, 670, 472, 670)
    c.line(72, 640, 272, 640)  # the bottom rule stops half-way: the right half closes no cell
    for x in (72, 272, 472):
        c.line(x, 700, x, 640)
    c.drawString(80, 680, "单位名称")
    c.drawString(280, 680, "南宁铝业股份有限公司")
    c.drawString(80, 650, "联系人")
    c.drawString(280, 650, "备注另附清单")
    c.showPage()
    c.save()
    doc = read_pdf(buf.getvalue(), ocr=FakeOcr())
    assert doc.tables() and doc.tables()[0].grid()[0] == ["单位名称", "南宁铝业股份有限公司"]
    assert "备注另附清单" in doc.text
    assert not any("not in the read document" in w for w in doc.warnings)


def test_values_stacked_in_a_cell_are_not_fused_and_a_wrapped_code_is_joined():
    c, buf = pdf_canvas()
    c.setLineWidth(0.8)
    c.rect(72, 600, 400, 100)
    c.line(300, 600, 300, 700)
    c.line(72, 650, 472, 650)
    c.drawString(80, 680, "相关系数")
    c.drawString(310, 685, "0.965")
    c.drawString(310, 668, "0.969")
    c.drawString(80, 630, "信用代码")
    c.setFont("CJK", 12)
    c.drawString(304, 632, "914501002000000000914501")  # runs to the cell's edge
    c.drawString(304, 616, "0020")
    c.showPage()
    c.save()
    doc = read_pdf(buf.getvalue(), ocr=FakeOcr())
    g = doc.tables()[0].grid()
    assert g[0][1] == "0.965\n0.969"
    assert g[1][1] == "9145010020000000009145010020"


def test_counts_stacked_flush_right_in_a_narrow_cell_are_kept_apart():
    """A table ruled every few rows: each cell holds a column of counts, right-aligned, each
    line ending at the cell's edge. None was wrapped into the next (18,870 / 209 is not
    18,870209; 191 / 707 and 9 / 5 are two counts), while a name that fills its cell still joins."""
    c, buf = pdf_canvas()
    c.setLineWidth(0.8)
    c.rect(72, 560, 200, 140)
    c.line(120, 560, 120, 700)
    c.line(170, 560, 170, 700)
    c.setFont("CJK", 9)
    for col, values in ((120, ["18,870", "209", "2,303", "191", "707"]), (170, ["14", "9", "5", "12", "0"])):
        for k, v in enumerate(values):
            c.drawRightString(col + (50 if col == 120 else 100) - 2, 688 - 12 * k, v)
    c.setFont("CJK", 12)
    c.drawString(74, 680, "北京师范")  # fills its 48-point cell: wrapped
    c.drawString(74, 664, "大学")
    c.showPage()
    c.save()
    doc = read_pdf(buf.getvalue(), ocr=FakeOcr())
    g = doc.tables()[0].grid()
    assert g[0][0] == "北京师范大学"
    assert g[0][1].split("\n") == ["18,870", "209", "2,303", "191", "707"]
    assert g[0][2].split("\n") == ["14", "9", "5", "12", "0"]


def test_text_turned_on_its_side_in_a_cell_keeps_its_letters_in_order():
    """A column heading turned 90 degrees: its letters stand one above the other, on one of
    PDFium's lines. Each is a row of its own, read in order, not sorted across as one row
    (which scrambled "perfect" into "ftperec")."""
    c, buf = pdf_canvas()
    c.setLineWidth(0.8)
    c.rect(72, 500, 120, 200)
    c.line(100, 500, 100, 700)
    c.line(72, 560, 192, 560)
    c.saveState()
    c.translate(90, 580)
    c.rotate(90)
    c.setFont("Helvetica", 10)
    c.drawString(0, 0, "perfect")
    c.restoreState()
    c.setFont("CJK", 12)
    c.drawString(110, 680, "成员单位")
    c.drawString(110, 530, "名称")
    c.showPage()
    c.save()
    doc = read_pdf(buf.getvalue(), ocr=FakeOcr())
    cell = "".join(doc.tables()[0].grid()[0][0].split())
    assert cell in ("perfect", "tcefrep")


def test_filled_acroform_fields_are_read_where_they_sit():
    c, buf = pdf_canvas()
    c.drawString(72, 700, "单位名称：")
    c.drawString(72, 660, "是否牵头：")
    c.showPage()
    c.save()
    pdf = pikepdf.open(io.BytesIO(buf.getvalue()))
    N = pikepdf.Name
    page = pdf.pages[0]
    tx = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=N.Annot,
            Subtype=N.Widget,
            FT=N.Tx,
            T=pikepdf.String("name"),
            V=pikepdf.String("南宁铝业股份有限公司"),
            Rect=[135, 695, 400, 715],
        )
    )
    cb = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=N.Annot,
            Subtype=N.Widget,
            FT=N.Btn,
            T=pikepdf.String("lead"),
            V=N.Yes,
            AS=N.Yes,
            Rect=[135, 655, 147, 667],
        )
    )
    page.obj["/Annots"] = pikepdf.Array([tx, cb])
    pdf.Root.AcroForm = pikepdf.Dictionary(Fields=[tx, cb])
    out = io.BytesIO()
    pdf.save(out)
    doc = read_pdf(out.getvalue(), ocr=FakeOcr())
    texts = [b.text for b in doc.paragraphs()]
    assert "单位名称：南宁铝业股份有限公司" in texts
    assert "是否牵头：☒" in texts


def test_two_columns_read_column_by_column():
    c, buf = pdf_canvas()
    c.setFont("CJK", 10)
    left = [f"左栏第{k}行内容是关于联合体组建的说明文字左" for k in range(1, 11)]
    right = [f"右栏第{k}行内容是关于成员单位职责的说明右" for k in range(1, 11)]
    for k in range(10):  # the content stream alternates: left line, right line
        c.drawString(60, 760 - 14 * k, left[k])
        c.drawString(320, 760 - 14 * k, right[k])
    c.showPage()
    c.save()
    doc = read_pdf(buf.getvalue(), ocr=FakeOcr())
    text = doc.text.replace("\n", "")
    assert text.index("左栏第10行") < text.index("右栏第1行")
    assert "左栏第1行内容是关于联合体组建的说明文字左左栏第2行" in text


def test_hyphenation_markers_join_the_word():
    from extractors.readers.lines import Line, lines_to_paragraphs

    lines: list[Line] = [
        ("The consortium is an inter-\ufffe", (72, 100, 500, 110)),
        ("national alliance.", (72, 112, 200, 122)),
    ]

    paras = lines_to_paragraphs(lines, 1, 0, 520)
    assert "\ufffe" not in paras[0].text
    assert "inter-national" in paras[0].text or "international" in paras[0].text


def test_a_chinese_line_a_character_short_of_the_margin_continues():
    """A line of Chinese wraps up to a character short of the right margin (the next one did not
    fit): the line after it continues the paragraph, a name cut at the wrap included (a scan's
    …有限责任公 / 司。); a line stopping well short, or at a sentence's end, ends its paragraph."""
    from extractors.readers.lines import Line, lines_to_paragraphs

    lines: list[Line] = [
        (
            "核心层单位（5家）：四川大学、广西师范大学、南宁远升环保科技股份有限公司、崇左兴达环境。",
            (188, 875, 1452, 930),
        ),
        (
            "一般协作层单位（二家）：河池裕升水务集团股份有限公司、北海远诚水务有限责任公",
            (251, 1050, 1424, 1104),
        ),
        ("司。", (190, 1110, 248, 1160)),
        ("四、组织架构", (189, 1180, 540, 1230)),
        ("理事会为联合体最高决策机构", (182, 1240, 900, 1290)),
        ("秘书处设在牵头单位", (182, 1300, 700, 1350)),
    ]
    texts = [p.text for p in lines_to_paragraphs(lines, 1, 0, 1654)]
    assert "北海远诚水务有限责任公司。" in texts[1], texts
    assert texts[-2:] == ["理事会为联合体最高决策机构", "秘书处设在牵头单位"], texts
    # a signing line, a label or a date after such a line opens an entry of its own
    signing: list[Line] = [
        (
            "本协议一式十份，各方各执一份，具有同等法律效力，自各方签署之日起生效并对各方具有约",
            (188, 100, 1424, 154),
        ),
        ("甲方（盖章）：南宁某某科技有限公司", (188, 170, 900, 224)),
        ("各方在本协议有效期内应当遵守联合体章程的各项规定并按照分工承担相应的任务和", (188, 240, 1424, 294)),
        ("2025年3月1日", (188, 310, 500, 364)),
        ("最后一行写满到页边的正文内容用于确定页面右边界的位置所在之处这里是末尾的。", (188, 380, 1452, 434)),
    ]
    texts = [p.text for p in lines_to_paragraphs(signing, 1, 0, 1654)]
    assert "甲方（盖章）：南宁某某科技有限公司" in texts and "2025年3月1日" in texts, texts


def test_ligatures_are_not_taken_for_over_printing_and_a_hyphenated_word_is_joined():
    """A glyph standing for several letters (ffi, ff) maps to them in the font's ToUnicode, and
    PDFium gives each letter the glyph's box: the second f is not a copy drawn over the first.
    A word hyphenated at a line's end within one text object (PDFium keeps both rows on one
    line, the first ending in its U+FFFE marker) is joined again, not split by a space."""
    import re

    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(TTFont("DejaVu", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"))
    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    t = c.beginText(72, 700)
    t.setFont("DejaVu", 11)
    t.setLeading(14)
    t.textLine("Results on di\ufb03cult tables with the same co\ufb00ee machine, whose ef-")
    t.textLine("fects of reducing the layers are shown in the table below.")
    c.drawText(t)
    c.showPage()
    c.save()
    pdf = pikepdf.open(io.BytesIO(buf.getvalue()))
    for font in pdf.pages[0].Resources.Font.values():
        if "/ToUnicode" in font:
            cmap = font.ToUnicode.read_bytes().decode()
            cmap = re.sub("<FB03>", "<006600660069>", cmap, flags=re.I)
            font.ToUnicode.write(re.sub("<FB00>", "<00660066>", cmap, flags=re.I).encode())
    out = io.BytesIO()
    pdf.save(out)
    doc = read_pdf(out.getvalue(), ocr=FakeOcr())
    assert "difficult tables with the same coffee machine, whose effects of reducing" in doc.text
    assert not any("over-printed" in w for w in doc.warnings)


def test_a_hyphen_of_the_text_itself_at_a_lines_end_is_kept():
    """PDFium marks a hyphen ending a line before a letter (U+FFFE), whether it split a word or
    belongs to the text: a standard's or a code's hyphen broken there (ISO- / IEC, QX-
    / AB) is kept; a lower-case word split by hyphenation (ef- / fects) is joined."""
    c, buf = pdf_canvas()
    t = c.beginText(72, 700)
    t.setFont("Helvetica", 12)
    t.setLeading(16)
    t.textLine("The members follow the ISO-")
    t.textLine("IEC 17025 rules, certificate QX-")
    t.textLine("AB7 issued, and their ef-")
    t.textLine("fects are measured every year.")
    c.drawText(t)
    c.showPage()
    c.save()
    doc = read_pdf(buf.getvalue(), ocr=FakeOcr())
    assert "\ufffe" not in doc.text
    text = " ".join(doc.text.split())
    assert "ISO-IEC 17025" in text and "QX-AB7" in text and "effects are" in text


def test_unhyphenate():
    from extractors.readers.lines import join_wrapped, unhyphenate

    assert (
        unhyphenate("ef\ufffefects 2019\ufffe2020 A\ufffeB soft\u00adhyphen")
        == "effects 2019-2020 A-B softhyphen"
    )
    assert join_wrapped(["2024\ufffe", "2027年"]) == "2024-2027年"
    assert join_wrapped(["inter\ufffe", "national"]) == "international"


def test_quotation_marks_drawn_apart_are_read_in_their_place():
    """Quotation marks drawn in another font, in a text object of their own (a generator's
    fallback font sits a little higher), are read where they stand in the line, not gathered at
    its end: 以下简称“昌桥乳业”, and the line goes on into the next one."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    from extractors.readers.pdf_reader import read_pdf
    from tests.pdfs import pdf_canvas

    pdfmetrics.registerFont(TTFont("DejaVu", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"))
    c, buf = pdf_canvas()
    c.setFont("CJK", 11)
    first = "本联合体由石河子昌桥乳业集团股份有限公司（以下简称昌桥乳业）牵头，联合克拉玛"
    c.drawString(72, 700, first)
    c.drawString(72, 686, "依职业技术学院共同组建。")
    c.setFont("DejaVu", 11)
    at = first.index("昌桥乳业）")  # the marks sit around the short name, 11 pt a character
    c.drawString(72 + 11 * at - 5.7, 702.4, "“")
    c.drawString(72 + 11 * (at + 4), 702.4, "”")
    c.showPage()
    c.save()
    text = read_pdf(buf.getvalue()).text
    assert "（以下简称“昌桥乳业”）牵头，联合克拉玛依职业技术学院" in text, text


def test_a_line_stopped_short_by_a_number_that_did_not_fit_continues():
    """…2024年营业收入为 / 120000万元，…: the line stopped well short of the margin only because
    the number (which a line does not break) did not fit in the room left; the value stays with
    its label. A line stopping as short before a date or a short word ends its paragraph."""
    from extractors.readers.lines import Line, lines_to_paragraphs

    lines: list[Line] = [
        ("联合体成员单位在新能源汽车领域长期保持合作，共同承担国家和省级科技计划项目5", (93, 275, 509, 286)),
        ("项，联合培养研究生50名。牵头单位百色晟拓汽车集团有限公司2024年营业收入为", (71, 290, 485, 301)),
        ("120000万元，现有研发人员共85人，其中专职研发人员45人，近三年研发投入分别为一", (71, 305, 515, 316)),
        (
            "千三百九十一万元、1588万元、一千八百万元，研发经费占营业收入比重达百分之一点五。",
            (71, 319, 519, 330),
        ),
        ("各成员单位在联合体内按照各自分工开展关键核心技术攻关和成果转", (71, 334, 420, 345)),
        ("2025年3月1日", (71, 349, 150, 360)),
    ]
    texts = [p.text for p in lines_to_paragraphs(lines, 1, 0, 595)]
    assert "2024年营业收入为120000万元" in texts[0], texts
    assert texts[-1] == "2025年3月1日", texts
