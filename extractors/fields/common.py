"""Helpers shared by the field extractors: labelled values on cover pages and in form tables,
table sections found by their header row, unit names and their kind."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from extractors import uscc
from extractors.text import compact, label_key
from models.document import Paragraph, ReadDocument, Table
from models.record import Kind

# --------------------------------------------------------------------------- labels
# Each field's label as the templates write it, with the rewordings seen across provinces.
COVER_LABELS: dict[str, str] = {
    "consortium_name": r"(?:创新)?联合体名称|联盟名称",
    "industry": r"产业领域|所属领域|技术领域",
    "lead": r"(?:联合体)?牵头(?:单位|企业)(?:名称)?",
    "person": r"联\s*系\s*人",
    "phone": r"联系电话|联系方式|电\s*话",
    "filing_date": r"填报日期|申报日期|填表日期|报送日期",
}
_COVER_RX = re.compile("(" + "|".join(f"(?P<{k}>{v})" for k, v in COVER_LABELS.items()) + r")\s*[：:]")


def cover_fields(doc: ReadDocument, max_paragraphs: int = 40) -> dict[str, str]:
    """Labelled values of a cover page ("创新联合体名称：…"), first occurrence of each, from the
    paragraphs before the first table. Several labels run together on one line are split."""
    out: dict[str, str] = {}
    for i, b in enumerate(doc.blocks):
        if isinstance(b, Table) or i >= max_paragraphs:
            break
        for line in b.text.split("\n"):
            matches = list(_COVER_RX.finditer(line))
            for j, m in enumerate(matches):
                end = matches[j + 1].start() if j + 1 < len(matches) else len(line)
                value = line[m.end() : end].strip()
                key = next(k for k in COVER_LABELS if m.group(k))
                if value and key not in out:
                    out[key] = value
    return out


def strip_seal(s: str) -> str:
    """A unit name without （盖章） / (公章) / 签章 marks and trailing punctuation."""
    s = re.sub(r"[（(]\s*(?:盖章|公章|签章|章)\s*[)）]", "", s)
    s = re.sub(r"(?:盖章|签章)\s*[：:]?$", "", s)
    return s.strip(" ：:;；，,。")


def split_units(s: str) -> list[str]:
    """Two lead units written in one cell: 甲公司、乙公司 / 甲公司；乙公司 / one per line."""
    parts = [strip_seal(p) for p in re.split(r"[、；;，,\n]|\s{2,}", s or "")]
    return [compact(p) for p in parts if looks_like_unit(compact(p))]


UNIT_SUFFIX = re.compile(
    r"(?:公司|集团|大学|学院|学校|研究院|研究所|科学院|研究中心|中心|实验室|协会|学会|商会|联合会|基金会|医院|"
    r"研究会|站|厂|社|局|所|院|馆|合作社|事务所|联盟|平台|基地)$"
)


def looks_like_unit(name: str) -> bool:
    n = compact(name)
    return 4 <= len(n) <= 50 and UNIT_SUFFIX.search(n) is not None and not re.search(r"[。；：:]", n)


def unit_kind(name: str, code: str | None = None) -> Kind:
    """enterprise / university / institute / other, from the name, then the code's category."""
    n = compact(name)
    if re.search(r"(?:研究院|研究所|科学院|研究中心|科学研究院|设计院|实验室)(?:[（(].*[)）])?$", n):
        return "institute"
    if re.search(r"(?:大学|学院|学校|高等专科学校)(?:[（(].*[)）])?$", n):
        return "university"
    if re.search(r"(?:公司|集团|厂|企业|合作社)$", n) or re.search(r"有限(?:责任)?公司|股份", n):
        return "enterprise"
    reg = uscc.registration_kind(code) if code else None
    if reg == "enterprise":
        return "enterprise"
    return "other"


TIER_WORDS: list[tuple[str, str]] = [
    ("lead", r"牵头"),
    ("core", r"核心层|核心成员|核心单位"),
    ("close", r"紧密(?:合作|层|协作)"),
    ("general", r"一般(?:协作|合作|成员)|协作层|生态层|一般层|参与层"),
]


def tier_of(text: str | None) -> str | None:
    """The tier a text names at its start (牵头单位。… / 核心层单位 / 紧密合作单位 …)."""
    if not text:
        return None
    t = compact(text)[:16]
    for tier, rx in TIER_WORDS:
        if re.search(rx, t):
            return tier
    return None


def tier_heading(text: str) -> str | None:
    """A line that opens a tier list in an agreement: 1．牵头单位 / 核心层单位： / （二）紧密合作单位（3家）"""
    t = re.sub(
        r"^(?:[（(][0-9一二三四五六七八九十]+[)）]|[0-9一二三四五六七八九十]+[.．、])\s*", "", compact(text)
    )
    t = re.sub(r"[（(]\d+家[)）]", "", t)
    m = re.match(
        r"^(牵头单位|核心层单位|核心层|紧密合作单位|紧密合作层单位|紧密合作层|紧密层单位|紧密层|"
        r"一般协作层单位|一般协作层|一般协作单位|生态层单位|生态层|协作层单位)[：:]?",
        t,
    )
    if not m:
        return None
    return tier_of(m.group(1))


# --------------------------------------------------------------------------- form tables
def key_values(table: Table) -> Iterator[tuple[str, str, int]]:
    """(label, value, row) pairs of a form table: in each row of two or more cells, a cell
    followed by another is a label and its value."""
    for r_i, row in enumerate(table.rows()):
        if len(row) < 2:
            continue
        i = 0
        while i < len(row) - 1:
            yield row[i].text, row[i + 1].text, r_i
            i += 2 if len(row) % 2 == 0 else 1


@dataclass
class Section:
    header: list[str]
    rows: list[list[str]]
    table: Table


def header_index(header: list[str], patterns: dict[str, str]) -> dict[str, int]:
    """Which column holds which field, by the header's labels (not by position)."""
    out: dict[str, int] = {}
    for field, rx in patterns.items():
        for i, h in enumerate(header):
            if i in out.values():
                continue
            if re.search(rx, label_key(h)):
                out[field] = i
                break
    return out


def table_sections(
    doc: ReadDocument, is_header: Callable[[list[str]], bool], stop_single: bool = True
) -> Iterator[Section]:
    """Row runs under a header row that `is_header(cells)` recognises, across all tables (and
    across a table split over pages). A run ends at a single-cell row (the next section's title),
    at another header, or at the end of the table."""
    for t in doc.tables():
        rows = [[c.text for c in r] for r in t.rows()]
        i = 0
        while i < len(rows):
            if is_header(rows[i]):
                header = rows[i]
                body: list[list[str]] = []
                j = i + 1
                while j < len(rows):
                    r = rows[j]
                    if is_header(r):
                        break
                    if stop_single and len([x for x in r if x.strip()]) <= 1 and len(r) <= 1:
                        break
                    body.append(r)
                    j += 1
                yield Section(header, body, t)
                i = j
            else:
                i += 1


def all_lines(doc: ReadDocument, include_tables: bool = False) -> list[str]:
    out: list[str] = []
    for b in doc.blocks:
        if isinstance(b, Paragraph):
            if b.prov.source in ("footer", "header"):
                continue
            out.extend(x for x in b.text.split("\n") if x.strip())
        elif include_tables:
            for r in b.row_texts():
                out.append("\t".join(r))
    return out


def first(it: Iterable[str | None]) -> str | None:
    for x in it:
        if x:
            return x
    return None
