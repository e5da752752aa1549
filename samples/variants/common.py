"""Pieces the document builders share: truth-record skeletons, headings in every numbering style,
covers, seal blocks and signature tables."""

from __future__ import annotations

import datetime as dt
import random

from docmodel import Cell, Doc, P, PageBreak, R, Table, TextBox
from textfmt import cn_int, fmt_date, spaced
from units import Unit

_CYCLES: dict[str, list] = {}


def reset_cycles() -> None:
    _CYCLES.clear()


def cycle(rng: random.Random, key: str, options: list):
    """The next of ``options`` in a shuffled round: over a corpus every option of a dimension of variation
    comes up about equally often (a plain random choice can leave one out)."""
    left = _CYCLES.get(key)
    if not left:
        left = list(options)
        rng.shuffle(left)
        _CYCLES[key] = left
    return left.pop()


CLAUSE_KEYS = [
    "participants",
    "innovation_goal",
    "task_division",
    "rights_obligations",
    "ip_benefit",
    "integrity",
    "breach_liability",
    "signatures",
    "dissolution",
    "dispute_resolution",
]


def blank_record(doc_type: str, juris: str) -> dict:
    return {
        "schema_version": "1.0",
        "source": {},
        "doc_type": doc_type,
        "jurisdiction": juris,
        "consortium_name": None,
        "industry": None,
        "lead_units": [],
        "agreement_effective_date": None,
        "filing_date": None,
        "contact": {"person": None, "phone": None},
        "chief_scientist": {"name": None, "title": None},
        "platform_counts": {"national": None, "provincial": None},
        "declared_counts": {"members": None, "enterprises": None, "universities": None, "institutes": None},
        "members": [],
        "team": [],
        "platforms": [],
        "projects": [],
        "rd": {
            "revenue_cny": None,
            "rd_staff": None,
            "rd_expense_cny": [],
            "rd_intensity_pct": None,
            "self_funding_ratio": None,
        },
        "clauses": {},
        "signatories": [],
        "flags": [],
    }


def member_rec(u: Unit, tier: str, code: str | None = None, note: str | None = None) -> dict:
    return {"name": u.name, "credit_code": code, "tier": tier, "kind": u.kind, "note": note}


def doc_flag(
    code: str, message: str, consortium: str | None, unit: str | None, evidence: str | None, match: list[str]
) -> dict:
    return {
        "code": code,
        "severity": "error",
        "message": message,
        "consortium": consortium,
        "unit": unit,
        "document": None,
        "evidence": evidence,
        "match": match,
    }


CN_NUM = [
    "一",
    "二",
    "三",
    "四",
    "五",
    "六",
    "七",
    "八",
    "九",
    "十",
    "十一",
    "十二",
    "十三",
    "十四",
    "十五",
    "十六",
]


def heading(idx: int, text: str, mode: str, size: float | None = None, bold: bool = True) -> P:
    """Section heading ``idx`` (0-based) in a numbering style; the text itself carries no number for
    automatic numbering (Word shows it)."""
    n = CN_NUM[idx]
    if mode == "cn":
        return P([f"{n}、{text}"], bold=bold, size=size, keep_next=True)
    if mode == "art":
        return P([f"第{n}条  {text}"], bold=bold, size=size, keep_next=True)
    if mode == "dec":
        return P([f"{idx + 1}. {text}"], bold=bold, size=size, keep_next=True)
    if mode == "paren":
        return P([f"（{n}）{text}"], bold=bold, size=size, keep_next=True)
    if mode == "auto":
        return P([text], bold=bold, size=size, num="restart:cn1" if idx == 0 else "cn1", keep_next=True)
    if mode == "autoart":
        return P([text], bold=bold, size=size, num="restart:art" if idx == 0 else "art", keep_next=True)
    if mode == "style":
        return P([f"{n}、{text}"], style="Heading 2", keep_next=True)
    if mode == "plain":
        return P([text], bold=True, size=size, keep_next=True)
    if mode == "bracket":
        return P([f"【{text}】"], bold=bold, size=size, keep_next=True)
    raise ValueError(mode)


def sub_heading(idx: int, text: str, mode: str) -> P:
    if mode == "dec":
        return P([f"{idx + 1}．{text}"], bold=False)
    if mode == "paren":
        return P([f"（{CN_NUM[idx]}）{text}"], bold=False)
    if mode == "auto":
        return P([text], num="restart:decp" if idx == 0 else "decp")
    return P([f"{idx + 1}.{text}"])


def body(text: str, indent: bool = True) -> P:
    return P([text], indent_first=2 if indent else None, align="justify")


def cover_lines(items: list[tuple[str, str]], style: str, rng: random.Random) -> list:
    """A cover's 'label：value' lines: underlined values, a borderless table or content controls."""
    out: list = []
    if style == "table":
        rows = []
        for lab, val in items:
            rows.append([Cell([P([lab], align="right")]), Cell([P([R(val, underline=True)])])])
        out.append(Table(rows, widths=[4.5, 9.5], borders="none", size=15))
        return out
    for lab, val in items:
        if style == "sdt":
            runs = [f"{lab}：", R(val, kind="sdt_text", underline=True)]
        elif style == "underline":
            runs = [f"{lab}：", R(f" {val} ", underline=True)]
        else:
            runs = [f"{lab}：{val}"]
        out.append(P(runs, size=15, indent_left=2.2, space_after=10))
    return out


def spaced_label(lab: str, rng: random.Random) -> str:
    """联 系 人 / 联系人 as covers print short labels."""
    if len(lab) == 3 and rng.random() < 0.6:
        return spaced(lab)
    return lab


def seal_block(
    units: list[Unit],
    style: str,
    rng: random.Random,
    date: dt.date | None,
    date_style: str,
    labels: list[str] | None = None,
    lead_label: str = "牵头单位",
    airy: bool = False,
) -> list:
    """The signature/seal part of an agreement. Returns blocks; every name in ``units`` appears once.

    styles: lines (template: 单位（盖章）/法定代表人（签字）/日期 per unit), table (signature table with
    columns), borderless (grid without borders, letter-spaced names, dates beside them), pairs
    (甲方/乙方 two per row), spaced_lines (letter-spaced names with 盖章 after)."""
    out: list = []
    dtext = fmt_date(date, date_style) if date else "    年    月    日"
    gap = 56 if airy else 8  # room for a 4 cm seal over each entry on signed copies
    if style == "lines":
        for i, u in enumerate(units):
            lab = labels[i] if labels else (lead_label if i == 0 else "成员单位")
            out.append(P([f"{lab}（盖章）：{u.name}"], space_before=gap))
            out.append(P([f"法定代表人或授权代表（签字）：{'':8}"]))
            out.append(P([f"日期：{dtext}"], space_after=6))
        return out
    if style == "table":
        head = [
            Cell(["序号"], bold=True, align="center"),
            Cell(["单位名称（盖章）"], bold=True, align="center"),
            Cell(["法定代表人或授权代表（签字）"], bold=True, align="center"),
            Cell(["签署日期"], bold=True, align="center"),
        ]
        rows: list[list] = [head]
        for i, u in enumerate(units):
            name_cell = Cell([P([u.name], space_before=gap / 2, space_after=gap / 2)])
            rows.append([str(i + 1), name_cell, "", dtext if date else ""])
        out.append(Table(rows, widths=[1.2, 7.5, 4.5, 3.6], header_rows=1))
        return out
    if style == "borderless":
        rows = []
        for u in units:
            nm = spaced(u.name) if rng.random() < 0.7 else u.name
            rows.append(
                [
                    Cell([P([nm], space_before=gap / 2, space_after=gap / 2)]),
                    Cell([P(["（盖章）"], space_before=gap / 2)]),
                    Cell([P([dtext], align="right", space_before=gap / 2)]),
                ]
            )
        out.append(Table(rows, widths=[9.0, 2.5, 4.8], borders="none", size=11))
        return out
    if style == "pairs":
        parties = labels or [
            f"{'甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥'[i]}方" if i < 22 else f"成员{i + 1}"
            for i in range(len(units))
        ]
        rows = []
        for i in range(0, len(units), 2):
            row = []
            for j in (i, i + 1):
                if j < len(units):
                    row.append(
                        Cell(
                            [
                                P([f"{parties[j]}（盖章）："], space_before=gap),
                                P([units[j].name]),
                                P(["法定代表人（签字）："]),
                                P([dtext], space_after=gap / 2),
                            ]
                        )
                    )
                else:
                    row.append(Cell([""]))
            rows.append(row)
        out.append(Table(rows, widths=[8.0, 8.0], borders="none", size=11))
        return out
    if style == "spaced_lines":
        for u in units:
            out.append(
                P([R(u.name, spacing=rng.choice([60, 100, 140])), "    （公章）"], space_before=gap + 2)
            )
            out.append(P([f"{'':20}{dtext}"], align="right"))
        return out
    raise ValueError(style)


def title_block(lines: list[str], size: float = 20) -> list:
    return [P([ln], align="center", bold=True, size=size, space_after=6) for ln in lines]


def page_break() -> PageBreak:
    return PageBreak()


def maybe_textbox(rng: random.Random, lines: list[str]) -> list:
    if rng.random() < 0.35:
        return [TextBox(lines, width_cm=5.5, height_cm=1.4, x_cm=10.5, y_cm=-0.5, size=10)]
    return []


def num_text(n: int, cn: bool, liang: bool = False) -> str:
    if cn:
        if n == 2 and liang:
            return "两"
        return cn_int(n)
    return str(n)


def new_doc(
    rng: random.Random, header: str | None, font: str | None = None, size: float | None = None
) -> Doc:
    d = Doc(
        font=font or rng.choice(["宋体", "仿宋_GB2312", "仿宋", "宋体"]),
        size=size or rng.choice([12, 12, 12.5, 14]),
        header=header if rng.random() < 0.5 else None,
        footer=rng.choice(["page_of", "dash", "plain", None]),
    )
    return d
