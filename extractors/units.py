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

from extractors import uscc
from extractors.text import CJK, cjk_count, compact
from models.record import Kind

# ---------------------------------------------------------------------------- suffixes
# longest first; each with the kind of unit it makes
_SUFFIXES: list[tuple[str, Kind]] = [
    ("股份有限公司", "enterprise"),
    ("有限责任公司", "enterprise"),
    ("股份合作公司", "enterprise"),
    ("有限公司", "enterprise"),
    ("分公司", "enterprise"),
    ("总公司", "enterprise"),
    ("公司", "enterprise"),
    ("集团", "enterprise"),
    ("专业合作社", "enterprise"),
    ("合作社", "enterprise"),
    ("总厂", "enterprise"),
    ("制造厂", "enterprise"),
    ("工厂", "enterprise"),
    ("厂", "enterprise"),
    ("高等专科学校", "university"),
    ("研究生院", "university"),
    ("职业技术学院", "university"),
    ("大学", "university"),
    ("学院", "university"),
    ("学校", "university"),
    ("研究院", "institute"),
    ("研究所", "institute"),
    ("科学院", "institute"),
    ("设计院", "institute"),
    ("设计研究院", "institute"),
    ("研究中心", "institute"),
    ("实验室", "institute"),
    ("研究会", "other"),
    ("中心", "other"),
    ("协会", "other"),
    ("学会", "other"),
    ("商会", "other"),
    ("联合会", "other"),
    ("促进会", "other"),
    ("基金会", "other"),
    ("医院", "other"),
    ("事务所", "other"),
    ("检测所", "institute"),
    ("推广站", "other"),
    ("试验站", "institute"),
    ("工作站", "other"),
    ("博物馆", "other"),
    ("图书馆", "other"),
    ("出版社", "other"),
    # bodies that are not members end a name as well (they are dropped after: GOVERNMENT)
    ("管理委员会", "other"),
    ("委员会", "other"),
    ("管委会", "other"),
    ("人民政府", "other"),
    ("科学技术厅", "other"),
    ("科学技术局", "other"),
    ("科技厅", "other"),
    ("科技局", "other"),
]
SUFFIX_KIND: dict[str, Kind] = dict(_SUFFIXES)
_SUFFIX_RX = re.compile("|".join(sorted((re.escape(s) for s, _ in _SUFFIXES), key=len, reverse=True)))

# names of bodies that are never members: the authorities a consortium files with, courts
GOVERNMENT = re.compile(
    r"(?:人民政府|人民法院|仲裁委员会|科学技术厅|科学技术局|科技厅|科技局|科学技术委员会|科委|发展和改革委员会|"
    r"经济和信息化委员会|办公室|办公厅|管理局|监督管理局|领导小组|工作组|秘书处|理事会|专家委员会|咨询委员会|"
    r"人民代表大会|政协|党委|管委会|管理委员会)$"
)
# platforms (重点实验室, 工程技术研究中心 …) are not units: a member hosts them
PLATFORM = re.compile(
    r"(?:重点实验室|工程实验室|联合实验室|工程(?:技术)?研究中心|技术创新中心|企业技术中心|工程中心|技术中心|"
    r"创新中心|中试基地|示范基地|创新平台|服务平台|公共平台|院士工作站|专家工作站|博士后(?:科研)?工作站|"
    r"众创空间|孵化器|产业园|园区|创新联合体|战略联盟|技术联盟|创新联盟|产业联盟)$|^(?:国家级|省级|自治区级|省部级|市级|国家|省|自治区)"
    r"(?:重点|工程|企业|技术|制造业|产业)"
)
# what stands before a suffix in a category, not a name (高等学校, 科研院所, 相关企业…)
GENERIC = re.compile(
    r"(?:高等|科研|研究|相关|其他|其它|各类|各|重点|骨干|龙头|成员|参与|合作|协作|下属|所属|本|该|我|贵|上述|"
    r"有关|国有|民营|私营|外资|合资|中小|大型|小型|微型|科技型|高新技术|上市|控股|子|母|分|总|新型|地方|省属|市属|行业|"
    r"中央|部属|普通|职业|技术|企业|事业|单位|机构|组织|社会|服务|金融|投资|检测|认证|评估)*"
)
# words that end a name's left side (the token before a name)
STOP_TOKENS = frozenset(
    """由 与 和 及 以及 同 跟 或 或者 包括 包含 含 有 为 是 等 联合 会同 其中 单位 成员 成员单位 牵头 牵头单位
    组建 作为 向 在 经 对 将 把 被 均 各 共 本 该 甲方 乙方 丙方 丁方 核心层 紧密层 协作层 生态层 层 依托 委托
    聘请 邀请 担任 负责 承担 参与 参加 加入 发起 设立 注册 位于 属于 隶属 授权 代表 签署 盖章 签字 签章 公章
    法定代表人 其 我 我们 本单位 以上 上述 下列 如下 分别 即 也 还 又 并 且 则 就 已 已经 拟 由于 通过 根据 按照
    依据 针对 围绕 面向 关于 对于 为了 以 让 使 给 从 自 到 至 于 名称 单位名称 全称 简称 甲 乙 丙 丁 之间
    共同 携手 联手 协同 依托单位 承担单位 工作单位 所在单位 推荐单位 合作 协作 紧密 一般 核心 层级 类型 性质
    企业 高校 院所 科研院所 高等院校 高等学校 科研机构 研究机构 机构 组织 方 双方 各方 多方 另 另一 每 所有 全体
    的 了 着 过 地 得 之 者 家 个 名 位 年 月 日 年月日 日期 签订日期 签署日期 所属 下属 旗下 母公司 子公司 控股 参股
    理事长 副理事长 理事 会员 会长 副会长 秘书长 主任 副主任 委员 常务 单位为 单位有 单位是 依次 分别为 包括有
    请 经过 经由 会 为主 牵头组建 联合组建 共同组建 发起成立 倡议 倡导 签订 订立 达成 一致 同意 决定
    打造 打造成 打造成为 成为 建成 建设成 培育 发展成 发展为""".split()
)
_BOUNDARY = re.compile(rf"[^{CJK}A-Za-z0-9（）()·]")
_LOCK = threading.Lock()
_READY = False


def _jieba():
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
            _READY = True
    return jieba


# ---------------------------------------------------------------------------- folding
@lru_cache(maxsize=1)
def _t2s():
    try:
        import opencc

        return opencc.OpenCC("t2s")
    except Exception:  # pragma: no cover - opencc is a dependency; without it nothing is folded
        return None


def fold(text: str) -> str:
    """Traditional characters folded to simplified, full-width brackets kept; the result has
    the same length as the input, so offsets found in it are offsets in the written text."""
    cc = _t2s()
    if cc is None or not text:
        return text
    out = cc.convert(text)
    if len(out) == len(text):
        return out
    return "".join(c if len(f := cc.convert(c)) != 1 else f for c in text)


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
    _jieba()
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


def _left_start(
    text: str, toks: list[tuple[str, int, int]], ti: int, floor: int, suffix_ends: set[int] | None = None
) -> int:
    """Where the name whose last token is toks[ti] begins: walk left over tokens to a boundary."""
    start = toks[ti][1]
    j = ti - 1
    ends = suffix_ends or set()
    while j >= 0:
        w, s, e = toks[j]
        if s < floor or _is_stop(toks, j, ends):
            break
        if re.fullmatch(r"[0-9A-Za-z]+", w) and (re.fullmatch(r"[0-9]+", w) or len(w) >= 8):
            break  # a number or a code, not part of a name
        start = s
        j -= 1
    # a company's name needs its own word before the trade words (中科云从科技有限公司, not
    # 科技有限公司, when jieba cut 从 off as a word): walk on over one stop word
    if (
        j >= 1
        and INDUSTRY.fullmatch(_SUFFIX_RX.sub("", text[start : toks[ti][2]]))
        and not _BOUNDARY.search(toks[j][0])
    ):
        k = j - 1
        while k >= 0 and toks[k][1] >= floor and not _is_stop(toks, k, ends):
            start = toks[k][1]
            k -= 1
    # a name never opens with a bracket or with a particle
    while start < toks[ti][1] and text[start] in "（()）·的之":
        start += 1
    return start


# trade words that alone are no company's name (科技有限公司)
INDUSTRY = re.compile(
    r"(?:科技|技术|实业|发展|贸易|投资|信息|智能|新材料|材料|电子|网络|生物|医药|化工|机械|能源|环保|农业|食品|"
    r"工程|建设|设计|咨询|服务|制造|装备|新能源|数字|软件|通信|光电|控股|股份|有限|集团)*"
)
# words that introduce a name and are sometimes joined to its first character by the segmenter
LEAD_IN = re.compile(
    r"^(?:现有|设在|位于|地处|汇聚|汇集|聚集|吸纳|吸引|整合|集聚|联合|携手|依托|落户|入驻|来自|邀请|号召|带动|推动|"
    r"支持|包含|涵盖|拥有|成立|组成|牵头|发起|加入|参加|参与|以及|由|及|与|在|从|向|对|把|被|将|为|并|或|等)"
)


_DATE_LEAD = re.compile(
    r"^[〇○零一二三四五六七八九十\d]{0,4}年?[〇○零一二三四五六七八九十\d]{1,3}月[〇○零一二三四五六七八九十\d]{1,3}[日号]"
)


@lru_cache(maxsize=1)
def _word_tags() -> dict[str, str]:
    """jieba's dictionary part-of-speech tags (ns: a place name, nr: a person, nt: an organisation)."""
    import jieba.posseg

    _jieba()
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
    if cut is not None:
        start += cut
        while start < end and not re.match(rf"[{CJK}A-Za-z0-9]", text[start]):
            start += 1
    tags = _word_tags()
    inside = [(w, s) for w, s, e in toks if start <= s and e <= end]
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
    """A "name" whose words before the suffix are all verbs, adverbs and the like (打造大学城)."""
    tags = _word_tags()
    words = [w for w, s, e in toks if start <= s and e <= end - len(suffix) and w.strip()]
    return bool(words) and all(tags.get(w, "x")[:1] in ("v", "d", "p", "c", "u", "r") for w in words)


def find_units(text: str, *, with_platforms: bool = False) -> list[UnitSpan]:
    """Every unit named in a text, in order, with the credit code written beside it."""
    if not text or not _SUFFIX_RX.search(fold(text)):
        return []
    return [UnitSpan(**u.__dict__) for u in _find_units(text, with_platforms)]


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
    k = 0
    while k < len(ends):
        ti, _ = ends[k]
        # extend over suffixes that follow without a boundary (中国科学院 + 新疆理化技术研究所)
        last = k
        while last + 1 < len(ends):
            nti = ends[last + 1][0]
            between = folded[toks[ends[last][0]][2] : toks[nti][1]]
            if _BOUNDARY.search(between) or any(
                _is_stop(toks, j, suffix_ends) for j in range(ends[last][0] + 1, nti)
            ):
                break
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
        if ok and _only_function_words(folded, toks, start, end, suffix):
            ok = False
        if ok and re.search(r"称[为：:]?\s*[“\"‘']?$", folded[max(0, start - 5) : start]):
            ok = False  # a short name given to a unit named before it: （以下简称“工业大学”）
        if ok:
            spans.append(UnitSpan(name=name, start=start, end=end, kind=unit_kind(key_name)))
        floor = end
        k = last + 1
    _attach_codes(text, spans)
    return tuple(spans)


CODE_RX = re.compile(r"(?<![0-9A-Za-z])([0-9A-Za-z０-９Ａ-Ｚ]{18})(?![0-9A-Za-z])")
CODE_LIKE_RX = re.compile(r"(?<![0-9A-Za-z])([0-9A-Z０-９Ａ-Ｚ]{15,20})(?![0-9A-Za-z])")


def find_codes(text: str) -> list[tuple[str, int, int]]:
    """Credit codes (18 characters of the code's alphabet, one digit or more) in a text."""
    out = []
    for m in CODE_RX.finditer(text or ""):
        c = uscc.compact(m.group(1))
        if re.search(r"\d", c) and re.search(r"\d.*\d.*\d", c):
            out.append((c, m.start(1), m.end(1)))
    return out


def _attach_codes(text: str, spans: list[UnitSpan]) -> None:
    """Each code goes to the name it is written with: the name just before it (名称 代码,
    名称（统一社会信用代码：代码）) unless a sentence break or another code parts them; else the
    name just after it (代码 名称)."""
    codes = find_codes(text)
    if not codes or not spans:
        return
    for c, s, e in codes:
        before = [u for u in spans if u.end <= s]
        after = [u for u in spans if u.start >= e]
        u = None
        if before and before[-1].code is None:
            gap = text[before[-1].end : s]
            if (
                len(gap) <= 16
                and not re.search(r"[。；;\n]", gap)
                and not any(before[-1].end <= cs < s for _, cs, _ in codes if cs != s)
            ):
                u = before[-1]
        if u is None and after and after[0].code is None and len(text[e : after[0].start]) <= 4:
            u = after[0]
        if u is not None:
            u.code, u.code_span = c, (s, e)


# ---------------------------------------------------------------------------- kinds
def unit_kind(name: str, code: str | None = None) -> Kind:
    """enterprise / university / institute / other, from the name's suffix (a unit inside a
    university or academy takes the kind of its own suffix), then the code's category."""
    n = compact(fold(name))
    n = re.sub(r"[（(][^）)]*[)）]$", "", n)
    if re.search(r"有限(?:责任)?公司|股份|公司$|集团$|厂$|合作社$|企业$", n):
        return "enterprise"
    if re.search(r"(?:研究院|研究所|科学院|研究中心|科学研究院|设计院|实验室|试验站|检测所)$", n):
        return "institute"
    if re.search(r"(?:大学|学院|学校|高等专科学校)$", n):
        return "university"
    reg = uscc.registration_kind(code) if code else None
    if reg == "enterprise":
        return "enterprise"
    if _TRADE_WORD.search(n) and len(n) <= 10:  # a company's short name: brand + trade (瑞星科技)
        return "enterprise"
    return "other"


_TRADE_WORD = re.compile(
    r"(?:科技|电子|通讯|通信|电信|移动|联通|传媒|数码|无线|软件|网络|信息|药业|制药|实业|控股|"
    r"电气|能源|化工|材料|汽车|机械|电器|光电|智能|新材|生物|医药|钢铁|矿业|建设|建工)$"
)


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


# ---------------------------------------------------------------------------- lists
_CLAUSE_END = re.compile(r"[。；;！？!?\n]")
_ITEM_SEP = re.compile(r"[、]")
_LAST_JOIN = re.compile(r"(?:以及|和|及|与)")
# what leads a list in (the first item's left side): 成员单位包括 / 有 / 为 / ：
_LIST_CUE = re.compile(r".*(?:[：:]|包括|包含|有|为|由)")
# a framed list ends 等 … 单位 / 企业 / N家: what it enumerates are units
_FRAME_END = re.compile(r"等[^，,。；;]{0,10}?(?:单位|企业|机构|院所|高校|院校|成员|家)")
_LIST_TAIL = re.compile(r"(?:等|共同|联合|作为|为|是|（|\().*$")
# a clause that speaks of membership: a list framed by it names units, however short they are written
_MEMBER_WORDS = re.compile(r"成员|发起|组建|组成|创始|理事|会员|单位|企业|院所|高校|机构|共同|联合")
_NOT_A_NAME = re.compile(
    r"\d+(?:个|家|项|名|人|万|亿|%)|负责|承担|开展|进行|建设|推动|实现|提升|加强|组织|研发|合作"
)


def complete_list(text: str, spans: list[UnitSpan]) -> list[UnitSpan]:
    """The units of `spans`, with the other items of an enumeration most of whose items are
    units (甲有限公司、乙大学、北京电信、大唐电信等): a name written short, without the suffix
    that would make it a name on its own, is known by the list it stands in. At least three
    items: two of them units and half of them at least, or a list framed as members are
    (由/包括 … 等N家单位, in a clause that speaks of members, units, founding).

    >>> t = "成员有桂林星辰科技有限公司、广西大学、北京电信和大唐电信等单位。"
    >>> [u.name for u in complete_list(t, find_units(t))]
    ['桂林星辰科技有限公司', '广西大学', '北京电信', '大唐电信']
    >>> [u.name for u in complete_list("建设国家级平台3个、省级平台12个", [])]
    []
    """
    out = list(spans)
    start = 0
    for m in [*_CLAUSE_END.finditer(text), None]:
        end = m.start() if m else len(text)
        items = _items(text, start, end)
        start = end + 1
        if len(items) < 3:
            continue
        known = [any(s.start < b and s.end > a for s in spans) for a, b in items]
        a0, b0 = items[0]
        etc = text.find("等", items[-1][0], end)  # the list's 等, in its last item
        framed = (
            etc >= 0
            and _LIST_CUE.match(text[a0:b0]) is not None
            and _FRAME_END.match(fold(text[etc:end])) is not None
            and _MEMBER_WORDS.search(fold(text[max(0, a0 - 30) : end])) is not None
        )
        if not framed and (sum(known) < 2 or 2 * sum(known) < len(items)):
            continue
        for i, ((a, b), k) in enumerate(zip(items, known)):
            if k:
                continue
            piece = text[a:b]
            lead = 0
            if i == 0 and (c := _LIST_CUE.match(piece)):
                lead = c.end()
            tail = _LIST_TAIL.search(piece, lead) if i == len(items) - 1 else None
            s, e = a + lead, a + (tail.start() if tail else len(piece))
            name = compact(text[s:e]).strip("“”\"'《》,，.;；:：")
            if _plausible(name):
                out.append(UnitSpan(name=name, start=s, end=e, kind=unit_kind(name)))
    out.sort(key=lambda u: u.start)
    return out


def _items(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """An enumeration's items (offsets) in text[start:end]: split at 、, the last one
    split once more at 和 / 及 / 与."""
    cuts = [start] + [m.end() for m in _ITEM_SEP.finditer(text, start, end)]
    items = [(a, (cuts[i + 1] - 1) if i + 1 < len(cuts) else end) for i, a in enumerate(cuts)]
    etc = next((i for i, (a, b) in enumerate(items) if text.find("等", a, b) >= 0), None)
    if etc is not None:  # 甲、乙、丙等17家…、…: the list ends with its 等
        items = items[: etc + 1]
        items[-1] = (items[-1][0], end)
    if items:
        a, b = items[-1]
        etc = text.find("等", a, b)  # 甲、乙和丙等 … 高校及企业: the join before 等 only
        j = _LAST_JOIN.search(text, a, etc if etc >= 0 else b)
        if j and j.start() > a + 1:
            items[-1:] = [(a, j.start()), (j.end(), b)]
    return [(a, b) for a, b in items if b > a]


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
        and not re.search(r"(?:企业|单位|机构|院校|高校|院所|部门)$", n)
        and n not in STOP_TOKENS
    )
