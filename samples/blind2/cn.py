"""Chinese ways of writing numbers, money, percentages and dates.

Every function returns the text as a clerk would type it; the value it stands for is
what the caller keeps for the truth, so the two can never disagree.
"""

from __future__ import annotations

import random

import cn2an

HANZI_DIGITS = "〇一二三四五六七八九"


def int_cn(n: int) -> str:
    """12 -> 十二, 120 -> 一百二十."""
    return cn2an.an2cn(int(n), "low")


def dec_cn(x: float) -> str:
    """3.5 -> 三点五, 1.2 -> 一点二."""
    s = f"{x:.4f}".rstrip("0").rstrip(".")
    if "." in s:
        a, b = s.split(".")
        return int_cn(int(a)) + "点" + "".join("零一二三四五六七八九"[int(c)] for c in b)
    return int_cn(int(s))


def year_hanzi(y: int) -> str:
    return "".join(HANZI_DIGITS[int(c)] for c in str(y))


def small_hanzi(n: int) -> str:
    """Month/day in hanzi as dates write them: 3 -> 三, 10 -> 十, 18 -> 十八, 20 -> 二十."""
    d = "〇一二三四五六七八九"
    if n < 10:
        return d[n]
    if n == 10:
        return "十"
    if n < 20:
        return "十" + d[n % 10]
    return d[n // 10] + "十" + ("" if n % 10 == 0 else d[n % 10])


DATE_STYLES = ["ymd", "hanzi", "dots", "slash", "iso", "ymd0"]


def date_text(d: tuple[int, int, int], style: str) -> str:
    y, m, dd = d
    if style == "ymd":
        return f"{y}年{m}月{dd}日"
    if style == "ymd0":
        return f"{y}年{m:02d}月{dd:02d}日"
    if style == "hanzi":
        return f"{year_hanzi(y)}年{small_hanzi(m)}月{small_hanzi(dd)}日"
    if style == "dots":
        return f"{y}.{m}.{dd}"
    if style == "slash":
        return f"{y}/{m}/{dd}"
    if style == "iso":
        return f"{y}-{m:02d}-{dd:02d}"
    raise ValueError(style)


def iso(d: tuple[int, int, int] | None) -> str | None:
    if d is None:
        return None
    return f"{d[0]:04d}-{d[1]:02d}-{d[2]:02d}"


def money_text(yuan: float, rng: random.Random, style: str | None = None) -> str:
    """An amount in yuan written as 万元 or 亿元, in figures or hanzi. Only forms that are exact."""
    wan = yuan / 10000
    yi = yuan / 1e8
    styles = []
    if abs(wan - round(wan)) < 1e-9:
        styles += ["wan"] + (["wan_cn"] if wan < 10000 else [])
    if abs(yi * 100 - round(yi * 100)) < 1e-9:
        styles += ["yi", "yi_cn"]
    if not styles:
        return f"{int(round(yuan))}元"
    if style not in styles:
        style = rng.choice(styles)
    if style == "wan":
        return f"{int(round(wan))}万元"
    if style == "wan_cn":
        return f"{int_cn(int(round(wan)))}万元"
    if style == "yi":
        return f"{yi:.2f}".rstrip("0").rstrip(".") + "亿元"
    return dec_cn(round(yi, 2)) + "亿元"


def pct_text(p: float, rng: random.Random, style: str | None = None) -> str:
    style = style or rng.choice(["pct", "pct_full", "cn"])
    s = f"{p:.2f}".rstrip("0").rstrip(".")
    if style == "pct":
        return s + "%"
    if style == "pct_full":
        return s + "％"
    return "百分之" + dec_cn(p)


def count_text(n: int, rng: random.Random, unit: str = "家", cn: bool | None = None) -> str:
    if cn is None:
        cn = rng.random() < 0.5
    return (int_cn(n) if cn else str(n)) + unit
