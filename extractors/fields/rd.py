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
from extractors.numbers import money, percent, ratio, to_int

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


def _hits(sentence: str) -> list[Hit]:
    nlp, matcher = nlp_and_matcher()
    doc = nlp(sentence)
    out = []
    for mid, s, e in matcher(doc):
        span = doc[s:e]
        out.append(Hit(nlp.vocab.strings[mid], span.start_char, span.end_char, span.text))
    out.sort(key=lambda h: (h.start, -(h.end - h.start)))
    # keep the longest of overlapping hits of one label
    kept: list[Hit] = []
    for h in out:
        if kept and kept[-1].label == h.label and h.start < kept[-1].end:
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
YEAR_RANGE = re.compile(r"((?:19|20)\d{2})\s*(?:年)?\s*[—\-–~～至到]\s*((?:19|20)\d{2})\s*年")
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
    return [s for s in re.split(r"(?<=[。；;！!？?\n])", text) if s.strip()]


def extract_rd(text: str) -> dict[str, Any]:
    """revenue_cny, rd_staff, rd_expense_cny, rd_intensity_pct, self_funding_ratio (with the
    sentences they came from under 'evidence')."""
    out: dict[str, Any] = {
        "revenue_cny": None,
        "rd_staff": None,
        "rd_expense_cny": [],
        "rd_intensity_pct": None,
        "self_funding_ratio": None,
        "evidence": {},
    }
    for sent in sentences(text):
        if not re.search(r"收入|营收|研发|研究开发|自筹|强度", sent):
            continue
        hits = _hits(sent)
        money_hits = [h for h in hits if h.label == "MONEY"]
        for _i, h in enumerate(hits):
            if h.label == "REVENUE" and out["revenue_cny"] is None:
                # the first amount after the concept, within the same clause
                nxt = next(
                    (
                        x
                        for x in money_hits
                        if x.start >= h.end
                        and "，" not in sent[h.end : x.start]
                        and "," not in sent[h.end : x.start]
                    ),
                    None,
                )
                if nxt and not re.search(r"占|比例|强度", sent[h.end : nxt.start]):
                    v = _money_of(nxt)
                    if v is not None:
                        out["revenue_cny"] = float(v)
                        out["evidence"]["revenue_cny"] = sent.strip()
            elif h.label == "RD_STAFF" and out["rd_staff"] is None:
                seg = sent[h.end :]
                clause = re.split(r"[，,；;。]", seg)[0]
                m = re.search(r"([0-9０-９]+|[一二两三四五六七八九十百千]+)\s*(?:余|多)?\s*(?:人|名)", clause)
                if m:
                    out["rd_staff"] = to_int(m.group(1))
                    out["evidence"]["rd_staff"] = sent.strip()
            elif h.label == "RD_EXPENSE" and not out["rd_expense_cny"]:
                after = sent[h.end :]
                if re.match(r"^\s*(?:强度|占)", after):
                    continue
                series = [x for x in money_hits if x.start >= h.end]
                # stop the series at the end of the clause that lists it
                picked: list[Hit] = []
                for x in series:
                    gap = sent[(picked[-1].end if picked else h.end) : x.start]
                    if picked and not SERIES_GAP.fullmatch(gap):
                        break
                    if not picked and (re.search(r"[。；;]", gap) or len(gap) > 40):
                        break
                    picked.append(x)
                if picked:
                    maybe = [_money_of(x) for x in picked]
                    vals = [v for v in maybe if v is not None]
                    if len(vals) == len(maybe):
                        years = _years_for(sent, picked[0].start, len(picked))
                        if all(y is None for y in years) and len(picked) > 1:
                            years = _years_between(sent, picked)
                        out["rd_expense_cny"] = [
                            {"year": y, "amount_cny": float(v)} for y, v in zip(years, vals)
                        ]
                        out["evidence"]["rd_expense_cny"] = sent.strip()
            elif h.label == "INTENSITY" and out["rd_intensity_pct"] is None:
                if not re.search(r"研发|研究开发", sent[: h.start]):
                    continue
                clause = re.split(r"[，,；;。]", sent[h.start :])[0]
                p = percent(clause)
                if p is not None:
                    out["rd_intensity_pct"] = float(p)
                    out["evidence"]["rd_intensity_pct"] = sent.strip()
            elif h.label == "SELF_FUND" and out["self_funding_ratio"] is None:
                r = ratio(sent[h.start :])
                if r is not None and 0 < r < 100:
                    out["self_funding_ratio"] = float(round(r, 4))
                    out["evidence"]["self_funding_ratio"] = sent.strip()
                else:
                    # 自筹 X万元 … 财政 Y万元: the ratio is X / Y
                    own = next((x for x in money_hits if x.start >= h.end), None)
                    pub_at = re.search(r"财政|政府|省级|自治区级|补助", sent[h.end :])
                    if own and pub_at:
                        pub = next((x for x in money_hits if x.start >= h.end + pub_at.start()), None)
                        a, b = _money_of(own), (_money_of(pub) if pub else None)
                        if a and b:
                            out["self_funding_ratio"] = float(round(a / b, 2))
                            out["evidence"]["self_funding_ratio"] = sent.strip()
    return out


def _years_between(sent: str, picked: list[Hit]) -> list[int | None]:
    """Years written just before each amount: 2022年4830万元、2023年5540万元."""
    out: list[int | None] = []
    prev = 0
    for x in picked:
        ys = YEAR.findall(sent[prev : x.start])
        out.append(int(ys[-1]) if ys else None)
        prev = x.end
    return out if all(y is not None for y in out) else [None] * len(picked)
