"""The plan (建设方案 / 实施方案 / 组建方案) and the one-page supplementary agreement of a consortium,
with their truth."""

from __future__ import annotations

import datetime as dt

from blocks import PB, Cell, Doc, P, T
from cn import cn_int, cn_year, count, money
from records import KIND_WORDS, blank_record, member


class PlanWriter:
    """The plan and the supplementary agreement."""

    # ------------------------------------------------------------------ plan
    def plan(self) -> tuple[Doc, dict]:
        c, rng = self.c, self.rng
        rec = self.base_rec("plan")
        kind = {"guangxi": "建设方案", "xinjiang": "实施方案", "yunnan": "建设方案", "yongchuan": "组建方案"}[
            c.juris
        ]
        doc = Doc(
            created=dt.datetime.combine(c.filing - dt.timedelta(days=3), dt.time(11, 40)),
            base_size=rng.choice([12, 12, 11]),
            footer=rng.choice(["page", "pageof"]),
            author="admin",
        )
        title = f"{c.name}{kind}"
        doc.add(P(title, style="title", align="center", space_before=100, space_after=30))
        cover_fields = [("牵头单位", c.wname(c.lead))]
        if rng.random() < 0.5:
            cover_fields.insert(0, ("所属产业领域", c.industry))
            rec["industry"] = c.industry
        for k, v in cover_fields:
            doc.add(P(f"{k}：{v}", align="center"))
        pd = c.filing - dt.timedelta(days=3)
        doc.add(P(f"{cn_year(pd.year)}年{cn_int(pd.month)}月", align="center", space_before=40), PB())
        tw = self.tiers()
        outline = {
            "yunnan": [
                "建设意义及必要性",
                "建设基础和优势",
                "建设思路和目标",
                "重点任务",
                "组织架构和运行机制",
                "保障措施",
                "进度计划",
            ],
            "xinjiang": [
                "概述",
                "建设的意义和必要性",
                "国内外现状和发展趋势",
                "创新联合体牵头企业情况",
                "创新联合体成员单位情况",
                "主要研发团队组成情况",
                "攻关目标",
                "任务设置与分配",
                "经费来源及预算",
                "组织措施",
            ],
        }.get(
            c.juris,
            [
                "组建背景",
                "牵头单位基本情况",
                "成员单位构成",
                "建设目标",
                "重点任务",
                "组织架构",
                "运行机制",
                "保障措施",
            ],
        )
        lead = c.wname(c.lead)
        rd_done = False
        chief_named = False
        mem_done = False
        for i, h in enumerate(outline, 1):
            doc.add(P(f"{cn_int(i)}、{h}", style="h1", space_before=10))
            if ("牵头" in h or "建设基础" in h) and not rd_done:
                doc.add(
                    self.body(
                        f"{lead}成立于{rng.randrange(1995, 2012)}年，是{c.industry}领域的骨干企业"
                        if c.lead.kind == "enterprise"
                        else f"{lead}是{c.industry}领域的专业研发机构。"
                    )
                )
                if not c.rd.get("none"):
                    sub = blank_record()
                    self._lead_figures(doc, sub, where="plan")
                    rec["rd"].update({k: v for k, v in sub["rd"].items() if k != "self_funding_ratio"})
                    rd_done = True
            elif ("成员" in h or "组织架构" in h) and not mem_done:
                mem_done = True
                units = c.units
                if rng.random() < 0.5:
                    rows = [
                        [
                            Cell(x, bold=True, align="center")
                            for x in ["序号", "单位名称", "单位类型", "联合体内定位"]
                        ]
                    ]
                    for j, u in enumerate(units, 1):
                        rows.append(
                            [Cell(str(j)), Cell(c.wname(u)), Cell(KIND_WORDS[u.kind][0]), Cell(tw[u.tier])]
                        )
                    doc.add(T(rows, widths=[0.5, 3, 1, 1.4], header_rows=1, size=10))
                    rec["members"] = [member(u, c.wname(u), None, u.tier, None) for u in units]
                else:
                    by = {t: [u for u in units if u.tier == t] for t in ("lead", "core", "close", "general")}
                    s = f"联合体由{lead}牵头，"
                    s += (
                        "、".join(c.wname(u) for u in by["core"])
                        + f"等{len(by['core'])}家单位构成{tw['core']}；"
                    )
                    if by["close"]:
                        s += "、".join(c.wname(u) for u in by["close"]) + f"为{tw['close']}；"
                    if by["general"]:
                        s += "、".join(c.wname(u) for u in by["general"]) + f"为{tw['general']}。"
                    doc.add(self.body(s))
                    rec["members"] = [member(u, c.wname(u), None, u.tier, None) for u in units]
                if "组织架构" in h or "成员单位情况" in h or c.juris != "xinjiang":
                    pass
            elif ("团队" in h or "组织架构" in h or "运行机制" in h) and not chief_named and c.chief:
                chief_named = True
                nm, tt = c.chief
                emp = next((t["employer"] for t in c.team if t["name"] == nm), lead)
                doc.add(
                    self.body(
                        rng.choice(
                            [
                                f"联合体实行“双总师”制度，聘请{emp}{nm}{tt}担任首席科学家，负责攻关目标和技术路线制定。",
                                f"首席科学家：{nm}（{tt}，{emp}），全面负责联合体技术决策。",
                            ]
                        )
                    )
                )
                rec["chief_scientist"] = {"name": nm, "title": tt}
            elif "经费" in h or "保障" in h:
                if c.juris == "yunnan" and rec["rd"]["self_funding_ratio"] is None:
                    sub = blank_record()
                    self._self_funding(doc, sub)
                    rec["rd"]["self_funding_ratio"] = sub["rd"]["self_funding_ratio"]
                else:
                    doc.add(
                        self.body(
                            f"各成员单位按任务分工落实配套经费，联合体设立研发专项资金"
                            f"{money(rng.randrange(5, 30) * 10**7, rng, ['wan', 'yi'])}，实行专款专用。"
                        )
                    )
            else:
                doc.add(
                    self.body(
                        rng.choice(
                            [
                                self.goal_text(),
                                f"围绕{c.ind[2][rng.randrange(4)]}和{c.ind[2][rng.randrange(4)]}，联合体将建设中试基地"
                                f"{count(rng.randrange(1, 4), rng, '个')}，预计带动新增产值"
                                f"{money(rng.randrange(10, 60) * 10**8, rng)}。",
                            ]
                        )
                    )
                )
        if not mem_done:
            rec["members"] = [member(c.lead, lead, None, "lead", None)]
        if c.juris == "yunnan" and rec["rd"]["self_funding_ratio"] is None:
            sub = blank_record()
            self._self_funding(doc, sub)
            rec["rd"]["self_funding_ratio"] = sub["rd"]["self_funding_ratio"]
        return doc, rec

    # ------------------------------------------------------------------ supplementary agreement
    def supplementary(self, short: bool = True) -> tuple[Doc, dict]:
        c, rng = self.c, self.rng
        rec = self.base_rec("supplementary_agreement")
        doc = Doc(created=dt.datetime.combine(c.filing - dt.timedelta(days=2), dt.time(9, 20)), base_size=12)
        doc.add(
            P(
                rng.choice([f"{c.name}组建协议补充协议", "补充协议", f"《{c.name}组建协议》之补充协议"]),
                style="subtitle",
                align="center",
                space_after=12,
            )
        )
        lead = c.wname(c.lead)
        all_sign = not short and rng.random() < 0.5
        doc.add(self.body(f"经{c.name}全体成员单位协商一致，现对原组建协议作如下补充："))
        items = [
            f"联合体秘书处设在{lead}，负责日常事务和年度报告的汇总报送。",
            f"牵头单位{lead}每年安排不少于{money(rng.randrange(3, 12) * 10**7, rng, ['wan'])}的研发经费用于联合体攻关任务。",
            "本补充协议与原协议具有同等法律效力；本补充协议未约定的，仍按原协议执行。",
        ]
        for i, s in enumerate(items, 1):
            doc.add(P(f"{cn_int(i)}、{s}", indent=2))
        ds = self.date(c.filing - dt.timedelta(days=2))
        if all_sign:
            rows = [[Cell("单位名称（盖章）", bold=True), Cell("日期", bold=True)]]
            for u in c.units:
                rows.append([Cell(c.wname(u)), Cell(ds)])
            doc.add(T(rows, widths=[3, 1.2], size=10.5))
            rec["members"] = [
                member(u, c.wname(u), None, u.tier if u.tier == "lead" else "unspecified", None)
                for u in c.units
            ]
            rec["signatories"] = [c.wname(u) for u in c.units]
        else:
            doc.add(P(f"牵头单位（盖章）：{lead}", space_before=30), P(f"代表签字：　　　　　　日期：{ds}"))
            rec["members"] = [member(c.lead, lead, None, "lead", None)]
            rec["signatories"] = [lead]
        return doc, rec
