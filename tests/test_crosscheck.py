"""Cross-consortium checks in SQL over a real registry (SQLite here; PostgreSQL in the bench and
test_registry): caps, code conflicts, near-duplicates, whole and for the units one submission
touches."""

from __future__ import annotations

import datetime as dt
import itertools
import sys

import pytest

from models.tables import Consortium, Membership, Submission, Unit, UnitCode, UnitName
from pipeline import crosscheck
from pipeline.registry import Registry

TODAY = dt.date(2026, 6, 30)
_ids = itertools.count(1)
POOL = "华信恒达金桥鼎新瑞丰宏源博宇天成汇通嘉禾中冶力拓兴业德润昌隆凤凰红水锦富川睿科东方明星海洋山湖泊松柏梅兰竹菊春夏秋冬云雾雷电风雨江长城黄泰衡嵩岱庐峨眉普陀九武当青崂崆峒雁荡"


def filler(i: int) -> str:
    """A company name far from every other filler name (its own three characters)."""
    return f"南宁{POOL[3 * i : 3 * i + 3]}科技发展有限公司"


@pytest.fixture()
def reg(tmp_path):
    r = Registry.open(f"sqlite:///{tmp_path / 'r.db'}")
    yield r
    r.close()


def unit(s, name: str, *codes: str, aliases: tuple[str, ...] = ()) -> int:
    u = Unit(canonical_name=name, name_key=crosscheck.name_columns(name)["name_key"], kind="enterprise")
    s.add(u)
    s.flush()
    for n in (name, *aliases):
        s.add(UnitName(unit_id=u.id, name=n, **crosscheck.name_columns(n)))
    for c in codes:
        s.add(UnitCode(unit_id=u.id, code=c, valid=True))
    s.flush()
    return u.id


def consortium(
    s, name: str, jur: str = "guangxi", filing=dt.date(2025, 3, 1), members=(), lead=(), **kw
) -> int:
    c = Consortium(
        name=name,
        name_key=name,
        jurisdiction=jur,
        filing_date=filing,
        effective_date=filing,
        expires_on=crosscheck.expiry(jur, filing, filing),
        **kw,
    )
    s.add(c)
    s.flush()
    sub = Submission(consortium_id=c.id, label=name, fingerprint=f"{next(_ids):064x}", record={})
    s.add(sub)
    s.flush()
    for uid in members:
        tier = "lead" if uid in lead else "general"
        s.add(
            Membership(
                submission_id=sub.id,
                consortium_id=c.id,
                unit_id=uid,
                name_as_written="",
                tier=tier,
                current=True,
            )
        )
    s.flush()
    return c.id


def codes(found, code: str) -> list:
    return [c.flag for c in found if c.flag.code == code]


def test_member_cap_counts_current_consortia_only(reg):
    with reg.Session.begin() as s:
        u = unit(s, "甲中心")
        for i in range(4):
            consortium(s, f"第{i}创新联合体", members=[u])
        cap = codes(crosscheck.check(s, TODAY), "MEMBER_CAP_EXCEEDED")
        assert len(cap) == 1 and cap[0].unit == "甲中心" and cap[0].evidence.startswith("4：")
    with reg.Session.begin() as s:  # legacy alliances and dissolved consortia do not count
        v = unit(s, "乙中心")
        for i in range(3):
            consortium(s, f"乙{i}创新联合体", members=[v])
        consortium(s, "某产业技术创新战略联盟", members=[v], legacy=True)
        consortium(s, "已解散创新联合体", members=[v], status="dissolved")
        assert not codes(crosscheck.check(s, TODAY, [v]), "MEMBER_CAP_EXCEEDED")


def test_guangxi_2021_approvals_expire_after_five_years(reg):
    with reg.Session.begin() as s:
        u = unit(s, "甲中心")
        for i in range(2):
            consortium(s, f"新{i}创新联合体", members=[u])
            consortium(s, f"旧{i}创新联合体", filing=dt.date(2021, 5, 1), members=[u])
        assert not codes(crosscheck.check(s, TODAY), "MEMBER_CAP_EXCEEDED")
        assert codes(crosscheck.check(s, dt.date(2026, 1, 1)), "MEMBER_CAP_EXCEEDED")


def test_lead_cap_per_jurisdiction(reg):
    with reg.Session.begin() as s:
        u = unit(s, "甲公司")
        for i in range(2):
            consortium(s, f"第{i}创新联合体", jur="yunnan", members=[u], lead=[u])
        lead = codes(crosscheck.check(s, TODAY), "LEAD_CAP_EXCEEDED")
        assert len(lead) == 1 and "第0创新联合体" in lead[0].evidence and "第1创新联合体" in lead[0].evidence
        v = unit(s, "乙公司")  # one in each of two jurisdictions is not two in one
        consortium(s, "云南某创新联合体", jur="yunnan", members=[v], lead=[v])
        consortium(s, "新疆某创新联合体", jur="xinjiang", members=[v], lead=[v])
        assert not codes(crosscheck.check(s, TODAY, [v]), "LEAD_CAP_EXCEEDED")


def test_two_codes_for_one_unit_and_one_code_for_two_units(reg):
    with reg.Session.begin() as s:
        a = unit(s, "重庆睿科智能科技有限公司", "9150011840008838XM", "91500118MACYYG7R42")
        b = unit(s, "甲公司", "91450108729975283M", aliases=("完全不同的研究院",))
        consortium(s, "第一创新联合体", members=[a, b])
        flags = codes(crosscheck.check(s, TODAY), "CREDIT_CODE_CONFLICT")
        assert {f.unit for f in flags} == {"重庆睿科智能科技有限公司", "甲公司"}
        assert all("第一创新联合体" in f.message for f in flags)


def test_near_duplicates_flagged_unless_codes_differ(reg):
    with reg.Session.begin() as s:
        a = unit(s, "广西宝丰（集团）实业有限公司", "914513003783256755")
        b = unit(s, "广西宝沣(集团)实业有限公司")
        unit(s, "广西锦华汽车零部件集团有限公司")
        unit(s, "上海锦华汽车有限公司")
        for i in range(25):  # other names around them in the sorted orders
            unit(s, filler(i))
        whole = codes(crosscheck.check(s, TODAY), "POSSIBLE_DUPLICATE_UNIT")
        assert len(whole) == 1 and "宝丰" in whole[0].evidence and "宝沣" in whole[0].evidence
        # the same pair, found from either unit alone
        for one in (a, b):
            assert codes(crosscheck.check(s, TODAY, [one]), "POSSIBLE_DUPLICATE_UNIT") == whole
        s.add(UnitCode(unit_id=b, code="91450108729975283M", valid=True))  # a different valid code
        s.flush()
        assert not codes(crosscheck.check(s, TODAY), "POSSIBLE_DUPLICATE_UNIT")


def test_full_check_streams_in_blocks(reg, monkeypatch):
    """Names scored a block at a time find the pairs that straddle two blocks."""
    with reg.Session.begin() as s:
        for i in range(25):
            unit(s, filler(i))
        unit(s, filler(20).replace("发展", "發展"))  # one typo, sorted next to its twin
        monkeypatch.setattr(sys.modules["pipeline.crosscheck.duplicates"], "BLOCK", 7)
        dup = codes(crosscheck.check(s, TODAY), "POSSIBLE_DUPLICATE_UNIT")
        assert [f.evidence for f in dup] == [f"{filler(20)} / {filler(20).replace('发展', '發展')}"]


def test_incremental_resolves_only_what_it_checked(reg):
    """Recording touches some units: their flags are checked again and resolved when gone; the
    flags of other units are left as they are."""
    with reg.Session.begin() as s:
        u, v = unit(s, "甲中心"), unit(s, "乙中心")
        for i in range(4):
            consortium(s, f"第{i}创新联合体", members=[u, v])
        reg.store_cross_flags(s, crosscheck.check(s, TODAY), None)
    assert len([f for f in reg.open_flags() if f.code == "MEMBER_CAP_EXCEEDED"]) == 2
    with reg.Session.begin() as s:
        s.query(Membership).filter(Membership.unit_id == u, Membership.consortium_id == 1).delete()
        s.query(Membership).filter(Membership.unit_id == v, Membership.consortium_id == 1).delete()
        got = reg.store_cross_flags(s, crosscheck.check(s, TODAY, {u}), {u})
        assert got == {"new": 0, "reopened": 0, "resolved": 1}
    assert [f.unit for f in reg.open_flags() if f.code == "MEMBER_CAP_EXCEEDED"] == ["乙中心"]
