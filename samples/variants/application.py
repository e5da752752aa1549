"""组建申请表 / 认定申请表: the form of each jurisdiction, written in many layouts.

Variation: cover as lines, table or content controls (or none); basic data as one form table,
several tables, label-above-value tables or paragraphs; counts in Chinese numerals; member tables
with the code in the name cell, its own column, before the name or on a numbered paragraph, extra
columns, tier group rows, split over pages with （续表）; team and platform tables in other column
orders; the lead's figures as a table or prose with distractors; check boxes; text boxes.
"""

from __future__ import annotations

import random

from application_tables import (
    add_funding,
    add_lead_info,
    add_members,
    add_platforms,
    add_projects,
    add_system_checkboxes,
    add_team,
)
from application_text import basis_text, declared, goal_text, platform_counts, section_titles, titles
from common import (
    blank_record,
    body,
    cover_lines,
    cycle,
    doc_flag,
    heading,
    maybe_textbox,
    new_doc,
    num_text,
    spaced_label,
    title_block,
)
from docmodel import Cell, P, PageBreak, R, Table
from model import Consortium
from textfmt import fmt_date


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
