"""Word's automatic numbering (w:numPr), rendered as Word shows it: "一、", "（一）", "第一条",
"1.1.", "①". The list definitions are read from numbering.xml, the numbering a paragraph gets
from its own properties or its style's; counters run per abstract list as Word runs them (a
level restarts after a higher level, a w:num's startOverride restarts its list)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

_TIANGAN = "甲乙丙丁戊己庚辛壬癸"
_DIZHI = "子丑寅卯辰巳午未申酉戌亥"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_PAREN = "⑴⑵⑶⑷⑸⑹⑺⑻⑼⑽⑾⑿⒀⒁⒂⒃⒄⒅⒆⒇"
_FULLSTOP = "⒈⒉⒊⒋⒌⒍⒎⒏⒐⒑⒒⒓⒔⒕⒖⒗⒘⒙⒚⒛"


def _roman(n: int) -> str:
    out = ""
    for v, s in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L")):
        while n >= v:
            out, n = out + s, n - v
    for v, s in ((40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= v:
            out, n = out + s, n - v
    return out


def _letter(n: int) -> str:
    # Word: a..z, then aa..zz, aaa..
    n = max(1, n)
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def format_number(n: int, fmt: str) -> str:
    import cn2an

    if fmt in ("decimal", "", "ordinal", "cardinalText", "ordinalText"):
        return str(n)
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "upperRoman":
        return _roman(n)
    if fmt == "lowerRoman":
        return _roman(n).lower()
    if fmt == "upperLetter":
        return _letter(n).upper()
    if fmt == "lowerLetter":
        return _letter(n)
    if fmt in (
        "chineseCounting",
        "chineseCountingThousand",
        "japaneseCounting",
        "taiwaneseCounting",
        "taiwaneseCountingThousand",
        "ideographDigital",
        "koreanCounting",
    ):
        s = str(cn2an.an2cn(n))
        return (
            s.replace("〇", "零")
            if fmt != "ideographDigital"
            else "".join("〇一二三四五六七八九"[int(d)] for d in str(n))
        )
    if fmt in ("chineseLegalSimplified", "japaneseLegal", "ideographLegalTraditional"):
        return str(cn2an.an2cn(n, "up"))
    if fmt in ("ideographTraditional",):
        return _TIANGAN[(n - 1) % 10]
    if fmt == "ideographZodiac":
        return _DIZHI[(n - 1) % 12]
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese", "ideographEnclosedCircle"):
        return _CIRCLED[n - 1] if 1 <= n <= 20 else f"({n})"
    if fmt == "decimalEnclosedParen":
        return _PAREN[n - 1] if 1 <= n <= 20 else f"({n})"
    if fmt == "decimalEnclosedFullstop":
        return _FULLSTOP[n - 1] if 1 <= n <= 20 else f"{n}."
    if fmt == "decimalFullWidth" or fmt == "decimalFullWidth2":
        return "".join(chr(0xFF10 + int(d)) for d in str(n))
    if fmt == "decimalHalfWidth":
        return str(n)
    if fmt == "none":
        return ""
    return str(n)


@dataclass
class Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."
    restart: int | None = None  # lvlRestart: restart after this (1-based) level; 0 = never
    legal: bool = False  # isLgl: shown as decimal when quoted by a deeper level
    suffix: str = "tab"


@dataclass
class Numbering:
    abstract: dict[str, dict[int, Level]] = field(default_factory=dict)
    nums: dict[str, tuple[str, dict[int, int], dict[int, Level]]] = field(default_factory=dict)
    style_num: dict[str, tuple[str, int]] = field(default_factory=dict)  # style id -> (numId, ilvl)
    counters: dict[str, list[int | None]] = field(default_factory=dict)
    started: set[str] = field(default_factory=set)

    @classmethod
    def from_parts(cls, numbering: Any | None, styles: Any | None) -> Numbering:
        n = cls()
        if numbering is not None:
            for a in numbering.iterchildren(W + "abstractNum"):
                n.abstract[a.get(W + "abstractNumId") or ""] = {
                    int(lv.get(W + "ilvl") or 0): _level(lv) for lv in a.iterchildren(W + "lvl")
                }
            for num in numbering.iterchildren(W + "num"):
                aid = _val(num.find(W + "abstractNumId")) or ""
                starts: dict[int, int] = {}
                levels: dict[int, Level] = {}
                for ov in num.iterchildren(W + "lvlOverride"):
                    ilvl = int(ov.get(W + "ilvl") or 0)
                    so = ov.find(W + "startOverride")
                    if so is not None:
                        starts[ilvl] = int(_val(so) or 1)
                    lv = ov.find(W + "lvl")
                    if lv is not None:
                        levels[ilvl] = _level(lv)
                n.nums[num.get(W + "numId") or ""] = (aid, starts, levels)
            # an abstract list that links to a style's list (numStyleLink) takes its levels
        if styles is not None:
            based: dict[str, str] = {}
            own: dict[str, tuple[str | None, int | None]] = {}
            for st in styles.iterchildren(W + "style"):
                sid = st.get(W + "styleId") or ""
                b = st.find(W + "basedOn")
                if b is not None:
                    based[sid] = _val(b) or ""
                np_ = st.find(f"{W}pPr/{W}numPr")
                if np_ is not None:
                    sil = _val(np_.find(W + "ilvl"))
                    own[sid] = (_val(np_.find(W + "numId")), int(sil) if sil is not None else None)
            for sid in set(own) | set(based):
                cur: str = sid
                seen: set[str] = set()
                nid = None
                il_: int | None = None
                while cur and cur not in seen:
                    seen.add(cur)
                    if cur in own:
                        a, b2 = own[cur]
                        nid = nid if nid is not None else a
                        il_ = il_ if il_ is not None else b2
                    cur = based.get(cur, "")
                if nid is not None:
                    n.style_num[sid] = (nid, il_ or 0)
        return n

    def label(self, p: Any) -> str:
        """The number Word shows before paragraph p ("" if it has none), counters advanced."""
        ppr = p.find(W + "pPr")
        num_id: str | None = None
        ilvl: int | None = None
        if ppr is not None:
            np_ = ppr.find(W + "numPr")
            if np_ is not None:
                num_id = _val(np_.find(W + "numId"))
                il = _val(np_.find(W + "ilvl"))
                ilvl = int(il) if il is not None else None
            if num_id is None:
                sid = _val(ppr.find(W + "pStyle"))
                if sid and sid in self.style_num:
                    num_id, sil = self.style_num[sid]
                    ilvl = sil if ilvl is None else ilvl
        if not num_id or num_id == "0" or num_id not in self.nums:
            return ""
        ilvl = ilvl or 0
        aid, starts, over = self.nums[num_id]
        levels = dict(self.abstract.get(aid, {}))
        levels.update(over)
        if ilvl not in levels:
            return ""
        cnt = self.counters.setdefault(aid, [None] * 9)
        if num_id not in self.started:
            self.started.add(num_id)
            for lv, s in starts.items():  # a startOverride restarts the list where this w:num begins
                if 0 <= lv < 9:
                    cnt[lv] = s - 1
        lvl = levels[ilvl]
        cur = cnt[ilvl]
        cnt[ilvl] = lvl.start if cur is None else cur + 1
        for deeper in range(ilvl + 1, 9):
            d = levels.get(deeper)
            if d is None or d.restart is None or (d.restart != 0 and ilvl + 1 <= d.restart):
                cnt[deeper] = None
        if lvl.fmt == "bullet":
            return _bullet(lvl.text)
        out = lvl.text
        for k in range(9, 0, -1):
            tag = f"%{k}"
            if tag in out:
                lk = levels.get(k - 1, Level())
                v = cnt[k - 1]
                v = lk.start if v is None else v
                fmt = "decimal" if (lvl.legal and k - 1 != ilvl) else lk.fmt
                out = out.replace(tag, format_number(v, fmt))
        if out and lvl.suffix != "nothing" and not out.endswith(("、", "．", "）", ")", "：")):
            out += " "
        return out


def _bullet(text: str) -> str:
    if not text:
        return ""
    ch = text[0]
    return "• " if 0xE000 <= ord(ch) <= 0xF8FF else ch + " "


def _val(el: Any) -> str | None:
    return None if el is None else el.get(W + "val")


def _level(lv: Any) -> Level:
    out = Level()
    s = lv.find(W + "start")
    out.start = int(_val(s) or 1) if s is not None else 1
    f = lv.find(W + "numFmt")
    if f is not None:
        out.fmt = _val(f) or "decimal"
    t = lv.find(W + "lvlText")
    out.text = (_val(t) or "") if t is not None else ""
    r = lv.find(W + "lvlRestart")
    if r is not None:
        out.restart = int(_val(r) or 0)
    out.legal = lv.find(W + "isLgl") is not None and _val(lv.find(W + "isLgl")) not in ("0", "false")
    sx = lv.find(W + "suff")
    if sx is not None:
        out.suffix = _val(sx) or "tab"
    return out
