"""The lead unit's R&D figures, written as officials write them."""

from __future__ import annotations

import pytest

from extractors.fields.rd import extract_rd

CASES = [
    (
        "甲公司2024年实现主营业务收入18.29亿元，拥有专职研发人员336人，2022—2024年研发投入分别为4830万元、5540万元、6500万元，研发投入强度3.6%。",
        dict(
            revenue_cny=1829000000.0,
            rd_staff=336,
            rd_intensity_pct=3.6,
            rd_expense_cny=[(2022, 48300000.0), (2023, 55400000.0), (2024, 65000000.0)],
        ),
    ),
    (
        "上年度营业收入385400万元，现有专职研发人员一百二十名；2021年、2022年和2023年研发经费支出分别为1.0018亿元、1.1481亿元和1.3728亿元，研发投入占销售收入的比例为4.2%。",
        dict(
            revenue_cny=3854000000.0,
            rd_staff=120,
            rd_intensity_pct=4.2,
            rd_expense_cny=[(2021, 100180000.0), (2022, 114810000.0), (2023, 137280000.0)],
        ),
    ),
    (
        "企业专职研发人员三十人。近三年研发投入：2022年17210万元，2023年21946万元，2024年28176万元。研发投入强度为3.2％。",
        dict(
            rd_staff=30,
            rd_intensity_pct=3.2,
            rd_expense_cny=[(2022, 172100000.0), (2023, 219460000.0), (2024, 281760000.0)],
        ),
    ),
    (
        "近三年研发投入分别为1.2亿元、1.5亿元和1.8亿元，研发投入强度百分之三点二。",
        dict(
            rd_intensity_pct=3.2,
            rd_expense_cny=[(None, 120000000.0), (None, 150000000.0), (None, 180000000.0)],
        ),
    ),
    (
        "联合体项目计划总投入2960万元，其中企业自筹经费2160万元，申请省级财政经费800万元，自筹经费与申请财政经费比例为2.7∶1。",
        dict(self_funding_ratio=2.7, revenue_cny=None, rd_expense_cny=[]),
    ),
    ("项目总投入3000万元，其中企业自筹2000万元，申请省级财政资金1000万元。", dict(self_funding_ratio=2.0)),
    ("2023年实现营业收入695900万元。", dict(revenue_cny=6959000000.0)),
    ("带动产业链新增产值85亿元以上，研发投入强度目标为5%。", dict(revenue_cny=None)),
]


@pytest.mark.parametrize("text,want", CASES)
def test_rd_phrasings(text, want):
    got = extract_rd(text)
    for k, v in want.items():
        if k == "rd_expense_cny":
            assert [(x["year"], x["amount_cny"]) for x in got[k]] == v
        else:
            assert got[k] == v, k
    for k in want:
        if want[k] not in (None, []):
            assert got["evidence"][k], "every figure carries the sentence it came from"


def test_a_cumulative_wording_over_a_series_is_the_series_and_a_total_is_not():
    r = extract_rd(
        "牵头企业近三年累计研发投入依次为14508万元、17536万元和18360万元，占营业收入比重达百分之三点四。"
    )
    assert [x["amount_cny"] for x in r["rd_expense_cny"]] == [145080000.0, 175360000.0, 183600000.0]
    assert extract_rd("牵头企业近三年累计研发投入5000万元。")["rd_expense_cny"] == []


def test_self_funding_ratio_stated_before_its_word():
    assert extract_rd("牵头单位和成员单位中的企业按照1.5:1的比例落实自筹经费。")["self_funding_ratio"] == 1.5
