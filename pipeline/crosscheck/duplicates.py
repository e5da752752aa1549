"""POSSIBLE_DUPLICATE_UNIT: two differently written names that are probably one unit, found among
neighbours in the order of their cores (region and company form removed), forwards and reversed."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz
from rapidfuzz.process import cpdist
from sqlalchemy import bindparam, literal, select, union_all
from sqlalchemy.orm import Session

from extractors.text import key
from models.record import Flag
from models.tables import UnitName
from pipeline.crosscheck.common import CrossFlag, chunks, codes, involved

WINDOW = 12  # neighbours compared on each side, in each order
THRESHOLD = 90.0  # rapidfuzz ratio of two names' keys
BLOCK = 50_000  # names scored at once by the full check


_SUFFIX = re.compile(r"(股份有限公司|有限责任公司|有限公司|集团公司|集团|公司)$")
_PREFIX = re.compile(r"^(广西壮族自治区|新疆维吾尔自治区|云南省|重庆市|广西|新疆|云南|重庆|北京|上海|中国)")


def core(name: str) -> str:
    k = key(name)
    k = _SUFFIX.sub("", k)
    k = _PREFIX.sub("", k)
    return k or key(name)


def name_columns(name: str) -> dict[str, str]:
    """unit_names' columns for a written name: its key and its core, forwards and reversed."""
    c = core(name)
    return {"name_key": key(name), "core": c, "core_rev": c[::-1]}


@dataclass(frozen=True)
class _Name:
    unit_id: int
    name: str
    key: str


def _bytewise(s: Session, column):
    """The column compared and sorted by code point, as Python sorts: SQLite's default; on
    PostgreSQL COLLATE "C", which its indexes on core and core_rev are built with (migration 0003)."""
    return column.collate("C") if s.get_bind().dialect.name == "postgresql" else column


def _ordered(s: Session, column, descending: bool = False):
    col = _bytewise(s, column)
    return (
        [col.desc(), UnitName.unit_id.desc(), UnitName.id.desc()]
        if descending
        else [col, UnitName.unit_id, UnitName.id]
    )


def _pairs_in_block(block: list[_Name], upto: int) -> Iterator[tuple[_Name, _Name]]:
    """Pairs (i, i+k), k <= WINDOW, i < upto, whose keys score at least THRESHOLD."""
    keys = [n.key for n in block]
    for k in range(1, WINDOW + 1):
        if len(keys) <= k:
            break
        scores = cpdist(keys[:-k], keys[k:], scorer=fuzz.ratio, score_cutoff=THRESHOLD, workers=-1)
        for i in scores.nonzero()[0]:
            if i < upto:
                yield block[i], block[i + k]


def _stream(s: Session, column) -> Iterator[_Name]:
    q = select(UnitName.unit_id, UnitName.name, UnitName.name_key).order_by(*_ordered(s, column))
    for uid, name, k in s.execute(q.execution_options(yield_per=20_000)):
        yield _Name(uid, name, k)


def _all_candidates(s: Session) -> Iterator[tuple[_Name, _Name]]:
    for column in (UnitName.core, UnitName.core_rev):
        block: list[_Name] = []
        for n in _stream(s, column):
            block.append(n)
            if len(block) >= BLOCK + WINDOW:
                yield from _pairs_in_block(block, BLOCK)
                block = block[BLOCK:]
        yield from _pairs_in_block(block, len(block))


_NEIGHBOURS: dict[tuple[str, int], Any] = {}
PER_QUERY = 100  # names whose neighbours are looked up in one statement


def _neighbours_of(s: Session, n: int) -> Any:
    """One statement (built once per dialect and count, then cached) looking up the neighbours of
    n names: for each, the names after and before it by core and by reversed core (four indexed
    look-ups, as a UNION ALL: one round trip to the database). Name i's value is :c<i> / :r<i>."""
    dialect = s.get_bind().dialect.name
    if (dialect, n) not in _NEIGHBOURS:
        parts = []
        for i in range(n):
            for column, param in ((UnitName.core, f"c{i}"), (UnitName.core_rev, f"r{i}")):
                col = _bytewise(s, column)
                v: Any = bindparam(param)
                for cond, desc in ((col >= v, False), (col < v, True)):
                    sub = (
                        select(UnitName.unit_id, UnitName.name, UnitName.name_key)
                        .where(cond)
                        .order_by(*_ordered(s, column, desc))
                        .limit(WINDOW + 1)
                        .subquery()
                    )
                    parts.append(select(literal(i).label("me"), sub.c.unit_id, sub.c.name, sub.c.name_key))
        _NEIGHBOURS[(dialect, n)] = union_all(*parts)
    return _NEIGHBOURS[(dialect, n)]


def _candidates_of(s: Session, ids: list[int]) -> Iterator[tuple[_Name, _Name]]:
    """Each name of these units with its WINDOW neighbours on each side, in each order."""
    conn = s.connection()
    mine = [
        row
        for part in chunks(ids)
        for row in conn.execute(
            select(
                UnitName.unit_id, UnitName.name, UnitName.name_key, UnitName.core, UnitName.core_rev
            ).where(UnitName.unit_id.in_(part or []))
        )
    ]
    for start in range(0, len(mine), PER_QUERY):
        part = mine[start : start + PER_QUERY]
        values = {f"c{i}": row[3] for i, row in enumerate(part)} | {
            f"r{i}": row[4] for i, row in enumerate(part)
        }
        for me, ouid, oname, okey in conn.execute(_neighbours_of(s, len(part)), values):
            uid, name, k = part[me][0], part[me][1], part[me][2]
            if fuzz.ratio(k, okey) >= THRESHOLD:
                yield _Name(uid, name, k), _Name(ouid, oname, okey)


def duplicates(s: Session, ids: list[int] | None) -> list[CrossFlag]:
    pairs = _all_candidates(s) if ids is None else _candidates_of(s, ids)
    seen: set[tuple[int, int]] = set()
    found: list[tuple[_Name, _Name]] = []
    for a, b in pairs:
        if a.unit_id == b.unit_id or a.key == b.key or abs(len(a.key) - len(b.key)) > 2:
            continue
        pair = (min(a.unit_id, b.unit_id), max(a.unit_id, b.unit_id))
        if pair in seen:
            continue
        seen.add(pair)
        found.append((a, b))
    if not found:
        return []
    units = {n.unit_id for pair in found for n in pair}
    codes_of = codes(s, units)
    involved_in = involved(s, list(units))
    out: list[CrossFlag] = []
    for a, b in found:
        ca, cb = set(codes_of.get(a.unit_id, [])), set(codes_of.get(b.unit_id, []))
        if ca and cb and not (ca & cb):
            continue  # two valid, different codes: two units
        first, second = sorted((a, b), key=lambda n: n.unit_id)
        inv = involved_in.get(first.unit_id, [])
        inv = inv + [c for c in involved_in.get(second.unit_id, []) if c not in inv]
        out.append(
            CrossFlag(
                Flag(
                    code="POSSIBLE_DUPLICATE_UNIT",
                    severity="warning",
                    message=f"“{first.name}”与“{second.name}”名称相近，可能为同一单位，请人工核实"
                    f"（涉及：{'、'.join(inv)}）；未自动合并",
                    consortium=inv[-1] if inv else None,
                    unit=first.name,
                    document=None,
                    evidence=f"{first.name} / {second.name}",
                ),
                first.unit_id,
                second.unit_id,
            )
        )
    out.sort(key=lambda c: c.flag.evidence or "")
    return out
