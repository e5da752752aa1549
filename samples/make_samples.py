#!/usr/bin/env python3
"""Write realistic sample submissions for every jurisdiction, faithful to the templates in
../shared/seeds/ (cover page; application table with its numbered sections and member table
with credit codes; agreement with the eight clauses and the seal block; a plan with the lead
unit's R&D figures), as .docx, born-digital PDF and scanned PDF (and .doc where LibreOffice is
installed).

Each submission varies what real paperwork varies: label wordings, column order, name and code
in one cell or two, clause numbering (一、/ 第一条 / 1.), tier lists or a member table, the way R&D
figures are written (1.2亿元, 三十人, 近三年分别为…), scan quality (rotation, noise, red seals).
The expected values are written beside the files (samples/expected.json) for the tests.

    python samples/make_samples.py [--out samples/submissions] [--seed 11]
"""

from __future__ import annotations

import argparse
import io
import json
import random
import shutil
import subprocess
import sys
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from stdnum.cn import uscc as std_uscc  # noqa: E402

FONT_PATHS = [
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/wqy-microhei/wqy-microhei.ttc",
]

# --------------------------------------------------------------------------- the data
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任卢姚沈钟姜崔谭陆范汪廖石金韦贾夏付方邹熊白孟秦邱侯江尹薛闫段雷龙黎史陶贺毛郝顾龚邵万覃武钱戴严欧莫孔向常汤康易乔赖文"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚桂英华建国志红玉兰新凯浩宇飞鹏晓林斌波"

JURIS = {
    "guangxi": dict(
        prov="广西壮族自治区",
        short="广西",
        div=["450100", "450200", "450300", "450900", "451000"],
        cities=["南宁", "柳州", "桂林", "玉林", "百色"],
        authority="广西壮族自治区科学技术厅",
        univ=["广西大学", "桂林理工大学", "广西民族大学"],
        inst=["广西科学院", "广西农业科学院"],
        level="自治区级",
        plan_word="建设方案",
        app_word="组建申请表",
    ),
    "xinjiang": dict(
        prov="新疆维吾尔自治区",
        short="新疆",
        div=["650100", "650200", "652300", "652800"],
        cities=["乌鲁木齐", "克拉玛依", "昌吉", "库尔勒"],
        authority="新疆维吾尔自治区科学技术厅",
        univ=["新疆大学", "石河子大学", "新疆农业大学"],
        inst=["中国科学院新疆理化技术研究所", "新疆农业科学院"],
        level="省级",
        plan_word="实施方案",
        app_word="组建申请表",
    ),
    "yunnan": dict(
        prov="云南省",
        short="云南",
        div=["530100", "530300", "532300", "532900"],
        cities=["昆明", "曲靖", "楚雄", "大理"],
        authority="云南省科学技术厅",
        univ=["云南大学", "昆明理工大学", "云南农业大学"],
        inst=["云南省农业科学院", "中国科学院昆明植物研究所"],
        level="省级",
        plan_word="建设方案",
        app_word="组建申请表",
    ),
    "yongchuan": dict(
        prov="重庆市永川区",
        short="永川",
        div=["500118"],
        cities=["重庆", "永川"],
        authority="重庆市永川区科学技术局",
        univ=["重庆文理学院", "重庆科技大学"],
        inst=["重庆市农业科学院", "中国科学院重庆绿色智能技术研究院"],
        level="市级",
        plan_word="组建方案",
        app_word="组建申请表",
    ),
}
INDUSTRIES = [
    ("新材料", "先进金属材料", ["高纯金属制备", "合金成形", "表面处理", "材料回收"]),
    ("生物医药", "现代中药", ["道地药材种植", "有效成分提取", "制剂开发", "质量控制"]),
    ("智能装备", "工业机器人", ["伺服驱动", "运动控制", "机器视觉", "精密减速器"]),
    ("新能源", "储能", ["电芯材料", "电池管理", "系统集成", "梯次利用"]),
    ("现代农业", "特色林果", ["良种繁育", "绿色种植", "精深加工", "冷链物流"]),
]
FIRM_WORDS = [
    "华信",
    "恒达",
    "金桥",
    "鼎新",
    "瑞丰",
    "宏源",
    "博宇",
    "天成",
    "汇通",
    "嘉禾",
    "中冶",
    "力拓",
    "兴业",
    "德润",
]
FIRM_FORMS = ["有限公司", "股份有限公司", "集团有限公司", "有限责任公司", "科技有限公司"]
TITLES = ["教授", "研究员", "正高级工程师", "高级工程师", "副教授", "副研究员"]
SPECIALTIES = ["材料科学", "化学工程", "机械工程", "控制工程", "生物工程", "电气工程", "计算机应用"]


def make_code(prefix2: str, division: str, rng: random.Random) -> str:
    alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    body = prefix2 + division + "".join(rng.choice(alphabet) for _ in range(9))
    return body + std_uscc.calc_check_digit(body)


@dataclass
class Unit:
    name: str
    code: str | None
    tier: str
    kind: str
    note: str


@dataclass
class Consortium:
    id: str
    jurisdiction: str
    name: str
    industry: str
    lead: Unit
    members: list[Unit]
    contact: str
    phone: str
    filing: tuple[int, int, int]
    effective: tuple[int, int, int]
    chief: tuple[str, str, str]  # name, title, employer
    team: list[dict]
    platforms: list[dict]
    national: int
    provincial: int
    revenue_yi: float
    rd_staff: int
    rd_wan: list[int]
    rd_years: list[int]
    intensity: float
    self_ratio: float
    style: dict = field(default_factory=dict)


def person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice([1, 2])))


def make_consortium(cid: str, jur: str, rng: random.Random, style: dict) -> Consortium:
    j = JURIS[jur]
    ind, sub, tasks = rng.choice(INDUSTRIES)
    name = f"{j['prov']}{sub}创新联合体"
    used: set[str] = set()

    def firm(city: str | None = None) -> str:
        while True:
            n = (
                (city or rng.choice(j["cities"]))
                + rng.choice(FIRM_WORDS)
                + rng.choice(["", "科技", "实业", "新材料", "智能"])
                + rng.choice(FIRM_FORMS)
            )
            if n not in used:
                used.add(n)
                return n

    lead = Unit(
        firm(),
        make_code("91", rng.choice(j["div"]), rng),
        "lead",
        "enterprise",
        f"牵头单位。{sub}行业龙头企业，负责联合体的建设运营、经费统筹和成果产业化。",
    )
    members = [lead]
    for u in rng.sample(j["univ"], 2):
        members.append(
            Unit(
                u,
                make_code("12", j["div"][0][:2] + "0000", rng),
                "core",
                "university",
                f"核心层单位。负责{rng.choice(tasks)}基础理论研究和关键技术攻关。",
            )
        )
    inst = rng.choice(j["inst"])
    members.append(
        Unit(
            inst,
            make_code("12", j["div"][0][:2] + "0000", rng),
            "core",
            "institute",
            f"核心层单位。长期从事{sub}研究，负责{rng.choice(tasks)}共性技术研究。",
        )
    )
    for tier in ["close", "close", "general", "general"]:
        word = "紧密合作单位" if tier == "close" else "一般协作层单位"
        members.append(
            Unit(
                firm(),
                make_code("91", rng.choice(j["div"]), rng),
                tier,
                "enterprise",
                f"{word}。{sub}产业链骨干企业，负责{rng.choice(tasks)}相关产品开发与示范应用。",
            )
        )
    team = []
    chief_emp = members[1].name
    chief = (person(rng), rng.choice(["教授", "研究员"]), chief_emp)
    team.append(
        dict(
            name=chief[0],
            age=rng.randint(45, 62),
            title=chief[1],
            specialty=rng.choice(SPECIALTIES),
            employer=chief_emp,
        )
    )
    for _ in range(rng.randint(4, 7)):
        m = rng.choice(members)
        team.append(
            dict(
                name=person(rng),
                age=rng.randint(30, 60),
                title=rng.choice(TITLES),
                specialty=rng.choice(SPECIALTIES),
                employer=m.name,
            )
        )
    platforms = [
        dict(
            name=f"国家{sub}工程技术研究中心",
            field=rng.choice(SPECIALTIES),
            level="national",
            established=f"{rng.randint(2008, 2020)}年",
            host_unit=lead.name,
        )
    ]
    for t in rng.sample(tasks, 3):
        platforms.append(
            dict(
                name=f"{j['short']}{t}重点实验室",
                field=rng.choice(SPECIALTIES),
                level="provincial",
                established=f"{rng.randint(2010, 2023)}年{rng.randint(1, 12)}月",
                host_unit=rng.choice(members).name,
            )
        )
    y = rng.choice([2024, 2025])
    base = rng.randint(3000, 20000)
    rd = [base, int(base * rng.uniform(1.05, 1.3)), 0]
    rd[2] = int(rd[1] * rng.uniform(1.05, 1.3))
    revenue = round(rng.uniform(12, 80), 2)
    return Consortium(
        id=cid,
        jurisdiction=jur,
        name=name,
        industry=f"{ind}（{sub}）",
        lead=lead,
        members=members,
        contact=person(rng),
        phone=f"0{rng.randint(771, 999)}-{rng.randint(2000000, 8999999)}",
        filing=(y, rng.randint(2, 11), rng.randint(1, 28)),
        effective=(y, 1, rng.randint(2, 28)),
        chief=chief,
        team=team,
        platforms=platforms,
        national=1,
        provincial=3,
        revenue_yi=revenue,
        rd_staff=rng.randint(40, 400),
        rd_wan=rd,
        rd_years=[y - 3, y - 2, y - 1],
        intensity=round(rng.uniform(3.1, 6.5), 1),
        self_ratio=round(rng.uniform(2.1, 3.5), 1),
        style=style,
    )


# --------------------------------------------------------------------------- document specs
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


# --------------------------------------------------------------------------- renderers
def render_docx(spec: list, path: Path) -> None:
    import docx
    from docx.shared import Pt

    d = docx.Document()
    st = d.styles["Normal"]
    st.font.size = Pt(11)
    for b in spec:
        if b[0] == "title":
            d.add_heading(b[1], level=1)
        elif b[0] == "p":
            d.add_paragraph(b[1])
        elif b[0] == "pagebreak":
            d.add_page_break()
        elif b[0] == "table":
            rows = b[1]
            t = d.add_table(rows=len(rows), cols=GRID)
            t.style = "Table Grid"
            for r_i, row in enumerate(rows):
                col = 0
                for text, span in row:
                    cell = t.cell(r_i, col)
                    if span > 1:
                        cell = cell.merge(t.cell(r_i, col + span - 1))
                    cell.text = text
                    col += span
    d.save(str(path))


def _font() -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    for p in FONT_PATHS:
        if Path(p).exists():
            try:
                pdfmetrics.registerFont(TTFont("CJK", p, subfontIndex=0))
                return "CJK"
            except Exception:
                continue
    raise SystemExit("a CJK font is needed for PDF samples: apt-get install fonts-wqy-microhei")


def render_pdf(spec: list, path: Path) -> None:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    font = _font()
    body = ParagraphStyle("b", fontName=font, fontSize=11, leading=17, wordWrap="CJK")
    title = ParagraphStyle("t", fontName=font, fontSize=16, leading=24, alignment=1, wordWrap="CJK")
    cell = ParagraphStyle("c", fontName=font, fontSize=9, leading=12, wordWrap="CJK")
    story: list = []
    width = A4[0] - 40 * mm
    for b in spec:
        if b[0] == "title":
            story += [Paragraph(b[1], title), Spacer(1, 4)]
        elif b[0] == "p":
            story.append(Paragraph(b[1], body))
        elif b[0] == "pagebreak":
            story.append(PageBreak())
        elif b[0] == "table":
            data, styles = (
                [],
                [
                    ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
                    ("FONTNAME", (0, 0), (-1, -1), font),
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ],
            )
            for r_i, row in enumerate(b[1]):
                line: list = []
                col = 0
                for text, span in row:
                    line.append(Paragraph(text.replace("\n", "<br/>"), cell))
                    line += [""] * (span - 1)
                    if span > 1:
                        styles.append(("SPAN", (col, r_i), (col + span - 1, r_i)))
                    col += span
                data.append(line)
            t = Table(data, colWidths=[width / GRID] * GRID, repeatRows=0, splitByRow=1)
            t.setStyle(TableStyle(styles))
            story.append(t)
    doc = SimpleDocTemplate(
        str(path),
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=20 * mm,
        bottomMargin=20 * mm,
        title="",
        author="",
    )
    doc.build(story, onFirstPage=_footer, onLaterPages=_footer)


def _footer(canvas, doc) -> None:
    canvas.setFont("CJK", 9)
    canvas.drawCentredString(105 * 2.8346, 12 * 2.8346, f"— {doc.page} —")


def render_scan(pdf_path: Path, out: Path, rng: random.Random, quality: str = "noisy") -> None:
    """A scanned copy: pages rendered at 200 dpi, slightly rotated, with speckle noise, a red
    seal over the text on the first page, saved as an image-only PDF."""
    import numpy as np
    import pypdfium2 as pdfium
    from PIL import Image, ImageDraw, ImageFilter

    pdf = pdfium.PdfDocument(str(pdf_path))
    pages = []
    for i in range(len(pdf)):
        img = pdf[i].render(scale=200 / 72).to_pil().convert("RGB")
        if i == 0 or quality == "noisy":
            draw = ImageDraw.Draw(img, "RGBA")
            cx, cy = int(img.width * 0.62), int(img.height * (0.3 if i == 0 else 0.8))
            r = 150
            draw.ellipse([cx - r, cy - r, cx + r, cy + r], outline=(220, 30, 30, 200), width=10)
            draw.regular_polygon((cx, cy, 40), 5, fill=(220, 30, 30, 190))
        if quality == "noisy":
            img = img.rotate(
                rng.uniform(-1.5, 1.5), resample=Image.BICUBIC, expand=False, fillcolor=(255, 255, 255)
            )
            arr = np.asarray(img).astype(np.int16)
            noise = np.random.default_rng(rng.randint(0, 10**6)).normal(0, 12, arr.shape[:2])[..., None]
            arr = np.clip(arr + noise, 0, 255).astype(np.uint8)
            img = Image.fromarray(arr).filter(ImageFilter.GaussianBlur(0.4))
        pages.append(img)
    pdf.close()
    buf = io.BytesIO()
    pages[0].save(buf, format="PDF", save_all=True, append_images=pages[1:], resolution=200.0, quality=80)
    out.write_bytes(buf.getvalue())


# --------------------------------------------------------------------------- the set
STYLES = [
    # id, jurisdiction, formats per doc type, style
    (
        "GX-A",
        "guangxi",
        {"application": "docx", "agreement": "docx", "plan": "pdf"},
        dict(rd_phrasing=0, numbering="cn"),
    ),
    (
        "XJ-B",
        "xinjiang",
        {"application": "scan", "agreement": "pdf", "plan": "docx"},
        dict(
            rd_phrasing=1,
            numbering="article",
            member_table=True,
            sign_table=True,
            reword=True,
            shuffle_columns=True,
            split_code=True,
            date_style="dots",
            cover_labels=1,
            plan_cover_name=True,
        ),
    ),
    (
        "YN-C",
        "yunnan",
        {"application": "pdf", "agreement": "scan", "plan": "docx"},
        dict(rd_phrasing=2, numbering="arabic", clause_wording=1, code_label=True, date_style="hanzi"),
    ),
    (
        "YC-D",
        "yongchuan",
        {"application": "docx", "agreement": "docx", "plan": "pdf"},
        dict(
            rd_phrasing=0,
            numbering="cn",
            clause_wording=2,
            drop_clauses=["breach_liability"],
            empty_clauses=["integrity"],
            unsigned_index=[3],
            sign_table=True,
        ),
    ),
]


def expected_of(c: Consortium) -> dict:
    d = asdict(c)
    d["members"] = [asdict(m) for m in c.members]
    d["lead"] = asdict(c.lead)
    d["unsigned"] = c.style.get("unsigned", [])
    return d


SPEC_OF = {"application": application_spec, "agreement": agreement_spec, "plan": plan_spec}


def consortia(seed: int = 11) -> list[tuple[str, dict, Consortium, random.Random]]:
    """The sample consortia, deterministic for a seed (with the generator's random state after
    each, which the scans use)."""
    rng = random.Random(seed)
    out = []
    for sid, jur, formats, style in STYLES:
        style = dict(style)
        c = make_consortium(sid, jur, rng, style)
        if "unsigned_index" in style:
            style["unsigned"] = [c.members[i].name for i in style.pop("unsigned_index")]
        c.style = style
        out.append((sid, formats, c, rng))
    return out


def make(out: Path, seed: int = 11, with_doc: bool = True) -> dict:
    scan_rng = random.Random(seed + 1)  # scans draw their noise apart, so consortia(seed) stays reproducible
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    expected: dict = {"seed": seed, "submissions": {}}
    for sid, formats, c, _ in consortia(seed):
        jur = c.jurisdiction
        folder = out / sid
        folder.mkdir()
        files = {}
        for kind, fmt in formats.items():
            spec = SPEC_OF[kind](c)
            stem = {
                "application": "附件1-组建申请表",
                "agreement": "附件2-组建协议",
                "plan": "附件3-" + JURIS[jur]["plan_word"],
            }[kind]
            if fmt == "docx":
                render_docx(spec, folder / f"{stem}.docx")
                files[kind] = f"{stem}.docx"
            else:
                with tempfile.TemporaryDirectory() as tmp:
                    pdf = Path(tmp) / "x.pdf"
                    render_pdf(spec, pdf)
                    if fmt == "pdf":
                        shutil.copy(pdf, folder / f"{stem}.pdf")
                    else:
                        render_scan(
                            pdf, folder / f"{stem}.pdf", scan_rng, "noisy" if sid != "YN-C" else "clean"
                        )
                files[kind] = f"{stem}.pdf"
        expected["submissions"][sid] = {"files": files, "consortium": expected_of(c)}
    if with_doc and shutil.which("soffice"):
        # an old-format .doc of the first agreement, as clerks still receive them
        src = out / "GX-A" / "附件2-组建协议.docx"
        with tempfile.TemporaryDirectory() as tmp:
            subprocess.run(
                [
                    "soffice",
                    f"-env:UserInstallation=file://{tmp}/p",
                    "--headless",
                    "--convert-to",
                    "doc",
                    "--outdir",
                    tmp,
                    str(src),
                ],
                capture_output=True,
                timeout=180,
            )
            docs = list(Path(tmp).glob("*.doc"))
            if docs:
                (out / "legacy-doc").mkdir()
                shutil.copy(docs[0], out / "legacy-doc" / "附件2-组建协议（旧版Word）.doc")
                expected["doc_sample"] = "legacy-doc/附件2-组建协议（旧版Word）.doc"
    (out.parent / "expected.json").write_text(
        json.dumps(expected, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    return expected


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=str(Path(__file__).resolve().parent / "submissions"))
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--no-doc", action="store_true", help="skip the .doc sample (needs LibreOffice)")
    a = ap.parse_args()
    e = make(Path(a.out), a.seed, not a.no_doc)
    print(f"wrote {len(e['submissions'])} submissions to {a.out}")


if __name__ == "__main__":
    main()
