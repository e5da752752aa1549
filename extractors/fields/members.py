"""Member units wherever a document lists them: member tables (with or without a header, split
over pages, the code in its own column or in the name's cell, tier rows inside the table), tier
lists and prose (核心层单位包括甲、乙；紧密合作单位为丙和丁), and signature blocks.

Names are recognised by extractors.units (the same recogniser for cells, lines and prose).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from extractors.fields.common import header_index
from extractors.text import compact, label_key
from extractors.units import UnitSpan, clean_name, complete_list, find_codes, find_units, unit_kind
from models.document import Paragraph, ReadDocument, Table
from models.record import Kind, Member

MEMBER_HEADER = {
    "name": r"单位名称|成员单位|单位全称|^名称$|名称$|^单位$|成员名单|机构名称",
    "code": r"信用代码|代码|机构代码",
    "tier": r"层级|层次|联盟职务|职务|角色|定位|成员类别|类别|层$",
    "kind": r"单位类型|单位性质|类型|性质",
    "note": r"地位|分工|作用|简介|说明|情况|任务|职责|优势",
}
KIND_WORDS: list[tuple[Kind, str]] = [
    ("university", r"高校|高等学校|高等院校|大学"),
    ("institute", r"科研院所|研究院|研究所|科研机构|研究机构|院所"),
    ("enterprise", r"企业|公司"),
    ("other", r"其他|机构|社会组织|服务|协会|中心"),
]
TIER_WORDS: list[tuple[str, str]] = [
    ("lead", r"牵头"),
    ("core", r"核心层|核心成员|核心单位|核心"),
    ("close", r"紧密(?:合作|层|协作)|紧密"),
    ("general", r"一般(?:协作|合作|成员)|协作层|生态层|一般层|参与层|一般"),
]
_TIER_RX = re.compile(
    r"牵头单位|牵头企业|核心层(?:单位|成员)?|核心成员单位|紧密(?:合作|协作)?层?(?:单位)?|一般(?:协作|合作)层?(?:单位)?|"
    r"协作层(?:单位)?|生态层(?:单位)?|参与层(?:单位)?"
)
_STRUCK = re.compile(r"[（(]\s*(?:要|需|拟|已)?删除\s*[)）]|[（(]\s*删\s*[)）]|删除[。.]?$")


def tier_of(text: str | None) -> str | None:
    """The tier a short text names (牵头单位 / 核心层 / 紧密合作单位 / 一般协作层单位 …)."""
    if not text:
        return None
    t = compact(text)[:16]
    for tier, rx in TIER_WORDS:
        if re.search(rx, t):
            return tier
    return None


def _kind_from_cell(s: str | None) -> Kind | None:
    if not s:
        return None
    for kind, rx in KIND_WORDS:
        if re.search(rx, s):
            return kind
    return None


# ---------------------------------------------------------------------------- tables
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
    tier = tier_of(tier_cell) or _tier_in_name_cell(name_cell) or tier_of(note) or tier_state or "unspecified"
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


def _join_broken(cell: str) -> str:
    """A name broken over lines inside a cell (克拉玛依正邦生物 / 有限公司) joined; separate names
    on separate lines stay apart."""
    if "\n" not in cell:
        return cell
    lines = [x.strip() for x in cell.split("\n") if x.strip()]
    out = [lines[0]] if lines else []
    for x in lines[1:]:
        prev = out[-1]
        us = find_units(prev)
        if LEGAL_TAIL.match(x) or not (us and compact(prev).endswith(compact(us[-1].name))):
            out[-1] = prev + x  # a name's tail on the next line, or the previous line ends no name
        else:
            out.append(x)  # the previous line already ends a name
    return "\n".join(out)


# the tail of a name broken over two lines (新疆博程硅业集团 / 股份有限公司)
LEGAL_TAIL = re.compile(
    r"^[)）]?(?:股份有限公司|有限责任公司|有限公司|集团有限公司|集团股份有限公司|分公司|公司|（集团）有限公司)"
)


def join_broken_lines(lines: list[str]) -> list[str]:
    """Lines with a name's legal tail on the next line joined (…集团 / 有限公司), and a line that
    ends in the middle of a name joined to the line that finishes it (广西某工 / 业大学（盖章））."""
    out: list[str] = []
    for x in lines:
        if out and LEGAL_TAIL.match(compact(x)) and not re.search(r"[。；;，,：:]$", out[-1].strip()):
            out[-1] = out[-1].rstrip() + x.strip()
        elif out and _name_runs_on(out[-1], x):
            out[-1] = out[-1].rstrip() + x.strip()
        else:
            out.append(x)
    return out


def _name_runs_on(prev: str, nxt: str) -> bool:
    """prev is the start of a name that nxt finishes: prev is a short run of Chinese that ends no
    name, and read together a name spans the break."""
    p, n = compact(prev), compact(nxt)
    if not (2 <= len(p) <= 20) or not n or re.search(r"[^\u4e00-\u9fff（）()]", p):
        return False
    if SEAL_WORDS.search(p):
        return False
    ps = find_units(p)
    if ps and p.endswith(compact(ps[-1].name)):
        return False
    if not any(u.start < len(p) < u.end for u in find_units(p + n)):
        return False
    # nxt is no name of its own (业大学（盖章）), or the break falls inside a word (新|材料)
    nu = find_units(n)
    if not (nu and nu[0].start == 0):
        return True
    core = re.sub(
        r"(?:股份有限公司|有限责任公司|有限公司|集团|公司|大学|学院|研究院|研究所|中心|协会|学会|商会|联合会|委员会)$",
        "",
        nu[0].name,
    )
    return len(core) <= 3 or _word_across(p, n)  # 材料股份有限公司 is no name of its own


def _word_across(p: str, n: str) -> bool:
    from extractors.units import _jieba

    at = 0
    for w in _jieba().cut(p + n[:8]):
        if at < len(p) < at + len(w):
            return True
        at += len(w)
    return False


SEAL_WORDS = re.compile(r"盖章|签章|签字|公章|日期|法定代表人|授权代表|甲方|乙方|丙方|丁方|单位名称")


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
    tables_in_order = [b for b in doc.blocks if isinstance(b, Table)]
    nested = [t for t in doc.tables() if t not in tables_in_order]
    for t in tables_in_order + nested:
        prev_block = _block_before(doc, t)
        rows = [[c.text for c in r] for r in t.rows()]
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
        idx: dict[str, int] | None = last_idx if cont else None
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
            code_row = _code_row(nonempty)
            if code_row is not None:
                # the code on a row of its own under its unit (统一社会信用代码 | 9145…)
                if out and out[-1].credit_code is None and code_row:
                    out[-1].credit_code = code_row
                continue
            if len(nonempty) == 1 and len(r) >= 2 and not _units_in(nonempty[0]):
                if _TIER_RX.search(compact(nonempty[0])) and len(compact(nonempty[0])) <= 20:
                    tier_state = tier_of(compact(nonempty[0]))
                    continue
                if re.match(r"^(?:注|备注|说明)[:：]", compact(nonempty[0])):
                    continue
                if _ALIAS_TAIL.search(compact(nonempty[0])):
                    continue  # the rest of a cell carried over a page: 称“工业大学”）
                in_section = False  # a title row: the section is over
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
_CODE_LABEL = re.compile(r"^(?:统一)?社会信用代码|^(?:组织)?机构代码|^信用代码|^代码$")


def _code_row(cells: list[str]) -> str | None:
    """The code of a row that holds only a credit code and its label ('' when the code is not
    legible, None when the row is something else)."""
    if not cells or any(_units_in(c) for c in cells):
        return None
    joined = " ".join(cells)
    codes = find_codes(joined)
    rest = compact(CODE_STRIP.sub("", joined))
    rest = _CODE_LABEL.sub("", re.sub(r"^[（(]?\d{1,3}[)）.．、]?", "", rest)).strip("：:")
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
        if isinstance(b, Paragraph) and not b.text.strip():
            continue
        prev = b
    return None


# ---------------------------------------------------------------------------- text
_NUMBERING = re.compile(r"^\s*(?:[（(][0-9一二三四五六七八九十]+[)）]|[0-9一二三四五六七八九十]+[.．、])\s*")


def tier_heading(text: str) -> str | None:
    """A line that opens a tier list: 1．牵头单位 / 核心层单位： / （二）紧密合作单位（3家）"""
    t = _NUMBERING.sub("", compact(text))
    t = re.sub(r"[（(]\d+家[)）]", "", t)
    m = _TIER_RX.match(t)
    if not m:
        return None
    rest = t[m.end() :]
    if rest and not re.match(r"^(?:单位)?(?:[（(][^)）]*[)）])?[：:]?", rest):
        return None
    return tier_of(m.group(0))


def members_in_text(lines: list[str]) -> list[Member]:
    """Members named in running text and lists, each with the tier its context gives:

        联合体由甲公司牵头组建；核心层单位包括乙大学、丙研究院；紧密合作单位为丁公司和戊公司
        2．核心层单位                     一般协作层单位（2家）：己公司、庚公司
        乙大学
    A unit's tier is 牵头 when the words right after it say so (甲公司牵头 / 甲公司为牵头单位),
    else the nearest tier named before it in its sentence, else the tier of the list it is in."""
    out: list[Member] = []
    seen: set[str] = set()
    tier_state: str | None = None
    named: Member | None = None
    for line in join_broken_lines(lines):
        t = line.strip()
        if not t:
            continue
        th = tier_heading(t)
        if th and not find_units(t):
            tier_state = th
            continue
        units = complete_list(t, find_units(t))
        if not units:
            code = _code_row([c for c in re.split(r"[，,\t]", t) if c.strip()])
            if code and named is not None and named.credit_code is None:
                named.credit_code = code  # 统一社会信用代码：9145… on the line after its unit
                continue
            named = None
            # a sentence without units ends a list (but not a heading-like short line)
            if len(compact(t)) > 30:
                tier_state = None
            continue
        named = None  # the one unit this line names, whose code may follow on the next line
        struck = [m.start() for m in _STRUCK.finditer(t)]
        item = _LIST_ITEM.match(t)
        if item and units[0].start <= item.end() and t[units[0].end : units[0].end + 1] in "：:":
            units = units[:1]  # 1.甲公司：行业龙头…（依托乙大学…）: the item names one member
        for u in units:
            if any(u.end <= s <= u.end + 2 for s in struck):
                continue
            tier = _tier_at(t, u) or th or tier_state or "unspecified"
            k = compact(u.name)
            if k in seen:
                # named before in passing, now with its tier (甲研究院是…; 1. 甲研究院（牵头单位）：…)
                prev = next(m for m in out if compact(m.name) == k)
                if prev.tier == "unspecified" and tier != "unspecified":
                    prev.tier = tier  # type: ignore[assignment]
                named = prev if len(units) == 1 else None
                continue
            seen.add(k)
            out.append(Member(name=u.name, credit_code=u.code, tier=tier, kind=unit_kind(u.name, u.code)))  # type: ignore[arg-type]
            named = out[-1] if len(units) == 1 else None
        if th:
            tier_state = th
    _alias_tiers(lines, out)
    return out


_LIST_ITEM = re.compile(r"^\s*(?:[（(]?[0-9一二三四五六七八九十]{1,3}[)）.．、]\s*)?")


# a short name given in brackets after the full one: （以下简称“金晖粮油”） / （简称金晖）
_ALIAS_DEF = re.compile(
    r"^\s*[（(](?:以下)?(?:简称|称)[为：:]?\s*[“\"‘']?([^”\"’'）)]{2,12})[”\"’']?\s*[)）]"
)


def _alias_tiers(lines: list[str], out: list[Member]) -> None:
    """Tiers stated with a unit's short name (金晖粮油牵头单位 / 远禾乳业为核心层单位) given to
    the unit the short name was defined for, where its own mention gave none."""
    text = "\n".join(lines)
    by_name = {m.name: m for m in out}
    for u in find_units(text):
        m = _ALIAS_DEF.match(text[u.end :])
        member = by_name.get(u.name)
        if not m or member is None or member.tier != "unspecified":
            continue
        alias = m.group(1)
        for t in re.finditer(re.escape(alias) + r"(?:为|是|作为|系)?(牵头|" + _TIER_RX.pattern + ")", text):
            tier = "lead" if t.group(1) == "牵头" else tier_of(t.group(1))
            if tier:
                member.tier = tier  # type: ignore[assignment]
                break


def _tier_at(text: str, u: UnitSpan) -> str | None:
    """The tier the words around a unit give it: 甲公司牵头 / 甲公司（牵头单位）; 乙、丙为核心层单位
    (named after the list, in the same clause); 核心层单位包括乙、丙 (named before it, in its clause,
    else earlier in its sentence)."""
    after = _ALIAS_DEF.sub("", text[u.end : u.end + 40], count=1)[:12]
    if re.match(r"^\s*(?:[（(]\s*牵头(?:单位)?\s*[)）]|为?牵头|作为牵头|是牵头|任牵头)", after):
        return "lead"
    m = re.match(r"^\s*[（(](" + _TIER_RX.pattern + r")[)）]", after)
    if m:
        return tier_of(m.group(1))

    def bound(chars: str) -> tuple[int, int]:
        starts = [text.rfind(ch, 0, u.start) for ch in chars]
        ends = [i for i in (text.find(ch, u.end) for ch in chars) if i >= 0]
        return max(starts) + 1, (min(ends) if ends else len(text))

    c0, c1 = bound("，,；;。\n")
    m = re.search(r"(?:为|是|作为|属于|系|列为)(" + _TIER_RX.pattern + ")", text[u.end : c1])
    if m:
        return tier_of(m.group(1))
    hits = list(_TIER_RX.finditer(text[c0 : u.start]))
    if hits:
        return tier_of(hits[-1].group(0))
    s0, _ = bound("；;。\n")
    hits = list(_TIER_RX.finditer(text[s0 : u.start]))
    if hits:
        return tier_of(hits[-1].group(0))
    return None


MEMBER_SECTION = re.compile(
    r"成员单位|成员构成|成员组成|联合体组成|组成单位|参与单位|参加单位|发起单位|理事单位|会员单位|联盟成员|成员名单|单位名单|"
    r"各方(?:主体|单位)"
)


def members_in_named_sections(doc: ReadDocument) -> list[Member]:
    """Members listed in the text of the sections whose heading names the members (成员单位情况,
    联合体组成, 发起单位 …); failing those, the parties named by their tiers in any paragraph;
    failing those, a task list that names each member (（1）甲公司：负责…)."""
    from extractors.sections import sections

    secs = sections(doc, [MEMBER_SECTION])
    lines: list[str] = []
    for s in secs:
        if (
            s.heading is not None
            and MEMBER_SECTION.search(s.title[:30])
            and not re.search(r"签章|盖章", s.title)
        ):
            lines.append(s.heading)
            for b in s.blocks:
                if isinstance(b, Table):
                    lines.extend("，".join(c for c in r if c.strip()) for r in b.row_texts())
                else:
                    lines.extend(x for x in b.text.split("\n") if x.strip())
    found = members_in_text(lines)
    # the parties named by their tiers in any paragraph (联合体由甲牵头，核心层单位为乙、丙…)
    all_lines = [
        x
        for b in doc.blocks
        if isinstance(b, Paragraph) and b.prov.source not in ("header", "footer")
        for x in b.text.split("\n")
    ]
    tiered = [m for m in members_in_text(all_lines) if m.tier != "unspecified"]
    if len(tiered) >= 2 and len(tiered) >= len(found):
        return tiered
    if len(found) >= 2:
        return found
    task = [
        x
        for b in doc.blocks
        if isinstance(b, Paragraph)
        for x in b.text.split("\n")
        if re.match(r"^\s*(?:[（(]\d{1,2}[)）]|\d{1,2}[.．、])\s*\S{4,40}?[：:]\s*(?:负责|承担|主要)", x)
    ]
    listed = members_in_text(task)
    return listed if len(listed) >= 2 else found


# ---------------------------------------------------------------------------- signatures
PARTY = re.compile(r"[甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥]方(?:[（(][^)）]{0,12}[)）])?\s*[：:]")


def party_members(doc: ReadDocument, skip: set[int] | None = None) -> list[Member]:
    """The parties an agreement names as 甲方（牵头单位）：…, 乙方：…, each with the tier its
    bracket gives (none: unspecified); the signature block (`skip`, block ids) is left out."""
    lines = []
    for b in doc.blocks:
        if skip and id(b) in skip:
            continue
        if isinstance(b, Paragraph) and b.prov.source not in ("header", "footer"):
            for x in b.text.split("\n"):
                m = PARTY.search(x)
                if m and not re.search(r"盖章|签章|签字", x[: m.end()]):
                    lines.append(x[m.start() :])
    return members_in_text(lines)


_SEAL_MARK = re.compile(r"[（(]\s*(?:(?:盖|签)\s*(?:章|字)?|公\s*章)\s*[)）]?")


def signatories_in(pieces: list[str]) -> list[str]:
    """Units in a signature block (its lines and cells, in order): every unit named there, with
    seal marks and tier labels (牵头单位（盖章）：) removed. People and dates are not units."""
    out: list[str] = []
    # a seal mark read in part (（盖 / (签字) ends the name before it, never joins two names
    lines = [_SEAL_MARK.sub(" （盖章） ", x) for text in pieces for x in text.split("\n")]
    for line in join_broken_lines(lines):
        for u in find_units(line):
            if u.name not in out:
                out.append(u.name)
    return out


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


def note_report(rec, report: MemberReport) -> None:
    """Keep what the member tables said about codes on the record, for the document's flags."""
    rec.extra["codes_expected"] = report.codes_expected
    if report.bad_codes:
        rec.extra["codes_of_wrong_length"] = report.bad_codes
