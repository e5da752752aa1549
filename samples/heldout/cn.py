"""Chinese numbers, money and dates written the ways forms write them."""

from __future__ import annotations

import datetime as dt
import random

DIG = "零一二三四五六七八九"
DIG_O = "〇一二三四五六七八九"


def cn_int(n: int) -> str:
    """120 -> 一百二十, 3200 -> 三千二百, 12 -> 十二, 105 -> 一百零五."""
    if n == 0:
        return "零"
    if n >= 100000000:
        hi, lo = divmod(n, 100000000)
        s = cn_int(hi) + "亿"
        if lo:
            s += ("零" if lo < 10000000 else "") + cn_int(lo)
        return s
    if n >= 10000:
        hi, lo = divmod(n, 10000)
        s = cn_int(hi) + "万"
        if lo:
            s += ("零" if lo < 1000 else "") + cn_int(lo)
        return s
    units = [(1000, "千"), (100, "百"), (10, "十")]
    s = ""
    zero = False
    for val, u in units:
        d, n = divmod(n, val)
        if d:
            if zero:
                s += "零"
                zero = False
            s += DIG[d] + u
        elif s:
            zero = True
    if n:
        if zero:
            s += "零"
        s += DIG[n]
    if s.startswith("一十"):
        s = s[1:]
    return s


def cn_dec(x: float, nd: int = 2) -> str:
    """3.5 -> 三点五; 12 -> 十二."""
    txt = f"{x:.{nd}f}".rstrip("0").rstrip(".")
    if "." in txt:
        a, b = txt.split(".")
        return cn_int(int(a)) + "点" + "".join(DIG[int(c)] for c in b)
    return cn_int(int(txt))


def cn_year(y: int) -> str:
    return "".join(DIG_O[int(c)] for c in str(y))


def fmt_date(d: dt.date, style: str) -> str:
    y, m, dd = d.year, d.month, d.day
    if style == "cn":
        return f"{y}年{m}月{dd}日"
    if style == "cn0":
        return f"{y}年{m:02d}月{dd:02d}日"
    if style == "cnsp":
        return f"{y} 年 {m} 月 {dd} 日"
    if style == "upper":
        return f"{cn_year(y)}年{cn_int(m)}月{cn_int(dd)}日"
    if style == "dot":
        return f"{y}.{m}.{dd}"
    if style == "slash":
        return f"{y}/{m}/{dd}"
    if style == "iso":
        return f"{y}-{m:02d}-{dd:02d}"
    raise ValueError(style)


DATE_STYLES = ["cn", "cn0", "cnsp", "upper", "dot", "slash", "iso"]


def money(amount: float, rng: random.Random, styles=None) -> str:
    """Write an amount in yuan the ways forms do; the value read back must be `amount`."""
    styles = styles or ["yi", "wan", "yi_cn", "wan_cn", "yuan"]
    st = rng.choice(styles)
    if st == "yi" and amount >= 1e8:
        v = amount / 1e8
        return f"{v:.2f}".rstrip("0").rstrip(".") + "亿元"
    if st == "yi_cn" and amount >= 1e8 and round(amount / 1e7) * 1e7 == amount:
        return cn_dec(amount / 1e8, 1) + "亿元"
    if st == "wan_cn" and round(amount / 1e4) * 1e4 == amount and amount < 1e9:
        return cn_int(int(amount // 1e4)) + "万元"
    if st == "yuan":
        return f"{int(amount):,}元"
    return f"{amount / 1e4:.0f}万元" if amount % 1e4 == 0 else f"{amount / 1e4:.2f}万元"


def pct(p: float, rng: random.Random, allow_cn: bool = True) -> str:
    if allow_cn and rng.random() < 0.35:
        return "百分之" + cn_dec(p, 1)
    return f"{p:g}%"


def count(n: int, rng: random.Random, unit: str = "", cn_prob: float = 0.4) -> str:
    if rng.random() < cn_prob:
        return cn_int(n) + unit
    return f"{n}{unit}"
