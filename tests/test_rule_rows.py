"""Rules that read the registry's lists (sanctions, cancellations, caps), and the checklist rows
that carry no flag of their own but show a person what the paperwork says."""

from __future__ import annotations

import datetime as dt

from models.record import RD, Clause, Flag, Member, PlatformRow
from pipeline.rules.base import Row
from pipeline.rules.engine import evaluate
from pipeline.rules.facts import Cancellation, CancelledUnit, ExclusionEntry, RegistryFacts
from pipeline.submission import check_submission
from tests.factories import LEAD_XJ, code, flags_by_code, rows_of, rule_submission

# --- the registry's lists ---------------------------------------------------------------------------


def test_unit_on_a_sanction_list_in_guangxi():
    lead = Member(
        name="广西甲有限公司", credit_code=code("91450100MA5XXXXX0"), tier="lead", kind="enterprise"
    )
    member = Member(name="广西乙科技有限公司", tier="general", kind="enterprise")
    sub, docs = rule_submission(
        "guangxi", [lead, member, Member(name="广西大学", tier="core", kind="university")], RD()
    )
    # no registry consulted: a person must look
    assert rows_of(sub, docs, "not_on_exclusion_list")[0].status == "unknown"
    entry = ExclusionEntry(
        name="广西乙科技有限公司",
        credit_code=None,
        list_kind="失信",
        reason="项目申报弄虚作假",
        source="国家科研诚信服务平台",
        starts_on=dt.date(2024, 1, 1),
        ends_on=dt.date(2026, 12, 31),
    )
    (f,) = flags_by_code(sub, docs, RegistryFacts(exclusions=[entry]))["UNIT_EXCLUDED"]
    assert f.unit == member.name and f.evidence and "国家科研诚信服务平台" in f.evidence
    assert "第十三条（四）" in f.message
    # the sanction is over: no flag, and the row says which list was checked
    over = ExclusionEntry(**{**entry.__dict__, "ends_on": dt.date(2024, 12, 31)})
    reg = RegistryFacts(exclusions=[over])
    assert "UNIT_EXCLUDED" not in flags_by_code(sub, docs, reg)
    assert rows_of(sub, docs, "not_on_exclusion_list", reg)[0].status == "pass"
    # by credit code, whatever the name
    coded = ExclusionEntry(**{**entry.__dict__, "name": "甲公司（曾用名）", "credit_code": lead.credit_code})
    assert flags_by_code(sub, docs, RegistryFacts(exclusions=[coded]))["UNIT_EXCLUDED"][0].unit == lead.name


def test_lead_of_a_cancelled_consortium_debarred_for_three_years():
    debarred = Member(
        name="云南甲有限公司", credit_code=code("91530100MA6KXXXX1"), tier="lead", kind="enterprise"
    )
    other = Member(name="云南大学", tier="core", kind="university")
    cancelled = Cancellation(
        consortium="云南某某创新联合体",
        jurisdiction="yunnan",
        cancelled_on=dt.date(2024, 3, 1),
        reason="牵头单位组织不力",
        recorded_by="alice",
        recorded_at=None,
        units=(
            CancelledUnit(debarred.name, debarred.credit_code, "lead"),
            CancelledUnit(other.name, None, "core"),
        ),
    )
    reg = RegistryFacts(cancellations=[cancelled])
    # it leads a new consortium within three years: excluded
    sub, docs = rule_submission(
        "yunnan", [debarred, Member(name="云南乙有限公司", tier="general", kind="enterprise")], RD()
    )
    (f,) = flags_by_code(sub, docs, reg)["UNIT_EXCLUDED"]
    assert f.unit == debarred.name and f.evidence and "2024-03-01" in f.evidence and "alice" in f.evidence
    # as a general member it may take part; a core member of the cancelled one is not debarred
    lead = Member(name="云南丙有限公司", tier="lead", kind="enterprise")
    sub, docs = rule_submission(
        "yunnan", [lead, debarred.model_copy(update={"tier": "general"}), other], RD()
    )
    assert "UNIT_EXCLUDED" not in flags_by_code(sub, docs, reg)
    # after three years: no flag
    sub, docs = rule_submission("yunnan", [debarred, other], RD(), filing="2027-06-01")
    assert "UNIT_EXCLUDED" not in flags_by_code(sub, docs, reg)
    # another jurisdiction's cancellation does not debar here
    sub, docs = rule_submission("xinjiang", [debarred, other], RD())
    assert "UNIT_EXCLUDED" not in flags_by_code(sub, docs, reg)


def test_cap_rows_report_the_registrys_cross_checks():
    lead = Member(name="广西甲有限公司", tier="lead", kind="enterprise")
    sub, docs = rule_submission(
        "guangxi", [lead, Member(name="广西大学", tier="core", kind="university")], RD()
    )
    assert rows_of(sub, docs, "member_cap")[0].status == "n/a"
    cap = Flag(
        code="MEMBER_CAP_EXCEEDED",
        severity="warning",
        message="“广西大学”参与4个现行创新联合体",
        consortium="另一个创新联合体",
        unit="广西大学",
        evidence="4：…",
    )
    reg = RegistryFacts(cross_flags=[cap])
    assert rows_of(sub, docs, "member_cap", reg)[0].status == "fail"
    assert rows_of(sub, docs, "lead_cap", reg)[0].status == "pass"
    assert "MEMBER_CAP_EXCEEDED" not in {
        f.code for f in check_submission(sub, docs, reg)
    }  # the registry's to raise


# --- checklist rows without a flag of their own -------------------------------------------------


def test_rows_for_what_the_paperwork_shows_a_person():
    members = [
        LEAD_XJ,
        Member(name="新疆乙科技有限公司", tier="core", kind="enterprise", note="国家高新技术企业"),
    ]
    sub, docs = rule_submission("xinjiang", members, RD())
    app, agr, plan = docs
    plan.extra["text"] = [
        "一、概述",
        "本联合体组建期为4年。",
        "十一、组织措施",
        "设立领导小组，实行双总师制度。",
    ]
    agr.extra["text"] = ["本协议自2025年3月18日起生效。"]
    app.agreement_effective_date, agr.agreement_effective_date = "2025-03-18", "2025-03-20"
    app.extra["text"] = [
        "一、技术创新战略规划和目标（限500字）",
        "突破" * 300,
        "二、推荐首席科学家科研简历",
        "牵头单位审核意见",
        "牵头单位（盖章）：",
        "2025年3月1日",
        "地（州、市）科技部门推荐意见",
        "单位（盖章）：",
        "年 月 日",
    ]
    rows: dict[str, list[Row]] = {r.check: [] for r in evaluate(sub, docs).rows}
    for r in evaluate(sub, docs).rows:
        rows[r.check].append(r)
    assert not any(
        r.flag for k in ("text_mentions", "term_stated", "word_limit", "opinions_signed") for r in rows[k]
    )
    term = rows["term_stated"][0]
    assert term.status == "pass" and term.value == 4
    limit = rows["word_limit"][0]
    assert limit.status == "unknown" and "超过限500字" in limit.message
    lead_op, rec_op = rows["opinions_signed"]
    assert lead_op.value["dated"] and not rec_op.value["dated"]
    org = {r.value: r for r in rows["text_mentions"]}
    assert "plan.docx" in org["领导小组"].message and "未见" in org["经费管理办法"].message
    assert rows["high_tech_share"][0].status == "unknown" and rows["high_tech_share"][0].value == 0.5
    assert (
        rows["effective_dates_agree"][0].status == "unknown"
        and "2025-03-20" in rows["effective_dates_agree"][0].message
    )
    assert rows["recommender_filings"][0].status == "unknown"
    app.agreement_effective_date = agr.agreement_effective_date
    assert rows_of(sub, docs, "effective_dates_agree")[0].status == "pass"


def test_member_tiers_and_platform_counts_rows():
    members = [LEAD_XJ, Member(name="新疆大学", tier="unspecified", kind="university")]
    sub, docs = rule_submission("guangxi", members, RD())
    assert rows_of(sub, docs, "member_tiers")[0].status == "unknown"
    sub.members[1].tier = "core"
    assert rows_of(sub, docs, "member_tiers")[0].status == "pass"
    docs[0].platform_counts.national = 1
    docs[0].platform_counts.provincial = 2
    docs[0].platforms = [PlatformRow(name="国家甲中心", level="national", host_unit=LEAD_XJ.name)]
    national, provincial = rows_of(sub, docs, "platform_counts_match")
    assert national.status == "pass" and provincial.status == "unknown"
    assert not national.flag and not provincial.flag


def test_rule_rows_carry_evidence_location_and_citation():
    members = [LEAD_XJ, Member(name="新疆大学", tier="core", kind="university")]
    sub, docs = rule_submission("xinjiang", members, RD())
    agr = docs[1]
    agr.clauses = {"participants": Clause(present=True, filled=True, heading="一、参与单位")}
    agr.extra["layout"] = [[2, 0.1, 0.2, 0.5, 0.25, "一、参与单位"]]
    row = next(r for r in evaluate(sub, docs).rows if r.check == "clauses_present" and r.status == "pass")
    assert row.location == {
        "document": "agreement.docx",
        "page": 2,
        "box": [0.1, 0.2, 0.5, 0.25],
        "text": "一、参与单位",
    }
    assert row.citation == "《新疆维吾尔自治区创新联合体建设工作指引（试行）》三（三）及附件2"
