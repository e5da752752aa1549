"""The units of a signature block and the parties an agreement names (甲方（牵头单位）：…)."""

from __future__ import annotations

import re

from extractors.fields.broken import _name_runs_on, join_broken_lines
from extractors.fields.members import members_in_text
from extractors.text import compact
from extractors.units import find_units, is_unit_name
from models.document import Paragraph, ReadDocument
from models.record import Member

# ---------------------------------------------------------------------------- signatures
PARTY = re.compile(r"[甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥]方(?:[（(][^)）]{0,12}[)）])?\s*[：:]")


def party_members(doc: ReadDocument, skip: set[int] | None = None) -> list[Member]:
    """The parties an agreement names as 甲方（牵头单位）：…, 乙方：…, each with the tier its
    bracket gives (none: unspecified); the signature block (`skip`, block ids) is left out."""
    lines = []
    whole: list[str] = []  # a party named whole that the recogniser leaves out (a zone's committee)
    after_party = False
    for b in doc.blocks:
        if skip and id(b) in skip:
            continue
        if isinstance(b, Paragraph) and b.prov.source not in ("header", "footer"):
            for x in b.text.split("\n"):
                m = PARTY.search(x)
                if m and not re.search(r"盖章|签章|签字", x[: m.end()]):
                    lines.append(x[m.start() :])
                    after_party = True
                    rest = re.sub(r"[（(][^（()）]*[)）]$", "", compact(x[m.end() :]))
                    named = find_units(rest, with_platforms=True)
                    if len(named) == 1 and named[0].name == rest and not find_units(rest):
                        whole.append(rest)
                elif after_party and _CODE_LINE.match(compact(x)):
                    lines.append(x)  # 统一社会信用代码：9165… on the line after its party
                else:
                    after_party = False
    return members_in_text(lines, also=tuple(whole))


# a line giving the code of the party named on the line before it
_CODE_LINE = re.compile(
    r"^[.．·、]?(?:统一社会信用代码|社会信用代码|信用代码|组织机构代码)(?:[（(][^（()）]{0,12}[)）])?[：:.．·\s]*"
    r"[0-9A-Za-z０-９Ａ-Ｚａ-ｚ\-－]{15,24}[。.．,，;；]?$"
)


_SEAL_MARK = re.compile(r"[（(]\s*(?:(?:盖|签)\s*(?:章|字)?|公\s*章)\s*[)）]?")


def signatories_in(pieces: list[str]) -> list[str]:
    """Units in a signature block (its lines and cells, in order): every unit named there, with
    seal marks and tier labels (牵头单位（盖章）：) removed. People and dates are not units.

    >>> signatories_in(["梧州泰辰智能\\n装备集团有限公司", "防城港永泰智能\\n装备集团有限公司"])
    ['梧州泰辰智能装备集团有限公司', '防城港永泰智能装备集团有限公司']
    """
    out: list[str] = []
    # a cell holding one name broken over its lines (梧州泰辰智能 / 装备集团有限公司) is joined
    # by join_broken_lines below; a seal mark read in part (（盖 / (签字) ends the name before it, never joins two names
    lines = [_SEAL_MARK.sub(" （盖章） ", x) for x in _carried_over(pieces)]
    for line in join_broken_lines(lines):
        for u in find_units(line):
            if u.name not in out:
                out.append(u.name)
    return out


_HEADER_CELL = re.compile(r"盖章|签字|签章|签名|序号|日期")


def _carried_over(pieces: list[str]) -> list[str]:
    """The block's lines, a table row cut by a page break made whole again: a row with no number
    of its own under the repeated header (| 程研究所 |) finishes the cell above it in the same
    column (| 3 | 中国科学院保山农业工 |) where neither part is a name alone and together they are.

    >>> _carried_over(["序号\\t单位（盖章）\\n3\\t中国科学院保山农业工\\n序号\\t单位（盖章）\\n\\t程研究所\\n4\\t大理大学"])
    ['序号\\t单位（盖章）', '3\\t中国科学院保山农业工程研究所', '序号\\t单位（盖章）', '\\t', '4\\t大理大学']
    """
    rows = [x.split("\t") for text in pieces for x in text.split("\n")]
    last: list[str] | None = None
    for cells in rows:
        if len(cells) < 2:
            last = None
            continue
        if any(_HEADER_CELL.search(c) for c in cells) and not any(find_units(c) for c in cells):
            continue  # the header, repeated on the next page
        if last is not None and not cells[0].strip() and len(cells) == len(last):
            for j, (head, tail) in enumerate(zip(last, cells)):
                head, tail = compact(head), compact(tail)
                if head and tail and _name_runs_on(head, tail) and is_unit_name(head + tail):
                    last[j], cells[j] = head + tail, ""
        last = cells
    return ["\t".join(r) for r in rows]


def sealed_bodies(pieces: list[str]) -> list[str]:
    """Names in a signature block that sign with a seal mark (丙园区管理委员会（盖章）) though
    the recogniser leaves them out as bodies that are rarely members (a zone's committee, a
    技术中心): candidates that the rest of the document must confirm (agreement_members).

    >>> sealed_bodies(["昌吉国家农业科技园区管理委员会（盖章）2025/9/22", "哈密泓辰乳业研究院有限公司（盖章）"])
    ['昌吉国家农业科技园区管理委员会']
    >>> sealed_bodies(["单位名称（盖章）：昌吉国家农业科技园区管理委员会"])
    ['昌吉国家农业科技园区管理委员会']
    """
    out: list[str] = []
    lines = [_SEAL_MARK.sub(" （盖章） ", x) for x in _carried_over(pieces)]
    for line in join_broken_lines(lines):
        plain = {u.name for u in find_units(line)}
        for u in find_units(line, with_platforms=True):
            sealed = line[u.end :].lstrip().startswith("（盖章）") or re.search(
                r"（盖章）\s*[：:]\s*$", line[: u.start]
            )  # 丙园区管理委员会（盖章） / 单位名称（盖章）：丙园区管理委员会
            if u.name not in plain and u.name not in out and sealed:
                out.append(u.name)
    return out


def listed_signers(signatories: list[str], members: list[str], pieces: list[str]) -> list[str]:
    """Signatories with every listed member whose full name stands in the signature block added,
    in the block's order, whatever its kind (园区管理委员会 signing as a member is a signatory).

    A signatory that is part of a listed member's name which the block holds whole across a
    line break (乌鲁木齐澜升 / 棉业科技有限公司 in one cell) is that member.

    >>> listed_signers(["甲有限公司"], ["甲有限公司", "乙园区管理委员会"], ["甲有限公司（盖章）", "乙园区管理委员会（公章）"])
    ['甲有限公司', '乙园区管理委员会']
    >>> listed_signers(["棉业科技有限公司", "丙大学"], ["丙大学", "乌鲁木齐澜升棉业科技有限公司"], ["乌鲁木齐澜升\\n棉业科技有限公司", "丙大学"])
    ['乌鲁木齐澜升棉业科技有限公司', '丙大学']
    """
    block = compact("\n".join(pieces))
    whole: list[str] = []
    for s in signatories:
        if s not in members:
            part = compact(s)
            holders = [
                n for n in members if part != compact(n) and part in compact(n) and compact(n) in block
            ]
            s = holders[0] if len(holders) == 1 else s
        if s not in whole:
            whole.append(s)
    signatories = whole
    found = {n: block.find(compact(n)) for n in members if n not in signatories}
    extra = [n for n, at in found.items() if at >= 0 and not any(n in s or s in n for s in signatories)]
    if not extra:
        return signatories
    pos = {s: block.find(compact(s)) for s in signatories}
    pos.update({n: found[n] for n in extra})
    return sorted(signatories + extra, key=lambda n: (pos[n] < 0, pos[n]))


def split_joined(names: list[str], known: list[str]) -> list[str]:
    """Names as read, with any that is two or more known names written together (OCR reads two
    signature columns as one line: 甲研究院乙有限公司) given as those names. A name that is
    itself known, or that known names do not cover exactly, stays as it is.

    >>> split_joined(["甲研究院乙科技有限公司", "丙大学"], ["甲研究院", "乙科技有限公司", "丙大学"])
    ['甲研究院', '乙科技有限公司', '丙大学']
    >>> split_joined(["清华大学资产经营有限公司"], ["清华大学"])
    ['清华大学资产经营有限公司']
    """
    by_key = {compact(k): k for k in known if len(compact(k)) >= 4}
    out: list[str] = []
    for n in names:
        t = compact(n)
        parts = None if t in by_key else _cover(t, by_key)
        for x in parts or [n]:
            if x not in out:
                out.append(x)
    return out


def _cover(t: str, by_key: dict[str, str]) -> list[str] | None:
    """`t` as a concatenation of two or more known names (longest first), or None."""
    if not t:
        return []
    for k in sorted((k for k in by_key if t.startswith(k)), key=len, reverse=True):
        rest = _cover(t[len(k) :], by_key)
        if rest is not None:
            return [by_key[k], *rest]
    return None
