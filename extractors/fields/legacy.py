"""Legacy 产业技术创新战略联盟 records (协议书, 章程, 申请书): the alliance, its lead unit, its
member list and, for an agreement, its signatories.

Real alliance texts list members every way: a table, one per line, in one sentence separated by
、 or ；, as prose (…等企业和…等高校院所), under 发起单位 / 理事单位 / 成员单位. Every unit named
in a member context is a member; the authorities named (科技厅, 人民政府) and platforms are not.
"""

from __future__ import annotations

import re

from extractors.fields.alliance import lead_in_text, name_candidates
from extractors.fields.clauses import signature_region
from extractors.fields.member_words import _STRUCK
from extractors.fields.members import (
    MEMBER_SECTION,
    MemberReport,
    member_tables,
    members_in_named_sections,
    members_in_text,
)
from extractors.fields.members import note_report as _note_report
from extractors.fields.signatories import listed_signers, signatories_in
from extractors.text import compact, sentence_around
from extractors.units import find_codes, find_units, fold, is_unit_name, unit_kind
from models.document import Paragraph, ReadDocument
from models.record import Member

# a sentence that names members: 由…等单位发起 / 成员单位包括 / …共同组建
MEMBER_CUE = re.compile(
    r"发起|成员|会员|理事|组成|组建而成|参加|加入|共同(?:组建|成立|签署|发起)|联合(?:组建|成立)|自愿|牵头|签约|各方|单位[：:]"
)


def extract_legacy(doc: ReadDocument, rec, keep_tiers: bool = False) -> None:
    report = MemberReport()
    members = member_tables(doc, report)
    named = members_in_named_sections(doc)
    seen = {compact(m.name) for m in members}

    def add(m: Member) -> None:
        """A member found once more: what the new mention says (its code, its lead tier) kept."""
        k = compact(m.name)
        if k not in seen:
            members.append(m)
            seen.add(k)
            return
        had = next(x for x in members if compact(x.name) == k)
        had.credit_code = had.credit_code or m.credit_code
        if m.tier == "lead" and had.tier == "unspecified":
            had.tier = "lead"

    for m in named:
        add(m)
    # units named in sentences that speak of membership, and in lists of names
    lines = [
        x
        for b in doc.blocks
        if isinstance(b, Paragraph) and b.prov.source not in ("header", "footer")
        for x in b.text.split("\n")
        if x.strip()
    ]
    for m in role_lists(lines):
        add(m)
    own = compact(fold(rec.consortium_name or ""))
    cue_lines = [
        _without_others_founders(x, own)
        for x in _sentences_over_lines(lines)
        if MEMBER_CUE.search(x) or _is_name_list(x)
    ]
    text = compact(doc.text)
    for m in members_in_text(cue_lines):
        if compact(m.name) in seen:
            add(m)
        elif _is_alliance(m.name):
            if _alliance_member(m.name, own, fold(text)):
                add(m)
        elif not only_in_passing(m.name, text):
            add(m)
    lead = next((m.name for m in members if m.tier == "lead"), None)
    if lead is None:
        lead = lead_in_text(doc.text) or _named_after(rec.consortium_name, members)
        lead = written_short(lead, members) if lead is not None else None
        if lead is not None and compact(lead) not in seen:
            members.append(Member(name=lead, tier="lead"))
            seen.add(compact(lead))
        for m in members:
            if lead is not None and compact(m.name) == compact(lead):
                m.tier = "lead"
    # a legacy list names the lead; everyone else's tier is unspecified
    for m in members:
        if m.tier != "lead" and not keep_tiers:
            m.tier = "unspecified"
        if m.kind is None:
            m.kind = unit_kind(m.name, m.credit_code)
    members = fuller_forms(members, text)
    leads = [m.name for m in members if m.tier == "lead"]  # co-leads (由甲、乙共同牵头) too
    if leads:
        rec.lead_units = leads
        members.sort(key=lambda m: m.tier != "lead")
    rec.members = members
    _note_report(rec, report)
    if re.search(r"协议", compact(doc.text)[:60]):
        pieces = [t for t, _ in signature_region(doc)]
        # a member whose name the recogniser leaves out as a platform's (…工程技术研究中心) signs too
        rec.signatories = listed_signers(signatories_in(pieces), [m.name for m in members], pieces)
    if not keep_tiers:
        rec.industry = None
        rec.filing_date = None


def written_short(name: str, members: list[Member]) -> str:
    """The member a name written short stands for: the one member whose name opens as it does
    and holds its characters in order (长沙矿冶院 → 长沙矿冶研究院有限责任公司, 中国宝武 →
    中国宝武钢铁集团有限公司); the name itself where none or several do.

    >>> written_short("长沙矿冶院", [Member(name="中南大学"), Member(name="长沙矿冶研究院有限责任公司")])
    '长沙矿冶研究院有限责任公司'
    >>> written_short("湖南大学", [Member(name="湖南大学"), Member(name="湖南大学出版社")])
    '湖南大学'
    """
    k = compact(name)

    def holds(full: str) -> bool:
        it = iter(full)
        return full != k and full.startswith(k[:2]) and all(ch in it for ch in k)

    if any(compact(m.name) == k for m in members):
        return name
    found = [m.name for m in members if holds(compact(m.name))]
    return found[0] if len(found) == 1 else name


# what a unit's full name adds to its name written short (山西振东制药 → 山西振东制药集团)
_ORG_TAIL = re.compile(r"(?:（?集团）?)?(?:股份有限公司|有限责任公司|有限公司|公司)?")


def fuller_forms(members: list[Member], text: str = "") -> list[Member]:
    """One member per unit where a text writes it short and in full (山西振东制药,
    山西振东制药集团): the fuller form kept, with what the short one carried (its code, the lead).
    A member named short whose full company name the text (compact) writes elsewhere, even in
    passing (上海浦东软件园 / 上海浦东软件园股份有限公司总经理张三), takes that name.

    >>> ms = fuller_forms([Member(name="山西振东制药", tier="lead"), Member(name="山西振东制药集团"), Member(name="山西中医学院")])
    >>> [(m.name, m.tier) for m in ms]
    [('山西振东制药集团', 'lead'), ('山西中医学院', 'unspecified')]
    >>> [m.name for m in fuller_forms([Member(name="上海浦东软件园")], "理事长单位的上海浦东软件园股份有限公司总经理张素龙")]
    ['上海浦东软件园股份有限公司']
    """
    for m in members:
        k = compact(m.name)
        if text and not re.search(r"公司|集团", k):
            written = set(
                re.findall(re.escape(k) + r"(?:（?集团）?)?(?:股份有限公司|有限责任公司|有限公司)", text)
            )
            if len(written) == 1 and not any(compact(x.name) in written for x in members):
                m.name = written.pop()
    out = list(members)
    for short in members:
        k = compact(short.name)
        full = [
            m
            for m in out
            if m is not short
            and compact(m.name).startswith(k)
            and len(compact(m.name)) > len(k)
            and _ORG_TAIL.fullmatch(compact(m.name)[len(k) :])
        ]
        if len(full) != 1 or short not in out:
            continue
        f = full[0]
        if short.credit_code and f.credit_code and short.credit_code != f.credit_code:
            continue  # two units after all
        f.credit_code = f.credit_code or short.credit_code
        if short.tier == "lead":
            f.tier = "lead"
        out.remove(short)
    return out


def _sentences_over_lines(lines: list[str]) -> list[str]:
    """Lines with a line that breaks off inside a list (…有限公司、 / …，) joined to the next one,
    so that a sentence's words about membership reach all of its list.

    >>> _sentences_over_lines(["由甲公司、乙公司、", "丙大学等联合组建。", "其他"])
    ['由甲公司、乙公司、丙大学等联合组建。', '其他']
    """
    out: list[str] = []
    for x in lines:
        if out and re.search(r"[、，,]\s*$", out[-1]):
            out[-1] = out[-1].rstrip() + x.strip()
        else:
            out.append(x)
    return out


# a person's post after the name of the unit the person works for (甲大学副校长张三)
_POST = re.compile(
    r"(?:党委|党组)?(?:副)?(?:董事长|总经理|总裁|校长|院长|所长|主任|局长|厅长|处长|书记|常委|秘书长|"
    r"会长|教授|研究员|院士|总工程师|经理|负责人|代表|(?:常务)?理事长(?!单位))"
)


# the body that approves an alliance (经甲批准 / 经甲（以下简称乙）同意): no member
_APPROVED = re.compile(r"(?:[（(][^（()）]{0,16}[)）])?[^，,。；;]{0,6}?(?:批准|同意|批复)")


def only_in_passing(name: str, text: str) -> bool:
    """Whether every mention of `name` in `text` (compact) names it in passing, not as a member:
    where a person works, the name followed by the person's post (西安交通大学党委常委、副校长柴渭
    … 等代表参加) or by a person and title (南京大学郑有炓院士), the body that approved the alliance
    (经中国科学院批准，乙公司发起), the parent of the unit meant (甲集团旗下乙公司), the source a news
    item credits (消息来源：甲公司), hosts and supporters (由甲主办，乙支持), a venue (在甲中心举行),
    the head of the alliance's own name (甲中心协同创新联盟) or a body the text describes (甲是经…批准).

    >>> only_in_passing("西安交通大学", "西安交通大学党委常委、副校长柴渭，乙公司董事长王五等代表参加")
    True
    >>> only_in_passing("中国科学院", "经中国科学院（以下简称中科院）批准，中国科学院控股有限公司发起")
    True
    >>> only_in_passing("西安交通大学", "成员单位：西安交通大学、乙公司。西安交通大学副校长柴渭出席")
    False
    >>> only_in_passing("中国科学院", "在中国科学院第二十次院士大会、中国工程院第十五次院士大会上")
    True
    >>> t = "由甲促进会主办，全国政协某委员会支持，乙联盟承办的论坛。甲促进会是经国务院批准成立的社团。"
    >>> only_in_passing("全国政协某委员会", t), only_in_passing("甲促进会", t)
    (True, True)
    >>> only_in_passing("北京国际会议中心", "甲联盟在北京国际会议中心举行了成立大会")
    True
    >>> only_in_passing("江苏省国民经济动员中心", "江苏省国民经济动员中心协同创新联盟成立")
    True
    >>> only_in_passing("南京大学", "科技部副部长曹健林、南京大学郑有炓院士、甲中心主任吴玲共同为联盟揭牌")
    True
    >>> only_in_passing("国实集团", "国实集团旗下青岛国实园区运营管理有限公司当选副理事长单位。（消息来源：国实集团）")
    True
    """
    key = compact(name)
    at = [m.end() for m in re.finditer(re.escape(key), text)]
    if at and all(text.startswith(("联合体", "联盟"), b) for b in at):
        return True  # only in the alliance's own name (江苏省智能制造学会联合体)
    longer = [(u.start, u.end) for u in find_units(text) if len(u.name) > len(key)]
    # the head of an alliance's name (江苏省国民经济动员中心协同创新联盟)
    own_names = [
        (m.start() + i, m.start() + i + len(c))
        for m in re.finditer(r"[^。；;，,：:！？!?]{1,80}", text)
        if key in m.group(0) and ("联盟" in m.group(0) or "联合体" in m.group(0))
        for c, i in name_candidates(m.group(0))
        if c.startswith(key) and len(c) > len(key) + 2
    ]
    spans = [
        (m.start(), m.end())
        for m in re.finditer(re.escape(key), text)
        if not any(a <= m.start() and m.end() <= b for a, b in longer)  # in another's name
    ]
    return bool(spans) and all(
        _POST.match(text, b)
        or _PERSON_AND_TITLE.match(text, b)
        or (text[a - 1 : a] == "经" and _APPROVED.match(text, b))
        or _EVENT.match(text, b)
        or _PARENT_OF.match(text, b)
        or _SOURCE_OF.search(text, max(0, a - 8), a)
        or _supporting(text, a, b)
        or (
            _VENUE_BEFORE.search(text, max(0, a - 2), a) is not None
            and _VENUE_AFTER.match(text, b) is not None
        )
        or any(s <= a and b <= e for s, e in own_names)
        or _DESCRIBED.match(text, b) is not None
        for a, b in spans
    )


# another body the text describes (乙促进会是经国务院批准…成立的): no member by that mention
_DESCRIBED = re.compile(r"(?:是|系)经")

# where an event is held (在北京国际会议中心举行了成立大会): a venue, no member
_VENUE_BEFORE = re.compile(r"(?:在|于)$")
_VENUE_AFTER = re.compile(r"(?:隆重|顺利|正式|盛大)?(?:举行|召开|举办|开幕|揭牌)")

# a person of the unit named with the person's title (南京大学郑有炓院士, 甲研究院王五研究员)
_PERSON_AND_TITLE = re.compile(
    r"[\u4e00-\u9fff]{2,3}(?:院士|教授|研究员|博士|先生|女士|同志)(?![\u4e00-\u9fff])"
)


# a unit named as the parent of the one meant (国实集团旗下乙公司当选副理事长单位), and the
# source a news item credits (（消息来源：甲公司）): no member by that mention
_PARENT_OF = re.compile(r"(?:旗下|下属|所属)(?!单位)")
_SOURCE_OF = re.compile(r"(?:消息来源|来源|稿源|供稿|出处|转载自|作者单位)[：:]?[“\"]?$")


# a list of bodies said to support, guide or host the alliance: 由甲厅、乙协会全力支持 / 在甲的指导下
_SUPPORT_AFTER = re.compile(
    r"(?:[、和及与][^，,。；;]{0,40}?)?(?:等[^，,。；;]{0,8}?)?的?(?:全力|大力|共同)?"
    r"(?:支持|指导|见证|主管|(?P<host>主办|承办|协办))"
)
_SUPPORT_BEFORE = re.compile(
    r"(?:由|在|经)(?:[^，,。；;由在经]{0,40}?[、和及与])?$"
    r"|(?:主办|承办|协办|支持|指导)[，,](?:[^，,。；;]{0,40}?[、和及与])?$"  # 由甲主办，乙支持，丙承办
)


def _supporting(text: str, a: int, b: int) -> bool:
    """Whether the name at text[a:b] stands in a list of bodies that support, guide or host.

    >>> t = "由浙江省科技厅、中国电池工业协会全力支持，天能集团、浙江省蓄电池行业协会联合发起"
    >>> _supporting(t, t.find("中国电池工业协会"), t.find("中国电池工业协会") + 8)
    True
    >>> _supporting(t, t.find("浙江省蓄电池行业协会"), t.find("浙江省蓄电池行业协会") + 10)
    False
    >>> t = "由甲集团主办，乙研究院及丙实验室承办的联盟成立大会"
    >>> _supporting(t, t.find("乙研究院"), t.find("乙研究院") + 4)
    True
    """
    said = _SUPPORT_AFTER.match(text, b)
    if said is None:
        return False
    # hosts are hosts however the clause opens (甲主办，乙及丙承办的成立大会); support is said of
    # a list opened by 由 / 在 / 经 (a member's own 支持 is another matter)
    return said.group("host") is not None or bool(_SUPPORT_BEFORE.search(text, max(0, a - 60), a))


# an event the body holds, named after it (中国科学院第二十次院士大会): the body is no member
_EVENT = re.compile(r"第[一二三四五六七八九十百\d]+[次届][^，,。；;、]{0,12}?(?:大会|会议|年会|论坛)")


# a heading naming the units of one role, over one name a line (理事长单位 / 副理事长单位 / 成员单位)
ROLE_HEADING = re.compile(
    r"^(?:联盟|联合体)?(?:(?:执行|常务|副)?理事长|(?:常务)?理事|(?:副)?秘书长|(?:副)?主任|监事长?|成员|会员|发起|"
    r"共建|参建|组成)单位(?:名单|名录)?[：:]?$|^(?:联盟|联合体)?成员(?:名单|名录)[：:]?$"
)
# headings of units that are not members: the authorities and the event's organisers
OTHER_ROLE_HEADING = re.compile(r"^(?:指导|主管|支持|主办|承办|协办|业务指导|挂靠|依托)单位[：:]?$")
_LEAD_ROLE = re.compile(r"^(?:联盟|联合体)?(?:理事长|牵头)单位")
_NOT_A_NAME = re.compile(
    r"[。，,；;：:！？!?、]|^第[一二三四五六七八九十百\d]+[章条节]|^[一二三四五六七八九十]+、"
)


_ITEM_NUMBER = re.compile(r"^\s*(?:[（(]?[0-9０-９]{1,3}[)）.．、]|[（(][一二三四五六七八九十]{1,3}[)）])\s*")
# a unit's role noted after its name: 甲公司（理事长单位）
_OWN_ROLE = re.compile(
    r"[（(]((?:执行|常务|副)?理事长单位|(?:常务)?理事单位|成员单位|会员单位|发起单位|牵头单位|秘书长单位)[)）]$"
)


def role_lists(lines: list[str]) -> list[Member]:
    """Units listed one a line under a heading that names their role (副理事长单位, 成员单位),
    with or without a suffix (瑞星科技, 金银岛); the list ends at the first line that is not a
    short name. Units under 指导单位 / 主办单位 are not members; 理事长单位 is the lead.

    >>> [(m.name, m.tier) for m in role_lists(["指导单位", "中关村科技园区管委会", "理事长单位",
    ...     "中国电信北京市电信有限公司", "副理事长单位", "瑞星科技", "梧州某某集团股份有限公司（要删除）",
    ...     "金银岛", "第一章总则"])]
    [('中国电信北京市电信有限公司', 'lead'), ('瑞星科技', 'unspecified'), ('金银岛', 'unspecified')]
    """
    out: list[Member] = []
    role: str | None = None
    for raw in lines:
        line = compact(raw)
        if not line:
            continue
        if ROLE_HEADING.match(line):
            role = line
            continue
        if OTHER_ROLE_HEADING.match(line):
            role = None
            continue
        if role is None:
            continue
        if len(line) > 25 or len(line) < 2 or _NOT_A_NAME.search(line):
            role = None
            continue
        if _STRUCK.search(line):
            continue  # a drafting note striking the name out: 梧州某某集团股份有限公司（要删除）
        line = _ITEM_NUMBER.sub("", line)  # 1．甲公司（理事长单位）
        own = _OWN_ROLE.search(line)
        if own:
            line = line[: own.start()]
        units = find_units(line)
        name = units[0].name if len(units) == 1 and len(units[0].name) >= len(line) - 6 else line
        name = re.sub(r"[（(][A-Za-z0-9 ]+[)）]$", "", name)  # a brand alias: 世纪乐知(CSDN)
        said = own.group(1) if own else role
        tier = "lead" if _LEAD_ROLE.match(said) and not said.startswith(("执行", "副")) else "unspecified"
        out.append(Member(name=name, tier=tier, kind=unit_kind(name)))  # type: ignore[arg-type]
    return out


def _is_name_list(line: str) -> bool:
    """Whether a line is names and little else (its numbering, codes and role notes aside)."""
    us = find_units(line)
    if not us:
        return False
    covered = sum(len(u.name) for u in us)
    rest = line
    for _, a, b in find_codes(line):
        rest = rest[:a] + " " * (b - a) + rest[b:]
    rest = _OWN_ROLE.sub("", _ITEM_NUMBER.sub("", compact(rest)))
    return covered >= 0.6 * len(rest)


# another body's founding told in passing: 乙促进会是经国务院批准，由甲部、丙院等共同发起成立的
_FOUNDED_BODY = re.compile(
    r"(?P<body>[^，,。；;：:]{4,40}?)(?:是|系)[^。；;]{0,40}?由(?P<list>[^。；;]{4,300}?)"
    r"(?:(?:共同|联合)?(?:发起|组建|成立)|(?:共同|联合)\s*$)"
)


def _without_others_founders(line: str, own: str) -> str:
    """A line without the founders of another body it describes (乙促进会是经国务院批准，由甲部、
    丙院等相关部门共同发起成立的…): they founded that body, not the text's alliance.

    >>> _without_others_founders("中国产学研合作促进会是经国务院批准，由国家发改委、教育部、中国科学院等共同发起成立的全国性社团。", "中国校企协同创新联盟")
    '中国产学研合作促进会是经国务院批准，成立的全国性社团。'
    >>> _without_others_founders("中国校企协同创新联盟是由清华大学、北京大学共同发起成立的。", "")
    '中国校企协同创新联盟是由清华大学、北京大学共同发起成立的。'
    """
    out = line
    for m in reversed(list(_FOUNDED_BODY.finditer(fold(line)))):
        body = compact(m.group("body"))
        body = re.sub(r"^.*[的了在]", "", body)
        units = find_units(body, with_platforms=True)
        if not units or units[-1].end != len(body):
            continue  # no body named before 是 (该联盟是由…)
        name = units[-1].name
        if re.search(r"联盟|联合体", name) or (own and (name in own or own in name)):
            continue  # an alliance's founders are told of the text's own, under any of its names
        out = out[: m.start("list") - 1] + out[m.end() :]
    return out


def _named_after(consortium: str | None, members: list[Member]) -> str | None:
    """The member enterprise a consortium is named after (东方电气集团创新联合体: 东方电气集团),
    as consortia commonly take their lead's name.

    >>> _named_after("东方电气集团创新联合体", [Member(name="东方电气集团"), Member(name="四川大学")])
    '东方电气集团'
    >>> _named_after("四川大学创新联合体", [Member(name="四川大学")]) is None  # a university leads none
    True
    >>> _named_after("攀西钒钛集团创新联合体", [])
    '攀西钒钛集团'

    """
    name = compact(fold(consortium or ""))
    for m in members:
        k = compact(fold(m.name))
        if k and name.startswith(k) and re.fullmatch(r"(?:创新)?联合体", name[len(k) :]):
            if unit_kind(m.name) == "enterprise":
                return m.name
    # …or named in the consortium's name only (攀西钒钛集团创新联合体成立大会召开)
    named = re.fullmatch(r"(.{4,40}?)(?:创新)?联合体", name)
    if named and is_unit_name(named.group(1)) and unit_kind(named.group(1)) == "enterprise":
        return compact(consortium or "")[: len(named.group(1))]  # as written (folding keeps lengths)
    return None


# words that make a list one of members or founders: 成员单位包括… / …携手乙联盟…联合发起成立
_MEMBERS_LISTED = re.compile(
    r"(?:成员|会员)(?:单位)?(?:主要)?(?:包括|包含|有|为|是)?[：:]|(?:成员|会员)(?:单位)?(?:主要)?(?:包括|包含)|携手"
)
_FOUNDERS_AFTER = re.compile(r"(?:联合|共同|携手)(?:倡议)?发起|发起(?:成立|组建)|(?:成员|会员|发起)单位")


def _alliance_member(name: str, own: str, text: str) -> bool:
    """Whether another alliance is a member: the text lists it among members or founders
    (成员单位包括：甲联盟、乙联盟… / 甲公司携手乙联盟、丙研究所联合发起成立). The text's own
    alliance, and alliances named only beside it (甲联盟、乙联盟等27个联盟获准组建), are not.

    >>> t = "该联盟成员单位包括：国家名优中成药产业技术创新战略联盟、广州药用脂质产学研协同创新联盟等单位。"
    >>> _alliance_member("广州药用脂质产学研协同创新联盟", "生物医药转化联盟", t)
    True
    >>> _alliance_member("河南省机器人产业技术创新战略联盟", "河南省纺织服装产业技术创新战略联盟",
    ...     "此次全省共有河南省机器人产业技术创新战略联盟等27个联盟获准组建")
    False
    """
    key = compact(name)
    if not key or (own and (key in own or own in key)):
        return False
    for m in re.finditer(re.escape(key), text):
        start, stop = sentence_around(text, m.start(), m.end())
        if _MEMBERS_LISTED.search(text, start, m.start()) or _FOUNDERS_AFTER.search(text, m.end(), stop):
            return True
    return False


def _is_alliance(name: str) -> bool:
    """An alliance's name (its own, or another alliance's): a member only where a list or a role
    says so. An association (协会) is a body like others: a member where it is named as one, not
    where it supports or hosts (only_in_passing)."""
    return bool(re.search(r"联盟|联合体", name)) and not MEMBER_SECTION.search(name)
