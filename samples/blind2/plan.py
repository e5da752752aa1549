"""建设方案 / 实施方案 / 组建方案: members listed by tier in prose, one per line, in a table (split
with （续表）) or paragraph by paragraph with short names; counts in a sentence; the chief
scientist in prose ("由…担任首席科学家", "首席科学家为…（…）", 双总师) or in a team table with a role
column, beside distractors (技术负责人, 项目负责人, 行政总师, 其他专家); the lead's figures beside
other numbers; 云南's 自筹:财政 ratio."""

from __future__ import annotations

import random

from . import cn, deck
from .docmodel import Doc
from .figures import lead_figures, self_funding
from .record import blank, member
from .scenario import JURIS

TIER_WORD = {"lead": "牵头单位", "core": "核心层单位", "close": "紧密合作单位", "general": "一般协作层单位"}
KIND_WORD = {"enterprise": "企业", "university": "高等学校", "institute": "科研院所", "other": "其他机构"}


def write(
    sub,
    rng: random.Random,
    want: set[str] = frozenset(),
    fig_opts: dict | None = None,
    chief_here: bool = False,
    self_ratio_here: bool = False,
):
    j = JURIS[sub.juris]
    jur = sub.juris
    doc = Doc()
    rec = blank("plan", jur)
    var: list[str] = []
    rec["consortium_name"] = sub.name
    rec["lead_units"] = [m.name for m in sub.leads]
    lead_names = "、".join(m.name for m in sub.leads)
    word = j["plan"] if not (jur == "xinjiang" and rng.random() < 0.4) else "攻关任务实施方案"
    title = f"{sub.name}{word}"
    if rng.random() < 0.6:
        doc.p("附件3")
        doc.blank(2)
        doc.title(title, 18)
        doc.blank(2)
        doc.p(f"联合体名称：{sub.name}" if rng.random() < 0.5 else f"项目名称：{sub.name}建设", left=2)
        doc.p(f"牵头单位：{lead_names}（公章）", left=2)
        if rng.random() < 0.5:
            doc.p(f"产业领域：{sub.industry}", left=2)
            rec["industry"] = sub.industry
        if rng.random() < 0.4:
            doc.p(f"填报日期：{cn.date_text(sub.filing, rng.choice(['ymd', 'hanzi']))}", left=2)
            rec["filing_date"] = cn.iso(sub.filing)
        doc.blank(2)
        doc.p(j["authority"], align="center")
        doc.pagebreak()
        var.append("cover")
    doc.title(title, 16)
    sec = iter("一二三四五六七八九十")

    def H(t):
        doc.p(f"{next(sec)}、{t}", bold=True)

    H("建设意义及必要性")
    doc.p(
        f"发展{sub.industry}产业对{j['prov']}经济高质量发展具有重要意义。当前产业在关键材料、核心工艺和高端装备等方面仍存在短板，"
        f"组建创新联合体有利于发挥龙头企业引领作用，集聚产业链上下游和高校院所创新资源，开展协同攻关。",
        indent=True,
    )
    H("建设基础和优势")
    sents, rd_truth, rd_var = lead_figures(
        sub, rng, set(want), allow_distractors=rng.random() < 0.7, **(fig_opts or {})
    )
    var += rd_var
    rec["rd"] = rd_truth
    doc.p(
        f"{sub.lead.name}是{sub.industry}行业龙头企业，建有{j['level']}以上创新平台，与高校院所长期开展产学研合作。"
        + "".join(sents[:1]),
        indent=True,
    )
    for s in sents[1:]:
        doc.p(s, indent=True)

    # ---------------- members
    H("成员单位情况" if rng.random() < 0.5 else "联合体组成")
    ms = sub.members
    if rng.random() < 0.45:
        c = sub.counts()
        hz = rng.random() < 0.5
        num = (lambda n: cn.int_cn(n)) if hz else str
        doc.p(
            f"联合体共有成员单位{num(c['members'])}家，其中企业{num(c['enterprises'])}家、高等院校{num(c['universities'])}家、"
            f"科研院所{num(c['institutes'])}家。",
            indent=True,
        )
        rec["declared_counts"] = c
        var.append("counts sentence" + (" (hanzi)" if hz else ""))
    mform = deck.draw("plan_members", ["tier_prose", "lines", "table", "paragraphs", "sentence"])
    var.append(f"members:{mform}")
    tiers_stated = mform in ("tier_prose", "table")
    if mform == "tier_prose":
        for t in ["lead", "core", "close", "general"]:
            names = [m.name for m in ms if m.tier == t]
            if names:
                cnt = cn.count_text(len(names), rng)
                doc.p(f"{TIER_WORD[t]}（{cnt}）：{'、'.join(names)}。", indent=True)
    elif mform == "lines":
        for i, m in enumerate(ms, 1):
            doc.p(f"{i}. {m.name}" + ("（牵头单位）" if m.tier == "lead" else ""))
    elif mform == "table":
        head = [{"text": "序号"}, {"text": "单位名称"}, {"text": "单位性质"}, {"text": "在联合体中的角色"}]
        rows = [
            [{"text": str(i)}, {"text": m.name}, {"text": KIND_WORD[m.kind]}, {"text": TIER_WORD[m.tier]}]
            for i, m in enumerate(ms, 1)
        ]
        if len(rows) >= 8 and rng.random() < 0.5:
            k = rng.randint(4, len(rows) - 3)
            doc.table([head] + rows[:k], size=10)
            doc.pagebreak()
            doc.p("（续表）")
            doc.table(([head] if rng.random() < 0.5 else []) + rows[k:], size=10)
            var.append("members table split with 续表")
        else:
            doc.table([head] + rows, size=10)
    elif mform == "paragraphs":
        for i, m in enumerate(ms, 1):
            s = m.unit.short if (m.kind == "enterprise" and m.unit.short and rng.random() < 0.6) else None
            first = f"{m.name}（以下简称“{s}”）" if s else m.name
            again = s or "该单位"
            doc.p(f"（{cn.int_cn(i)}）{first}。{again}{m.note}", indent=True)
        var.append("short names after first mention")
    else:
        rest = [m for m in ms if m.tier != "lead"]
        doc.p(
            f"联合体由{lead_names}牵头，成员单位包括{'、'.join(m.name for m in rest)}，共{cn.int_cn(len(ms))}家单位。",
            indent=True,
        )
    for m in ms:
        rec["members"].append(member(m, tier=m.tier if (tiers_stated or m.tier == "lead") else "unspecified"))

    # ---------------- organisation and the chief scientist
    H("组织架构和运行机制")
    doc.p(
        "联合体设立理事会、专家咨询委员会和秘书处。理事会为联合体最高决策机构，理事长由牵头单位负责人担任；"
        "秘书处设在牵头单位，负责日常管理。",
        indent=True,
    )
    ch = sub.chief
    people = sub.extra_people
    dis = []
    if rng.random() < 0.6:
        dis.append(
            f"技术负责人：{people[1]}（{rng.choice(['高级工程师', '正高级工程师'])}），负责技术路线的具体实施。"
        )
    if rng.random() < 0.4:
        dis.append(f"项目负责人为{people[2]}（{sub.lead.name}副总经理）。")
    if rng.random() < 0.4:
        dis.append(f"其他专家：{people[3]}研究员、{people[4]}教授。")
    cform = "none"
    if chief_here and ch:
        cform = deck.draw("plan_chief", ["line", "prose_by", "prose_is", "hire", "dual", "team_table"])
        if cform == "dual" and jur != "xinjiang":
            cform = "prose_by"
        rec["chief_scientist"] = {"name": ch["name"], "title": ch["title"]}
    var.append(f"chief:{cform}")
    parts = []
    if cform == "line":
        parts.append(f"首席科学家：{ch['name']}（{ch['title']}）")
    elif cform == "prose_by":
        parts.append(
            f"联合体实行首席科学家负责制，由{ch['employer']}{ch['name']}{ch['title']}担任首席科学家，负责技术路线制定和重大技术决策。"
        )
    elif cform == "prose_is":
        parts.append(f"联合体首席科学家为{ch['name']}（{ch['title']}），负责攻关目标和技术路线的制定。")
    elif cform == "hire":
        parts.append(f"联合体聘任{ch['employer']}{ch['name']}{ch['title']}为首席科学家。")
    elif cform == "dual":
        parts.append(
            f"联合体实行“双总师”制度：行政总师由{sub.lead.name}总经理{people[5]}担任；"
            f"技术总师（首席科学家）由{ch['name']}（{ch['title']}）担任。"
        )
    allp = parts + dis
    rng.shuffle(allp)
    for p in allp:
        doc.p(p, indent=True)
    if dis:
        var.append("chief distractors:" + "+".join(x.split("：")[0].split("为")[0][:5] for x in dis))
    if cform == "team_table" or (rng.random() < 0.25):
        doc.p("主要研发团队：")
        head = [
            {"text": "姓名"},
            {"text": "年龄"},
            {"text": "职务/职称"},
            {"text": "从事专业"},
            {"text": "工作单位"},
            {"text": "在联合体中的角色"},
        ]
        rows = [head]
        for i, t in enumerate(sub.team):
            role = (
                "首席科学家"
                if (cform == "team_table" and ch and t["name"] == ch["name"])
                else ("技术骨干" if i % 2 else "研究骨干")
            )
            rows.append(
                [
                    {"text": t["name"]},
                    {"text": str(t["age"])},
                    {"text": t["title"]},
                    {"text": t["specialty"]},
                    {"text": t["employer"]},
                    {"text": role},
                ]
            )
        doc.table(rows, size=9)
        rec["team"] = [dict(t) for t in sub.team]
        var.append("team table in plan")
    H("建设目标和重点任务")
    doc.p(
        f"到{sub.filing[0] + 3}年，突破{sub.industry}关键核心技术{rng.randint(6, 12)}项，形成示范生产线{rng.randint(2, 5)}条。",
        indent=True,
    )
    H("保障措施")
    if self_ratio_here:
        s, r = self_funding(sub, rng)
        doc.p(s, indent=True)
        rec["rd"]["self_funding_ratio"] = r
        var.append("self-funding ratio")
    doc.p(
        "牵头单位设立联合体研发专项资金，各成员单位按照任务分工落实配套经费，建立经费使用内部监督机制。",
        indent=True,
    )
    H("进度计划")
    y = sub.filing[0]
    doc.p(
        f"{y}年：完成组织架构搭建和攻关任务分解；{y + 1}年：完成关键技术中试；{y + 2}年：实现成果产业化应用。",
        indent=True,
    )
    return doc, rec, var
