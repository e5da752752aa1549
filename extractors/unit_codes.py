"""Credit codes written beside unit names: found in a text (whole, in groups, hyphenated, wrapped in
a cell, with a speck OCR read into them) and given to the name each is written with."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from extractors import uscc

if TYPE_CHECKING:
    from extractors.units import UnitSpan


CODE_RX = re.compile(r"(?<![0-9A-Za-z])([0-9A-Za-z０-９Ａ-Ｚ]{18})(?![0-9A-Za-z])")
CODE_LIKE_RX = re.compile(r"(?<![0-9A-Za-z])([0-9A-Z０-９Ａ-Ｚ]{15,20})(?![0-9A-Za-z])")


_ALNUM = "0-9A-Za-z０-９Ａ-Ｚａ-ｚ"
# a code written in groups (91 450100 MA5L1234X 7, 9145-0100-…): runs of letters and digits
# parted by one space or hyphen, or by a line break in a cell (91500118- / MAB24K662-G), or by
# a quote mark OCR read into it
_GROUPS = re.compile(
    rf"(?<![{_ALNUM}])[{_ALNUM}]+(?:(?:[ \u3000\-－–\"'“”‘’]\n?|\n)[{_ALNUM}]+)+(?![{_ALNUM}])"
)
_GLUED_TO_ITEM = re.compile(r"(?<![0-9A-Za-z])([0-9A-Z]{18})(?=[0-9]{1,2}\s*[.．:：、]\s*[\u4e00-\u9fff])")
_STRAY = re.compile(r"[\"'“”‘’]")  # a speck OCR reads as a quote mark inside a code
_GROUP = re.compile(rf"[{_ALNUM}]+")


def find_codes(text: str) -> list[tuple[str, int, int]]:
    """Credit codes (18 characters of the code's alphabet, one digit or more) in a text; a code
    written in groups (91 450100 MA5L1234X 7) where the groups make a valid code.

    >>> [c for c, _, _ in find_codes("甲公司 91 451300 MAX65AMB7 C，乙公司 9145-0100-MAD9L4WJ3M")]
    ['91451300MAX65AMB7C', '91450100MAD9L4WJ3M']
    >>> [c for c, _, _ in find_codes("1.甲公司，统一社会信用代码：91652701436460809N2:乙研究所")]
    ['91652701436460809N']
    """
    out = []
    for m in CODE_RX.finditer(text or ""):
        c = uscc.compact(m.group(1))
        if re.search(r"\d", c) and re.search(r"\d.*\d.*\d", c):
            out.append((c, m.start(1), m.end(1)))
    for m in _GLUED_TO_ITEM.finditer(text or ""):
        # OCR joined two list lines: the code runs into the next item's number (…809N2:乙研究所)
        c = m.group(1)
        if uscc.is_valid(c) and not any(a < m.end(1) and m.start(1) < b for _, a, b in out):
            out.append((c, m.start(1), m.end(1)))
    for m in _GROUPS.finditer(text or ""):
        groups = list(_GROUP.finditer(m.group()))
        for i in range(len(groups)):
            for j in range(i + 1, len(groups)):
                s, e = m.start() + groups[i].start(), m.start() + groups[j].end()
                c = uscc.compact(_STRAY.sub("", text[s:e]))
                if len(c) > 18:
                    break
                if len(c) == 18 and uscc.is_valid(c) and not any(a < e and s < b for _, a, b in out):
                    out.append((c, s, e))
    return sorted(out, key=lambda x: x[1])


def _attach_codes(text: str, spans: list[UnitSpan]) -> None:
    """Each code goes to the name it is written with: the name just before it (名称 代码,
    名称（统一社会信用代码：代码）) unless a sentence break or another code parts them; else the
    name just after it (代码 名称)."""
    codes = find_codes(text)
    if not codes or not spans:
        return
    taken = {u.code_span for u in spans if u.code_span}
    for c, s, e in codes:
        if (s, e) in taken:
            continue  # given to its name before (attach_codes on names added since)
        before = [u for u in spans if u.end <= s]
        after = [u for u in spans if u.start >= e]
        u = None
        if before and before[-1].code is None:
            gap = text[before[-1].end : s]
            # a bracketed note between them is the unit's (甲公司（紧密合作层），统一社会信用代码：…)
            bare = re.sub(r"[（(][^（()）]{0,12}[)）]", "", gap)
            if (
                len(bare) <= 16
                and len(gap) <= 32
                and not re.search(r"[。；;\n]", gap)
                and not any(before[-1].end <= cs < s for _, cs, _ in codes if cs != s)
            ):
                u = before[-1]
        if u is None and after and after[0].code is None and len(text[e : after[0].start]) <= 4:
            u = after[0]
        if u is not None:
            u.code, u.code_span = c, (s, e)


def attach_codes(text: str, spans: list[UnitSpan]) -> None:
    """Codes in `text` not yet given to a name go to the names of `spans` they are written with
    (names added to what find_units found: a body the document shows to be a member)."""
    _attach_codes(text, spans)
