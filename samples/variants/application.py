"""组建申请表 / 认定申请表: the form of each jurisdiction, written in many layouts.

Variation: cover as lines, table or content controls (or none); basic data as one form table,
several tables, label-above-value tables or paragraphs; counts in Chinese numerals; member tables
with the code in the name cell, its own column, before the name or on a numbered paragraph, extra
columns, tier group rows, split over pages with （续表）; team and platform tables in other column
orders; the lead's figures as a table or prose with distractors; check boxes; text boxes.
"""

from __future__ import annotations

import random

from common import (
    blank_record,
    body,
    cover_lines,
    cycle,
    doc_flag,
    heading,
    maybe_textbox,
    member_rec,
    new_doc,
    num_text,
    spaced_label,
    title_block,
)
from docmodel import Cell, P, PageBreak, R, Table
from model import Consortium
from textfmt import cn_int, fmt_date, fmt_money, fmt_pct, money_ok, pick_money_style, ratio_text
from units import person

TIER_CN = {"lead": "牵头单位", "core": "核心层单位", "close": "紧密合作单位", "general": "一般协作层单位"}
KIND_CN = {"enterprise": "企业", "university": "高校", "institute": "科研院所", "other": "其他"}


def titles(c: Consortium) -> tuple[str, str, str]:
    """(form title, issuing authority line, platform-level word)"""
    if c.juris == "guangxi":
        if c.version == "2025":
            return "广西壮族自治区创新联合体认定申请表", "广西壮族自治区科学技术厅制", "自治区级"
        return "广西壮族自治区创新联合体组建申请表", "广西壮族自治区科学技术厅\n2021年制", "自治区级"
    if c.juris == "xinjiang":
        return "新疆维吾尔自治区创新联合体组建申请表", "新疆维吾尔自治区科学技术厅制", "省级"
    if c.juris == "yunnan":
        return "云南省创新联合体组建申请表", "云南省科学技术厅\n2022年制", "省级"
    return "重庆市永川区创新联合体组建申请表", "重庆市永川区科学技术局制", "市级"


def declared(c: Consortium) -> dict[str, int]:
    d = {
        "members": len(c.members),
        "enterprises": c.count("enterprise"),
        "universities": c.count("university"),
        "institutes": c.count("institute"),
    }
    d.update(c.declared_override)
    return d


def platform_counts(c: Consortium) -> tuple[int, int]:
    nat = sum(1 for p in c.platforms if p.level == "national")
    prov = sum(1 for p in c.platforms if p.level == "provincial")
    return nat, prov


def build(c: Consortium, rng: random.Random, medium: str, opts: dict) -> tuple:
    title, authority, lvl_word = titles(c)
    rec = blank_record("application", c.juris)
    d = new_doc(rng, title)
    d.title = title
    asks_chief = c.juris in ("xinjiang", "yunnan")
    chief_word = "首席科学家" if c.juris == "xinjiang" else "首席专家（科学家）"
    date_style = opts.get("date_style") or cycle(
        rng, "filing_date", ["cn", "cn_num", "dot", "slash", "dash", "cn_pad", "spaced"]
    )
    cn_counts = opts.get("cn_counts", rng.random() < 0.35)
    cover = opts.get("cover") or cycle(rng, "app_cover", ["lines", "underline", "table", "sdt", "none"])
    basic = opts.get("basic") or cycle(rng, "app_basic", ["form", "split", "vertical", "paragraphs"])
    head_mode = opts.get("heading") or cycle(rng, "app_heading", ["cn", "cn", "auto", "style", "plain"])
    show_filing = not opts.get("no_filing_date", False)
    effective_given = rng.random() < 0.75
    leads = c.leads
    lead_names = "、".join(u.name for u in leads)

    rec["consortium_name"] = c.name
    rec["industry"] = c.industry
    rec["lead_units"] = [u.name for u in leads]
    rec["contact"] = {"person": c.contact, "phone": c.phone}

    phone_written = c.phone
    if "-" in c.phone and rng.random() < 0.3:
        phone_written = c.phone.replace("-", "－")
    elif "-" not in c.phone and rng.random() < 0.3:
        phone_written = f"{c.phone[:3]} {c.phone[3:7]} {c.phone[7:]}"

    # ------------------------------------------------------------------ cover
    filing_text = fmt_date(c.filing, date_style)
    filing_placed = False
    if cover != "none":
        d.add(*maybe_textbox(rng, ["编号：", "受理日期：    年  月  日"]))
        d.add(P([""], space_after=30))
        d.add(
            *title_block([title.replace("申请表", "") + "\n申请表" if rng.random() < 0.4 else title], size=22)
        )
        d.add(P([""], space_after=40))
        items = [
            ("创新联合体名称", c.name),
            ("产业领域", c.industry),
            ("牵头单位", lead_names + "（盖章）"),
            (spaced_label("联系人", rng), c.contact),
            ("联系电话", phone_written),
        ]
        if show_filing:
            items.append(("填报日期", filing_text))
            filing_placed = True
        d.add(*cover_lines(items, "lines" if cover == "none" else cover, rng))
        d.add(P([""], space_after=40))
        for ln in authority.split("\n"):
            d.add(P([ln], align="center", size=15))
        if rng.random() < 0.6:
            d.add(PageBreak())
            d.add(P(["填表说明"], align="center", bold=True, size=15))
            notes = [
                "一、联合体牵头单位须加盖法人公章。",
                "二、产业领域指联合体所涉及的主导产业、战略性新兴产业。",
                "三、成员总数包括牵头和成员单位数。"
                if c.juris == "yunnan"
                else f"三、联合体内已建平台数量指所有成员单位在本产业领域已建成并正在运行的{lvl_word}以上各类科研平台。",
                "四、对联合体牵头单位、成员单位在行业（或领域）中地位、分工、合作基础、开展活动和取得的实效做简要说明。",
                "五、联合体组建申请表须附组建协议。",
            ]
            for n in notes:
                d.add(P([n], indent_first=2))
        d.add(PageBreak())
    else:
        d.add(*title_block([title], size=18))
        if show_filing and rng.random() < 0.5:
            d.add(P([f"填报日期：{filing_text}"], align="right"))
            filing_placed = True
    rec["filing_date"] = None

    # ------------------------------------------------------------------ basic data
    eff_text = (
        fmt_date(c.effective, rng.choice(["cn", "cn_num", "dot", "cn_pad"]))
        if effective_given
        else "    年   月   日"
    )
    dec = declared(c)
    nat, prov = platform_counts(c)
    plat_label_n = "联合体内已建相关国家级各类科研平台数量"
    plat_label_p = f"联合体内已建相关{lvl_word}各类科研平台数量"
    if c.juris == "yunnan":
        plat_label_n = "联合体内已建并正在运行的国家级各类创新平台数量"
        plat_label_p = "联合体内已建并正在运行的省级各类创新平台数量"
    if c.juris == "yongchuan":
        plat_label_p = "联合体内已建市级（含）以上科研平台数量（不含国家级）"
    univ_label = "高等学校数量（个）" if c.juris == "yunnan" else "高校数量（个）"
    chief = c.chief if (asks_chief and not c.no_chief) else None
    chief_name = chief.name if chief else ""
    chief_title = chief.title if chief else ""
    if asks_chief and chief:
        rec["chief_scientist"] = {"name": chief.name, "title": chief.title}

    def cnt(n: int) -> str:
        return num_text(n, cn_counts, liang=rng.random() < 0.5)

    pairs = [
        ("联合体名称", c.name),
        ("联合体协议生效时间", eff_text),
        ("产业领域", c.industry),
        ("联合体牵头单位", lead_names),
    ]
    if asks_chief:
        pairs += [(f"推荐{chief_word}", chief_name), ("职务/职称", chief_title)]
    pairs += [
        (plat_label_n, cnt(nat)),
        (plat_label_p, cnt(prov)),
        ("联系人", c.contact),
        ("联系方式" if c.juris == "yunnan" else "电话", phone_written),
        ("成员总数（个）", cnt(dec["members"])),
        ("企业数量（个）", cnt(dec["enterprises"])),
        (univ_label, cnt(dec["universities"])),
        ("研究机构数量（个）", cnt(dec["institutes"])),
    ]
    if show_filing and not filing_placed and basic != "paragraphs":
        pairs.append(("填报日期", filing_text))
        filing_placed = True
    rec["declared_counts"] = dict(dec)
    rec["platform_counts"] = {"national": nat, "provincial": prov}
    if effective_given:
        rec["agreement_effective_date"] = c.effective.isoformat()
    if filing_placed:
        rec["filing_date"] = c.filing.isoformat()

    if basic == "form":
        rows = []
        i = 0
        while i < len(pairs):
            lab, val = pairs[i]
            if len(val) > 14 or i + 1 >= len(pairs) or len(pairs[i + 1][1]) > 14:
                rows.append([Cell([lab], bold=True), Cell([val], span=3)])
                i += 1
            else:
                rows.append(
                    [Cell([lab], bold=True), val, Cell([pairs[i + 1][0]], bold=True), pairs[i + 1][1]]
                )
                i += 2
        d.add(Table(rows, widths=[4.0, 4.5, 4.0, 4.0], size=11))
    elif basic == "split":
        d.add(P(["基本信息"], bold=True))
        d.add(
            Table(
                [[Cell([lab], bold=True), val] for lab, val in pairs[: 4 + (2 if asks_chief else 0)]],
                widths=[5.0, 11.0],
                size=11,
            )
        )
        d.add(P(["联合体组成及平台情况"], bold=True))
        d.add(
            Table(
                [
                    [Cell([lab], bold=True), val]
                    for lab, val in pairs[4 + (2 if asks_chief else 0) :]
                    if lab not in ("联系人", "电话", "联系方式", "填报日期")
                ],
                widths=[9.0, 7.0],
                size=11,
            )
        )
        d.add(P(["联系方式"], bold=True))
        tail = [(lab, val) for lab, val in pairs if lab in ("联系人", "电话", "联系方式", "填报日期")]
        d.add(Table([[Cell([lab], bold=True) for lab, _ in tail], [val for _, val in tail]], size=11))
    elif basic == "vertical":
        head = pairs[: 4 + (2 if asks_chief else 0)]
        d.add(Table([[Cell([lab], bold=True), val] for lab, val in head], widths=[5.0, 11.0], size=11))
        counts = [(lab, val) for lab, val in pairs if "数量" in lab or "总数" in lab]
        d.add(
            Table(
                [
                    [Cell([lab], bold=True, align="center") for lab, _ in counts[:2]],
                    [Cell([val], align="center") for _, val in counts[:2]],
                ],
                size=10.5,
            )
        )
        d.add(
            Table(
                [
                    [Cell([lab], bold=True, align="center") for lab, _ in counts[2:]],
                    [Cell([val], align="center") for _, val in counts[2:]],
                ],
                size=10.5,
            )
        )
        tail = [(lab, val) for lab, val in pairs if lab in ("联系人", "电话", "联系方式", "填报日期")]
        d.add(Table([[Cell([lab], bold=True) for lab, _ in tail], [val for _, val in tail]], size=11))
    else:  # paragraphs
        d.add(P(["联合体基本情况"], bold=True))
        d.add(P([f"联合体名称：{c.name}"]))
        d.add(P([f"产业领域：{c.industry}"]))
        d.add(P([f"牵头单位：{lead_names}"]))
        if effective_given:
            d.add(P([f"联合体协议生效时间：{eff_text}"]))
        if asks_chief:
            if chief:
                d.add(P([f"推荐{chief_word}：{chief_name}；职务/职称：{chief_title}"]))
            else:
                d.add(P([f"推荐{chief_word}：", R("          ", underline=True)]))
        e, u, i2 = dec["enterprises"], dec["universities"], dec["institutes"]
        oth = dec["members"] - e - u - i2
        uw = rng.choice(["高等院校", "高校", "高等学校"])
        iw = rng.choice(["科研院所", "研究机构", "科研机构"])
        parts = [f"企业{cnt(e)}家", f"{uw}{cnt(u)}家", f"{iw}{cnt(i2)}家"]
        if oth > 0:
            parts.append(f"其他机构{cnt(oth)}家")
        incl = rng.choice(["（含牵头单位）", "", "（含牵头单位在内）"])
        d.add(body(f"联合体共有成员单位{cnt(dec['members'])}家{incl}，其中{'、'.join(parts)}。"))
        pw = {"guangxi": "自治区级", "xinjiang": "省级", "yunnan": "省级", "yongchuan": "市级"}[c.juris]
        d.add(body(f"联合体内已建国家级平台{cnt(nat)}个、{pw}平台{cnt(prov)}个。"))
        d.add(P([f"联系人：{c.contact}    联系电话：{phone_written}"]))
        if show_filing and not filing_placed:
            d.add(P([f"填报日期：{filing_text}"]))
            rec["filing_date"] = c.filing.isoformat()

    # ------------------------------------------------------------------ sections
    sec_titles = section_titles(c)
    idx = 0
    for key, stitle in sec_titles:
        d.add(heading(idx, stitle, head_mode, size=None))
        idx += 1
        if key == "goal":
            d.add(body(goal_text(c, rng)))
        elif key == "chief":
            if chief:
                d.add(
                    body(
                        f"{chief.name}，{chief.age}岁，{chief.title}，现任职于{chief.employer}，长期从事{chief.specialty}"
                        f"研究，主持国家重点研发计划课题等项目{rng.randrange(3, 15)}项，获省部级科技奖励{rng.randrange(1, 6)}项。"
                    )
                )
            else:
                d.add(body("（待推荐）" if rng.random() < 0.5 else ""))
        elif key == "team":
            add_team(d, c, rng, rec, chief)
        elif key == "platforms":
            add_platforms(d, c, rng, rec)
        elif key == "projects":
            add_projects(d, c, rng, rec)
        elif key == "members":
            add_members(d, c, rng, rec, opts)
        elif key == "basis":
            d.add(body(basis_text(c, rng)))
        elif key == "lead_info":
            add_lead_info(d, c, rng, rec, opts)
        elif key == "funding":
            add_funding(d, c, rng, rec)
        elif key == "system":
            add_system_checkboxes(d, rng, medium)
    if opts.get("lead_info_in_basis") and "lead_info" not in [k for k, _ in sec_titles]:
        add_lead_info(d, c, rng, rec, opts)
    # ------------------------------------------------------------------ opinions (dates here are not 填报日期)
    sig_date = c.filing if rng.random() < 0.6 else None
    rows = [
        [
            Cell(
                [
                    P(["牵头单位审核意见" if c.juris != "yunnan" else "牵头单位意见"], bold=True),
                    P(["我单位已对申报材料进行了认真审查，确认所提供材料的真实性，并对此负责。"]),
                    P([f"牵头单位（盖章）：{'':10}"], align="right"),
                    P([fmt_date(sig_date, "cn") if sig_date else "年    月    日"], align="right"),
                ]
            )
        ],
        [
            Cell(
                [
                    P(
                        ["推荐单位审核意见" if c.juris != "xinjiang" else "地（州、市）科技部门推荐意见"],
                        bold=True,
                    ),
                    P([""]),
                    P(["（盖章）"], align="right"),
                    P(["年    月    日"], align="right"),
                ]
            )
        ],
    ]
    d.add(Table(rows, widths=[16.0], size=11))

    # ------------------------------------------------------------------ planted document flags
    for name, bad in c.bad_code.items():
        rec["flags"].append(
            doc_flag(
                "CREDIT_CODE_INVALID", "统一社会信用代码不符合GB 32100-2015", c.name, name, bad, [name, bad]
            )
        )
    for name in sorted(c.missing_code):
        rec["flags"].append(
            doc_flag("CREDIT_CODE_MISSING", "成员单位未填写统一社会信用代码", c.name, name, None, [name])
        )
    style = {
        "cover": cover,
        "basic": basic,
        "heading": head_mode,
        "cn_counts": cn_counts,
        **opts.get("_members_style", {}),
        **opts.get("_rd_style", {}),
        "date": date_style,
        "effective_field": effective_given,
        "textbox": any(type(b).__name__ == "TextBox" for b in d.blocks),
        "checkboxes": c.juris == "guangxi" and c.version == "2025",
    }
    return d, rec, style


def section_titles(c: Consortium) -> list[tuple[str, str]]:
    if c.juris == "guangxi":
        out = [
            ("goal", "技术创新目标（限500字）"),
            ("team", "科研团队情况"),
            (
                "platforms",
                "联合体已建自治区级及以上科研平台数量（含重点实验室、工程技术研究中心、企业技术创新中心等各类创新平台）",
            ),
            ("members", "成员单位在行业（或领域）中地位的简要说明"),
            ("basis", "联合体已具备的合作基础、开展活动和取得的实效"),
        ]
        if c.version == "2025":
            out.insert(1, ("lead_info", "牵头单位基本情况"))
            out.append(("system", "运行制度建设情况"))
        return out
    if c.juris == "xinjiang":
        return [
            ("goal", "技术创新战略规划和目标（限500字）"),
            ("chief", "推荐首席科学家科研简历（含取得的代表性创新成果、主要学术任职等）"),
            ("team", "科研团队情况"),
            (
                "platforms",
                "联合体已建省级及以上科研平台数量（含重点实验室、工程技术研究中心、企业技术创新中心等各类创新平台）",
            ),
            ("members", "成员单位在行业（或领域）中地位的简要说明"),
            ("basis", "联合体已具备的合作基础、开展活动和取得的实效"),
        ]
    if c.juris == "yunnan":
        return [
            ("goal", "技术创新目标（拟解决的关键核心技术问题等，限500字）"),
            ("chief", "推荐首席专家（科学家）科研简历（含取得的代表性创新成果、主要学术任职等）"),
            ("team", "科研团队情况"),
            ("platforms", "牵头和成员单位已建并正在运行的省级及以上创新平台"),
            ("projects", "牵头和成员单位近三年承担的省级及以上科技计划项目（财政支持200万及以上）"),
            ("members", "牵头和成员单位在行业（或领域）中地位的简要说明"),
            ("basis", "创新联合体已具备的合作基础、开展活动和取得的实效（限500字）"),
            ("funding", "经费筹措"),
        ]
    return [
        ("goal", "五年建设发展目标"),
        ("lead_info", "牵头企业基本情况"),
        ("team", "核心技术团队"),
        ("platforms", "已建研发平台情况"),
        ("members", "成员单位情况"),
        ("basis", "合作基础"),
    ]


def goal_text(c: Consortium, rng: random.Random) -> str:
    t = rng.sample(c.topics, k=min(2, len(c.topics)))
    y = c.filing.year
    s = (
        f"围绕{c.industry}产业链关键环节，聚焦{t[0]}等“卡脖子”技术难题，联合攻关突破关键核心技术{rng.randrange(5, 15)}项，"
        f"制定行业及以上标准{rng.randrange(3, 12)}项，申请发明专利{rng.randrange(30, 120)}件。"
    )
    if rng.random() < 0.7:  # distractor figures: not the lead's revenue or R&D
        s += (
            f"到{y + rng.randrange(3, 6)}年，带动产业链新增产值{rng.randrange(20, 200)}亿元，"
            f"联合体成员单位累计投入研发专项资金{fmt_money(rng.randrange(20, 90) * 10_000_000, 'wan')}。"
        )
    if len(t) > 1:
        s += f"同时在{t[1]}方向建成中试验证平台，推动科技成果转化和产业化应用。"
    return s


def basis_text(c: Consortium, rng: random.Random) -> str:
    others = [u for u in c.members if u.tier != "lead"]
    a = rng.choice(others)
    s = (
        f"联合体成员单位长期在{c.industry}领域开展产学研合作，近年来共同承担各类科技项目{rng.randrange(8, 40)}项，"
        f"联合建设研发平台{rng.randrange(2, 9)}个，联合培养研究生{rng.randrange(20, 150)}名。"
    )
    if a.kind == "enterprise" and rng.random() < 0.6:  # a member's own figures, not the lead's
        s += (
            f"其中，成员单位{a.name}{c.filing.year - 1}年营业收入{rng.randrange(3, 40)}.{rng.randrange(1, 10)}亿元，"
            f"研发人员{rng.randrange(40, 300)}人。"
        )
    s += "联合体已建立定期会商、技术交流和资源共享机制，每季度召开技术需求研讨会。"
    return s


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
