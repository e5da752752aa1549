"""Organisation names (units) and their credit codes, wherever they are written: a table cell, a
``label：value`` line, a list separated by 、 ， ； or line breaks, or running prose.

A name ends in a suffix units use (有限公司, 大学, 研究院, 中心, …) and starts after the word
that introduces it: the text is segmented with jieba and a name is the run of tokens before
its suffix, back to a boundary (punctuation, or a function word such as 由 / 包括 / 和 / 为).
Traditional characters are folded to simplified for matching (OpenCC) while the written form is
returned. Credit codes are tied to the name nearest them in the same piece of text.

>>> [u.name for u in find_units("联合体由克拉玛依正邦生物有限公司牵头组建；核心层单位包括华南理工大学、新疆畜牧科学院")]
['克拉玛依正邦生物有限公司', '华南理工大学', '新疆畜牧科学院']
>>> [u.name for u in find_units("中国科学院新疆理化技术研究所与新疆凯晟（喀什）实业有限公司等单位")]
['中国科学院新疆理化技术研究所', '新疆凯晟（喀什）实业有限公司']
>>> find_units("1 91650203MAC35XMU43 克拉玛依正邦生物有限公司")[0].code
'91650203MAC35XMU43'
>>> unit_kind("中国科学院过程工程研究所"), unit_kind("塔里木大学"), unit_kind("广西技术转移中心")
('institute', 'university', 'other')
"""

from __future__ import annotations

import logging
import re
import threading
from dataclasses import dataclass
from functools import lru_cache

from extractors.text import CJK, compact
from extractors.unit_codes import CODE_LIKE_RX as CODE_LIKE_RX
from extractors.unit_codes import CODE_RX as CODE_RX
from extractors.unit_codes import _attach_codes
from extractors.unit_codes import attach_codes as attach_codes
from extractors.unit_codes import find_codes as find_codes
from extractors.unit_words import _SUFFIX_RX, _SUFFIXES, GENERIC, GOVERNMENT, PLATFORM, STOP_TOKENS
from extractors.unit_words import fold as fold
from extractors.unit_words import unit_kind as unit_kind
from models.record import Kind

_BOUNDARY = re.compile(rf"[^{CJK}A-Za-z0-9（）()·]")
_LOCK = threading.Lock()
_READY = False


def jieba_tokenizer():
    global _READY
    import jieba

    with _LOCK:
        if not _READY:
            jieba.setLogLevel(logging.ERROR)
            from extractors.fields.rd import cache_dir

            jieba.dt.tmp_dir = str(cache_dir())
            for s, _ in _SUFFIXES:
                jieba.add_word(s, freq=200000)
            for w in ("牵头组建", "核心层", "紧密层", "协作层", "生态层", "单位为", "单位有", "分别为"):
                jieba.add_word(w, freq=200000)
            _places_as_places()
            _READY = True
    return jieba


def _places_as_places() -> None:
    """Places that jieba's dictionary tags as something else (大连 as an adverb, 包头 and 开封 as
    verbs) tagged as places, as its own entries for their city or county (大连市, 开封市) say:
    else 大连大学 is "an adverb and 大学" to whatever reads the tags, and no name."""
    import jieba.posseg

    tags = jieba.posseg.dt.word_tag_tab
    odd = [
        w
        for w, t in tags.items()
        if len(w) >= 2
        and t[:1] in ("v", "d", "p", "c", "u", "r", "t")
        and w[0] not in "各非诸"
        and w != "自治"
        and any(tags.get(w + k) == "ns" for k in "市省县")
    ]
    for w in odd:
        tags[w] = "ns"


# ---------------------------------------------------------------------------- spans
@dataclass
class UnitSpan:
    name: str  # as written (spaces inside removed)
    start: int  # offsets in the text searched
    end: int
    kind: Kind
    code: str | None = None  # an 18-character credit code written next to it
    code_span: tuple[int, int] | None = None


def _tokens(text: str) -> list[tuple[str, int, int]]:
    """spaCy's tokens (the blank Chinese pipeline segments with jieba), as (text, start, end)."""
    jieba_tokenizer()
    from extractors.fields.rd import nlp_and_matcher

    doc = nlp_and_matcher()[0].make_doc(text)
    return [(t.text, t.idx, t.idx + len(t.text)) for t in doc]


CONJ = frozenset({"与", "和", "及", "暨"})


def _is_stop(toks: list[tuple[str, int, int]], j: int, suffix_ends: set[int]) -> bool:
    """Token j ends a name's left side. A conjunction inside a name (材料技术与工程研究所,
    食品科学与工程学院) is not a boundary: it is one when the word before it ends a unit."""
    w = toks[j][0]
    if _BOUNDARY.search(w):
        return True
    if w not in STOP_TOKENS:
        return False
    if w in CONJ and (j == 0 or _BOUNDARY.search(toks[j - 1][0])):
        return False  # 和利时…: a name's first word, not a conjunction between names
    if w in CONJ and j > 0 and j - 1 not in suffix_ends and not _BOUNDARY.search(toks[j - 1][0]):
        return toks[j - 1][0] in STOP_TOKENS
    return True


def _walk_ends(text: str, toks: list[tuple[str, int, int]], j: int, floor: int, ends: set[int]) -> bool:
    """Token j is where a name's left walk stops: below the floor, a boundary or stop word, a
    number or a code, a stray letter set apart before the name (a web page's noise: "a 中国…")."""
    w, s, e = toks[j]
    return (
        s < floor
        or _is_stop(toks, j, ends)
        or (re.fullmatch(r"[0-9A-Za-z]+", w) is not None and (w.isdigit() or len(w) >= 8))
        or (re.fullmatch(r"[A-Za-z]{1,2}", w) is not None and text[e : e + 1].isspace())
    )


def _left_start(
    text: str, toks: list[tuple[str, int, int]], ti: int, floor: int, suffix_ends: set[int] | None = None
) -> int:
    """Where the name whose last token is toks[ti] begins: walk left over tokens to a boundary."""
    start = toks[ti][1]
    j = ti - 1
    ends = suffix_ends or set()
    while j >= 0 and not _walk_ends(text, toks, j, floor, ends):
        start = toks[j][1]
        j -= 1
    # a company's name needs its own word before the trade words (中科云从科技有限公司, not
    # 科技有限公司, when jieba cut 从 off as a word): walk on over one stop word, or over the
    # space of a letter-spaced name after the firm's own word (重庆鑫升 自动化有限责任公司)
    spaced = j >= 1 and re.fullmatch(r"[ \u2002\u2003\u3000]+", toks[j][0]) is not None
    own = (
        j >= 1
        and re.search(rf"[{CJK}]", toks[j - 1][0]) is not None
        and _word_tags().get(toks[j - 1][0]) not in ("n", "vn", "v", "a", "d", "l", "j")
    )
    if (
        j >= 1
        and _trade_only(text, toks, start, ti)
        and ((spaced and own) or not _BOUNDARY.search(toks[j][0]))
        and toks[j][0] not in _LIST_WORDS  # 引进汉能等集团企业: 等 ends a list, it is no name's word
    ):
        k = j - 1
        while k >= 0 and not _walk_ends(text, toks, k, floor, ends):
            start = toks[k][1]
            k -= 1
    elif spaced:
        # 重庆永川 峰辰智能装备有限公司: the place, spaced off the rest of its name
        k = j - 1
        while k >= 0 and toks[k][1] >= floor and _word_tags().get(toks[k][0]) == "ns":
            k -= 1
        if k < j - 1 and (
            k < 0 or toks[k][1] < floor or _is_stop(toks, k, ends) or _DATE_END.search(toks[k][0])
        ):
            start = toks[k + 1][1]
    # a name never opens with a bracket or with a particle
    while start < toks[ti][1] and text[start] in "（()）·的之":
        start += 1
    return start


_LIST_WORDS = frozenset({"等", "等等", "和", "及", "与", "或", "以及"})

# trade words that alone are no company's name (科技有限公司)
INDUSTRY = re.compile(
    r"(?:科技|技术|实业|发展|贸易|投资|信息|智能|新材料|材料|电子|网络|生物|医药|化工|机械|能源|环保|农业|食品|"
    r"工程|建设|设计|咨询|服务|制造|装备|新能源|数字|软件|通信|光电|控股|股份|有限|集团)*"
)


def _trade_only(text: str, toks: list[tuple[str, int, int]], start: int, ti: int) -> bool:
    """Whether the name walked so far is trade words and a suffix only, nothing of its own
    (科技有限公司, 粮油股份有限公司: jieba's common nouns), so that the word before it, a verb
    to the segmenter, is the firm's own name (昌吉达成粮油股份有限公司).

    >>> _trade_only("由昌吉达成粮油股份有限公司", _tokens("由昌吉达成粮油股份有限公司"), 5, 4)
    True
    >>> _trade_only("重庆携手长安汽车股份有限公司", _tokens("重庆携手长安汽车股份有限公司"), 4, 3)
    False
    """
    if INDUSTRY.fullmatch(_SUFFIX_RX.sub("", text[start : toks[ti][2]])):
        return True
    tags = _word_tags()
    words = [w for w, s, _e in toks[:ti] if s >= start]
    if not words or _SUFFIX_RX.sub("", text[start : toks[ti][2]]) != "".join(words):
        return False  # the suffix is more than the last token: leave it as found
    return all(tags.get(w) in ("n", "vn", "j", "l") or INDUSTRY.fullmatch(w) for w in words)


def trade_words_only(name: str) -> bool:
    """Whether a company's name is trade words and its suffix only, nothing of its own
    (动力科技股份有限公司): the rest of a name broken before it.

    >>> trade_words_only("动力科技股份有限公司"), trade_words_only("凯拓动力科技股份有限公司")
    (True, False)
    """
    toks = _tokens(name)
    ends = [i for i, (w, _s, e) in enumerate(toks) if e == len(name) and _SUFFIX_RX.fullmatch(w)]
    return bool(ends) and ends[0] > 0 and _trade_only(name, toks, 0, ends[0])


# words that introduce a name and are sometimes joined to its first character by the segmenter
LEAD_IN = re.compile(
    r"^(?:现有|设在|位于|地处|汇聚|汇集|聚集|吸纳|吸引|整合|集聚|联合|携手|依托|落户|入驻|来自|邀请|号召|带动|推动|"
    r"支持|包含|涵盖|拥有|成立|组成|牵头|发起|加入|参加|参与|以及|由|及|与|在|从|向|对|把|被|将|为|并|或|等)"
)


_DATE_END = re.compile(r"[日号]$")
_DATE_LEAD = re.compile(
    r"^[〇○零一二三四五六七八九十\d]{0,4}年?[〇○零一二三四五六七八九十\d]{1,3}月[〇○零一二三四五六七八九十\d]{1,3}[日号]"
)


@lru_cache(maxsize=1)
def _word_tags() -> dict[str, str]:
    """jieba's dictionary part-of-speech tags (ns: a place name, nr: a person, nt: an organisation)."""
    import jieba.posseg

    jieba_tokenizer()
    return jieba.posseg.dt.word_tag_tab


REGIONS = re.compile(
    r"华东|华北|华南|华中|西南|西北|东北|北京|上海|天津|重庆|深圳|威海|珠海|苏州|南京|武汉|成都|西安|青岛|宁波|厦门"
)


def _qualifier_end(text: str, end: int) -> int:
    """A campus or seat in brackets right after a name (中国石油大学（华东）) belongs to it;
    （盖章）, （牵头单位） and the like do not."""
    m = re.match(r"[（(]([\u4e00-\u9fff]{2,6})[)）]", text[end : end + 10])
    if not m:
        return end
    inner = m.group(1)
    tags = _word_tags()
    if (
        REGIONS.fullmatch(inner)
        or tags.get(inner) == "ns"
        or re.fullmatch(r".{1,4}(?:省|市|区|县|校区|分校)", inner)
    ):
        return end + m.end()
    return end


_BYLINE = re.compile(
    r"[（(][^（()）]{0,12}(?:记者|通讯员|通讯记者|摄影|编辑|作者|来源|供稿)[^（()）]{0,12}[)）]"
)


def _trim_left(text: str, toks: list[tuple[str, int, int]], start: int, end: int) -> int:
    """Cut what the left walk took in front of a name: a verb before a place (现有四川省…, 设在重庆…
    → the place starts the name), or the inside of a bracket the name does not open
    (…子公司）及内蒙古… → after the bracket)."""
    seg = text[start:end]
    depth, cut = 0, None
    for i, ch in enumerate(seg):
        if ch in "（(":
            depth += 1
        elif ch in "）)":
            if depth == 0:
                cut = i + 1
            else:
                depth -= 1
    # a news item's byline in brackets (新华社…电（记者王五）中国宝武…): no part of the name
    byline = None
    for m in _BYLINE.finditer(seg):
        byline = m.end()
    if byline is not None and (cut is None or byline > cut):
        cut = byline
    if cut is not None:
        start += cut
        while start < end and not re.match(rf"[{CJK}A-Za-z0-9]", text[start]):
            start += 1
    tags = _word_tags()
    inside = [(w, s) for w, s, e in toks if start <= s and e <= end]
    deep = next((k for k, (w, _s) in enumerate(inside) if k >= 1 and w in ("设在", "位于", "地处")), None)
    if deep is not None:
        # 联合体秘书处设在甲公司: no name holds a verb of place; the name starts right after it
        if deep + 1 < len(inside):
            return inside[deep + 1][1]
    if not any(w in ("现有", "设在", "位于", "地处") for w, _ in inside[:2]):
        return start  # only a verb of place stands before a place that starts the name
    for k, (w, s) in enumerate(inside):
        if tags.get(w) == "ns" or (len(w) >= 3 and w.endswith(("省", "市", "县", "区", "自治区"))):
            if k == 0:
                break
            prefix = inside[:k]
            plen = sum(len(x) for x, _ in prefix)
            if (
                plen <= 4
                and all(len(x) >= 2 for x, _ in prefix)
                and all(
                    tags.get(x, "x")[:1] in ("v", "d", "p", "c", "u", "x", "m", "b", "a", "f", "t", "r")
                    for x, _ in prefix
                )
            ):
                start = s
            break
    return start


def _only_function_words(
    text: str, toks: list[tuple[str, int, int]], start: int, end: int, suffix: str
) -> bool:
    """A "name" whose words before the suffix are all verbs, adverbs, time words and the like
    (打造大学城, 现在公司)."""
    tags = _word_tags()
    words = [w for w, s, e in toks if start <= s and e <= end - len(suffix) and w.strip()]
    return bool(words) and all(tags.get(w, "x")[:1] in ("v", "d", "p", "c", "u", "r", "t") for w in words)


def find_units(text: str, *, with_platforms: bool = False) -> list[UnitSpan]:
    """Every unit named in a text, in order, with the credit code written beside it."""
    if not text or not _SUFFIX_RX.search(fold(text)):
        return []
    return [UnitSpan(**u.__dict__) for u in _find_units(text, with_platforms)]


# what a description of bodies holds before its suffix, and a name does not: a quantity (若干, 多名),
# or 的 with at most two characters after it (…较好的研究院), a count before it (十个国家级学协会), or a
# level (长三角地区国家级（省级）学会: bodies of a level, no name)
_COMMITTEE = re.compile(r"(?:专业|工作|学术|技术|标准化|专门)委员会$|专委会$")
_DESCRIPTION = re.compile(
    r"若干|多名|多个|多家|多所|一批|一些|部分|的[\u4e00-\u9fff]{0,2}$|^[0-9一二三四五六七八九十两百几数]+[个家批类]"
    r"|(?:国家|省|自治区|市|县|地区)级"
)
# a person's post with words after it, or 代表 (on behalf of), inside a would-be name
# a count of bodies of a kind before the suffix (两大集团, 三大运营商公司): no name
_COUNTED_KIND = re.compile(r"[两二三四五六七八九十几各多数]大$")
_PERSON_INSIDE = re.compile(
    r"(?:处长|院长|校长|所长|主任|书记|董事长|总经理|副总裁|总裁|教授|院士)(?=.)|代表"
)
_BARE_COMPANY = re.compile(r"(?:股份)?有限(?:责任)?公司|集团(?:有限公司)?")


@lru_cache(maxsize=20000)
def _find_units(text: str, with_platforms: bool) -> tuple[UnitSpan, ...]:
    folded = fold(text)
    toks = _tokens(folded)
    ends: list[tuple[int, int]] = []  # (token index, suffix length) of tokens ending a suffix
    for i, (w, s, e) in enumerate(toks):
        m = None
        for mm in _SUFFIX_RX.finditer(folded, max(s, e - 8), e):
            if mm.end() == e:
                m = mm
                break
        if m is None:
            continue
        # the suffix must end the token, and a one-word suffix must not be a common word
        if len(w) < 2 and w not in ("厂",):
            continue
        ends.append((i, m.end() - m.start()))
    suffix_ends = {i for i, _ in ends}
    spans: list[UnitSpan] = []
    floor = 0
    named_end = -1
    k = 0
    while k < len(ends):
        ti, _ = ends[k]
        # extend over suffixes that follow without a boundary (中国科学院 + 新疆理化技术研究所)
        last = k
        while last + 1 < len(ends):
            nti = ends[last + 1][0]
            between = folded[toks[ends[last][0]][2] : toks[nti][1]]
            # 控股 before a bare company suffix is the name's own word (中国科学院控股有限公司)
            held = between == "控股" and _BARE_COMPANY.fullmatch(toks[nti][0]) is not None
            if _BOUNDARY.search(between) or (
                not held and any(_is_stop(toks, j, suffix_ends) for j in range(ends[last][0] + 1, nti))
            ):
                break
            if len(re.findall(r"[（(]", between)) > len(re.findall(r"[)）]", between)):
                break  # a short name in brackets after the name (甲技术创新中心（国创中心）)
            if re.fullmatch(r"(?:国家|省|自治区|市|县|区)级", between):
                break  # a kind of body after the name (江苏省复合材料学会省级学会10家)
            # a bracket holding a place: 新疆凯晟（喀什）实业有限公司 is one name; but a name
            # followed by （盖章） is not continued
            last += 1
        end_ti = ends[last][0]
        start = _left_start(folded, toks, ti, floor, suffix_ends)
        end = toks[end_ti][2]
        end = _qualifier_end(folded, end)
        start = _trim_left(folded, toks, start, end)
        lead_in = LEAD_IN.match(folded[start:end])
        if lead_in and end - start - lead_in.end() >= 4:
            start += lead_in.end()
        date = _DATE_LEAD.match(folded[start:end])  # a signing date written before the next name
        if date and end - start - date.end() >= 4:
            start += date.end()
        elif folded[start : start + 1] in ("日", "号") and re.search(
            r"[\d〇○零一二三四五六七八九十]月?[\d〇○零一二三四五六七八九十]$",
            folded[max(0, start - 4) : start],
        ):
            start += 1  # the date's 日 before the name (2025年06月04日来宾…): not the name's
        written = text[start:end]
        name = compact(written)
        key_name = compact(folded[start:end])
        suffix = _SUFFIX_RX.findall(key_name)[-1] if _SUFFIX_RX.search(key_name) else ""
        ok = (
            4 <= len(name) <= 60
            and len(key_name) > len(suffix) + 1
            and not GENERIC.fullmatch(key_name[: -len(suffix) or None])
            and not key_name.endswith("高等学校")
        )
        if ok and not with_platforms and (GOVERNMENT.search(key_name) or PLATFORM.search(key_name)):
            ok = False
        if (
            ok
            and unit_kind(key_name) == "enterprise"
            and INDUSTRY.fullmatch(key_name[: -len(suffix) or None])
        ):
            ok = False  # 科研院所和工程技术公司: trade words and a suffix, a kind of firm, no name
        committee = _COMMITTEE.search(key_name)
        if ok and committee and not _SUFFIX_RX.search(key_name[: committee.start()]):
            ok = (
                False  # 电池专业委员会: a committee of the alliance itself, no unit (学会的专业委员会 is one)
            )
        if ok and _only_function_words(folded, toks, start, end, suffix):
            ok = False
        if ok and _DESCRIPTION.search(key_name[: -len(suffix) or None]):
            ok = False  # 基础较好的研究院, 可设置若干专业委员会: a description, no name
        if ok and _COUNTED_KIND.search(key_name[: -len(suffix) or None]):
            ok = False  # 航天两大集团所属单位: two of a kind, no name
        if ok and _PERSON_INSIDE.search(key_name[: -len(suffix) or None]):
            ok = False  # 科研处叶少平处长代表学院: a person and a post inside, no name
        if ok and re.search(r"称[为：:]?\s*[“\"‘']?$", folded[max(0, start - 5) : start]):
            ok = False  # a short name given to a unit named before it: （以下简称“工业大学”）
        if (
            ok
            and named_end >= 0
            and folded[named_end:start] in ("（", "(")
            and folded[end : end + 1] in ("）", ")")
        ):
            ok = False  # the same, in brackets right after it: 国家新能源汽车技术创新中心（国创中心）
        if ok:
            spans.append(UnitSpan(name=name, start=start, end=end, kind=unit_kind(key_name)))
        named_end = end  # a name, a member's or not (a platform's), that a short name may follow
        floor = end
        k = last + 1
    _attach_codes(text, spans)
    return tuple(spans)


def is_unit_name(text: str) -> bool:
    """The whole text is one unit's name (a cell or a list item)."""
    t = compact(text)
    us = find_units(t)
    return len(us) == 1 and us[0].start == 0 and us[0].end == len(t)


def clean_name(s: str) -> str:
    """A name as written, without seal marks, numbering, or trailing punctuation."""
    s = compact(s)
    s = re.sub(r"[（(]\s*(?:盖章|公章|签章|章|签字|牵头单位|牵头)\s*[)）]", "", s)
    s = re.sub(r"^(?:[（(]?\d{1,3}[)）.．、]|[一二三四五六七八九十]+[、.．])", "", s)
    return s.strip(" ：:;；，,。、")
