"""Data teams' registers of legacy 产业技术创新战略联盟: a spreadsheet (.xlsx or .csv), one row per
membership, columns found by their header names (联盟名称, 单位名称, 统一社会信用代码, 牵头/成员,
成立时间, 省份 …). Each alliance becomes one legacy document record and one submission, for the
registry; every row not taken is reported with why.

A register's alliance has no file of its own: its record's `source.path` is `FILE#联盟名称` and its
`source.sha256` the SHA-256 of the file's bytes followed by the alliance's name (so importing the
same register again changes nothing); `extra.register` says which file, sheet and rows.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from extractors import uscc
from extractors.text import cjk_count, key, norm_name
from models.record import DocumentRecord, Member, Source, SubmissionRecord
from pipeline.batch import assemble
from pipeline.rules.checks.common import kind_by_name
from pipeline.sheets import NOT_A_NAME, as_date, table_rows

FIELDS = {
    "alliance": r"联盟名称|联盟$|产业技术创新战略联盟|^(?:联盟|组织)名称$",
    "unit": r"^(?:成员)?单位名称$|^成员单位$|^单位$|^成员名称$|^成员$",
    "code": r"信用代码|组织机构代码|^代码$",
    "role": r"牵头|角色|身份|成员类型|成员类别|^职务$|^层级$",
    "established": r"成立(?:时间|日期|年份)|认定(?:时间|日期)|批准(?:时间|日期)|组建(?:时间|日期)",
    "jurisdiction": r"^省份$|^省区$|^地区$|所属(?:省份|地区)|认定部门|认定单位|^辖区$",
}
REQUIRED = ("alliance", "unit")
JURISDICTIONS = {"广西": "guangxi", "新疆": "xinjiang", "云南": "yunnan", "永川": "yongchuan"}
DIVISIONS = {"45": "guangxi", "65": "xinjiang", "53": "yunnan", "500118": "yongchuan"}


@dataclass
class RegisterResult:
    file: str
    documents: list[DocumentRecord] = field(default_factory=list)
    submissions: list[SubmissionRecord] = field(default_factory=list)
    rows_taken: int = 0
    not_taken: list[dict[str, str]] = field(default_factory=list)  # {where, reason, row}
    notes: list[dict[str, str]] = field(default_factory=list)  # taken, with something to check
    sheets_skipped: list[dict[str, str]] = field(default_factory=list)

    def report(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "alliances": len(self.submissions),
            "rows_taken": self.rows_taken,
            "rows_not_taken": self.not_taken,
            "notes": self.notes,
            "sheets_skipped": self.sheets_skipped,
        }


def _tier(role: str) -> str | None:
    r = key(role)
    if not r:
        return "unspecified"
    if re.search(r"牵头|理事长单位$|^理事长$|依托单位", r) and "副" not in r:
        return "lead"
    if "核心" in r:
        return "core"
    if "紧密" in r:
        return "close"
    if re.search(r"一般|协作|生态", r):
        return "general"
    if re.search(r"成员|理事|会员|参与|副理事长", r):
        return "unspecified"
    return None


def _jurisdiction(values: list[str], alliance: str, codes: list[str]) -> str:
    for text in [*values, alliance]:
        for word, j in JURISDICTIONS.items():
            if word in (text or ""):
                return j
    for c in codes:
        div = uscc.division(c) or ""
        for prefix, j in sorted(DIVISIONS.items(), key=lambda x: -len(x[0])):
            if div.startswith(prefix):
                return j
    return "unknown"


def read_register(path: str | Path) -> RegisterResult:
    """A register's alliances as legacy records (raises SheetError when the file cannot be read)."""
    p = Path(path)
    data = p.read_bytes()
    file_sha = hashlib.sha256(data).hexdigest()
    res = RegisterResult(file=str(p))
    rows, res.sheets_skipped = table_rows(p, FIELDS, REQUIRED, {"alliance": "联盟名称", "unit": "单位名称"})
    by_alliance: dict[str, list[tuple[Any, Member, dict[str, str]]]] = {}
    seen: set[tuple[str, str]] = set()
    for row in rows:
        v = row.values
        alliance, unit = norm_name(v.get("alliance", "")), norm_name(v.get("unit", ""))

        def skip(reason: str, v: dict[str, str] = v, where: str = row.where) -> None:
            res.not_taken.append(
                {"where": where, "reason": reason, "row": "｜".join(x for x in v.values() if x)}
            )

        if not alliance:
            skip("无联盟名称")
            continue
        if not unit:
            skip("无单位名称")
            continue
        if NOT_A_NAME.match(unit) or cjk_count(unit) < 2:
            skip(f"“{unit}”不是单位名称")
            continue
        if (key(alliance), key(unit)) in seen:
            skip("与前面的行重复（同一联盟、同一单位）")
            continue
        seen.add((key(alliance), key(unit)))
        code = uscc.compact(v.get("code", "")) or None
        if code and uscc.why_invalid(code):
            res.notes.append(
                {
                    "where": row.where,
                    "note": f"统一社会信用代码 {code} 不符合 GB 32100-2015：{uscc.why_invalid(code)}（照录）",
                }
            )
        tier = _tier(v.get("role", ""))
        if tier is None:
            res.notes.append({"where": row.where, "note": f"身份“{v.get('role')}”无法识别，记为未注明层级"})
            tier = "unspecified"
        m = Member(name=unit, credit_code=code, tier=tier, kind=kind_by_name(unit))  # type: ignore[arg-type]
        by_alliance.setdefault(alliance, []).append((row.where, m, v))
        res.rows_taken += 1
    for alliance, items in by_alliance.items():
        members = [m for _, m, _ in items]
        codes = [m.credit_code for m in members if m.credit_code and uscc.is_valid(m.credit_code)]
        jur = _jurisdiction([v.get("jurisdiction", "") for _, _, v in items], alliance, codes)
        if jur == "unknown":
            res.notes.append(
                {
                    "where": items[0][0],
                    "note": f"“{alliance}”的辖区无法判断（无省份列，名称和代码中也看不出），记为未知",
                }
            )
        est = next((d for _, _, v in items if (d := as_date(v.get("established")))), None)
        sha = hashlib.sha256(data + alliance.encode("utf-8")).hexdigest()
        rec = DocumentRecord(
            source=Source(path=f"{p}#{alliance}", sha256=sha, media_type="other"),
            doc_type="legacy_alliance",
            jurisdiction=jur,  # type: ignore[arg-type]
            consortium_name=alliance,
            lead_units=[m.name for m in members if m.tier == "lead"],
            agreement_effective_date=est.isoformat() if est else None,
            members=members,
        )
        rec.extra["register"] = {"file": str(p), "file_sha256": file_sha, "rows": [w for w, _, _ in items]}
        rec.extra["codes_expected"] = False  # a register's blank code cell is not a form left unfilled
        res.documents.append(rec)
        sub = assemble(alliance, [rec])
        res.submissions.append(sub)
    return res
