"""What a check is and what it returns.

A check is a function registered under a name (`check:` in a pack) with one pydantic model for its
parameters (`params:` in the pack, validated when the pack loads), a scope and, for document
checks, the document types it reads:

- `document`    judges one document record (clauses, signatures, seals, credit codes, declared
                counts); its flags belong to that document;
- `submission`  judges a submission from all its documents (and the registry's lists);
- `cross`       judged over the whole registry (caps, pipeline/crosscheck.py); the checklist row
                reports the registry's verdict.

A check returns `Finding`s: one verdict each (pass / fail / unknown / n/a), the value read, the
evidence quoted and where it stands. A `fail` raises the rule's flag with the rule's severity; an
`unknown` with `warn` raises it as a warning (the reading is uncertain: `look_at` says what a
person must look at); a rule without a flag only fills the checklist.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

Status = Literal["pass", "fail", "unknown", "n/a"]
Scope = Literal["document", "submission", "cross"]
VERDICTS: dict[str, str] = {"pass": "符合", "fail": "不符合", "unknown": "待人工确认", "n/a": "不适用"}


class Params(BaseModel):
    """Base of every check's parameters: unknown keys are refused, so a typo fails the load."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class NoParams(Params):
    pass


@dataclass
class Location:
    """Where evidence stands: a document (its path), and where the document has pages, the page
    (1-based) and the box as fractions of the page [x0, y0, x1, y1]; `text` is the line or cell."""

    document: str | None
    page: int | None = None
    box: list[float] | None = None
    text: str | None = None

    def describe(self) -> str:
        name = (self.document or "").replace("\\", "/").rsplit("/", 1)[-1]
        where = f"第{self.page}页" if self.page else ""
        quote = f"“{self.text[:40]}”" if self.text else ""
        return "".join(x for x in (name, " " if name and (where or quote) else "", where, quote) if x)


@dataclass
class Finding:
    """One verdict of a check (a check may give several: one per unit, clause, document …)."""

    status: Status
    message: str
    value: Any = None
    evidence: str | None = None
    unit: str | None = None
    document: str | None = None  # the source path of the document the finding is about
    location: Location | None = None
    warn: bool = False  # with status "unknown": raise the rule's flag as a warning
    look_at: str | None = None  # what a person must look at, and where


@dataclass
class Row:
    """A checklist row: one finding of one rule, with the rule's citation and the flag raised."""

    rule: str
    check: str
    scope: Scope
    title: str
    status: Status
    verdict: str
    value: Any
    message: str
    citation: str
    evidence: str | None = None
    unit: str | None = None
    document: str | None = None
    location: dict[str, Any] | None = None
    look_at: str | None = None
    severity: str | None = None  # the rule's severity (of its flag)
    flag: str | None = None  # the flag code raised by this row, if any
    flag_severity: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class CheckSpec:
    name: str
    scope: Scope
    params: type[Params]
    fn: Callable[..., list[Finding]]
    doc_types: tuple[str, ...] = ()
    title: str = ""


CHECKS: dict[str, CheckSpec] = {}


def check(
    name: str,
    scope: Scope,
    params: type[Params] = NoParams,
    doc_types: tuple[str, ...] = (),
    title: str = "",
) -> Callable[[Callable[..., list[Finding]]], Callable[..., list[Finding]]]:
    """Register a check function under `name`."""

    def deco(fn: Callable[..., list[Finding]]) -> Callable[..., list[Finding]]:
        if name in CHECKS:
            raise ValueError(f"check {name!r} registered twice")
        CHECKS[name] = CheckSpec(
            name=name, scope=scope, params=params, fn=fn, doc_types=doc_types, title=title
        )
        return fn

    return deco


def registered() -> dict[str, CheckSpec]:
    """Every check, with the modules that define them imported."""
    from pipeline.rules import checks  # noqa: F401  (registers the checks)

    return CHECKS
