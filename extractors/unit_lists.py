"""Lists of units: a list framed as members (由/包括…等N家单位) or mostly of units, whose short
names (瑞星科技) are units by the list they stand in."""

from __future__ import annotations

import re

from extractors.numbers import to_int
from extractors.text import cjk_count, compact, sentence_around
from extractors.unit_words import GENERIC, GOVERNMENT, STOP_TOKENS, fold
from extractors.units import UnitSpan, find_units, unit_kind

# ---------------------------------------------------------------------------- lists
_ITEM_SEP = re.compile(r"[、]")
_LAST_JOIN = re.compile(r"(?:以及|和|及|与)")
# what leads a list in (the first item's left side): 成员单位包括 / 有 / 为 / ：
_LIST_CUE = re.compile(r".*(?:[：:]|包括了?|包含了?|汇聚了?|集聚了?|吸纳了?|有|为|由|以及)")
# a framed list ends 等 … 单位 / 企业 / N家: what it enumerates are units
_FRAME_END = re.compile(r"等[^，,。；;]{0,20}?(?:单位|企业|机构|院所|高校|院校|成员|家)")
_LIST_TAIL = re.compile(r"(?:等|共同|联合|作为|为|是|（|\().*$")
# 等 in a word, not ending a list: 高等院校, 中等职业学校, 同等, 等离子, 等级
_ETC_AFTER_WORD = re.compile(r"(?:[高同对均相平]|中(?=等(?:职业|专业|学校|教育|规模)))等")
_ETC_BEGINS_WORD = re.compile(r"等(?:离子|级|待|同|于|候)")


def list_etc(text: str, a: int, b: int) -> int:
    """Where the 等 that ends a list stands in text[a:b] (-1: none); a 等 inside a word (高等院校,
    等离子) ends none.

    >>> t = "甲公司、乙大学等高等院校"
    >>> list_etc(t, 0, len(t)), list_etc("海洋化工产业的相关企业、高等院校", 0, 16)
    (7, -1)
    """
    at = text.find("等", a, b)
    while at >= 0:
        if not (_ETC_AFTER_WORD.match(text, max(0, at - 1)) or _ETC_BEGINS_WORD.match(text, at)):
            return at
        at = text.find("等", at + 1, b)
    return -1


# a clause that speaks of membership: a list framed by it names units, however short they are written
_MEMBER_WORDS = re.compile(r"成员|发起|组建|组成|创始|理事|会员|单位|企业|院所|高校|机构|共同|联合")
_NOT_A_NAME = re.compile(
    r"[\d一二三四五六七八九十两]+(?:个|家|项|名|人|万|亿|%)|[，,]|负责|承担|开展|进行|建设|推动|实现|提升|加强|组织|研发|合作|指导|主办|承办|协办|支持|为导向|为主体|为核心|相结合|处长|院长|校长|所长|主任|书记|经理|教授|院士|代表|^我[校院所司]"
)


def complete_list(text: str, spans: list[UnitSpan]) -> list[UnitSpan]:
    """The units of `spans`, with the other items of an enumeration most of whose items are
    units (甲有限公司、乙大学、北京电信、大唐电信等): a name written short, without the suffix
    that would make it a name on its own, is known by the list it stands in. At least three
    items: two of them units and half of them at least, or a list framed as members are
    (由/包括 … 等N家单位, in a clause that speaks of members, units, founding).

    >>> from extractors.units import find_units
    >>> t = "成员有桂林星辰科技有限公司、广西大学、北京电信和大唐电信等单位。"
    >>> [u.name for u in complete_list(t, find_units(t))]
    ['桂林星辰科技有限公司', '广西大学', '北京电信', '大唐电信']
    >>> [u.name for u in complete_list("建设国家级平台3个、省级平台12个", [])]
    []
    """
    out = list(spans)
    for start, end, sep in _clauses(text):
        items = _items(text, start, end, sep)
        clause = (start, end)
        counted = _counted(text, clause, items, spans)
        out += counted
        if len(items) == 2:
            out += _tiered_pair(text, items, spans + counted, end)
        # a list of names parted by 、 stays inside its comma's clause (为响应甲、推动乙，丙学会、丁协会等)
        for group in _comma_groups(text, items) if sep is _ITEM_SEP else [items]:
            out += _short_names(text, group, group[-1][1] if sep is _ITEM_SEP else end, sep, spans + counted)
    out += [u for u in predicate_lists(text) if not any(s.start < u.end and s.end > u.start for s in out)]
    out.sort(key=lambda u: u.start)
    return out


def _comma_groups(text: str, items: list[tuple[int, int]]) -> list[list[tuple[int, int]]]:
    """A clause's 、-list items in groups that no comma parts: an item holding a comma ends its
    group before the comma, and its part after the last comma begins the next group.

    >>> t = "为响应甲、推动乙，从今年起，丙学会、丁协会等发起"
    >>> [[t[a:b] for a, b in g] for g in _comma_groups(t, _items(t, 0, len(t)))]
    [['为响应甲', '推动乙'], ['丙学会', '丁协会等发起']]
    >>> t = "由甲,、乙,、丙等发起"
    >>> [[t[a:b] for a, b in g] for g in _comma_groups(t, _items(t, 0, len(t)))]
    [['由甲,', '乙,', '丙等发起']]
    """
    groups: list[list[tuple[int, int]]] = [[]]
    for a, b in items:
        # a comma beside a 、 is part of the separator (甲,、乙,、丙: a spun text's ",、")
        commas = [
            m.start() for m in _COMMA.finditer(text, a, b) if "、" not in text[m.start() - 1 : m.end() + 1]
        ]
        if not commas:
            groups[-1].append((a, b))
            continue
        if commas[0] > a:
            groups[-1].append((a, commas[0]))
        groups.append([(commas[-1] + 1, b)] if b > commas[-1] + 1 else [])
    return [g for g in groups if g]


_ONE_MORE = re.compile(r"(?:以及|还有|另有)(?P<name>[^，,。；;、等]{2,12})等")
_MEMBER_LIST_BEFORE = re.compile(r"(?:成员|会员|理事|发起)(?:单位)?(?:包括|包含|有|为)")


def _one_more(text: str, item: tuple[int, int], end: int) -> list[UnitSpan]:
    """One more unit written short after a list of members, framed as a unit (…等成员单位，
    以及药明康德等行业一流企业): a name by its look.

    >>> t = "成员单位包括：甲联盟、乙联盟等单位，以及药明康德等行业一流企业。"
    >>> [u.name for u in _one_more(t, (t.find("以及"), len(t) - 1), len(t) - 1)]
    ['药明康德']
    """
    a, b = item
    m = _ONE_MORE.match(text, a)
    if m is None or _FRAME_END.match(fold(text[m.end() - 1 : end])) is None:
        return []
    start, _ = sentence_around(text, a, a)
    if not _MEMBER_LIST_BEFORE.search(fold(text[start:a])):
        return []
    name = compact(m.group("name"))
    if not _plausible(name) or len(name) < 3:
        return []
    return [UnitSpan(name=name, start=m.start("name"), end=m.end("name"), kind=unit_kind(name))]


def _names_part(text: str, items: list[tuple[int, int]], spans: list[UnitSpan]) -> list[tuple[int, int]]:
    """The list's items up to the one where words follow a unit's name (甲协会本着自愿、平等、合作的
    原则: the principles are another enumeration, no names).

    >>> t = "柳州宏祥锰业有限责任公司、来宾食品产业协会本着自愿、平等、合作的原则"
    >>> [t[a:b] for a, b in _names_part(t, _items(t, 0, len(t)), find_units(t))]
    ['柳州宏祥锰业有限责任公司', '来宾食品产业协会本着自愿']
    """
    for i, (a, b) in enumerate(items[:-1]):
        ends = [s.end for s in spans if s.start < b and s.end > a]
        if ends and cjk_count(text[max(ends) : b]) >= 2 and not _LIST_TAIL.match(text, max(ends)):
            return items[: i + 1]
    return items


def _short_names(
    text: str, items: list[tuple[int, int]], end: int, sep: re.Pattern[str], spans: list[UnitSpan]
) -> list[UnitSpan]:
    """The items of one list that are units by the list they stand in (see complete_list)."""
    items = _names_part(text, items, spans)
    if len(items) == 1:
        return _one_more(text, items[0], end)
    if len(items) < 2:
        return []
    known = [any(s.start < b and s.end > a for s in spans) for a, b in items]
    a0, b0 = items[0]
    cue = _LIST_CUE.match(text[a0:b0])
    etc = list_etc(text, items[-1][0], end)  # the list's 等, in its last item
    framed = (
        etc >= 0
        and (known[0] and not known[1] if len(items) == 2 else cue is not None)
        and _FRAME_END.match(fold(text[etc:end])) is not None
        and _MEMBER_WORDS.search(fold(text[max(0, a0 - 30) : end])) is not None
    )
    if len(items) == 2 and not framed:
        return []  # 甲大学与乙药业等医药企业 (a founding pair, framed): two items are enough
    if text.startswith("来自", a0 + (cue.end() if cue else 0)):
        return []  # 由来自互联网应用、集成电路设计…等企业发起: the fields the units come from
    if not framed and (sum(known) < 2 or 2 * sum(known) < len(items)):
        return []
    short: list[UnitSpan] = []
    kinds = 0  # items that name a kind of unit (科研院所、大专院校、企业集团): no names
    for i, ((a, b), k) in enumerate(zip(items, known)):
        if k:
            continue
        piece = text[a:b]
        lead = 0
        if i == 0 and (c := _LIST_CUE.match(piece) or (_SEMI_CUE.match(piece) if sep is _SEMI else None)):
            lead = c.end()
        tail = _LIST_TAIL.search(piece, lead) if i == len(items) - 1 else None
        s, e = a + lead, a + (tail.start() if tail else len(piece))
        name = _unquoted(compact(text[s:e]))
        if _plausible(name):
            short.append(UnitSpan(name=name, start=s, end=e, kind=unit_kind(name)))
        elif _KIND_WORD.search(fold(name)):
            kinds += 1
    if kinds >= 2 and kinds >= len(short):
        return []  # a list of the kinds of units a body has (整车企业、汽车电子供应商、高校院所…)
    return short


# a list said to hold a role in the alliance, or to have founded it, right after it:
# 甲、乙同时为联盟理事单位 / 选举甲为某某联盟理事长单位 / 甲联合乙（300750.SZ）、丙发起
_ROLE_SAID = re.compile(
    r"(?:同时|均|也|分别|一同)?(?:为|是|当选为?|成为|担任|作为)(?:本|该)?(?:[^，,。；;、]{0,30}?(?:联盟|联合体))?的?"
    r"(?:(?:执行|常务)?副?(?:理事长|理事|监事长|会长|发起)单位|(?:创始|首批|核心)?(?:会员|成员)(?:单位)?)"
    r"|(?:联合|共同|携手)?(?:倡议)?发起(?:成立|组建|的)?"
)
_LIST_JOIN = re.compile(r"、|和|及|与|以及|联合|会同|携手")
_STOCK_CODE = re.compile(
    r"[（(](?:股票代码[：:])?[0-9]{6}(?:\.[A-Z]{2})?[)）]|[（(][0-9]{4,6}\.[A-Z]{2}[)）]"
)
_LIST_OPEN = re.compile(r"[，,。；;：:\n]|由|旗下|其中|选举|推选|以及")


def _listed_name(name: str, alone: bool, bare: bool) -> bool:
    """Whether an item of a list before a role is a unit's name: one by itself (甲有限公司), or a
    short name by its look in a list of several. `bare`: the role has no 单位 after it (为联盟成员 /
    由甲发起), where a short item (two or three characters) may be a person."""
    if re.match(r"[该本其我贵此]", name):
        return False
    known = find_units(name)
    if len(known) == 1 and len(known[0].name) >= len(name) - 1:
        return True
    return not alone and _plausible(name) and (len(name) >= 4 or not bare)


def predicate_lists(text: str) -> list[UnitSpan]:
    """Short names listed right before words that give them a role in the alliance or say they
    founded it: each item of the list, from the clause's opening (a comma, 由, 旗下, 选举…), a name
    by its look (a stock code after it aside).

    >>> [u.name for u in predicate_lists("紫光集团为联盟创始成员,旗下紫光国微、紫光展锐同时为联盟理事单位。")]
    ['紫光集团', '紫光国微', '紫光展锐']
    >>> [u.name for u in predicate_lists("由中国能建联合宁德时代(300750.SZ)、天合光能(688599.SH)发起,62家单位携手组建")]
    ['中国能建', '宁德时代', '天合光能']
    >>> [u.name for u in predicate_lists("大会选举沈阳新松为中国机器人产业联盟理事长单位,安川、库卡为副理事长单位")]
    ['沈阳新松', '安川', '库卡']

    A name alone before its role is taken only where it reads as a unit's name by itself (a
    short one alone may be a department or a person's; in a list, the list vouches for it).

    >>> [u.name for u in predicate_lists("该公司为联盟理事单位，企业、高校、院所共同发起")]
    []
    """
    out: list[UnitSpan] = []
    for m in _ROLE_SAID.finditer(text):
        end = m.start()
        opens = list(_LIST_OPEN.finditer(text, max(0, end - 120), end))
        if not opens and end > 120:
            continue
        start = opens[-1].end() if opens else 0
        # 选举甲为联盟理事长单位: a unit elected to a unit's role, named alone
        elected = bool(opens) and opens[-1].group() in ("选举", "推选") and m.group().endswith("单位")
        if end - start < 2 or end - start > 110:
            continue
        items: list[tuple[int, int]] = []
        joins = list(_LIST_JOIN.finditer(text, start, end))
        a = start
        for j in joins:
            items.append((a, j.start()))
            a = j.end()
        items.append((a, end))
        bare = m.group().endswith(("成员", "会员", "发起", "发起的", "发起成立", "发起组建"))
        found: list[UnitSpan] = []
        for a, b in items:
            code = _STOCK_CODE.search(text, a, b)
            b = code.start() if code else b
            # the item's own verb before the list's (由甲牵头、乙发起): the name is before it
            name = re.sub(r"(?:牵头|主导|倡议)$", "", compact(text[a:b]).strip("“”\"'《》"))
            if not _listed_name(name, alone=len(items) == 1 and not elected, bare=bare):
                found = []
                break  # every item a name, or the clause is not a list of names
            found.append(UnitSpan(name=name, start=a, end=b, kind=unit_kind(name)))
        out += found
    return out


# the number of units a clause declares: 共八家单位 / 一般协作层单位（2家）
_DECLARED = re.compile(r"(?:共|计|[（(])\s*([0-9０-９一二三四五六七八九十两]{1,3})\s*家(?:单位|成员)?")


def _counted(
    text: str, clause: tuple[int, int], items: list[tuple[int, int]], spans: list[UnitSpan]
) -> list[UnitSpan]:
    """Names of the clause's list items that the recogniser leaves out as bodies that are rarely
    members (a zone's 管理委员会, a 技术中心), where the clause declares how many units it lists
    and only with them is the count right: 联合甲公司、乙大学、丙园区管理委员会共三家单位.

    >>> t = "一般协作层单位（2家）：昌吉国家农业科技园区管理委员会、哈密泓辰乳业研究院有限公司。"
    >>> [u.name for u in complete_list(t, find_units(t))]
    ['昌吉国家农业科技园区管理委员会', '哈密泓辰乳业研究院有限公司']
    >>> t = "依托单位（2家）：南宁华星科技有限公司国家企业技术中心、广西大学"
    >>> [u.name for u in complete_list(t, find_units(t))]  # the host, not its platform
    ['南宁华星科技有限公司', '广西大学']
    """
    a, b = clause
    said = [to_int(d.group(1)) for d in _DECLARED.finditer(text, a, b)]
    if len(said) != 1 or not said[0]:
        return []
    inside = [s for s in spans if a <= s.start < b]
    extra: list[UnitSpan] = []
    for x0, x1 in items:
        if any(s.start < x1 and s.end > x0 for s in inside):
            continue
        found = find_units(text[x0:x1], with_platforms=True)
        if len(found) != 1:
            continue
        u = found[0]
        # a platform a unit hosts (甲公司国家企业技术中心) names its host: not a unit of its own
        if find_units(u.name[:-1]):
            continue
        extra.append(
            UnitSpan(name=u.name, start=x0 + u.start, end=x0 + u.end, kind=unit_kind(u.name), code=u.code)
        )
    return extra if extra and len(inside) + len(extra) == said[0] else []


_SENTENCE_END = re.compile(r"[。！？!?\n]")
# a framed list's end and the comma after it: another list may follow in the same sentence
_FRAME_CUT = re.compile(
    r"等[^，,。；;、]{0,20}?(?:单位|企业|机构|院所|高校|院校|成员)[^，,。；;、]{0,4}[，,]"
)
_SEMI = re.compile(r"[；;]")
_COMMA = re.compile(r"[，,]")
# a list of short names parted by commas after a cue, framed as units by 等…企业/单位 at its end
_COMMA_LIST = re.compile(
    r"(?:包括了?|包含了?|汇聚了?|集聚了?|吸纳了?|有|为)\s*(?:[^，,。；;、\s]{2,12}\s*[，,]\s*){2,}"
    r"[^，,。；;、\s]{2,12}?等[^，,。；;]{0,20}?(?:企业|单位|机构|院所|高校|院校)"
)
_SEMI_CUE = re.compile(r".{0,12}?[：:，,]")  # 成员单位：/ 成员单位，(a row's cells) before a ；-list


def _clauses(text: str) -> list[tuple[int, int, re.Pattern[str]]]:
    """The clauses of `text` (start, end, what separates a list's items there): split at
    sentence ends and semicolons, except a sentence of three or more short parts between
    semicolons with no comma or 、 in them, which is one list of names (甲公司；乙大学；丙研究院).

    >>> t = "成员单位：甲有限公司；乙大学；丙研究中心。本协议一式三份"
    >>> [(t[a:b], sep.pattern) for a, b, sep in _clauses(t)]
    [('成员单位：甲有限公司；乙大学；丙研究中心', '[；;]'), ('本协议一式三份', '[、]')]
    >>> t = "成员包括甲公司、乙公司、丙实业等14家企业，以及丁大学、戊职院等2家高校"
    >>> [t[a:b] for a, b, _ in _clauses(t)]
    ['成员包括甲公司、乙公司、丙实业等14家企业', '以及丁大学、戊职院等2家高校']
    >>> t = "甲公司负责总装，乙大学负责研究；丙研究中心；丁公司"
    >>> [t[a:b] for a, b, _ in _clauses(t)]
    ['甲公司负责总装，乙大学负责研究', '丙研究中心', '丁公司']
    """
    out: list[tuple[int, int, re.Pattern[str]]] = []
    start = 0
    for m in [*_SENTENCE_END.finditer(text), None]:
        end = m.start() if m else len(text)
        cuts = [start] + [s.end() for s in _SEMI.finditer(text, start, end)] + [end + 1]
        parts = [(cuts[i], cuts[i + 1] - 1) for i in range(len(cuts) - 1)]
        names = list(parts)
        cue = _SEMI_CUE.match(text[names[0][0] : names[0][1]]) if names else None
        if cue and _MEMBER_WORDS.search(cue.group()):
            names[0] = (names[0][0] + cue.end(), names[0][1])  # after 成员单位：/ 成员单位，(a row's cells)
        if len(names) >= 3 and all(
            0 < len(compact(text[a:b])) <= 40 and not re.search(r"[、，,]", text[a:b]) for a, b in names
        ):
            out.append((start, end, _SEMI))
        else:
            for a, b in parts:  # 甲、乙等14家企业，以及丙、丁等3家高校: two lists
                commas = _COMMA_LIST.search(fold(text), a, b) if "、" not in text[a:b] else None
                if commas:  # 汇聚了甲集成, 乙科技, 丙微电子等一批…企业: a list parted by commas
                    out.append((commas.start(), commas.end(), _COMMA))
                    continue
                cuts = [a] + [m.end() for m in _FRAME_CUT.finditer(fold(text), a, b)] + [b + 1]
                out += [(cuts[i], cuts[i + 1] - 1, _ITEM_SEP) for i in range(len(cuts) - 1)]
        start = end + 1
    return out


# a list given its tier after it: …为一般协作层 / …构成核心层
_GIVEN_TIER = re.compile(
    r"(?:为|是|构成|组成|作为|列为)(?:本?联合体的?)?(?:核心层|紧密(?:合作|协作)?层|一般(?:协作|合作)层|协作层|成员单位)"
)


def _tiered_pair(text: str, items: list[tuple[int, int]], known: list[UnitSpan], end: int) -> list[UnitSpan]:
    """A two-item list given its tier after it (甲公司、乙工程技术研究中心为一般协作层): the
    item the recogniser left out as a platform's name, where it stands whole, is a unit.

    >>> t = "成都弘和橡胶有限公司、蒙自天然工程技术研究中心为一般协作层"
    >>> [u.name for u in _tiered_pair(t, _items(t, 0, len(t)), find_units(t), len(t))]
    ['蒙自天然工程技术研究中心']
    """
    tier = _GIVEN_TIER.search(fold(text), items[-1][0], end)
    if tier is None:
        return []
    out: list[UnitSpan] = []
    for i, (a, b) in enumerate(items):
        b = tier.start() if i == len(items) - 1 else b
        if any(s.start < b and s.end > a for s in known):
            continue
        found = find_units(text[a:b], with_platforms=True)
        if len(found) == 1 and found[0].end - found[0].start >= len(compact(text[a:b])) - 1:
            u = found[0]
            out.append(UnitSpan(name=u.name, start=a + u.start, end=a + u.end, kind=unit_kind(u.name)))
    return out if len(out) < len(items) else []


def _items(text: str, start: int, end: int, sep: re.Pattern[str] = _ITEM_SEP) -> list[tuple[int, int]]:
    """An enumeration's items (offsets) in text[start:end]: split at 、 (or `sep`), the last one
    split once more at 和 / 及 / 与."""
    cuts = [start] + [m.end() for m in sep.finditer(text, start, end)]
    items = [(a, (cuts[i + 1] - 1) if i + 1 < len(cuts) else end) for i, a in enumerate(cuts)]
    etc = next((i for i, (a, b) in enumerate(items) if list_etc(text, a, b) >= 0), None)
    if etc is not None:  # 甲、乙、丙等17家…、…: the list ends with its 等
        items = items[: etc + 1]
        items[-1] = (items[-1][0], end)
    if items:
        a, b = items[-1]
        etc = list_etc(text, a, b)  # 甲、乙和丙等 … 高校及企业: the join before 等 only
        j = _LAST_JOIN.search(text, a, etc if etc >= 0 else b)
        if j and j.start() > a + 1:
            items[-1:] = [(a, j.start()), (j.end(), b)]
    return [(a, b) for a, b in items if b > a]


# the kinds of unit a list may enumerate instead of names
_KIND_WORD = re.compile(
    r"(?:企业|单位|机构|院校|高校|院所|部门|组织|集团|供应商|厂商|服务商|运营商|用户|客户)$"
)


def _unquoted(name: str) -> str:
    """A list item's name without the quotes and punctuation around it; a title's brackets kept
    where the name holds the title (《药学进展》编委会).

    >>> _unquoted("“甲科技”"), _unquoted("《药学进展》编委会"), _unquoted("《乙公司》")
    ('甲科技', '《药学进展》编委会', '乙公司')
    """
    out = name.strip("“”\"'《》,，.;；:：")
    if name.startswith("《") and "》" in out and "《" not in out:
        out = "《" + out
    return out


def _plausible(name: str) -> bool:
    """A short name by its look: 2 to 25 characters, mostly Chinese, not a category word, an
    authority, a figure or a phrase with a verb."""
    n = fold(name)
    return (
        2 <= len(n) <= 25
        and cjk_count(n) >= 2
        and not GENERIC.fullmatch(n)
        and not GOVERNMENT.search(n)
        and not _NOT_A_NAME.search(n)
        and not re.search(r"(?:企业|单位|机构|院校|高校|院所|部门|供应商|厂商|服务商|运营商)$", n)
        and n not in STOP_TOKENS
    )
