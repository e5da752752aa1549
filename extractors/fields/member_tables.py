"""Members from member tables: under a member header row, continued over pages (（续表） or the
same columns), the code in its own column, in the name's cell or on a row of its own, tier rows
inside the table."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from extractors.fields.broken import _join_broken, _name_runs_on
from extractors.fields.common import header_index
from extractors.fields.member_words import (
    _STRUCK,
    _TIER_RX,
    MEMBER_HEADER,
    _kind_from_cell,
    tier_of,
)
from extractors.text import compact, label_key
from extractors.units import UnitSpan, clean_name, find_codes, find_units, is_unit_name, unit_kind
from extractors.uscc import is_valid as uscc_valid
from models.document import Paragraph, ReadDocument, Table
from models.record import Member

# ---------------------------------------------------------------------------- tables


def _only_code_before(head: str) -> bool:
    """Whether what stands before a name in its cell is nothing, a number or its code
    (115001181584024489永川高新技术产业开发区管理委员会).

    >>> _only_code_before("11500118158402448 9 ")
    True
    >>> _only_code_before("负责")
    False
    """
    return not re.sub(r"[0-9A-Za-z０-９Ａ-Ｚ\s.．、:：()（）-]", "", head)


def _role(cells: list[str]) -> str | None:
    """What kind of section a header row opens: member / team / platform / project, or None."""
    ks = [label_key(c) for c in cells]
    raw = "".join(compact(c) for c in cells)
    if any(k == "姓名" or k.endswith("姓名") for k in ks) and len(cells) >= 3:
        return "team"
    if any("平台名称" in k for k in ks):
        return "platform"
    if any("项目名称" in k or "课题名称" in k for k in ks):
        return "project"
    if re.search(r"盖章|签字|签章|签名", raw):
        return "signature"
    has_name = any(re.search(MEMBER_HEADER["name"], k) for k in ks)
    has_more = any(
        re.search(
            r"信用代码|代码|序号|地位|分工|层级|层次|联盟职务|单位类型|单位性质|类型|性质|类别|简介|所在地|职责|任务",
            k,
        )
        for k in ks
    )
    if has_name and has_more and len(cells) >= 2 and not any(_units_in(c) for c in cells):
        return "member"
    return None


def _units_in(text: str) -> list[UnitSpan]:
    return find_units(text)


@dataclass
class MemberReport:
    """What reading member tables found besides the members: whether the form asks for credit
    codes, codes written with the wrong length (name -> code as written), and how each member
    was found (for the record's confidence)."""

    codes_expected: bool = False
    bad_codes: dict[str, str] = field(default_factory=dict)
    how: dict[str, str] = field(default_factory=dict)


def _row_member(
    cells: list[str], idx: dict[str, int], tier_state: str | None
) -> tuple[Member | None, str | None, str | None]:
    """(member, wrong-length code as written, tier set by this row) from one table row."""
    texts = [c or "" for c in cells]
    nonempty = [t for t in texts if t.strip()]
    if not nonempty:
        return None, None, None
    # a row holding only a tier heading (核心层单位 / 二、紧密合作单位（3家）) sets the tier
    if len(nonempty) == 1 or len(set(compact(t) for t in nonempty)) == 1:
        t = compact(nonempty[0])
        if len(t) <= 20 and _TIER_RX.search(t) and not _units_in(t):
            return None, None, tier_of(re.sub(r"^[（(]?[0-9一二三四五六七八九十]+[)）.．、]?", "", t))
    name_i = idx.get("name")
    span: UnitSpan | None = None
    name_cell = texts[name_i] if name_i is not None and name_i < len(texts) else ""
    if name_cell:
        us = _units_in(_join_broken(name_cell))
        span = us[0] if us else None
        if span is None:
            # a name that elsewhere is a platform's (…工程技术研究中心), in a member table's name
            # column: a member (with its own code, often a public institution's)
            joined = _join_broken(name_cell)
            named = find_units(joined, with_platforms=True)
            span = named[0] if named and _only_code_before(joined[: named[0].start]) else None
        if span is None and len(compact(name_cell)) >= 4 and not re.search(r"\d{6}", name_cell):
            # a name the recogniser does not know the suffix of, in the name column
            cand = clean_name(re.sub(r"[0-9A-Z]{15,20}", "", name_cell))
            if 4 <= len(cand) <= 40 and not re.search(r"[。；：:，,]", cand) and not _LABEL_WORD.search(cand):
                span = UnitSpan(cand, 0, len(cand), unit_kind(cand))
    if span is None:
        for i, t in enumerate(texts):
            if i == idx.get("note"):
                continue
            us = _units_in(_join_broken(t))
            if us and len(compact(t)) <= len(us[0].name) + 24:
                span = us[0]
                name_cell = t
                break
    if span is None:
        return None, None, None
    if _STRUCK.search(name_cell):
        return None, None, None
    code, bad = span.code, None
    code_i = idx.get("code")
    if code is None and code_i is not None and code_i < len(texts):
        found = find_codes(texts[code_i])
        if found:
            code = found[0][0]
        else:
            bad = _wrong_length_code(texts[code_i])
    if code is None and bad is None:
        for i, t in enumerate(texts):
            if i == idx.get("note"):
                continue
            found = find_codes(t)
            if found:
                code = found[0][0]
                break
        else:
            bad = _wrong_length_code(name_cell)
    note_i = idx.get("note")
    note = (
        compact(texts[note_i])
        if note_i is not None and note_i < len(texts) and texts[note_i].strip()
        else None
    )
    tier_i = idx.get("tier")
    tier_cell = texts[tier_i] if tier_i is not None and tier_i < len(texts) else None
    # a tier written in a cell of its own where the header gave another column that name (单位类别
    # before 层级)
    own = [
        x for i, x in enumerate(texts) if i != note_i and x != name_cell and _SHORT_TIER.fullmatch(compact(x))
    ]
    tier = (
        tier_of(tier_cell)
        or (tier_of(own[0]) if len(own) == 1 else None)
        or _tier_in_name_cell(name_cell)
        or tier_of(note)
        or tier_state
        or "unspecified"
    )
    kind_i = idx.get("kind")
    kind = _kind_from_cell(texts[kind_i] if kind_i is not None and kind_i < len(texts) else None)
    m = Member(
        name=span.name,
        credit_code=code,
        tier=tier,  # type: ignore[arg-type]
        kind=kind or unit_kind(span.name, code),
        note=note,
    )
    return m, bad, None


_SHORT_TIER = re.compile(r"(?:" + _TIER_RX.pattern + r")(?:单位|成员)?")


def _tier_in_name_cell(cell: str) -> str | None:
    m = re.search(r"[（(]([^()（）]{2,10})[)）]", cell or "")
    return tier_of(m.group(1)) if m and _TIER_RX.search(m.group(1)) else None


def _wrong_length_code(text: str) -> str | None:
    t = re.sub(r"统一社会信用代码|社会信用代码|信用代码|代码", " ", text or "")
    for m in re.finditer(
        r"(?<![0-9A-Za-z])([0-9A-Z]{15,20})(?![0-9A-Za-z])", unicodedata.normalize("NFKC", t).upper()
    ):
        c = m.group(1)
        if len(c) != 18 and re.search(r"\d{6}", c):
            return c
    return None


def _carried_over(
    r: list[str], last: list[str], idx: dict[str, int], m: Member, report: MemberReport | None
) -> bool:
    """Whether row `r` is the rest of the last member's row `last`, carried over a page under
    the repeated header: no number of its own where the last row had one, and its name or code
    cells complete the last ones (保山嘉宇网络 / 科技集团股份有限公司, neither part a name of its
    own; 91652901 / MA69R2L963, a valid code together). The member is completed."""
    name_i, code_i = idx.get("name"), idx.get("code")
    if name_i is None or name_i >= len(r) or name_i >= len(last):
        return False
    numbered = bool(last) and re.fullmatch(r"\d{1,3}", compact(last[0])) is not None
    # the last row's code cut short and this row's code cell finishing it (9165…4803 / XX): the
    # row is its rest, whatever its first column holds (a table without a number column)
    code_runs_on = (
        code_i is not None
        and code_i < min(len(r), len(last))
        and 6 <= len(compact(last[code_i])) < 18
        and re.fullmatch(r"[0-9A-Z]{18}", compact(last[code_i] + r[code_i]).upper()) is not None
    )
    if not (r and not r[0].strip() and (numbered or not r[name_i].strip())) and not code_runs_on:
        return False
    done = False
    if r[name_i].strip():
        head, tail = compact(last[name_i]), compact(r[name_i])
        whole = head + tail
        runs_on = _name_runs_on(head, tail) or (code_runs_on and not find_units(tail))
        if not runs_on or not is_unit_name(whole):
            return False  # two whole names (a scan's rows merged) are two units, never one
        if report is not None and m.name in report.how:
            report.how[whole] = report.how.pop(m.name)
        m.name, m.kind = whole, unit_kind(whole, m.credit_code)
        done = True
    if m.credit_code is None and code_i is not None and code_i < len(r) and code_i < len(last):
        head, tail = compact(last[code_i]).upper(), compact(r[code_i]).upper()
        found = find_codes(head + tail)
        if found and uscc_valid(found[0][0]):
            m.credit_code = found[0][0]
        elif 6 <= len(head) < 18 and tail and re.fullmatch(r"[0-9A-Z]{18}", head + tail):
            m.credit_code = head + tail  # the code as written over the break, its flag tells if it is wrong
        if m.credit_code is not None:
            if report is not None:
                report.bad_codes.pop(m.name, None)
            done = True
    return done


def aligned_rows(t: Table) -> list[list[str]]:
    """The table's rows as texts, each cell at its place: a cell merged down over rows (a tier
    column's 核心层单位 over five units) stands in each row it covers, as its text where it is a
    tier (the group's label) and as "" elsewhere, so that the columns of those rows stay aligned.

    >>> from models.document import Cell
    >>> t = Table(n_rows=3, n_cols=3, cells=[Cell(text="层级", row=0, col=0), Cell(text="单位名称", row=0, col=1),
    ...     Cell(text="类型", row=0, col=2), Cell(text="核心层单位", row=1, col=0, rowspan=2),
    ...     Cell(text="甲大学", row=1, col=1), Cell(text="高校", row=1, col=2), Cell(text="乙研究院", row=2, col=1),
    ...     Cell(text="院所", row=2, col=2)])
    >>> aligned_rows(t)[2]
    ['核心层单位', '乙研究院', '院所']
    """
    rows = t.rows()
    placed: list[list[tuple[int, str]]] = [[(c.col, c.text) for c in r] for r in rows]
    for r in rows:
        for c in r:
            carried = c.text if tier_of(compact(c.text)) and len(compact(c.text)) <= 12 else ""
            for below in range(c.row + 1, min(c.row + c.rowspan, len(placed))):
                placed[below].append((c.col, carried))
    return [[text for _, text in sorted(r, key=lambda x: x[0])] for r in placed]


def member_tables(doc: ReadDocument, report: MemberReport | None = None) -> list[Member]:
    """Members from every member table of the document, in document order: a table section
    under a member header row, its continuation after a page break (（续表）, or a table of the
    same columns with or without the repeated header)."""
    out: list[Member] = []
    seen: set[str] = set()
    last_idx: dict[str, int] | None = None
    last_cols = 0
    prev_block: Paragraph | Table | None = None
    tier_state: str | None = None
    last_row: list[str] | None = None  # the row of the last member found
    tables_in_order = [b for b in doc.blocks if isinstance(b, Table)]
    nested = [t for t in doc.tables() if t not in tables_in_order]
    for t in tables_in_order + nested:
        prev_block = _block_before(doc, t)
        rows = aligned_rows(t)
        cont = (
            last_idx is not None
            and abs(t.n_cols - last_cols) <= 1
            and (
                prev_block is None
                or isinstance(prev_block, Table)
                or re.search(r"续表|续", compact(prev_block.text)[:10]) is not None
                or _first_row_has_unit(rows, last_idx)
            )
        )
        regrid = None
        if not cont and last_idx is not None and (prev_block is None or isinstance(prev_block, Table)):
            # right after the member table, on another grid (a scan's columns found anew): the
            # same list if its rows name units, its columns read from them
            regrid = _idx_from_content(rows)
            cont = regrid is not None
        idx: dict[str, int] | None = (regrid or last_idx) if cont else None
        in_section = cont
        for r in rows:
            role = _role(r)
            if role == "member":
                idx = header_index(r, MEMBER_HEADER)
                in_section = "name" in idx or "code" in idx
                if report is not None and any("代码" in h for h in r):
                    report.codes_expected = True
                last_idx, last_cols = idx, t.n_cols
                continue
            if role in ("team", "platform", "project", "signature"):
                in_section = False
                idx = None
                last_idx = None
                continue
            if not in_section or idx is None:
                continue
            nonempty = [x for x in r if x.strip()]
            code_row = code_row_of(nonempty)
            if code_row is not None:
                # the code on a row of its own under its unit (统一社会信用代码 | 9145…): the
                # form asks every unit for its code, an empty row too
                if report is not None and any(_CODE_LABEL.match(compact(x)) for x in nonempty):
                    report.codes_expected = True
                if out and out[-1].credit_code is None and code_row:
                    out[-1].credit_code = code_row
                continue
            if len(nonempty) == 1 and len(r) >= 2 and not _units_in(nonempty[0]):
                note_i = idx.get("note")
                if note_i is not None and note_i < len(r) and r[note_i].strip() and out:
                    continue  # the rest of a unit's duties carried over a page: its code may follow
                if _TIER_RX.search(compact(nonempty[0])) and len(compact(nonempty[0])) <= 20:
                    tier_state = tier_of(compact(nonempty[0]))
                    continue
                if re.match(r"^(?:注|备注|说明)[:：]", compact(nonempty[0])):
                    continue
                if _ALIAS_TAIL.search(compact(nonempty[0])):
                    continue  # the rest of a cell carried over a page: 称“工业大学”）
                in_section = False  # a title row: the section is over
                continue
            if out and last_row is not None and _carried_over(r, last_row, idx, out[-1], report):
                continue
            m, bad, set_tier = _row_member(r, idx, tier_state)
            if set_tier:
                tier_state = set_tier
                continue
            if m is None:
                continue
            k = compact(m.name)
            if k in seen:
                continue
            seen.add(k)
            out.append(m)
            last_row = r
            if report is not None:
                report.how[m.name] = "table"
                if bad:
                    report.bad_codes[m.name] = bad
        if not in_section:
            last_idx = None
    return out


# a header's or a total's words, never a unit's name
_LABEL_WORD = re.compile(
    r"信用代码|机构代码|单位名称|^序号|单位类型|单位性质|^层级|^备注|^合计|^小计|^总计|^共计|简称|^称[“]|[“”]"
)
_ALIAS_TAIL = re.compile(r"简称|^称[“\"]|^[^（(]{0,12}[”\"][)）]$")
_CODE_LABEL = re.compile(
    r"^(?:(?:统一)?社会信用代码|(?:组织)?机构代码|信用代码)(?:[（(](?:统一)?社会信用代码[)）])?|^代码$"
)


def code_row_of(cells: list[str]) -> str | None:
    """The code of a row that holds only a credit code and its label ('' when the code is not
    legible, None when the row is something else)."""
    if not cells or any(_units_in(c) for c in cells):
        return None
    joined = " ".join(cells)
    codes = find_codes(joined)
    rest = compact(CODE_STRIP.sub("", joined)).lstrip(".．·、")  # a speck OCR read before the label
    rest = _CODE_LABEL.sub("", re.sub(r"^[（(]?\d{1,3}[)）.．、]?", "", rest)).strip("：:.．·")
    if codes and len(codes) == 1 and not rest:
        return codes[0][0]
    if (
        any(_CODE_LABEL.match(compact(c)) for c in cells)
        and len(rest) <= 24
        and not re.search(r"[\u4e00-\u9fff]{2}", rest)
    ):
        return codes[0][0] if codes else ""
    return None


CODE_STRIP = re.compile(r"[0-9A-Za-z０-９Ａ-Ｚ]{15,20}")


def _first_row_has_unit(rows: list[list[str]], idx: dict[str, int]) -> bool:
    i = idx.get("name")
    for r in rows[:2]:
        if i is not None and i < len(r) and find_units(r[i]):
            return True
    return False


def _block_before(doc: ReadDocument, t: Table) -> Paragraph | Table | None:
    prev = None
    for b in doc.blocks:
        if b is t:
            return prev
        if isinstance(b, Paragraph) and b.prov.source in ("header", "footer"):
            continue
        if isinstance(b, Paragraph) and (not b.text.strip() or _PAGE_NUMBER.fullmatch(compact(b.text))):
            continue  # blank, or a page number between a table and its continuation (-3-, 第3页)
        prev = b
    return None


# a page number as printed or as OCR reads it (-3-, —3—, -3一, 第3页, 3/8)
_PAGE_NUMBER = re.compile(r"[-—–一_－]*\d{1,3}[-—–一_－]*|第\d{1,3}页(?:共\d{1,3}页)?|\d{1,3}/\d{1,3}")


def _idx_from_content(rows: list[list[str]]) -> dict[str, int] | None:
    """A continuation's columns from its first row's cells where its grid differs from the
    header's: the cell naming a unit, the cell holding a code, the longest other cell as note.

    >>> _idx_from_content([["6", "乌鲁木齐某某集团有限公司", "91652300Y10KL2F2P8", "紧密合作单位。负责开发。"]])
    {'name': 1, 'code': 2, 'note': 3}
    """
    for r in rows[:2]:
        name = next((i for i, c in enumerate(r) if find_units(c) and len(compact(c)) <= 40), None)
        code = next((i for i, c in enumerate(r) if find_codes(c)), None)
        if name is None:
            continue
        idx = {"name": name} | ({"code": code} if code is not None and code != name else {})
        rest = [i for i in range(len(r)) if i not in idx.values()]
        if rest:
            note = max(rest, key=lambda i: len(r[i]))
            if len(compact(r[note])) >= 4:
                idx["note"] = note
        return idx
    return None


def note_report(rec, report: MemberReport) -> None:
    """Keep what the member tables said about codes on the record, for the document's flags."""
    rec.extra["codes_expected"] = report.codes_expected
    if report.bad_codes:
        rec.extra["codes_of_wrong_length"] = report.bad_codes
