"""The documents of a submission as specs, faithful to the templates in ../shared/seeds/: cover
page; application table with its numbered sections and member table with credit codes; agreement
with the eight clauses and the seal block; a plan with the lead unit's R&D figures.

A spec is a list of blocks: ("title", text), ("p", text), ("pagebreak",), ("space", mm), ("table",
rows) where rows are lists of (text, colspan) on a 12-column grid; samples/media.py renders it.
"""

from __future__ import annotations

from samples.data import JURIS, Consortium

# A spec is a list of blocks: ("title", text), ("p", text), ("pagebreak",), ("table", rows)
# where rows are lists of (text, colspan) on a 12-column grid.
GRID = 12


def date_cn(d: tuple[int, int, int], style: str = "arabic") -> str:
    y, m, dd = d
    if style == "dots":
        return f"{y}.{m}.{dd}"
    if style == "hanzi":
        digits = "〇一二三四五六七八九"

        def small(n: int) -> str:
            if n < 10:
                return digits[n]
            if n == 10:
                return "十"
            return ("" if n < 20 else digits[n // 10]) + "十" + ("" if n % 10 == 0 else digits[n % 10])

        return "".join(digits[int(c)] for c in str(y)) + "年" + small(m) + "月" + small(dd) + "日"
    return f"{y}年{m}月{dd}日"


def cover(c: Consortium, kind: str) -> list:
    j = JURIS[c.jurisdiction]
    title = {
        "application": f"{j['prov']}创新联合体{j['app_word']}",
        "agreement": f"{j['prov']}创新联合体组建协议",
        "plan": f"{c.name}{j['plan_word']}",
    }[kind]
    lab = c.style.get("cover_labels", 0)
    name_l = ["创新联合体名称", "联合体名称"][lab % 2]
    lines = [("p", "附件" + {"application": "1", "agreement": "2", "plan": "3"}[kind]), ("title", title)]
    if kind != "plan" or c.style.get("plan_cover_name"):
        lines.append(("p", f"{name_l}：{c.name}"))
    lines += [("p", f"产业领域：{c.industry}"), ("p", f"牵头单位：{c.lead.name}（盖章）")]
    if kind != "plan":
        lines += [("p", f"联 系 人：{c.contact}"), ("p", f"联系电话：{c.phone}")]
    lines += [
        ("p", f"填报日期：{date_cn(c.filing, c.style.get('date_style', 'arabic'))}"),
        ("p", j["authority"] + "制"),
        ("pagebreak",),
    ]
    return lines


def application_spec(c: Consortium) -> list:
    j = JURIS[c.jurisdiction]
    s = c.style
    spec = cover(c, "application")
    spec += [
        ("title", "填表说明"),
        ("p", "一、联合体牵头单位须加盖法人公章。"),
        ("p", "二、成员总数包括牵头和成员单位数。"),
        ("pagebreak",),
        ("title", f"{j['prov']}创新联合体{j['app_word']}"),
    ]
    rows = []
    rows.append([("联合体名称", 3), (c.name, 9)])
    rows.append(
        [
            ("联合体协议生效时间" if not s.get("reword") else "协议生效日期", 3),
            (date_cn(c.effective), 3),
            ("产业领域", 3),
            (c.industry, 3),
        ]
    )
    rows.append([("联合体牵头单位", 3), (c.lead.name, 9)])
    chief_label = {
        "guangxi": "首席专家",
        "xinjiang": "推荐首席科学家",
        "yunnan": "推荐首席专家（科学家）",
        "yongchuan": "首席科学家",
    }[c.jurisdiction]
    rows.append([(chief_label, 3), (c.chief[0], 3), ("职务/职称", 3), (c.chief[1], 3)])
    lvl = j["level"]
    rows.append(
        [
            ("联合体内已建相关国家级各类科研平台数量", 3),
            (str(c.national), 3),
            (f"联合体内已建相关{lvl}各类科研平台数量", 3),
            (str(c.provincial), 3),
        ]
    )
    rows.append([("联系人", 3), (c.contact, 3), ("联系方式" if s.get("reword") else "电话", 3), (c.phone, 3)])
    n = len(c.members)
    kinds = [m.kind for m in c.members]
    rows.append(
        [("成员总数（个）", 3), (str(n), 3), ("企业数量（个）", 3), (str(kinds.count("enterprise")), 3)]
    )
    rows.append(
        [
            ("高等学校数量（个）" if s.get("reword") else "高校数量（个）", 3),
            (str(kinds.count("university")), 3),
            ("科研院所数量（个）" if s.get("reword") else "研究机构数量（个）", 3),
            (str(kinds.count("institute")), 3),
        ]
    )
    rows.append([("一、技术创新目标（限500字）", 12)])
    rows.append([(f"聚焦{c.industry}关键核心技术，力争攻克关键核心技术8项以上，申请发明专利20件以上。", 12)])
    rows.append([("二、科研团队情况", 12)])
    team_cols = [
        ("姓名", "name", 2),
        ("年龄", "age", 1),
        ("职务/职称", "title", 3),
        ("从事专业", "specialty", 2),
        ("工作单位", "employer", 4),
    ]
    if s.get("shuffle_columns"):
        team_cols = [team_cols[0], team_cols[4], team_cols[2], team_cols[1], team_cols[3]]
    rows.append([(h, w) for h, _, w in team_cols])
    for t in c.team:
        rows.append([(str(t[k]), w) for _, k, w in team_cols])
    rows.append(
        [(f"三、联合体已建{lvl}及以上科研平台数量（含重点实验室、工程技术研究中心等各类创新平台）", 12)]
    )
    rows.append([("平台名称", 4), ("学科/产业领域", 2), (f"国家/{lvl}", 2), ("建设时间", 2), ("依托单位", 2)])
    for p in c.platforms:
        rows.append(
            [
                (p["name"], 4),
                (p["field"], 2),
                ("国家级" if p["level"] == "national" else lvl, 2),
                (p["established"], 2),
                (p["host_unit"], 2),
            ]
        )
    rows.append([("四、成员单位在行业（或领域）中地位的简要说明", 12)])
    if s.get("split_code"):
        rows.append(
            [
                ("序号", 1),
                ("成员单位名称", 3),
                ("统一社会信用代码", 3),
                ("在行业（或领域）中的地位，在联合体内分工（限200字）", 5),
            ]
        )
        for i, m in enumerate(c.members, 1):
            rows.append([(str(i), 1), (m.name, 3), (m.code or "", 3), (m.note, 5)])
    else:
        rows.append(
            [
                ("序号", 1),
                ("成员单位名称\n及统一社会信用代码", 5),
                ("在行业（或领域）中的地位，在联合体内分工（限200字）", 6),
            ]
        )
        for i, m in enumerate(c.members, 1):
            cell = m.name + (
                "\n统一社会信用代码：" + m.code
                if s.get("code_label") and m.code
                else ("\n" + m.code if m.code else "")
            )
            rows.append([(str(i), 1), (cell, 5), (m.note, 6)])
    rows.append([("五、联合体已具备的合作基础、开展活动和取得的实效", 12)])
    rows.append([(rd_sentence(c) + "成员单位长期保持良好合作关系，联合承担国家和省级科技计划项目10项。", 12)])
    rows.append([("牵头单位审核意见\n经审核，申报材料内容真实、准确，同意申报。\n牵头单位（盖章）：", 12)])
    spec.append(("table", rows))
    return spec


def rd_sentence(c: Consortium) -> str:
    """The lead unit's figures, written the way this submission's style says."""
    v = c.style.get("rd_phrasing", 0)
    lead = c.lead.name
    r1, r2, r3 = c.rd_wan
    y0, _, y2 = c.rd_years
    staff_cn = {0: f"{c.rd_staff}人", 1: f"{c.rd_staff}名"}[v % 2]
    if v == 0:
        return (
            f"{lead}创新能力突出，{y2}年实现主营业务收入{c.revenue_yi}亿元，拥有专职研发人员{staff_cn}，"
            f"{y0}—{y2}年研发投入分别为{r1}万元、{r2}万元、{r3}万元，研发投入强度{c.intensity}%。"
        )
    if v == 1:
        return (
            f"{lead}上年度营业收入{int(c.revenue_yi * 10000)}万元，现有专职研发人员{staff_cn}；"
            f"{y0}年、{y1(c)}年和{y2}年研发经费支出分别为{yi(r1)}亿元、{yi(r2)}亿元和{yi(r3)}亿元，"
            f"研发投入占销售收入的比例为{c.intensity}%。"
        )
    return (
        f"牵头企业{lead}{y2}年主营业务收入达{c.revenue_yi}亿元。企业专职研发人员{staff_cn}。"
        f"近三年研发投入：{y0}年{r1}万元，{y1(c)}年{r2}万元，{y2}年{r3}万元。研发投入强度为{c.intensity}％。"
    )


def yi(wan: int) -> str:
    """万元 written exactly in 亿元: 10018 -> 1.0018."""
    return f"{wan / 10000:.4f}".rstrip("0").rstrip(".")


def y1(c: Consortium) -> int:
    return c.rd_years[1]


CLAUSES = [
    ("participants", ["参与单位", "牵头单位和成员单位", "联合体成员及层级"]),
    ("innovation_goal", ["技术创新目标", "联合体技术创新目标", "创新目标"]),
    ("task_division", ["任务具体分工", "任务分工", "各成员单位任务分工"]),
    ("rights_obligations", ["各成员单位的责权利", "成员单位的权利和义务", "各成员单位的责任、权利和义务"]),
    (
        "ip_benefit",
        [
            "科技成果、知识产权归属、许可使用和转化收益分配办法",
            "科技成果和知识产权管理",
            "知识产权归属及收益分配",
        ],
    ),
    ("integrity", ["科研诚信追究方式", "科研诚信", "科研诚信要求"]),
    ("breach_liability", ["违约责任追究方式", "违约责任", "违约责任追究"]),
]
CN_NUM = "一二三四五六七八九十"


def agreement_spec(c: Consortium) -> list:
    s = c.style
    spec = cover(c, "agreement")
    spec += [
        ("title", f"{c.name}组建协议"),
        (
            "p",
            f"为推动{JURIS[c.jurisdiction]['prov']}{c.industry}科技创新、技术进步和成果转化，成立{c.name}（以下简称联合体），"
            "经所有成员单位同意，签署联合组建协议，内容如下。",
        ),
    ]
    numbering = s.get("numbering", "cn")
    wording = s.get("clause_wording", 0)
    drop = set(s.get("drop_clauses", []))
    empty = set(s.get("empty_clauses", []))

    def head(i: int, text: str) -> str:
        if numbering == "article":
            return f"第{CN_NUM[i]}条 {text}"
        if numbering == "arabic":
            return f"{i + 1}. {text}"
        return f"{CN_NUM[i]}、{text}"

    i = 0
    tier_words = {
        "lead": "牵头单位",
        "core": "核心层单位",
        "close": "紧密合作单位",
        "general": "一般协作层单位",
    }
    for k, words in CLAUSES:
        if k in drop:
            continue
        spec.append(("p", head(i, words[wording % len(words)])))
        i += 1
        if k in empty:
            continue
        if k == "participants":
            if s.get("member_table"):
                spec.append(("p", f"联合体由以下{len(c.members)}家单位组成："))
                rows = [[("序号", 1), ("单位名称", 5), ("统一社会信用代码", 4), ("层级", 2)]]
                for n, m in enumerate(c.members, 1):
                    rows.append([(str(n), 1), (m.name, 5), (m.code or "", 4), (tier_words[m.tier], 2)])
                spec.append(("table", rows))
            else:
                for t_i, t in enumerate(["lead", "core", "close", "general"]):
                    spec.append(("p", f"{t_i + 1}．{tier_words[t]}"))
                    for m in c.members:
                        if m.tier == t:
                            spec.append(("p", m.name))
        elif k == "innovation_goal":
            spec.append(
                (
                    "p",
                    f"联合体聚焦{c.industry}产业链关键核心技术，力争攻克关键核心技术8项以上，实现关键产品规模化应用。",
                )
            )
        elif k == "task_division":
            for n, m in enumerate(c.members, 1):
                spec.append(("p", f"（{n}）{m.name}：负责相关关键技术攻关与示范应用。"))
        elif k == "rights_obligations":
            spec.append(("p", "（一）牵头单位负责联合体的组织管理，统筹协调各成员单位开展技术攻关。"))
            spec.append(("p", "（二）各成员单位享有参与联合体重大事项决策、按约定分享研发成果的权利。"))
            if c.jurisdiction == "yunnan":
                spec.append(
                    ("p", "（三）联合体解散时，由牵头单位组织清算，共有资产按各成员单位出资比例分配。")
                )
        elif k == "ip_benefit":
            spec.append(
                (
                    "p",
                    "各成员单位单独完成的科技成果，知识产权归完成单位所有；共同完成的，由完成单位共有，转化收益按贡献分配。",
                )
            )
        elif k == "integrity":
            spec.append(
                ("p", "各成员单位及其科研人员应严格遵守科研诚信规定，不得弄虚作假；对失信行为依规追究责任。")
            )
        elif k == "breach_liability":
            spec.append(
                ("p", "成员单位不履行本协议约定义务的，经理事会审议，可视情节给予通报直至取消成员资格。")
            )
            if c.jurisdiction == "yunnan" or s.get("dispute"):
                spec.append(
                    (
                        "p",
                        "因履行本协议发生的争议，由各方友好协商解决；协商不成的，向牵头单位所在地人民法院提起诉讼。",
                    )
                )
    spec.append(("p", f"本协议自{date_cn(c.effective)}起生效，有效期五年。"))
    unsigned = set(s.get("unsigned", []))
    if s.get("sign_table"):
        spec.append(("p", "签章页"))
        rows = [[("序号", 1), ("成员单位（盖章）", 6), ("法定代表人或授权代表（签字）", 3), ("日期", 2)]]
        for n, m in enumerate(c.members, 1):
            if m.name in unsigned:
                continue
            rows.append([(str(n), 1), (m.name + "（盖章）", 6), ("", 3), (date_cn(c.effective), 2)])
        spec.append(("table", rows))
    else:
        spec.append(("p", head(i, "所有成员单位签章")))
        for m in c.members:
            if m.name in unsigned:
                continue
            spec.append(("p", f"{m.name}（盖章）"))
            spec.append(("p", "法定代表人或授权代表（签字）："))
            if s.get("seal_room"):  # room for the seal, as signature pages leave it
                spec.append(("space", 22))
    return spec


def plan_spec(c: Consortium) -> list:
    spec = cover(c, "plan")
    j = JURIS[c.jurisdiction]
    tier_words = {
        "lead": "牵头单位",
        "core": "核心层单位",
        "close": "紧密合作单位",
        "general": "一般协作层单位",
    }
    spec += [
        ("title", f"{c.name}{j['plan_word']}"),
        ("p", "一、建设意义及必要性"),
        ("p", f"{c.industry}产业是{j['prov']}重点发展的产业，组建创新联合体有利于发挥龙头企业引领作用。"),
        ("p", "二、建设基础和优势"),
        ("p", rd_sentence(c)),
    ]
    if c.jurisdiction == "yunnan":
        total = 3000
        own = round(total * c.self_ratio / (c.self_ratio + 1))
        spec.append(
            (
                "p",
                f"联合体项目计划总投入{total}万元，其中企业自筹经费{own}万元，申请省级财政经费{total - own}万元，"
                f"自筹经费与申请财政经费比例为{c.self_ratio}:1。",
            )
        )
    spec.append(("p", "三、成员单位情况"))
    for t in ["lead", "core", "close", "general"]:
        names = [m.name for m in c.members if m.tier == t]
        spec.append(("p", f"{tier_words[t]}（{len(names)}家）：{'、'.join(names)}。"))
    spec += [
        ("p", "四、组织架构和运行机制"),
        (
            "p",
            f"联合体聘请{c.chief[2]}{c.chief[1]}{c.chief[0]}担任首席科学家，负责技术路线制定和重大技术决策。",
        ),
        ("p", "五、保障措施"),
        ("p", "牵头单位设立联合体研发专项资金，各成员单位按照任务分工落实配套经费。"),
    ]
    return spec


SPEC_OF = {"application": application_spec, "agreement": agreement_spec, "plan": plan_spec}
