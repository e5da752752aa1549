"""Rule packs: loading and validation, versions by filing date, citations, the id scheme, 原则上
thresholds as warnings, and each submission rule passing and failing on submissions built here."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from stdnum.cn import uscc as std_uscc

from models.record import (
    RD,
    ChiefScientist,
    Clause,
    DocType,
    DocumentRecord,
    Flag,
    Jurisdiction,
    Member,
    PlatformRow,
    RdExpense,
    Source,
    SubmissionRecord,
)
from pipeline.rules import JUR_CODES, PackError, all_packs, load_pack
from pipeline.rules.base import Row
from pipeline.rules.checks.registry import CapParams
from pipeline.rules.engine import evaluate
from pipeline.rules.facts import Cancellation, CancelledUnit, ExclusionEntry, RegistryFacts
from pipeline.submission import check_submission
from tests.factories import pack_in_force, rule_of

ROOT = Path(__file__).resolve().parent.parent
PACKS = ROOT / "pipeline" / "rules" / "packs"


def code(prefix17: str) -> str:
    """A valid credit code from its first 17 characters."""
    return prefix17 + std_uscc.calc_check_digit(prefix17)


# --- the packs ----------------------------------------------------------------------------------


def test_every_rule_cites_document_and_article_under_one_id_scheme():
    for p in all_packs():
        assert p.document.startswith("《") and p.document.endswith("》")
        jur = JUR_CODES[p.jurisdiction]
        for r in p.rules:
            assert r.id.startswith(f"{jur}{p.version}-"), r.id
            assert r.article and r.text
            assert r.flag is None or r.flag.isupper()
            assert r.citation(p).startswith(r.document or p.document)
        assert len({r.id for r in p.rules}) == len(p.rules)


def test_principle_thresholds_are_warnings():
    for p in all_packs():
        for r in p.rules:
            if r.flag and ("原则上" in r.text or "一般不少于" in r.text):
                assert r.severity == "warning", r.id


def test_caps_are_rules_inside_the_packs():
    gx = pack_in_force("guangxi", dt.date(2025, 6, 1))
    member_cap, lead_cap = rule_of(gx, "member_cap").params, rule_of(gx, "lead_cap").params
    assert isinstance(member_cap, CapParams) and member_cap.max == 3
    assert isinstance(lead_cap, CapParams) and lead_cap.max == 1
    assert rule_of(pack_in_force("xinjiang"), "lead_cap").severity == "error"  # no 原则上 in 三（二）


def test_guangxi_2021_replaced_by_the_2025_measures_at_the_cutover(monkeypatch):
    assert pack_in_force("guangxi", dt.date(2024, 12, 31)).version == "2021"
    assert pack_in_force("guangxi", dt.date(2025, 1, 1)).version == "2025"
    assert pack_in_force("guangxi", None).version == "2025"
    monkeypatch.setenv("INTAKE_GUANGXI_CUTOVER", "2025-07-01")
    assert pack_in_force("guangxi", dt.date(2025, 3, 1)).version == "2021"


def test_guangxi_2025_has_no_registration_check():
    p = pack_in_force("guangxi", dt.date(2025, 6, 1))
    assert "lead_in_jurisdiction" not in {r.check for r in p.rules}


def test_required_documents_per_seed():
    want = {
        "guangxi": ["application", "agreement"],
        "xinjiang": ["application", "agreement", "plan"],
        "yunnan": ["application", "agreement", "plan"],
        "yongchuan": ["plan"],  # 004 四（一）: a 组建方案 only
    }
    for p in all_packs():
        assert list(p.required_documents) == want[p.jurisdiction], p.id


# every requirement of issue 12, by jurisdiction: the checks that cover it
REQUIRED_CHECKS = {
    "guangxi-2021": {
        "lead_is_enterprise",
        "lead_platform_min",
        "documents_present",
        "members_signed",
        "clauses_present",
        "clauses_filled",
        "opinions_signed",
        "text_mentions",
        "member_tiers",
        "term_stated",
        "platform_counts_match",
        "effective_dates_agree",
        "word_limit",
        "declared_counts_match",
        "credit_codes_valid",
        "credit_codes_present",
    },
    "guangxi-2025": {
        "lead_is_enterprise",
        "lead_platform_min",
        "documents_present",
        "members_signed",
        "not_on_exclusion_list",
        "member_tiers",
        "text_mentions",
        "opinions_signed",
        "member_cap",
        "lead_cap",
        "platform_counts_match",
        "effective_dates_agree",
    },
    "xinjiang-2022": {
        "lead_is_enterprise",
        "lead_platform_min",
        "chief_scientist_named",
        "documents_present",
        "not_debarred",
        "high_tech_share",
        "opinions_signed",
        "text_mentions",
        "term_stated",
        "recommender_filings",
        "platform_counts_match",
        "effective_dates_agree",
        "word_limit",
        "declared_counts_match",
    },
    "yunnan-2022": {
        "lead_is_enterprise",
        "lead_platform_min",
        "chief_scientist_named",
        "documents_present",
        "not_debarred",
        "opinions_signed",
        "text_mentions",
        "platform_counts_match",
        "effective_dates_agree",
        "word_limit",
    },
    "yongchuan-2023": {"lead_is_enterprise", "documents_present", "text_mentions"},
}


def test_every_requirement_of_the_issue_is_a_rule():
    packs = {p.id: p for p in all_packs()}
    for pid, checks in REQUIRED_CHECKS.items():
        have = {r.check for r in packs[pid].rules}
        assert checks <= have, (pid, checks - have)
    xj, yn = packs["xinjiang-2022"].validity, packs["yunnan-2022"].validity
    assert xj is not None and xj.until == dt.date(2025, 9, 30)
    assert yn is not None and yn.years == 3


def _pack_text(**changes: str) -> str:
    text = (PACKS / "xinjiang-2022.yaml").read_text(encoding="utf-8")
    for old, new in changes.items():
        assert old in text
        text = text.replace(old, new)
    return text


@pytest.mark.parametrize(
    "old,new,says",
    [
        (
            "check: members_min",
            "check: members_minimum",
            "rule XJ2022-2-2-1a: unknown check 'members_minimum'",
        ),
        ("params: {min: 5}", "params: {min: five}", "rule XJ2022-2-2-1a (members_min): params: min"),
        (
            "params: {share: 0.5}",
            "params: {share: 50}",
            "rule XJ2022-2-2-1b (enterprise_share_min): params: share",
        ),
        ("params: {min: 5}", "params: {min: 5, max: 9}", "params: max: Extra inputs are not permitted"),
        ('params: {divisions: ["65"]}', 'params: {divisions: ["xj"]}', "division prefixes"),
        ("id: XJ2022-2-2-1a", "id: XJ-2-2-1a", "rule XJ-2-2-1a: id must read XJ2022-<article>"),
        ("id: XJ2022-2-2-1b", "id: XJ2022-2-2-1a", "rule XJ2022-2-2-1a: id used twice"),
        ("severity: warning\n    params: {min: 5}", "severity: fatal\n    params: {min: 5}", "severity"),
    ],
)
def test_a_bad_pack_refuses_to_load_naming_file_and_rule(old, new, says):
    with pytest.raises(PackError) as e:
        load_pack(_pack_text(**{old: new}), "xinjiang-2022.yaml")
    assert str(e.value).startswith("xinjiang-2022.yaml: ")
    assert says in str(e.value), str(e.value)


def test_a_clause_not_in_the_template_refuses_to_load():
    text = _pack_text(**{"clauses: [participants, innovation_goal": "clauses: [dissolution, innovation_goal"})
    with pytest.raises(PackError, match="XJ2022-3-3a.*not in the pack's agreement_template: dissolution"):
        load_pack(text, "xinjiang-2022.yaml")


def test_a_bad_pack_stops_the_cli_before_any_work(tmp_path):
    packs = tmp_path / "packs"
    shutil.copytree(PACKS, packs)
    (packs / "xinjiang-2022.yaml").write_text(
        _pack_text(**{"params: {min: 5}": "params: {min: -1}"}), encoding="utf-8"
    )
    p = subprocess.run(
        [sys.executable, "-m", "cli", "rules", "xinjiang"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**__import__("os").environ, "INTAKE_RULE_PACKS": str(packs)},
    )
    assert p.returncode == 2
    assert "xinjiang-2022.yaml: rule XJ2022-2-2-1a (members_min): params: min" in p.stderr


def test_rules_json_lists_every_rule_with_its_article():
    p = subprocess.run(
        [sys.executable, "-m", "cli", "rules", "xinjiang", "--json"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert p.returncode == 0, p.stderr
    (pack,) = json.loads(p.stdout)
    assert pack["pack"] == "xinjiang-2022" and pack["validity"]["until"] == "2025-09-30"
    assert len(pack["rules"]) == len(pack_in_force("xinjiang").rules)
    by_id = {r["id"]: r for r in pack["rules"]}
    assert by_id["XJ2022-att1-1"]["flag"] == "CHIEF_SCIENTIST_MISSING"
    assert by_id["XJ2022-5-2"]["citation"] == "《新疆维吾尔自治区创新联合体建设工作指引（试行）》五（二）"
    assert all(r["article"] and r["citation"] and r["scope"] for r in pack["rules"])


def test_editing_a_packs_severity_changes_the_flag(tmp_path, monkeypatch):
    sub, docs = _sub("xinjiang", [LEAD_XJ, Member(name="新疆大学", tier="core", kind="university")], RD())
    flags = {f.code: f for f in check_submission(sub, docs)}
    assert flags["MEMBERS_BELOW_MIN"].severity == "warning"
    packs = tmp_path / "packs"
    shutil.copytree(PACKS, packs)
    (packs / "xinjiang-2022.yaml").write_text(
        _pack_text(**{"severity: warning\n    params: {min: 5}": "severity: error\n    params: {min: 5}"}),
        encoding="utf-8",
    )
    monkeypatch.setenv("INTAKE_RULE_PACKS", str(packs))
    flags = {f.code: f for f in check_submission(sub, docs)}
    assert flags["MEMBERS_BELOW_MIN"].severity == "error"


# --- submissions built here ----------------------------------------------------------------------


def _sub(
    jur: Jurisdiction,
    members: list[Member],
    rd: RD,
    filing: str = "2025-06-01",
    types: tuple[DocType, ...] = ("application", "agreement", "plan"),
) -> tuple[SubmissionRecord, list[DocumentRecord]]:
    docs = []
    for i, t in enumerate(types):
        docs.append(
            DocumentRecord(
                source=Source(path=f"{t}.docx", sha256=str(i) * 64),
                doc_type=t,
                jurisdiction=jur,
                consortium_name="测试创新联合体",
                filing_date=filing,
                members=[m.model_copy() for m in members],
                rd=rd,
                lead_units=[members[0].name],
                signatories=[m.name for m in members] if t == "agreement" else [],
                chief_scientist=ChiefScientist(name="张三", title="教授"),
            )
        )
    sub = SubmissionRecord(
        id="T",
        consortium_name="测试创新联合体",
        jurisdiction=jur,
        documents=[d.source.sha256 for d in docs],
        lead_units=[members[0].name],
        members=members,
    )
    return sub, docs


def _flags(sub, docs, registry=None) -> dict[str, list[Flag]]:
    out: dict[str, list[Flag]] = {}
    for f in check_submission(sub, docs, registry) + [f for d in docs for f in d.flags]:
        out.setdefault(f.code, []).append(f)
    return out


def _rows(sub, docs, check: str, registry=None):
    return [r for r in evaluate(sub, docs, registry).rows if r.check == check]


LEAD_XJ = Member(
    name="新疆甲能源有限公司", credit_code=code("91650100MA77XXXX0"), tier="lead", kind="enterprise"
)


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
    sub, docs = _sub("xinjiang", more, rd)
    codes = {f.code for f in check_submission(sub, docs)}
    assert not codes & {"MEMBERS_BELOW_MIN", "LEAD_REVENUE_LOW", "LEAD_RD_STAFF_LOW", "RD_NOT_GROWING"}
    few = [LEAD_XJ] + [Member(name=f"新疆{i}号大学", tier="core", kind="university") for i in range(5)]
    sub, docs = _sub("xinjiang", few, rd)
    assert "ENTERPRISE_RATIO_LOW" in {f.code for f in check_submission(sub, docs)}


def test_lead_registered_elsewhere_and_self_funding_in_yunnan():
    lead = Member(
        name="四川甲有限公司", credit_code=code("91510100MA61XXXX0"), tier="lead", kind="enterprise"
    )
    sub, docs = _sub(
        "yunnan", [lead, Member(name="云南大学", tier="core", kind="university")], RD(self_funding_ratio=1.5)
    )
    flags = {f.code: f for f in check_submission(sub, docs)}
    assert flags["LEAD_OUTSIDE_JURISDICTION"].evidence == lead.credit_code
    assert flags["SELF_FUNDING_LOW"].unit == lead.name
    lead = Member(
        name="云南甲有限公司", credit_code=code("91530100MA6KXXXX0"), tier="lead", kind="enterprise"
    )
    sub, docs = _sub(
        "yunnan", [lead, Member(name="云南大学", tier="core", kind="university")], RD(self_funding_ratio=2.5)
    )
    codes = {f.code for f in check_submission(sub, docs)}
    assert not codes & {"LEAD_OUTSIDE_JURISDICTION", "SELF_FUNDING_LOW"}


def test_lead_count_and_member_kinds():
    lead = Member(name="广西甲有限公司", tier="lead", kind="enterprise")
    sub, docs = _sub("guangxi", [lead, Member(name="广西乙有限公司", tier="core", kind="enterprise")], RD())
    assert "MEMBER_KINDS_FEW" in _flags(sub, docs)  # 广西 2025 第五条（一）: 2 kinds
    sub, docs = _sub("guangxi", [lead, Member(name="广西大学", tier="core", kind="university")], RD())
    assert "MEMBER_KINDS_FEW" not in _flags(sub, docs)
    sub, docs = _sub("yunnan", [lead, Member(name="云南大学", tier="core", kind="university")], RD())
    sub.lead_units = ["甲", "乙", "丙"]
    assert "LEAD_COUNT_INVALID" in _flags(sub, docs)
    sub.lead_units = ["甲", "乙"]
    assert "LEAD_COUNT_INVALID" not in _flags(sub, docs)


def test_checklist_marks_what_needs_a_human():
    members = [LEAD_XJ] + [
        Member(name=f"新疆{i}号科技有限公司", tier="general", kind="enterprise") for i in range(5)
    ]
    sub, docs = _sub("xinjiang", members, RD())
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
    sub2, docs2 = _sub("xinjiang", members, RD())
    evaluate(sub2, docs2)
    assert sub2.extra == {} and all(not d.flags for d in docs2)


def test_validity_of_the_rules_in_the_header():
    members = [LEAD_XJ, Member(name="新疆大学", tier="core", kind="university")]
    sub, docs = _sub("xinjiang", members, RD(), filing="2025-11-01")
    v = evaluate(sub, docs).header["validity"]
    assert v["status"] == "fail" and "已超过有效期" in v["text"]
    sub, docs = _sub("yunnan", members, RD())
    assert "印发日期未载于本文" in evaluate(sub, docs).header["validity"]["text"]


def test_guangxi_rd_rule_met_by_either_average_or_share():
    lead = Member(name="广西甲公司", credit_code=None, tier="lead", kind="enterprise")
    others = [Member(name="广西大学", tier="core", kind="university")]
    low_avg_high_share = RD(rd_expense_cny=[RdExpense(year=2022, amount_cny=1e7)] * 3, rd_intensity_pct=3.5)
    sub, docs = _sub("guangxi", [lead] + others, low_avg_high_share)
    assert "LEAD_RD_INTENSITY_LOW" not in _flags(sub, docs)
    both_low = RD(rd_expense_cny=[RdExpense(year=2022, amount_cny=1e7)] * 3, rd_intensity_pct=2.0)
    sub, docs = _sub("guangxi", [lead] + others, both_low)
    assert "LEAD_RD_INTENSITY_LOW" in _flags(sub, docs)


def test_lead_platform_of_the_required_level_hosted_by_the_lead():
    lead = Member(name="广西甲科技有限公司", tier="lead", kind="enterprise")
    members = [lead, Member(name="广西大学", tier="core", kind="university")]
    sub, docs = _sub("guangxi", members, RD())
    app = docs[0]
    # a provincial platform hosted by a member, not by the lead: the rule fails
    app.platforms = [PlatformRow(name="广西某重点实验室", level="provincial", host_unit="广西大学")]
    flags = _flags(sub, docs).get("LEAD_PLATFORM_MISSING", [])
    assert len(flags) == 1 and flags[0].unit == lead.name
    assert "第五条（二）2" in flags[0].message
    # an "other"-level platform of the lead does not count either
    app.platforms.append(PlatformRow(name="甲公司市级中心", level="other", host_unit="广西甲科技有限公司"))
    assert "LEAD_PLATFORM_MISSING" in _flags(sub, docs)
    # a national one hosted by the lead (name written without 有限公司) passes
    app.platforms.append(PlatformRow(name="国家某工程中心", level="national", host_unit="广西甲科技"))
    assert "LEAD_PLATFORM_MISSING" not in _flags(sub, docs)
    # no platform rows read at all: a person must look, no flag
    app.platforms = []
    assert _rows(sub, docs, "lead_platform_min")[0].status == "unknown"
    assert "LEAD_PLATFORM_MISSING" not in _flags(sub, docs)
    # 永川 asks for no platform
    sub, docs = _sub("yongchuan", members, RD())
    assert "LEAD_PLATFORM_MISSING" not in _flags(sub, docs)


def test_lead_not_enterprise_from_code_category_and_name():
    uni = Member(name="新疆某大学", credit_code=code("12650000MB0XXXXX0"), tier="lead", kind="university")
    members = [uni, Member(name="新疆乙科技有限公司", tier="core", kind="enterprise")]
    sub, docs = _sub("xinjiang", members, RD())
    (f,) = _flags(sub, docs)["LEAD_NOT_ENTERPRISE"]
    assert f.unit == uni.name and f.evidence == uni.credit_code and f.severity == "error"
    # no code: judged by the name
    inst = Member(name="云南省某某研究院", tier="lead", kind="institute")
    sub, docs = _sub("yunnan", [inst, members[1]], RD())
    assert _flags(sub, docs)["LEAD_NOT_ENTERPRISE"][0].evidence == inst.name
    # an enterprise (9x code) passes
    sub, docs = _sub("xinjiang", [LEAD_XJ, members[1]], RD())
    assert "LEAD_NOT_ENTERPRISE" not in _flags(sub, docs)
    # the name says company, the code says public institution: a warning to look at
    odd = Member(name="新疆丙有限公司", credit_code=code("12650000MB1XXXXX0"), tier="lead", kind="enterprise")
    sub, docs = _sub("xinjiang", [odd, members[1]], RD())
    (f,) = _flags(sub, docs)["LEAD_NOT_ENTERPRISE"]
    assert f.severity == "warning"


def test_documents_required_per_jurisdiction():
    members = [LEAD_XJ, Member(name="新疆大学", tier="core", kind="university")]
    sub, docs = _sub("xinjiang", members, RD(), types=("application", "agreement"))
    (f,) = _flags(sub, docs)["DOCUMENT_MISSING"]
    assert f.evidence == "建设/实施/组建方案"
    sub, docs = _sub("xinjiang", members, RD())
    assert "DOCUMENT_MISSING" not in _flags(sub, docs)
    # 永川: the 组建方案 is enough; without it, only it is missing
    yc = [Member(name="重庆甲有限公司", tier="lead", kind="enterprise")] + members[1:]
    sub, docs = _sub("yongchuan", yc, RD(), types=("plan",))
    assert "DOCUMENT_MISSING" not in _flags(sub, docs)
    sub, docs = _sub("yongchuan", yc, RD(), types=("application", "agreement"))
    assert [f.evidence for f in _flags(sub, docs)["DOCUMENT_MISSING"]] == ["建设/实施/组建方案"]
    # an unreadable file does not count as present
    sub, docs = _sub("guangxi", yc, RD(), types=("application", "unreadable"))
    (f,) = _flags(sub, docs)["DOCUMENT_MISSING"]
    assert f.evidence == "组建协议" and "无法读取" in f.message


def test_a_document_titled_as_the_missing_one_is_a_warning():
    members = [LEAD_XJ, Member(name="新疆大学", tier="core", kind="university")]
    sub, docs = _sub("xinjiang", members, RD(), types=("application", "agreement", "unknown"))
    docs[2].extra["text"] = ["新疆维吾尔自治区某创新联合体实施方案", "一、概述"]
    (f,) = _flags(sub, docs)["DOCUMENT_MISSING"]
    assert f.severity == "warning" and "unknown.docx" in f.message


def test_chief_scientist_named_in_xinjiang_and_yunnan():
    members = [LEAD_XJ, Member(name="新疆大学", tier="core", kind="university")]
    sub, docs = _sub("xinjiang", members, RD())
    assert "CHIEF_SCIENTIST_MISSING" not in _flags(sub, docs)
    docs[0].chief_scientist = ChiefScientist()
    (f,) = _flags(sub, docs)["CHIEF_SCIENTIST_MISSING"]
    assert f.document == "application.docx" and "附件1" in f.message
    # the form names one the extractor did not take: not missing, a row for a person
    for text in (
        ["推荐首席科学家", "李四", "职务/职称", "研究员"],
        ["推荐首席科学家：李四（职务/职称：研究员）"],
    ):
        docs[0].extra["text"] = text
        assert "CHIEF_SCIENTIST_MISSING" not in _flags(sub, docs)
        row = _rows(sub, docs, "chief_scientist_named")[0]
        assert row.status == "unknown" and row.value == "李四"
    # 广西 asks nothing of the form: no flag
    sub, docs = _sub("guangxi", members, RD())
    docs[0].chief_scientist = ChiefScientist()
    assert "CHIEF_SCIENTIST_MISSING" not in _flags(sub, docs)


# --- the registry's lists ---------------------------------------------------------------------------


def test_unit_on_a_sanction_list_in_guangxi():
    lead = Member(
        name="广西甲有限公司", credit_code=code("91450100MA5XXXXX0"), tier="lead", kind="enterprise"
    )
    member = Member(name="广西乙科技有限公司", tier="general", kind="enterprise")
    sub, docs = _sub("guangxi", [lead, member, Member(name="广西大学", tier="core", kind="university")], RD())
    # no registry consulted: a person must look
    assert _rows(sub, docs, "not_on_exclusion_list")[0].status == "unknown"
    entry = ExclusionEntry(
        name="广西乙科技有限公司",
        credit_code=None,
        list_kind="失信",
        reason="项目申报弄虚作假",
        source="国家科研诚信服务平台",
        starts_on=dt.date(2024, 1, 1),
        ends_on=dt.date(2026, 12, 31),
    )
    (f,) = _flags(sub, docs, RegistryFacts(exclusions=[entry]))["UNIT_EXCLUDED"]
    assert f.unit == member.name and f.evidence and "国家科研诚信服务平台" in f.evidence
    assert "第十三条（四）" in f.message
    # the sanction is over: no flag, and the row says which list was checked
    over = ExclusionEntry(**{**entry.__dict__, "ends_on": dt.date(2024, 12, 31)})
    reg = RegistryFacts(exclusions=[over])
    assert "UNIT_EXCLUDED" not in _flags(sub, docs, reg)
    assert _rows(sub, docs, "not_on_exclusion_list", reg)[0].status == "pass"
    # by credit code, whatever the name
    coded = ExclusionEntry(**{**entry.__dict__, "name": "甲公司（曾用名）", "credit_code": lead.credit_code})
    assert _flags(sub, docs, RegistryFacts(exclusions=[coded]))["UNIT_EXCLUDED"][0].unit == lead.name


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
    sub, docs = _sub(
        "yunnan", [debarred, Member(name="云南乙有限公司", tier="general", kind="enterprise")], RD()
    )
    (f,) = _flags(sub, docs, reg)["UNIT_EXCLUDED"]
    assert f.unit == debarred.name and f.evidence and "2024-03-01" in f.evidence and "alice" in f.evidence
    # as a general member it may take part; a core member of the cancelled one is not debarred
    lead = Member(name="云南丙有限公司", tier="lead", kind="enterprise")
    sub, docs = _sub("yunnan", [lead, debarred.model_copy(update={"tier": "general"}), other], RD())
    assert "UNIT_EXCLUDED" not in _flags(sub, docs, reg)
    # after three years: no flag
    sub, docs = _sub("yunnan", [debarred, other], RD(), filing="2027-06-01")
    assert "UNIT_EXCLUDED" not in _flags(sub, docs, reg)
    # another jurisdiction's cancellation does not debar here
    sub, docs = _sub("xinjiang", [debarred, other], RD())
    assert "UNIT_EXCLUDED" not in _flags(sub, docs, reg)


def test_cap_rows_report_the_registrys_cross_checks():
    lead = Member(name="广西甲有限公司", tier="lead", kind="enterprise")
    sub, docs = _sub("guangxi", [lead, Member(name="广西大学", tier="core", kind="university")], RD())
    assert _rows(sub, docs, "member_cap")[0].status == "n/a"
    cap = Flag(
        code="MEMBER_CAP_EXCEEDED",
        severity="warning",
        message="“广西大学”参与4个现行创新联合体",
        consortium="另一个创新联合体",
        unit="广西大学",
        evidence="4：…",
    )
    reg = RegistryFacts(cross_flags=[cap])
    assert _rows(sub, docs, "member_cap", reg)[0].status == "fail"
    assert _rows(sub, docs, "lead_cap", reg)[0].status == "pass"
    assert "MEMBER_CAP_EXCEEDED" not in {
        f.code for f in check_submission(sub, docs, reg)
    }  # the registry's to raise


# --- checklist rows without a flag of their own -------------------------------------------------


def test_rows_for_what_the_paperwork_shows_a_person():
    members = [
        LEAD_XJ,
        Member(name="新疆乙科技有限公司", tier="core", kind="enterprise", note="国家高新技术企业"),
    ]
    sub, docs = _sub("xinjiang", members, RD())
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
    assert _rows(sub, docs, "effective_dates_agree")[0].status == "pass"


def test_member_tiers_and_platform_counts_rows():
    members = [LEAD_XJ, Member(name="新疆大学", tier="unspecified", kind="university")]
    sub, docs = _sub("guangxi", members, RD())
    assert _rows(sub, docs, "member_tiers")[0].status == "unknown"
    sub.members[1].tier = "core"
    assert _rows(sub, docs, "member_tiers")[0].status == "pass"
    docs[0].platform_counts.national = 1
    docs[0].platform_counts.provincial = 2
    docs[0].platforms = [PlatformRow(name="国家甲中心", level="national", host_unit=LEAD_XJ.name)]
    national, provincial = _rows(sub, docs, "platform_counts_match")
    assert national.status == "pass" and provincial.status == "unknown"
    assert not national.flag and not provincial.flag


def test_rule_rows_carry_evidence_location_and_citation():
    members = [LEAD_XJ, Member(name="新疆大学", tier="core", kind="university")]
    sub, docs = _sub("xinjiang", members, RD())
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
