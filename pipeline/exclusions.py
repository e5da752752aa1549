"""Exclusion lists and cancelled consortia in the registry: what the paperwork cannot show and the
UNIT_EXCLUDED rules need.

- `import_exclusions`  a data team's list (.xlsx / .csv, columns by header: 单位名称,
                       统一社会信用代码, 名单/类别, 原因, 开始日期, 结束日期 …) with its source and
                       dates; every row not taken is reported with why.
- `cancel_consortium`  a consortium's recognition cancelled (or reinstated) on a date, by whom,
                       recorded with the units it had then. The service function the CLI (and the
                       web app) call.
- `registry_facts`     what the rules read from the registry.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from extractors import uscc
from extractors.text import cjk_count, key, norm_name
from models.record import Flag
from models.tables import (
    Consortium,
    ConsortiumCancellation,
    Exclusion,
    FlagRow,
    Membership,
    Submission,
    row_as,
    utcnow,
)
from pipeline.flagrows import fingerprint
from pipeline.registry import Registry
from pipeline.rules.facts import Cancellation, CancelledUnit, ExclusionEntry, RegistryFacts
from pipeline.sheets import NOT_A_NAME, as_date, table_rows

FIELDS = {
    "name": r"^(?:单位|机构|主体|企业|失信主体)?名称$|^单位$|失信主体",
    "code": r"信用代码|组织机构代码|^代码$",
    "list_kind": r"^名单$|名单类(?:型|别)|^类别$|^类型$|失信类(?:型|别)",
    "reason": r"原因|事由|失信行为|违规行为|处理(?:决定|结果)|^情形$",
    "starts_on": r"开始|起始|起始日期|生效|认定(?:日期|时间)|处理(?:日期|时间)|^起$",
    "ends_on": r"结束|截止|终止|届满|惩戒期(?:至|限)?$|^止$|到期",
    "source": r"^来源$|数据来源|发布(?:机构|单位)",
}
REQUIRED = ("name",)


class ExclusionError(ValueError):
    pass


@dataclass
class ImportReport:
    file: str
    source: str
    taken: int = 0
    already: int = 0
    not_taken: list[dict[str, str]] = field(default_factory=list)
    sheets_skipped: list[dict[str, str]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def import_exclusions(
    reg: Registry,
    path: str | Path,
    source: str,
    by: str,
    list_kind: str = "失信",
    starts_on: dt.date | None = None,
    ends_on: dt.date | None = None,
) -> ImportReport:
    """Add a list's rows to the registry. `source` names the list (e.g. 国家科研诚信服务平台
    2025-06 导出); `list_kind`, `starts_on` and `ends_on` apply where a row does not say its own.
    A row whose end date is before its start, or with neither a name nor a code, is not taken."""
    if not source.strip():
        raise ExclusionError("an exclusion list needs its source (where the list comes from)")
    p = Path(path)
    rows, skipped = table_rows(p, FIELDS, REQUIRED, {"name": "单位名称"})
    rep = ImportReport(file=str(p), source=source, sheets_skipped=skipped)
    with reg.Session.begin() as s:
        for row in rows:
            v = row.values
            name = norm_name(v.get("name", ""))
            code = uscc.compact(v.get("code", "")) or None

            def skip(reason: str, v: dict[str, str] = v, where: str = row.where) -> None:
                rep.not_taken.append(
                    {"where": where, "reason": reason, "row": "｜".join(x for x in v.values() if x)}
                )

            if cjk_count(name) < 2 and not code:
                skip("无单位名称和统一社会信用代码")
                continue
            if NOT_A_NAME.match(name):
                skip(f"“{name}”不是单位名称")
                continue
            if code and not uscc.is_valid(code):
                skip(f"统一社会信用代码 {code} 不符合 GB 32100-2015：{uscc.why_invalid(code)}")
                continue
            start = as_date(v.get("starts_on")) if v.get("starts_on") else starts_on
            end = as_date(v.get("ends_on")) if v.get("ends_on") else ends_on
            if v.get("starts_on") and start is None or v.get("ends_on") and end is None:
                skip(f"日期无法识别：{v.get('starts_on') or ''} {v.get('ends_on') or ''}".strip())
                continue
            if start and end and end < start:
                skip(f"结束日期{end}早于开始日期{start}")
                continue
            kind = (v.get("list_kind") or "").strip() or list_kind
            src = (v.get("source") or "").strip() or source
            fp = fingerprint(kind, key(name), code, start, end, src)
            if s.scalar(select(Exclusion.id).where(Exclusion.fingerprint == fp)) is not None:
                rep.already += 1
                continue
            s.add(
                Exclusion(
                    fingerprint=fp,
                    list_kind=kind,
                    name=name or (code or ""),
                    name_key=key(name),
                    credit_code=code,
                    reason=(v.get("reason") or "").strip() or None,
                    source=src,
                    starts_on=start,
                    ends_on=end,
                    import_file=str(p),
                    row_ref=row.where[:60],
                    imported_by=by,
                    imported_at=utcnow(),
                )
            )
            rep.taken += 1
    return rep


def _consortium(s: Any, consortium: int | str, jurisdiction: str | None) -> Consortium:
    if isinstance(consortium, int) or str(consortium).isdigit():
        c = s.get(Consortium, int(consortium))
        if c is None:
            raise ExclusionError(f"no consortium with id {consortium}")
        return c
    q = select(Consortium).where(Consortium.name_key == key(str(consortium)))
    if jurisdiction:
        q = q.where(Consortium.jurisdiction == jurisdiction)
    found = list(s.scalars(q))
    if not found:
        raise ExclusionError(f"no consortium named {consortium!r} in the registry")
    if len(found) > 1:
        raise ExclusionError(f"{consortium!r} is in several jurisdictions: give the jurisdiction")
    return found[0]


def cancel_consortium(
    reg: Registry,
    consortium: int | str,
    cancelled_on: dt.date,
    by: str,
    reason: str | None = None,
    jurisdiction: str | None = None,
    reinstate: bool = False,
) -> dict[str, Any]:
    """Record that a consortium's recognition was cancelled on a date (or, with `reinstate`, that
    a cancellation is withdrawn), by whom, with the units of its current submission. Appends a
    row (never changes one) and sets the consortium's status (a cancelled consortium no longer
    counts toward the caps). `consortium` is its registry id or its name."""
    if not by.strip():
        raise ExclusionError("who records the cancellation is required")
    with reg.Session.begin() as s:
        c = _consortium(s, consortium, jurisdiction)
        sub = s.scalar(
            select(Submission).where(Submission.consortium_id == c.id, Submission.current.is_(True))
        )
        units = []
        if sub is not None:
            for m in s.scalars(select(Membership).where(Membership.submission_id == sub.id)):
                units.append({"name": m.name_as_written, "credit_code": m.code_as_written, "tier": m.tier})
        row = ConsortiumCancellation(
            consortium_id=c.id,
            action="reinstate" if reinstate else "cancel",
            cancelled_on=cancelled_on,
            reason=reason,
            units=units,
            recorded_by=by,
            recorded_at=utcnow(),
        )
        s.add(row)
        c.status = "current" if reinstate else "cancelled"
        c.updated_at = utcnow()
        return {
            "consortium": c.name,
            "jurisdiction": c.jurisdiction,
            "action": row.action,
            "on": cancelled_on.isoformat(),
            "units": len(units),
            "by": by,
        }


def registry_facts(reg: Registry, cross: bool = False) -> RegistryFacts:
    """The exclusion entries and the cancellations in force (the latest action of each consortium
    is a cancel), and with `cross` the open cross-consortium cap flags."""
    with reg.Session() as s:
        facts = facts_in(s)
        if cross:
            facts.cross_flags = open_cap_flags(s)
    return facts


def facts_in(s: Session, cross_flags: list[Flag] | None = None) -> RegistryFacts:
    """registry_facts inside an open session; `cross_flags` as the caller found them."""
    entries = [row_as(ExclusionEntry, e) for e in s.scalars(select(Exclusion).order_by(Exclusion.id))]
    latest: dict[int, ConsortiumCancellation] = {}
    for r in s.scalars(select(ConsortiumCancellation).order_by(ConsortiumCancellation.id)):
        latest[r.consortium_id] = r
    cancellations = []
    for cid, r in latest.items():
        if r.action != "cancel":
            continue
        c = s.get(Consortium, cid)
        if c is None:
            continue
        cancellations.append(
            row_as(
                Cancellation,
                r,
                consortium=c.name,
                jurisdiction=c.jurisdiction,
                units=tuple(
                    CancelledUnit(u.get("name") or "", u.get("credit_code"), u.get("tier") or "unspecified")
                    for u in r.units or []
                ),
            )
        )
    return RegistryFacts(
        exclusions=entries,
        cancellations=cancellations,
        sources=sorted({e.source for e in entries}),
        cross_flags=cross_flags,
    )


def open_cap_flags(s: Session) -> list[Flag]:
    """The open member- and lead-cap flags (what the checklist's cap rows report)."""
    rows = s.scalars(
        select(FlagRow).where(
            FlagRow.scope == "cross",
            FlagRow.status == "open",
            FlagRow.code.in_(["MEMBER_CAP_EXCEEDED", "LEAD_CAP_EXCEEDED"]),
        )
    )
    return [
        Flag(
            code=r.code,
            severity=r.severity,  # type: ignore[arg-type]
            message=r.message,
            consortium=r.consortium,
            unit=r.unit,
            document=r.document,
            evidence=r.evidence,
        )
        for r in rows
    ]
