"""The application form's tables, with their truth: team, platforms, projects, the lead's figures,
self-funding, members."""

from __future__ import annotations

from blocks import PB, Cell, Doc, P, Run, T
from cn import count, money, pct
from records import KIND_WORDS, member


class ApplicationTables:
    """Tables of the application form."""

    def _team_table(self, doc: Doc, rec: dict):
        c, rng = self.c, self.rng
        cols = [
            ("姓名", "name"),
            ("年龄", "age"),
            ("职务/职称", "title"),
            ("从事专业", "specialty"),
            ("工作单位", "employer"),
        ]
        if rng.random() < 0.4:
            cols = [cols[0], cols[4], cols[2], cols[1], cols[3]]
        hdr = rng.choice(["科研团队情况", "三、科研团队情况", "主要研发人员"])
        doc.add(P(hdr, style="h2", space_before=6))
        rows = [[Cell("序号", bold=True)] + [Cell(h, bold=True, align="center") for h, _ in cols]]
        age_suffix = rng.random() < 0.3
        for i, t in enumerate(c.team, 1):
            row = [Cell(str(i), align="center")]
            for _, k in cols:
                v = t[k]
                if k == "age":
                    v = f"{v}岁" if age_suffix else str(v)
                row.append(Cell(str(v)))
            rows.append(row)
        doc.add(
            T(
                rows,
                widths=[0.5, 0.9, 0.6, 1.3, 1.2, 2.2][:1]
                + [
                    {"name": 0.9, "age": 0.6, "title": 1.4, "specialty": 1.2, "employer": 2.2}[k]
                    for _, k in cols
                ],
                header_rows=1,
                size=10,
            )
        )
        rec["team"] = [dict(t) for t in c.team]

    def _platform_table(self, doc: Doc, rec: dict):
        c, rng = self.c, self.rng
        pl = self.prov_level()
        lvl_name = {"guangxi": "自治区级", "xinjiang": "省级", "yunnan": "省级", "yongchuan": "市级"}[c.juris]
        doc.add(
            P(
                rng.choice(
                    [
                        f"联合体已建{pl}及以上科研平台",
                        f"四、牵头和成员单位已建并正在运行的{pl}及以上创新平台",
                        "科研平台情况",
                    ]
                ),
                style="h2",
                space_before=6,
            )
        )
        style = rng.choice(["text", "check", "text"])
        order = rng.choice(
            [
                ["name", "field", "level", "established", "host_unit"],
                ["name", "host_unit", "level", "established", "field"],
            ]
        )
        head = {
            "name": "平台名称",
            "field": "学科/产业领域",
            "level": f"国家/{lvl_name}",
            "established": "建设时间",
            "host_unit": "依托单位",
        }
        rows = [[Cell(head[k], bold=True, align="center") for k in order]]
        for p in c.platforms:
            row = []
            for k in order:
                if k == "level":
                    if style == "check":
                        row.append(
                            Cell(
                                [
                                    P(
                                        [
                                            Run("", checkbox=p["level"] == "national"),
                                            Run("国家级 "),
                                            Run("", checkbox=p["level"] == "provincial"),
                                            Run(lvl_name),
                                        ],
                                        style="cell",
                                    )
                                ]
                            )
                        )
                    else:
                        row.append(Cell("国家级" if p["level"] == "national" else lvl_name, align="center"))
                else:
                    row.append(Cell(p[k]))
            rows.append(row)
        w = {
            "name": 2.2,
            "field": 1.1,
            "level": 1.1 if style == "text" else 1.6,
            "established": 0.9,
            "host_unit": 2.0,
        }
        doc.add(T(rows, widths=[w[k] for k in order], header_rows=1, size=10))
        rec["platforms"] = [dict(p) for p in c.platforms]

    def _project_table(self, doc: Doc, rec: dict):
        c, _rng = self.c, self.rng
        doc.add(P("五、牵头和成员单位近三年承担的省级及以上科技计划项目", style="h2", space_before=6))
        rows = [
            [
                Cell(h, bold=True, align="center")
                for h in ["序号", "项目名称", "产业领域", "级别", "实施期", "承担单位"]
            ]
        ]
        for i, p in enumerate(c.projects, 1):
            rows.append(
                [
                    Cell(str(i)),
                    Cell(p["name"]),
                    Cell(p["field"]),
                    Cell(p["level"]),
                    Cell(p["period"]),
                    Cell(p["host_unit"]),
                ]
            )
        doc.add(T(rows, widths=[0.5, 2.4, 1, 0.8, 1.4, 2], header_rows=1, size=10))
        rec["projects"] = [
            {**p, "level": "national" if p["level"] == "国家级" else "provincial"} for p in c.projects
        ]

    def _lead_figures(self, doc: Doc, rec: dict, where: str):
        """The lead's revenue, R&D staff and R&D spending, with distractors, as a table or as sentences."""
        c, rng = self.c, self.rng
        rd = c.rd
        lead = c.wname(c.lead)
        yrs = rd["years"]
        with_years = rng.random() < 0.6
        form = rng.choice(["table", "prose", "prose"])
        doc.add(
            P(
                rng.choice(["牵头单位基本情况", "牵头单位主要经济技术指标", "牵头企业研发投入情况"]),
                style="h2",
                space_before=6,
            )
        )
        if form == "table":
            if with_years:
                rows = [[Cell("指标", bold=True)] + [Cell(f"{y}年", bold=True, align="center") for y in yrs]]
                rows.append([Cell("研发经费支出（万元）")] + [Cell(f"{e / 1e4:g}") for e in rd["expense"]])
                rows.append(
                    [Cell("利润总额（万元）")]
                    + [Cell(f"{rd['revenue'] * f / 1e4 * 0.08:.0f}") for f in (0.85, 0.92, 1)]
                )
                doc.add(T(rows, widths=[2, 1, 1, 1], size=10))
            else:
                doc.add(
                    P(
                        f"近三年研发经费支出分别为{'、'.join(money(e, rng, ['wan', 'yi']) for e in rd['expense'])}。",
                        indent=2,
                    )
                )
            rows = [
                [Cell("上年度主营业务收入"), Cell(money(rd["revenue"], rng, ["yi", "wan", "yuan"]))],
                [Cell("职工总数"), Cell(f"{rd['employees']}人")],
                [Cell("研发人员总数"), Cell(f"{rd['staff_total']}人")],
                [Cell("其中：专职研发人员"), Cell(f"{rd['staff']}人")],
                [Cell("研发投入强度"), Cell(f"{rd['intensity']}%")],
            ]
            doc.add(T(rows, widths=[2, 2], size=10))
        else:
            rev = money(rd["revenue"], rng)
            s = (
                f"{lead}上年度实现主营业务收入{rev}，"
                f"现有职工{count(rd['employees'], rng, '人', 0.2)}，研发人员共{count(rd['staff_total'], rng, '人')}，"
                f"其中专职研发人员{count(rd['staff'], rng, '人')}。"
            )
            if with_years:
                s += (
                    "近三年研发投入分别为"
                    + "、".join(
                        f"{y}年{money(e, rng, ['wan', 'yi', 'wan_cn'])}" for y, e in zip(yrs, rd["expense"])
                    )
                    + "，"
                )
            else:
                s += (
                    "近三年研发投入分别为"
                    + "、".join(money(e, rng, ["wan", "yi"]) for e in rd["expense"])
                    + "，"
                )
            s += f"研发投入强度{pct(rd['intensity'], rng)}。"
            s += f"联合体组建后，{lead}承诺每年投入研发专项资金不低于{money(round(rd['expense'][-1] * 1.3, -6), rng, ['wan', 'yi'])}。"
            doc.add(self.body(s))
        rec["rd"]["revenue_cny"] = float(rd["revenue"])
        rec["rd"]["rd_staff"] = rd["staff"]
        rec["rd"]["rd_expense_cny"] = [
            {"year": y if with_years else None, "amount_cny": float(e)} for y, e in zip(yrs, rd["expense"])
        ]
        rec["rd"]["rd_intensity_pct"] = rd["intensity"]

    def _self_funding(self, doc: Doc, rec: dict):
        c, rng = self.c, self.rng
        r = c.rd["self_ratio"]
        pub = rng.randrange(10, 40) * 100 * 10**4
        own = int(pub * r)
        form = rng.choice(["ratio", "amounts"])
        doc.add(P(rng.choice(["经费筹措", "经费来源及预算", "资金投入"]), style="h2", space_before=6))
        if form == "ratio":
            doc.add(
                self.body(
                    f"联合体建设期总投入{money(own + pub, rng, ['wan', 'yi'])}，自筹经费与申请财政经费的比例为{r:g}:1。"
                )
            )
        else:
            doc.add(
                self.body(
                    f"联合体建设期计划总投入{money(own + pub, rng, ['wan', 'yi'])}，其中各成员单位自筹"
                    f"{money(own, rng, ['wan'])}，申请省级财政科技经费{money(pub, rng, ['wan'])}"
                    f"（自筹:财政={r:g}:1）。"
                )
            )
        rec["rd"]["self_funding_ratio"] = float(r)

    def _member_table(self, doc: Doc, rec: dict):
        c, rng = self.c, self.rng
        tw = self.tiers()
        units = c.units
        style = rng.choice(["std", "codefirst", "namecode", "grouped", "coderow"])
        # tiers are shown by the note's prefix (std), a column (codefirst) or group rows (grouped); the other
        # styles have no place for them (the random draw is kept so a seed gives the same documents)
        tier_shown = style in ("codefirst", "grouped") or (rng.random() < 0.5 and style == "std")
        doc.add(
            P(
                rng.choice(
                    [
                        "成员单位在行业（或领域）中地位的简要说明",
                        "六、牵头和成员单位在行业（或领域）中地位的简要说明",
                        "联合体成员单位情况",
                    ]
                ),
                style="h2",
                space_before=6,
                keep_next=True,
            )
        )
        members = []
        rows: list[list[Cell]] = []
        hdr_rows = 1
        for i, u in enumerate(units, 1):
            nm = c.wname(u)
            code = self.code_of(u)
            note = u.note
            tier = u.tier if (tier_shown or u.tier == "lead") else "unspecified"
            if style == "std" and tier_shown:
                note = f"{tw[u.tier]}。{note}"
            nm_cell = nm
            if rng.random() < 0.12 and len(nm) > 9:
                nm_cell = nm[: len(nm) // 2] + "\n" + nm[len(nm) // 2 :]  # a name broken over two lines
            if style == "std":
                rows.append([Cell(str(i), align="center"), Cell(nm_cell), Cell(code), Cell(note)])
            elif style == "codefirst":
                rows.append(
                    [
                        Cell(str(i), align="center"),
                        Cell(code),
                        Cell(nm_cell),
                        Cell(rng.choice(KIND_WORDS[u.kind])),
                        Cell(tw[u.tier]),
                        Cell(note),
                    ]
                )
            elif style == "namecode":
                rows.append(
                    [
                        Cell(str(i), align="center"),
                        Cell(f"{nm}\n统一社会信用代码：{code}" if code else f"{nm}\n统一社会信用代码："),
                        Cell(note),
                    ]
                )
            elif style == "coderow":
                rows.append([Cell(str(i), align="center"), Cell(nm_cell, span=2), Cell(note)])
                rows.append([Cell(""), Cell("统一社会信用代码"), Cell(code, span=2)])
            else:
                rows.append([Cell(nm_cell), Cell(code), Cell(u.city), Cell(note)])
            members.append(member(u, nm, code, tier, note))
        if style == "grouped":
            grouped = []
            for t in ("lead", "core", "close", "general"):
                us = [r for r, u in zip(rows, units) if u.tier == t]
                if us:
                    grouped.append([Cell(tw[t], span=4, bold=True, shade=True)])
                    grouped += us
            rows = grouped
        head = {
            "std": ["序号", "成员单位名称", "统一社会信用代码", "在行业（或领域）中的地位，在联合体内分工"],
            "codefirst": ["序号", "统一社会信用代码", "单位名称", "单位性质", "层级", "地位及分工"],
            "namecode": [
                "序号",
                "成员单位名称及统一社会信用代码",
                "在行业（或领域）中的地位，在联合体内分工（限200字）",
            ],
            "coderow": ["序号", "单位名称", "", "地位与分工"],
            "grouped": ["单位名称", "统一社会信用代码", "所在地", "主要分工"],
        }[style]
        widths = {
            "std": [0.5, 2.2, 1.9, 3.2],
            "codefirst": [0.5, 1.9, 2.2, 0.8, 0.9, 2.4],
            "namecode": [0.5, 3, 3.4],
            "coderow": [0.5, 1.4, 1.4, 3.4],
            "grouped": [2.3, 1.9, 0.8, 2.8],
        }[style]
        hrow = [Cell(h, bold=True, align="center") for h in head]
        if style == "coderow":
            hrow = [
                Cell("序号", bold=True),
                Cell("单位名称", bold=True, span=2),
                Cell("地位与分工", bold=True),
            ]
        split = len(rows) > 10 and rng.random() < 0.7
        if split:
            k = rng.randrange(len(rows) // 2, len(rows) - 2)
            if style == "coderow" and k % 2:
                k += 1
            doc.add(T([hrow] + rows[:k], widths=widths, header_rows=hdr_rows, size=10))
            doc.add(PB(), P("（续表）", align="left", style="small"))
            doc.add(T([hrow] + rows[k:], widths=widths, header_rows=hdr_rows, size=10))
        else:
            doc.add(T([hrow] + rows, widths=widths, header_rows=hdr_rows, size=10))
        rec["members"] = members
        self.code_flags(rec, units, asked=True)
