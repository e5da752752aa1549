"""What the cross-consortium checks share: the flag with its units, and look-ups by unit."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from extractors import uscc
from models.record import Flag
from models.tables import Consortium, Membership, UnitCode

IN_CHUNK = 500  # ids per IN (...) list


@dataclass(frozen=True)
class CrossFlag:
    """A cross-consortium flag and the units it is about (to find it again when they change)."""

    flag: Flag
    unit_id: int
    unit2_id: int | None = None


def chunks(ids: list[int] | None) -> Iterator[list[int] | None]:
    if ids is None:
        yield None
        return
    for i in range(0, len(ids), IN_CHUNK):
        yield ids[i : i + IN_CHUNK]


def involved(s: Session, unit_ids: list[int]) -> dict[int, list[str]]:
    """The consortia each unit is a current member of, in the order they were recorded."""
    out: dict[int, list[str]] = defaultdict(list)
    for part in chunks(sorted(set(unit_ids))):
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


def codes(s: Session, unit_ids: Iterable[int]) -> dict[int, list[str]]:
    out: dict[int, list[str]] = defaultdict(list)
    for part in chunks(sorted(set(unit_ids))):
        assert part is not None
        for uid, code in s.execute(
            select(UnitCode.unit_id, UnitCode.code).where(UnitCode.unit_id.in_(part)).order_by(UnitCode.id)
        ):
            if uscc.is_valid(code):
                out[uid].append(code)
    return out
