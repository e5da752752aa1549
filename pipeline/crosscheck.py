"""Cross-consortium checks over the whole registry, as pure functions of a snapshot:

- MEMBER_CAP_EXCEEDED  a unit in more current consortia of a jurisdiction than its pack allows
- LEAD_CAP_EXCEEDED    a unit leading more current consortia of a jurisdiction than allowed
- CREDIT_CODE_CONFLICT one unit carrying two valid codes, or one code carried by two units
- POSSIBLE_DUPLICATE_UNIT two differently written names that are probably one unit

Only current consortia count toward the caps: not dissolved, not expired (a pack's term, e.g.
广西's 2021 approvals ran five years), and never legacy 产业技术创新战略联盟 records. Near-duplicate
names are compared with their neighbours in sorted order, so the work grows
in O(n log n) with the registry (sorted neighbourhood).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from extractors import uscc
from extractors.text import key
from models.record import Flag
from pipeline.rules import Pack, packs_for


@dataclass
class MembershipRow:
    unit_id: int
    tier: str
    consortium_id: int
    consortium: str
    jurisdiction: str
    legacy: bool = False
    status: str = "current"
    effective: dt.date | None = None
    filing: dt.date | None = None


@dataclass
class UnitInfo:
    id: int
    name: str
    names: list[str] = field(default_factory=list)
    codes: list[str] = field(default_factory=list)


def _pack_of(jurisdiction: str, on: dt.date | None) -> Pack | None:
    from pipeline.rules import pack_for

    return pack_for(jurisdiction, on)


def is_current(r: MembershipRow, as_of: dt.date) -> bool:
    if r.legacy or r.status != "current":
        return False
    start = r.effective or r.filing
    pack = _pack_of(r.jurisdiction, r.filing)
    if pack and pack.term_years and start:
        try:
            end = start.replace(year=start.year + pack.term_years)
        except ValueError:  # 29 February
            end = start + dt.timedelta(days=365 * pack.term_years)
        if end < as_of:
            return False
    return True


def _latest_pack(jurisdiction: str) -> Pack | None:
    ps = packs_for(jurisdiction)
    return ps[-1] if ps else None


def cap_flags(rows: list[MembershipRow], units: dict[int, UnitInfo], as_of: dt.date) -> list[Flag]:
    out: list[Flag] = []
    current = [r for r in rows if is_current(r, as_of)]
    member_of: dict[tuple[str, int], dict[int, MembershipRow]] = defaultdict(dict)
    lead_of: dict[tuple[str, int], dict[int, MembershipRow]] = defaultdict(dict)
    for r in current:
        member_of[(r.jurisdiction, r.unit_id)][r.consortium_id] = r
        if r.tier == "lead":
            lead_of[(r.jurisdiction, r.unit_id)][r.consortium_id] = r
    for table, check, what in ((member_of, "member_cap", "参与"), (lead_of, "lead_cap", "牵头")):
        for (jur, uid), cons in sorted(table.items(), key=lambda x: (x[0][0], x[0][1])):
            pack = _latest_pack(jur)
            rule = pack.rule_of(check) if pack else None
            if pack is None or rule is None or not rule.flag:
                continue
            cap = int(getattr(rule.params, "max", 0)) or None  # a CapParams
            if cap is None:
                continue
            if len(cons) <= cap:
                continue
            ordered = sorted(cons.values(), key=lambda r: (r.filing or dt.date.min, r.consortium))
            names = [r.consortium for r in ordered]
            unit = units[uid].name if uid in units else str(uid)
            newest = ordered[-1].consortium
            out.append(
                Flag(
                    code=rule.flag,
                    severity=rule.severity,  # type: ignore[arg-type]
                    message=f"“{unit}”{what}{len(names)}个现行创新联合体（{'、'.join(names)}），"
                    f"超过{cap}个的上限（{rule.citation(pack)}：{rule.text}）",
                    consortium=newest,
                    unit=unit,
                    document=None,
                    evidence=f"{len(names)}：" + "、".join(names),
                )
            )
    return out


def conflict_flags(rows: list[MembershipRow], units: dict[int, UnitInfo]) -> list[Flag]:
    cons_of: dict[int, list[str]] = defaultdict(list)
    for r in rows:
        if r.consortium not in cons_of[r.unit_id]:
            cons_of[r.unit_id].append(r.consortium)
    out: list[Flag] = []
    for uid in sorted(units):
        u = units[uid]
        codes = sorted({c for c in u.codes if uscc.is_valid(c)})
        involved = cons_of.get(uid, [])
        if len(codes) > 1:
            out.append(
                Flag(
                    code="CREDIT_CODE_CONFLICT",
                    severity="error",
                    message=f"同一单位“{u.name}”在不同材料中填报了不同的统一社会信用代码：{' / '.join(codes)}"
                    f"（涉及：{'、'.join(involved)}）",
                    consortium=involved[-1] if involved else None,
                    unit=u.name,
                    document=None,
                    evidence=" / ".join(codes),
                )
            )
        names = list(dict.fromkeys(u.names))
        if codes and len(names) > 1:
            base = key(names[0])
            far = [n for n in names[1:] if fuzz.ratio(base, key(n)) < 60]
            if far:
                out.append(
                    Flag(
                        code="CREDIT_CODE_CONFLICT",
                        severity="error",
                        message=f"统一社会信用代码 {codes[0]} 对应了不同单位：{'、'.join([names[0]] + far)}"
                        f"（涉及：{'、'.join(involved)}）",
                        consortium=involved[-1] if involved else None,
                        unit=names[0],
                        document=None,
                        evidence=codes[0] + "：" + " / ".join([names[0]] + far),
                    )
                )
    return out


_SUFFIX = re.compile(r"(股份有限公司|有限责任公司|有限公司|集团公司|集团|公司)$")
_PREFIX = re.compile(r"^(广西壮族自治区|新疆维吾尔自治区|云南省|重庆市|广西|新疆|云南|重庆|北京|上海|中国)")


def core(name: str) -> str:
    k = key(name)
    k = _SUFFIX.sub("", k)
    k = _PREFIX.sub("", k)
    return k or key(name)


def duplicate_flags(
    rows: list[MembershipRow], units: dict[int, UnitInfo], threshold: float = 90.0, window: int = 12
) -> list[Flag]:
    """Pairs of units whose names are probably one unit. Candidates come from a sorted
    neighbourhood: the names' cores (region and company form removed) sorted forwards and
    reversed, each compared with the next `window` names in each order. A one-character typo
    leaves two names adjacent in at least one order, and the work is O(n log n)."""
    cons_of: dict[int, list[str]] = defaultdict(list)
    for r in rows:
        if r.consortium not in cons_of[r.unit_id]:
            cons_of[r.unit_id].append(r.consortium)
    entries: list[tuple[int, str, str]] = []  # unit, name as written, key
    for uid, u in units.items():
        for n in dict.fromkeys(u.names or [u.name]):
            entries.append((uid, n, key(n)))
    cores = [core(n) for _, n, _ in entries]
    orders = [
        sorted(range(len(entries)), key=lambda i: cores[i]),
        sorted(range(len(entries)), key=lambda i: cores[i][::-1]),
    ]
    seen: set[tuple[int, int]] = set()
    out: list[Flag] = []
    for order in orders:
        for pos, a in enumerate(order):
            ua, na, ka = entries[a]
            for b in order[pos + 1 : pos + 1 + window]:
                ub, nb, kb = entries[b]
                if ua == ub:
                    continue
                pair = (min(ua, ub), max(ua, ub))
                if pair in seen or ka == kb or abs(len(ka) - len(kb)) > 2:
                    continue
                if fuzz.ratio(ka, kb) < threshold:
                    continue
                ca = {c for c in units[ua].codes if uscc.is_valid(c)}
                cb = {c for c in units[ub].codes if uscc.is_valid(c)}
                if ca and cb and not (ca & cb):
                    continue  # two valid, different codes: two units
                seen.add(pair)
                (u1, n1), (u2, n2) = sorted([(ua, na), (ub, nb)], key=lambda x: x[0])
                involved = cons_of.get(u1, []) + [
                    c for c in cons_of.get(u2, []) if c not in cons_of.get(u1, [])
                ]
                out.append(
                    Flag(
                        code="POSSIBLE_DUPLICATE_UNIT",
                        severity="warning",
                        message=f"“{n1}”与“{n2}”名称相近，可能为同一单位，请人工核实"
                        f"（涉及：{'、'.join(involved)}）；未自动合并",
                        consortium=involved[-1] if involved else None,
                        unit=n1,
                        document=None,
                        evidence=f"{n1} / {n2}",
                    )
                )
    out.sort(key=lambda f: f.evidence or "")
    return out


def cross_checks(rows: list[MembershipRow], units: dict[int, UnitInfo], as_of: dt.date) -> list[Flag]:
    return cap_flags(rows, units, as_of) + conflict_flags(rows, units) + duplicate_flags(rows, units)
