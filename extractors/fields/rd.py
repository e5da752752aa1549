"""The lead unit's R&D figures as officials write them (plans and narrative sections).

spaCy runs as `spacy.blank("zh")` with the jieba segmenter (no model downloads; jieba's cache
in a writable project folder; never `enable_paddle()`). Token Matchers find the concepts
(主营业务收入, 专职研发人员, 研发投入, 研发投入强度, 自筹) and the amounts (number + unit) in
each sentence; values are read with extractors.numbers (cn2an, Decimal).
"""

from __future__ import annotations

import logging
import re
import threading
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import settings
from extractors.numbers import NUM, money, percent, ratio, to_decimal, to_int

_NLP: Any = None
_MATCHER: Any = None
_LOCK = threading.Lock()
MONEY_UNITS = ["亿元", "千万元", "百万元", "万元", "千元", "元", "亿", "万"]


def cache_dir() -> Path:
    d = settings.cache_dir()
    try:
        d.mkdir(parents=True, exist_ok=True)
        return d
    except OSError:
        import tempfile

        return Path(tempfile.gettempdir())


def nlp_and_matcher() -> tuple[Any, Any]:
    global _NLP, _MATCHER
    with _LOCK:
        if _NLP is None:
            import jieba

            jieba.setLogLevel(logging.ERROR)
            jieba.dt.tmp_dir = str(cache_dir())
            import spacy
            from spacy.matcher import Matcher

            nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
            m = Matcher(nlp.vocab)
            num = {"LIKE_NUM": True}
            m.add(
                "MONEY",
                [[num, {"TEXT": {"IN": MONEY_UNITS}}], [{"TEXT": {"REGEX": r"^[0-9.]+(?:亿元|万元|元)$"}}]],
            )
            m.add(
                "PEOPLE",
                [[num, {"TEXT": {"IN": ["人", "名", "余人", "多人"]}}], [{"TEXT": {"REGEX": r"^\d+人$"}}]],
            )
            m.add(
                "REVENUE",
                [
                    [{"TEXT": {"REGEX": r"^(?:主营业务|营业|销售)?收入$"}}],
                    [{"TEXT": {"IN": ["主营业务", "营业", "销售", "主营"]}}, {"TEXT": {"REGEX": "^收入"}}],
                    [{"TEXT": {"IN": ["营收", "销售额", "营业额"]}}],
                ],
            )
            m.add(
                "RD_STAFF",
                [
                    [{"TEXT": {"REGEX": "研发|科研|技术研发"}}, {"TEXT": {"REGEX": "^人员"}}],
                    [{"TEXT": {"REGEX": r"^(?:专职)?研发人员$"}}],
                ],
            )
            m.add(
                "RD_EXPENSE",
                [
                    [{"TEXT": {"REGEX": "^(?:研发|科研)$"}}, {"TEXT": {"REGEX": "^(?:投入|经费|费用|支出)"}}],
                    [{"TEXT": {"REGEX": r"^研发(?:投入|经费|费用|支出)$"}}],
                    [{"TEXT": {"REGEX": "研究开发|研究与开发"}}, {"TEXT": {"REGEX": "费用|经费|投入"}}],
                    [{"TEXT": {"REGEX": "^研究开发费用$"}}],
                ],
            )
            m.add("INTENSITY", [[{"TEXT": "强度"}], [{"TEXT": {"REGEX": "^占"}}]])
            m.add("SELF_FUND", [[{"TEXT": {"REGEX": "^自筹"}}]])
            _NLP, _MATCHER = nlp, m
    return _NLP, _MATCHER


@dataclass
class Hit:
    label: str
    start: int  # char offsets in the sentence
    end: int
    text: str


CONCEPTS: list[tuple[str, re.Pattern[str]]] = [
    ("REVENUE", re.compile(r"(?:主营业务|营业|销售|经营)(?:总)?收入|营收|销售额|营业额|主营收入")),
    (
        "RD_STAFF",
        re.compile(
            r"(?:专职|全职)?(?:研发|科研|研究开发|技术研发|研究与开发)(?:人员|队伍|团队)(?:总数|数量)?"
        ),
    ),
    (
        "RD_EXPENSE",
        re.compile(
            r"(?:研发|科研|研究开发|研究与开发|R&D)(?:经费)?(?:投入|经费|费用|支出)(?:总额|金额)?(?:支出)?"
        ),
    ),
    ("INTENSITY", re.compile(r"强度|占(?=.{0,16}(?:收入|销售))")),
    ("SELF_FUND", re.compile(r"自筹")),
]


def _hits(sentence: str) -> list[Hit]:
    """The concepts a sentence names, by position (longest first where two overlap)."""
    out = [
        Hit(label, m.start(), m.end(), m.group(0)) for label, rx in CONCEPTS for m in rx.finditer(sentence)
    ]
    out.sort(key=lambda h: (h.start, -(h.end - h.start)))
    kept: list[Hit] = []
    for h in out:
        if kept and h.start < kept[-1].end:
            continue
        kept.append(h)
    return kept


def _money_of(h: Hit) -> Decimal | None:
    m = re.match(r"^(.+?)\s*(亿元|千万元|百万元|万元|千元|元|亿|万)$", h.text.replace(" ", ""))
    if not m:
        return None
    return money(m.group(1), m.group(2))


# what may stand between two amounts of one series: 、 / ， / 和, a year, 为 / 是 / ：
SERIES_GAP = re.compile(r"\s*[、，,和及与；;]?\s*(?:(?:19|20)\d{2}\s*年(?:度)?)?\s*(?:为|是|[:：])?\s*")
# the dash between two years as OCR may read it too (2021一2023年: a dash read as 一)
YEAR_RANGE = re.compile(r"((?:19|20)\d{2})\s*(?:年)?\s*[—\-–~～至到一－]\s*((?:19|20)\d{2})\s*年")
YEAR = re.compile(r"((?:19|20)\d{2})\s*年")


def _years_for(sentence: str, before: int, n: int) -> list[int | None]:
    """The years a series of n amounts belongs to: a range (2022—2024年), a list of years, or
    a year before each amount; unknown years stay None."""
    head = sentence[:before]
    ranges = list(YEAR_RANGE.finditer(head))
    m = ranges[-1] if ranges else None
    if m:
        a, b = int(m.group(1)), int(m.group(2))
        if b - a + 1 == n:
            return [*range(a, b + 1)]
    ys = [int(x) for x in YEAR.findall(head)]
    if len(ys) >= n and ys[-n:] == sorted(ys[-n:]) and n > 1:
        return list[int | None](ys[-n:])
    if n == 1 and ys:
        return [ys[-1]]
    return [None] * n


def sentences(text: str) -> list[str]:
    """Sentences end at 。！？ and line ends; ；parts of one sentence (a series 2022年…；2023年…)
    stay together."""
    return [s for s in re.split(r"(?<=[。！!？?\n])", text) if s.strip()]


# what makes a figure not the lead's current one: a target, a commitment, an increase, a product
DISTRACTOR = re.compile(
    r"新增|带动|预计|力争|目标|计划|拟|将|预期|期末|达到.{0,4}(?:以上)?$|产值|专项资金|配套|承诺|"
    r"累计|合计|总计|成员企业|上下游|总投入|总投资|项目(?:总)?经费|申请|财政|补助|合同"
)
CLAUSE_SPLIT = re.compile(r"[，；;。]|,(?!\d)")
AMOUNT = re.compile(rf"({NUM})\s*(亿元|千万元|百万元|万元|千元|元|亿|万)(?![a-zA-Z])")
YEAR_AT = re.compile(r"((?:19|20)\d{2})\s*年(?:度)?\s*(?:[为是:：])?\s*(?:人民币)?\s*$")


def _clauses(sent: str) -> list[tuple[int, int]]:
    out, start = [], 0
    for m in CLAUSE_SPLIT.finditer(sent):
        out.append((start, m.start()))
        start = m.end()
    out.append((start, len(sent)))
    return [(a, b) for a, b in out if b > a]


def _clause_at(sent: str, pos: int) -> tuple[int, int]:
    for a, b in _clauses(sent):
        if a <= pos <= b:
            return a, b
    return 0, len(sent)


def _about_other_unit(text: str, lead: list[str]) -> bool:
    """The figures in `text` are another unit's: a unit other than the lead is named in it, or
    成员单位 (a member's own figures)."""
    from extractors.text import compact
    from extractors.units import find_units

    if re.search(r"成员单位|其他单位|合作单位", text):
        return True
    if not lead:
        return False
    keys = [compact(x) for x in lead]
    for u in find_units(text):
        n = compact(u.name)
        if not any(n == k or n in k or k in n for k in keys):
            return True
    return False


def _subject_zone(sent: str, pos: int) -> str:
    """The text before a figure's concept that names whose figure it is: back to the last unit
    named in the sentence (其中，成员单位甲公司2024年营业收入…)."""
    from extractors.units import find_units

    head = sent[:pos]
    us = find_units(head)
    # with the words just before that name (成员单位甲公司: a member's figure)
    return head[max(0, us[-1].start - 4) :] if us else head[-12:]


def _series(sent: str, start: int) -> tuple[list[tuple[int | None, Decimal]], int]:
    """Amounts listed from `start`: 4830万元、5540万元和6500万元 / 2021年18580万元，2022年20850万元
    (across commas while each clause is just a year and an amount). Returns the amounts with the
    year written before each (None where none) and where the series ends."""
    out: list[tuple[int | None, Decimal]] = []
    pos = start
    while True:
        m = AMOUNT.search(sent, pos)
        if not m:
            break
        gap = sent[pos : m.start()]
        if out:
            # between two amounts: a separator, maybe a year
            if not re.fullmatch(
                r"\s*[、，,和及与；;]?\s*(?:(?:19|20)\d{2}\s*年(?:度)?\s*(?:为|是|[:：])?)?\s*(?:人民币)?\s*",
                gap,
            ):
                break
        elif len(gap) > 40 or re.search(r"[。；;]", gap):
            break
        v = money(m.group(1), m.group(2))
        if v is None:
            break
        ym = YEAR_AT.search(sent[max(0, m.start() - 12) : m.start()])
        out.append((int(ym.group(1)) if ym else None, v))
        pos = m.end()
    return out, pos


# full-width letters, digits and signs as their ASCII forms (one character for one)
_HALF_WIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F) if chr(c) not in "（），：；！？"}


def extract_rd(text: str, lead: list[str] | None = None) -> dict[str, Any]:
    """revenue_cny, rd_staff, rd_expense_cny, rd_intensity_pct, self_funding_ratio of the lead
    unit (with the sentences they came from under 'evidence'). Figures that are targets,
    commitments, increases or a member's own are left out."""
    out: dict[str, Any] = {
        "revenue_cny": None,
        "rd_staff": None,
        "rd_expense_cny": [],
        "rd_intensity_pct": None,
        "self_funding_ratio": None,
        "evidence": {},
    }
    staff_total: tuple[int, str] | None = None
    text = text.translate(_HALF_WIDTH)  # ２０２１年１０４６１．５万元, ３．５％
    for sent in sentences(text):
        if not re.search(r"收入|营收|销售额|营业额|研发|研究开发|科研|R&D|自筹|强度|专职", sent):
            continue
        hits = _hits(sent)
        for h in hits:
            ca, cb = _clause_at(sent, h.start)
            clause = sent[ca:cb]
            # the words just before the figure's concept (a long clause's far start is no context:
            # …产业链上下游协同创新的能力等近三年研发投入…)
            before = sent[max(ca, h.start - 20) : h.start]
            before = before[before.rfind("等") + 1 :]  # an enumeration ends before it
            # whose figure: the unit named last before it in its sentence, if any
            if _about_other_unit(_subject_zone(sent, h.start), lead or []):
                continue
            if h.label == "REVENUE" and out["revenue_cny"] is None:
                if DISTRACTOR.search(before) or re.search(r"占|比例|比重|强度", sent[h.end : cb]):
                    continue
                m = AMOUNT.search(sent, h.end, cb)
                if m and not DISTRACTOR.search(sent[h.end : m.start()]):
                    v = money(m.group(1), m.group(2))
                    if v is not None:
                        out["revenue_cny"] = float(v)
                        out["evidence"]["revenue_cny"] = sent.strip()
            elif h.label == "RD_STAFF" and out["rd_staff"] is None:
                if DISTRACTOR.search(before):
                    continue
                m = re.search(
                    r"([0-9０-９]+|[一二两三四五六七八九十百千零〇]+)\s*(?:余|多)?\s*(?:人|名)",
                    sent[h.end : cb],
                )
                if not m:
                    continue
                n = to_int(m.group(1))
                if n is None:
                    continue
                if re.search(r"专职|全职", sent[max(ca, h.start - 6) : h.end]):
                    out["rd_staff"] = n
                    out["evidence"]["rd_staff"] = sent.strip()
                elif staff_total is None:
                    # 研发人员共N人，其中专职M人: N is not the figure asked; keep it only if no 专职 follows
                    tail = sent[cb:]
                    mm = re.search(
                        r"专职(?:研发|科研)?(?:人员)?[^，,；;。]{0,6}?([0-9０-９]+|[一二两三四五六七八九十百千零〇]+)\s*(?:余|多)?\s*(?:人|名)",
                        tail,
                    )
                    if mm and to_int(mm.group(1)) is not None:
                        out["rd_staff"] = to_int(mm.group(1))
                        out["evidence"]["rd_staff"] = sent.strip()
                    else:
                        staff_total = (n, sent.strip())
            elif h.label == "RD_EXPENSE" and not out["rd_expense_cny"]:
                after = sent[h.end :]
                if re.match(r"^\s*(?:强度|占)", after):
                    continue
                series, _ = _series(sent, h.end)
                dis = DISTRACTOR.search(before)
                # 近三年累计研发投入依次为A、B和C: a series, not a cumulative total
                if dis and not (
                    dis.group(0) in ("累计", "合计", "总计")
                    and len(series) >= 2
                    and re.match(r"\s*(?:依次|分别)", after)
                ):
                    continue
                if not series or DISTRACTOR.search(
                    sent[h.end : sent.find(str(series[0][1])[:1], h.end)] or ""
                ):
                    pass
                if series:
                    n = len(series)
                    years = [y for y, _ in series]
                    if all(y is None for y in years):
                        years = (
                            _years_for(sent, h.end if n else 0, n) if n > 1 else _years_for(sent, h.end, 1)
                        )
                        ahead = sent[: h.end + 20]
                        if all(y is None for y in years) and n > 1:
                            years = [None] * n
                        elif n == 1 and not YEAR.search(ahead):
                            years = [None]
                    if n == 1 and re.search(r"近三年|近3年|三年", sent[ca:cb]) and "累计" not in clause:
                        pass
                    out["rd_expense_cny"] = [
                        {"year": y, "amount_cny": float(v)} for y, (_, v) in zip(years, series)
                    ]
                    out["evidence"]["rd_expense_cny"] = sent.strip()
            elif h.label == "INTENSITY" and out["rd_intensity_pct"] is None:
                if not re.search(r"研发|研究开发|R&D", sent[ca : h.start + 1]) or DISTRACTOR.search(
                    sent[ca : h.start]
                ):
                    continue
                p = percent(sent[h.start : cb])
                if p is not None:
                    out["rd_intensity_pct"] = float(p)
                    out["evidence"]["rd_intensity_pct"] = sent.strip()
            elif h.label == "SELF_FUND" and out["self_funding_ratio"] is None:
                r = ratio(sent[h.start :])
                if r is None and "比例" in before:  # 按照1.5:1的比例落实自筹经费
                    r = ratio(before)
                times = re.search(rf"(?:是|为).{{0,16}}?的\s*({NUM})\s*倍", sent[h.start :])
                if r is not None and 0 < r < 100:
                    out["self_funding_ratio"] = float(round(r, 4))
                    out["evidence"]["self_funding_ratio"] = sent.strip()
                elif times and to_decimal(times.group(1)) is not None:
                    out["self_funding_ratio"] = float(to_decimal(times.group(1)))  # type: ignore[arg-type]
                    out["evidence"]["self_funding_ratio"] = sent.strip()
                else:
                    # 自筹 X万元 … 财政 Y万元: the ratio is X / Y
                    own = AMOUNT.search(sent, h.end)
                    pub_at = re.search(r"财政|政府|省级|自治区级|补助", sent)
                    if own and pub_at:
                        pub = AMOUNT.search(sent, pub_at.end())
                        a = money(own.group(1), own.group(2))
                        b = money(pub.group(1), pub.group(2)) if pub else None
                        if a and b and pub is not None and pub.start() != own.start():
                            out["self_funding_ratio"] = float(round(a / b, 2))
                            out["evidence"]["self_funding_ratio"] = sent.strip()
    if out["rd_staff"] is None and staff_total is not None:
        out["rd_staff"], out["evidence"]["rd_staff"] = staff_total
    return out
