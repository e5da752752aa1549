"""The eight clauses (and 云南's two) in agreements written in several ways."""

from __future__ import annotations

import io
from collections.abc import Sequence

import docx

from extractors.extract import extract_document
from extractors.readers.docx_reader import read_docx
from models.record import CLAUSE_KEYS, Source
from pipeline.rules.engine import document_flags

EIGHT = CLAUSE_KEYS[:8]  # the contract's eight clauses (README: The eight mandatory clauses)

MEMBERS = ["南宁铝业股份有限公司", "广西大学", "广西科学院", "柳州华信科技有限公司"]


def agreement(
    headings: Sequence[str | None],
    bodies: dict[int, list[str]] | None = None,
    sign: bool = True,
    province: str = "广西壮族自治区",
) -> bytes:
    d = docx.Document()
    d.add_paragraph(f"{province}创新联合体组建协议")
    d.add_paragraph(f"创新联合体名称：{province}高端铝材创新联合体")
    d.add_paragraph("牵头单位：南宁铝业股份有限公司（盖章）")
    default = {
        0: [
            "1．牵头单位",
            MEMBERS[0],
            "2．核心层单位",
            MEMBERS[1],
            MEMBERS[2],
            "3．紧密合作单位",
            MEMBERS[3],
        ],
        1: ["联合体聚焦铝材产业链关键核心技术，力争攻克关键核心技术8项以上。"],
        2: [f"（{i + 1}）{m}：负责相关关键技术攻关与示范应用。" for i, m in enumerate(MEMBERS)],
        3: [
            "（一）牵头单位负责联合体的组织管理。",
            "（二）各成员单位享有参与重大事项决策的权利，承担按时完成任务的义务。",
        ],
        4: ["成员单位单独完成的科技成果，知识产权归完成单位所有，转化收益按贡献分配。"],
        5: ["各成员单位应严格遵守科研诚信规定，不得弄虚作假，对失信行为依规追究。"],
        6: ["成员单位不履行本协议约定义务的，可视情节给予通报直至取消成员资格。"],
    }
    bodies = {**default, **(bodies or {})}
    for i, h in enumerate(headings):
        if h is not None:
            d.add_paragraph(h)
        for line in bodies.get(i, []):
            d.add_paragraph(line)
    if sign:
        d.add_paragraph("八、所有成员单位签章")
        for m in MEMBERS:
            d.add_paragraph(f"{m}（盖章）")
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def run(data: bytes):
    """Read, extract and judge by the document's rules (the flags come from the rule packs)."""
    rec = extract_document(read_docx(data), Source(path="a.docx", sha256="0" * 64))
    rec.flags = document_flags(rec)
    return rec


STD = [
    "一、参与单位",
    "二、技术创新目标",
    "三、任务具体分工",
    "四、各成员单位的责权利",
    "五、科技成果、知识产权归属、许可使用和转化收益分配办法",
    "六、科研诚信追究方式",
    "七、违约责任追究方式",
]


def test_template_agreement_has_all_eight():
    rec = run(agreement(STD))
    assert rec.doc_type == "agreement"
    for k in EIGHT:
        assert rec.clauses[k].present and rec.clauses[k].filled, k
    assert [m.name for m in rec.members] == MEMBERS
    assert [m.tier for m in rec.members] == ["lead", "core", "core", "close"]
    assert rec.signatories == MEMBERS
    assert not rec.flags


def test_article_numbering_and_reworded_headings():
    heads = [
        "第一条 联合体成员及层级",
        "第二条 创新目标",
        "第三条 各成员单位任务分工",
        "第四条 成员单位的权利和义务",
        "第五条 知识产权归属及收益分配",
        "第六条 科研诚信要求",
        "第七条 违约责任",
    ]
    rec = run(agreement(heads))
    assert all(rec.clauses[k].present and rec.clauses[k].filled for k in EIGHT)
    assert rec.clauses["integrity"].heading.replace(" ", "") == "第六条科研诚信要求"


def test_merged_heading_covers_two_clauses():
    heads = STD[:6] + ["七、违约责任及争议解决"]
    bodies = {
        6: [
            "成员单位违约的，应依法承担赔偿责任。",
            "因履行本协议发生的争议，由各方协商解决；协商不成的，提起诉讼。",
        ]
    }
    rec = run(agreement(heads, bodies))
    assert rec.clauses["breach_liability"].heading == "七、违约责任及争议解决"
    assert rec.clauses["dispute_resolution"].heading == "七、违约责任及争议解决"
    assert rec.clauses["dispute_resolution"].filled


def test_clause_found_by_content_names_its_section():
    bodies = {
        3: [
            "（一）牵头单位负责联合体的组织管理。",
            "（二）联合体解散时，由牵头单位组织清算，共有资产按出资比例分配。",
        ]
    }
    rec = run(agreement(STD, bodies, province="云南省"))
    assert rec.jurisdiction == "yunnan"
    assert (
        rec.clauses["dissolution"].present and rec.clauses["dissolution"].heading == "四、各成员单位的责权利"
    )
    # 云南 requires dispute resolution too: missing here, so it is flagged
    codes = {(f.code, f.evidence) for f in rec.flags}
    assert ("CLAUSE_MISSING", "dispute_resolution") in codes
    assert ("CLAUSE_MISSING", "dissolution") not in codes


def test_missing_and_empty_clauses_are_flagged_with_their_key():
    heads = STD[:5] + ["六、科研诚信追究方式", None]
    bodies: dict[int, list[str]] = {5: [], 6: []}
    rec = run(agreement(heads, bodies))
    assert rec.clauses["integrity"].present and not rec.clauses["integrity"].filled
    assert not rec.clauses["breach_liability"].present
    flags = {(f.code, f.evidence) for f in rec.flags}
    assert ("CLAUSE_EMPTY", "integrity") in flags
    assert ("CLAUSE_MISSING", "breach_liability") in flags
    assert all(
        f.consortium == "广西壮族自治区高端铝材创新联合体" and f.document == "a.docx" for f in rec.flags
    )


def test_unsigned_member_is_flagged():
    data = agreement(STD, sign=False)
    d = docx.Document(io.BytesIO(data))
    d.add_paragraph("八、所有成员单位签章")
    for m in MEMBERS[:3]:
        d.add_paragraph(f"{m}（盖章）")
        d.add_paragraph("法定代表人或授权代表（签字）：")
    buf = io.BytesIO()
    d.save(buf)
    rec = run(buf.getvalue())
    missing = [f for f in rec.flags if f.code == "SIGNATURE_MISSING"]
    assert [f.unit for f in missing] == [MEMBERS[3]]
    assert MEMBERS[0] in missing[0].evidence


def test_application_labels_reworded_and_reordered():
    """A form in another layout: labels reworded, counts without 数量, rows in another order."""
    from extractors.fields.labels import find_fields

    d = docx.Document()
    d.add_paragraph("云南省创新联合体组建申请表")
    rows = [
        ("成员单位总数", "9", "企业数", "6"),
        ("国家级平台数（个）", "2", "省级平台数（个）", "5"),
        ("牵头企业", "昆明甲科技有限公司", "联系方式", "(0871)6123456"),
        ("创新联合体名称", "云南省乙创新联合体", "所属产业领域", "新材料"),
    ]
    t = d.add_table(rows=len(rows), cols=4)
    for i, r in enumerate(rows):
        for j, v in enumerate(r):
            t.cell(i, j).text = v
    buf = io.BytesIO()
    d.save(buf)
    fv = {k: v.value for k, v in find_fields(read_docx(buf.getvalue())).items()}
    assert fv["members"] == "9" and fv["enterprises"] == "6"
    assert fv["national"] == "2" and fv["provincial"] == "5"
    assert fv["lead"] == "昆明甲科技有限公司" and fv["consortium_name"] == "云南省乙创新联合体"
    rec = run(buf.getvalue())
    assert rec.contact.phone == "0871-6123456"
    assert rec.industry == "新材料"


def test_a_list_numbered_again_from_1_inside_a_clause_is_its_body():
    """Typed or OCR'd numbers carry no level: "1. 参与单位" then "1. 牵头单位 2. 核心层单位 …"
    then "2. 技术创新目标": the inner 1, 2, 3 are the first clause's body, not empty clauses."""
    arabic = [f"{i + 1}. {h.split('、', 1)[1]}" for i, h in enumerate(STD)]
    inner = {
        0: ["1. 牵头单位", MEMBERS[0], "2. 核心层单位", MEMBERS[1], MEMBERS[2], "3. 紧密合作单位", MEMBERS[3]]
    }
    rec = run(agreement(arabic, inner))
    for k in EIGHT:
        assert rec.clauses[k].present and rec.clauses[k].filled, k
    assert rec.clauses["participants"].heading == "1. 参与单位"
    assert [m.tier for m in rec.members] == ["lead", "core", "core", "close"]
    assert not [f for f in rec.flags if f.code.startswith("CLAUSE")]
    # a truly empty first clause is still found empty
    rec = run(agreement(arabic, {0: []}))
    assert not rec.clauses["participants"].filled


def test_a_short_agreement_signed_without_a_heading_keeps_its_first_signers():
    """No heading over the signature block and a short text: the block starts at the first seal
    line of the run that ends the document, however early in it that falls."""
    d = docx.Document()
    d.add_paragraph("广西六堡茶产业技术创新战略联盟协议书")
    d.add_paragraph("第一条 联盟成员")
    d.add_paragraph("发起单位：" + "；".join(MEMBERS) + "。")
    d.add_paragraph("第二条 其他")
    d.add_paragraph("本协议自各方签字盖章之日起生效。")
    d.add_paragraph("签署单位（盖章）：")
    for i, m in enumerate(MEMBERS):
        d.add_paragraph(f"{'牵头单位' if i == 0 else '成员单位'}（盖章）：{m}")
        d.add_paragraph("法定代表人或授权代表（签字）：")
        d.add_paragraph("日期：    年  月  日")
    buf = io.BytesIO()
    d.save(buf)
    rec = run(buf.getvalue())
    assert rec.signatories == MEMBERS
    assert not [f for f in rec.flags if f.code == "SIGNATURE_MISSING"]


def test_results_to_transfer_as_a_task_or_ip_as_a_goal_is_no_ip_clause():
    """负责…成果转化 is a member's task and 自主知识产权 a goal's words: neither says who owns the
    results or shares their benefit, so an agreement without that clause lacks it."""
    heads = STD[:4] + [None] + STD[5:]
    bodies: dict[int, list[str]] = {
        1: ["力争突破关键核心技术8项，形成一批具有自主知识产权的重大成果。"],
        2: [f"（{i + 1}）{m}：负责示范应用及成果转化。" for i, m in enumerate(MEMBERS)],
        4: [],
    }
    rec = run(agreement(heads, bodies))
    assert not rec.clauses["ip_benefit"].present
    assert ("CLAUSE_MISSING", "ip_benefit") in {(f.code, f.evidence) for f in rec.flags}
    # written without its heading, the clause is found by what it says
    bodies[4] = ["联合体研发形成的知识产权归完成单位所有，转化收益按贡献分配。"]
    rec = run(agreement(heads, bodies))
    assert rec.clauses["ip_benefit"].present


def test_the_leads_management_and_the_members_obligations_are_no_task_division():
    """负责联合体的组织管理，统筹…开展技术攻关 is the lead's management (its 攻关 is the next
    clause's) and 承担按时完成约定任务的义务 an obligation: neither gives a member its work, so an
    agreement without the clause lacks it; a member given its work, headed or not, has it."""
    heads = STD[:2] + [None] + STD[3:]
    bodies: dict[int, list[str]] = {
        2: [],
        3: [
            "牵头单位负责联合体的组织管理，统筹协调各成员单位开展技术攻关，按约定投入研发经费。",
            "各成员单位享有参与重大事项决策的权利，承担按时完成约定任务、保守联合体商业秘密的义务。",
        ],
    }
    rec = run(agreement(heads, bodies))
    assert not rec.clauses["task_division"].present
    assert ("CLAUSE_MISSING", "task_division") in {(f.code, f.evidence) for f in rec.flags}
    bodies[2] = [f"{m}承担铝合金材料关键技术研究任务。" for m in MEMBERS]
    rec = run(agreement(heads, bodies))
    assert rec.clauses["task_division"].present and rec.clauses["task_division"].filled


def test_a_members_line_with_the_codes_label_left_empty_is_a_missing_code():
    """Members listed as lines with their code's label (1. 甲公司（牵头单位），统一社会信用代码：9145…):
    the agreement asks for every member's code, and a label left empty is flagged."""
    from tests.factories import credit_code as code

    lines = ["1．牵头单位", f"{MEMBERS[0]}，统一社会信用代码：{code(0)}", "2．核心层单位"]
    lines += [f"{m}，统一社会信用代码：{code(i + 1)}" for i, m in enumerate(MEMBERS[1:3])]
    lines += ["3．紧密合作单位", f"{MEMBERS[3]}，统一社会信用代码："]
    rec = run(agreement(STD, {0: lines}))
    assert [m.credit_code for m in rec.members][:3] == [code(0), code(1), code(2)]
    assert [(f.code, f.unit) for f in rec.flags if f.code == "CREDIT_CODE_MISSING"] == [
        ("CREDIT_CODE_MISSING", MEMBERS[3])
    ]
    # the same list without any code label asks for none
    assert not [f for f in run(agreement(STD)).flags if f.code == "CREDIT_CODE_MISSING"]
