"""CREDIT_CODE_CONFLICT: one unit carrying two valid codes, or one code carried by names of two
different units."""

from __future__ import annotations

from collections import defaultdict

from rapidfuzz import fuzz
from sqlalchemy import exists, func, select
from sqlalchemy.orm import Session

from extractors.text import key
from models.record import Flag
from models.tables import Unit, UnitCode, UnitName
from pipeline.crosscheck.common import CrossFlag, chunks, codes, involved


def conflicts(s: Session, ids: list[int] | None) -> list[CrossFlag]:
    two_codes: list[int] = []
    two_names: list[int] = []
    for part in chunks(ids):
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
    codes_of = codes(s, candidates)
    involved_in = involved(s, candidates)
    names: dict[int, list[str]] = defaultdict(list)
    canonical: dict[int, str] = {}
    for part in chunks(candidates):
        assert part is not None
        for uid, name in s.execute(
            select(UnitName.unit_id, UnitName.name).where(UnitName.unit_id.in_(part)).order_by(UnitName.id)
        ):
            names[uid].append(name)
        canonical.update(s.execute(select(Unit.id, Unit.canonical_name).where(Unit.id.in_(part))).all())
    out: list[CrossFlag] = []
    for uid in candidates:
        cs = sorted(set(codes_of.get(uid, [])))
        inv = involved_in.get(uid, [])
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
