"""Layouts of the third blind corpus and of real public alliance texts, each category on documents
built here in its forms: codes written in groups, cut by a page or in another case; tiers in a
merged column or after a 类别 column; figures in pairs of cells, in a cell of sentences, wrapped in
a cell; labels above or run into their values; a table row carried over a page; legacy alliance
lists by role, separated by ；, with guests and approving bodies named beside them."""

from __future__ import annotations

import docx
import pytest

from tests.test_generalise import COVER, LEAD, UNITS, build, code, extract


@pytest.mark.parametrize("form", ["spaced", "hyphenated", "lower", "full-width"])
def test_a_code_in_groups_hyphenated_lower_case_or_full_width_is_read_as_the_code(form):
    """91 450100 MA5L1234X 7, 91450100-MA5L1234X-7, lower case, full-width: one valid code, in a
    member table and in a numbered list (in brackets, its tier after it)."""

    def written(c: str) -> str:
        return {
            "spaced": f"{c[:2]} {c[2:8]} {c[8:17]} {c[17]}",
            "hyphenated": f"{c[:8]}-{c[8:17]}-{c[17]}",
            "lower": c.lower(),
            "full-width": "".join(chr(ord(ch) + 0xFEE0) for ch in c),
        }[form]

    rows = [["序号", "单位名称", "统一社会信用代码", "层级"]]
    rows += [[str(i + 1), n, written(code(i)), "核心层"] for i, (n, _) in enumerate(UNITS)]
    r = extract(build([*COVER, "成员单位名单", rows]))
    assert [m.credit_code for m in r.members] == [code(i) for i in range(len(UNITS))]

    lines = ["广西壮族自治区新材料创新联合体组建协议", "一、联合体组成"]
    lines += [
        f"{i + 1}．{n}（组织机构代码（统一社会信用代码）：{written(code(i))}），为联合体{'牵头单位' if t == 'lead' else '核心层单位'}。"
        for i, (n, t) in enumerate(UNITS)
    ]
    r = extract(build(lines))
    assert [(m.name, m.credit_code) for m in r.members] == [(n, code(i)) for i, (n, _) in enumerate(UNITS)]
    assert [m.tier for m in r.members] == ["lead"] + ["core"] * (len(UNITS) - 1)


def test_a_tier_column_merged_down_and_a_class_column_before_the_tier_column():
    """层级 | 序号 | 单位名称 with 核心层单位 merged over its rows; 单位类别 (a kind) before 层级."""
    d = docx.Document()
    for p in COVER:
        d.add_paragraph(p)
    d.add_paragraph("成员单位如下：")
    t = d.add_table(rows=len(UNITS) + 1, cols=4)
    for j, h in enumerate(["层级", "序号", "单位名称", "单位类型"]):
        t.cell(0, j).text = h
    groups = {
        "lead": "牵头单位",
        "core": "核心层单位",
        "close": "紧密合作层单位",
        "general": "一般协作层单位",
    }
    start = 1
    for i, (n, tier) in enumerate(UNITS, start=1):
        t.cell(i, 1).text, t.cell(i, 2).text, t.cell(i, 3).text = str(i), n, "企业"
        if i == len(UNITS) or UNITS[i][1] != tier:
            t.cell(start, 0).merge(t.cell(i, 0)).text = groups[tier]
            start = i + 1
    import io

    buf = io.BytesIO()
    d.save(buf)
    r = extract(buf.getvalue())
    assert [(m.name, m.tier) for m in r.members] == UNITS

    rows = [["序号", "单位名称", "单位类别", "统一社会信用代码", "层级", "主要分工"]]
    rows += [
        [
            str(i + 1),
            n,
            "企业",
            code(i),
            {"lead": "牵头单位", "core": "核心层", "close": "紧密合作层", "general": "一般合作层"}[t],
            "负责攻关",
        ]
        for i, (n, t) in enumerate(UNITS)
    ]
    r = extract(build([*COVER, "成员单位名单", rows]))
    assert [(m.name, m.tier) for m in r.members] == UNITS


def test_counts_and_figures_in_pairs_of_cells_sentences_in_cells_and_wrapped_amounts():
    form = [
        ["联合体名称", "广西壮族自治区新材料创新联合体", "", ""],
        ["成员数量", "成员总数６家（含牵头单位），其中企业４家、高校１家、科研院所１家", "", ""],
        ["平台数量", "国家级2个，自治区级4个", "", ""],
        ["牵头单位营业收入", "６５０００万元", "研发投入强度", "2.4％"],
        ["国家级平台", "（个）", "2", ""],
    ]
    years = [
        ["牵头单位近三年研发投入", "2022年", "2023年", "2024年"],
        ["金额", "1,198.5万元", "1,394.5万元", "1,560.9万元"],
    ]
    wrapped = [["牵头单位上年度营业收入", "人民币\n3,500,000\n,000元"]]
    r = extract(build([*COVER, form, years]))
    assert (r.declared_counts.members, r.declared_counts.enterprises, r.declared_counts.universities) == (
        6,
        4,
        1,
    )
    assert (r.platform_counts.national, r.platform_counts.provincial) == (2, 4)
    assert r.rd.revenue_cny == 650_000_000 and r.rd.rd_intensity_pct == 2.4
    assert [(x.year, x.amount_cny) for x in r.rd.rd_expense_cny] == [
        (2022, 11_985_000),
        (2023, 13_945_000),
        (2024, 15_609_000),
    ]
    r = extract(build([*COVER, wrapped]))
    assert r.rd.revenue_cny == 3_500_000_000
    r = extract(
        build(
            [
                *COVER,
                f"{LEAD}近三年研发投入分别为２０２１年１０４６１．５万元、2022年人民币120,934,000元、2023年1.26009亿元。",
            ]
        )
    )
    assert [x.amount_cny for x in r.rd.rd_expense_cny] == [104_615_000, 120_934_000, 126_009_000]


def test_labels_above_their_values_or_run_into_them():
    r = extract(
        build(
            [
                "云南省创新联合体组建申请表",
                "联合体名称",
                "云南省高原特色现代农业创新联合体",
                "牵头单位",
                LEAD,
                "填报日期２０２５年８月２５日",
                "协议生效时间2025-08-08",
                "首席专家梁浩秀（教授级高级工程师）",
                "联系人：联盟秘书处",
            ]
        )
    )
    assert r.consortium_name == "云南省高原特色现代农业创新联合体"
    assert r.lead_units == [LEAD]
    assert (r.filing_date, r.agreement_effective_date) == ("2025-08-25", "2025-08-08")
    assert (r.chief_scientist.name, r.chief_scientist.title) == ("梁浩秀", "教授级高级工程师")
    assert r.contact.person is None, "a body to contact is no person"


def test_a_members_row_carried_over_a_page_completes_its_name_and_code():
    """A row that splits at a page break: 保山嘉宇网络 | 91652901 on one page, 科技集团股份有限公司 |
    MA69R2L963 under the repeated header on the next. No CREDIT_CODE_MISSING for it."""
    from pipeline.documents import process_bytes

    head = ["序号", "单位名称", "统一社会信用代码", "层级"]
    first = [head] + [[str(i + 1), n, code(i), "核心层"] for i, (n, _) in enumerate(UNITS[:-1])]
    last, c = "北海云海化工集团股份有限公司", code(9)
    first.append([str(len(UNITS)), last[:6], c[:8], "一般"])
    second = [head, ["", last[6:], c[8:], "协作层"]]
    r = process_bytes("x.docx", build([*COVER, "成员单位名单", first, second]))
    assert (r.members[-1].name, r.members[-1].credit_code) == (last, c)
    assert not [f for f in r.flags if f.code == "CREDIT_CODE_MISSING"]
    # a table without a number column, the split after 集团 (a name of its own before the break):
    # the code cut short and finished on the next page says the row runs on
    head = ["单位名称", "统一社会信用代码", "所在地", "主要分工"]
    first = [head, [last[:8], c[:16], "北海", "负责总装"]]
    second = [head, [last[8:], c[16:], "", "并负责联合体日常运行。"]]
    second += [[n, code(i), "南宁", "研发"] for i, (n, _) in enumerate(UNITS[:3])]
    r = process_bytes("x.docx", build([*COVER, "成员单位名单", first, second]))
    assert (r.members[0].name, r.members[0].credit_code) == (last, c)
    assert "股份有限公司" not in [m.name for m in r.members]
    assert not [f for f in r.flags if f.code == "CREDIT_CODE_MISSING"]


def test_a_platforms_level_is_the_ticked_box():
    rows = [
        ["平台名称", "级别", "依托单位"],
        ["广西新材料工程技术研究中心", "☐国家级☒省级", LEAD],
        ["国家新材料工程研究中心", "☒国家级☐省级", LEAD],
    ]
    r = extract(build([*COVER, "已建科研平台情况", rows]))
    assert [p.level for p in r.platforms] == ["provincial", "national"]


def test_legacy_lists_by_role_by_semicolon_and_members_beside_guests_and_approvers():
    r = extract(
        build(
            [
                "广西某某产业技术创新战略联盟章程",
                "第二条经中国科学院批准，中国科学院控股有限公司发起成立本联盟。",
                "第六条联盟设理事会，理事长单位由广西某工业大学担任。",
                "成立大会上，广西壮族自治区农业科学院副院长张三、南宁远山科技有限责任公司董事长李四等代表参加。",
                "附件：联盟成员单位名单",
                "1．广西某工业大学（理事长单位）",
                "2．柳州河畔机械有限公司（副理事长单位）",
                "3．北海云海化工有限公司",
                "成员单位，梧州林业工程技术研究中心；钦州港湾物流有限公司；贵港凌晨新材料科技有限公司",
            ]
        )
    )
    names = [m.name for m in r.members]
    assert r.lead_units == ["广西某工业大学"]
    for n in [
        "中国科学院控股有限公司",
        "广西某工业大学",
        "柳州河畔机械有限公司",
        "北海云海化工有限公司",
        "梧州林业工程技术研究中心",
        "钦州港湾物流有限公司",
        "贵港凌晨新材料科技有限公司",
    ]:
        assert n in names, n
    for guest in ["中国科学院", "广西壮族自治区农业科学院", "南宁远山科技有限责任公司"]:
        assert guest not in names, guest
    assert not any("理事长单位" in n for n in names)


def test_two_framed_lists_in_one_sentence_and_an_agreements_dates_with_a_stray_point():
    from extractors.unit_lists import complete_list
    from extractors.units import find_units

    t = "首批成员单位包括科恒实业、大长江集团、道氏技术、长优实业等14家企业，以及五邑大学、江门职院、南方职院等3家高校。"
    assert [u.name for u in complete_list(t, find_units(t))] == [
        "科恒实业",
        "大长江集团",
        "道氏技术",
        "长优实业",
        "五邑大学",
        "江门职院",
        "南方职院",
    ]
    r = extract(
        build(["广西壮族自治区新材料创新联合体组建协议", "本协议自2023.年02月01日起生效，有效期三年。"])
    )
    assert r.agreement_effective_date == "2023-02-01"


def test_a_chief_with_a_labelled_title_a_date_before_a_name_and_a_tiered_pair():
    """拟聘首席科学家：张三，职务/职称：教授 (a 科研简历 heading is no name); 2025年06月04日来宾…
    (the date's 日 is not the name's, 日照… keeps its own); 甲公司、乙工程技术研究中心为一般协作层."""
    r = extract(
        build(
            [
                *COVER,
                "联合体拟聘首席科学家：薛琳，职务/职称：中国工程院院士。",
                "推荐首席科学家科研简历",
                "薛琳，中国工程院院士，长期从事气象学研究。",
            ]
        )
    )
    assert (r.chief_scientist.name, r.chief_scientist.title) == ("薛琳", "中国工程院院士")
    from extractors.units import find_units

    assert [u.name for u in find_units("2025年06月04日来宾翰泰液压科技有限公司（盖章）")] == [
        "来宾翰泰液压科技有限公司"
    ]
    assert [u.name for u in find_units("2025年6月4日日照港集团有限公司（盖章）")] == ["日照港集团有限公司"]
    lines = [
        "广西壮族自治区新材料创新联合体组建协议",
        f"联合体由{LEAD}牵头，广西某工业大学、广西某材料研究院等2家单位构成核心层；"
        "北海云海化工有限公司、北海新材料工程技术研究中心为一般协作层。",
    ]
    r = extract(build(lines))
    assert [(m.name, m.tier) for m in r.members][-2:] == [
        ("北海云海化工有限公司", "general"),
        ("北海新材料工程技术研究中心", "general"),
    ]


def test_a_bracket_left_open_at_a_lines_end_a_zone_committee_as_a_party_and_a_far_distractor():
    """…（社会信用代码： / 9165…），为联合体核心层单位 is one paragraph (the code and tier kept);
    己方：永川高新技术产业开发区管理委员会 is a member and signs; 上下游 far back in a long clause
    does not make the lead's R&D series a distractor."""
    from extractors.readers.lines import lines_to_paragraphs

    lines = [
        ("4．中国科学院新疆生态与地理研究所（社会信用代码：", (98.0, 335.0, 384.0, 347.0)),
        ("126500002338173106），为联合体核心层单位。", (98.0, 352.0, 369.0, 364.0)),
        ("5．昌吉宏航实业集团股份有限公司（社会信用代码：", (98.0, 373.0, 372.0, 385.0)),
    ]
    paras = lines_to_paragraphs(lines, 1, 0, 595.0, 842.0)
    assert [p.text for p in paras][
        0
    ] == "4．中国科学院新疆生态与地理研究所（社会信用代码：126500002338173106），为联合体核心层单位。"
    assert len(paras) == 2

    zone = "永川高新技术产业开发区管理委员会"
    r = extract(
        build(
            [
                "重庆市永川区智能装备创新联合体组建协议",
                f"甲方：{LEAD}（牵头单位）",
                f"统一社会信用代码：{code(1)}。",
                "乙方：广西某工业大学",
                f"丙方：{zone}",
                "联合体由本协议甲方牵头，其余各方为成员单位。",
                "（以下无正文）",
                [
                    ["甲方（盖章）：\n" + LEAD, "乙方（盖章）：\n广西某工业大学"],
                    ["丙方（盖章）：\n" + zone, ""],
                ],
            ]
        )
    )
    assert [m.name for m in r.members] == [LEAD, "广西某工业大学", zone]
    assert r.members[0].credit_code == code(1)
    assert zone in r.signatories

    r = extract(
        build(
            [
                *COVER,
                f"{LEAD}是行业骨干企业，具备牵头组织产业链上下游协同创新的能力等近三年（经审计）研发投入分别为"
                "2022年0.55147亿元、2023年0.67647亿元、2024年0.73504亿元。",
            ]
        )
    )
    assert [x.amount_cny for x in r.rd.rd_expense_cny] == [55_147_000, 67_647_000, 73_504_000]


def test_an_amount_parted_from_its_unit_and_specks_ocr_reads_into_codes():
    """…分别为 16419 万 / 元、20294万元 is one sentence; a quote or point OCR reads into or before
    a code (12530000042"/960325K, .统一社会信用代码：…) leaves the code whole."""
    from extractors.fields.member_tables import code_row_of
    from extractors.readers.lines import lines_to_paragraphs
    from extractors.units import find_codes

    lines = [
        (
            "牵头企业年主营业务收入达480000万元，2021—2023 年研发投入分别为 16419 万",
            (71.0, 256.0, 483.0, 267.0),
        ),
        ("元、20294万元、22080万元，研发经费占营业收入比重达4.6%。", (72.0, 271.0, 516.0, 281.0)),
    ]
    assert len(lines_to_paragraphs(lines, 1, 0, 595.0, 842.0)) == 1
    assert [c for c, _, _ in find_codes('12530000042"\n960325K')] == ["12530000042960325K"]
    assert code_row_of([".统一社会信用代码：91450800MAQM5HP82W"]) == "91450800MAQM5HP82W"


def test_two_names_in_rows_under_a_merged_number_stay_two_members():
    """A scan's grid that merged a number and a code cell over two rows, each row naming a unit
    of its own: both are members, never one name made of the two."""
    import io

    d = docx.Document()
    for p in COVER:
        d.add_paragraph(p)
    d.add_paragraph("成员单位在行业（或领域）中地位的简要说明")
    t = d.add_table(rows=4, cols=4)
    for j, h in enumerate(["序号", "统一社会信用代码", "单位名称", "分工"]):
        t.cell(0, j).text = h
    t.cell(1, 0).text, t.cell(1, 1).text, t.cell(1, 2).text, t.cell(1, 3).text = "1", code(0), LEAD, "牵头"
    t.cell(2, 0).merge(t.cell(3, 0)).text = "2"
    t.cell(2, 1).merge(t.cell(3, 1)).text = code(3)
    t.cell(2, 2).text, t.cell(2, 3).text = UNITS[3][0], "负责中试"
    t.cell(3, 2).text, t.cell(3, 3).text = UNITS[4][0], "负责推广"
    buf = io.BytesIO()
    d.save(buf)
    r = extract(buf.getvalue())
    assert [m.name for m in r.members] == [LEAD, UNITS[3][0], UNITS[4][0]]
