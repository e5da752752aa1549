"""Cross-consortium checks as pure functions of a registry snapshot."""

from __future__ import annotations

import datetime as dt

from pipeline.crosscheck import MembershipRow, UnitInfo, cross_checks, duplicate_flags

TODAY = dt.date(2026, 6, 30)


def rows_for(unit_id: int, n: int, jur: str = "guangxi", tier: str = "general", **kw) -> list[MembershipRow]:
    return [
        MembershipRow(
            unit_id=unit_id,
            tier=tier,
            consortium_id=100 + i,
            consortium=f"第{i}创新联合体",
            jurisdiction=jur,
            filing=dt.date(2025, 3, 1),
            **kw,
        )
        for i in range(n)
    ]


def test_member_cap_counts_current_consortia_only():
    units = {1: UnitInfo(1, "甲中心", ["甲中心"])}
    flags = cross_checks(rows_for(1, 4), units, TODAY)
    cap = [f for f in flags if f.code == "MEMBER_CAP_EXCEEDED"]
    assert len(cap) == 1 and cap[0].unit == "甲中心" and cap[0].evidence.startswith("4：")
    # legacy alliances and dissolved consortia do not count
    rows = rows_for(1, 3) + [
        MembershipRow(1, "general", 900, "某产业技术创新战略联盟", "guangxi", legacy=True),
        MembershipRow(1, "general", 901, "已解散创新联合体", "guangxi", status="dissolved"),
    ]
    assert not [f for f in cross_checks(rows, units, TODAY) if f.code == "MEMBER_CAP_EXCEEDED"]


def test_guangxi_2021_approvals_expire_after_five_years():
    units = {1: UnitInfo(1, "甲中心", ["甲中心"])}
    old = [
        MembershipRow(1, "general", 50 + i, f"旧{i}创新联合体", "guangxi", filing=dt.date(2021, 5, 1))
        for i in range(2)
    ]
    rows = rows_for(1, 2) + old
    assert not [f for f in cross_checks(rows, units, TODAY) if f.code == "MEMBER_CAP_EXCEEDED"]
    assert [f for f in cross_checks(rows, units, dt.date(2026, 1, 1)) if f.code == "MEMBER_CAP_EXCEEDED"]


def test_lead_cap_per_jurisdiction():
    units = {1: UnitInfo(1, "甲公司", ["甲公司"])}
    rows = rows_for(1, 2, jur="yunnan", tier="lead")
    lead = [f for f in cross_checks(rows, units, TODAY) if f.code == "LEAD_CAP_EXCEEDED"]
    assert len(lead) == 1 and "第0创新联合体" in lead[0].evidence and "第1创新联合体" in lead[0].evidence
    # one consortium in each of two jurisdictions is not two in one
    rows = rows_for(1, 1, jur="yunnan", tier="lead") + [
        MembershipRow(1, "lead", 7, "新疆某创新联合体", "xinjiang")
    ]
    assert not [f for f in cross_checks(rows, units, TODAY) if f.code == "LEAD_CAP_EXCEEDED"]


def test_two_codes_for_one_unit_and_one_code_for_two_units():
    units = {
        1: UnitInfo(
            1,
            "重庆睿科智能科技有限公司",
            ["重庆睿科智能科技有限公司"],
            ["9150011840008838XM", "91500118MACYYG7R42"],
        ),
        2: UnitInfo(2, "甲公司", ["甲公司", "完全不同的研究院"], ["91450108729975283M"]),
    }
    flags = [
        f
        for f in cross_checks(rows_for(1, 1) + rows_for(2, 1), units, TODAY)
        if f.code == "CREDIT_CODE_CONFLICT"
    ]
    assert {f.unit for f in flags} == {"重庆睿科智能科技有限公司", "甲公司"}


def test_near_duplicates_flagged_unless_codes_differ():
    units = {
        1: UnitInfo(
            1, "广西宝丰（集团）实业有限公司", ["广西宝丰（集团）实业有限公司"], ["914513003783256755"]
        ),
        2: UnitInfo(2, "广西宝沣(集团)实业有限公司", ["广西宝沣(集团)实业有限公司"], []),
        3: UnitInfo(3, "广西锦华汽车零部件集团有限公司", ["广西锦华汽车零部件集团有限公司"], []),
        4: UnitInfo(4, "上海锦华汽车有限公司", ["上海锦华汽车有限公司"], []),
    }
    flags = duplicate_flags([], units)
    assert len(flags) == 1 and "宝丰" in flags[0].evidence and "宝沣" in flags[0].evidence
    units[2].codes = ["91450108729975283M"]  # a different valid code: two units
    assert not duplicate_flags([], units)


def test_duplicates_blocking_scales(benchmark=None):
    # 20k distinct names compare in blocks, not all pairs
    import time

    units = {
        i: UnitInfo(i, f"城市{i % 97}号{i}科技有限公司", [f"城市{i % 97}号{i}科技有限公司"])
        for i in range(20000)
    }
    t = time.time()
    duplicate_flags([], units)
    assert time.time() - t < 60
