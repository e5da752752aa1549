"""Rule packs: versions by filing date, citations, 原则上 thresholds as warnings, and the checks
on submissions built here."""

from __future__ import annotations

import datetime as dt

from models.record import RD, DocumentRecord, Member, RdExpense, Source, SubmissionRecord
from pipeline.rules import all_packs, pack_for
from pipeline.rules.engine import check_rules, evaluate


def test_every_rule_cites_document_and_article():
    for p in all_packs():
        assert p.document.startswith("《") and p.document.endswith("》")
        for r in p.rules:
            assert r.article and r.text and r.flag.isupper()
            assert r.citation(p).startswith(p.document)
        for cap in (p.member_cap, p.lead_cap):
            if cap:
                assert cap["article"] and cap["text"]


def test_principle_thresholds_are_warnings():
    for p in all_packs():
        for r in p.rules:
            if "原则上" in r.text or "一般不少于" in r.text:
                assert r.severity == "warning", r.id


def test_guangxi_2021_replaced_by_the_2025_measures_at_the_cutover(monkeypatch):
    assert pack_for("guangxi", dt.date(2024, 12, 31)).version == "2021"
    assert pack_for("guangxi", dt.date(2025, 1, 1)).version == "2025"
    assert pack_for("guangxi", None).version == "2025"
    monkeypatch.setenv("INTAKE_GUANGXI_CUTOVER", "2025-07-01")
    assert pack_for("guangxi", dt.date(2025, 3, 1)).version == "2021"


def test_guangxi_2025_has_no_registration_check():
    p = pack_for("guangxi", dt.date(2025, 6, 1))
    assert "lead_in_jurisdiction" not in {r.check for r in p.rules}
    assert p.member_cap["threshold"] == 3


def _sub(
    jur: str, members: list[Member], rd: RD, filing: str = "2025-06-01"
) -> tuple[SubmissionRecord, list[DocumentRecord]]:
    app = DocumentRecord(
        source=Source(path="a.docx", sha256="a" * 64),
        doc_type="application",
        jurisdiction=jur,
        consortium_name="测试创新联合体",
        filing_date=filing,
        members=members,
        rd=rd,
        lead_units=[members[0].name],
    )
    agr = app.model_copy(
        update={
            "doc_type": "agreement",
            "source": Source(path="b.docx", sha256="b" * 64),
            "signatories": [m.name for m in members],
        }
    )
    plan = app.model_copy(update={"doc_type": "plan", "source": Source(path="c.docx", sha256="c" * 64)})
    sub = SubmissionRecord(
        id="T",
        consortium_name="测试创新联合体",
        jurisdiction=jur,  # type: ignore[arg-type]
        documents=["a" * 64, "b" * 64, "c" * 64],
        lead_units=[members[0].name],
        members=members,
    )
    return sub, [app, agr, plan]


LEAD_XJ = Member(name="新疆甲能源有限公司", credit_code="91650100MA77XXXX00", tier="lead", kind="enterprise")


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
    sub, docs = _sub("xinjiang", members, rd)
    flags = {f.code: f for f in check_rules(sub, docs)}
    assert set(flags) >= {"MEMBERS_BELOW_MIN", "LEAD_REVENUE_LOW", "LEAD_RD_STAFF_LOW", "RD_NOT_GROWING"}
    assert "ENTERPRISE_RATIO_LOW" not in flags  # 2 of 4 is 50%: enough
    assert flags["LEAD_REVENUE_LOW"].severity == "warning"  # 原则上
    assert flags["RD_NOT_GROWING"].severity == "error"
    assert flags["LEAD_REVENUE_LOW"].unit == LEAD_XJ.name
    assert "《新疆维吾尔自治区创新联合体建设工作指引（试行）》二（一）1" in flags["LEAD_REVENUE_LOW"].message
    assert "LEAD_OUTSIDE_JURISDICTION" not in flags


def test_lead_registered_elsewhere_and_self_funding_in_yunnan():
    lead = Member(name="四川甲公司", credit_code="91510100MA61XXXX0X", tier="lead", kind="enterprise")
    from stdnum.cn import uscc

    lead.credit_code = lead.credit_code[:17] + uscc.calc_check_digit(lead.credit_code[:17])
    sub, docs = _sub(
        "yunnan", [lead, Member(name="云南大学", tier="core", kind="university")], RD(self_funding_ratio=1.5)
    )
    flags = {f.code: f for f in check_rules(sub, docs)}
    assert flags["LEAD_OUTSIDE_JURISDICTION"].evidence == lead.credit_code
    assert flags["SELF_FUNDING_LOW"].unit == lead.name


def test_checklist_marks_what_needs_a_human():
    members = [LEAD_XJ] + [
        Member(name=f"新疆{i}号科技有限公司", tier="general", kind="enterprise") for i in range(5)
    ]
    sub, docs = _sub("xinjiang", members, RD())
    pack, verdicts = evaluate(sub, docs)
    by_check = {v.check: v for v in verdicts}
    assert by_check["lead_revenue_min"].status == "unknown"
    assert by_check["members_min"].status == "pass"
    assert all(v.citation.startswith(pack.document) for v in verdicts)
    assert not [f for f in check_rules(sub, docs) if f.code == "LEAD_REVENUE_LOW"], (
        "no flag on a missing figure"
    )


def test_guangxi_rd_rule_met_by_either_average_or_share():
    lead = Member(name="广西甲公司", credit_code=None, tier="lead", kind="enterprise")
    others = [Member(name="广西大学", tier="core", kind="university")]
    low_avg_high_share = RD(rd_expense_cny=[RdExpense(year=2022, amount_cny=1e7)] * 3, rd_intensity_pct=3.5)
    sub, docs = _sub("guangxi", [lead] + others, low_avg_high_share)
    assert "LEAD_RD_INTENSITY_LOW" not in {f.code for f in check_rules(sub, docs)}
    both_low = RD(rd_expense_cny=[RdExpense(year=2022, amount_cny=1e7)] * 3, rd_intensity_pct=2.0)
    sub, docs = _sub("guangxi", [lead] + others, both_low)
    assert "LEAD_RD_INTENSITY_LOW" in {f.code for f in check_rules(sub, docs)}


def test_lead_platform_of_the_required_level_hosted_by_the_lead():
    from models.record import PlatformRow

    lead = Member(name="广西甲科技有限公司", tier="lead", kind="enterprise")
    members = [lead, Member(name="广西大学", tier="core", kind="university")]
    sub, docs = _sub("guangxi", members, RD())
    app = docs[0]
    # a provincial platform hosted by a member, not by the lead: the rule fails
    app.platforms = [PlatformRow(name="广西某重点实验室", level="provincial", host_unit="广西大学")]
    flags = [f for f in check_rules(sub, docs) if f.code == "LEAD_PLATFORM_MISSING"]
    assert len(flags) == 1 and flags[0].unit == lead.name
    assert "第五条（二）2" in flags[0].message
    # an "other"-level platform of the lead does not count either
    app.platforms.append(PlatformRow(name="甲公司市级中心", level="other", host_unit="广西甲科技有限公司"))
    assert [f for f in check_rules(sub, docs) if f.code == "LEAD_PLATFORM_MISSING"]
    # a national one hosted by the lead (name written without 有限公司) passes
    app.platforms.append(PlatformRow(name="国家某工程中心", level="national", host_unit="广西甲科技"))
    assert not [f for f in check_rules(sub, docs) if f.code == "LEAD_PLATFORM_MISSING"]
    # no platform rows read at all: a person must look, no flag
    app.platforms = []
    pack, verdicts = evaluate(sub, docs)
    assert next(v for v in verdicts if v.check == "lead_platform_min").status == "unknown"
    assert not [f for f in check_rules(sub, docs) if f.code == "LEAD_PLATFORM_MISSING"]
    # 永川 asks for no platform
    sub, docs = _sub("yongchuan", members, RD())
    assert not [f for f in check_rules(sub, docs) if f.code == "LEAD_PLATFORM_MISSING"]
