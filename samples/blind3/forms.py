"""Ways of writing credit codes, money, percentages and dates that blind2 does not use:
full-width characters, spaces/hyphens inside a code, lower case, thousands separators,
人民币…元, 亿元 with four decimals, full-width digits, ％. Each function returns the text as
written; the caller keeps the value for the truth."""

from __future__ import annotations

from samples.blind2 import cn

FW = str.maketrans(
    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz.,%-:",
    "０１２３４５６７８９ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ．，％－：",
)

CODE_FORMS = ["plain", "fullwidth", "spaced", "hyphen", "lower"]
CODE_LABELS = ["统一社会信用代码", "社会信用代码", "信用代码", "组织机构代码（统一社会信用代码）"]


def fullwidth(s: str) -> str:
    return s.translate(FW)


def code_text(code: str, form: str) -> str:
    """An 18-character code as a clerk may type it; NFKC, dropping spaces and hyphens and
    upper-casing gives the code back."""
    if form == "plain":
        return code
    if form == "fullwidth":
        return fullwidth(code)
    if form == "spaced":  # 2-6-9-1 as on some certificates
        return f"{code[:2]} {code[2:8]} {code[8:17]} {code[17]}"
    if form == "hyphen":
        return f"{code[:8]}-{code[8:17]}-{code[17]}"
    if form == "lower":
        return code.lower()
    raise ValueError(form)


def code_norm(text: str) -> str:
    import unicodedata

    t = unicodedata.normalize("NFKC", text)
    return "".join(ch for ch in t if ch.isalnum()).upper()


def thousands(x: float, nd: int = 0) -> str:
    return f"{x:,.{nd}f}"


MONEY_FORMS = ["sep_wan", "rmb_yuan", "yi_dec", "fw_wan", "wan_plain"]


def money(yuan: float, form: str) -> str:
    """yuan: an amount that is a whole number of 100 yuan (0.01万)."""
    wan = yuan / 1e4
    nd = 0 if abs(wan - round(wan)) < 1e-9 else (1 if abs(wan * 10 - round(wan * 10)) < 1e-6 else 2)
    if form == "sep_wan":
        return f"{thousands(wan, nd)}万元"
    if form == "wan_plain":
        return f"{wan:.{nd}f}万元"
    if form == "fw_wan":
        return fullwidth(f"{wan:.{nd}f}") + "万元"
    if form == "rmb_yuan":
        return f"人民币{thousands(yuan, 0)}元"
    if form == "yi_dec":
        yi = yuan / 1e8
        s = f"{yi:.6f}".rstrip("0").rstrip(".")
        return s + "亿元"
    raise ValueError(form)


def pct(p: float, form: str) -> str:
    s = f"{p:.2f}".rstrip("0").rstrip(".")
    if form == "fw":
        return fullwidth(s) + "％"
    if form == "fwsign":
        return s + "％"
    if form == "two_dec":
        return f"{p:.2f}%"
    return s + "%"


DATE_FORMS = ["hanzi", "ymd", "iso", "ymd0", "fw"]


def date(d: tuple[int, int, int], form: str) -> str:
    if form == "fw":
        return fullwidth(f"{d[0]}") + "年" + fullwidth(str(d[1])) + "月" + fullwidth(str(d[2])) + "日"
    return cn.date_text(d, form)


def count(n: int, form: str, unit: str = "家") -> str:
    if form == "hanzi":
        return cn.int_cn(n) + unit
    if form == "fw":
        return fullwidth(str(n)) + unit
    return f"{n}{unit}"
