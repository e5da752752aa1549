"""组建申请表 in blind3 layouts (none of them blind2's):

paged      born-digital PDF: exact line heights so the lead's R&D series starts on the last
           line of a page and continues on the next; member table with a repeated header row
           running over a page; the document title in the page header and 第 X 页 共 Y 页 or
           - X - in the footer
narrow     narrow table cells: amounts, dates, 18-character codes and unit names wrap
features   Word features: a nested member table inside the form, a vMerge tier column, gridSpan
           headers, a tracked insertion (a member) and a tracked row deletion (not a member), a
           comment, a footnote, hidden text, hyperlinks around names, a drop-down content
           control for 产业领域, check boxes (legacy FORMCHECKBOX or w14) for platform levels,
           a text box holding 填报日期
labels     label/value forms: label paragraph then value paragraph, letter-spaced labels,
           label + tab, a table with each label above its value, a value two cells right of
           its label
two_tables enterprises in one table, universities/institutes/others in another
numbered   members only as numbered paragraphs 1．XX有限公司（核心层）
"""

from __future__ import annotations

import random

from samples.blind2 import cn, deck
from samples.blind2.record import blank, doc_flag

from . import forms
from .common import (
    APP_TITLE,
    CHIEF_LABEL,
    KIND_WORD,
    TIER_WORD,
    TIER_WORD2,
    filler,
    level_word,
    pct_text,
    rd_series,
    revenue_text,
)
from .ooxml import LINES_PER_PAGE, Docx, para, run

LAYOUTS = ["paged", "narrow", "features", "labels", "two_tables", "numbered"]


class Ctx:
    """What one application writes and its truth, built together."""

    def __init__(self, sub, rng, layout):
        self.sub, self.rng, self.layout = sub, rng, layout
        self.rec = blank("application", sub.juris)
        self.var = [f"layout:{layout}"]
        self.absent: list[str] = []  # names shown nowhere to a reader (deleted, hidden, comments)
        self.stated = {
            "revenue": False,
            "staff": False,
            "expenses": False,
            "intensity": False,
            "chief": False,
            "self_ratio": False,
        }
        r = self.rec
        r["consortium_name"] = sub.name
        r["industry"] = sub.industry
        r["lead_units"] = [m.name for m in sub.leads]
        r["contact"] = {"person": sub.contact, "phone": sub.phone}
        r["platform_counts"] = {"national": sub.national, "provincial": sub.provincial}
        r["declared_counts"] = dict(sub.declared)
        r["agreement_effective_date"] = cn.iso(sub.effective)
        r["filing_date"] = cn.iso(sub.filing)
        if sub.chief:
            r["chief_scientist"] = {"name": sub.chief["name"], "title": sub.chief["title"]}
            self.stated["chief"] = True
        r["team"] = [dict(t) for t in sub.team]
        r["platforms"] = [dict(p) for p in sub.platforms]
        r["projects"] = [dict(p) for p in sub.projects] if sub.juris == "yunnan" else []
        self.code_form = deck.draw("b3_code_form", forms.CODE_FORMS)
        self.code_label = deck.draw("b3_code_label", forms.CODE_LABELS)
        self.var += [f"code_form:{self.code_form}", f"code_label:{self.code_label}"]

    def code_of(self, m):
        """(text written, truth code) for member m."""
        s = self.sub
        if s.invalid_code_unit == m.name:
            return s.invalid_code, s.invalid_code
        return forms.code_text(m.unit.code, self.code_form), m.unit.code

    def add_member(self, m, tier_stated=True, note=True):
        txt, code = self.code_of(m)
        self.rec["members"].append(
            {
                "name": m.name,
                "credit_code": code,
                "tier": m.tier if (tier_stated or m.tier == "lead") else "unspecified",
                "kind": m.kind,
                "note": m.note if note else None,
            }
        )
        if self.sub.invalid_code_unit == m.name:
            self.rec["flags"].append(
                doc_flag(
                    "CREDIT_CODE_INVALID",
                    "统一社会信用代码校验位错误",
                    self.sub.name,
                    unit=m.name,
                    evidence=code,
                )
            )
        return txt

    def rd_stated(self, which, truth):
        rd = self.rec["rd"]
        s = self.sub.rd
        if "revenue" in which:
            rd["revenue_cny"] = s["revenue"]
        if "staff" in which:
            rd["rd_staff"] = s["staff_ft"]
        if "intensity" in which:
            rd["rd_intensity_pct"] = s["intensity"]
        if "expenses" in which:
            rd["rd_expense_cny"] = truth
        for k in which:
            self.stated[k] = True

    def chief_text(self):
        c = self.sub.chief
        return f"{c['name']}（{c['title']}）" if c else "无"


def _date(sub, which, form=None):
    f = form or deck.draw("b3_date", forms.DATE_FORMS)
    return forms.date(sub.filing if which == "filing" else sub.effective, f), f


def _counts_line(d, form):
    return (
        f"成员总数{forms.count(d['members'], form)}（含牵头单位），其中企业{forms.count(d['enterprises'], form)}、"
        f"高校{forms.count(d['universities'], form)}、科研院所{forms.count(d['institutes'], form)}"
    )


def _team_table(x: Docx, ctx, sz=10.5):
    cols = deck.draw(
        "b3_team_cols",
        [
            ("姓名", "工作单位", "职称/职务", "年龄", "专业"),
            ("姓名", "年龄", "专业", "职称/职务", "工作单位"),
        ],
    )
    key = {"姓名": "name", "工作单位": "employer", "职称/职务": "title", "年龄": "age", "专业": "specialty"}
    w = {"姓名": 2.0, "工作单位": 5.0, "职称/职务": 3.4, "年龄": 1.4, "专业": 3.6}
    rows = [[{"text": c, "b": True, "align": "center"} for c in cols]]
    for t in ctx.sub.team:
        rows.append([str(t[key[c]]) for c in cols])
    x.p(run("科研团队主要成员", b=True))
    x.table(rows, [w[c] for c in cols], header_rows=1, sz=sz)
    ctx.var.append("team cols:" + "/".join(cols))


def _platform_table(x: Docx, ctx, checkbox=None, sz=10.5):
    j = ctx.sub.juris
    rows = [
        [
            {"text": t, "b": True, "align": "center"}
            for t in ("平台名称", "研究方向", "级别", "认定时间", "依托单位")
        ]
    ]
    for p in ctx.sub.platforms:
        lv = level_word(p["level"], j)
        if checkbox:
            cells = []
            for opt in ("国家级", level_word("provincial", j)):
                box = x.formcheckbox(opt == lv) if checkbox == "legacy" else x.w14checkbox(opt == lv)
                cells.append(box + run(opt, sz=9))
            lvl = {"xml": para("".join(cells), after=0)}
        else:
            lvl = lv
        rows.append([p["name"], p["field"], lvl, p["established"], p["host_unit"]])
    x.p(run("已建科研平台情况", b=True))
    x.table(rows, [4.6, 2.8, 2.4 if checkbox else 1.6, 1.8, 3.8], header_rows=1, sz=sz)


def _projects_table(x: Docx, ctx):
    if ctx.sub.juris != "yunnan":
        return
    rows = [[{"text": t, "b": True} for t in ("项目名称", "领域", "级别", "起止时间", "承担单位")]]
    for p in ctx.sub.projects:
        rows.append([p["name"], p["field"], p["level"], p["period"], p["host_unit"]])
    x.p(run("近三年承担的主要科技项目", b=True))
    x.table(rows, [5.0, 2.2, 1.6, 2.6, 4.0], header_rows=1)


# ----------------------------------------------------------------------------- layouts
def _paged(ctx):
    """Category 1: a born-digital PDF where text crosses page breaks."""
    sub, rng = ctx.sub, ctx.rng
    title = APP_TITLE[sub.juris]
    foot = deck.draw("b3_footer", ["page_of", "dash"])
    x = Docx(header=title, footer=foot, exact_lines=True)
    ctx.var.append(f"footer:{foot}; header:title on every page")
    lines = 0
    x.p(run(title, b=True, sz=15), align="center")
    x.p("")
    lines += 2
    ds, df = _date(sub, "filing")
    es, ef = _date(sub, "effective")
    ctx.var += [f"filing:{df}", f"effective:{ef}"]
    lead = sub.lead
    ltxt = ctx.code_of(lead)[0]
    info = [
        "一、联合体基本信息",
        f"联合体名称：{sub.name}",
        f"产业领域：{sub.industry}",
        f"牵头单位：{lead.name}",
        # the long label with a long code form does not fit one line of the paged layout
        f"{ctx.code_label if len(ctx.code_label + ltxt) <= 33 else '信用代码'}：{ltxt}",
        f"联合体协议生效时间：{es}",
        f"联系人：{sub.contact}",
        f"联系电话：{sub.phone}",
        f"填报日期：{ds}",
    ]
    if sub.chief:
        info.append(f"{CHIEF_LABEL[sub.juris]}：{ctx.chief_text()}")
    d = sub.declared
    cf = deck.draw("b3_count_form", ["digits", "hanzi", "fw"])
    info += [
        f"成员总数：{forms.count(d['members'], cf)}",
        f"其中企业：{forms.count(d['enterprises'], cf)}",
        f"高校：{forms.count(d['universities'], cf)}",
        f"科研院所：{forms.count(d['institutes'], cf)}",
        f"国家级平台：{forms.count(sub.national, cf, '个')}",
        f"{level_word('provincial', sub.juris)}平台：{forms.count(sub.provincial, cf, '个')}",
    ]
    ctx.var.append(f"counts:{cf}")
    for line in info:
        assert len(line) <= 34, line
        x.p(line, b=line.startswith("一、"))
    lines += len(info)
    x.p("二、牵头单位基本情况", b=True)
    lines += 1
    # the R&D paragraph: an all-CJK opening that fills the page to its last line, then the series
    left = LINES_PER_PAGE - lines - 1  # full lines of opening text before the series' line
    assert left >= 2, left
    opening = filler(rng, lead.name, 36 * left)
    series, truth, mf = rd_series(sub, rng)
    rev, rf = revenue_text(sub, rng)
    pc, pf = pct_text(sub.rd["intensity"], rng)
    tail = (
        f"；{sub.rd['years'][2]}年实现营业收入{rev}，研发投入强度{pc}，拥有专职研发人员{sub.rd['staff_ft']}人"
        f"（研发人员总数{sub.rd['staff_total']}人）。"
    )
    x.p(opening + series + tail, widow=False, align="both")
    ctx.rd_stated({"revenue", "staff", "expenses", "intensity"}, truth)
    ctx.var += [f"rd series across a page break ({mf})", f"revenue:{rf}", f"pct:{pf}"]
    ctx.split_needle = series
    # members: a long table that runs over the next page with its header row repeated
    x.p("三、成员单位情况", b=True)
    rows = [
        [
            {"text": t, "b": True, "align": "center"}
            for t in ("序号", "单位名称", ctx.code_label, "类型", "层级", "承担任务")
        ]
    ]
    for i, m in enumerate(sub.members, 1):
        ct = ctx.add_member(m)
        rows.append([str(i), m.name, ct, KIND_WORD[m.kind], TIER_WORD[m.tier], m.note])
    x.table(rows, [1.0, 3.6, 3.2, 1.6, 1.8, 4.2], header_rows=1, cant_split=True, sz=10)
    ctx.var.append("member table with repeated header row over a page break")
    _team_table(x, ctx, sz=10)
    _platform_table(x, ctx, sz=10)
    _projects_table(x, ctx)
    return x


def _narrow(ctx):
    """Category 2: narrow cells where values wrap."""
    sub, rng = ctx.sub, ctx.rng
    x = Docx()
    x.title(APP_TITLE[sub.juris])
    ds, df = _date(sub, "filing", deck.draw("b3_narrow_date", ["ymd", "iso", "ymd0"]))
    es, ef = _date(sub, "effective", deck.draw("b3_narrow_date2", ["ymd0", "ymd", "iso"]))
    ctx.var += [f"filing:{df}", f"effective:{ef}"]
    d = sub.declared
    lead = sub.lead
    rev, rf = revenue_text(sub, rng)
    pc, pf = pct_text(sub.rd["intensity"], rng)
    chief = ctx.chief_text() if sub.chief else ""
    rows = [
        [{"text": "联合体名称", "b": True}, {"text": sub.name, "span": 5}],
        [
            {"text": "产业领域", "b": True},
            sub.industry,
            {"text": "协议生效时间", "b": True},
            es,
            {"text": "填报日期", "b": True},
            ds,
        ],
        [
            {"text": "牵头单位", "b": True},
            {"text": lead.name, "span": 3},
            {"text": ctx.code_label, "b": True},
            ctx.code_of(lead)[0],
        ],
        [
            {"text": "联系人", "b": True},
            sub.contact,
            {"text": "联系电话", "b": True},
            sub.phone,
            {"text": CHIEF_LABEL[sub.juris], "b": True},
            chief or "—",
        ],
        [
            {"text": "成员总数", "b": True},
            str(d["members"]),
            {"text": "企业数量", "b": True},
            str(d["enterprises"]),
            {"text": "高校数量", "b": True},
            str(d["universities"]),
        ],
        [
            {"text": "研究机构数量", "b": True},
            str(d["institutes"]),
            {"text": "国家级平台数", "b": True},
            str(sub.national),
            {"text": f"{level_word('provincial', sub.juris)}平台数", "b": True},
            str(sub.provincial),
        ],
        [
            {"text": "牵头单位营业收入", "b": True},
            rev,
            {"text": "研发投入强度", "b": True},
            pc,
            {"text": "专职研发人员", "b": True},
            f"{sub.rd['staff_ft']}人",
        ],
    ]
    x.table(rows, [2.2, 2.1, 2.2, 2.1, 2.2, 2.1], sz=10.5)
    ctx.rd_stated({"revenue", "intensity", "staff"}, None)
    ctx.var += [f"revenue:{rf}", f"pct:{pf}", "basic data in 2.1 cm value cells (dates, amounts, code wrap)"]
    # R&D series in a narrow year table
    mf = deck.draw("b3_money_cells", ["sep_wan", "wan_plain", "fw_wan"])
    ys = sub.rd["years"]
    x.table(
        [
            [{"text": "牵头单位近三年研发投入", "b": True}] + [f"{y}年" for y in ys],
            [{"text": "金额", "b": True}] + [forms.money(v, mf) for v in sub.rd["expenses"]],
        ],
        [3.0, 1.9, 1.9, 1.9],
        sz=10.5,
    )
    ctx.rd_stated({"expenses"}, [{"year": y, "amount_cny": v} for y, v in zip(ys, sub.rd["expenses"])])
    ctx.var.append(f"rd series in narrow cells ({mf})")
    rows = [
        [
            {"text": t, "b": True}
            for t in ("序号", "单位名称", "统一社会信用代码", "单位类型", "层级", "所在地", "分工")
        ]
    ]
    for i, m in enumerate(sub.members, 1):
        ct = ctx.add_member(m)
        rows.append([str(i), m.name, ct, KIND_WORD[m.kind], TIER_WORD2[m.tier], m.unit.city or "—", m.note])
    x.p(run("成员单位名单", b=True))
    x.table(rows, [0.8, 2.5, 2.1, 1.3, 1.5, 1.3, 5.0], header_rows=1, sz=10.5)
    ctx.var.append("member names and codes wrap in 2.5/2.1 cm cells")
    _team_table(x, ctx)
    _platform_table(x, ctx)
    _projects_table(x, ctx)
    return x


def _features(ctx, reg_spare):
    """Category 3: Word features that a reader may lose or read wrongly. .docx only."""
    sub, rng = ctx.sub, ctx.rng
    x = Docx(header=APP_TITLE[sub.juris])
    x.title(APP_TITLE[sub.juris])
    ds, df = _date(sub, "filing")
    es, ef = _date(sub, "effective")
    ctx.var += [f"filing:{df} in a text box", f"effective:{ef}"]
    x.p(
        x.textbox(
            para(run(f"填报日期：{ds}")) + para(run(f"联系人：{sub.contact}    联系电话：{sub.phone}")),
            width_pt=400,
            height_pt=48,
        )
    )
    x.p("")
    lead = sub.lead
    inds = [sub.industry] + ["先进制造", "现代农业", "生物医药", "新材料", "电子信息", "节能环保"]
    inds = list(dict.fromkeys(inds))
    hidden_unit = reg_spare.pop()
    ctx.absent.append(hidden_unit)
    main = [
        [{"text": "一、联合体基本情况", "span": 4, "b": True, "align": "center"}],  # gridSpan header
        [{"text": "联合体名称", "b": True}, {"text": sub.name, "span": 3}],
        [
            {"text": "产业领域", "b": True},
            {"xml": para(x.dropdown(inds, sub.industry, sz=10.5), after=0)},
            {"text": "协议生效时间", "b": True},
            es,
        ],
        [
            {"text": "牵头单位", "b": True},
            {
                "xml": para(
                    x.link(run(lead.name, sz=10.5, u=True, color="0563C1"), "http://www.example.com.cn/"),
                    after=0,
                )
                + para(run(f"{ctx.code_label}：{ctx.code_of(lead)[0]}", sz=10.5), after=0)
            },
            {"text": CHIEF_LABEL[sub.juris], "b": True},
            ctx.chief_text() if sub.chief else "—",
        ],
        [{"text": "成员数量", "b": True}, {"text": _counts_line(sub.declared, "digits"), "span": 3}],
        [
            {"text": "平台数量", "b": True},
            {
                "text": f"国家级{sub.national}个，{level_word('provincial', sub.juris)}{sub.provincial}个",
                "span": 3,
            },
        ],
    ]
    # the member list as a table nested in one cell of the form, tiers in a vMerge column
    by_tier = {}
    for m in sub.members:
        by_tier.setdefault(m.tier, []).append(m)
    ins_m = rng.choice([m for m in sub.members if m.tier != "lead"])
    cmt_m = rng.choice([m for m in sub.members if m.tier != "lead" and m is not ins_m])
    deleted_unit = reg_spare.pop()
    ctx.absent.append(deleted_unit)
    comment_unit = reg_spare.pop()
    ctx.absent.append(comment_unit)
    inner = [[{"text": t, "b": True} for t in ("层级", "单位名称", "信用代码", "分工")]]
    del_tier = rng.choice([t for t in ("core", "close", "general") if by_tier.get(t)])
    for tier in ("lead", "core", "close", "general"):
        for i, m in enumerate(by_tier.get(tier, [])):
            ct = ctx.add_member(m)
            tcell = (
                {"text": TIER_WORD[tier], "vmerge": "restart"}
                if i == 0
                else {"text": "", "vmerge": "continue"}
            )
            nm = run(m.name, sz=10)
            if m is ins_m:
                nm = x.ins(nm)
                cells = [
                    tcell,
                    {"xml": para(nm, after=0)},
                    {"xml": para(x.ins(run(ct, sz=10)), after=0)},
                    {"xml": para(x.ins(run(m.note, sz=10)), after=0)},
                ]
            elif m is cmt_m:
                nm = x.comment(nm, f"经办人：请核实，是否改为{comment_unit}？")
                cells = [tcell, {"xml": para(nm, after=0)}, ct, m.note]
            else:
                if rng.random() < 0.3:
                    nm = x.link(nm, "http://www.example.com.cn/")
                cells = [tcell, {"xml": para(nm, after=0)}, ct, m.note]
            inner.append(cells)
        if tier == del_tier:  # a whole row deleted with track changes, at the end of a tier group
            inner.append({"cells": [{"text": TIER_WORD[tier]}, deleted_unit, "", "拟退出"], "deleted": True})
    nested = x.table(inner, [1.5, 4.0, 3.4, 5.8], nested=True, sz=10)
    main.append([{"text": "二、成员单位（含牵头单位）", "span": 4, "b": True, "align": "center"}])
    main.append([{"xml": nested + para("", after=0), "span": 4}])
    ctx.var += [
        f"tracked insertion: {ins_m.name} (a member)",
        f"tracked row deletion: {deleted_unit} (not a member)",
        f"comment on {cmt_m.name} naming {comment_unit} (not a member)",
        "nested member table, vMerge tiers",
        "drop-down content control for 产业领域",
        "hyperlinks around names",
    ]
    x.table(main, [2.6, 5.0, 2.6, 5.0], sz=10.5)
    x.p(run(f"（备选成员单位：{hidden_unit}）", vanish=True))
    ctx.var.append(f"hidden text names {hidden_unit} (not a member)")
    # the lead's figures with a footnote
    rev, rf = revenue_text(sub, rng)
    series, truth, mf = rd_series(sub, rng)
    x.p(
        run(f"牵头单位上年度营业收入{rev}")
        + x.footnote("营业收入为经审计的合并报表口径。")
        + run(f"，{series}。"),
        indent=True,
    )
    ctx.rd_stated({"revenue", "expenses"}, truth)
    ctx.var += [f"revenue:{rf} with a footnote", f"series:{mf}"]
    box = deck.draw("b3_checkbox", ["legacy", "w14"])
    _platform_table(x, ctx, checkbox=box)
    ctx.var.append(f"platform level by {box} check boxes")
    _team_table(x, ctx)
    _projects_table(x, ctx)
    return x


def _labels(ctx):
    """Category 6: label/value arrangements."""
    sub, rng = ctx.sub, ctx.rng
    x = Docx()
    x.title(APP_TITLE[sub.juris])
    x.p("")
    ds, df = _date(sub, "filing")
    es, ef = _date(sub, "effective")
    ctx.var += [f"filing:{df}", f"effective:{ef}"]
    lead = sub.lead
    # label paragraph, value on the next
    for lab, val in (
        ("联合体名称", sub.name),
        ("牵头单位", lead.name),
        (ctx.code_label, ctx.code_of(lead)[0]),
    ):
        x.p(run(lab, b=True))
        x.p(val, left=0.8)
    # letter-spaced labels
    x.p(run("产 业 领 域：") + run(sub.industry))
    x.p(run("联 系 人：") + run(sub.contact))
    x.p(run("联 系 电 话：") + run(sub.phone))
    # label, tab, value
    x.p(run(f"填报日期\t{ds}"), tabs=[2400])
    x.p(run(f"协议生效时间\t{es}"), tabs=[2400])
    if sub.chief:
        x.p(run(f"{CHIEF_LABEL[sub.juris]}\t{ctx.chief_text()}"), tabs=[2400])
    ctx.var.append("labels: own line / letter-spaced / tab")
    # a form table with each label above its value
    d = sub.declared
    labs = ["成员总数", "企业数量", "高校数量", "研究机构数量"]
    vals = [d["members"], d["enterprises"], d["universities"], d["institutes"]]
    x.table([[{"text": t, "b": True, "align": "center"} for t in labs], [str(v) for v in vals]], [3.8] * 4)
    # value two cells right of its label
    rev, rf = revenue_text(sub, rng)
    pc, pf = pct_text(sub.rd["intensity"], rng)
    x.table(
        [
            [{"text": "国家级平台", "b": True}, "（个）", str(sub.national)],
            [
                {"text": f"{level_word('provincial', sub.juris)}平台", "b": True},
                "（个）",
                str(sub.provincial),
            ],
            [{"text": "牵头单位上年度营业收入", "b": True}, "", rev],
            [{"text": "牵头单位研发投入强度", "b": True}, "", pc],
        ],
        [5.0, 2.0, 8.2],
    )
    ctx.rd_stated({"revenue", "intensity"}, None)
    ctx.var += [
        "counts: label above value",
        "value two cells right of its label",
        f"revenue:{rf}",
        f"pct:{pf}",
    ]
    rows = [
        [{"text": t, "b": True} for t in ("序号", "单位名称", "单位性质", ctx.code_label, "在联合体中的层级")]
    ]
    for i, m in enumerate(sub.members, 1):
        ct = ctx.add_member(m, note=False)
        rows.append([str(i), m.name, KIND_WORD[m.kind], ct, TIER_WORD2[m.tier]])
    x.p(run("成员单位", b=True))
    x.table(rows, [1.0, 5.2, 2.0, 4.6, 2.4], header_rows=1)
    _team_table(x, ctx)
    _platform_table(x, ctx)
    _projects_table(x, ctx)
    return x


def _two_tables(ctx):
    """Category 8: enterprises in one table, universities/institutes/others in another."""
    sub, rng = ctx.sub, ctx.rng
    x = Docx(footer="dash")
    x.title(APP_TITLE[sub.juris])
    ds, df = _date(sub, "filing")
    es, ef = _date(sub, "effective")
    ctx.var += [f"filing:{df}", f"effective:{ef}"]
    lead = sub.lead
    cf = deck.draw("b3_count_form2", ["hanzi", "digits", "fw"])
    x.table(
        [
            [{"text": "联合体名称", "b": True}, {"text": sub.name, "span": 3}],
            [{"text": "产业领域", "b": True}, sub.industry, {"text": "填报日期", "b": True}, ds],
            [{"text": "牵头单位", "b": True}, {"text": lead.name, "span": 3}],
            [{"text": "联系人", "b": True}, sub.contact, {"text": "联系电话", "b": True}, sub.phone],
            [
                {"text": "联合体协议生效时间", "b": True},
                es,
                {"text": CHIEF_LABEL[sub.juris], "b": True},
                ctx.chief_text() if sub.chief else "—",
            ],
            [
                {"text": "平台数量", "b": True},
                {
                    "text": f"国家级{sub.national}个，{level_word('provincial', sub.juris)}{sub.provincial}个",
                    "span": 3,
                },
            ],
        ],
        [3.2, 4.4, 2.6, 5.0],
    )
    x.p(_counts_line(sub.declared, cf) + "。", indent=True)
    ctx.var.append(f"counts sentence:{cf}")
    ents = [m for m in sub.members if m.kind == "enterprise"]
    oth = [m for m in sub.members if m.kind != "enterprise"]
    x.p(run("（一）企业成员", b=True))
    rows = [[{"text": t, "b": True} for t in ("序号", "企业名称", ctx.code_label, "层级", "主要分工")]]
    for i, m in enumerate(ents, 1):
        ct = ctx.add_member(m)
        rows.append([str(i), m.name, ct, TIER_WORD[m.tier], m.note])
    x.table(rows, [1.0, 4.0, 3.6, 2.0, 4.6], header_rows=1)
    x.p(run("（二）高校、科研院所及其他单位成员", b=True))
    rows = [
        [{"text": t, "b": True} for t in ("序号", "单位名称", "单位类别", ctx.code_label, "层级", "主要分工")]
    ]
    for i, m in enumerate(oth, 1):
        ct = ctx.add_member(m)
        rows.append([str(i), m.name, KIND_WORD[m.kind], ct, TIER_WORD[m.tier], m.note])
    x.table(rows, [1.0, 3.6, 1.6, 3.4, 1.8, 3.8], header_rows=1)
    ctx.var.append("two member tables (enterprises / others)")
    series, truth, mf = rd_series(sub, rng)
    x.p(
        f"牵头单位{lead.name}拥有专职研发人员{forms.count(sub.rd['staff_ft'], 'digits', '人')}，{series}。",
        indent=True,
    )
    ctx.rd_stated({"staff", "expenses"}, truth)
    ctx.var.append(f"series:{mf}")
    _team_table(x, ctx)
    _platform_table(x, ctx)
    _projects_table(x, ctx)
    return x


def _numbered(ctx):
    """Category 8: members given only as numbered paragraphs."""
    sub, rng = ctx.sub, ctx.rng
    x = Docx(header=sub.name, footer="page_of")
    x.title(APP_TITLE[sub.juris])
    ds, df = _date(sub, "filing")
    es, ef = _date(sub, "effective")
    ctx.var += [f"filing:{df}", f"effective:{ef}"]
    x.p(f"联合体名称：{sub.name}")
    x.p(f"产业领域：{sub.industry}")
    x.p(f"联合体协议生效时间：{es}")
    x.p(f"联系人：{sub.contact}；联系电话：{sub.phone}")
    x.p(f"填报日期：{ds}")
    if sub.chief:
        x.p(f"{CHIEF_LABEL[sub.juris]}：{ctx.chief_text()}")
    d = sub.declared
    x.p(f"已建国家级平台{sub.national}个、{level_word('provincial', sub.juris)}平台{sub.provincial}个。")
    x.p(run("一、成员单位", b=True))
    x.p(_counts_line(d, "digits") + "，名单如下：", indent=True)
    style = deck.draw("b3_numbered", ["fw_dot", "paren", "dun"])
    for i, m in enumerate(sub.members, 1):
        ct = ctx.add_member(m)
        num = {"fw_dot": f"{i}．", "paren": f"（{cn.int_cn(i)}）", "dun": f"{cn.int_cn(i)}、"}[style]
        x.p(f"{num}{m.name}（{TIER_WORD[m.tier]}）", left=0.5)
        x.p(f"{ctx.code_label}：{ct}。分工：{m.note}", left=1.2)
    ctx.var.append(f"members as numbered paragraphs ({style})")
    rev, rf = revenue_text(sub, rng)
    series, truth, mf = rd_series(sub, rng, years=rng.random() < 0.7)
    pc, pf = pct_text(sub.rd["intensity"], rng)
    x.p(run("二、牵头单位情况", b=True))
    x.p(f"{sub.lead.name}上年度实现营业收入{rev}，研发投入强度{pc}。{series}。", indent=True)
    ctx.rd_stated({"revenue", "intensity", "expenses"}, truth)
    ctx.var += [f"revenue:{rf}", f"pct:{pf}", f"series:{mf}"]
    _team_table(x, ctx)
    _platform_table(x, ctx)
    _projects_table(x, ctx)
    return x


def write(sub, rng: random.Random, layout: str, reg_spare: list[str]):
    ctx = Ctx(sub, rng, layout)
    if layout == "paged":
        x = _paged(ctx)
    elif layout == "narrow":
        x = _narrow(ctx)
    elif layout == "features":
        x = _features(ctx, reg_spare)
    elif layout == "labels":
        x = _labels(ctx)
    elif layout == "two_tables":
        x = _two_tables(ctx)
    else:
        x = _numbered(ctx)
    if sub.juris != "yunnan":
        ctx.rec["projects"] = []
    return x, ctx
