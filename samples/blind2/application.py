"""组建申请表 in several layouts: the template's one big table, the form cut into several
tables, basic data as paragraphs; member tables with the credit code in the name cell, in its
own column, before the name, or on its own line, split with （续表）; the chief scientist as a
row, a combined cell, a labelled line or prose in the résumé section; counts in cells, in
hanzi, or in a sentence."""

from __future__ import annotations

import random

from . import cn, deck
from .docmodel import Doc
from .figures import lead_figures
from .record import blank, doc_flag, member
from .scenario import JURIS

TIER_WORD = {"lead": "牵头单位", "core": "核心层单位", "close": "紧密合作单位", "general": "一般协作层单位"}
KIND_WORD = {"enterprise": "企业", "university": "高校", "institute": "科研院所", "other": "其他"}


def _counts_sentence(sub, rng, d, variants):
    """The declared counts as a sentence; d = declared dict."""
    hz = rng.random() < 0.5

    def num(n):
        return cn.int_cn(n) if hz else str(n)

    n_other = d["members"] - d["enterprises"] - d["universities"] - d["institutes"]
    tail = f"、其他单位{num(n_other)}家" if n_other > 0 and rng.random() < 0.7 else ""
    form = rng.choice(["total", "lead_plus"])
    if form == "total":
        s = (
            f"联合体共有成员单位{num(d['members'])}家（含牵头单位），其中企业{num(d['enterprises'])}家、"
            f"高等院校{num(d['universities'])}家、科研院所{num(d['institutes'])}家{tail}。"
        )
    else:
        nl = len(sub.leads)
        s = (
            f"联合体由{num(nl)}家牵头单位和{num(d['members'] - nl)}家成员单位组成，其中企业{num(d['enterprises'])}家"
            f"（含牵头单位）、高等院校{num(d['universities'])}家、科研院所{num(d['institutes'])}家{tail}。"
        )
    variants.append(f"counts:sentence-{form}" + ("-hanzi" if hz else ""))
    return s


def write(sub, rng: random.Random, want: set[str] = frozenset(), fig_opts: dict | None = None):
    j = JURIS[sub.juris]
    jur = sub.juris
    doc = Doc()
    rec = blank("application", jur)
    var: list[str] = []
    rec["consortium_name"] = sub.name
    rec["industry"] = sub.industry
    rec["lead_units"] = [m.name for m in sub.leads]
    rec["agreement_effective_date"] = cn.iso(sub.effective)
    rec["contact"] = {"person": sub.contact, "phone": sub.phone}
    title = {
        "guangxi": "广西壮族自治区创新联合体组建申请表",
        "xinjiang": "新疆维吾尔自治区创新联合体组建申请表",
        "yunnan": "云南省创新联合体组建申请表",
        "yongchuan": "永川区创新联合体组建申请表",
    }[jur]
    lead_names = "、".join(m.name for m in sub.leads)

    # ---------------------------------------------------------------- cover
    if rng.random() < 0.85:
        ds = rng.choice(["ymd", "hanzi", "ymd0", "dots"])
        doc.p("附件1")
        doc.blank(2)
        doc.title(title, 20)
        doc.blank(2)
        doc.p(f"创新联合体名称：{sub.name}", left=2)
        doc.p(f"产业领域：{sub.industry}", left=2)
        doc.p(f"牵头单位：{lead_names}（盖章）", left=2)
        doc.p(f"联 系 人：{sub.contact}", left=2)
        doc.p(f"联系电话：{sub.phone}", left=2)
        doc.p(f"填报日期：{cn.date_text(sub.filing, ds)}", left=2)
        rec["filing_date"] = cn.iso(sub.filing)
        var.append(f"filing_date:{ds}")
        doc.blank(3)
        doc.p(j["authority"] + ("制" if not j["year_made"] else ""), align="center")
        if j["year_made"]:
            doc.p(j["year_made"], align="center")
        doc.pagebreak()
        doc.title("填表说明", 14)
        doc.p("一、联合体牵头单位须加盖法人公章。")
        doc.p("二、成员总数包括牵头和成员单位数。")
        doc.p("三、联合体内已建平台数量指所有成员单位在本产业领域已建成并正在运行的省级以上各类科研平台。")
        doc.pagebreak()
    else:
        var.append("no cover: no 填报日期")
    doc.title(title, 16)

    layout = deck.draw("app_layout", ["single", "split", "paras"])
    var.append(f"layout:{layout}")
    d = sub.declared
    eff_style = rng.choice(["ymd", "hanzi", "dots", "slash", "ymd0", "iso"])
    eff = cn.date_text(sub.effective, eff_style)
    var.append(f"effective:{eff_style}")
    chief = sub.chief
    chief_label = {
        "guangxi": "首席专家",
        "xinjiang": "推荐首席科学家",
        "yunnan": "推荐首席专家（科学家）",
        "yongchuan": "首席科学家",
    }[jur]
    # where the chief is named in this application
    if chief and (jur in ("xinjiang", "yunnan") or rng.random() < 0.5):
        cform = (
            deck.draw("app_chief_xy", ["row", "combined", "line", "resume"])
            if jur in ("xinjiang", "yunnan")
            else deck.draw("app_chief_gy", ["row", "combined", "line"])
        )
    else:
        cform = "none"
    if layout == "paras" and cform in ("row", "combined"):
        cform = "line"
    var.append(f"chief:{cform}")
    if cform != "none":
        rec["chief_scientist"] = {"name": chief["name"], "title": chief["title"]}
    hz_counts = rng.random() < 0.3
    numtxt = (lambda n: cn.int_cn(n)) if hz_counts else (lambda n: str(n))
    univ_label = "高等学校数量（个）" if jur == "yunnan" else "高校数量（个）"
    lvl = j["level"]
    rec["platform_counts"] = {"national": sub.national, "provincial": sub.provincial}
    rec["declared_counts"] = dict(d)
    basic_rows = [
        [{"text": "联合体名称", "span": 3}, {"text": sub.name, "span": 9}],
        [
            {"text": "联合体协议生效时间", "span": 3},
            {"text": eff, "span": 3},
            {"text": "产业领域", "span": 3},
            {"text": sub.industry, "span": 3},
        ],
        [{"text": "联合体牵头单位", "span": 3}, {"text": lead_names, "span": 9}],
    ]
    if cform == "row":
        basic_rows.append(
            [
                {"text": chief_label, "span": 3},
                {"text": chief["name"], "span": 3},
                {"text": "职务/职称", "span": 3},
                {"text": chief["title"], "span": 3},
            ]
        )
    elif cform == "none" and jur in ("xinjiang", "yunnan") and layout != "paras":
        basic_rows.append(
            [
                {"text": chief_label, "span": 3},
                {"text": "", "span": 3},
                {"text": "职务/职称", "span": 3},
                {"text": "", "span": 3},
            ]
        )
        var.append("chief row left empty")
    elif cform == "combined":
        basic_rows.append(
            [
                {"text": chief_label + "（职务/职称）", "span": 3},
                {"text": f"{chief['name']}（{chief['title']}）", "span": 9},
            ]
        )
    if rng.random() < 0.4:
        # a distractor row: 技术负责人 is not the chief scientist
        basic_rows.append(
            [
                {"text": "技术负责人", "span": 3},
                {"text": sub.extra_people[0], "span": 3},
                {"text": "职务/职称", "span": 3},
                {"text": "高级工程师", "span": 3},
            ]
        )
        var.append("distractor:技术负责人 row")
    basic_rows += [
        [
            {"text": "联合体内已建相关国家级各类科研平台数量", "span": 3},
            {"text": numtxt(sub.national), "span": 3},
            {"text": f"联合体内已建相关{lvl}各类科研平台数量", "span": 3},
            {"text": numtxt(sub.provincial), "span": 3},
        ],
        [
            {"text": "联系人", "span": 3},
            {"text": sub.contact, "span": 3},
            {"text": "联系方式" if jur == "yunnan" else "电话", "span": 3},
            {"text": sub.phone, "span": 3},
        ],
    ]
    counts_rows = [
        [
            {"text": "成员总数（个）", "span": 3},
            {"text": numtxt(d["members"]), "span": 3},
            {"text": "企业数量（个）", "span": 3},
            {"text": numtxt(d["enterprises"]), "span": 3},
        ],
        [
            {"text": univ_label, "span": 3},
            {"text": numtxt(d["universities"]), "span": 3},
            {"text": "研究机构数量（个）", "span": 3},
            {"text": numtxt(d["institutes"]), "span": 3},
        ],
    ]
    counts_in_sentence = layout == "paras" or (layout == "split" and rng.random() < 0.4)
    if not counts_in_sentence:
        var.append("counts:table" + ("-hanzi" if hz_counts else ""))

    # ---------------------------------------------------------------- sections
    sec_no = iter("一二三四五六七八九十")
    sections = []  # (heading, kind)
    goal = (
        f"围绕{sub.industry}产业链关键核心技术，联合开展{rng.choice(sub.words)}关键技术攻关，力争在建设期内突破关键核心技术"
        f"{rng.randint(5, 12)}项，申请发明专利{rng.randint(20, 60)}件，制定标准{rng.randint(3, 8)}项。"
    )
    goal_h = {
        "guangxi": "技术创新目标（限500字）",
        "xinjiang": "技术创新战略规划和目标（限500字）",
        "yunnan": "技术创新目标（拟解决的关键核心技术问题等，限500字）",
        "yongchuan": "组建目标",
    }[jur]
    resume = None
    if jur in ("xinjiang", "yunnan"):
        rh = (
            "推荐首席科学家科研简历（含取得的代表性创新成果、主要学术任职等）"
            if jur == "xinjiang"
            else "推荐首席专家（科学家）科研简历（含取得的代表性创新成果、主要学术任职等）"
        )
        if chief:
            born = 2025 - rng.randint(50, 62)
            if cform == "resume":
                resume = (
                    f"{chief['name']}{chief['title']}，男，{born}年生，博士，现任职于{chief['employer']}，长期从事"
                    f"{sub.industry}领域研究，主持国家重点研发计划项目{rng.randint(2, 5)}项，获省部级科技奖励{rng.randint(1, 4)}项。"
                )
            else:
                resume = (
                    f"男，{born}年生，博士，长期从事{sub.industry}领域研究，主持国家重点研发计划项目"
                    f"{rng.randint(2, 5)}项，获省部级科技奖励{rng.randint(1, 4)}项，兼任中国{rng.choice(sub.words)}学会理事。"
                )
        else:
            resume = ""
        sections.append(("resume", rh))

    # rd figures, stated in the 合作基础 section for some applications
    want = set(want)
    sents, rd_truth, rd_var = lead_figures(
        sub, rng, want, allow_distractors=rng.random() < 0.6, **(fig_opts or {})
    )
    var += rd_var
    rec["rd"] = rd_truth
    stated = {k: (k in want) for k in ("revenue", "staff", "expenses", "intensity")}

    # ---------------------------------------------------------------- member table
    mform = deck.draw(
        "app_members",
        ["name_code_cell", "code_column", "code_first_column", "code_before_name", "kind_tier_table"],
    )
    tier_in_note = mform != "kind_tier_table" and rng.random() < 0.5
    split = rng.random() < (0.5 if layout != "single" else 0.0) and len(sub.members) >= 7
    var.append(f"members:{mform}" + ("+tier-in-note" if tier_in_note else "") + ("+续表" if split else ""))
    code_of = {}
    for m in sub.members:
        code = m.unit.code
        if sub.invalid_code_unit == m.name:
            code = sub.invalid_code
        if sub.missing_code_unit == m.name:
            code = None
        code_of[m.name] = code
    head_name = (
        "牵头和成员单位名称\n及统一社会信用代码" if jur == "yunnan" else "成员单位名称\n及统一社会信用代码"
    )
    note_h = "在行业（或领域）中的地位，在联合体内分工（限200字）"
    mrows_head = {
        "name_code_cell": [
            {"text": "序号", "span": 1},
            {"text": head_name, "span": 5},
            {"text": note_h, "span": 6},
        ],
        "code_before_name": [
            {"text": "序号", "span": 1},
            {"text": head_name, "span": 5},
            {"text": note_h, "span": 6},
        ],
        "code_column": [
            {"text": "序号", "span": 1},
            {"text": "成员单位名称", "span": 3},
            {"text": "统一社会信用代码", "span": 3},
            {"text": note_h, "span": 5},
        ],
        "code_first_column": [
            {"text": "序号", "span": 1},
            {"text": "统一社会信用代码", "span": 3},
            {"text": "单位名称", "span": 3},
            {"text": note_h, "span": 5},
        ],
        "kind_tier_table": [
            {"text": "序号", "span": 1},
            {"text": "单位名称", "span": 3},
            {"text": "单位类型", "span": 1},
            {"text": "层级", "span": 2},
            {"text": "统一社会信用代码", "span": 2},
            {"text": "分工", "span": 3},
        ],
    }[mform]
    mrows = []
    for i, m in enumerate(sub.members, 1):
        code = code_of[m.name] or ""
        stated_tier = m.tier == "lead" or mform == "kind_tier_table" or tier_in_note
        note = m.note
        if tier_in_note and m.tier != "lead":
            note = TIER_WORD[m.tier] + "。" + note
        if mform == "name_code_cell":
            cell = m.name + ("\n" + code if code else "")
            if code and rng.random() < 0.3:
                cell = m.name + "\n（" + code + "）"
            row = [{"text": str(i), "span": 1}, {"text": cell, "span": 5}, {"text": note, "span": 6}]
        elif mform == "code_before_name":
            row = [
                {"text": str(i), "span": 1},
                {"text": (code + " " if code else "") + m.name, "span": 5},
                {"text": note, "span": 6},
            ]
        elif mform == "code_column":
            row = [
                {"text": str(i), "span": 1},
                {"text": m.name, "span": 3},
                {"text": code, "span": 3},
                {"text": note, "span": 5},
            ]
        elif mform == "code_first_column":
            row = [
                {"text": str(i), "span": 1},
                {"text": code, "span": 3},
                {"text": m.name, "span": 3},
                {"text": note, "span": 5},
            ]
        else:
            row = [
                {"text": str(i), "span": 1},
                {"text": m.name, "span": 3},
                {"text": KIND_WORD[m.kind], "span": 1},
                {"text": TIER_WORD[m.tier], "span": 2},
                {"text": code, "span": 2},
                {"text": m.note, "span": 3},
            ]
        mrows.append(row)
        rec["members"].append(
            member(m, code=code_of[m.name], tier=m.tier if stated_tier else "unspecified", note=note)
        )
        if code_of[m.name] and code_of[m.name] != m.unit.code:
            rec["flags"].append(
                doc_flag(
                    "CREDIT_CODE_INVALID",
                    "统一社会信用代码不符合GB 32100-2015",
                    sub.name,
                    unit=m.name,
                    evidence=code_of[m.name],
                    match=[m.name, code_of[m.name]],
                )
            )
        if not code_of[m.name]:
            rec["flags"].append(
                doc_flag(
                    "CREDIT_CODE_MISSING",
                    "成员单位未填写统一社会信用代码",
                    sub.name,
                    unit=m.name,
                    match=[m.name],
                )
            )

    # ---------------------------------------------------------------- team / platforms / projects
    team_cols = [
        ("姓名", "name", 2),
        ("年龄", "age", 1),
        ("职务/职称", "title", 3),
        ("从事专业", "specialty", 2),
        ("工作单位", "employer", 4),
    ]
    if rng.random() < 0.3:
        team_cols = [team_cols[0], team_cols[4], team_cols[2], team_cols[1], team_cols[3]]
        var.append("team:columns reordered")
    team_head = [{"text": h, "span": w} for h, _, w in team_cols]
    team_rows = [[{"text": str(t[k]), "span": w} for _, k, w in team_cols] for t in sub.team]
    rec["team"] = [dict(t) for t in sub.team]
    lvl_col = (
        "国家/" + {"guangxi": "自治区级", "xinjiang": "省级", "yunnan": "省级", "yongchuan": "市级"}[jur]
    )
    plat_head = [
        {"text": "平台名称", "span": 4},
        {"text": "学科/产业领域", "span": 2},
        {"text": lvl_col.replace(" ", ""), "span": 2},
        {"text": "建设时间", "span": 2},
        {"text": "依托单位", "span": 2},
    ]
    lvl_text = {"national": "国家级", "provincial": lvl, "other": "市级"}
    if jur == "yongchuan":
        lvl_text["provincial"] = "市级"
    plat_rows = [
        [
            {"text": p["name"], "span": 4},
            {"text": p["field"], "span": 2},
            {"text": lvl_text[p["level"]], "span": 2},
            {"text": p["established"], "span": 2},
            {"text": p["host_unit"], "span": 2},
        ]
        for p in sub.platforms
    ]
    rec["platforms"] = [dict(p) for p in sub.platforms]
    proj_rows = []
    if sub.projects:
        proj_head = [
            {"text": "序号", "span": 1},
            {"text": "项目名称", "span": 4},
            {"text": "产业领域", "span": 2},
            {"text": "级别（国家级/省级）", "span": 2},
            {"text": "实施期", "span": 1},
            {"text": "承担单位", "span": 2},
        ]
        proj_rows = [
            [
                {"text": str(i), "span": 1},
                {"text": p["name"], "span": 4},
                {"text": p["field"], "span": 2},
                {"text": p["level"], "span": 2},
                {"text": p["period"], "span": 1},
                {"text": p["host_unit"], "span": 2},
            ]
            for i, p in enumerate(sub.projects, 1)
        ]
        rec["projects"] = [dict(p) for p in sub.projects]
    found = (
        "联合体成员单位在"
        + sub.industry
        + "领域长期保持合作，共同承担国家和省级科技计划项目"
        + str(rng.randint(4, 15))
        + "项，联合培养研究生"
        + str(rng.randint(20, 80))
        + "名。"
        + "".join(sents)
    )
    team_h = "科研团队情况"
    plat_h = {
        "guangxi": "联合体已建自治区级及以上科研平台数量（含重点实验室、工程技术研究中心、企业技术创新中心等各类创新平台）",
        "xinjiang": "联合体已建省级及以上科研平台数量（含重点实验室、工程技术研究中心、企业技术创新中心等各类创新平台）",
        "yunnan": "牵头和成员单位已建并正在运行的省级及以上创新平台",
        "yongchuan": "联合体已建市级及以上科研平台",
    }[jur]
    mem_h = (
        "牵头和成员单位在行业（或领域）中地位的简要说明"
        if jur == "yunnan"
        else "成员单位在行业（或领域）中地位的简要说明"
    )
    found_h = "联合体已具备的合作基础、开展活动和取得的实效"
    opinion = "牵头单位审核意见\n经审核，申报材料内容真实、准确，同意申报。\n牵头单位（盖章）：\n" + (
        cn.date_text(sub.filing, rng.choice(["ymd", "hanzi"])) if rng.random() < 0.5 else "年    月    日"
    )

    order = (
        [("goal", goal_h)]
        + (sections if jur in ("xinjiang", "yunnan") else [])
        + [("team", team_h), ("plat", plat_h)]
    )
    if sub.projects:
        order.append(("proj", "牵头和成员单位近三年承担的省级及以上科技计划项目（财政支持200万及以上）"))
    order += [("mem", mem_h), ("found", found_h)]

    def full(text):
        return [{"text": text, "span": 12}]

    if layout == "single":
        rows = basic_rows + counts_rows
        for key, h in order:
            hh = f"{next(sec_no)}、{h}"
            rows.append(full(hh))
            if key == "goal":
                rows.append(full(goal))
            elif key == "resume":
                rows.append(full(resume or ""))
            elif key == "team":
                rows += [team_head] + team_rows
            elif key == "plat":
                rows += [plat_head] + plat_rows
            elif key == "proj":
                rows += [proj_head] + proj_rows
            elif key == "mem":
                rows += [mrows_head] + mrows
            elif key == "found":
                rows.append(full(found))
        rows.append(full(opinion))
        doc.table(rows, size=9)
    else:
        if layout == "split":
            doc.p("一、基本情况", bold=True)
            doc.table(basic_rows + ([] if counts_in_sentence else counts_rows), size=10)
            if counts_in_sentence:
                doc.p(_counts_sentence(sub, rng, d, var), indent=True)
        else:
            doc.p("一、基本情况", bold=True)
            doc.p(f"联合体名称：{sub.name}")
            doc.p(f"产业领域：{sub.industry}")
            doc.p(f"联合体牵头单位：{lead_names}")
            doc.p(f"联合体协议生效时间：{eff}")
            if cform == "line":
                if rng.random() < 0.5:
                    doc.p(f"{chief_label}：{chief['name']}        职务/职称：{chief['title']}")
                else:
                    doc.p(f"{chief_label}：{chief['name']}，{chief['employer']}{chief['title']}")
            pn = cn.count_text(sub.national, rng, "个", hz_counts)
            pp = cn.count_text(sub.provincial, rng, "个", hz_counts)
            doc.p(f"联合体内已建国家级各类科研平台{pn}，{lvl}各类科研平台{pp}。")
            doc.p(f"联系人：{sub.contact}    联系电话：{sub.phone}")
            doc.p(_counts_sentence(sub, rng, d, var), indent=True)
        if layout == "split" and cform == "line":
            doc.p(f"{chief_label}：{chief['name']}（{chief['title']}）")
        n2 = iter("二三四五六七八九十")
        for key, h in order:
            doc.p(f"{next(n2)}、{h}", bold=True)
            if key == "goal":
                doc.p(goal, indent=True)
            elif key == "resume":
                if resume:
                    doc.p(resume, indent=True)
            elif key == "team":
                doc.table([team_head] + team_rows, size=9)
            elif key == "plat":
                doc.table([plat_head] + plat_rows, size=9)
            elif key == "proj":
                doc.table([proj_head] + proj_rows, size=9)
            elif key == "mem":
                if split:
                    k = rng.randint(3, len(mrows) - 3)
                    doc.table([mrows_head] + mrows[:k], size=9)
                    doc.pagebreak()
                    doc.p("（续表）", align="right" if rng.random() < 0.5 else None)
                    doc.table(([mrows_head] if rng.random() < 0.6 else []) + mrows[k:], size=9)
                else:
                    doc.table([mrows_head] + mrows, size=9)
            elif key == "found":
                doc.p(found, indent=True)
        doc.table([full(opinion), full("推荐单位审核意见\n（盖章）\n年    月    日")], size=10)
    return doc, rec, var, {"chief": cform != "none", **stated}
