"""建设方案 (云南, 广西) / 实施方案 (新疆) / 组建方案 (永川): outline sections, members by tier,
the lead's figures with distractors, the chief scientist, funding, five-year targets."""

from __future__ import annotations

import random

from application_tables import add_funding, write_rd
from common import blank_record, body, cycle, heading, member_rec, new_doc, num_text
from docmodel import Cell, P, PageBreak, Table
from model import Consortium
from textfmt import fmt_month

TIER_CN = {"lead": "牵头单位", "core": "核心层单位", "close": "紧密合作单位", "general": "一般协作层单位"}
KIND_CN = {"enterprise": "企业", "university": "高等学校", "institute": "科研院所", "other": "其他机构"}


def plan_word(c: Consortium) -> str:
    return {"guangxi": "建设方案", "xinjiang": "实施方案", "yunnan": "建设方案", "yongchuan": "组建方案"}[
        c.juris
    ]


def outline(c: Consortium) -> list[tuple[str, str]]:
    if c.juris == "xinjiang":
        return [
            ("intro", "概述"),
            ("need", "建设的意义和必要性"),
            ("lead", "创新联合体牵头企业情况"),
            ("members", "创新联合体成员单位情况"),
            ("team", "创新联合体主要研发团队组成情况"),
            ("goal", "攻关目标"),
            ("tasks", "任务设置与分配"),
            ("budget", "经费来源及预算"),
            ("org", "组织措施"),
        ]
    if c.juris == "yongchuan":
        return [
            ("intro", "组建背景"),
            ("lead", "牵头企业基本情况"),
            ("members", "成员单位组成"),
            ("org", "组织架构"),
            ("goal5", "五年建设发展目标"),
            ("mech", "运行机制"),
            ("support", "保障措施"),
        ]
    return [
        ("need", "建设意义及必要性"),
        ("base", "建设基础和优势"),
        ("goal", "建设思路和目标"),
        ("tasks", "重点任务"),
        ("org", "组织架构和运行机制"),
        ("support", "保障措施"),
        ("schedule", "进度计划"),
    ]


def build(c: Consortium, rng: random.Random, medium: str, opts: dict) -> tuple:
    rec = blank_record("plan", c.juris)
    word = plan_word(c)
    d = new_doc(rng, f"{c.name}{word}")
    d.title = f"{c.name}{word}"
    head_mode = opts.get("heading") or cycle(rng, "plan_heading", ["cn", "cn", "auto", "style"])
    rec["consortium_name"] = c.name
    rec["lead_units"] = [u.name for u in c.leads]
    lead = c.lead
    compact = opts.get("compact", False)
    # ---------------------------------------------------------------- cover
    if not compact and rng.random() < 0.6:
        d.add(P([""], space_after=50))
        d.add(P([c.name], align="center", bold=True, size=22))
        d.add(P([word], align="center", bold=True, size=22))
        d.add(P([""], space_after=50))
        lines = [f"牵头单位：{'、'.join(u.name for u in c.leads)}（公章）"]
        if c.juris == "xinjiang":
            lines = (
                [f"项目名称：{c.name}{word}"]
                + lines
                + [f"推荐单位：{c.recommender}（公章）", f"负 责 人：{c.contact}（签章）"]
            )
        for ln in lines:
            d.add(P([ln], size=15, indent_left=2.0, space_after=8))
        d.add(P([""], space_after=40))
        d.add(
            P(
                [f"编制时间：{fmt_month(c.filing, rng.choice(['cn', 'cn_num', 'dot']))}"],
                align="center",
                size=15,
            )
        )
        d.add(PageBreak())
    else:
        d.add(P([f"{c.name}{word}"], align="center", bold=True, size=18))
    # ---------------------------------------------------------------- sections
    for i, (key, title) in enumerate(outline(c)):
        d.add(heading(i, title, head_mode))
        if key in ("intro", "need"):
            d.add(
                body(
                    f"{c.industry}是{rng.choice(['我区', '我省', '地方'])}重点发展的{rng.choice(['传统优势产业', '战略性新兴产业', '特色产业'])}。"
                    f"当前产业在{rng.choice(c.topics)}等环节仍存在关键核心技术受制于人的问题，亟需整合产业链上下游创新资源协同攻关。"
                )
            )
        elif key in ("lead", "base"):
            if c.rd.revenue is not None and opts.get("rd_in_plan", True):
                write_rd(
                    d, c, rng, rec, opts.get("rd_shape") or rng.choice(["prose", "prose", "table"]), opts
                )
                if rng.random() < 0.5:  # distractor: the members' aggregate, not the lead's
                    d.add(
                        body(
                            f"联合体成员企业{c.filing.year - 1}年合计实现营业收入{rng.randrange(80, 400)}亿元，"
                            f"带动上下游配套企业{rng.randrange(30, 200)}家。"
                        )
                    )
            else:
                what = "龙头骨干企业" if lead.kind == "enterprise" else "重点科研机构"
                d.add(body(f"{lead.name}是{c.industry}领域{what}，建有完善的研发体系。"))
            if key == "base":
                _members(d, c, rng, rec, opts)
        elif key == "members":
            _members(d, c, rng, rec, opts)
        elif key == "team":
            _chief(d, c, rng, rec)
        elif key in ("goal", "goal5"):
            y = c.filing.year
            if key == "goal5":
                for k in range(1, 6 if not compact else 3):
                    d.add(
                        body(
                            f"{y + k}年：完成{rng.choice(c.topics)}关键技术攻关{rng.randrange(1, 4)}项，"
                            f"新增产值{rng.randrange(2, 30)}亿元。"
                        )
                    )
            else:
                d.add(
                    body(
                        f"到{y + rng.randrange(3, 6)}年，突破{rng.choice(c.topics)}等关键核心技术{rng.randrange(5, 12)}项，"
                        f"带动产业新增产值{rng.randrange(20, 150)}亿元，各成员单位承诺投入研发专项资金"
                        f"{rng.randrange(5, 40) * 1000}万元。"
                    )
                )
        elif key == "tasks":
            for u in c.members[: 4 if compact else None]:
                d.add(body(f"{u.name}：{u.role}。", indent=False))
        elif key == "budget":
            if c.juris == "yunnan" or opts.get("funding_in_plan"):
                add_funding(d, c, rng, rec)
            else:
                d.add(
                    body(
                        f"经费来源以牵头企业和成员单位自筹为主，积极争取自治区科技计划项目支持，"
                        f"建设期总投入{rng.randrange(2, 9)}.{rng.randrange(0, 10)}亿元。"
                    )
                )
        elif key == "org":
            if c.juris == "yunnan":
                _chief(d, c, rng, rec)
            d.add(
                body(
                    "联合体设立理事会作为决策机构，理事长由牵头单位负责人担任；设立专家咨询委员会作为咨询机构；"
                    "秘书处为常设执行机构，挂靠牵头单位，配备专职工作人员。建立经费管理、知识产权管理和考核评价制度。"
                )
            )
        elif key == "support":
            if c.juris == "yunnan" and not rec["rd"]["self_funding_ratio"]:
                add_funding(d, c, rng, rec)
            else:
                d.add(body("加强组织领导，完善经费保障机制，强化人才引进培养和考核激励，定期开展技术交流。"))
        elif key == "mech":
            d.add(
                body(
                    "每季度召开一次技术需求研讨和技术创新交流会，联合申报各类科技计划项目，通过合同约定建立“共建共享”的知识产权管理制度。"
                )
            )
        elif key == "schedule":
            y = c.filing.year
            d.add(
                body(
                    f"{y}年：完成联合体组建和制度建设；{y + 1}—{y + 2}年：开展关键技术攻关；{y + 3}年：完成成果转化与示范应用。"
                )
            )
    return d, rec, {"heading": head_mode, **opts.get("_rd_style", {})}


def _chief(d, c: Consortium, rng: random.Random, rec: dict) -> None:
    word = "首席科学家" if c.juris == "xinjiang" else rng.choice(["首席专家", "首席科学家"])
    if c.no_chief or c.chief is None:
        d.add(body(f"{word}：拟面向国内外公开选聘，目前正在遴选中。"))
        return
    ch = c.chief
    form = rng.choice(["label", "prose"])
    if form == "label":
        d.add(P([f"1.{word}情况"], bold=True))
        d.add(P([f"姓名：{ch.name}    职务/职称：{ch.title}    工作单位：{ch.employer}"]))
        d.add(
            body(
                f"长期从事{ch.specialty}研究，{rng.choice(['全职聘任', '兼职聘任'])}为联合体{word}，负责技术路线把关和重大攻关任务组织。"
            )
        )
    else:
        d.add(
            body(
                f"联合体聘请{ch.employer}{ch.name}（{ch.title}）担任{word}，{ch.name}长期从事{ch.specialty}研究，"
                f"负责技术路线把关和重大攻关任务组织。"
            )
        )
    rec["chief_scientist"] = {"name": ch.name, "title": ch.title}


def _members(d, c: Consortium, rng: random.Random, rec: dict, opts: dict) -> None:
    form = opts.get("plan_members") or cycle(rng, "plan_members", ["tiers", "table", "paras"])
    if c.juris == "yongchuan":
        cn = rng.random() < 0.4
        e, u, i2 = c.count("enterprise"), c.count("university"), c.count("institute")
        dec = {"members": len(c.members), "enterprises": e, "universities": u, "institutes": i2}
        dec.update(c.declared_override)
        oth = dec["members"] - dec["enterprises"] - dec["universities"] - dec["institutes"]
        parts = [
            f"企业{num_text(dec['enterprises'], cn)}家",
            f"高校{num_text(dec['universities'], cn)}家",
            f"科研院所{num_text(dec['institutes'], cn)}家",
        ]
        if oth > 0:
            parts.append(f"专业服务机构{num_text(oth, cn)}家")
        d.add(
            body(
                f"联合体共有成员单位{num_text(dec['members'], cn)}家（含牵头单位），其中{'、'.join(parts)}。"
            )
        )
        rec["declared_counts"] = dec
        nat = sum(1 for p in c.platforms if p.level == "national")
        prov = sum(1 for p in c.platforms if p.level == "provincial")
        d.add(body(f"成员单位已建国家级研发平台{num_text(nat, cn)}个、市级研发平台{num_text(prov, cn)}个。"))
        rec["platform_counts"] = {"national": nat, "provincial": prov}
    codes = form == "table" and not c.bad_code and not c.missing_code and rng.random() < 0.5
    if form == "tiers":
        groups = [(t, [u for u in c.members if u.tier == t]) for t in ("lead", "core", "close", "general")]
        k = 0
        for t, g in groups:
            if not g:
                continue
            d.add(P([f"（{'一二三四'[k]}）{TIER_CN[t]}"], bold=True))
            k += 1
            for j, u in enumerate(g):
                d.add(body(f"{j + 1}.{u.name}：{u.note}", indent=False))
    elif form == "table":
        cols = (
            ["序号", "单位名称", "单位类型", "层级"] + (["统一社会信用代码"] if codes else []) + ["主要分工"]
        )
        rows: list[list] = [[Cell([h], bold=True, align="center") for h in cols]]
        for j, u in enumerate(c.members):
            v = {
                "序号": str(j + 1),
                "单位名称": u.name,
                "单位类型": KIND_CN[u.kind],
                "层级": TIER_CN[u.tier],
                "统一社会信用代码": u.code,
                "主要分工": u.role,
            }
            rows.append([v[h] for h in cols])
        widths = [1.0, 4.6, 1.8, 2.4, 5.3, 1.9] if codes else [1.0, 5.6, 2.2, 2.8, 5.0]
        d.add(Table(rows, widths=widths, header_rows=1, size=10))
    else:
        for j, u in enumerate(c.members):
            d.add(body(f"{j + 1}. {u.name}（{TIER_CN[u.tier]}）：{u.note}{u.role}。", indent=False))
    for u in c.members:
        rec["members"].append(member_rec(u, u.tier, u.code if codes else None, None))
