"""Numbers, money, percentages and dates in the forms real paperwork writes them (cn2an for numerals)."""

from __future__ import annotations

import datetime as dt
import random

import cn2an

CN_DIGIT = "〇一二三四五六七八九"


def cn_int(n: int) -> str:
    return cn2an.an2cn(int(n), "low")


def cn_dec(x: float) -> str:
    s = f"{x:.2f}".rstrip("0").rstrip(".")
    return cn2an.an2cn(s, "low")


def cn_year(y: int) -> str:
    return "".join(CN_DIGIT[int(c)] for c in str(y))


DATE_STYLES = ["cn", "cn_pad", "cn_num", "dot", "dot_pad", "slash", "dash", "spaced"]


def fmt_date(d: dt.date, style: str) -> str:
    y, m, dd = d.year, d.month, d.day
    if style == "cn":
        return f"{y}年{m}月{dd}日"
    if style == "cn_pad":
        return f"{y}年{m:02d}月{dd:02d}日"
    if style == "cn_num":
        return f"{cn_year(y)}年{cn_int(m)}月{cn_int(dd)}日"
    if style == "dot":
        return f"{y}.{m}.{dd}"
    if style == "dot_pad":
        return f"{y}.{m:02d}.{dd:02d}"
    if style == "slash":
        return f"{y}/{m}/{dd}"
    if style == "dash":
        return f"{y}-{m:02d}-{dd:02d}"
    if style == "spaced":
        return f"{y} 年 {m} 月 {dd} 日"
    raise ValueError(style)


def fmt_month(d: dt.date, style: str) -> str:
    """A month without a day (plans' 编制时间, platforms' 建设时间)."""
    if style == "cn_num":
        return f"{cn_year(d.year)}年{cn_int(d.month)}月"
    if style == "dot":
        return f"{d.year}.{d.month:02d}"
    return f"{d.year}年{d.month}月"


MONEY_STYLES = ["yi", "wan", "yuan", "cn_yi", "cn_wan"]


def money_ok(amount: int, style: str) -> bool:
    """Whether ``amount`` (yuan) is written exactly in ``style``."""
    if style in ("yi", "cn_yi"):
        return amount % 1_000_000 == 0 and amount >= 100_000_000
    if style in ("wan", "cn_wan"):
        return amount % 10_000 == 0
    return True


def fmt_money(amount: int, style: str) -> str:
    if style == "yi":
        v = amount / 1e8
        return f"{v:.2f}".rstrip("0").rstrip(".") + "亿元"
    if style == "cn_yi":
        return cn_dec(amount / 1e8) + "亿元"
    if style == "wan":
        return f"{amount // 10_000}万元"
    if style == "cn_wan":
        return cn_int(amount // 10_000) + "万元"
    if style == "yuan":
        return f"{amount:,}元"
    raise ValueError(style)


def pick_money_style(rng: random.Random, amount: int, allow_cn: bool = True) -> str:
    styles = [s for s in MONEY_STYLES if money_ok(amount, s) and (allow_cn or not s.startswith("cn"))]
    # Chinese numerals only for round figures, as people write them: 一点二亿元, 十二点五亿元 (at most one
    # decimal), 三千二百万元 (under 一亿)
    if "cn_yi" in styles and (amount % 10_000_000 != 0 or amount >= 10_000_000_000):
        styles.remove("cn_yi")
    if "cn_wan" in styles and (amount % 1_000_000 != 0 or amount >= 100_000_000):
        styles.remove("cn_wan")
    return rng.choice(styles)


def fmt_pct(x: float, style: str) -> str:
    s = f"{x:.1f}".rstrip("0").rstrip(".")
    if style == "cn":
        return "百分之" + cn_dec(x)
    if style == "full":
        return s + "％"
    return s + "%"


def fmt_count(n: int, unit: str, cn: bool) -> str:
    return (cn_int(n) if cn else str(n)) + unit


def spaced(name: str, sep: str = " ") -> str:
    """Letter-spaced as on seal blocks and covers: 重 庆 天 成."""
    return sep.join(name)


def ratio_text(r: float, style: str) -> str:
    s = f"{r:.1f}".rstrip("0").rstrip(".")
    if style == "colon":
        return f"{s}:1"
    if style == "fullcolon":
        return f"{s}：1"
    return f"{s}比1"
