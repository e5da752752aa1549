"""A document cut into sections at its headings, numbered or not.

Headings are numbered (第一条, 一、, （一）, 1., （1）: the readers record Word's automatic numbers
as shown) or plain short lines that stand alone above longer text ("联合体组成", "各方签章").
The sections that matter are the top ones: the numbering family most headings use (so that
（一）… items inside 三、 do not cut it), or plain headings where the document has no numbers.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from extractors.text import cjk_count, compact
from models.document import Paragraph, ReadDocument, Table

_NUM = re.compile(
    r"^\s*(?:第[一二三四五六七八九十百零〇\d]+[条章节]|[一二三四五六七八九十]+\s*[、.．]|\d{1,2}(?:\.\d{1,2})*\s*[、.．]?(?=[\u4e00-\u9fff])|"
    r"[（(][一二三四五六七八九十\d]+[)）])\s*"
)
_SENTENCE_END = re.compile(r"[。；;！!？?]$")
_INNER_PUNCT = re.compile(r"[。；;，,！!？?]")
_LABEL_VALUE = re.compile(r"^[\u4e00-\u9fff（）()/、]{2,14}[：:].+")
_DATE_ONLY = re.compile(r"^[\d〇○零一二三四五六七八九十年月日./\-—至\s]+$")
_SEAL_MARK = re.compile(r"[（(]\s*(?:盖章|公章|签章|签字)\s*[)）]|盖章[：:]|签字[：:]")


@dataclass
class Section:
    heading: str | None  # the heading as written (first line), None for the text before any
    title: str  # the heading without its numbering, spaces removed
    family: str | None
    blocks: list[Paragraph | Table] = field(default_factory=list)
    index: int = 0

    @property
    def body_text(self) -> str:
        return "\n".join(b.text for b in self.blocks)

    def lines(self) -> list[str]:
        out: list[str] = []
        for b in self.blocks:
            if isinstance(b, Paragraph):
                out.extend(x for x in b.text.split("\n") if x.strip())
        return out


def numbering_family(number: str | None) -> str | None:
    """The style of a heading's numbering: chapter 第一章 / article 第一条 / cn 一、 / arabic 1. /
    paren_cn （一） / paren_arabic （1）."""
    if not number:
        return None
    n = compact(number)
    if n.startswith("第"):
        return "chapter" if n.endswith(("章", "节")) else "article"
    if re.match(r"^[一二三四五六七八九十]+[、.．]", n):
        return "cn"
    if re.match(r"^\d+\.\d", n):
        return "arabic2"
    if re.match(r"^\d+[、.．]?$", n):
        return "arabic"
    if re.match(r"^[（(][一二三四五六七八九十]+[)）]", n):
        return "paren_cn"
    if re.match(r"^[（(]\d+[)）]", n):
        return "paren_arabic"
    return None


def _number_of(p: Paragraph) -> str | None:
    if p.heading_number:
        return p.heading_number
    m = _NUM.match(p.text)
    return compact(m.group(0)) if m else None


def _plain_heading(text: str, nxt: Paragraph | Table | None) -> bool:
    """A short line standing alone as a heading: no sentence punctuation, not a label：value, a
    date, a seal line or a unit name, and followed by something longer."""
    t = compact(text)
    if not (2 <= len(t) <= 24) or cjk_count(t) < 2:
        return False
    if _INNER_PUNCT.search(t) or _SENTENCE_END.search(t) or _LABEL_VALUE.match(t) or _DATE_ONLY.match(t):
        return False
    if _SEAL_MARK.search(t) or re.search(r"[：:]$", t):
        return False
    from extractors.units import find_units

    if find_units(t) or re.search(r"(?:公司|大学|学院|研究院|研究所|科学院|集团|中心)$", t):
        return False  # a unit's name, as in a list of members
    if nxt is None:
        return False
    if isinstance(nxt, Table):
        return True
    # followed by longer text, a seal line, or a numbered list (联合体组成 / 1．牵头单位 …)
    return (
        len(compact(nxt.text)) > len(t) + 10
        or bool(_SEAL_MARK.search(nxt.text))
        or (nxt.heading_number is not None or _NUM.match(nxt.text) is not None)
    )


def heading_candidates(
    doc: ReadDocument, titles_rx: list[re.Pattern[str]] | None = None
) -> list[tuple[int, str, str | None]]:
    """(block index, family, number) of every block that may be a heading; a short line that
    names one of `titles_rx` is one even with nothing under it (an empty clause)."""
    blocks = [
        b for b in doc.blocks if not (isinstance(b, Paragraph) and b.prov.source in ("header", "footer"))
    ]
    out: list[tuple[int, str, str | None]] = []
    for i, b in enumerate(blocks):
        if not isinstance(b, Paragraph):
            continue
        first = b.text.split("\n")[0].strip()
        num = _number_of(b)
        fam = numbering_family(num)
        if fam is not None:
            title = compact(_NUM.sub("", first))
            if fam in ("article", "chapter") or (len(title) <= 40 and not _SENTENCE_END.search(title)):
                out.append((i, fam, num))
            continue
        nxt = blocks[i + 1] if i + 1 < len(blocks) else None
        style = (b.style or "").lower()
        named = (
            bool(titles_rx)
            and len(compact(first)) <= 16
            and any(rx.search(compact(first)) for rx in titles_rx or [])
        )
        if (
            _plain_heading(first, nxt)
            or (("heading" in style or "标题" in style) and len(compact(first)) <= 40)
            or (
                named
                and not _INNER_PUNCT.search(compact(first))
                and not re.search(r"[：:]", first)
                and not _SEAL_MARK.search(first)
            )
        ):
            out.append((i, "plain", None))
    return out


def top_family(doc: ReadDocument, titles_rx: list[re.Pattern[str]] | None = None) -> str | None:
    """The numbering family of the top sections: the family of most headings that name one of
    `titles_rx` (e.g. the clauses of an agreement), else the most frequent top-ish family."""
    blocks = [
        b for b in doc.blocks if not (isinstance(b, Paragraph) and b.prov.source in ("header", "footer"))
    ]
    cands = heading_candidates(doc, titles_rx)
    votes: Counter[str] = Counter()
    if titles_rx:
        for i, fam, _ in cands:
            if fam == "chapter":
                continue
            b = blocks[i]
            assert isinstance(b, Paragraph)
            title = compact(_NUM.sub("", b.text.split("\n")[0]))[:30]
            if any(rx.search(title) for rx in titles_rx):
                votes[fam] += 1
    if not votes:
        rank = {
            "article": 0,
            "cn": 1,
            "arabic": 2,
            "plain": 3,
            "paren_cn": 4,
            "arabic2": 5,
            "paren_arabic": 6,
        }
        fams = Counter(f for _, f, _ in cands if f != "chapter")
        if not fams:
            return None
        best = max(fams.values())
        # the highest-ranked family among those used at least half as often as the most used
        ok = [f for f, n in fams.items() if n >= max(2, best // 2)] or list(fams)
        return min(ok, key=lambda f: rank.get(f, 9))
    top = votes.most_common()
    # plain headings alongside numbered ones: prefer the numbered family when it names as many
    if len(top) > 1 and top[0][0] == "plain" and top[1][1] >= top[0][1]:
        return top[1][0]
    return top[0][0]


def sections(doc: ReadDocument, titles_rx: list[re.Pattern[str]] | None = None) -> list[Section]:
    """The document cut at its top headings (and at chapters and plain headings that name one of
    `titles_rx`). The first section (heading None) holds what comes before."""
    blocks = [
        b for b in doc.blocks if not (isinstance(b, Paragraph) and b.prov.source in ("header", "footer"))
    ]
    fam = top_family(doc, titles_rx)
    cut: dict[int, str] = {}
    nested = _nested_lists([(i, n) for i, f, n in heading_candidates(doc, titles_rx) if f == fam])
    for i, f, _ in heading_candidates(doc, titles_rx):
        b = blocks[i]
        assert isinstance(b, Paragraph)
        title = compact(_NUM.sub("", b.text.split("\n")[0]))
        named = bool(titles_rx) and any(rx.search(title[:30]) for rx in titles_rx or [])
        if i in nested:
            continue
        if f == fam or f == "chapter" or (f == "plain" and named and fam not in ("paren_cn", "paren_arabic")):
            cut[i] = f
    out = [Section(None, "", None, index=0)]
    for i, b in enumerate(blocks):
        if i in cut and isinstance(b, Paragraph):
            head = b.text.split("\n")[0].strip()
            title = compact(_NUM.sub("", head))
            sec = Section(head, title, cut[i], index=len(out))
            rest = b.text[len(head) :].strip() if "\n" in b.text else ""
            # 第一条 本联合体名称为……: an article heading with its text on the same line
            if len(title) > 40:
                m = re.match(r"^(.{2,30}?)[。：:]", title)
                sec.title = m.group(1) if m else title[:20]
                sec.blocks.append(Paragraph(text=b.text, prov=b.prov))
            elif rest:
                sec.blocks.append(Paragraph(text=rest, prov=b.prov))
            out.append(sec)
        else:
            out[-1].blocks.append(b)
    return out


def _value(number: str | None) -> int | None:
    """A heading number's value: 3 for "3." / "三、" / "（3）"."""
    n = re.sub(r"[^0-9一二三四五六七八九十]", "", compact(number or ""))
    if n.isdigit():
        return int(n)
    if n and all(c in "一二三四五六七八九十" for c in n):
        import cn2an

        try:
            return int(cn2an.cn2an(n, "normal"))
        except ValueError:
            return None
    return None


def _nested_lists(heads: list[tuple[int, str | None]]) -> set[int]:
    """Headings of the top family that are a list nested under the one before: numbering that
    starts again at 1 right after heading k (OCR and typed numbers carry no level: "1. 牵头单位和
    成员单位" then "1. 牵头单位 2. 核心层单位 …" then "2. 联合体技术创新目标"). The nested run goes
    on while it counts up by one; the parent's k+1 ends it.

    >>> sorted(_nested_lists([(0, "1."), (1, "1."), (2, "2."), (3, "3."), (4, "2."), (5, "3.")]))
    [1, 2, 3]
    >>> sorted(_nested_lists([(0, "1."), (1, "2."), (2, "3.")]))
    []
    """
    out: set[int] = set()
    parent: int | None = None  # the top heading's value
    inner: int | None = None  # the nested run's last value, while in one
    for i, num in heads:
        v = _value(num)
        if v is None:
            continue
        if inner is not None:
            if v == inner + 1:
                inner = v
                out.add(i)
                continue
            inner = None  # the run ended: this is a top heading again
        if parent is not None and v == 1 and parent >= 1:
            inner = 1
            out.add(i)
            continue
        parent = v
    return out
