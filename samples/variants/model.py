"""Consortia as facts: who is in them, their figures, dates and platforms, and what is planted.

A ``Consortium`` holds the facts; the builders decide how each document writes them and record in
the truth exactly what that document states.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from name_parts import PROVINCE_FULL
from units import Unit


@dataclass
class Person:
    name: str
    age: int
    title: str
    specialty: str
    employer: str


@dataclass
class Platform:
    name: str
    field: str
    level: str  # national | provincial | other
    level_text: str
    established: str
    host: str


@dataclass
class Project:
    name: str
    field: str
    level: str
    period: str
    host: str


@dataclass
class RD:
    revenue: int | None = None
    staff_total: int | None = None
    staff_fulltime: int | None = None
    expense: list[tuple[int, int]] = field(default_factory=list)  # (year, yuan)
    intensity: float | None = None
    fiscal: int | None = None
    self_funds: int | None = None
    ratio: float | None = None


@dataclass
class Consortium:
    sid: str
    juris: str  # guangxi | xinjiang | yunnan | yongchuan
    version: str | None  # guangxi: 2021 | 2025
    name: str
    industry: str
    words: list[str]
    specialties: list[str]
    topics: list[str]
    members: list[Unit]  # leads first
    filing: dt.date
    effective: dt.date
    contact: str
    phone: str
    chief: Person | None
    team: list[Person]
    platforms: list[Platform]
    projects: list[Project]
    rd: RD
    plants: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    variants: list[str] = field(default_factory=list)  # negative cases and layout notes
    extra_agreement_unit: Unit | None = None  # DOC_MISMATCH plant
    omit_signature: str | None = None  # SIGNATURE_MISSING plant
    clause_missing: str | None = None
    clause_empty: str | None = None
    bad_code: dict[str, str] = field(default_factory=dict)  # unit name -> code as written
    missing_code: set[str] = field(default_factory=set)
    declared_override: dict[str, int] = field(default_factory=dict)
    no_chief: bool = False
    docs: list[dict] = field(default_factory=list)
    recommender: str = ""
    key: tuple = ()
    group: str | None = None

    @property
    def leads(self) -> list[Unit]:
        return [m for m in self.members if m.tier == "lead"]

    @property
    def lead(self) -> Unit:
        return self.leads[0]

    def count(self, kind: str) -> int:
        return sum(1 for m in self.members if m.kind == kind)


def rand_date(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randrange((end - start).days + 1))


def filing_window(juris: str, version: str | None) -> tuple[dt.date, dt.date]:
    if juris == "guangxi":
        return (
            (dt.date(2022, 3, 1), dt.date(2024, 11, 30))
            if version == "2021"
            else (dt.date(2025, 1, 15), dt.date(2025, 11, 20))
        )
    if juris == "xinjiang":
        return dt.date(2023, 2, 1), dt.date(2025, 8, 31)
    if juris == "yunnan":
        return dt.date(2022, 9, 1), dt.date(2025, 10, 31)
    return dt.date(2023, 6, 1), dt.date(2025, 10, 31)


def consortium_name(rng: random.Random, juris: str, industry: str) -> str:
    if juris == "guangxi":
        return rng.choice(
            [
                f"广西壮族自治区{industry}创新联合体",
                f"广西{industry}创新联合体",
                f"广西壮族自治区{industry}创新联合体",
            ]
        )
    if juris == "xinjiang":
        return f"新疆维吾尔自治区{industry}创新联合体"
    if juris == "yunnan":
        return f"云南省{industry}创新联合体"
    return f"重庆市永川区{industry}创新联合体"


def province_full(juris: str) -> str:
    return PROVINCE_FULL[juris]
