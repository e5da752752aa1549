"""Documents of a consortium, each written in one of several layouts, with the record it should yield."""

from __future__ import annotations

import datetime as dt
import random

from blocks import PB, TB, Cell, Doc, P, Run, T
from cn import cn_int, cn_year, count, fmt_date, money, pct
from model import Cons
from pool import PROV, Unit

TIER_WORDS = {
    "std": {"lead": "牵头单位", "core": "核心层单位", "close": "紧密合作单位", "general": "一般协作层单位"},
    "xj": {"lead": "牵头企业", "core": "核心层", "close": "紧密层", "general": "生态层"},
    "short": {"lead": "牵头", "core": "核心层", "close": "紧密合作层", "general": "一般协作层"},
}
KIND_WORDS = {
    "enterprise": ["企业", "企业", "民营企业", "国有企业"],
    "university": ["高校", "高等学校", "高等院校"],
    "institute": ["科研院所", "科研机构", "研究机构"],
    "other": ["其他", "服务机构", "社会组织"],
}


def blank_record() -> dict:
    return {
        "schema_version": "1.0",
        "doc_type": "unknown",
        "jurisdiction": "unknown",
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


def spaced(s: str) -> str:
    return " ".join(s)


def member(u: Unit, name: str, code: str | None, tier: str, note: str | None) -> dict:
    return {"name": name, "credit_code": code or None, "tier": tier, "kind": u.kind, "note": note}


class W:
    """Writer context for one consortium."""

    def __init__(self, c: Cons, rng: random.Random):
        self.c, self.rng = c, rng
        self.doc_flags: dict[str, list] = {}
        self.sig_forms: list[str] | None = None  # restrict the signature layouts (sealed scans)
        self.no_spacing = False
        self.sig_tall = False  # room for a seal at every entry

    # ------------------------------------------------------------------ helpers
    def code_of(self, u: Unit) -> str:
        return self.c.written_code.get(u.name, u.code)

    def code_flags(self, rec: dict, units: list[Unit], asked: bool):
        """Flags of a document that prints (or asks for) members' credit codes."""
        for u in units:
            if u.name not in self.c.written_code:
                continue
            w = self.c.written_code[u.name]
            nm = self.c.wname(u)
            if w == "" and asked:
                rec["flags"].append(
                    {
                        "code": "CREDIT_CODE_MISSING",
                        "severity": "error",
                        "message": "成员单位未填写统一社会信用代码",
                        "unit": nm,
                        "evidence": None,
                        "match": [nm],
                    }
                )
            elif w:
                rec["flags"].append(
                    {
                        "code": "CREDIT_CODE_INVALID",
                        "severity": "error",
                        "message": "统一社会信用代码不符合GB 32100-2015",
                        "unit": nm,
                        "evidence": w,
                        "match": [nm, w],
                    }
                )

    def tiers(self):
        return TIER_WORDS[
            "xj"
            if self.c.juris == "xinjiang" and self.rng.random() < 0.6
            else self.rng.choice(["std", "std", "short"])
        ]

    def date(self, d: dt.date, styles=None) -> str:
        return fmt_date(d, self.rng.choice(styles or ["cn", "cn", "upper", "dot", "slash", "cn0", "cnsp"]))

    def prov_level(self) -> str:
        return {"guangxi": "自治区级", "xinjiang": "省级", "yunnan": "省级", "yongchuan": "市级"}[
            self.c.juris
        ]

    def base_rec(self, doc_type: str) -> dict:
        r = blank_record()
        r["doc_type"] = doc_type
        r["jurisdiction"] = self.c.juris
        r["consortium_name"] = self.c.name
        r["lead_units"] = [self.c.wname(self.c.lead)]
        return r

    def body(self, text: str, indent=2) -> P:
        return P(text, indent=indent, align="justify")

    def goal_text(self) -> str:
        c, rng = self.c, self.rng
        t = c.ind[2]
        y = c.filing.year
        return (
            f"围绕{c.industry}产业链“卡脖子”环节，重点突破{t[0]}、{t[1]}和{t[2]}等关键核心技术，"
            f"到{y + rng.choice([3, 4, 5])}年形成一批具有自主知识产权的核心技术和重大产品，"
            f"制定行业标准{count(rng.randrange(3, 9), rng, '项')}，申请发明专利{count(rng.randrange(20, 80), rng, '件')}，"
            f"推动产业链整体技术水平进入国内先进行列。"
        )

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
        tier_shown = style in ("codefirst", "grouped") or rng.random() < 0.5
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

    # ------------------------------------------------------------------ agreement
    CLAUSE_HEADS = {
        "participants": ["参与单位", "牵头和成员单位", "联合体组成", "成员构成", "合作各方"],
        "innovation_goal": ["技术创新目标", "联合体建设目标", "攻关目标", "创新目标与主要任务"],
        "task_division": ["任务具体分工", "任务分工", "各方分工", "攻关任务安排"],
        "rights_obligations": ["各成员单位的责权利", "各方权利与义务", "成员单位的权利和义务", "各方责任"],
        "ip_benefit": [
            "科技成果、知识产权归属、许可使用和转化收益分配办法",
            "知识产权与成果转化",
            "成果归属与收益分配",
            "知识产权管理",
        ],
        "integrity": ["科研诚信追究方式", "科研诚信", "诚信要求", "学术诚信管理"],
        "breach_liability": ["违约责任追究方式", "违约责任", "违约处理", "违约与赔偿"],
        "signatures": ["所有成员单位签章", "签署", "签章页", "各方签章"],
        "dissolution": ["联合体的解散", "解散与清算", "终止与解散"],
        "dispute_resolution": ["争议解决", "解决争议方式", "争议的处理"],
    }
    MERGED = {
        ("integrity", "breach_liability"): ["科研诚信与违约责任", "诚信及违约责任"],
        ("task_division", "rights_obligations"): ["任务分工及各方权利义务", "分工与责权利"],
        ("dissolution", "dispute_resolution"): ["解散与争议解决", "终止、解散及争议处理"],
    }
    HIDDEN = {
        "integrity": ["共同承诺", "其他约定"],
        "dissolution": ["附则", "其他"],
        "dispute_resolution": ["附则", "其他事项"],
        "breach_liability": ["其他约定"],
    }

    def clause_text(self, key: str, units: list[Unit]) -> list[P]:
        c, rng = self.c, self.rng
        lead = c.wname(c.lead)
        t = c.ind[2]
        if key == "innovation_goal":
            return [self.body(self.goal_text())]
        if key == "task_division":
            out = [self.body(f"{lead}负责总体技术路线设计、攻关任务分解和经费统筹，牵头开展{t[0]}攻关。")]
            if rng.random() < 0.5:
                rows = [[Cell("单位", bold=True), Cell("主要任务", bold=True)]] + [
                    [Cell(c.wname(u)), Cell(u.note.rstrip("。"))] for u in units[1:]
                ]
                out.append(T(rows, widths=[2.2, 4], size=10))
            else:
                out.append(
                    self.body(
                        "其他成员单位按照各自优势承担相应研发、中试与示范任务："
                        + "；".join(f"{c.wname(u)}{u.note.rstrip('。')}" for u in units[1:4])
                        + "；其余单位按年度计划承担配套任务。"
                    )
                )
            return out
        if key == "rights_obligations":
            return [
                self.body(
                    "各成员单位有权参与联合体重大事项决策，共享联合体内的科研设施、数据和技术信息；"
                    "有义务按协议投入人员、经费和条件，按期完成所承担的任务，并接受联合体的考核。"
                ),
                self.body(
                    f"牵头单位对联合体的建设、运营和管理负总责，负责组织年度总结并向{'科技主管部门' if rng.random() < 0.5 else '推荐单位和科技厅'}报送。"
                ),
            ]
        if key == "ip_benefit":
            return [
                self.body(
                    "联合体成立前各方已有的知识产权归原单位所有。联合攻关形成的科技成果和知识产权，"
                    "按照各方实际贡献约定归属；一方独立完成的归该方所有，共同完成的由完成各方共有。"
                ),
                self.body(
                    f"成果许可使用和转化收益按投入比例分配，成员单位在同等条件下享有优先许可使用权，"
                    f"转化净收益的{rng.choice(['百分之三十', '30%', '百分之二十五', '25%'])}用于奖励主要完成人员。"
                ),
            ]
        if key == "integrity":
            return [
                self.body(
                    "各成员单位应严格遵守科研诚信规范，杜绝抄袭、剽窃、篡改和伪造数据等行为。"
                    "对违反科研诚信要求的单位和个人，联合体将取消其参与资格，并按规定报送科技主管部门记入科研诚信记录，依法依规追究责任。"
                )
            ]
        if key == "breach_liability":
            return [
                self.body(
                    "任何一方未按本协议履行义务的，应承担违约责任；造成其他成员单位损失的，应予以赔偿。"
                    "无正当理由退出联合体或拒不履行所承担任务的，由理事会决定暂停其成员权利直至除名。"
                )
            ]
        if key == "dissolution":
            return [
                self.body(
                    "联合体完成既定任务且无新的目标任务，或经全体成员单位协商一致，可以解散。"
                    "解散时，各成员单位按投入比例分担债务、分配剩余资产，已形成的知识产权按本协议约定处理。"
                )
            ]
        if key == "dispute_resolution":
            return [
                self.body(
                    "因履行本协议发生的争议，各方应友好协商解决；协商不成的，"
                    f"{rng.choice(['提交牵头单位所在地仲裁委员会仲裁', '向牵头单位所在地人民法院提起诉讼'])}。"
                )
            ]
        raise KeyError(key)

    def participants_blocks(self, units: list[Unit], codes: bool) -> tuple[list, list[dict]]:
        c, rng = self.c, self.rng
        tw = self.tiers()
        form = rng.choice(["tierlines", "table", "numbered", "prose"])
        if codes:
            form = rng.choice(["table", "numbered"])
        members = []
        out: list = []
        by = {t: [u for u in units if u.tier == t] for t in ("lead", "core", "close", "general")}
        sep = rng.choice(["、", "；", "，"])
        if form == "tierlines":
            for t, us in by.items():
                if us:
                    if rng.random() < 0.5 or t == "lead":
                        out.append(P(f"{tw[t]}：" + sep.join(c.wname(u) for u in us), indent=2))
                    else:
                        out.append(P(f"{tw[t]}：", indent=2))
                        for u in us:
                            out.append(P(c.wname(u), left=4))
            for u in units:
                members.append(member(u, c.wname(u), None, u.tier, None))
        elif form == "table":
            hdr = [Cell("层级", bold=True), Cell("单位名称", bold=True)] + (
                [Cell("统一社会信用代码", bold=True)] if codes else []
            )
            rows = [hdr]
            for u in units:
                rows.append([Cell(tw[u.tier]), Cell(c.wname(u))] + ([Cell(self.code_of(u))] if codes else []))
                members.append(member(u, c.wname(u), self.code_of(u) if codes else None, u.tier, None))
            out.append(T(rows, widths=[1, 2.5] + ([1.8] if codes else []), size=10))
        elif form == "numbered":
            for i, u in enumerate(units, 1):
                s = f"{i}. {c.wname(u)}（{tw[u.tier]}）"
                if codes:
                    s += f"，统一社会信用代码：{self.code_of(u)}"
                out.append(P(s, left=2))
                members.append(member(u, c.wname(u), self.code_of(u) if codes else None, u.tier, None))
        else:
            s = f"本联合体由{c.wname(c.lead)}牵头组建。"
            if by["core"]:
                s += sep.join(c.wname(u) for u in by["core"]) + f"为{tw['core']}；"
            if by["close"]:
                s += sep.join(c.wname(u) for u in by["close"]) + f"作为{tw['close']}参加；"
            if by["general"]:
                s += sep.join(c.wname(u) for u in by["general"]) + f"等单位为{tw['general']}。"
            out.append(self.body(s))
            for u in units:
                members.append(member(u, c.wname(u), None, u.tier, None))
        return out, members

    def signature_blocks(self, signers: list[Unit], sign_date: dt.date) -> list:
        c, rng = self.c, self.rng
        form = rng.choice(self.sig_forms or ["table", "blocks", "twocol", "lines"])
        ds = self.date(sign_date)
        out: list = [P(rng.choice(["（以下无正文）", "（本页无正文，为签署页）", ""]), align="center")]
        if form == "table":
            rows = [
                [
                    Cell(h, bold=True, align="center")
                    for h in ["序号", "成员单位（盖章）", "法定代表人或授权代表（签字）", "日期"]
                ]
            ]
            pad = [P("", style="cell")] * (3 if self.sig_tall else 0)
            for i, u in enumerate(signers, 1):
                rows.append(
                    [
                        Cell(str(i)),
                        Cell(pad + [P(c.wname(u), style="cell")] + pad),
                        Cell(""),
                        Cell(ds if rng.random() < 0.8 else ""),
                    ]
                )
            out.append(T(rows, widths=[0.5, 3, 2, 1.3], header_rows=1, size=10.5))
        elif form == "blocks":
            sp = rng.random() < 0.5 and not self.no_spacing
            for u in signers:
                lab = "牵头单位" if u is c.lead else "成员单位"
                nm = spaced(c.wname(u)) if sp else c.wname(u)
                out.append(
                    P(
                        [Run(f"{lab}（盖章）："), Run(nm, spacing=None if sp else 1.5)],
                        space_before=85 if self.sig_tall else 14,
                    )
                )
                out.append(P(f"法定代表人或授权代表（签字）：　　　　　　　　日期：{ds}"))
        elif form == "twocol":
            rows = []
            for i in range(0, len(signers), 2):
                pair = signers[i : i + 2]
                cells = []
                for u in pair:
                    pad = [P("", style="cell")] * (3 if self.sig_tall else 0)
                    cells.append(
                        Cell(
                            pad
                            + [
                                P(f"{c.wname(u)}（盖章）", style="cell"),
                                P("代表签字：", style="cell"),
                                P(ds, style="cell", align="right"),
                            ]
                            + pad
                        )
                    )
                if len(cells) == 1:
                    cells.append(Cell(""))
                rows.append(cells)
            out.append(T(rows, widths=[1, 1], borders=False, size=11))
        else:
            for u in signers:
                out.append(
                    P(
                        [
                            Run(
                                spaced(c.wname(u))
                                if rng.random() < 0.3 and not self.no_spacing
                                else c.wname(u)
                            ),
                            Run("（公章）　　　　" + ds),
                        ],
                        space_before=95 if self.sig_tall else 16,
                    )
                )
        return out

    def agreement(self) -> tuple[Doc, dict]:
        c, rng = self.c, self.rng
        rec = self.base_rec("agreement")
        units = [u for u in c.units if u.name not in c.agr_omit]
        signers = [u for u in units if u.name not in c.sig_omit]
        doc = Doc(
            created=dt.datetime.combine(c.effective, dt.time(15, 3)),
            author=rng.choice(["admin", "Administrator", "user"]),
            base_size=rng.choice([11, 12, 12]),
            footer=rng.choice(["page", "pageof", None]),
            header=rng.choice([None, None, "附件2"]),
        )
        title = rng.choice(
            [
                f"{c.name}组建协议",
                f"{c.name}组建协议书",
                f"{c.name}联合共建协议",
                f"关于组建{c.name}的合作协议",
            ]
        )
        cover = rng.choice(["template", "plain", "none"])
        if cover == "template":
            doc.add(P(title, style="title", align="center", space_before=80, space_after=40))
            for k, v in [
                ("创新联合体名称", c.name),
                ("产业领域", c.industry),
                ("牵头单位", c.wname(c.lead) + "（盖章）"),
                ("联 系 人", c.contact[0]),
                ("联系电话", c.contact[1]),
                ("填报日期", self.date(c.filing)),
            ]:
                doc.add(P([Run(f"{k}："), Run(v, underline=True)], left=4, space_after=10))
            doc.add(PB())
            rec["industry"] = c.industry
            rec["contact"] = {"person": c.contact[0], "phone": c.contact[1]}
            rec["filing_date"] = c.filing.isoformat()
        elif cover == "plain":
            doc.add(
                P(title, style="title", align="center", space_before=120),
                P(f"{c.wname(c.lead)}　牵头", align="center", space_before=60),
                PB(),
            )
        doc.add(
            P(title if cover != "template" else "协议正文", style="subtitle", align="center", space_after=10)
        )
        doc.add(
            self.body(
                rng.choice(
                    [
                        f"为推动{c.industry}领域科技创新、技术进步和成果转化，依据相关政策要求，成立{c.name}（以下简称联合体），"
                        f"经所有成员单位协商一致，签署本协议，内容如下。",
                        f"根据《{'中华人民共和国民法典'}》等法律法规，各方本着平等自愿、优势互补、利益共享、风险共担的原则，就共同组建{c.name}达成如下协议：",
                    ]
                )
            )
        )
        # clause plan
        keys = [
            "participants",
            "innovation_goal",
            "task_division",
            "rights_obligations",
            "ip_benefit",
            "integrity",
            "breach_liability",
        ]
        with_extra = c.juris == "yunnan" or rng.random() < 0.5
        if with_extra:
            keys += ["dissolution", "dispute_resolution"]
        if c.clause_missing in keys:
            keys.remove(c.clause_missing)
        # group into sections: (heading, [keys], heading_names_keys)
        sections: list[tuple[str, list[str], bool]] = []
        i = 0
        hidden_used = None
        while i < len(keys):
            k = keys[i]
            nxt = keys[i + 1] if i + 1 < len(keys) else None
            if nxt and (k, nxt) in self.MERGED and rng.random() < 0.4 and c.clause_empty not in (k, nxt):
                sections.append((rng.choice(self.MERGED[(k, nxt)]), [k, nxt], True))
                i += 2
                continue
            if k in self.HIDDEN and rng.random() < 0.25 and hidden_used is None and c.clause_empty != k:
                hidden_used = rng.choice(self.HIDDEN[k])
                sections.append((hidden_used, [k], False))
                i += 1
                continue
            sections.append((rng.choice(self.CLAUSE_HEADS[k]), [k], True))
            i += 1
        numstyle = rng.choice(["manual_article", "manual_cn", "auto_article", "auto_cn", "none"])
        clauses = {}
        eff_stated = rng.random() < 0.5
        for si, (head, ks, _names) in enumerate(sections, 1):
            text = head
            num = None
            if numstyle == "manual_article":
                text = f"第{cn_int(si)}条　{head}"
            elif numstyle == "manual_cn":
                text = f"{cn_int(si)}、{head}"
            elif numstyle == "auto_article":
                num = "article"
            elif numstyle == "auto_cn":
                num = "cn"
            doc.add(P(text, style="h2", num=num, num_list="clauses", space_before=8, keep_next=True))
            for k in ks:
                empty = k == c.clause_empty
                if k == "participants":
                    blocks, members = self.participants_blocks(units, codes=rng.random() < 0.3)
                    rec["members"] = members
                    doc.add(*blocks)
                elif empty:
                    if rng.random() < 0.5:
                        doc.add(P("＿＿＿＿＿＿＿＿＿＿＿＿＿＿＿＿", indent=2))
                else:
                    doc.add(*self.clause_text(k, units))
                clauses[k] = {"present": True, "filled": not empty, "heading": head}
        # closing clause (effective date) and signatures
        tail_head = rng.choice(["附则", "其他", "协议的生效"])
        if "附则" in [s[0] for s in sections] or "其他" in [s[0] for s in sections]:
            tail_head = "协议的生效"
        n_sec = len(sections) + 1
        tail_text = (
            f"第{cn_int(n_sec)}条　{tail_head}"
            if numstyle == "manual_article"
            else f"{cn_int(n_sec)}、{tail_head}"
            if numstyle == "manual_cn"
            else tail_head
        )
        doc.add(
            P(
                tail_text,
                style="h2",
                num={"auto_article": "article", "auto_cn": "cn"}.get(numstyle),
                num_list="clauses",
                space_before=8,
            )
        )
        copies = rng.randrange(len(units) + 1, len(units) + 5)
        if eff_stated:
            doc.add(
                self.body(
                    f"本协议一式{cn_int(copies)}份，各成员单位各执一份，报科技主管部门备案一份。"
                    f"本协议自{self.date(c.effective)}起生效，有效期{rng.choice(['五', '三'])}年。"
                )
            )
            rec["agreement_effective_date"] = c.effective.isoformat()
        else:
            doc.add(
                self.body(
                    rng.choice(
                        [
                            f"本协议一式{cn_int(copies)}份，经各成员单位法定代表人或授权代表签字并加盖公章后生效。",
                            "本协议自各方签字盖章之日起生效，未尽事宜由各方另行签订补充协议。",
                        ]
                    )
                )
            )
        sig_head = rng.choice(self.CLAUSE_HEADS["signatures"])
        doc.add(PB() if rng.random() < 0.6 else P(""))
        doc.add(
            P(
                sig_head
                if numstyle in ("none", "auto_article", "auto_cn")
                else (
                    f"第{cn_int(n_sec + 1)}条　{sig_head}"
                    if numstyle == "manual_article"
                    else f"{cn_int(n_sec + 1)}、{sig_head}"
                ),
                style="h2",
                num={"auto_article": "article", "auto_cn": "cn"}.get(numstyle),
                num_list="clauses",
            )
        )
        sign_date = c.effective if eff_stated else c.effective - dt.timedelta(days=rng.randrange(0, 5))
        doc.add(*self.signature_blocks(signers, sign_date))
        clauses["signatures"] = {"present": True, "filled": True, "heading": sig_head}
        for k in [
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
        ]:
            clauses.setdefault(k, {"present": False, "filled": False, "heading": None})
        rec["clauses"] = clauses
        rec["signatories"] = [c.wname(u) for u in signers]
        if c.clause_missing:
            rec["flags"].append(
                {
                    "code": "CLAUSE_MISSING",
                    "severity": "error",
                    "message": f"组建协议缺少条款：{c.clause_missing}",
                    "unit": None,
                    "evidence": c.clause_missing,
                    "match": [c.clause_missing],
                }
            )
        if c.clause_empty:
            rec["flags"].append(
                {
                    "code": "CLAUSE_EMPTY",
                    "severity": "error",
                    "message": f"组建协议条款无实质内容：{c.clause_empty}",
                    "unit": None,
                    "evidence": c.clause_empty,
                    "match": [c.clause_empty],
                }
            )
        for u in units:
            if u.name in c.sig_omit:
                nm = c.wname(u)
                rec["flags"].append(
                    {
                        "code": "SIGNATURE_MISSING",
                        "severity": "error",
                        "message": "成员单位未在协议签章处签章",
                        "unit": nm,
                        "evidence": None,
                        "match": [nm],
                    }
                )
        codes_written = any(m["credit_code"] for m in rec["members"])
        if codes_written:
            self.code_flags(rec, units, asked=True)
        return doc, rec

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
