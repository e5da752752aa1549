"""The name of the consortium or alliance a text is about, and its lead unit, where no form
labels them: news items, charters and notices name it in running text ("…等单位共同发起的
“XX产业技术创新战略联盟”在昆明成立", "据XX联盟秘书长介绍").

Every phrase ending in 联合体 / 联盟 is a candidate; the words that introduce it (成立, 由, 的,
暨, 首批, dates, pronouns …) are cut off with jieba's segmentation, so that 在线 or 与 inside a
name are kept. Candidates are scored: each mention counts; a quoted mention, one after 名称为 /
中文名, the title, and a sentence that names its lead or members (牵头, 发起, 汇聚 …) count
more; a shorter form that ends a longer one (红茶…联盟 in 云南省红茶…联盟) lends its mentions
to the longer; a bare region + 创新联合体 (长三角创新联合体, the programme) is chosen only when
nothing else is named.

>>> alliance_name("云南成立红茶产业技术创新战略联盟\\n据云南省红茶产业技术创新战略联盟秘书长介绍，该联盟由云南滇红集团股份有限公司发起")
'云南省红茶产业技术创新战略联盟'
>>> alliance_name("2016中国石墨烯产业发展论坛暨中关村石墨烯产业联盟成立大会在北京举行")
'中关村石墨烯产业联盟'
>>> alliance_name("近日，长三角创新联合体开始认定。首批长三角创新联合体成立。长三角语言计算创新联合体由思必驰科技股份有限公司牵头")
'长三角语言计算创新联合体'
>>> lead_in_text("该联盟由云南滇红集团股份有限公司发起，以中国农业科学院茶叶研究所为技术依托")
'云南滇红集团股份有限公司'
>>> lead_in_text("由江南石墨烯研究院、常州二维碳素科技有限公司等单位共同发起") is None
True
>>> lead_in_text("1\\t曲靖翔汇普洱茶有限公司\\t91530300MA8T51DK4G\\t理事长单位\\n2\\t红河学院\\t理事单位")
'曲靖翔汇普洱茶有限公司'
"""

from __future__ import annotations

import re
from collections import defaultdict

from extractors.text import compact
from extractors.units import find_units, jieba_tokenizer

_SUFFIX = re.compile(r"(?:联合体|联盟)")
_NAME_CHAR = re.compile(r"[\u4e00-\u9fffA-Za-z0-9（）()·\-\u00c0-\u024f]")
# words that introduce a name rather than belong to it
_INTRO_WORDS = set(
    """
    成立 组建 发起 启动 揭牌 批复 加入 倡导 推动 召开 举行 签订 签署
    打造 宣布 获批 认定 成为 首批 首个 首家 第一个 第一家 一批 一家
    全国首个 国内 正式 近日 日前 今天 今日 昨日 说 表示 指出 介绍 是 为
    共同 暨 等 作为 参与 携手 以及 牵头 大会 会议 仪式 即 叫 称 名为
    定名 简称 全称 建设 继续 培育 支持 依托 围绕 通过 组织 构建 搭建
    形成 建立 筹建 新建 组成 获得 入选 列入 授牌 积极 进一步 经 章程
    协议 协议书 本章程 本协议 负责 审议 担任 出任 当选 当选为 担当
    设立 单位 成员 各方 成员单位 参加 退出 申请 对 向
    """.split()
)
_ONE_CHAR_ADVERBS = set("将已还也都再就才又均皆亦曾正并而但")
_KEEP = {"与", "和", "同", "及", "跟"}  # conjunctions inside names (重庆与中欧班列…联盟)
_INTRO_POS = ("p", "u", "r", "d", "c")  # prepositions, particles, pronouns, adverbs, conjunctions
_COUNT = re.compile(
    r"^(?:第[一二三四五六七八九十百\d]+[条章节款]?|\d{4}|\d*[年月日号届家个批项]|[一二三四五六七八九十百千两几数多]+[家个批项届])+$"
)
_GENERIC_TAIL = re.compile(r"(?:科技|产业)?(?:技术)?(?:协同)?创新(?:战略)?(?:联合体|联盟)$|(?:联合体|联盟)$")
_REGION = re.compile(
    r"^(?:自治区|全国|国家|省|市|区|地方|区域|[\u4e00-\u9fff]{1,3}[省市区]|(?:国家|省|市|区|自治区|县)级)$"
)
_LEAD_CUE = re.compile(r"牵头|发起|汇聚|联合了|成员单位|理事长单位|由.{2,60}组成")
_LABEL = re.compile(r"(?:名称|中文名称?|中文)[为是：:]?$")
_PLACE_LEVEL = re.compile(r"^([\u4e00-\u9fff]{2,3}?)(?:省|市|自治区)")
_QUOTE_OPEN = "“「『《\"'"


def name_candidates(line: str) -> list[tuple[str, int]]:
    """(candidate, start offset) for every phrase of the line ending in 联合体/联盟."""
    out: list[tuple[str, int]] = []
    for m in _SUFFIX.finditer(line):
        end = m.end()
        start = m.start()
        while start > 0 and m.start() - start < 40 and _NAME_CHAR.match(line[start - 1]):
            start -= 1
        run = line[start:end]
        if len(run) < 5:
            continue
        cut = _cut_intro(run)
        name = run[cut:]
        if len(name) >= 5:
            out.append((name, start + cut))
    return out


def _cut_intro(run: str) -> int:
    """Offset in run after the last word that introduces the name."""
    import jieba.posseg as pseg

    jieba_tokenizer()
    pos = 0
    cut = 0
    suffix_at = len(run) - (3 if run.endswith("联合体") else 2)
    for w in pseg.cut(run):
        word, flag = w.word, w.flag
        end = pos + len(word)
        if end > suffix_at:
            break
        intro = (
            word in _INTRO_WORDS
            or bool(_COUNT.match(word))
            or (
                flag.startswith(_INTRO_POS)
                and word not in _KEEP
                and not re.search(r"[A-Za-z]", word)
                and (flag[0] in "pur" or len(word) >= 2 or word in _ONE_CHAR_ADVERBS)
            )
        )
        if intro:
            cut = end
        pos = end
    return cut


def _generic(name: str) -> bool:
    """A bare region and the programme's generic name: 长三角创新联合体, 自治区创新联合体."""
    import jieba.posseg as pseg

    jieba_tokenizer()
    head = _GENERIC_TAIL.sub("", name)
    if not head:
        return True
    words = list(pseg.cut(head))
    return len(head) <= 3 and all(
        (w.flag == "ns" and len(w.word) >= 2) or _REGION.match(w.word) for w in words
    )


def alliance_name(text: str) -> str | None:
    """The consortium or alliance the text is about (see the module's doc)."""
    score: dict[str, float] = defaultdict(float)
    first: dict[str, int] = {}
    lines = [compact(x) for x in re.split(r"[\n\t]", text)]  # lines and table cells
    lines = [x for x in lines if x]
    k = 0
    for li, line in enumerate(lines):
        sentences = re.split(r"(?<=[。！？；])", line)
        for sent in sentences:
            lead_cue = bool(_LEAD_CUE.search(sent))
            for name, at in name_candidates(sent):
                s = 1.0
                if at > 0 and sent[at - 1] in _QUOTE_OPEN:
                    s += 2
                if _LABEL.search(sent[max(0, at - 6) : at]):
                    s += 2
                if lead_cue:
                    s += 2
                if li < 3:  # the title (after an 附件 line or a number)
                    s += 2
                score[name] += s
                first.setdefault(name, k)
                k += 1
    if not score:
        return None
    # 江苏石墨烯…联盟 and 江苏省石墨烯…联盟 are one name; the fuller form stands
    merged: dict[str, float] = defaultdict(float)
    full: dict[str, str] = {}
    for n, v in score.items():
        key = _PLACE_LEVEL.sub(r"\1", n)
        merged[key] += v
        if key not in full or len(n) > len(full[key]):
            full[key] = n
    score = defaultdict(float, {full[k]: v for k, v in merged.items()})
    first = {full[_PLACE_LEVEL.sub(r"\1", n)]: i for n, i in sorted(first.items(), key=lambda x: -x[1])}
    names = list(score)
    total = dict(score)
    generic = {a for a in names if _generic(a)}
    for a in names:
        for b in names:
            if a != b and a not in generic and b.endswith(a) and len(b) - len(a) <= 8:
                total[b] += score[a]
    best = max(names, key=lambda n: (n not in generic, total[n], len(n), -first[n]))
    return best


_LEAD_HEADING = re.compile(r"^(?:联盟|联合体)?(?:牵头单位|理事长单位|盟主单位)[：:]?$")
_LEAD_RX = re.compile(
    r"由(?P<a>[^。；，,]{2,60}?)(?:牵头|发起)"
    r"|(?<![副执常])(?:牵头单位|理事长单位|盟主单位)[)）]?(?:为|是|：|:)(?P<b>[^。；，,]{2,60})"
    r"|(?P<c>[^。；，,]{2,60}?)(?:为|是|担任|当选为|当选)(?:[^。；，,、]{0,30}?(?:联盟|联合体|理事会|届))?(?:牵头单位|理事长单位)"
    r"|(?<![副执常])(?:牵头单位|理事长单位)由(?P<d>[^。；，,]{2,60}?)担任"
    r"|(?<![副执常])(?:牵头单位|理事长单位)(?P<e>[^。；，,为是由：:的和及与、]{4,40})"
    r"|(?P<f>[^。；，,]{2,60}?)[，,]?携手[^。；]{2,200}?(?:联合|共同)?发起"
    r"|由(?P<h>[^。；，,、]{2,60}?)(?:携手|会同)[^。；]{2,200}?(?:联合|共同)?(?:成立|组建)"
    r"|(?P<i>[^。；，,、由]{2,60}?)联合(?!成立|发起|组建|创建|主办|举办)[^。；]{2,200}?(?:共同|联合)?(?:成立|组建|发起)"
    r"[^。；]{0,40}?(?:联盟|联合体)"
)
# 甲公司发起设立的乙联盟 / 甲大学牵头组建“乙联盟”: one unit, opening its clause, founds it
_FOUNDED_BY_ONE = re.compile(
    r"(?<![^。；，,！？!?\s“”\"])(?P<g>[^。；，,、：:“”\"]{2,60}?)(?:牵头|发起)(?:设立|成立|组建|创建|筹建)"
)
# a news item's dateline before the unit (新华社上海11月18日电（记者李荣）甲公司发起…)
_DATELINE = re.compile(r"(?:电|讯)(?:[（(][^（()）]*[)）])?$")
_TAKES_ON = re.compile(r"担任|当选")
# 大会选举甲为联盟理事长单位: the one elected
_ELECTED = re.compile(r"(?:选举|推选|推举|选出)(?:产生)?")
# 由甲联合乙、丙发起: the one before 联合 leads
_JOINED_BY = re.compile(r"联合|携手|会同")


def _short_lead(span: str) -> bool:
    """A unit written short, alone between 由 and 发起/牵头: a few characters of a name, no
    figure, verb or kind of body (由科大讯飞发起 / 由龙头企业牵头).

    >>> _short_lead("科大讯飞"), _short_lead("龙头企业"), _short_lead("政府部门共同"), _short_lead("科技部")
    (True, False, False, False)
    >>> _short_lead("长沙矿冶院"), _short_lead("此次参与"), _short_lead("现在公司作")
    (True, False, False)
    """
    import jieba.posseg as pseg

    from extractors.unit_lists import _plausible

    jieba_tokenizer()
    first = next(iter(pseg.cut(span)), None)
    return (
        re.fullmatch(r"[\u4e00-\u9fff]{3,8}", span) is not None
        and _plausible(span)
        # a name opens with its own word, not a pronoun, adverb or time (此次参与, 现在公司作)
        and first is not None
        and first.flag[:1] not in ("v", "d", "p", "c", "u", "r", "t", "m", "q", "f")
        and not re.search(
            r"共同|联合|部门|企业|单位|政府|专家|院士|教授|学者|人士|个人|部$|委$|局$|厅$", span
        )
    )


def lead_in_text(text: str) -> str | None:
    """The one unit the text says leads (由X牵头/发起, 理事长单位为X, a heading 理事长单位 over one
    name, the one the others join: X联合Y、Z…共同成立…联盟); None when a list of units founds it
    together.

    >>> lead_in_text("日前，中国农业大学联合西北农林科技大学、中国农业科学院等42家单位，共同成立国家农业科技智库联盟")
    '中国农业大学'
    >>> lead_in_text("甲公司联合乙大学成立联合实验室。") is None
    True
    """
    for raw in text.split("\n"):
        cells = [compact(c) for c in raw.split("\t")]
        if len(cells) >= 2 and any(_LEAD_HEADING.match(c) for c in cells):
            units = [u for c in cells for u in find_units(c)]
            if len(units) == 1:  # a table row: 1 | 甲公司 | 9153… | 理事长单位
                return units[0].name
    lines = [compact(x) for x in text.split("\n")]
    lines = [x for x in lines if x]
    for i, line in enumerate(lines):
        if _LEAD_HEADING.match(line) and i + 1 < len(lines):
            units = find_units(lines[i + 1])
            if len(units) == 1 and len(units[0].name) >= len(lines[i + 1]) - 2:
                return units[0].name
        for m in _LEAD_RX.finditer(line):
            span = (
                m.group("a")
                or m.group("b")
                or m.group("c")
                or m.group("d")
                or m.group("e")
                or m.group("f")
                or m.group("h")
                or m.group("i")
                or ""
            )
            joined = _JOINED_BY.search(span) if m.group("a") else None
            if joined and joined.start() >= 2 and joined.end() < len(span) - 1:
                span = span[: joined.start()]  # 由甲联合乙、丙发起: 甲
            if m.group("i") is not None and re.search(r"[和与及等]", span):
                continue  # 甲和乙联合丙…: no one unit the others join
            if m.group("f") is not None or m.group("h") is not None or m.group("i") is not None:
                # 甲公司，携手乙中心、丙研究所…联合发起成立: the one the others join, ending the clause
                units = find_units(span)
                if units and units[-1].end == len(span):
                    return units[-1].name
                continue
            if m.group("e") is not None:
                # 联盟理事长单位天能集团的锂电池生产车间: a unit's name right after its role
                first = find_units(span)
                if first and first[0].start == 0:
                    return first[0].name
                continue
            if "等" in span or "、" in span:
                continue
            units = find_units(span)
            if not units and m.group("b") is not None:
                # 理事长单位：甲研究所湖州创新中心: a platform-like name standing whole as the lead
                units = [u for u in find_units(span, with_platforms=True) if u.end - u.start >= len(span) - 1]
            if not units and m.group("a") is not None and _short_lead(span):
                return span  # 由科大讯飞发起成立: a unit known by its short name
            elected = _ELECTED.search(span) if m.group("c") is not None else None
            if not units and elected and _short_lead(span[elected.end() :]):
                return span[elected.end() :]  # 大会选举沈阳新松为联盟理事长单位
            if not units and m.group("c") is not None and _TAKES_ON.search(m.group(0)) and _short_lead(span):
                return span  # 长沙矿冶院担任联盟第一届理事会理事长单位
            if len(units) != 1:
                continue
            u = units[0]
            # the unit is the span, or ends it after a description (位于…的X)
            rest = span[: u.start] if m.group("b") is None else span[u.end :]
            if m.group("b") is None and span[u.end :].strip():
                continue
            if not rest or (m.group("b") is None and rest.endswith("的")) or len(rest) <= 2:
                return u.name
    # a unit that founds it alone, where no sentence names a lead outright (理事长单位由乙担任)
    return next((one for line in lines if (one := _founded_by_one(line))), None)


def _founded_by_one(line: str) -> str | None:
    """The one unit that, opening its clause, founds the alliance (甲公司发起设立的乙联盟, 甲大学
    牵头组建“乙联盟”), by its full name or a short one (中国宝武发起设立…).

    >>> _founded_by_one("新华社上海11月18日电（记者李荣）中国宝武钢铁集团有限公司发起设立的全球低碳冶金创新联盟18日成立")
    '中国宝武钢铁集团有限公司'
    >>> _founded_by_one("中国宝武发起设立全球低碳冶金创新联盟"), _founded_by_one("甲公司、乙大学等发起成立丙联盟")
    ('中国宝武', None)
    """
    for m in _FOUNDED_BY_ONE.finditer(line):
        span = m.group("g")
        if "等" in span or "、" in span or "由" in span:
            continue
        units = find_units(span)
        if not units:
            if _short_lead(span):
                return span
            continue
        u = units[-1]
        rest = span[: u.start]
        if span[u.end :].strip() or len(units) > 1:
            continue
        if not rest or rest.endswith("的") or _DATELINE.search(rest):
            return u.name
    return None
