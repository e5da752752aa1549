"""Rule packs: loading and validation, versions by filing date, citations, the id scheme, 原则上
thresholds as warnings, and a pack edited by an operator taking effect."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from models.record import RD, Member
from pipeline.rules import JUR_CODES, PackError, all_packs, load_pack
from pipeline.rules.checks.registry import CapParams
from pipeline.submission import check_submission
from tests.factories import LEAD_XJ, pack_in_force, rule_of, rule_submission

ROOT = Path(__file__).resolve().parent.parent
PACKS = ROOT / "pipeline" / "rules" / "packs"


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
    sub, docs = rule_submission(
        "xinjiang", [LEAD_XJ, Member(name="新疆大学", tier="core", kind="university")], RD()
    )
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
