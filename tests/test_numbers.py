"""Numbers, money, percentages, ratios and dates as officials write them."""

from __future__ import annotations

from decimal import Decimal

import pytest

from extractors.numbers import find_money, money, parse_date, percent, ratio, to_int


@pytest.mark.parametrize(
    "text,value",
    [
        ("12", 12),
        ("１２", 12),
        ("十二", 12),
        ("12个", 12),
        ("三十人", 30),
        ("无", 0),
        ("", None),
        ("/", None),
        ("一百零五", 105),
    ],
)
def test_counts(text, value):
    assert to_int(text) == value


@pytest.mark.parametrize(
    "num,unit,yuan",
    [
        ("1.2", "亿元", "120000000"),
        ("3200", "万元", "32000000"),
        ("三千二百", "万元", "32000000"),
        ("16880.00", "万元", "168800000"),
        ("1,500", "万元", "15000000"),
        ("2.06", "亿", "206000000"),
    ],
)
def test_money_in_decimal(num, unit, yuan):
    v = money(num, unit)
    assert isinstance(v, Decimal) and v == Decimal(yuan)


def test_find_money_in_running_text():
    found = find_money("2024年实现主营业务收入18.29亿元，研发投入分别为4830万元、5540万元")
    assert [(float(v), s) for v, s, _, _ in found] == [
        (1829000000.0, "18.29亿元"),
        (48300000.0, "4830万元"),
        (55400000.0, "5540万元"),
    ]


def test_percent_and_ratio():
    assert percent("研发投入强度3.6%") == Decimal("3.6")
    assert percent("强度为3.6％") == Decimal("3.6")
    assert percent("百分之三点二") == Decimal("3.2")
    assert ratio("比例为2.7∶1") == Decimal("2.7")
    assert ratio("2.5:1") == Decimal("2.5")
    assert ratio("自筹与财政经费二比一") == Decimal("2")


@pytest.mark.parametrize(
    "text,iso",
    [
        ("2025年06月14日", "2025-06-14"),
        ("二〇二五年三月一日", "2025-03-01"),
        ("二〇二四年十二月二十一日", "2024-12-21"),
        ("2025.3.1", "2025-03-01"),
        ("2025-03-01", "2025-03-01"),
        ("2025 年 10 月 20 日", "2025-10-20"),
        ("年 月 日", None),
        ("2025年2月30日", None),
    ],
)
def test_dates(text, iso):
    assert parse_date(text) == iso
