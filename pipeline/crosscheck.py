"""Cross-consortium checks over the registry, in set-based SQL with indexes:

- MEMBER_CAP_EXCEEDED  a unit in more current consortia of a jurisdiction than its pack allows
- LEAD_CAP_EXCEEDED    a unit leading more current consortia of a jurisdiction than allowed
- CREDIT_CODE_CONFLICT one unit carrying two valid codes, or one code carried by two units
- POSSIBLE_DUPLICATE_UNIT two differently written names that are probably one unit

`check(session, units=None)` checks the whole registry; `check(session, units={...})` only what
involves those units (what recording one submission touches: its members, and the members of
the version it supersedes), so recording stays fast on a national registry. Counting is done by
the database (GROUP BY ... HAVING over current memberships); Python sees only the units over a
cap, the units with two codes or two names, and near-duplicate candidates.

Only current consortia count toward the caps: not dissolved, not expired (`consortia.expires_on`,
from the pack's term, e.g. 广西's 2021 approvals ran five years; see `expiry`), and never legacy
产业技术创新战略联盟 records. Near-duplicate names are compared with their neighbours in the
order of their cores (region and company form removed), forwards and reversed
(`unit_names.core`, `core_rev`, indexed): a one-character typo leaves two names adjacent in at
least one order. The full check streams names in that order in blocks (memory stays bounded) and
scores each block's neighbours in C (rapidfuzz cpdist); one unit's check looks up its names'
neighbours through the indexes.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz
from rapidfuzz.process import cpdist
from sqlalchemy import and_, bindparam, case, exists, func, or_, select, update
from sqlalchemy.orm import Session

from extractors import uscc
from extractors.text import key
from models.record import Flag
from models.tables import Consortium, Membership, Unit, UnitCode, UnitName
from pipeline.rules import Pack, all_packs, pack_for, packs_for

WINDOW = 12  # neighbours compared on each side, in each order
THRESHOLD = 90.0  # rapidfuzz ratio of two names' keys
BLOCK = 50_000  # names scored at once by the full check
IN_CHUNK = 500  # ids per IN (...) list


@dataclass(frozen=True)
class CrossFlag:
    """A cross-consortium flag and the units it is about (to find it again when they change)."""

    flag: Flag
    unit_id: int
    unit2_id: int | None = None


# ------------------------------------------------------------------ columns kept for the checks
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


def expiry(jurisdiction: str, filing: dt.date | None, effective: dt.date | None) -> dt.date | None:
    """The day a consortium stops counting (its pack's term from its start), or None."""
    start = effective or filing
    pack = pack_for(jurisdiction, filing)
    if not (pack and pack.term_years and start):
        return None
    try:
        return start.replace(year=start.year + pack.term_years)
    except ValueError:  # 29 February
        return start + dt.timedelta(days=365 * pack.term_years)


def refresh_expiry(s: Session, batch: int = 10_000) -> None:
    """Every consortium's expires_on again (after a rule pack or the cutover changes), in batches."""
    last = 0
    while True:
        rows = s.execute(
            select(Consortium.id, Consortium.jurisdiction, Consortium.filing_date, Consortium.effective_date)
            .where(Consortium.id > last)
            .order_by(Consortium.id)
            .limit(batch)
        ).all()
        if not rows:
            return
        changes = [{"id": r[0], "expires_on": expiry(r[1], r[2], r[3])} for r in rows]
        s.execute(update(Consortium), changes)  # bulk UPDATE by primary key
        last = rows[-1][0]


# ------------------------------------------------------------------ the checks
def check(s: Session, as_of: dt.date, units: Iterable[int] | None = None) -> list[CrossFlag]:
    """Every cross-consortium flag of the registry (units=None), or every one involving `units`."""
    ids = None if units is None else sorted(set(units))
    if ids is not None and not ids:
        return []
    return caps(s, as_of, ids) + conflicts(s, ids) + duplicates(s, ids)


def _chunks(ids: list[int] | None) -> Iterator[list[int] | None]:
    if ids is None:
        yield None
        return
    for i in range(0, len(ids), IN_CHUNK):
        yield ids[i : i + IN_CHUNK]


def _counting(as_of: dt.date):
    return and_(
        Membership.current.is_(True),
        Consortium.legacy.is_(False),
        Consortium.status == "current",
        or_(Consortium.expires_on.is_(None), Consortium.expires_on >= as_of),
    )


def _latest_pack(jurisdiction: str) -> Pack | None:
    ps = packs_for(jurisdiction)
    return ps[-1] if ps else None


def caps(s: Session, as_of: dt.date, ids: list[int] | None) -> list[CrossFlag]:
    """Units over a member or lead cap: one GROUP BY over current memberships (per chunk of ids),
    counting distinct consortia and distinct led consortia per unit and jurisdiction."""
    limits: dict[str, dict[str, tuple[Pack, dict]]] = {}
    for jur in sorted({p.jurisdiction for p in all_packs()}):
        pack = _latest_pack(jur)
        for cap_key in ("member_cap", "lead_cap"):
            cap = getattr(pack, cap_key) if pack else None
            if pack is not None and cap:
                limits.setdefault(jur, {})[cap_key] = (pack, cap)
    if not limits:
        return []
    lowest = min(int(c["threshold"]) for caps_ in limits.values() for _, c in caps_.values())
    members = func.count(func.distinct(Membership.consortium_id))
    leads = func.count(func.distinct(case((Membership.tier == "lead", Membership.consortium_id))))
    over: dict[tuple[str, str], list[int]] = defaultdict(list)
    for part in _chunks(ids):
        q = (
            select(Membership.unit_id, Consortium.jurisdiction, members, leads)
            .join(Consortium, Consortium.id == Membership.consortium_id)
            .where(_counting(as_of), Consortium.jurisdiction.in_(list(limits)))
            .group_by(Membership.unit_id, Consortium.jurisdiction)
            .having(or_(members > lowest, leads > lowest))
        )
        if part is not None:
            q = q.where(Membership.unit_id.in_(part))
        for uid, jur, n_member, n_lead in s.execute(q):
            for cap_key, n in (("member_cap", n_member), ("lead_cap", n_lead)):
                if cap_key in limits[jur] and n > int(limits[jur][cap_key][1]["threshold"]):
                    over[(jur, cap_key)].append(uid)
    out: list[CrossFlag] = []
    for (jur, cap_key), uids in sorted(over.items()):
        pack, cap = limits[jur][cap_key]
        lead = cap_key == "lead_cap"
        code, what = ("LEAD_CAP_EXCEEDED", "牵头") if lead else ("MEMBER_CAP_EXCEEDED", "参与")
        out += _cap_flags(s, as_of, sorted(uids), jur, pack, cap, code, what, lead)
    order = {"MEMBER_CAP_EXCEEDED": 0, "LEAD_CAP_EXCEEDED": 1}
    out.sort(key=lambda c: (order[c.flag.code], c.unit_id))
    return out


def _cap_flags(
    s: Session,
    as_of: dt.date,
    over: list[int],
    jur: str,
    pack: Pack,
    cap: dict,
    code: str,
    what: str,
    lead_only: bool,
) -> list[CrossFlag]:
    out = []
    for part in _chunks(over):
        assert part is not None
        cons: dict[int, dict[int, tuple[dt.date, str]]] = defaultdict(dict)
        q = (
            select(Membership.unit_id, Consortium.id, Consortium.name, Consortium.filing_date)
            .join(Consortium, Consortium.id == Membership.consortium_id)
            .where(_counting(as_of), Consortium.jurisdiction == jur, Membership.unit_id.in_(part))
        )
        if lead_only:
            q = q.where(Membership.tier == "lead")
        for uid, cid, name, filing in s.execute(q):
            cons[uid][cid] = (filing or dt.date.min, name)
        names_of = dict(s.execute(select(Unit.id, Unit.canonical_name).where(Unit.id.in_(part))).all())
        for uid in part:
            ordered = sorted(cons[uid].values())
            names = [n for _, n in ordered]
            unit = names_of.get(uid, str(uid))
            flag = Flag(
                code=code,
                severity=cap["severity"],
                message=f"“{unit}”{what}{len(names)}个现行创新联合体（{'、'.join(names)}），"
                f"超过{cap['threshold']}个的上限（{pack.document}{cap['article']}：{cap['text']}）",
                consortium=names[-1],
                unit=unit,
                document=None,
                evidence=f"{len(names)}：" + "、".join(names),
            )
            out.append(CrossFlag(flag, uid))
    return out


def _involved(s: Session, unit_ids: list[int]) -> dict[int, list[str]]:
    """The consortia each unit is a current member of, in the order they were recorded."""
    out: dict[int, list[str]] = defaultdict(list)
    for part in _chunks(sorted(set(unit_ids))):
        assert part is not None
        q = (
            select(Membership.unit_id, Consortium.name)
            .join(Consortium, Consortium.id == Membership.consortium_id)
            .where(Membership.current.is_(True), Membership.unit_id.in_(part))
            .order_by(Membership.id)
        )
        for uid, name in s.execute(q):
            if name not in out[uid]:
                out[uid].append(name)
    return out


def _codes(s: Session, unit_ids: Iterable[int]) -> dict[int, list[str]]:
    out: dict[int, list[str]] = defaultdict(list)
    for part in _chunks(sorted(set(unit_ids))):
        assert part is not None
        for uid, code in s.execute(
            select(UnitCode.unit_id, UnitCode.code).where(UnitCode.unit_id.in_(part)).order_by(UnitCode.id)
        ):
            if uscc.is_valid(code):
                out[uid].append(code)
    return out


def conflicts(s: Session, ids: list[int] | None) -> list[CrossFlag]:
    two_codes: list[int] = []
    two_names: list[int] = []
    for part in _chunks(ids):
        q1 = select(UnitCode.unit_id).where(UnitCode.valid.is_(True)).group_by(UnitCode.unit_id)
        q1 = q1.having(func.count() > 1)
        coded = exists().where(UnitCode.unit_id == UnitName.unit_id)  # indexed, per name: no scan
        q2 = select(UnitName.unit_id).where(coded).group_by(UnitName.unit_id)
        q2 = q2.having(func.count() > 1)
        if part is not None:
            q1 = q1.where(UnitCode.unit_id.in_(part))
            q2 = q2.where(UnitName.unit_id.in_(part))
        two_codes += list(s.scalars(q1))
        two_names += list(s.scalars(q2))
    candidates = sorted(set(two_codes) | set(two_names))
    if not candidates:
        return []
    codes = _codes(s, candidates)
    involved = _involved(s, candidates)
    names: dict[int, list[str]] = defaultdict(list)
    canonical: dict[int, str] = {}
    for part in _chunks(candidates):
        assert part is not None
        for uid, name in s.execute(
            select(UnitName.unit_id, UnitName.name).where(UnitName.unit_id.in_(part)).order_by(UnitName.id)
        ):
            names[uid].append(name)
        canonical.update(s.execute(select(Unit.id, Unit.canonical_name).where(Unit.id.in_(part))).all())
    out: list[CrossFlag] = []
    for uid in candidates:
        cs = sorted(set(codes.get(uid, [])))
        inv = involved.get(uid, [])
        if len(cs) > 1:
            out.append(
                CrossFlag(
                    Flag(
                        code="CREDIT_CODE_CONFLICT",
                        severity="error",
                        message=f"同一单位“{canonical[uid]}”在不同材料中填报了不同的统一社会信用代码："
                        f"{' / '.join(cs)}（涉及：{'、'.join(inv)}）",
                        consortium=inv[-1] if inv else None,
                        unit=canonical[uid],
                        document=None,
                        evidence=" / ".join(cs),
                    ),
                    uid,
                )
            )
        ns = list(dict.fromkeys(names.get(uid, [])))
        if cs and len(ns) > 1:
            base = key(ns[0])
            far = [n for n in ns[1:] if fuzz.ratio(base, key(n)) < 60]
            if far:
                out.append(
                    CrossFlag(
                        Flag(
                            code="CREDIT_CODE_CONFLICT",
                            severity="error",
                            message=f"统一社会信用代码 {cs[0]} 对应了不同单位：{'、'.join([ns[0]] + far)}"
                            f"（涉及：{'、'.join(inv)}）",
                            consortium=inv[-1] if inv else None,
                            unit=ns[0],
                            document=None,
                            evidence=cs[0] + "：" + " / ".join([ns[0]] + far),
                        ),
                        uid,
                    )
                )
    return out


# ------------------------------------------------------------------ near-duplicate names
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


_NEIGHBOURS: dict[str, list] = {}


def _neighbour_queries(s: Session) -> list:
    """The four look-ups of a name's neighbours (after and before it, by core and by reversed
    core), built once per dialect: each takes the name's value as :v and uses an index."""
    dialect = s.get_bind().dialect.name
    if dialect not in _NEIGHBOURS:
        v: Any = bindparam("v")
        out = []
        for column in (UnitName.core, UnitName.core_rev):
            col = _bytewise(s, column)
            for cond, desc in ((col >= v, False), (col < v, True)):
                out.append(
                    select(UnitName.unit_id, UnitName.name, UnitName.name_key)
                    .where(cond)
                    .order_by(*_ordered(s, column, desc))
                    .limit(WINDOW + 1)
                )
        _NEIGHBOURS[dialect] = out
    return _NEIGHBOURS[dialect]


def _candidates_of(s: Session, ids: list[int]) -> Iterator[tuple[_Name, _Name]]:
    """Each name of these units with its WINDOW neighbours on each side, in each order."""
    queries = _neighbour_queries(s)
    conn = s.connection()
    for part in _chunks(ids):
        mine = conn.execute(
            select(
                UnitName.unit_id, UnitName.name, UnitName.name_key, UnitName.core, UnitName.core_rev
            ).where(UnitName.unit_id.in_(part or []))
        ).all()
        for uid, name, k, c, cr in mine:
            me = _Name(uid, name, k)
            for q, value in zip(queries, (c, c, cr, cr)):
                for ouid, oname, okey in conn.execute(q, {"v": value}):
                    if fuzz.ratio(k, okey) >= THRESHOLD:
                        yield me, _Name(ouid, oname, okey)


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
    codes = _codes(s, units)
    involved = _involved(s, list(units))
    out: list[CrossFlag] = []
    for a, b in found:
        ca, cb = set(codes.get(a.unit_id, [])), set(codes.get(b.unit_id, []))
        if ca and cb and not (ca & cb):
            continue  # two valid, different codes: two units
        first, second = sorted((a, b), key=lambda n: n.unit_id)
        inv = involved.get(first.unit_id, [])
        inv = inv + [c for c in involved.get(second.unit_id, []) if c not in inv]
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
