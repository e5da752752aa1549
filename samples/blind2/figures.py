"""The lead unit's figures written as prose, with distractors beside them (numbers of the whole
consortium, of another member, planned output, a special fund) that are not the lead's."""

from __future__ import annotations

import random

from . import cn


def lead_figures(
    sub,
    rng: random.Random,
    want: set[str],
    allow_distractors: bool = True,
    years_required: bool = False,
    staff_form: str | None = None,
):
    """Sentences stating the lead's figures named in `want` (revenue, staff, expenses, intensity).
    Returns (sentences, rd truth, variants used)."""
    rd = sub.rd
    lead = sub.lead.name
    short = sub.lead.unit.short or lead
    y0, y1, y2 = rd["years"]
    truth = {
        "revenue_cny": None,
        "rd_staff": None,
        "rd_expense_cny": [],
        "rd_intensity_pct": None,
        "self_funding_ratio": None,
    }
    variants = []
    parts = []
    if "revenue" in want:
        r = cn.money_text(rd["revenue"], rng)
        parts.append(
            rng.choice(
                [
                    f"{y2}年实现主营业务收入{r}",
                    f"上年度营业收入{r}",
                    f"年主营业务收入达{r}",
                    f"{y2}年营业收入为{r}",
                ]
            )
        )
        truth["revenue_cny"] = rd["revenue"]
        variants.append(
            "revenue:" + ("hanzi" if any(ch in r for ch in "一二三四五六七八九十") else "figures")
        )
    if "staff" in want:
        form = staff_form or rng.choice(["plain", "total_ft", "hanzi"])
        if form == "plain":
            parts.append(f"拥有专职研发人员{rd['staff_ft']}人")
        elif form == "total_ft":
            parts.append(f"现有研发人员共{rd['staff_total']}人，其中专职研发人员{rd['staff_ft']}人")
            variants.append("distractor:研发人员共N人其中专职M人")
        else:
            parts.append(f"专职研发人员{cn.int_cn(rd['staff_ft'])}名")
            variants.append("staff:hanzi")
        truth["rd_staff"] = rd["staff_ft"]
    if "expenses" in want:
        a, b, c = (cn.money_text(x, rng, rng.choice(["wan", "wan", "yi", "wan_cn"])) for x in rd["expenses"])
        form = rng.choice(["range", "list", "colon"] + ([] if years_required else ["no_years", "no_years"]))
        if form == "range":
            parts.append(f"{y0}—{y2}年研发投入分别为{a}、{b}、{c}")
        elif form == "list":
            parts.append(f"{y0}年、{y1}年和{y2}年研发经费支出分别为{a}、{b}和{c}")
        elif form == "colon":
            parts.append(f"近三年研发投入：{y0}年{a}，{y1}年{b}，{y2}年{c}")
        else:
            parts.append(
                rng.choice([f"近三年研发投入分别为{a}、{b}、{c}", f"近三年累计研发投入依次为{a}、{b}和{c}"])
            )
            variants.append("近三年 without years")
        years = [y0, y1, y2] if form != "no_years" else [None, None, None]
        truth["rd_expense_cny"] = [{"year": y, "amount_cny": x} for y, x in zip(years, rd["expenses"])]
    if "intensity" in want:
        p = cn.pct_text(rd["intensity"], rng)
        parts.append(
            rng.choice([f"研发投入强度{p}", f"研发投入占销售收入的比例为{p}", f"研发经费占营业收入比重达{p}"])
        )
        truth["rd_intensity_pct"] = rd["intensity"]
        if "百分之" in p:
            variants.append("percent:hanzi")
    sents = []
    if parts:
        opener = rng.choice([f"牵头单位{lead}", f"{lead}", f"牵头企业{lead}"])
        sents.append(opener + "，".join(parts) + "。")
    if allow_distractors:
        ds = []
        others = [m for m in sub.members if m.tier != "lead" and m.kind == "enterprise"]
        if others and rng.random() < 0.6:
            o = rng.choice(others)
            ds.append(
                f"成员单位{o.name}{y2}年营业收入{cn.money_text(rng.choice([2.2, 3.6, 4.8, 9.5]) * 1e8, rng)}，"
                f"研发投入{cn.money_text(rng.choice([1200, 2600, 3800]) * 1e4, rng)}。"
            )
            variants.append("distractor:member's own figures")
        if rng.random() < 0.5:
            ds.append(
                f"联合体成员单位合计实现营业收入{cn.money_text(rd['revenue'] * 2.5, rng, 'yi')}，"
                f"预计联合体建设期内新增产值{cn.money_text(rng.choice([15, 30, 45]) * 1e8, rng)}。"
            )
            variants.append("distractor:合计收入/新增产值")
        if rng.random() < 0.5:
            ds.append(
                f"{short}每年设立联合体研发专项资金{cn.money_text(rng.choice([500, 1000, 2000]) * 1e4, rng)}，专款用于联合攻关。"
            )
            variants.append("distractor:研发专项资金")
        rng.shuffle(ds)
        sents += ds
    return sents, truth, variants


def self_funding(sub, rng: random.Random):
    """云南: 自筹:财政 stated as a ratio (and amounts)."""
    r = sub.rd["self_ratio"]
    public = rng.choice([1000, 1500, 2000]) * 1e4
    own = public * r
    rs = f"{r:g}:1"
    form = rng.choice(["both", "ratio", "words"])
    if form == "both":
        s = (
            f"项目计划总投入{cn.money_text(own + public, rng, 'wan')}，其中企业自筹经费{cn.money_text(own, rng, 'wan')}，"
            f"申请省级财政经费{cn.money_text(public, rng, 'wan')}，自筹经费与财政经费比例为{rs}。"
        )
    elif form == "ratio":
        s = f"牵头单位和成员单位中的企业按照{rs}的比例落实自筹经费。"
    else:
        s = f"自筹经费与申请财政资金之比为{rs}，自筹经费由牵头单位和企业成员按任务分工共同筹措。"
    return s, r
