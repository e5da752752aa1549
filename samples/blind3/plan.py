"""建设/实施/组建方案 in blind3 layouts:

vmerge_table   members in a table whose tier column is merged vertically (vMerge) per tier
tier_numbered  members as numbered paragraphs under one heading per tier
paged_rd       exact line heights, page header and footer; the lead's R&D series starts on the
               last line of a page and ends on the next
"""

from __future__ import annotations

import random

from samples.blind2 import cn, deck
from samples.blind2.record import blank

from .common import KIND_WORD, TIER_WORD2, filler, rd_series
from .ooxml import LINES_PER_PAGE, Docx, run

LAYOUTS = ["vmerge_table", "tier_numbered", "paged_rd"]


def write(sub, rng: random.Random, layout: str, chief_here: bool, self_here: bool):
    from samples.blind2.scenario import JURIS

    word = JURIS[sub.juris]["plan"]
    rec = blank("plan", sub.juris)
    var = [f"layout:{layout}"]
    rec["consortium_name"] = sub.name
    rec["lead_units"] = [m.name for m in sub.leads]
    stated = {}
    title = f"{sub.name}{word}"
    paged = layout == "paged_rd"
    x = Docx(header=title if paged else None, footer="page_of" if paged else "dash", exact_lines=paged)
    lines = 0
    x.p(run(title, b=True, sz=14 if paged else 18), align="center")
    x.p("")
    lines += 2
    heads = ["一、联合体概况", "二、建设目标", "三、组织架构", "四、牵头单位基础", "五、保障措施"]
    x.p(heads[0], b=True)
    x.p(f"产业领域：{sub.industry}")
    rec["industry"] = sub.industry
    x.p(f"牵头单位：{'、'.join(m.name for m in sub.leads)}")
    lines += 3
    if chief_here and sub.chief:
        lab = deck.draw("b3_plan_chief", ["首席科学家", "首席专家"])
        x.p(f"{lab}：{sub.chief['name']}（{sub.chief['title']}）")
        rec["chief_scientist"] = {"name": sub.chief["name"], "title": sub.chief["title"]}
        stated["chief"] = True
        lines += 1
        var.append(f"chief:{lab} line")
    if self_here:
        r = sub.rd["self_ratio"]
        x.p(f"自筹经费与财政经费比例：{r:g}:1")
        rec["rd"]["self_funding_ratio"] = r
        stated["self_ratio"] = True
        lines += 1
    goals = [
        "突破关键核心技术5项以上",
        "制定国家或行业标准3项以上",
        "建成中试验证平台2个",
        "培育高新技术企业5家以上",
        "引进和培养高层次人才20名以上",
        "实现新增产值显著增长",
    ]
    if paged:
        x.p(heads[1], b=True)
        for gi, g in enumerate(goals, 1):
            x.p(f"{gi}．{g}")
        lines += 1 + len(goals)
        x.p(heads[3], b=True)
        lines += 1
        left = LINES_PER_PAGE - lines - 1
        opening = filler(rng, sub.lead.name, 36 * left)
        series, truth, mf = rd_series(sub, rng)
        x.p(opening + series + "，研发投入保持稳定增长。", widow=False, align="both")
        rec["rd"]["rd_expense_cny"] = truth
        stated["expenses"] = True
        var.append(f"rd series across a page break ({mf})")
        split = series
    else:
        split = None
    if not paged:
        x.p(heads[1], b=True)
    x.p(
        f"围绕{sub.industry}产业链关键环节，开展关键核心技术攻关，建设期内突破关键技术5项以上，制定标准3项以上。",
        indent=True,
    )
    x.p(heads[2], b=True)
    x.p("联合体实行理事会领导下的首席科学家负责制，设立专家委员会和秘书处。成员单位如下：", indent=True)
    by = {}
    for m in sub.members:
        by.setdefault(m.tier, []).append(m)
    if layout in ("vmerge_table", "paged_rd"):
        rows = [[{"text": t, "b": True, "align": "center"} for t in ("层级", "序号", "单位名称", "单位类型")]]
        k = 0
        for tier in ("lead", "core", "close", "general"):
            for i, m in enumerate(by.get(tier, [])):
                k += 1
                tc = (
                    {"text": TIER_WORD2[tier], "vmerge": "restart", "vcenter": True}
                    if i == 0
                    else {"text": "", "vmerge": "continue"}
                )
                rows.append([tc, str(k), m.name, KIND_WORD[m.kind]])
                rec["members"].append(
                    {"name": m.name, "credit_code": None, "tier": m.tier, "kind": m.kind, "note": None}
                )
        x.table(rows, [3.0, 1.2, 8.0, 3.0], header_rows=1)
        var.append("tier column merged vertically")
    else:
        for j, tier in enumerate(("lead", "core", "close", "general")):
            if not by.get(tier):
                continue
            x.p(f"（{cn.int_cn(j + 1)}）{TIER_WORD2[tier]}", b=True)
            for i, m in enumerate(by[tier], 1):
                x.p(f"{i}．{m.name}", left=0.7)
                rec["members"].append(
                    {"name": m.name, "credit_code": None, "tier": m.tier, "kind": m.kind, "note": None}
                )
        var.append("numbered paragraphs under tier headings")
    if not paged and rng.random() < 0.6:
        x.p(heads[3], b=True)
        series, truth, mf = rd_series(sub, rng, years=rng.random() < 0.6)
        x.p(f"{sub.lead.name}{series}。", indent=True)
        rec["rd"]["rd_expense_cny"] = truth
        stated["expenses"] = True
        var.append(f"series:{mf}")
    x.p(heads[4], b=True)
    x.p("各成员单位落实配套经费，建立联合体运行管理制度，定期开展绩效评价。", indent=True)
    return x, rec, var, stated, split
