"""Rule packs: one declarative YAML file per jurisdiction and version (packs/), the only place
policy lives. Each rule names its check, flag, severity, parameters and citation (document and
article); caps are rules too. A pack is validated when it loads (one pydantic model per check's
parameters): an unknown check, a badly shaped parameter, a duplicate or malformed id refuses the
pack with a message naming the file and the rule. `pack_for` picks the version in force on a
filing date.

Rule ids follow one scheme, `<JUR><version>-<article>`: GX2025-5-2-3 is rule 第五条（二）3 of
广西's 2025 管理办法, XJ2022-2-1-1a the first rule drawn from 新疆's 二（一）1.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

import settings
from pipeline.rules.base import CheckSpec, Params, registered

JUR_CODES = {"guangxi": "GX", "xinjiang": "XJ", "yunnan": "YN", "yongchuan": "YC"}
DOC_NAMES = {"application": "组建申请表", "agreement": "组建协议", "plan": "建设/实施/组建方案"}


class PackError(ValueError):
    """A rule pack that cannot be used; the message names the file and the rule."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ClauseDef(_Strict):
    heading: str  # the clause's heading as the template writes it
    terms: list[str]  # words whose presence in an agreement's text means the clause may be there


class AgreementTemplate(_Strict):
    source: str  # where the template is (document and article)
    clauses: dict[str, ClauseDef]


class Validity(_Strict):
    """The rules' own stated validity, shown in the checklist's header."""

    text: str
    article: str
    until: dt.date | None = None
    years: int | None = None
    issued: dt.date | None = None


class RuleSpec(_Strict):
    id: str
    check: str
    flag: str | None = None
    severity: Literal["error", "warning", "info"] | None = None
    article: str
    text: str
    document: str | None = None  # cite another document than the pack's (a national standard …)
    params: dict[str, Any] = {}

    @field_validator("flag")
    @classmethod
    def _flag_code(cls, v: str | None) -> str | None:
        if v is not None and not re.fullmatch(r"[A-Z][A-Z_]+", v):
            raise ValueError(f"flag {v!r} is not an upper-case code")
        return v


class PackSpec(_Strict):
    jurisdiction: Literal["guangxi", "xinjiang", "yunnan", "yongchuan"]
    version: str
    document: str
    valid_from: str | None = None  # an ISO date, "cutover" (INTAKE_GUANGXI_CUTOVER) or none
    valid_to: str | None = None
    term_years: int | None = None
    validity: Validity | None = None
    required_documents: list[Literal["application", "agreement", "plan"]]
    agreement_template: AgreementTemplate | None = None
    rules: list[RuleSpec]

    @field_validator("valid_from", "valid_to")
    @classmethod
    def _window(cls, v: str | None) -> str | None:
        if v is not None and v != "cutover":
            dt.date.fromisoformat(v)
        return v

    @field_validator("version", mode="before")
    @classmethod
    def _version(cls, v: Any) -> str:
        return str(v)


@dataclass(frozen=True)
class Rule:
    id: str
    check: str
    flag: str | None
    severity: str
    article: str
    text: str
    params: Params
    spec: CheckSpec
    document: str | None = None

    @property
    def scope(self) -> str:
        return self.spec.scope

    def citation(self, pack: Pack) -> str:
        return f"{self.document or pack.document}{self.article}"


@dataclass(frozen=True)
class Pack:
    file: str
    jurisdiction: str
    version: str
    document: str
    valid_from: str | None
    valid_to: str | None
    term_years: int | None
    required_documents: tuple[str, ...]
    validity: Validity | None = None
    agreement_template: AgreementTemplate | None = None
    rules: tuple[Rule, ...] = field(default_factory=tuple)

    @property
    def id(self) -> str:
        return f"{self.jurisdiction}-{self.version}"

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

    def rule_of(self, check: str) -> Rule | None:
        """The (first) rule using a check, e.g. the pack's member cap."""
        return next((r for r in self.rules if r.check == check), None)

    def rules_of(self, scope: str) -> list[Rule]:
        return [r for r in self.rules if r.scope == scope]

    def clause_name(self, key: str) -> str:
        t = self.agreement_template
        return t.clauses[key].heading if t and key in t.clauses else key

    def describe(self) -> dict[str, Any]:
        """The pack as data (for `intake rules --json`): every rule with its article."""
        return {
            "pack": self.id,
            "file": self.file,
            "jurisdiction": self.jurisdiction,
            "version": self.version,
            "document": self.document,
            "filings": [str(x) if x else None for x in self.window()],
            "term_years": self.term_years,
            "validity": self.validity.model_dump(mode="json") if self.validity else None,
            "required_documents": list(self.required_documents),
            "agreement_template": self.agreement_template.model_dump(mode="json")
            if self.agreement_template
            else None,
            "rules": [
                {
                    "id": r.id,
                    "check": r.check,
                    "scope": r.scope,
                    "doc_types": list(r.spec.doc_types),
                    "flag": r.flag,
                    "severity": r.severity if r.flag else None,
                    "params": r.params.model_dump(mode="json"),
                    "article": r.article,
                    "citation": r.citation(self),
                    "text": r.text,
                }
                for r in self.rules
            ],
        }


def _where(e: ValidationError) -> str:
    parts = []
    for err in e.errors():
        loc = ".".join(str(x) for x in err["loc"])
        parts.append(f"{loc}: {err['msg']}" if loc else err["msg"])
    return "; ".join(parts)


def load_pack(text: str, file: str) -> Pack:
    """One pack from its YAML text, validated; PackError names the file and the rule."""
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as e:
        raise PackError(f"{file}: not valid YAML: {e}") from None
    if not isinstance(raw, dict):
        raise PackError(f"{file}: a rule pack is a mapping (jurisdiction, version, document, rules …)")
    # rules one by one first, so an error names its rule
    raw_rules = raw.get("rules")
    if not isinstance(raw_rules, list):
        raise PackError(f"{file}: `rules:` must be a list")
    try:
        spec = PackSpec.model_validate({**raw, "rules": []})
    except ValidationError as e:
        raise PackError(f"{file}: {_where(e)}") from None
    checks = registered()
    jur = JUR_CODES[spec.jurisdiction]
    id_rx = re.compile(rf"^{jur}{re.escape(spec.version)}-[0-9A-Za-z]+(?:-[0-9A-Za-z]+)*$")
    rules: list[Rule] = []
    seen: set[str] = set()
    for i, rr in enumerate(raw_rules):
        name = rr.get("id", f"#{i + 1}") if isinstance(rr, dict) else f"#{i + 1}"
        where = f"{file}: rule {name}"
        try:
            rs = RuleSpec.model_validate(rr)
        except ValidationError as e:
            raise PackError(f"{where}: {_where(e)}") from None
        if not id_rx.match(rs.id):
            raise PackError(
                f"{where}: id must read {jur}{spec.version}-<article> (e.g. {jur}{spec.version}-5-2-1)"
            )
        if rs.id in seen:
            raise PackError(f"{where}: id used twice")
        seen.add(rs.id)
        cs = checks.get(rs.check)
        if cs is None:
            raise PackError(f"{where}: unknown check {rs.check!r} (known: {', '.join(sorted(checks))})")
        try:
            params = cs.params.model_validate(rs.params)
        except ValidationError as e:
            raise PackError(f"{where} ({rs.check}): params: {_where(e)}") from None
        if rs.flag and not rs.severity:
            raise PackError(f"{where}: a rule with a flag needs a severity")
        keys = getattr(params, "clauses", None)
        if keys is not None:
            tpl = spec.agreement_template
            missing = [k for k in keys if not tpl or k not in tpl.clauses]
            if missing:
                raise PackError(
                    f"{where}: clauses not in the pack's agreement_template: {', '.join(missing)}"
                )
        rules.append(
            Rule(
                id=rs.id,
                check=rs.check,
                flag=rs.flag,
                severity=rs.severity or "info",
                article=rs.article,
                text=rs.text,
                params=params,
                spec=cs,
                document=rs.document,
            )
        )
    return Pack(
        file=file,
        jurisdiction=spec.jurisdiction,
        version=spec.version,
        document=spec.document,
        valid_from=spec.valid_from,
        valid_to=spec.valid_to,
        term_years=spec.term_years,
        required_documents=tuple(spec.required_documents),
        validity=spec.validity,
        agreement_template=spec.agreement_template,
        rules=tuple(rules),
    )


def all_packs() -> tuple[Pack, ...]:
    """The packs in force: the folder $INTAKE_RULE_PACKS names (an operator's updated rules,
    replacing the built-in ones), else the packs shipped in pipeline/rules/packs/."""
    return _load(settings.rule_packs())


@lru_cache(maxsize=4)
def _load(folder: str) -> tuple[Pack, ...]:
    out = []
    base = Path(folder) if folder else resources.files("pipeline.rules").joinpath("packs")
    if folder and not Path(folder).is_dir():
        raise PackError(f"{folder}: INTAKE_RULE_PACKS names no folder")
    for f in sorted(base.iterdir(), key=lambda p: p.name):
        if not f.name.endswith(".yaml"):
            continue
        out.append(load_pack(f.read_text(encoding="utf-8"), f.name))
    seen: dict[tuple[str, str], str] = {}
    for p in out:
        if (p.jurisdiction, p.version) in seen:
            raise PackError(
                f"{p.file}: {p.jurisdiction} {p.version} is also in {seen[(p.jurisdiction, p.version)]}"
            )
        seen[(p.jurisdiction, p.version)] = p.file
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
