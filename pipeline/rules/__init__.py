"""Rule packs: one declarative YAML file per jurisdiction and version (packs/), each rule with its
flag, severity, threshold and citation (document and article). `pack_for` picks the version in
force on a filing date."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

import settings


@dataclass(frozen=True)
class Rule:
    id: str
    check: str
    flag: str
    severity: str
    article: str
    text: str
    threshold: Any = None

    def citation(self, pack: Pack) -> str:
        return f"{pack.document}{self.article}"


@dataclass(frozen=True)
class Pack:
    jurisdiction: str
    version: str
    document: str
    valid_from: str | None
    valid_to: str | None
    term_years: int | None
    member_cap: dict | None
    lead_cap: dict | None
    required_documents: tuple[str, ...]
    rules: tuple[Rule, ...] = field(default_factory=tuple)

    def window(self) -> tuple[dt.date | None, dt.date | None]:
        def d(v: str | None) -> dt.date | None:
            if v is None:
                return None
            if v == "cutover":
                return settings.guangxi_cutover()
            return dt.date.fromisoformat(v)

        return d(self.valid_from), d(self.valid_to)

    def in_force(self, on: dt.date | None) -> bool:
        lo, hi = self.window()
        if on is None:
            return hi is None  # no date: the pack in force now
        return (lo is None or on >= lo) and (hi is None or on < hi)


def all_packs() -> tuple[Pack, ...]:
    """The packs in force: the folder $INTAKE_RULE_PACKS names (an operator's updated rules,
    replacing the built-in ones), else the packs shipped in pipeline/rules/packs/."""
    return _load(settings.rule_packs())


@lru_cache(maxsize=4)
def _load(folder: str) -> tuple[Pack, ...]:
    out = []
    base = Path(folder) if folder else resources.files("pipeline.rules").joinpath("packs")
    for f in sorted(base.iterdir(), key=lambda p: p.name):
        if not f.name.endswith(".yaml"):
            continue
        raw = yaml.safe_load(f.read_text(encoding="utf-8"))
        rules = tuple(
            Rule(
                id=r["id"],
                check=r["check"],
                flag=r["flag"],
                severity=r["severity"],
                article=r["article"],
                text=r["text"],
                threshold=r.get("threshold"),
            )
            for r in raw["rules"]
        )
        out.append(
            Pack(
                jurisdiction=raw["jurisdiction"],
                version=str(raw["version"]),
                document=raw["document"],
                valid_from=raw.get("valid_from"),
                valid_to=raw.get("valid_to"),
                term_years=raw.get("term_years"),
                member_cap=raw.get("member_cap"),
                lead_cap=raw.get("lead_cap"),
                required_documents=tuple(raw.get("required_documents") or ()),
                rules=rules,
            )
        )
    return tuple(out)


def packs_for(jurisdiction: str) -> list[Pack]:
    return [p for p in all_packs() if p.jurisdiction == jurisdiction]


def pack_for(jurisdiction: str, filing: dt.date | None) -> Pack | None:
    """The pack of a jurisdiction in force on a filing date (the latest where the date is unknown)."""
    cands = packs_for(jurisdiction)
    for p in cands:
        if p.in_force(filing):
            return p
    return cands[-1] if cands else None
