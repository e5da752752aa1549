"""The sample consortia: names, codes, people and figures drawn for each jurisdiction, and the set
of submissions with the style each one is written in (label wordings, column order, clause
numbering, what it breaks). Deterministic for a seed."""

from __future__ import annotations

import random
import re
from dataclasses import asdict, dataclass, field

from stdnum.cn import uscc as std_uscc

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
        dict(
            rd_phrasing=2,
            numbering="arabic",
            clause_wording=1,
            code_label=True,
            date_style="hanzi",
            # the scanned agreement: one unit did not stamp, one stamped its parent company's seal
            seal_missing_index=[6],
            seal_parent_index=[5],
            seal_room=True,
        ),
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
    (
        # an agreement as a legacy .doc (LibreOffice; .docx where it is not installed)
        "GX-E",
        "guangxi",
        {"application": "docx", "agreement": "doc", "plan": "docx"},
        dict(rd_phrasing=1, numbering="article", clause_wording=2),
    ),
]


def parent_company(name: str) -> str:
    """The group a firm belongs to, as its seal would read: 昆明恒达科技有限公司 -> 昆明恒达集团有限公司."""
    base = re.sub(
        r"(?:科技|实业|新材料|智能)?(?:股份有限公司|集团有限公司|有限责任公司|科技有限公司|有限公司)$",
        "",
        name,
    )
    return base + ("控股集团有限公司" if name.endswith("集团有限公司") else "集团有限公司")


def expected_of(c: Consortium) -> dict:
    d = asdict(c)
    d["members"] = [asdict(m) for m in c.members]
    d["lead"] = asdict(c.lead)
    d["unsigned"] = c.style.get("unsigned", [])
    d["seal_missing"] = c.style.get("seal_missing", [])
    d["seal_mismatch"] = c.style.get("seal_mismatch", {})
    return d


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
        if "seal_missing_index" in style:
            style["seal_missing"] = [c.members[i].name for i in style.pop("seal_missing_index")]
        if "seal_parent_index" in style:
            style["seal_mismatch"] = {
                c.members[i].name: parent_company(c.members[i].name) for i in style.pop("seal_parent_index")
            }
        c.style = style
        out.append((sid, formats, c, rng))
    return out
