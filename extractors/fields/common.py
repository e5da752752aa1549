"""Helpers shared by the field extractors: labelled values on cover pages and in form tables,
table sections found by their header row, unit names and their kind."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from extractors.text import label_key
from extractors.units import find_units, is_unit_name, unit_kind  # noqa: F401  (re-exported)
from models.document import Cell, Paragraph, ReadDocument, Table


def strip_seal(s: str) -> str:
    """A unit name without （盖章） / (公章) / 签章 marks and trailing punctuation."""
    s = re.sub(r"[（(]\s*(?:盖章|公章|签章|章)\s*[)）]", "", s)
    s = re.sub(r"(?:盖章|签章)\s*[：:]?$", "", s)
    return s.strip(" ：:;；，,。")


def split_units(s: str) -> list[str]:
    """The units written in one cell or value: 甲公司、乙公司 / 甲公司；乙公司 / one per line."""
    return [u.name for u in find_units(s or "")]


def looks_like_unit(name: str) -> bool:
    return is_unit_name(name)


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


def _title_row(cells: list[Cell], n_cols: int) -> bool:
    """A row that is the next section's title: one cell alone, or the only text in a row whose
    text cell spans most of the table or opens with a section's number (a scan's grid leaves
    slivers of cells beside it)."""
    full = [c for c in cells if c.text.strip()]
    if len(cells) <= 1:
        return len(full) <= 1
    return len(full) == 1 and (
        full[0].colspan >= max(2, 0.6 * n_cols) or _SECTION_NUMBER.match(full[0].text.strip()) is not None
    )


# a section's number before its title (四、成员单位… / （五）…): no data row opens so
_SECTION_NUMBER = re.compile(r"^(?:[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十]{1,3}[)）]).{4,}")


def table_sections(
    doc: ReadDocument, is_header: Callable[[list[str]], bool], stop_single: bool = True
) -> Iterator[Section]:
    """Row runs under a header row that `is_header(cells)` recognises, across all tables (and
    across a table split over pages). A run ends at a single-cell row (the next section's title),
    at another header, or at the end of the table."""
    for t in doc.tables():
        cell_rows = t.rows()
        rows = [[c.text for c in r] for r in cell_rows]
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
                    if stop_single and _title_row(cell_rows[j], t.n_cols):
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
