"""Numbers, money, percentages, ratios and dates as officials write them.

Chinese numerals go through cn2an (its `smart` mode reads mixed forms such as 1.2亿); money is
computed in Decimal and returned in yuan. cn2an fails on 百分之三十, which is handled here.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import unicodedata
from decimal import Decimal, InvalidOperation

CN_DIGITS = "零〇一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟"
NUM = rf"[0-9０-９][0-9０-９,，.．]*|[{CN_DIGITS}点]+"
UNIT_SCALE = {
    "元": Decimal(1),
    "千元": Decimal(1000),
    "万元": Decimal(10_000),
    "万": Decimal(10_000),
    "百万元": Decimal(1_000_000),
    "千万元": Decimal(10_000_000),
    "亿元": Decimal(100_000_000),
    "亿": Decimal(100_000_000),
}

logging.getLogger("cn2an").setLevel(logging.ERROR)


def _nfkc(s: str) -> str:
    return unicodedata.normalize("NFKC", s or "")


_CN_DIGIT = str.maketrans("零〇一二三四五六七八九", "00123456789")


def to_decimal(s: str) -> Decimal | None:
    """A number written in digits (1,200.5), Chinese numerals (三十, 一千二百) or mixed (1.2万)."""
    s = _nfkc(s).strip().replace(",", "").replace("，", "")
    if not s:
        return None
    try:
        return Decimal(s)
    except InvalidOperation:
        pass
    try:
        import cn2an

        v = cn2an.cn2an(s.replace("两", "二"), "smart")
        return Decimal(str(v))
    except Exception:
        pass
    # 一万零九百万 / 一万万: a count of 万 that cn2an does not take
    if len(s) > 1 and s[-1] in "万亿":
        head = to_decimal(s[:-1])
        if head is not None:
            return head * (Decimal(10_000) if s[-1] == "万" else Decimal(100_000_000))
    # 一点二亿 / 三点五万: a Chinese decimal with a multiplier cn2an does not take
    m = re.fullmatch(r"([零〇一二三四五六七八九十百千]+)点([零〇一二三四五六七八九]+)(万|亿)?", s)
    if m:
        whole = to_decimal(m.group(1))
        if whole is None:
            return None
        frac = Decimal("0." + m.group(2).translate(_CN_DIGIT))
        scale = {"万": Decimal(10_000), "亿": Decimal(100_000_000)}.get(m.group(3) or "", Decimal(1))
        return (whole + frac) * scale
    return None


def to_int(s: str | None) -> int | None:
    """A count as written in a form cell: 12, １２, 十二, 12个, 12家."""
    if s is None:
        return None
    t = _nfkc(s).strip()
    t = re.sub(r"[个家项人名所\s]+$", "", t)
    if not t or t in ("/", "-", "无", "—"):
        return 0 if t == "无" else None
    m = re.fullmatch(rf"({NUM})", t)
    if not m:
        m2 = re.match(r"^(\d+)", t)
        if not m2:
            return None
        t = m2.group(1)
    d = to_decimal(t)
    if d is None or d != d.to_integral_value():
        return None
    return int(d)


def money(num: str, unit: str) -> Decimal | None:
    """Yuan from a number and its unit: (1.2, 亿元) -> 120000000."""
    d = to_decimal(num)
    if d is None:
        return None
    unit = _nfkc(unit).strip()
    scale = UNIT_SCALE.get(unit)
    if scale is None:
        return None
    return d * scale


MONEY_RE = re.compile(rf"({NUM})\s*(亿元|千万元|百万元|万元|千元|亿|万|元)")


def find_money(text: str) -> list[tuple[Decimal, str, int, int]]:
    """Every amount of money in a text: (yuan, as written, start, end)."""
    out = []
    for m in MONEY_RE.finditer(text):
        v = money(m.group(1), m.group(2))
        if v is not None:
            out.append((v, m.group(0), m.start(), m.end()))
    return out


def percent(text: str) -> Decimal | None:
    """3.2%, 3.2％, 百分之三点二."""
    t = _nfkc(text)
    m = re.search(rf"({NUM})\s*%", t)
    if m:
        return to_decimal(m.group(1))
    m = re.search(rf"百分之([{CN_DIGITS}点0-9.]+)", t)
    if m:
        return to_decimal(m.group(1))
    return None


def ratio(text: str) -> Decimal | None:
    """2.5:1, 2.5∶1, 2.5比1, 二比一 -> 2.5."""
    t = _nfkc(text).replace("∶", ":").replace("：", ":")
    m = re.search(rf"({NUM})\s*(?::|比)\s*({NUM})", t)
    if not m:
        return None
    a, b = to_decimal(m.group(1)), to_decimal(m.group(2))
    if a is None or not b:
        return None
    return a / b


# --------------------------------------------------------------------------- dates
_CN_YEAR = str.maketrans("〇○零一二三四五六七八九Ο", "0001234567890")
DATE_RES = [
    # a speck OCR reads as a point beside 年 / 月 (2023.年02月01日) is no part of the date
    re.compile(r"(\d{4})\s*[.．·]?\s*年\s*(\d{1,2})\s*[.．·]?\s*月\s*(\d{1,2})\s*日"),
    re.compile(r"(\d{4})\s*[./\-]\s*(\d{1,2})\s*[./\-]\s*(\d{1,2})(?!\d)"),
    re.compile(
        r"([〇○零一二三四五六七八九Ο]{4})\s*年\s*([一二三四五六七八九十]{1,3})\s*月\s*([一二三四五六七八九十]{1,3})\s*日"
    ),
    re.compile(
        r"(?<![〇○零一二三四五六七八九十])(二[一二][〇○零一二三四五六七八九])\s*年\s*([一二三四五六七八九十]{1,3})\s*月\s*([一二三四五六七八九十]{1,3})\s*日"
    ),
]


def _cn_small(s: str) -> int | None:
    d = to_decimal(s)
    return int(d) if d is not None else None


def parse_date(text: str) -> str | None:
    """The first date in a text as YYYY-MM-DD: 2025年3月1日, 2025.3.1, 2025-03-01, 二〇二五年三月一日.

    >>> parse_date("本协议自2023.年02月01日起生效"), parse_date("2025/3/18")
    ('2023-02-01', '2025-03-18')
    """
    t = _nfkc(text or "")
    for i, rx in enumerate(DATE_RES):
        m = rx.search(t)
        if not m:
            continue
        if i == 2:
            y = int(m.group(1).translate(_CN_YEAR))
            mo, d = _cn_small(m.group(2)), _cn_small(m.group(3))
        elif i == 3:
            # 二二五年: OCR drops the round 〇 of 二〇二五
            y = int(("二〇" + m.group(1)[1:]).translate(_CN_YEAR))
            mo, d = _cn_small(m.group(2)), _cn_small(m.group(3))
        else:
            y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
        if mo is None or d is None:
            continue
        try:
            return dt.date(y, mo, d).isoformat()
        except ValueError:
            continue
    return None


def yuan_float(d: Decimal | None) -> float | None:
    return float(d) if d is not None else None
