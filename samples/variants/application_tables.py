"""The application form's tables and their truth: the team, platforms, projects, members (with
their codes as written), the lead's facts, its R&D figures and funding, the check boxes."""

from __future__ import annotations

import random

from application_text import KIND_CN, TIER_CN
from common import (
    body,
    cycle,
    member_rec,
)
from docmodel import Cell, P, PageBreak, R, Table
from model import Consortium
from textfmt import cn_int, fmt_money, fmt_pct, money_ok, pick_money_style, ratio_text
from units import person


# ---------------------------------------------------------------------------- tables
def add_team(d, c: Consortium, rng: random.Random, rec: dict, chief) -> None:
    team = [p for p in c.team if chief is not None or p is not c.chief]
    shape = cycle(rng, "team", ["template", "template", "reordered", "extra"])
    if shape == "template":
        cols = ["姓名", "年龄", "职务/职称", "从事专业", "工作单位"]
    elif shape == "reordered":
        cols = ["姓名", "工作单位", "职务/职称", "年龄", "从事专业"]
    else:
        cols = ["序号", "姓名", "年龄", "职务/职称", "从事专业", "工作单位", "在联合体中承担的任务"]
    age_suffix = rng.random() < 0.3
    rows: list[list] = [[Cell([h], bold=True, align="center") for h in cols]]
    for i, p in enumerate(team):
        val = {
            "序号": str(i + 1),
            "姓名": p.name,
            "年龄": f"{p.age}{'岁' if age_suffix else ''}",
            "职务/职称": p.title,
            "从事专业": p.specialty,
            "工作单位": p.employer,
            "在联合体中承担的任务": rng.choice(
                ["总体技术负责", "关键技术攻关", "中试验证", "工艺开发", "检测分析"]
            ),
        }
        rows.append([val[h] for h in cols])
        rec["team"].append(
            {"name": p.name, "age": p.age, "title": p.title, "specialty": p.specialty, "employer": p.employer}
        )
    widths = {5: [2.2, 1.6, 4.0, 3.2, 5.4], 7: [1.1, 1.8, 1.3, 3.2, 2.6, 4.2, 2.6]}[len(cols)]
    if shape == "reordered":
        widths = [2.2, 5.4, 4.0, 1.6, 3.2]
    d.add(Table(rows, widths=widths, header_rows=1, size=10.5, cant_split=rng.random() < 0.7))


def add_platforms(d, c: Consortium, rng: random.Random, rec: dict) -> None:
    shape = cycle(rng, "platforms", ["template", "numbered", "reordered"])
    lvl_col = {
        "guangxi": "国家/自治区级",
        "xinjiang": "国家/省级",
        "yunnan": "国家/省级",
        "yongchuan": "级别",
    }[c.juris]
    if shape == "template":
        cols = ["平台名称", "学科/产业领域", lvl_col, "建设时间", "依托单位"]
        widths = [5.2, 2.8, 2.2, 2.2, 4.4]
    elif shape == "numbered":
        cols = ["序号", "平台名称", "学科/产业领域", lvl_col, "建设时间", "依托单位"]
        widths = [1.1, 4.8, 2.6, 2.2, 2.0, 4.3]
    else:
        cols = ["依托单位", "平台名称", lvl_col, "建设时间", "学科/产业领域"]
        widths = [4.4, 5.2, 2.2, 2.2, 2.8]
    rows: list[list] = [[Cell([h], bold=True, align="center") for h in cols]]
    for i, p in enumerate(c.platforms):
        val = {
            "序号": str(i + 1),
            "平台名称": p.name,
            "学科/产业领域": p.field,
            lvl_col: p.level_text,
            "建设时间": p.established,
            "依托单位": p.host,
        }
        rows.append([val[h] for h in cols])
        rec["platforms"].append(
            {
                "name": p.name,
                "field": p.field,
                "level": p.level,
                "established": p.established,
                "host_unit": p.host,
            }
        )
    d.add(Table(rows, widths=widths, header_rows=1, size=10.5, cant_split=rng.random() < 0.7))


def add_projects(d, c: Consortium, rng: random.Random, rec: dict) -> None:
    cols = ["序号", "项目名称", "产业领域", "级别（国家级/省级）", "实施期", "承担单位"]
    rows: list[list] = [[Cell([h], bold=True, align="center") for h in cols]]
    for i, p in enumerate(c.projects):
        rows.append([str(i + 1), p.name, p.field, p.level, p.period, p.host])
        rec["projects"].append(
            {"name": p.name, "field": p.field, "level": p.level, "period": p.period, "host_unit": p.host}
        )
    d.add(Table(rows, widths=[1.1, 5.0, 2.2, 2.4, 2.0, 4.3], header_rows=1, size=10.5))


def code_as_written(c: Consortium, name: str, code: str) -> str | None:
    if name in c.missing_code:
        return None
    return c.bad_code.get(name, code)


def add_members(d, c: Consortium, rng: random.Random, rec: dict, opts: dict) -> None:
    """The member list with codes, in one of many shapes. Records every member with its code as written."""
    mode = opts.get("members") or cycle(
        rng, "members", ["template", "code_col", "code_first", "extra_cols", "reorder", "numbered", "groups"]
    )
    tier_mode = opts.get("tiers") or cycle(rng, "tiers", ["prefix", "prefix", "none", "partial"])
    if mode in ("extra_cols", "groups"):
        tier_mode = "column" if mode == "extra_cols" else "groups"
    cant_split = rng.random() < 0.6
    split = opts.get("split") or (
        cycle(rng, "split", ["continued", "repeat", "none"]) if len(c.members) >= 8 else "none"
    )
    empty_mark = rng.choice(["", "/", "无", "（未填）"])
    members = list(c.members)
    if mode == "groups":
        order = {"lead": 0, "core": 1, "close": 2, "general": 3}
        members.sort(key=lambda u: order[u.tier])
    tiers_stated: dict[str, str] = {}
    for k, u in enumerate(members):
        if u.tier == "lead":
            tiers_stated[u.name] = "lead"
        elif tier_mode in ("prefix", "column", "groups"):
            tiers_stated[u.name] = u.tier
        elif tier_mode == "partial" and k % 2 == 0:
            tiers_stated[u.name] = u.tier
        else:
            tiers_stated[u.name] = "unspecified"

    def note_of(u) -> str:
        t = tiers_stated[u.name]
        pre = ""
        if tier_mode in ("prefix", "partial") and t != "unspecified":
            pre = TIER_CN[t] + "。"
        elif u.tier == "lead":
            pre = "牵头单位。"
        return pre + u.note + ("在联合体内" if rng.random() < 0.5 else "") + u.role + "。"

    def name_cell_text(u) -> str:
        nm = u.name
        if len(nm) >= 13 and rng.random() < 0.3:  # a long name broken over two lines in a narrow cell
            cut = len(nm) - rng.choice([4, 5, 6])
            nm = nm[:cut] + "\n" + nm[cut:]
        return nm

    opts["_members_style"] = {
        "members": mode,
        "tiers": tier_mode,
        "split": split if mode != "numbered" else "none",
    }
    for u in members:
        code = code_as_written(c, u.name, u.code)
        rec["members"].append(
            member_rec(u, tiers_stated[u.name], code, note_of(u) if mode != "numbered" else None)
        )
    # notes are recomputed per call with rng; keep the recorded note as the one written
    written_notes = {m["name"]: m["note"] for m in rec["members"]}
    if mode == "numbered":
        for i, u in enumerate(members):
            code = code_as_written(c, u.name, u.code)
            written = code if code else empty_mark
            note = note_of(u)
            for m in rec["members"]:
                if m["name"] == u.name:
                    m["note"] = note
            d.add(P([f"{i + 1}. {u.name}"], bold=True))
            d.add(P([f"统一社会信用代码：{written}"], indent_first=2))
            d.add(P([f"在行业中的地位及分工：{note}"], indent_first=2))
        return

    if mode == "template":
        cols = [
            "序号",
            "成员单位名称\n及统一社会信用代码",
            "在行业（或领域）中的地位，在联合体内分工（限200字）",
        ]
        widths = [1.3, 6.2, 9.0]
    elif mode == "code_col":
        cols = ["序号", "成员单位名称", "统一社会信用代码", "在行业（或领域）中的地位，在联合体内分工"]
        widths = [1.1, 4.6, 5.3, 5.6]
    elif mode == "code_first":
        cols = ["统一社会信用代码", "单位名称", "地位与分工"]
        widths = [5.3, 5.0, 6.0]
    elif mode == "extra_cols":
        cols = ["序号", "单位名称", "单位性质", "层级", "统一社会信用代码", "联系人", "分工"]
        widths = [1.0, 3.8, 1.5, 1.9, 5.3, 1.4, 2.3]
    elif mode == "reorder":
        cols = ["序号", "单位名称", "在联合体内分工", "统一社会信用代码"]
        widths = [1.1, 4.8, 5.4, 5.3]
    else:  # groups
        cols = ["序号", "单位名称", "统一社会信用代码", "在联合体内分工"]
        widths = [1.1, 4.8, 5.3, 5.4]
    header = [Cell([h], bold=True, align="center") for h in cols]
    rows_all: list[list] = []
    last_tier = None
    for i, u in enumerate(members):
        code = code_as_written(c, u.name, u.code)
        written = code if code else empty_mark
        note = written_notes[u.name] or ""
        if mode == "groups" and u.tier != last_tier:
            rows_all.append([Cell([TIER_CN[u.tier]], span=len(cols), bold=True)])
            last_tier = u.tier
        val = {
            "序号": str(i + 1),
            "成员单位名称\n及统一社会信用代码": f"{name_cell_text(u)}\n{written}",
            "成员单位名称": name_cell_text(u),
            "单位名称": name_cell_text(u),
            "统一社会信用代码": written,
            "在行业（或领域）中的地位，在联合体内分工（限200字）": note,
            "在行业（或领域）中的地位，在联合体内分工": note,
            "地位与分工": note,
            "在联合体内分工": u.role + "。",
            "单位性质": KIND_CN[u.kind],
            "层级": TIER_CN.get(u.tier, ""),
            "联系人": person(rng),
            "分工": u.role,
        }
        rows_all.append([val[h] for h in cols])
    if split == "continued" and len(rows_all) >= 6:
        k = max(3, len(rows_all) // 2 + rng.randrange(-1, 2))
        d.add(Table([header] + rows_all[:k], widths=widths, size=10.5, cant_split=cant_split))
        d.add(PageBreak())
        d.add(
            P([rng.choice(["（续表）", "续表", "（续上表）"])], align=rng.choice(["left", "right", "center"]))
        )
        header2 = [Cell([h], bold=True, align="center") for h in cols]
        d.add(Table([header2] + rows_all[k:], widths=widths, size=10.5, cant_split=cant_split))
    else:
        d.add(
            Table(
                [header] + rows_all,
                widths=widths,
                size=10.5,
                header_rows=1 if split == "repeat" else 0,
                cant_split=cant_split,
            )
        )
    if c.juris == "xinjiang" and rng.random() < 0.6:
        d.add(P(["注：若成员单位超过20家，则只需填写主要成员单位的有关情况。"], size=10.5))


def add_lead_info(d, c: Consortium, rng: random.Random, rec: dict, opts: dict) -> None:
    """The lead's figures (revenue, 专职 R&D staff, three years of R&D spending, intensity)."""
    shape = opts.get("rd_shape") or cycle(rng, "rd_shape", ["table", "prose", "prose"])
    write_rd(d, c, rng, rec, shape, opts)


def write_rd(d, c: Consortium, rng: random.Random, rec: dict, shape: str, opts: dict) -> None:
    rd = c.rd
    if rd.revenue is None:  # a lead that is not a company states no such figures
        return
    if len(c.leads) > 1:  # two leads: the figures are said of the first by name
        shape = "prose"
    lead = c.lead.name
    years_given = not opts.get("rd_no_years", rng.random() < 0.35)
    staff_distractor = opts.get("staff_distractor", rng.random() < 0.6)
    y_last = rd.expense[-1][0]
    rev_style = pick_money_style(rng, rd.revenue)
    rev = fmt_money(rd.revenue, rev_style)
    pct_style = cycle(rng, "pct", ["plain", "plain", "full", "cn"])
    exp_style = pick_money_style(rng, min(a for _, a in rd.expense), allow_cn=True)
    if any(
        not money_ok(a, exp_style) or (exp_style.startswith("cn") and a % 1_000_000) for _, a in rd.expense
    ):
        exp_style = "wan"
    cn_staff = shape == "prose" and rng.random() < 0.35

    def staff_n(n: int) -> str:
        return cn_int(n) if cn_staff else str(n)

    exps = [fmt_money(a, exp_style) for _, a in rd.expense]
    if shape == "table":
        rows = [
            [Cell(["指标"], bold=True), Cell(["内容"], bold=True)],
            [f"{y_last}年主营业务收入" if years_given else "上年度主营业务收入", rev],
            ["研发人员总数（人）", str(rd.staff_total)] if staff_distractor else None,
            [
                "其中：专职研发人员（人）" if staff_distractor else "专职研发人员（人）",
                str(rd.staff_fulltime),
            ],
            [
                "近三年研发投入",
                "；".join((f"{y}年：{e}" if years_given else e) for (y, _), e in zip(rd.expense, exps)),
            ],
            ["研发投入强度（研发投入占主营业务收入比重）", fmt_pct(rd.intensity, pct_style)],
        ]
        d.add(Table([r for r in rows if r], widths=[7.0, 9.0], size=11))
    else:
        unit = rng.choice(["人", "名"])
        staff = (
            f"现有研发人员{staff_n(rd.staff_total)}{unit}，其中专职研发人员{staff_n(rd.staff_fulltime)}{unit}"
            if staff_distractor
            else f"拥有专职研发人员{staff_n(rd.staff_fulltime)}{unit}"
        )
        if years_given:
            yrs = f"{rd.expense[0][0]}—{y_last}年研发投入分别为{'、'.join(exps[:-1])}和{exps[-1]}"
        else:
            yrs = f"近三年研发投入分别为{'、'.join(exps[:-1])}和{exps[-1]}"
        d.add(
            body(
                f"{lead}{'是' if rng.random() < 0.5 else '为'}{c.industry}领域龙头骨干企业，"
                f"{y_last}年实现主营业务收入{rev}，{staff}；{yrs}，研发投入强度{fmt_pct(rd.intensity, pct_style)}。"
            )
        )
    opts["_rd_style"] = {
        "rd": f"{shape}/{'years' if years_given else 'no-years'}/"
        f"{'cn-staff' if cn_staff else 'digit-staff'}/{exp_style}/"
        f"{'staff-distractor' if staff_distractor else 'staff'}/{rev_style}/{pct_style}"
    }
    rec["rd"]["revenue_cny"] = float(rd.revenue)
    rec["rd"]["rd_staff"] = rd.staff_fulltime
    rec["rd"]["rd_expense_cny"] = [
        {"year": (y if years_given else None), "amount_cny": float(a)} for y, a in rd.expense
    ]
    rec["rd"]["rd_intensity_pct"] = rd.intensity


def add_funding(d, c: Consortium, rng: random.Random, rec: dict) -> None:
    rd = c.rd
    style = cycle(rng, "ratio", ["colon", "fullcolon", "bi"])
    fs = pick_money_style(rng, rd.fiscal, allow_cn=True)
    total = rd.fiscal + rd.self_funds
    d.add(
        body(
            f"联合体建设期内计划总投入{fmt_money(total, 'wan')}，其中申请省级财政资金{fmt_money(rd.fiscal, fs)}，"
            f"牵头和成员单位自筹经费{fmt_money(rd.self_funds, 'wan')}，自筹经费与财政资金比例为{ratio_text(rd.ratio, style)}。"
        )
    )
    rec["rd"]["self_funding_ratio"] = rd.ratio


def add_system_checkboxes(d, rng: random.Random, medium: str) -> None:
    kind = "checkbox_sym" if (medium == "docx" and rng.random() < 0.5) else "checkbox_sdt"
    items = [
        "决策议事机构",
        "技术咨询机构",
        "常设执行机构",
        "研发投入及经费管理制度",
        "利益保障制度",
        "开放发展制度",
    ]
    runs: list = []
    for it in items:
        runs += [R(kind=kind, checked=True), f"{it}  "]
    d.add(P(runs))
    d.add(
        P(
            [
                "组建方式：",
                R(kind=kind, checked=True),
                "新组建  ",
                R(kind=kind, checked=False),
                "由产业技术创新战略联盟转建",
            ]
        )
    )
