"""Member units wherever a document lists them: member tables (with or without a header, split
over pages, the code in its own column or in the name's cell, tier rows inside the table), tier
lists and prose (核心层单位包括甲、乙；紧密合作单位为丙和丁), and signature blocks.

Names are recognised by extractors.units (the same recogniser for cells, lines and prose).
"""

from __future__ import annotations

import re

from extractors.fields.broken import join_broken_lines
from extractors.fields.member_tables import MemberReport as MemberReport
from extractors.fields.member_tables import code_row_of
from extractors.fields.member_tables import member_tables as member_tables
from extractors.fields.member_tables import note_report as note_report
from extractors.fields.member_words import _STRUCK, _TIER_RX, tier_of
from extractors.fields.member_words import MEMBER_HEADER as MEMBER_HEADER
from extractors.text import compact
from extractors.unit_lists import complete_list
from extractors.unit_words import GOVERNMENT
from extractors.units import UnitSpan, attach_codes, find_units, unit_kind
from models.document import Paragraph, ReadDocument, Table
from models.record import Member

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
    # the label alone, or a list after its colon; 牵头单位，行业龙头企业… describes a unit
    if rest and not re.match(r"^(?:单位)?(?:[（(][^)）]*[)）])?(?:[：:].*)?$", rest):
        return None
    return tier_of(m.group(0))


# a list of members that names no tier (成员单位包括：… / 其他成员单位为…)
_PLAIN_LIST = re.compile(
    r"^(?:其他|其余|联盟|联合体|全体)?(?:成员单位|成员|参与单位|组成单位|会员单位)(?:包括|包含|有|为|如下)?[：:]"
)


def members_in_text(lines: list[str], also: tuple[str, ...] = ()) -> list[Member]:
    """Members named in running text and lists, each with the tier its context gives:

        联合体由甲公司牵头组建；核心层单位包括乙大学、丙研究院；紧密合作单位为丁公司和戊公司
        2．核心层单位                     一般协作层单位（2家）：己公司、庚公司
        乙大学
    A unit's tier is 牵头 when the words right after it say so (甲公司牵头 / 甲公司为牵头单位),
    else the nearest tier named before it in its sentence, else the tier of the list it is in.
    `also`: names the document shows elsewhere to be units though the recogniser leaves such
    names out (a zone's 管理委员会 that signs and seals the agreement)."""
    out: list[Member] = []
    seen: set[str] = set()
    tier_state: str | None = None
    named: Member | None = None
    # short names defined in the text (（以下简称“瑞禾研究院”）): a later mention is no new member
    aliases = {compact(m.group(1)) for m in _ALIAS_ANY.finditer("\n".join(lines))}
    for line in join_broken_lines(lines):
        t = line.strip()
        if not t:
            continue
        th = tier_heading(t)
        if not th and _PLAIN_LIST.match(_NUMBERING.sub("", compact(t))):
            tier_state = None  # 成员单位包括：… after 牵头单位：甲: the list names no tier
        units = _with_known(t, complete_list(t, find_units(t)), also)
        units = _platform_named_leads(t, units)
        if th and not units:
            tier_state = th
            continue
        said = _DESCRIBED_AS.match(compact(t))
        if said and named is not None and named.tier == "unspecified" and not units:
            # （一）甲公司（以下简称甲）。 / 牵头单位，行业龙头企业…: the item's description gives its tier
            named.tier = tier_of(said.group(1))  # type: ignore[assignment]
        if not units and (zone := _ZONE_ITEM.match(compact(t))):
            # （六）永川高新技术产业开发区管理委员会。该单位…: a numbered member, a zone's committee
            at = max(0, t.find(zone.group(1)))
            units = [UnitSpan(zone.group(1), at, at + len(zone.group(1)), "other")]
        if not units:
            # its first sentence: 统一社会信用代码：9145…。分工：… (the duties follow it)
            head = re.split(r"[。；;]", t)[0]
            code = code_row_of([c for c in re.split(r"[，,\t]", head) if c.strip()])
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
            if any(u.end <= s <= u.end + 2 for s in struck) or compact(u.name) in aliases:
                continue
            tier = _tier_at(t, u) or th or tier_state or "unspecified"
            k = compact(u.name)
            if k in seen:
                # named before in passing, now with its tier (甲研究院是…; 1. 甲研究院（牵头单位）：…)
                prev = next(m for m in out if compact(m.name) == k)
                if prev.tier == "unspecified" and tier != "unspecified":
                    prev.tier = tier  # type: ignore[assignment]
                prev.credit_code = prev.credit_code or u.code  # its code written at this mention
                named = prev if len(units) == 1 else None
                continue
            seen.add(k)
            out.append(Member(name=u.name, credit_code=u.code, tier=tier, kind=unit_kind(u.name, u.code)))  # type: ignore[arg-type]
            named = out[-1] if len(units) == 1 else None
        if th:
            # 牵头单位：甲 names the lead on its line; the lines after it are not leads
            tier_state = None if th == "lead" else th
    _alias_tiers(lines, out)
    return out


def _platform_named_leads(text: str, units: list[UnitSpan]) -> list[UnitSpan]:
    """`units` with a unit whose name the recogniser leaves out as a platform's, where the words
    after it say it leads (国家新能源汽车技术创新中心（国创中心）作为…平台牵头发起)."""
    if "牵头" not in text:
        return units
    found = find_units(text, with_platforms=True)
    more = [
        u
        for u in found
        if not any(v.start < u.end and v.end > u.start for v in units)
        and not any(0 <= u.start - v.end <= 1 for v in found)  # 甲公司国家企业技术中心: its host's
        and not GOVERNMENT.search(compact(u.name))
        and _said_to_lead(text, u)
    ]
    return sorted(units + more, key=lambda u: u.start) if more else units


def _with_known(text: str, units: list[UnitSpan], known: tuple[str, ...]) -> list[UnitSpan]:
    """`units` with each of the `known` names written in the text where no unit found stands."""
    out = list(units)
    added = False
    for name in known:
        at = text.find(name)
        if at >= 0 and not any(u.start < at + len(name) and u.end > at for u in out):
            out.append(UnitSpan(name, at, at + len(name), unit_kind(name)))
            added = True
    out.sort(key=lambda u: u.start)
    if added:  # its code, written with it (9. 甲工程技术研究中心，统一社会信用代码：…)
        attach_codes(text, out)
    return out


_LIST_ITEM = re.compile(r"^\s*(?:[（(]?[0-9一二三四五六七八九十]{1,3}[)）.．、]\s*)?")
_ZONE_ITEM = re.compile(
    r"^(?:[（(][0-9一二三四五六七八九十]{1,3}[)）]|[0-9一二三四五六七八九十]{1,3}[.．、])"
    r"([\u4e00-\u9fff]{4,30}?(?:开发区|园区|新区|试验区|示范区)(?:管理委员会|管委会))(?:[。；;，,：:（(]|$)"
)
_DESCRIBED_AS = re.compile(r"^(" + _TIER_RX.pattern + r")[，,]")


# a short name given in brackets after the full one: （以下简称“金晖粮油”） / （简称金晖）
_ALIAS_DEF = re.compile(
    r"^\s*[（(](?:以下)?(?:简称|称)[为：:]?\s*[“\"‘']?([^”\"’'）)]{2,12})[”\"’']?\s*[)）]"
)

_ALIAS_ANY = re.compile(_ALIAS_DEF.pattern.replace("^\\s*", "", 1))


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


# the words that give the units before them a tier (乙、丙为核心层单位 / 等4家单位构成核心层)
_AS_TIER = r"(?:为|是|作为|属于|系|列为|构成|组成|列入)"
_OF_IT = r"(?:本?(?:创新)?联合体的?)?"  # 为联合体核心层单位


_LEADS_AFTER = re.compile(r"^\s*(?:为|是|作为([^，,；;。参加与和及]{0,14}?))?牵头(?!单位)")


def _said_to_lead(text: str, u: UnitSpan) -> bool:
    """The words after a unit, past its short name in brackets, say it leads: 甲牵头 /
    甲中心（国创中心）作为国家共性技术创新平台牵头发起 (a description, naming no other unit)."""
    m = _LEADS_AFTER.match(re.sub(r"^\s*[（(][^（()）]{2,10}[)）]", "", text[u.end : u.end + 40]))
    return m is not None and not (m.group(1) and find_units(m.group(1)))


_ITS_TIER = re.compile(
    r"^[^。；;\n]{0,20}?[。；;]\s*(?:该|本)(?:单位|公司|企业|学校|大学|院|所|校)"
    + _AS_TIER
    + "?"
    + _OF_IT
    + "("
    + _TIER_RX.pattern
    + ")"
)


# what may stand between co-leads and their 牵头 (由甲、乙两大能源央企共同牵头组建)
_CO_LEAD_REST = re.compile(
    r"[、，,和及与\s]*(?:[两二三四五六七八九十0-9]+[大家个所][\u4e00-\u9fff]{0,6}?)?(?:共同|联合|一起)?"
)


def _co_lead(text: str, u: UnitSpan, c0: int, c1: int) -> bool:
    """u is one of the units a clause names as leading together: 由甲、乙两大能源央企共同牵头.

    >>> t = "由国家电网公司、南方电网公司两大能源央企共同牵头组建的联合体"
    >>> [_co_lead(t, v, 0, len(t)) for v in find_units(t)]
    [True, True]
    """
    head = text[c0 : u.start]
    at = text.find("牵头", u.end, c1)
    if at < 0 or text.startswith("牵头单位", at) or "由" not in head:
        return False
    if not re.fullmatch(r".*由(?:[^，,；;。由]*[、和及与])?", head):
        return False  # the list opens with 由 in this clause
    between = text[u.end : at]
    for v in find_units(between):
        between = between.replace(v.name, "、")
    return _CO_LEAD_REST.fullmatch(between) is not None


def _tier_at(text: str, u: UnitSpan) -> str | None:
    """The tier the words around a unit give it: 甲公司牵头 / 甲公司（牵头单位）; 乙、丙为核心层单位
    (named after the list, in the same clause); 核心层单位包括乙、丙 (named before it, in its clause,
    else earlier in its sentence)."""
    after = _ALIAS_DEF.sub("", text[u.end : u.end + 40], count=1)[:12]
    if re.match(r"^\s*(?:[（(]\s*牵头(?:单位)?\s*[)）]|为?牵头|作为牵头|是牵头|任牵头)", after):
        return "lead"
    if _said_to_lead(text, u):
        return "lead"
    m = re.match(r"^\s*[（(](" + _TIER_RX.pattern + r")[)）]", after)
    if m:
        return tier_of(m.group(1))
    # the next sentence naming it 该单位 (（一）甲公司。该单位为牵头单位，负责…)
    m = _ITS_TIER.match(text[u.end : u.end + 60])
    if m:
        return tier_of(m.group(1))

    def bound(chars: str) -> tuple[int, int]:
        starts = [text.rfind(ch, 0, u.start) for ch in chars]
        ends = [i for i in (text.find(ch, u.end) for ch in chars) if i >= 0]
        return max(starts) + 1, (min(ends) if ends else len(text))

    c0, c1 = bound("，,；;。\n")
    m = re.search(_AS_TIER + _OF_IT + "(" + _TIER_RX.pattern + ")", text[u.end : c1])
    if m:
        return tier_of(m.group(1))
    if _co_lead(text, u, c0, c1):
        return "lead"
    # 乙，丙，丁为核心层单位: a list parted by commas, its tier named after it in the clause
    _s0, s1 = bound("；;。\n")
    m = re.search(_AS_TIER + _OF_IT + "(" + _TIER_RX.pattern + ")", text[u.end : s1])
    if m:
        # the unit's own bracketed note (its code, its short name) is no other unit
        between = text[u.end : u.end + m.start()]
        while re.search(r"[（(][^（()）]*[)）]", between):  # nested: （组织机构代码（统一社会信用代码）：…）
            between = re.sub(r"[（(][^（()）]*[)）]", "", between)
        for v in find_units(between):
            between = between.replace(v.name, "")
        if not re.sub(r"[，,、\s]|和|及|与|等(?:[0-9一二三四五六七八九十]+家)?(?:单位)?", "", between):
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


def tier_list(named: list[Member], lines: list[str]) -> list[Member]:
    """The units named by their tiers (联合体由甲牵头，乙、丙…为核心层单位), with those the same
    sentences list without a tier the words could give them; a unit named elsewhere without a
    tier is left out.

    >>> ms = [Member(name="甲公司", tier="lead"), Member(name="乙大学"), Member(name="丙公司", tier="close"), Member(name="丁所")]
    >>> [m.name for m in tier_list(ms, ["由甲公司牵头，乙大学参加，丙公司为紧密层。", "依托丁所。"])]
    ['甲公司', '乙大学', '丙公司']
    """
    tiered = {compact(m.name) for m in named if m.tier != "unspecified"}
    lists = [t for t in (compact(x) for x in lines) if sum(k in t for k in tiered) >= 2]
    return [m for m in named if compact(m.name) in tiered or any(compact(m.name) in t for t in lists)]


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
    tiered = tier_list(members_in_text(all_lines), all_lines)
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
