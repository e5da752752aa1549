"""Which recorded unit a member row names: by valid credit code, else by normalised name; a new
unit otherwise. Units are never merged here: names that are probably one unit are flagged by the
cross-consortium checks (pipeline.crosscheck). The registry calls these as it records."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from extractors import uscc
from extractors.text import key
from models.tables import Unit, UnitCode, UnitName
from pipeline import crosscheck


def resolve_units(s: Session, members: list) -> None:
    with s.no_autoflush:
        for m in members:
            resolve_unit(s, m.name, m.credit_code, m.kind)


def known_units(s: Session, members: list) -> dict[int, int]:
    """Members whose unit is already recorded under both their valid code (if any) and their
    name, by index: `resolve_unit` would find it and add nothing. Two queries a 500 members."""
    codes = {m.credit_code for m in members if m.credit_code and uscc.is_valid(m.credit_code)}
    keys = {key(m.name) for m in members}
    by_code: dict[str, int] = {}
    by_name: dict[str, int] = {}
    codes_l, keys_l = sorted(codes), sorted(keys)
    for i in range(0, len(codes_l), 500):
        q = select(UnitCode.code, UnitCode.unit_id).where(UnitCode.code.in_(codes_l[i : i + 500]))
        by_code.update({c: u for c, u in s.execute(q)})
    for i in range(0, len(keys_l), 500):
        q = select(UnitName.name_key, UnitName.unit_id).where(UnitName.name_key.in_(keys_l[i : i + 500]))
        by_name.update({k: u for k, u in s.execute(q)})
    out = {}
    for i, m in enumerate(members):
        nk = key(m.name)
        valid = m.credit_code if m.credit_code and uscc.is_valid(m.credit_code) else None
        if nk not in by_name or (valid and valid not in by_code):
            continue
        out[i] = by_code[valid] if valid else by_name[nk]
    return out


def resolve_unit(s: Session, name: str, code: str | None, kind: str | None) -> Unit:
    """The unit a member row names: by valid credit code, else by normalised name; a new unit
    otherwise. Its written name and its code are recorded on the unit."""
    nk = key(name)
    valid = code if code and uscc.is_valid(code) else None
    unit = None
    if valid:
        uc = s.scalar(select(UnitCode).where(UnitCode.code == valid))
        unit = uc.unit if uc else None
    if unit is None:
        un = s.scalar(select(UnitName).where(UnitName.name_key == nk))
        unit = un.unit if un else None
    if unit is None:
        unit = Unit(canonical_name=name, name_key=nk, kind=kind)
        s.add(unit)
        s.flush()
    if s.scalar(select(UnitName).where(UnitName.name_key == nk)) is None:
        s.add(UnitName(unit_id=unit.id, name=name, **crosscheck.name_columns(name)))
    if valid and s.scalar(select(UnitCode).where(UnitCode.code == valid)) is None:
        s.add(UnitCode(unit_id=unit.id, code=valid, valid=True))
    s.flush()
    return unit
