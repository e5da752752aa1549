"""Fields read wherever and however a document states them: the categories of variation real
submissions carry (issue 10), each on documents built here in several forms."""

from __future__ import annotations

import io

import docx
import pytest
from stdnum.cn import uscc as std

from extractors.extract import extract_document
from extractors.readers.docx_reader import read_docx
from models.record import Source

LEAD = "桂林青山新材料股份有限公司"
UNITS = [
    (LEAD, "lead"),
    ("广西某工业大学", "core"),
    ("广西某材料研究院", "core"),
    ("柳州河畔机械有限公司", "close"),
    ("南宁远山科技有限责任公司", "close"),
    ("北海云海化工有限公司", "general"),
]


def code(i: int, kind: str = "9") -> str:
    body = ("914503" if kind == "9" else "124500") + f"{i:03d}MA5K3Y"[:11].ljust(11, "0")
    body = body[:17]
    return body + std.calc_check_digit(body)


def build(paras_and_tables: list) -> bytes:
    d = docx.Document()
    for x in paras_and_tables:
        if isinstance(x, str):
            d.add_paragraph(x)
        else:
            t = d.add_table(rows=len(x), cols=len(x[0]))
            for i, row in enumerate(x):
                for j, v in enumerate(row):
                    t.cell(i, j).text = v
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def extract(data: bytes):
    return extract_document(read_docx(data), Source(path="x.docx", sha256="0" * 64))


COVER = [
    "广西壮族自治区创新联合体组建申请表",
    "创新联合体名称：广西壮族自治区新材料创新联合体",
    f"牵头单位（盖章）：{LEAD}",
    "填报日期：二〇二五年三月十八日",
]


@pytest.mark.parametrize(
    "basic",
    [
        # basic data as sentences
        [
            "联合体协议生效时间：2025.3.1",
            "联合体成员单位共6家，其中企业4家、高等院校1家、科研院所1家。",
            "联合体内已建国家级平台一个、省级（自治区级）平台十二个。",
            "首席科学家：韦某某（职务/职称：教授）",
            "联系人：李某某联系电话：0771-5551234",
        ],
        # the form cut into several tables, labels left of values
        [
            [["联合体协议生效时间", "2025/3/1"], ["首席科学家", "韦某某"], ["职务/职称", "教授"]],
            "二、基本数据",
            [
                ["成员总数（个）", "6", "企业数量（个）", "4"],
                ["高校数量（个）", "1", "研究机构数量（个）", "1"],
            ],
            [["国家级平台数量", "1", "自治区级平台数量", "12"], ["联系人", "李某某", "电话", "0771-5551234"]],
        ],
        # labels in a header row, values in the row below
        [
            [["联合体协议生效时间", "首席科学家", "职务/职称"], ["2025年3月1日", "韦某某", "教授"]],
            [["成员总数", "企业数量", "高校数量", "研究机构数量"], ["6", "4", "1", "1"]],
            [["国家级平台数量", "省级平台数量", "联系人", "联系电话"], ["1", "12", "李某某", "0771-5551234"]],
        ],
    ],
)
def test_basic_data_in_sentences_tables_and_header_rows(basic):
    members = [["序号", "统一社会信用代码", "单位名称", "地位及分工"]] + [
        [str(i + 1), code(i), n, ("牵头单位。" if i == 0 else "") + "负责相关攻关任务。"]
        for i, (n, _) in enumerate(UNITS)
    ]
    r = extract(build(COVER + basic + ["成员单位情况", members]))
    assert r.doc_type == "application"
    assert r.agreement_effective_date == "2025-03-01"
    assert (r.chief_scientist.name, r.chief_scientist.title) == ("韦某某", "教授")
    assert r.declared_counts.model_dump() == {
        "members": 6,
        "enterprises": 4,
        "universities": 1,
        "institutes": 1,
    }
    assert r.platform_counts.model_dump() == {"national": 1, "provincial": 12}
    assert (r.contact.person, r.contact.phone) == ("李某某", "0771-5551234")
    assert r.filing_date == "2025-03-18"
    assert [m.name for m in r.members] == [n for n, _ in UNITS]
    assert [m.credit_code for m in r.members] == [code(i) for i in range(len(UNITS))]
    assert r.members[0].tier == "lead"


def test_member_table_split_over_pages_with_its_header_repeated_and_code_on_its_own_line():
    head = ["序号", "单位名称及统一社会信用代码", "单位类型", "层级"]
    cn = {"lead": "牵头单位", "core": "核心层", "close": "紧密合作层", "general": "一般协作层"}
    rows = [
        [str(i + 1), f"{n}\n{code(i)}", "企业" if "公司" in n else "高校", cn[t]]
        for i, (n, t) in enumerate(UNITS)
    ]
    r = extract(build(COVER + ["成员单位名单", [head] + rows[:3], "（续表）", [head] + rows[3:]]))
    assert [m.name for m in r.members] == [n for n, _ in UNITS]
    assert [m.credit_code for m in r.members] == [code(i) for i in range(len(UNITS))]
    assert [m.tier for m in r.members] == [t for _, t in UNITS]


@pytest.mark.parametrize(
    "layout", ["label_cell_row", "label_and_code_in_one_cell", "label_value_pairs", "numbered_lines"]
)
def test_credit_code_on_a_row_or_line_of_its_own_under_its_unit(layout):
    """The code written under its unit (a row 统一社会信用代码 | 9145…, or a line) belongs to that
    unit; its label is never read as a member."""
    head = ["序号", "单位名称", "单位类型", "层级"]
    body: list = []
    if layout == "label_cell_row":
        rows = [
            r
            for i, (n, t) in enumerate(UNITS)
            for r in ([str(i + 1), n, "企业", t], ["", "统一社会信用代码", code(i), ""])
        ]
        body = ["一、联合体成员单位", [head] + rows]
    elif layout == "label_and_code_in_one_cell":
        rows = [
            r
            for i, (n, t) in enumerate(UNITS)
            for r in ([str(i + 1), n, "企业", t], ["", f"统一社会信用代码：{code(i)}", "", ""])
        ]
        body = ["一、联合体成员单位", [head] + rows]
    elif layout == "label_value_pairs":
        rows = [r for i, (n, _) in enumerate(UNITS) for r in (["单位名称", n], ["统一社会信用代码", code(i)])]
        body = ["一、联合体成员单位", rows]
    else:  # the lead named earlier in passing, then every unit on a numbered line with its code below
        body = [f"依托{UNITS[1][0]}建设。", "六、牵头和成员单位简要说明"] + [
            x
            for i, (n, _) in enumerate(UNITS)
            for x in (f"{i + 1}. {n}", f"统一社会信用代码：{code(i)}", "在行业中的地位及分工：骨干单位。")
        ]
    r = extract(build(COVER + body))
    got = {m.name: m.credit_code for m in r.members}
    assert "统一社会信用代码" not in got
    assert all(got.get(n) == code(i) for i, (n, _) in enumerate(UNITS)), got


def test_member_table_continued_without_a_header_and_with_tier_rows_inside():
    head = ["单位名称", "统一社会信用代码", "分工"]
    part1 = [head, ["牵头单位", "", ""], [LEAD, code(0), "总体协调"], ["核心层单位", "", ""]] + [
        [n, code(i + 1), "攻关"] for i, (n, _) in enumerate(UNITS[1:3])
    ]
    part2 = (
        [["紧密合作单位", "", ""]]
        + [[n, code(i + 3), "验证"] for i, (n, _) in enumerate(UNITS[3:5])]
        + [
            ["一般协作层单位", "", ""],
            [UNITS[5][0], code(5), "示范"],
        ]
    )
    r = extract(build(COVER + ["成员单位情况", part1, "（续表）", part2]))
    assert [(m.name, m.tier) for m in r.members] == UNITS


@pytest.mark.parametrize(
    "participants",
    [
        [
            f"联合体由{LEAD}牵头组建；核心层单位包括广西某工业大学、广西某材料研究院；紧密合作单位有柳州河畔机械有限公司和南宁远山科技有限责任公司；一般协作层单位为北海云海化工有限公司。"
        ],
        [
            "牵头单位：" + LEAD,
            "核心层单位（2家）：广西某工业大学、广西某材料研究院",
            "紧密合作单位：柳州河畔机械有限公司；南宁远山科技有限责任公司",
            "一般协作层单位：北海云海化工有限公司",
        ],
        [
            "1．牵头单位",
            LEAD,
            "2．核心层单位",
            "广西某工业大学",
            "广西某材料研究院",
            "3．紧密合作单位",
            "柳州河畔机械有限公司",
            "南宁远山科技有限责任公司",
            "4．一般协作层单位",
            "北海云海化工有限公司",
        ],
        [
            f"{LEAD}为牵头单位，广西某工业大学、广西某材料研究院为核心层单位，柳州河畔机械有限公司、南宁远山科技有限责任公司为紧密合作单位，北海云海化工有限公司为一般协作层单位。"
        ],
    ],
)
def test_agreement_parties_in_prose_lists_and_tier_headings(participants):
    body = (
        ["广西壮族自治区新材料创新联合体组建协议", "联合体组成"]
        + participants
        + [
            "建设目标",
            "联合体聚焦新材料产业链关键核心技术，力争到2028年攻克关键核心技术8项以上。",
            "任务分工及各方权利义务",
            "各成员单位按分工负责相关关键技术攻关与示范应用，享有参与重大事项决策的权利，应当按时完成研发任务。",
            "知识产权",
            "联合体成员单位单独完成的科技成果，知识产权归完成单位所有。",
            "科研诚信与违约责任",
            "各成员单位应严格遵守科研诚信规定，不得弄虚作假。成员单位不履行本协议约定义务的，违约方应依法承担赔偿责任。",
            "其他",
            "本协议自二〇二五年三月十八日起生效。联合体解散时，由牵头单位组织清算。因履行本协议发生的争议，由各方协商解决。",
            "各方签章",
            "牵头单位（盖章）：",
            f"{LEAD}",
            "核心层单位（盖章）：广 西 某 工 业 大 学",
        ]
        + [f"{'紧密合作单位' if t == 'close' else '成员单位'}（盖章）：{n}" for n, t in UNITS[2:]]
        + ["签订日期：2025年3月18日"]
    )
    r = extract(build(body))
    assert r.doc_type == "agreement"
    assert [(m.name, m.tier) for m in r.members] == UNITS
    assert r.agreement_effective_date == "2025-03-18"
    assert sorted(r.signatories) == sorted(n for n, _ in UNITS)
    assert all(c.present and c.filled for c in r.clauses.values()), {
        k: (c.present, c.filled) for k, c in r.clauses.items()
    }
    assert not [f for f in r.flags if f.code in ("CLAUSE_MISSING", "CLAUSE_EMPTY", "SIGNATURE_MISSING")]


def test_legacy_alliance_members_every_way_they_are_written():
    text = [
        "广西某某产业技术创新战略联盟协议书",
        f"为推动产业发展，由{LEAD}牵头，联合广西某工业大学、广西某材料研究院等单位共同发起成立本联盟。",
        "联盟成员单位：柳州河畔机械有限公司；南宁远山科技有限责任公司；北海云海化工有限公司（要删除）",
        "首批会员单位还有",
        "梧州青松林业有限公司",
        "钦州港湾物流有限公司",
        "本联盟接受自治区科学技术厅的指导。",
    ]
    r = extract(build(text))
    assert r.doc_type == "legacy_alliance"
    names = [m.name for m in r.members]
    assert names[0] == LEAD and r.lead_units == [LEAD]
    for n in [
        "广西某工业大学",
        "广西某材料研究院",
        "柳州河畔机械有限公司",
        "南宁远山科技有限责任公司",
        "梧州青松林业有限公司",
        "钦州港湾物流有限公司",
    ]:
        assert n in names
    assert "北海云海化工有限公司" not in names, "a name struck by a drafting note is not a member"
    assert not any("科学技术厅" in n for n in names)


def _agreement_with(signature_block: list) -> bytes:
    parties = [f"{p}方：{n}" for p, (n, _) in zip("甲乙丙丁戊己", UNITS)]
    clauses = [
        "第一条 创新目标 攻克关键核心技术。",
        "第二条 任务分工 各方按分工承担任务。",
        "第三条 违约责任 违约方承担责任。",
        "第四条 本协议自各方签字盖章之日起生效。",
    ]
    return build(["广西壮族自治区新材料创新联合体组建协议", *parties, *clauses, *signature_block])


NAMES = [n for n, _ in UNITS]


@pytest.mark.parametrize(
    "block",
    [
        ["签署页"] + [x for n in NAMES for x in (n[:5], n[5:] + "（盖章）")],  # names broken over lines
        ["各方签章："] + [x for n in NAMES for x in (" ".join(n) + "（盖章）", "2025.3.18")],
        ["签章页"] + [f"{n}（盖章）          二〇二五年三月十八日" for n in NAMES],
        ["各方盖章", [[f"{NAMES[i]}（盖章）", f"{NAMES[i + 1]}（盖章）"] for i in range(0, 6, 2)]],
        ["签字盖章页"] + [x for n in NAMES for x in ("单位名称（盖章）：", n, "日期：")],
        ["签署页"] + [f"{n}（盖章）" for n in NAMES] + ["附件1 联合体成员单位名单、分工及联系方式一览表"],
    ],
)
def test_signature_blocks_every_way_they_are_laid_out(block):
    r = extract(_agreement_with(block))
    assert r.signatories == NAMES


@pytest.mark.parametrize(
    ("body", "title"),
    [
        (["首席科学家：王建国", "职称：教授"], "教授"),
        ([[["首席科学家", "王建国", "职称", "教授"]]], "教授"),
        (["联合体由广西某工业大学王建国教授担任首席科学家，负责技术路线。"], "教授"),
        (["首席科学家为王建国（正高级工程师），长期从事新材料研究。"], "正高级工程师"),
        (["联合体聘请王建国研究员为首席科学家。"], "研究员"),
        (["王建国，男，1970年生，教授，博士生导师，为本联合体首席科学家。"], "教授"),
        (["王建国教授（广西某工业大学）任联合体首席科学家。"], "教授"),
        (["联合体聘请广西某工业大学王建国为首席科学家，王建国为教授、博士生导师。"], "教授"),
        (["（三）首席科学家", "王建国，教授，广西某工业大学材料学院院长。"], "教授"),
        (["首席科学家", "姓名：王建国    职称：教授"], "教授"),
        (["首席科学家  王建国  研究员级高级工程师"], "研究员级高级工程师"),
        # the cell holding the unit, or the title first; a sub-label between label and name
        ([[["推荐首席专家（科学家）", "广西某工业大学王建国教授", "职务/职称", ""]]], "教授"),
        ([[["推荐首席专家（科学家）", "研究员王建国", "职务/职称", ""]]], "研究员"),
        ([[["推荐首席专家（科学家）", "姓名", "王建国"], ["", "职务/职称", "研究员"]]], "研究员"),
        # the resume on the heading's line, or a degree before the title
        (
            ["二、推荐首席专家（科学家）科研简历：王建国，男，1968年生，研究员，长期从事新材料研究。"],
            "研究员",
        ),
        (
            ["二、推荐首席专家（科学家）科研简历", "王建国同志，1968年生，博士，研究员，现任副院长。"],
            "研究员",
        ),
        (["二、推荐首席专家（科学家）科研简历", "姓名：王建国", "性别：男", "职称：研究员"], "研究员"),
        (
            [
                [
                    ["姓名", "年龄", "职务/职称", "从事专业", "工作单位", "在联合体中的角色"],
                    ["李四", "45", "高级工程师", "材料", LEAD, "技术负责人"],
                    ["王建国", "55", "教授", "材料", "广西某工业大学", "首席科学家"],
                ]
            ],
            "教授",
        ),
    ],
)
def test_chief_scientist_in_cells_lines_and_sentences(body, title):
    r = extract(build(COVER + ["技术负责人：李四（高级工程师）"] + body))
    assert (r.chief_scientist.name, r.chief_scientist.title) == ("王建国", title)


def test_a_plan_carries_its_team_table_too():
    body = [
        "广西壮族自治区新材料创新联合体建设方案",
        "一、联合体概况",
        f"联合体由{LEAD}牵头，联合广西某工业大学等单位组建。",
        "二、研发团队",
        [
            ["姓名", "年龄", "职务/职称", "从事专业", "工作单位"],
            ["王建国", "55", "教授", "材料", "广西某工业大学"],
            ["李四", "45", "高级工程师", "机械", LEAD],
        ],
    ]
    r = extract(build(body))
    assert r.doc_type == "plan"
    assert [(t.name, t.age, t.title, t.employer) for t in r.team] == [
        ("王建国", 55, "教授", "广西某工业大学"),
        ("李四", 45, "高级工程师", LEAD),
    ]


def test_tiers_stated_with_a_short_name_and_a_lead_in_a_role_column():
    from extractors.fields.alliance import lead_in_text
    from extractors.fields.members import members_in_text

    got = members_in_text(
        [
            "本联合体由石河子远禾乳业股份有限公司（以下简称“远禾乳业”）牵头，联合石河子大学共同组建。",
            "（二）新疆大学（以下简称“新大”）。新大为核心层单位。",
        ]
    )
    assert [(m.name, m.tier) for m in got] == [
        ("石河子远禾乳业股份有限公司", "lead"),
        ("石河子大学", "unspecified"),
        ("新疆大学", "core"),
    ]
    assert (
        lead_in_text("1\t曲靖翔汇普洱茶有限公司\t91530300MA8T51DK4G\t理事长单位\n2\t红河学院\t理事单位")
        == "曲靖翔汇普洱茶有限公司"
    )


def test_a_short_name_in_brackets_is_never_a_member_even_carried_over_a_page():
    from extractors.units import find_units

    text = "广西某工业大学（以下简称“工业大学”）与南宁远山科技有限责任公司（简称远山公司）"
    assert [u.name for u in find_units(text)] == ["广西某工业大学", "南宁远山科技有限责任公司"]
    rows = [[str(i + 1), n, t] for i, (n, t) in enumerate(UNITS)]
    rows.insert(2, ["", "称“工业大学”）", ""])  # the end of row 2's cell, carried over a page
    r = extract(build(COVER + ["成员单位", [["序号", "单位名称", "层级"], *rows]]))
    assert [m.name for m in r.members] == [n for n, _ in UNITS]


def test_a_tier_column_saying_lead_is_no_lead_label_and_a_members_revenue_is_not_the_leads():
    """牵头单位 in a 层级 column is a value, not a label: the cover's 牵头单位 line names the lead.
    A member's own revenue, stated after its name (成员单位X…营业收入), is never the lead's."""
    rec = extract(
        build(
            [
                "广西壮族自治区创新联合体组建申请表",
                "创新联合体名称：广西壮族自治区新材料创新联合体",
                f"牵头单位：{LEAD}（盖章）",
                [
                    ["序号", "单位名称", "单位类型", "层级", "统一社会信用代码", "分工"],
                    *(
                        [
                            str(i + 1),
                            n,
                            "企业",
                            "牵头单位" if t == "lead" else "核心层单位",
                            code(i),
                            "负责攻关",
                        ]
                        for i, (n, t) in enumerate(UNITS)
                    ),
                ],
                "七、合作基础",
                f"成员单位{UNITS[3][0]}2023年营业收入四点八亿元，研发投入2600万元。",
            ]
        )
    )
    assert rec.lead_units == [LEAD]
    assert rec.rd.revenue_cny is None and not rec.rd.rd_expense_cny


def test_a_plans_numbered_members_with_their_tier_in_the_description_and_a_zone_committee():
    """（一）甲公司（以下简称甲）。 then 牵头单位，行业龙头企业…: the description gives the item its
    tier and opens no tier list; a development zone's committee in a numbered item is a member."""
    from extractors.fields.members import members_in_text

    got = members_in_text(
        [
            "三、联合体组成",
            "（一）重庆永川金骏智能装备集团有限公司（以下简称金骏智能装备）。金骏智能装备",
            "牵头单位，智能制造行业龙头企业，负责联合体总体组织协调和关键核心技术攻关。",
            "（二）重庆工程职业技术学院。该单位负责标准制定基础理论研究和人才培养。",
            "（三）永川高新技术产业开发区管理委员会。该单位提供临床验证与应用场景。",
            "（四）重庆永川远昌机器人有限公司。该单位负责相关产品的中试和应用示范。",
            "（五）昆明瑞禾食品研究院有限公司（以下简称“瑞禾研究院”）。瑞禾研究院高新技术企业，负责中试。",
        ]
    )
    assert [(m.name, m.tier) for m in got] == [
        ("重庆永川金骏智能装备集团有限公司", "lead"),
        ("重庆工程职业技术学院", "unspecified"),
        ("永川高新技术产业开发区管理委员会", "unspecified"),
        ("重庆永川远昌机器人有限公司", "unspecified"),
        ("昆明瑞禾食品研究院有限公司", "unspecified"),  # 瑞禾研究院 is its short name, no member
    ]
    assert got[2].kind == "other"


ZONE = "钦州国家农业科技园区管理委员会"
CENTRE = "南宁海关技术中心"


@pytest.mark.parametrize(
    "participants",
    [
        # prose that says how many units: only with the zone's committee is the count right
        [
            f"本联合体由{LEAD}（以下简称“青山新材”）牵头，联合广西某工业大学、{ZONE}、{CENTRE}共四家单位共同组建。"
        ],
        # a tier list that says how many
        [f"{LEAD}为牵头单位，广西某工业大学为核心层单位。", f"一般协作层单位（2家）：{ZONE}、{CENTRE}。"],
        # a tier list without a count: the seal in the signature block confirms them
        [
            f"（一）牵头单位：{LEAD}",
            "（二）核心层单位：广西某工业大学",
            f"（三）紧密合作单位：{ZONE}、{CENTRE}。",
        ],
    ],
)
def test_a_zone_committee_or_a_centre_that_signs_and_seals_is_a_member(participants):
    """Names ending like an authority (管理委员会) or a platform (技术中心) are no unit for the
    recogniser; where the agreement's count of units, or the seal they sign with, says they are
    parties, they are members and signatories."""
    body = (
        ["广西壮族自治区新材料创新联合体组建协议", "一、联合体组成"]
        + participants
        + ["二、任务分工", "各成员单位按分工负责关键技术攻关。", "三、各方签章"]
        + [f"{n}（盖章）    2025年3月18日" for n in (LEAD, "广西某工业大学", ZONE, CENTRE)]
    )
    r = extract(build(body))
    assert [m.name for m in r.members] == [LEAD, "广西某工业大学", ZONE, CENTRE]
    assert r.signatories == [LEAD, "广西某工业大学", ZONE, CENTRE]
    assert not [f for f in r.flags if f.code == "SIGNATURE_MISSING"]


def test_a_platform_or_an_authority_named_beside_the_members_stays_out():
    """Without a count that needs them or a seal, a platform and an authority named among the
    members are no members (the host of a platform is)."""
    r = extract(
        build(
            [
                "广西壮族自治区新材料创新联合体组建协议",
                "一、联合体组成",
                f"本联合体由{LEAD}牵头，联合广西某工业大学、柳州河畔机械有限公司国家企业技术中心共三家单位组建，"
                "接受广西壮族自治区科学技术厅指导。",
                "二、各方签章",
                f"{LEAD}（盖章）",
                "广西某工业大学（盖章）",
                "柳州河畔机械有限公司（盖章）",
            ]
        )
    )
    assert [m.name for m in r.members] == [LEAD, "广西某工业大学", "柳州河畔机械有限公司"]
    assert not any("技术中心" in n or "科学技术厅" in n for n in r.signatories)


def test_a_short_names_definition_wrapped_onto_a_row_of_its_own_is_no_member():
    """喀什某某农业科技有限公司（以下简 / 称“某某农业科技”）: the wrapped tail of the definition,
    in the name column of a row of its own, names nobody."""
    rec = extract(
        build(
            COVER
            + [
                [
                    ["序号", "单位名称", "统一社会信用代码", "层级"],
                    ["1", f"{LEAD}", code(1), "牵头单位"],
                    ["2", "喀什恒宇农业科技有限公司（以下简", code(2), "紧密合作单位"],
                    ["", "称“恒宇农业科技”）", "", ""],
                    ["3", "广西某工业大学", code(3, "1"), "核心层单位"],
                ]
            ]
        )
    )
    assert [m.name for m in rec.members] == [LEAD, "喀什恒宇农业科技有限公司", "广西某工业大学"]


def test_a_member_table_continued_on_another_grid_after_a_page_number():
    """A scan's member table read on one grid, its rest on the next page on another (columns found
    anew), a page number (-3-, as OCR may read it: -3一) between: one list."""
    rows = [
        ["序号", "", "成员单位名称", "", "统一社会信用代码", "", "在联合体内分工"],
        *(
            [str(i + 1), "", n, "", code(i), "", f"{'牵头单位' if t == 'lead' else '核心层单位'}。负责攻关。"]
            for i, (n, t) in enumerate(UNITS[:3])
        ),
    ]
    rest = [
        [str(i + 4), n, code(i + 3), "紧密合作单位。负责示范应用。"] for i, (n, _t) in enumerate(UNITS[3:])
    ]
    rec = extract(build(COVER + [rows, "-3一", rest]))
    assert [m.name for m in rec.members] == [n for n, _t in UNITS]
    assert [m.credit_code for m in rec.members] == [code(i) for i in range(len(UNITS))]


def test_an_agreement_without_a_participants_heading_takes_the_leads_sentence_not_the_signatures():
    """The members an agreement lists in one sentence with its lead (由甲牵头，联合乙、丙…共同组建)
    are its members, also those that did not sign (each then a SIGNATURE_MISSING); a signatory
    cut at a cell's line break is the member the block holds whole."""
    from pipeline.documents import process_bytes

    others = ["广西某工业大学", "广西某材料研究院", "柳州河畔机械有限公司"]
    r = process_bytes(
        "x.docx",
        build(
            [
                "广西壮族自治区新材料创新联合体组建协议",
                f"本联合体由{LEAD}牵头，联合{'、'.join(others)}共四家单位共同组建。",
                "各成员单位按分工负责关键技术攻关。",
                "各成员单位享有参与联合体重大事项决策的权利，承担按时完成约定任务的义务。",
                "共同完成的科技成果，知识产权归完成单位共有，转化收益按贡献比例分配。",
                "各成员单位应严格遵守科研诚信规定。成员单位不履行本协议约定义务的，依法承担违约责任。",
                "本协议自签订之日起生效。",
                "成员单位签字盖章",
                [["桂林青山\n新材料股份有限公司（盖章）", "广西某工业大学（盖章）"]],
            ]
        ),
    )
    assert [m.name for m in r.members] == [LEAD, *others]
    assert r.members[0].tier == "lead"
    assert r.signatories == [LEAD, "广西某工业大学"]
    assert {f.unit for f in r.flags if f.code == "SIGNATURE_MISSING"} == {
        "广西某材料研究院",
        "柳州河畔机械有限公司",
    }


@pytest.mark.parametrize(
    "lines",
    [
        # a comma list with its tier after it, the core 等N家单位构成核心层
        [
            f"本联合体由{LEAD}牵头组建。广西某工业大学，广西某材料研究院为核心层单位；"
            "柳州河畔机械有限公司，南宁远山科技有限责任公司作为紧密合作单位参加；北海云海化工有限公司等单位为一般协作层单位。"
        ],
        [
            f"联合体由{LEAD}牵头，广西某工业大学、广西某材料研究院等2家单位构成核心层；"
            "柳州河畔机械有限公司、南宁远山科技有限责任公司为紧密合作层；北海云海化工有限公司为一般协作层。"
        ],
        # 牵头：甲 as a tier label, one unit a line
        [
            f"牵头：{LEAD}",
            "核心层：",
            "广西某工业大学",
            "广西某材料研究院",
            "紧密合作层：柳州河畔机械有限公司，南宁远山科技有限责任公司",
            "一般协作层：",
            "北海云海化工有限公司",
        ],
    ],
)
def test_tiers_named_after_a_comma_list_or_by_a_bare_lead_label(lines):
    r = extract(
        build(
            [
                "广西壮族自治区新材料创新联合体组建协议",
                "一、联合体组成",
                *lines,
                "二、任务分工",
                "各成员单位按分工负责关键技术攻关。",
            ]
        )
    )
    assert [(m.name, m.tier) for m in r.members] == UNITS


def test_a_party_with_its_code_on_the_next_line_and_a_bracketed_tier_before_a_code():
    r = extract(
        build(
            [
                "广西壮族自治区新材料创新联合体组建协议",
                f"甲方（牵头单位）：{LEAD}",
                f"统一社会信用代码：{code(1)}",
                "乙方：广西某工业大学",
                f"统一社会信用代码：{code(2, '1')}",
                "各成员单位按分工负责关键技术攻关。",
            ]
        )
    )
    assert [(m.name, m.credit_code) for m in r.members] == [(LEAD, code(1)), ("广西某工业大学", code(2, "1"))]
    from extractors.units import find_units

    u = find_units(f"6. 柳州河畔机械有限公司（紧密合作层），统一社会信用代码：{code(3)}")
    assert [(x.name, x.code) for x in u] == [("柳州河畔机械有限公司", code(3))]


def test_a_code_asked_on_a_row_of_its_own_left_empty_is_missing():
    """A member table asking each unit's code on a row under it (统一社会信用代码 | …): the empty
    one is CREDIT_CODE_MISSING for that unit; a 工程技术研究中心 in the name column is a member."""
    from pipeline.documents import process_bytes

    rows = [["序号", "单位名称", "地位与分工"]]
    for i, (n, _t) in enumerate(UNITS[:3], start=1):
        rows += [[str(i), n, "负责关键技术攻关"], ["", "统一社会信用代码", code(i) if i != 3 else ""]]
    rows += [["4", "广西新材料工程技术研究中心", "负责中试"], ["", "统一社会信用代码", code(4, "1")]]
    r = process_bytes("x.docx", build([*COVER, "成员单位情况", rows]))
    assert [m.name for m in r.members] == [n for n, _ in UNITS[:3]] + ["广西新材料工程技术研究中心"]
    assert [f.unit for f in r.flags if f.code == "CREDIT_CODE_MISSING"] == ["广西某材料研究院"]


def test_a_members_duties_carried_over_a_page_keep_its_code_row():
    """A member table split over a page inside a unit's row (its duties run on under the repeated
    header, then its code row): the code is that unit's, and no CREDIT_CODE_MISSING is raised."""
    from pipeline.documents import process_bytes

    head = ["序号", "单位名称", "地位与分工"]
    first = [head]
    for i, (n, _t) in enumerate(UNITS[:2], start=1):
        first += [[str(i), n, "负责关键技术攻关"], ["", "统一社会信用代码", code(i)]]
    first += [["3", UNITS[2][0], "负责中试"]]
    second = [head, ["", "", "验证与推广。"], ["", "统一社会信用代码", code(3, "1")]]
    r = process_bytes(
        "x.docx", build([*COVER, "成员单位情况", first, "广西壮族自治区新材料创新联合体", second])
    )
    assert [(m.name, m.credit_code) for m in r.members] == [
        (UNITS[0][0], code(1)),
        (UNITS[1][0], code(2)),
        (UNITS[2][0], code(3, "1")),
    ]
    assert not [f for f in r.flags if f.code == "CREDIT_CODE_MISSING"]
