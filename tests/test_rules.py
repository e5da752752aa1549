"""Each submission rule of the packs passing and failing on submissions built here (tests/factories.py,
`rule_submission`): thresholds, leads, documents required, the chief scientist."""

from __future__ import annotations

from models.record import RD, ChiefScientist, Member, PlatformRow, RdExpense
from pipeline.rules.engine import evaluate
from pipeline.submission import check_submission
from tests.factories import LEAD_XJ, code, flags_by_code, rows_of, rule_submission

# --- submissions built here ------------------------------------------------------------------------


def test_xinjiang_thresholds():
    members = [
        LEAD_XJ,
        Member(name="新疆大学", tier="core", kind="university"),
        Member(name="新疆乙科技有限公司", tier="close", kind="enterprise"),
        Member(name="新疆丙研究所", tier="general", kind="institute"),
    ]
    rd = RD(
        revenue_cny=2.06e8,
        rd_staff=20,
        rd_expense_cny=[
            RdExpense(year=2022, amount_cny=9e6),
            RdExpense(year=2023, amount_cny=8e6),
            RdExpense(year=2024, amount_cny=9.5e6),
        ],
    )
    sub, docs = rule_submission("xinjiang", members, rd)
    flags = {f.code: f for f in check_submission(sub, docs)}
    assert set(flags) >= {"MEMBERS_BELOW_MIN", "LEAD_REVENUE_LOW", "LEAD_RD_STAFF_LOW", "RD_NOT_GROWING"}
    assert "ENTERPRISE_RATIO_LOW" not in flags  # 2 of 4 is 50%: enough
    assert flags["LEAD_REVENUE_LOW"].severity == "warning"  # 原则上
    assert flags["RD_NOT_GROWING"].severity == "error"
    assert flags["LEAD_REVENUE_LOW"].unit == LEAD_XJ.name
    assert "《新疆维吾尔自治区创新联合体建设工作指引（试行）》二（一）1" in flags["LEAD_REVENUE_LOW"].message
    assert "LEAD_OUTSIDE_JURISDICTION" not in flags
    # and passing: enough members, revenue, staff, growing R&D, enterprises half
    more = members + [
        Member(name=f"新疆{i}号科技有限公司", tier="general", kind="enterprise") for i in range(3)
    ]
    rd = RD(
        revenue_cny=6e8,
        rd_staff=40,
        rd_expense_cny=[RdExpense(year=2022, amount_cny=8e6), RdExpense(year=2023, amount_cny=9e6)],
    )
    sub, docs = rule_submission("xinjiang", more, rd)
    codes = {f.code for f in check_submission(sub, docs)}
    assert not codes & {"MEMBERS_BELOW_MIN", "LEAD_REVENUE_LOW", "LEAD_RD_STAFF_LOW", "RD_NOT_GROWING"}
    few = [LEAD_XJ] + [Member(name=f"新疆{i}号大学", tier="core", kind="university") for i in range(5)]
    sub, docs = rule_submission("xinjiang", few, rd)
    assert "ENTERPRISE_RATIO_LOW" in {f.code for f in check_submission(sub, docs)}


def test_enterprise_share_below_the_rule_but_declared_above_it_is_for_a_person():
    """The list as read gives too few enterprises, but the form declares enough: the kinds (or a
    missed unit) are an open line naming both figures, never a confident ENTERPRISE_RATIO_LOW."""
    few = [LEAD_XJ] + [Member(name=f"新疆{i}号大学", tier="core", kind="university") for i in range(5)]
    rd = RD(revenue_cny=6e8, rd_staff=40)
    sub, docs = rule_submission("xinjiang", few, rd)
    docs[0].declared_counts.members, docs[0].declared_counts.enterprises = 6, 3
    row = next(r for r in evaluate(sub, docs).rows if r.check == "enterprise_share_min")
    assert row.status == "unknown" and "填报成员6家，其中企业3家" in row.message
    assert "ENTERPRISE_RATIO_LOW" not in {f.code for f in check_submission(sub, docs)}
    docs[0].declared_counts.enterprises = 1  # the form agrees there are too few
    assert "ENTERPRISE_RATIO_LOW" in {f.code for f in check_submission(sub, docs)}


def test_lead_registered_elsewhere_and_self_funding_in_yunnan():
    lead = Member(
        name="四川甲有限公司", credit_code=code("91510100MA61XXXX0"), tier="lead", kind="enterprise"
    )
    sub, docs = rule_submission(
        "yunnan", [lead, Member(name="云南大学", tier="core", kind="university")], RD(self_funding_ratio=1.5)
    )
    flags = {f.code: f for f in check_submission(sub, docs)}
    assert flags["LEAD_OUTSIDE_JURISDICTION"].evidence == lead.credit_code
    assert flags["SELF_FUNDING_LOW"].unit == lead.name
    lead = Member(
        name="云南甲有限公司", credit_code=code("91530100MA6KXXXX0"), tier="lead", kind="enterprise"
    )
    sub, docs = rule_submission(
        "yunnan", [lead, Member(name="云南大学", tier="core", kind="university")], RD(self_funding_ratio=2.5)
    )
    codes = {f.code for f in check_submission(sub, docs)}
    assert not codes & {"LEAD_OUTSIDE_JURISDICTION", "SELF_FUNDING_LOW"}


def test_lead_count_and_member_kinds():
    lead = Member(name="广西甲有限公司", tier="lead", kind="enterprise")
    sub, docs = rule_submission(
        "guangxi", [lead, Member(name="广西乙有限公司", tier="core", kind="enterprise")], RD()
    )
    assert "MEMBER_KINDS_FEW" in flags_by_code(sub, docs)  # 广西 2025 第五条（一）: 2 kinds
    sub, docs = rule_submission(
        "guangxi", [lead, Member(name="广西大学", tier="core", kind="university")], RD()
    )
    assert "MEMBER_KINDS_FEW" not in flags_by_code(sub, docs)
    sub, docs = rule_submission(
        "yunnan", [lead, Member(name="云南大学", tier="core", kind="university")], RD()
    )
    sub.lead_units = ["甲", "乙", "丙"]
    assert "LEAD_COUNT_INVALID" in flags_by_code(sub, docs)
    sub.lead_units = ["甲", "乙"]
    assert "LEAD_COUNT_INVALID" not in flags_by_code(sub, docs)


def test_checklist_marks_what_needs_a_human():
    members = [LEAD_XJ] + [
        Member(name=f"新疆{i}号科技有限公司", tier="general", kind="enterprise") for i in range(5)
    ]
    sub, docs = rule_submission("xinjiang", members, RD())
    cl = evaluate(sub, docs)
    by_check = {r.check: r for r in cl.rows}
    assert (
        by_check["lead_revenue_min"].status == "unknown"
        and by_check["lead_revenue_min"].verdict == "待人工确认"
    )
    assert by_check["lead_revenue_min"].look_at
    assert by_check["members_min"].status == "pass" and by_check["members_min"].verdict == "符合"
    assert cl.pack is not None and all(r.citation.startswith(cl.pack.document) for r in cl.rows)
    assert cl.header["validity"]["status"] == "pass"  # filed 2025-06-01, before 2025-09-30
    assert not [f for f in check_submission(sub, docs) if f.code == "LEAD_REVENUE_LOW"], (
        "no flag on a missing figure"
    )
    # evaluate writes nothing: the submission record is as it was
    sub2, docs2 = rule_submission("xinjiang", members, RD())
    evaluate(sub2, docs2)
    assert sub2.extra == {} and all(not d.flags for d in docs2)


def test_validity_of_the_rules_in_the_header():
    members = [LEAD_XJ, Member(name="新疆大学", tier="core", kind="university")]
    sub, docs = rule_submission("xinjiang", members, RD(), filing="2025-11-01")
    v = evaluate(sub, docs).header["validity"]
    assert v["status"] == "fail" and "已超过有效期" in v["text"]
    sub, docs = rule_submission("yunnan", members, RD())
    assert "印发日期未载于本文" in evaluate(sub, docs).header["validity"]["text"]


def test_guangxi_rd_rule_met_by_either_average_or_share():
    lead = Member(name="广西甲公司", credit_code=None, tier="lead", kind="enterprise")
    others = [Member(name="广西大学", tier="core", kind="university")]
    low_avg_high_share = RD(rd_expense_cny=[RdExpense(year=2022, amount_cny=1e7)] * 3, rd_intensity_pct=3.5)
    sub, docs = rule_submission("guangxi", [lead] + others, low_avg_high_share)
    assert "LEAD_RD_INTENSITY_LOW" not in flags_by_code(sub, docs)
    both_low = RD(rd_expense_cny=[RdExpense(year=2022, amount_cny=1e7)] * 3, rd_intensity_pct=2.0)
    sub, docs = rule_submission("guangxi", [lead] + others, both_low)
    assert "LEAD_RD_INTENSITY_LOW" in flags_by_code(sub, docs)


def test_lead_platform_of_the_required_level_hosted_by_the_lead():
    lead = Member(name="广西甲科技有限公司", tier="lead", kind="enterprise")
    members = [lead, Member(name="广西大学", tier="core", kind="university")]
    sub, docs = rule_submission("guangxi", members, RD())
    app = docs[0]
    # a provincial platform hosted by a member, not by the lead: the rule fails
    app.platforms = [PlatformRow(name="广西某重点实验室", level="provincial", host_unit="广西大学")]
    flags = flags_by_code(sub, docs).get("LEAD_PLATFORM_MISSING", [])
    assert len(flags) == 1 and flags[0].unit == lead.name
    assert "第五条（二）2" in flags[0].message
    # an "other"-level platform of the lead does not count either
    app.platforms.append(PlatformRow(name="甲公司市级中心", level="other", host_unit="广西甲科技有限公司"))
    assert "LEAD_PLATFORM_MISSING" in flags_by_code(sub, docs)
    # a national one hosted by the lead (name written without 有限公司) passes
    app.platforms.append(PlatformRow(name="国家某工程中心", level="national", host_unit="广西甲科技"))
    assert "LEAD_PLATFORM_MISSING" not in flags_by_code(sub, docs)
    # no platform rows read at all: a person must look, no flag
    app.platforms = []
    assert rows_of(sub, docs, "lead_platform_min")[0].status == "unknown"
    assert "LEAD_PLATFORM_MISSING" not in flags_by_code(sub, docs)
    # 永川 asks for no platform
    sub, docs = rule_submission("yongchuan", members, RD())
    assert "LEAD_PLATFORM_MISSING" not in flags_by_code(sub, docs)


def test_lead_not_enterprise_from_code_category_and_name():
    uni = Member(name="新疆某大学", credit_code=code("12650000MB0XXXXX0"), tier="lead", kind="university")
    members = [uni, Member(name="新疆乙科技有限公司", tier="core", kind="enterprise")]
    sub, docs = rule_submission("xinjiang", members, RD())
    (f,) = flags_by_code(sub, docs)["LEAD_NOT_ENTERPRISE"]
    assert f.unit == uni.name and f.evidence == uni.credit_code and f.severity == "error"
    # no code: judged by the name
    inst = Member(name="云南省某某研究院", tier="lead", kind="institute")
    sub, docs = rule_submission("yunnan", [inst, members[1]], RD())
    assert flags_by_code(sub, docs)["LEAD_NOT_ENTERPRISE"][0].evidence == inst.name
    # an enterprise (9x code) passes
    sub, docs = rule_submission("xinjiang", [LEAD_XJ, members[1]], RD())
    assert "LEAD_NOT_ENTERPRISE" not in flags_by_code(sub, docs)
    # the name says company, the code says public institution: a warning to look at
    odd = Member(name="新疆丙有限公司", credit_code=code("12650000MB1XXXXX0"), tier="lead", kind="enterprise")
    sub, docs = rule_submission("xinjiang", [odd, members[1]], RD())
    (f,) = flags_by_code(sub, docs)["LEAD_NOT_ENTERPRISE"]
    assert f.severity == "warning"


def test_documents_required_per_jurisdiction():
    members = [LEAD_XJ, Member(name="新疆大学", tier="core", kind="university")]
    sub, docs = rule_submission("xinjiang", members, RD(), types=("application", "agreement"))
    (f,) = flags_by_code(sub, docs)["DOCUMENT_MISSING"]
    assert f.evidence == "建设/实施/组建方案"
    sub, docs = rule_submission("xinjiang", members, RD())
    assert "DOCUMENT_MISSING" not in flags_by_code(sub, docs)
    # 永川: the 组建方案 is enough; without it, only it is missing
    yc = [Member(name="重庆甲有限公司", tier="lead", kind="enterprise")] + members[1:]
    sub, docs = rule_submission("yongchuan", yc, RD(), types=("plan",))
    assert "DOCUMENT_MISSING" not in flags_by_code(sub, docs)
    sub, docs = rule_submission("yongchuan", yc, RD(), types=("application", "agreement"))
    assert [f.evidence for f in flags_by_code(sub, docs)["DOCUMENT_MISSING"]] == ["建设/实施/组建方案"]
    # an unreadable file does not count as present
    sub, docs = rule_submission("guangxi", yc, RD(), types=("application", "unreadable"))
    (f,) = flags_by_code(sub, docs)["DOCUMENT_MISSING"]
    assert f.evidence == "组建协议" and "无法读取" in f.message


def test_a_document_titled_as_the_missing_one_is_a_warning():
    members = [LEAD_XJ, Member(name="新疆大学", tier="core", kind="university")]
    sub, docs = rule_submission("xinjiang", members, RD(), types=("application", "agreement", "unknown"))
    docs[2].extra["text"] = ["新疆维吾尔自治区某创新联合体实施方案", "一、概述"]
    (f,) = flags_by_code(sub, docs)["DOCUMENT_MISSING"]
    assert f.severity == "warning" and "unknown.docx" in f.message


def test_chief_scientist_named_in_xinjiang_and_yunnan():
    members = [LEAD_XJ, Member(name="新疆大学", tier="core", kind="university")]
    sub, docs = rule_submission("xinjiang", members, RD())
    assert "CHIEF_SCIENTIST_MISSING" not in flags_by_code(sub, docs)
    docs[0].chief_scientist = ChiefScientist()
    (f,) = flags_by_code(sub, docs)["CHIEF_SCIENTIST_MISSING"]
    assert f.document == "application.docx" and "附件1" in f.message
    # the form names one the extractor did not take: not missing, a row for a person
    for text in (
        ["推荐首席科学家", "李四", "职务/职称", "研究员"],
        ["推荐首席科学家：李四（职务/职称：研究员）"],
    ):
        docs[0].extra["text"] = text
        assert "CHIEF_SCIENTIST_MISSING" not in flags_by_code(sub, docs)
        row = rows_of(sub, docs, "chief_scientist_named")[0]
        assert row.status == "unknown" and row.value == "李四"
    # a resume under the 首席科学家 heading with no name in it: a person looks, nothing is missing
    heading = "三、推荐首席专家（科学家）科研简历（含取得的代表性创新成果、主要学术任职等）"
    resume = "男，1970年生，博士，长期从事绿色能源领域研究，主持国家重点研发计划项目5项。"
    docs[0].extra["text"] = [heading, resume, "四、科研团队情况"]
    assert "CHIEF_SCIENTIST_MISSING" not in flags_by_code(sub, docs)
    row = rows_of(sub, docs, "chief_scientist_named")[0]
    assert row.status == "unknown" and "1970" in (row.evidence or "")
    # the heading over nothing (the next heading follows): missing
    docs[0].extra["text"] = [heading, "四、科研团队情况", "姓名 工作单位 职务/职称"]
    assert "CHIEF_SCIENTIST_MISSING" in flags_by_code(sub, docs)
    # 广西 asks nothing of the form: no flag
    sub, docs = rule_submission("guangxi", members, RD())
    docs[0].chief_scientist = ChiefScientist()
    assert "CHIEF_SCIENTIST_MISSING" not in flags_by_code(sub, docs)


def test_a_member_replaced_between_documents_is_one_seat_not_two():
    """Four units in the form, the agreement with one of them replaced: five names in all, but
    no list holds five — below 新疆's minimum of five."""
    four = [
        LEAD_XJ,
        Member(name="新疆大学", tier="core", kind="university"),
        Member(name="哈密达拓资源集团股份有限公司", tier="core", kind="enterprise"),
        Member(name="克拉玛依昌源工程集团股份有限公司", tier="close", kind="enterprise"),
    ]
    other = Member(name="石河子华盛资源集团有限公司", tier="core", kind="enterprise")
    sub, docs = rule_submission("xinjiang", [*four, other], RD(), types=("application", "agreement"))
    assert "MEMBERS_BELOW_MIN" not in flags_by_code(sub, docs)  # five in each list
    docs[0].members = [m.model_copy() for m in four]
    docs[1].members = [m.model_copy() for m in (*four[:2], other, four[3])]
    (f,) = flags_by_code(sub, docs)["MEMBERS_BELOW_MIN"]
    assert f.evidence == "4（合并5）"
