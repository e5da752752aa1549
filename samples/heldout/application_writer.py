"""The application form (组建申请表 / 认定申请表) of a consortium, in one of several layouts, with its truth."""

from __future__ import annotations

import datetime as dt

from blocks import PB, TB, Cell, Doc, P, Run, T
from cn import cn_int, count, money
from pool_words import PROV


class ApplicationWriter:
    """The application form; its tables are ApplicationTables'."""

    # ------------------------------------------------------------------ application
    def application(self) -> tuple[Doc, dict]:
        c, rng = self.c, self.rng
        rec = self.base_rec("application")
        rec["industry"] = c.industry
        doc = Doc(
            created=dt.datetime.combine(c.filing, dt.time(10, 12)),
            author=rng.choice(["admin", "lenovo", "HP", c.contact[0]]),
            base_size=rng.choice([11, 12]),
            header=rng.choice([None, None, "附件1", f"{c.name}"]),
            footer=rng.choice(["page", "pageof", None]),
        )
        short, longp, _ = PROV[c.juris]
        if c.juris == "guangxi":
            title = (
                "广西壮族自治区创新联合体组建申请表"
                if c.version == "2021"
                else rng.choice(["自治区创新联合体认定申请表", "广西壮族自治区创新联合体认定申请表"])
            )
        elif c.juris == "xinjiang":
            title = "新疆维吾尔自治区创新联合体组建申请表"
        elif c.juris == "yunnan":
            title = "云南省创新联合体组建申请表"
        else:
            title = rng.choice(["永川区创新联合体组建申请书", "重庆市永川区创新联合体组建申请表"])
        fdate = self.date(c.filing)
        cover = rng.choice(["lines", "table", "box", "none"])
        has_eff = rng.random() < 0.85
        # cover
        if cover != "none":
            doc.add(
                P(rng.choice(["附件1", "附件 1", ""]), style="body"),
                P(title, style="title", align="center", space_before=60, space_after=40),
            )
            fields = [
                ("创新联合体名称", c.name),
                ("产业领域", c.industry),
                ("牵头单位", c.wname(c.lead) + "（盖章）"),
                ("联 系 人", c.contact[0]),
                ("联系电话", c.contact[1]),
                ("填报日期", fdate),
            ]
            if cover == "lines":
                for k, v in fields:
                    doc.add(P([Run(f"{k}："), Run(v, underline=True)], left=4, space_after=10))
            elif cover == "table":
                doc.add(
                    T(
                        [[Cell(k, align="right"), Cell(v)] for k, v in fields],
                        widths=[1.2, 3],
                        borders=False,
                        size=13,
                    )
                )
            else:
                doc.add(TB([P(f"{k}：{v}") for k, v in fields], width_cm=12, height_cm=5.5))
            doc.add(
                P(
                    f"{'广西壮族自治区科学技术厅' if c.juris == 'guangxi' else longp + '科学技术厅' if c.juris != 'yongchuan' else '重庆市永川区科学技术局'}",
                    align="center",
                    space_before=60,
                ),
                PB(),
            )
            rec["filing_date"] = c.filing.isoformat()
            rec["contact"] = {"person": c.contact[0], "phone": c.contact[1]}
            if rng.random() < 0.5:
                doc.add(P("填表说明", style="subtitle", align="center"))
                for i, s in enumerate(
                    [
                        "联合体牵头单位须加盖法人公章。",
                        "成员总数包括牵头单位和成员单位。",
                        f"联合体内已建平台数量指所有成员单位已建成并正在运行的{self.prov_level()}以上科研平台。",
                        "申请表须附组建协议。",
                    ],
                    1,
                ):
                    doc.add(P(f"{cn_int(i)}、{s}", indent=2))
                doc.add(PB())
        doc.add(P(title, style="subtitle", align="center", space_after=8))
        # basic data
        basic = rng.choice(["grid", "rows", "prose", "kv"])
        cs_label = {"xinjiang": "推荐首席科学家", "yunnan": "推荐首席专家（科学家）"}.get(c.juris, "首席专家")
        show_chief = c.juris in ("xinjiang", "yunnan") or rng.random() < 0.4
        pl = self.prov_level()
        nat_lab = rng.choice(
            ["联合体内已建相关国家级各类科研平台数量", "已建国家级创新平台（个）", "国家级平台数"]
        )
        prov_lab = rng.choice(
            [f"联合体内已建相关{pl}各类科研平台数量", f"已建{pl}创新平台（个）", f"{pl}平台数"]
        )
        dc = c.declared
        eff_s = self.date(c.effective)
        if cover == "none" or rng.random() < 0.3:
            # the contact and filing date also inside the form
            rec["filing_date"] = c.filing.isoformat()
            rec["contact"] = {"person": c.contact[0], "phone": c.contact[1]}
            want_contact = True
        else:
            want_contact = rng.random() < 0.6
            if want_contact:
                rec["contact"] = {"person": c.contact[0], "phone": c.contact[1]}
        if has_eff:
            rec["agreement_effective_date"] = c.effective.isoformat()
        if show_chief and c.chief:
            rec["chief_scientist"] = {"name": c.chief[0], "title": c.chief[1]}
        rec["platform_counts"] = dict(c.plat_counts)
        rec["declared_counts"] = dict(dc)
        cnt_labels = [
            ("成员总数（个）", dc["members"]),
            ("企业数量（个）", dc["enterprises"]),
            ("高校数量（个）" if c.juris != "yunnan" else "高等学校数量（个）", dc["universities"]),
            ("研究机构数量（个）", dc["institutes"]),
        ]
        filing_in_form = cover == "none" or rec["filing_date"] and cover != "none" and basic == "kv"
        if basic in ("grid", "rows"):
            rows = []
            pairs = [("联合体名称", c.name)]
            if has_eff:
                pairs.append(("联合体协议生效时间", eff_s))
            pairs += [("产业领域", c.industry), ("联合体牵头单位", c.wname(c.lead))]
            if show_chief:
                pairs += [
                    (cs_label, c.chief[0] if c.chief else ""),
                    ("职务/职称", c.chief[1] if c.chief else ""),
                ]
            pairs += [(nat_lab, str(c.plat_counts["national"])), (prov_lab, str(c.plat_counts["provincial"]))]
            if want_contact:
                pairs += [
                    ("联系人", c.contact[0]),
                    ("电话" if rng.random() < 0.5 else "联系方式", c.contact[1]),
                ]
            if cover == "none":
                pairs.append(("填报日期", fdate))
            if basic == "grid":
                if len(pairs) % 2:
                    pairs.append(("", ""))
                for i in range(0, len(pairs), 2):
                    (a, b), (e, f) = pairs[i], pairs[i + 1]
                    rows.append(
                        [Cell(a, bold=True, shade=True), Cell(b), Cell(e, bold=True, shade=True), Cell(f)]
                    )
                if rng.random() < 0.5:  # counts: a header row and a value row
                    rows.append([Cell(k, bold=True, align="center") for k, _ in cnt_labels])
                    rows.append([Cell(count(v, rng, "", 0.2), align="center") for _, v in cnt_labels])
                else:
                    for i in (0, 2):
                        rows.append(
                            [
                                Cell(cnt_labels[i][0], bold=True),
                                Cell(str(cnt_labels[i][1])),
                                Cell(cnt_labels[i + 1][0], bold=True),
                                Cell(str(cnt_labels[i + 1][1])),
                            ]
                        )
                doc.add(T(rows, widths=[1.3, 1.7, 1.3, 1.7]))
            else:
                for k, v in pairs + cnt_labels:
                    rows.append([Cell(k, bold=True), Cell(str(v), span=2)])
                doc.add(T(rows, widths=[1.4, 1.6, 1.6]))
        elif basic == "prose":
            doc.add(P("一、联合体基本情况", style="h1"))
            s = (
                f"{c.name}（以下简称联合体）面向{c.industry}产业，由{c.wname(c.lead)}牵头组建。"
                f"联合体共有成员单位{count(dc['members'], rng, '家')}（含牵头单位），其中企业{count(dc['enterprises'], rng, '家')}、"
                f"高等院校{count(dc['universities'], rng, '所')}、科研院所{count(dc['institutes'], rng, '家')}。"
            )
            s += (
                f"成员单位在本领域已建成并运行国家级科研平台{count(c.plat_counts['national'], rng, '个')}、"
                f"{pl}科研平台{count(c.plat_counts['provincial'], rng, '个')}。"
            )
            doc.add(self.body(s))
            if has_eff:
                doc.add(self.body(f"联合体组建协议已由全体成员单位签署，协议生效时间为{eff_s}。"))
            if show_chief and c.chief:
                doc.add(
                    self.body(
                        f"联合体{cs_label.replace('推荐', '拟聘')}：{c.chief[0]}，职务/职称：{c.chief[1]}。"
                    )
                )
            if want_contact:
                doc.add(self.body(f"联系人：{c.contact[0]}　　联系电话：{c.contact[1]}", indent=0))
            if cover == "none":
                doc.add(P(f"填报日期：{fdate}", align="right"))
        else:  # kv lines with content controls
            kv = [("联合体名称", c.name), ("产业领域", c.industry), ("牵头单位", c.wname(c.lead))]
            if has_eff:
                kv.append(("联合体协议生效时间", eff_s))
            if show_chief:
                kv += [
                    (cs_label, c.chief[0] if c.chief else ""),
                    ("职务/职称", c.chief[1] if c.chief else ""),
                ]
            kv += [(nat_lab, str(c.plat_counts["national"])), (prov_lab, str(c.plat_counts["provincial"]))]
            kv += [(k, str(v)) for k, v in cnt_labels]
            if want_contact:
                kv += [("联系人", c.contact[0]), ("联系电话", c.contact[1])]
            if filing_in_form:
                kv.append(("填报日期", fdate))
            for k, v in kv:
                doc.add(P([Run(f"{k}：", bold=True), Run(v, sdt=k[:10])], space_after=4))
        if show_chief and not c.chief and basic == "prose":
            doc.add(self.body(f"{cs_label}：（待定）", indent=0))
        # goal
        doc.add(
            P(
                rng.choice(["一、技术创新目标", "技术创新目标（限500字）", "二、技术创新战略规划和目标"]),
                style="h2",
                space_before=8,
            )
        )
        doc.add(self.body(self.goal_text()))
        if c.juris in ("xinjiang", "yunnan") and c.chief and rng.random() < 0.7:
            doc.add(P("推荐首席科学家科研简历", style="h2"))
            u = next((t for t in c.team if t["name"] == c.chief[0]), c.team[0])
            doc.add(
                self.body(
                    f"{c.chief[0]}，{c.chief[1]}，现任职于{u['employer']}，长期从事{u['specialty']}研究，"
                    f"主持国家级科研项目{count(rng.randrange(3, 12), rng, '项')}，获省部级科技奖励"
                    f"{count(rng.randrange(1, 5), rng, '项')}。"
                )
            )
        self._team_table(doc, rec)
        self._platform_table(doc, rec)
        if c.juris == "yunnan":
            self._project_table(doc, rec)
        if not c.rd.get("none") and (c.juris == "guangxi" or rng.random() < 0.35):
            self._lead_figures(doc, rec, where="application")
        if c.juris == "yunnan" and rng.random() < 0.5:
            self._self_funding(doc, rec)
        self._member_table(doc, rec)
        doc.add(
            P(
                rng.choice(["联合体已具备的合作基础、开展活动和取得的实效", "七、合作基础及实效"]),
                style="h2",
                space_before=6,
            )
        )
        ex = c.units[rng.randrange(1, len(c.units))]
        doc.add(
            self.body(
                f"联合体成员单位长期合作，共同承担省级以上科技项目{count(rng.randrange(4, 15), rng, '项')}。"
                f"其中{c.wname(ex)}年营业收入{money(rng.randrange(2, 9) * 10**8, rng)}，"
                f"联合体预计五年内新增产值{money(rng.randrange(20, 90) * 10**8, rng)}。"
            )
        )
        doc.add(
            P("牵头单位意见", style="h2", space_before=8),
            P("我单位已对申报材料进行审核，确认内容真实有效。", indent=2),
            P("牵头单位（盖章）：", align="right", space_before=20),
            P("年    月    日", align="right"),
        )
        return doc, rec
