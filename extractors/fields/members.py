"""Member units: member tables (application forms, agreements, legacy member lists), tier lists
written as text (agreements' 参与单位 clause, plans' 成员单位情况), and signature blocks."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from extractors import uscc
from extractors.fields.common import (
    header_index,
    looks_like_unit,
    strip_seal,
    table_sections,
    tier_heading,
    tier_of,
    unit_kind,
)
from extractors.text import compact, label_key
from models.document import ReadDocument
from models.record import Kind, Member

MEMBER_HEADER = {
    "name": r"单位名称|成员单位|名称|单位",
    "code": r"信用代码|代码",
    "tier": r"层级|层次|联盟职务|职务|角色|定位|成员类别",
    "kind": r"单位类型|单位性质|类型",
    "note": r"地位|分工|作用|简介|说明|情况",
}
KIND_WORDS: list[tuple[Kind, str]] = [
    ("university", r"高校|高等学校|大学"),
    ("institute", r"科研院所|研究院|研究所|科研机构|研究机构"),
    ("enterprise", r"企业|公司"),
    ("other", r"其他|机构|社会组织|服务"),
]


def _is_member_header(cells: list[str]) -> bool:
    raw = "".join(cells)
    if re.search(r"盖章|签字|签章|姓名|平台名称|项目名称", raw):
        return False
    ks = [label_key(c) for c in cells]
    has_name = any(re.search(r"单位名称|成员单位|^名称$|单位$", k) for k in ks)
    has_more = any(re.search(r"信用代码|序号|地位|分工|层级|联盟职务|单位类型", k) for k in ks)
    return has_name and has_more and len(cells) >= 2


def parse_name_code(text: str) -> tuple[str, str | None, str | None]:
    """A cell holding a unit's name and maybe its code: (name, code or None, raw code text
    that looked like a code but is not 18 characters)."""
    t = text or ""
    t = re.sub(r"统一社会信用代码|社会信用代码|信用代码|代码", " ", t)
    flat = compact(t)
    codes = [m for m in re.finditer(r"[0-9A-Z０-９Ａ-Ｚ]{15,20}", uscc.compact(flat))]
    code = None
    raw_bad = None
    name = flat
    if codes:
        m = codes[-1]
        cand = m.group(0)
        # the code is the trailing alphanumeric run; cut it from the name
        norm = uscc.compact(flat)
        name = norm[: m.start()] + norm[m.end() :]
        name = _restore_name(flat, name)
        if len(cand) == 18:
            code = cand
        else:
            raw_bad = cand
    name = re.sub(r"[：:()（）\[\]]+$", "", name).strip()
    name = re.sub(r"^[：:]+", "", name)
    return strip_seal(name), code, raw_bad


def _restore_name(original: str, name_norm: str) -> str:
    """uscc.compact folds full-width forms; keep the written name where it survives unchanged."""
    i = original.find(name_norm[:4]) if name_norm else -1
    if i >= 0 and original[i : i + len(name_norm)] == name_norm:
        return name_norm
    return name_norm


def _kind_from_cell(s: str | None) -> Kind | None:
    if not s:
        return None
    for kind, rx in KIND_WORDS:
        if re.search(rx, s):
            return kind
    return None


@dataclass
class MemberReport:
    """What reading member tables found besides the members: whether the form asks for credit
    codes, and codes written with the wrong length (name -> code as written), which can't be a
    contract `credit_code` and are flagged instead."""

    codes_expected: bool = False
    bad_codes: dict[str, str] = field(default_factory=dict)


def members_from_sections(doc: ReadDocument, report: MemberReport | None = None) -> list[Member]:
    """Members from every member table of the document (header-mapped), in document order."""
    out: list[Member] = []
    seen: set[str] = set()
    for sec in table_sections(doc, _is_member_header):
        idx = header_index(sec.header, MEMBER_HEADER)
        if "name" not in idx:
            continue
        if report is not None and any("代码" in h for h in sec.header):
            report.codes_expected = True
        for r in sec.rows:
            if idx["name"] >= len(r):
                continue
            name_cell = r[idx["name"]]
            code_cell = (
                r[idx["code"]]
                if "code" in idx and idx["code"] < len(r) and idx["code"] != idx["name"]
                else ""
            )
            name, code, bad = parse_name_code(name_cell + ("\n" + code_cell if code_cell else ""))
            if not name or not looks_like_unit(name) and len(name) < 4:
                continue
            note = (
                r[idx["note"]].replace("\n", "").strip() if "note" in idx and idx["note"] < len(r) else None
            )
            tier_cell = r[idx["tier"]] if "tier" in idx and idx["tier"] < len(r) else None
            tier = tier_of(tier_cell) or tier_of(note) or "unspecified"
            kind = _kind_from_cell(r[idx["kind"]] if "kind" in idx and idx["kind"] < len(r) else None)
            key = compact(name)
            if key in seen:
                continue
            seen.add(key)
            m = Member(
                name=compact(name),
                credit_code=code,
                tier=tier,  # type: ignore[arg-type]
                kind=kind or unit_kind(name, code),
                note=note or None,
            )  # type: ignore[arg-type]
            if bad and report is not None:
                report.bad_codes[m.name] = bad
            out.append(m)
    return out


_NUMBERING = re.compile(r"^\s*(?:[（(][0-9一二三四五六七八九十]+[)）]|[0-9一二三四五六七八九十]+[.．、])\s*")


def members_from_tier_lists(lines: list[str]) -> list[Member]:
    """Members listed by tier in running text:

        1．牵头单位            核心层单位（2家）：甲大学、乙研究院。
        甲公司                 牵头单位：甲公司；核心层单位：乙大学、丙研究所
        2．核心层单位
        乙大学
    A list ends at the next heading that names no tier, or at a sentence."""
    out: list[Member] = []
    seen: set[str] = set()
    tier: str | None = None
    pieces: list[str] = []
    for line in lines:
        pieces.extend(p for p in re.split(r"[；;。]", line) if p.strip())
    for p in pieces:
        t = compact(p)
        th = tier_heading(t)
        if th:
            tier = th
            m = re.search(r"[：:](.+)$", t)
            if m:
                for name in re.split(r"[、，,]", m.group(1)):
                    _add(out, seen, strip_seal(name), tier)
            continue
        if tier is None:
            continue
        cand = strip_seal(_NUMBERING.sub("", t))
        cand = re.sub(r"[（(][^）)]*[)）]$", "", cand) if not looks_like_unit(cand) else cand
        if looks_like_unit(cand):
            _add(out, seen, cand, tier)
        elif "、" in cand and all(looks_like_unit(x) for x in cand.split("、")):
            for x in cand.split("、"):
                _add(out, seen, x, tier)
        else:
            tier = None  # the list is over
    return out


def _add(out: list[Member], seen: set[str], name: str, tier: str) -> None:
    n = compact(name)
    if not looks_like_unit(n) or n in seen:
        return
    seen.add(n)
    out.append(Member(name=n, credit_code=None, tier=tier, kind=unit_kind(n), note=None))  # type: ignore[arg-type]  # kind: one of Kind


SEAL = re.compile(r"[（(]\s*(?:盖章|公章|签章)\s*[)）]")


def signatories_from(lines: list[str], table_rows: list[list[str]]) -> list[str]:
    """Units in a signature block: names marked （盖章）, 牵头单位（盖章）：名称, or names in the
    seal column of a signature table."""
    out: list[str] = []

    def add(n: str) -> None:
        n = compact(strip_seal(n))
        n = re.sub(
            r"^(?:牵头单位|核心层单位|紧密合作单位|一般协作层单位|成员单位|签署单位|甲方|乙方|丙方)[：:]",
            "",
            n,
        )
        if looks_like_unit(n) and n not in out:
            out.append(n)

    for line in lines:
        t = compact(line)
        if not t:
            continue
        m = re.match(r"^(?:牵头单位|成员单位|签署单位|单位)?[（(](?:盖章|公章)[)）][：:](.+)$", t)
        if m:
            add(m.group(1))
            continue
        if SEAL.search(t):
            before = SEAL.split(t)[0]
            before = re.sub(r"^.*[：:]", "", before)
            add(before)
    for row in table_rows:
        for cell in row:
            if SEAL.search(cell) and not re.search(r"成员单位[（(]盖章", compact(cell)):
                add(SEAL.split(compact(cell))[0])
    return out


def note_report(rec, report: MemberReport) -> None:
    """Keep what the member tables said about codes on the record, for the document's flags."""
    rec.extra["codes_expected"] = report.codes_expected
    if report.bad_codes:
        rec.extra["codes_of_wrong_length"] = report.bad_codes
