"""MEMBER_CAP_EXCEEDED and LEAD_CAP_EXCEEDED: units in more current consortia of a jurisdiction
than its pack allows, counted by the database; and when a consortium stops counting."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from sqlalchemy import and_, case, func, or_, select, update
from sqlalchemy.orm import Session

from models.record import Flag
from models.tables import Consortium, Membership, Unit
from pipeline.crosscheck.common import CrossFlag, chunks
from pipeline.rules import Pack, Rule, all_packs, pack_for, packs_for


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


def counting(as_of: dt.date):
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
    limits: dict[str, dict[str, tuple[Pack, Rule, int]]] = {}
    for jur in sorted({p.jurisdiction for p in all_packs()}):
        pack = _latest_pack(jur)
        for check in ("member_cap", "lead_cap"):
            rule = pack.rule_of(check) if pack else None
            cap = int(getattr(rule.params, "max", 0) or 0) if rule is not None else 0
            if pack is not None and rule is not None and rule.flag and cap:
                limits.setdefault(jur, {})[check] = (pack, rule, cap)
    if not limits:
        return []
    lowest = min(c for caps_ in limits.values() for _, _, c in caps_.values())
    members = func.count(func.distinct(Membership.consortium_id))
    leads = func.count(func.distinct(case((Membership.tier == "lead", Membership.consortium_id))))
    over: dict[tuple[str, str], list[int]] = defaultdict(list)
    for part in chunks(ids):
        q = (
            select(Membership.unit_id, Consortium.jurisdiction, members, leads)
            .join(Consortium, Consortium.id == Membership.consortium_id)
            .where(counting(as_of), Consortium.jurisdiction.in_(list(limits)))
            .group_by(Membership.unit_id, Consortium.jurisdiction)
            .having(or_(members > lowest, leads > lowest))
        )
        if part is not None:
            q = q.where(Membership.unit_id.in_(part))
        for uid, jur, n_member, n_lead in s.execute(q):
            for cap_key, n in (("member_cap", n_member), ("lead_cap", n_lead)):
                if cap_key in limits[jur] and n > limits[jur][cap_key][2]:
                    over[(jur, cap_key)].append(uid)
    out: list[CrossFlag] = []
    for (jur, cap_key), uids in sorted(over.items()):
        pack, rule, cap = limits[jur][cap_key]
        lead = cap_key == "lead_cap"
        out += _cap_flags(s, as_of, sorted(uids), jur, pack, rule, cap, "牵头" if lead else "参与", lead)
    out.sort(key=lambda c: (c.flag.code != "MEMBER_CAP_EXCEEDED", c.flag.code, c.unit_id))
    return out


def _cap_flags(
    s: Session,
    as_of: dt.date,
    over: list[int],
    jur: str,
    pack: Pack,
    rule: Rule,
    cap: int,
    what: str,
    lead_only: bool,
) -> list[CrossFlag]:
    out = []
    for part in chunks(over):
        assert part is not None
        cons: dict[int, dict[int, tuple[dt.date, str]]] = defaultdict(dict)
        q = (
            select(Membership.unit_id, Consortium.id, Consortium.name, Consortium.filing_date)
            .join(Consortium, Consortium.id == Membership.consortium_id)
            .where(counting(as_of), Consortium.jurisdiction == jur, Membership.unit_id.in_(part))
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
                code=rule.flag or "",
                severity=rule.severity,  # type: ignore[arg-type]
                message=f"“{unit}”{what}{len(names)}个现行创新联合体（{'、'.join(names)}），"
                f"超过{cap}个的上限（{rule.citation(pack)}：{rule.text}）",
                consortium=names[-1],
                unit=unit,
                document=None,
                evidence=f"{len(names)}：" + "、".join(names),
            )
            out.append(CrossFlag(flag, uid))
    return out
