"""What runs from page to page in a born-digital PDF (built here with reportlab): the layout's
running head and foot are marked as such, a paragraph a page break cut in two is one paragraph
again (an R&D series across the break is read whole), and a number standing alone in the body is
text, not a page number."""

from __future__ import annotations

from extractors.extract import extract_document
from extractors.readers.lines import lines_to_paragraphs
from extractors.readers.pdf_reader import read_pdf
from models.document import Paragraph
from models.record import Source
from tests.pdfs import pdf_canvas

LEAD = "桂林青山新材料股份有限公司"
FILLER = "围绕新材料产业链关键环节开展技术攻关，建设期内突破关键技术，形成一批标志性成果，"


def _pdf() -> bytes:
    c, buf = pdf_canvas()
    pages = [
        [
            "广西壮族自治区创新联合体组建申请表",
            "创新联合体名称：广西壮族自治区新材料创新联合体",
            f"牵头单位：{LEAD}",
            "填报日期：2025年3月18日",
            "二、牵头单位情况",
            *[FILLER[:36]] * 24,
            f"{LEAD}上年度营业收入十五亿元，其近三年研发投入分别为",
            "2022年七千七百万元、2023年八千四百九",
        ],
        ["十万元、2024年9080万元，研发投入强度6%。", "三、建设目标", FILLER + "。"],
        ["四、保障措施", "各成员单位落实配套经费。"],
    ]
    for n, lines in enumerate(pages, start=1):
        c.setFont("CJK", 9)
        c.drawString(380, 812, "广西壮族自治区新材料创新联合体")
        c.drawString(270, 30, f"第 {n} 页 共 3 页")
        c.setFont("CJK", 12)
        y = 770
        for line in lines:
            c.drawString(72, y, line)
            y -= 22
        c.showPage()
    c.save()
    return buf.getvalue()


def test_running_heads_are_marked_and_a_paragraph_cut_by_a_page_break_is_whole():
    doc = read_pdf(_pdf())
    heads = [b for b in doc.blocks if isinstance(b, Paragraph) and b.prov.source == "header"]
    assert [b.prov.page for b in heads] == [1, 2, 3]
    assert [b.text for b in heads] == ["广西壮族自治区新材料创新联合体"] * 3
    whole = [b for b in doc.blocks if "2023年八千四百九十万元" in b.text]
    assert len(whole) == 1 and whole[0].text.endswith("研发投入强度6%。")
    rec = extract_document(doc, Source(path="x.pdf", sha256="0" * 64))
    assert [(x.year, x.amount_cny) for x in rec.rd.rd_expense_cny] == [
        (2022, 77_000_000),
        (2023, 84_900_000),
        (2024, 90_800_000),
    ]
    assert rec.consortium_name == "广西壮族自治区新材料创新联合体"


def test_a_number_alone_in_the_body_is_text_and_at_the_foot_a_page_number():
    lines = [
        ("组织机构代码（统一社会信用代码）：12610000823444817", (273.0, 663.0, 1422.0, 719.0)),
        ("1", (281.0, 718.0, 321.0, 762.0)),
        ("法定代表人：袁林", (272.0, 768.0, 560.0, 824.0)),
        ("2", (800.0, 2250.0, 830.0, 2290.0)),
    ]
    paras = lines_to_paragraphs(lines, 1, 0, 1654.0, 2339.0)
    assert [(p.text, p.prov.source) for p in paras] == [
        ("组织机构代码（统一社会信用代码）：126100008234448171", "text"),
        ("法定代表人：袁林", "text"),
        ("2", "footer"),
    ]
