"""What one submission is (the truth), before any document is written: the consortium, its
members and their kinds and tiers, the people, platforms and figures, what was planted, and the
flags that the seed rules (shared/seeds) expect of it.

Rules used for expected flags (conservative: a submission is built either clearly inside or
clearly outside each threshold, never on a reading that the seeds leave open):
  members minimum     新疆 and 永川: 成员单位一般不少于5个. Planted cases have 4 units in all (below
                      whether or not the lead is counted); others have at least 6. 广西 (old
                      工作方案: 不少于8个; the 办法 is silent) always has at least 9; 云南 has no minimum.
  kinds               广西 办法 第五条: 2类及以上. Elsewhere every consortium has enterprise, university
                      and institute members.
  enterprise ratio    新疆 only: 企业比例不低于50%. Planted: below 50% counting the lead; others at
                      least 50% even without the lead.
  lead thresholds     广西 revenue >= 10亿, 专职研发人员 >= 30, R&D: intensity >= 3% or 3-year average
                      >= 3000万 (planted: intensity < 2% and average < 3000万); 新疆 revenue >= 5亿,
                      专职 >= 30, R&D growing over the three years; 云南 自筹:财政 >= 2:1; 永川 none.
  platforms           广西/新疆/云南: the lead hosts a provincial (自治区级/省级) or national platform among
                      the application's platform rows.
  chief scientist     新疆/云南 applications name one (CHIEF_SCIENTIST_MISSING only where no document of
                      the submission names one).
  documents           新疆 and 云南 need 申请表, 组建协议 and 实施/建设方案; 广西 申请表 and 组建协议 (a 广西
                      submission without a plan raises nothing); 永川 always has all three.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from .units import CITIES, Member, Registry, Unit

JURIS = {
    "guangxi": {
        "prov": "广西壮族自治区",
        "short": "广西",
        "authority": "广西壮族自治区科学技术厅",
        "level": "自治区级",
        "plan": "建设方案",
        "region": "自治区",
        "year_made": "2021年制",
    },
    "xinjiang": {
        "prov": "新疆维吾尔自治区",
        "short": "新疆",
        "authority": "新疆维吾尔自治区科学技术厅",
        "level": "自治区级",
        "plan": "实施方案",
        "region": "自治区",
        "year_made": "",
    },
    "yunnan": {
        "prov": "云南省",
        "short": "云南",
        "authority": "云南省科学技术厅",
        "level": "省级",
        "plan": "建设方案",
        "region": "省",
        "year_made": "2022年制",
    },
    "yongchuan": {
        "prov": "重庆市永川区",
        "short": "永川",
        "authority": "重庆市永川区科学技术局",
        "level": "市级",
        "plan": "组建方案",
        "region": "区",
        "year_made": "",
    },
}

INDUSTRIES = {
    "guangxi": [
        ("甘蔗糖业", ["糖业", "生物科技", "农业科技"]),
        ("高端铝材", ["铝业", "新材料", "铝材"]),
        ("新能源汽车", ["汽车", "动力科技", "汽车零部件"]),
        ("工程机械", ["机械", "重工", "装备制造"]),
        ("有色金属", ["有色金属", "冶炼", "矿业"]),
        ("先进新材料", ["新材料", "材料科技", "化工"]),
        ("高端装备制造", ["装备", "智能装备", "机电"]),
        ("生物医药", ["制药", "生物医药", "药业"]),
        ("生态环保", ["环保科技", "环境工程", "水务"]),
        ("林浆纸一体化", ["林业", "纸业", "林产"]),
        ("新一代信息技术", ["信息技术", "电子", "数字科技"]),
        ("中药民族药", ["药业", "中药", "医药"]),
    ],
    "xinjiang": [
        ("油气生产加工", ["石油", "石化", "能源"]),
        ("煤炭煤电煤化工", ["煤化工", "能源", "煤业"]),
        ("绿色矿山", ["矿业", "资源", "工程"]),
        ("粮油", ["粮油", "农业科技", "食品"]),
        ("棉花和纺织服装", ["纺织", "棉业", "服饰"]),
        ("绿色有机果蔬", ["果业", "农业科技", "食品"]),
        ("优质畜产品", ["牧业", "乳业", "生物科技"]),
        ("新能源新材料", ["新能源", "新材料", "硅业"]),
    ],
    "yunnan": [
        ("绿色铝", ["铝业", "新材料", "冶金"]),
        ("光伏", ["光伏", "硅材料", "新能源"]),
        ("高原特色现代农业", ["农业科技", "生物科技", "种业"]),
        ("生物医药", ["药业", "生物医药", "制药"]),
        ("数字经济", ["数字科技", "信息技术", "网络科技"]),
        ("花卉", ["花卉", "园艺", "农业科技"]),
        ("咖啡", ["咖啡", "食品", "农业科技"]),
        ("烟草", ["烟草机械", "烟叶", "生物科技"]),
        ("新材料", ["新材料", "材料科技", "稀贵金属"]),
        ("绿色能源", ["能源", "电力科技", "储能"]),
    ],
    "yongchuan": [
        ("智能制造", ["智能装备", "机器人", "自动化"]),
        ("汽车零部件", ["汽车零部件", "汽车配件", "机械"]),
        ("数控机床", ["机床", "精密机械", "数控科技"]),
        ("新型电子材料", ["电子材料", "电子", "光电"]),
        ("大数据", ["数据科技", "信息技术", "软件"]),
        ("生物医药", ["药业", "生物科技", "医疗器械"]),
    ],
}

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢"
)
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志文斌鹏辉玲红云峰海波宇晨雪松林亮成俊凯琳瑶浩"
SPECIALTIES = [
    "材料科学与工程",
    "化学工程",
    "机械工程",
    "控制科学与工程",
    "农学",
    "生物工程",
    "食品科学",
    "环境工程",
    "计算机科学与技术",
    "电气工程",
    "冶金工程",
    "药学",
    "作物遗传育种",
    "畜牧学",
]
CHIEF_TITLES = ["教授", "研究员", "正高级工程师", "教授级高级工程师"]
ACAD_TITLES = ["教授", "研究员", "副教授", "副研究员", "教授/博士生导师", "讲师", "院长/教授", "所长/研究员"]
ENT_TITLES = [
    "正高级工程师",
    "高级工程师",
    "工程师",
    "总工程师/正高级工程师",
    "副总经理/高级工程师",
    "技术中心主任/高级工程师",
    "研发部经理/工程师",
]
TEAM_TITLES = [
    "教授",
    "研究员",
    "正高级工程师",
    "高级工程师",
    "副教授",
    "副研究员",
    "工程师",
    "总工程师/正高级工程师",
    "副总经理/高级工程师",
    "技术中心主任/高级工程师",
    "教授/博士生导师",
]


def person(rng: random.Random, used: set[str]) -> str:
    while True:
        n = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice([1, 2, 2])))
        if n not in used:
            used.add(n)
            return n


@dataclass
class Sub:
    sid: str
    juris: str
    name: str
    industry: str
    words: list[str]
    members: list[Member] = field(default_factory=list)  # the application's list, leads first
    contact: str = ""
    phone: str = ""
    filing: tuple = (2025, 1, 1)
    effective: tuple = (2025, 1, 1)
    chief: dict | None = None  # name, title, employer
    team: list[dict] = field(default_factory=list)
    platforms: list[dict] = field(default_factory=list)
    projects: list[dict] = field(default_factory=list)
    national: int = 0
    provincial: int = 0
    declared: dict = field(default_factory=dict)
    rd: dict = field(default_factory=dict)
    plants: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    # the agreement
    agr_members: list[Member] = field(default_factory=list)
    unsigned: list[str] = field(default_factory=list)
    clause_missing: list[str] = field(default_factory=list)
    clause_empty: list[str] = field(default_factory=list)
    has_plan: bool = True
    plan_unreadable: bool = False
    bad_file: str | None = None
    invalid_code_unit: str | None = None
    missing_code_unit: str | None = None
    chief_in_plan_only: bool = False
    legacy: bool = False
    sub_flags: list[dict] = field(default_factory=list)

    @property
    def leads(self) -> list[Member]:
        return [m for m in self.members if m.tier == "lead"]

    @property
    def lead(self) -> Member:
        return self.leads[0]

    def counts(self, members=None) -> dict:
        ms = members or self.members
        k = [m.kind for m in ms]
        return {
            "members": len(ms),
            "enterprises": k.count("enterprise"),
            "universities": k.count("university"),
            "institutes": k.count("institute"),
        }


NOTE_E = [
    "{ind}产业链{pos}骨干企业，具备较强的研发和配套能力，负责{task}技术开发与产业化验证。",
    "高新技术企业，在{task}领域具有较好基础，负责相关产品的中试和应用示范。",
    "国内{ind}行业重点企业，拥有有效发明专利{n}件，承担{task}等任务。",
]
NOTE_U = [
    "在{spec}学科领域具有较强科研实力，负责{task}基础理论研究和人才培养。",
    "拥有省部级以上科研平台，负责{task}共性技术研究。",
]
NOTE_I = ["{spec}领域专业科研机构，主要负责{task}研究及技术服务。", "负责{task}关键技术研究与检测评价。"]
NOTE_O = [
    "负责检验检测、成果转移转化和行业服务。",
    "负责行业协调、标准制定与推广应用。",
    "提供临床验证与应用场景。",
]
TASKS = [
    "关键材料制备",
    "工艺优化",
    "装备研制",
    "智能控制",
    "品种选育",
    "绿色低碳",
    "质量检测",
    "数字化管控",
    "高值化利用",
    "综合利用",
    "示范线建设",
    "标准制定",
]


def build_members(rng: random.Random, reg: Registry, sub: Sub, n: int, shape: dict) -> None:
    """Members of the consortium: shape says how many of each kind and which tricky ones."""
    j = sub.juris
    used: set[str] = set()
    ms: list[Member] = []
    lead_city = None
    if j == "yongchuan":
        lead_city = ("重庆永川", "500118")
    else:
        lead_city = rng.choice(CITIES[j])
    lead_u = reg.enterprise(
        j,
        sub.words,
        lead_city,
        research_co=shape.get("lead_research_co", False),
        suffix=rng.choice(["集团有限公司", "股份有限公司", "有限公司", "集团股份有限公司"]),
    )
    ms.append(Member(lead_u, "lead"))
    for _ in range(shape.get("leads", 1) - 1):
        city = ("重庆永川", "500118") if j == "yongchuan" else rng.choice(CITIES[j])
        ms.append(
            Member(
                reg.enterprise(j, sub.words, city, suffix=rng.choice(["股份有限公司", "集团有限公司"])),
                "lead",
            )
        )
    others: list[Unit] = []
    for _ in range(shape.get("u", 1)):
        others.append(reg.university(j, used))
        used.add(others[-1].name)
    for _ in range(shape.get("voc", 0)):
        v = reg.vocational(j, used)
        if v:
            others.append(v)
            used.add(v.name)
    for _ in range(shape.get("i", 1)):
        others.append(reg.institute(j, used))
        used.add(others[-1].name)
    for _ in range(shape.get("o", 0)):
        from . import deck

        o = reg.other(
            j, used, prefer=deck.draw("other_kind", ["医院", "检验检测", "协会", "管理委员会", "中心", "会"])
        )
        if o:
            others.append(o)
            used.add(o.name)
    for _ in range(shape.get("rco", 0)):
        city = ("重庆永川", "500118") if j == "yongchuan" and rng.random() < 0.5 else rng.choice(CITIES[j])
        others.append(reg.enterprise(j, sub.words, city, research_co=True))
    n_e = n - len(ms) - len(others)
    for _ in range(max(0, n_e)):
        city = ("重庆永川", "500118") if j == "yongchuan" and rng.random() < 0.6 else rng.choice(CITIES[j])
        others.append(reg.enterprise(j, sub.words, city))
    # tiers: universities/institutes mostly core; enterprises spread
    ent = [u for u in others if u.kind == "enterprise"]
    non = [u for u in others if u.kind != "enterprise"]
    rng.shuffle(ent)
    core = [u for u in non if u.kind in ("university", "institute")][:3] + ent[: rng.randint(1, 2)]
    rest = [u for u in others if u not in core]
    rng.shuffle(rest)
    k = max(1, len(rest) // 2)
    close, general = rest[:k], rest[k:]
    for u in core:
        ms.append(Member(u, "core"))
    for u in close:
        ms.append(Member(u, "close"))
    for u in general:
        ms.append(Member(u, "general"))
    for m in ms:
        t = rng.choice(TASKS)
        sp = rng.choice(SPECIALTIES)
        if m.tier == "lead":
            m.note = f"牵头单位，{sub.industry}行业龙头企业，负责联合体总体组织协调和{t}关键核心技术攻关。"
        elif m.kind == "enterprise":
            m.note = rng.choice(NOTE_E).format(
                ind=sub.industry, pos=rng.choice(["上游", "中游", "下游"]), task=t, n=rng.randint(20, 260)
            )
        elif m.kind == "university":
            m.note = rng.choice(NOTE_U).format(spec=sp, task=t)
        elif m.kind == "institute":
            m.note = rng.choice(NOTE_I).format(spec=sp, task=t)
        else:
            m.note = rng.choice(NOTE_O)
    sub.members = ms


def build_people(rng: random.Random, sub: Sub, chief: bool) -> None:
    used: set[str] = set()
    ms = sub.members
    acad = [m for m in ms if m.kind in ("university", "institute")] or ms
    team = []
    if chief:
        emp = rng.choice(acad + [sub.lead])
        title = rng.choice(CHIEF_TITLES[:2] if emp.kind in ("university", "institute") else CHIEF_TITLES[2:])
        sub.chief = {"name": person(rng, used), "title": title, "employer": emp.name}
        team.append(
            {
                "name": sub.chief["name"],
                "age": rng.randint(48, 63),
                "title": title,
                "specialty": rng.choice(SPECIALTIES),
                "employer": emp.name,
            }
        )
    for _ in range(rng.randint(4, 7)):
        emp = rng.choice(ms)
        pool = ACAD_TITLES if emp.kind in ("university", "institute") else ENT_TITLES
        team.append(
            {
                "name": person(rng, used),
                "age": rng.randint(31, 60),
                "title": rng.choice(pool),
                "specialty": rng.choice(SPECIALTIES),
                "employer": emp.name,
            }
        )
    sub.team = team
    sub.contact = person(rng, used)
    sub.extra_people = [person(rng, used) for _ in range(6)]  # distractor names
    area = {
        "guangxi": ["0771", "0772", "0773", "0779"],
        "xinjiang": ["0991", "0990", "0994", "0996"],
        "yunnan": ["0871", "0874", "0877", "0872"],
        "yongchuan": ["023"],
    }[sub.juris]
    if rng.random() < 0.3:
        sub.phone = "1" + rng.choice("3589") + "".join(rng.choice("0123456789") for _ in range(9))
    else:
        sub.phone = (
            rng.choice(area)
            + "-"
            + "".join(rng.choice("0123456789") for _ in range(8 if sub.juris == "yongchuan" else 7))
        )


def build_platforms(rng: random.Random, sub: Sub, lead_has: bool) -> None:
    j = JURIS[sub.juris]
    ind = sub.industry
    j["level"]
    rows = []
    topics = ["重点实验室", "工程技术研究中心", "企业技术中心", "技术创新中心", "工程研究中心"]

    def plat(host: Member, level: str) -> dict:
        t = rng.choice(topics)
        w = rng.choice(sub.words)
        if level == "national":
            name = rng.choice(
                [
                    f"{w}国家地方联合工程研究中心",
                    f"国家{w}工程技术研究中心",
                    f"国家认定企业技术中心（{host.unit.short or host.name[:4]}）",
                ]
            )
        elif level == "provincial":
            name = f"{j['prov']}{w}{t}"
        else:
            city = host.unit.city or "南宁"
            name = f"{city}市{w}{t}"
        est = rng.choice(["{y}年", "{y}.{m:02d}", "{y}年{m}月"]).format(
            y=rng.randint(2009, 2023), m=rng.randint(1, 12)
        )
        return {
            "name": name,
            "field": rng.choice(SPECIALTIES),
            "level": level,
            "established": est,
            "host_unit": host.name,
        }

    for ld in sub.leads:
        if lead_has:
            rows.append(plat(ld, rng.choice(["provincial", "provincial", "national"])))
        else:
            rows.append(plat(ld, "other"))  # a 市级 platform only
    for m in rng.sample(
        sub.members[len(sub.leads) :], k=min(len(sub.members) - len(sub.leads), rng.randint(2, 4))
    ):
        rows.append(plat(m, rng.choice(["provincial", "provincial", "national"])))
    # names unique
    seen = set()
    out = []
    for r in rows:
        if r["name"] in seen:
            r["name"] = r["name"].replace(j["prov"], j["prov"] + r["host_unit"][:2])
        seen.add(r["name"])
        out.append(r)
    sub.platforms = out
    sub.national = sum(r["level"] == "national" for r in out) + rng.choice([0, 0, 1])
    sub.provincial = sum(r["level"] == "provincial" for r in out) + rng.choice([0, 1, 2])
    if sub.juris == "yongchuan":
        # 市级 rows count as provincial on the 永川 form; keep 市级 rows 'provincial' there
        for r in out:
            if r["level"] == "other":
                r["level"] = "provincial"
        sub.provincial = sum(r["level"] == "provincial" for r in out)
    if sub.juris == "yunnan":
        prj = []
        for _ in range(rng.randint(2, 4)):
            y = rng.randint(2021, 2024)
            prj.append(
                {
                    "name": f"{rng.choice(sub.words)}{rng.choice(TASKS)}关键技术研究与示范",
                    "field": ind,
                    "level": rng.choice(["国家级", "省级", "省级"]),
                    "period": rng.choice([f"{y}-{y + 3}", f"{y}.01-{y + 2}.12", f"{y}年至{y + 3}年"]),
                    "host_unit": rng.choice(sub.members).name,
                }
            )
        sub.projects = prj


def build_rd(rng: random.Random, sub: Sub, plant: set[str]) -> None:
    """The lead's figures (yuan), inside every threshold of its jurisdiction unless planted."""
    j = sub.juris
    y2 = sub.filing[0] - 1
    years = [y2 - 2, y2 - 1, y2]
    if j == "guangxi":
        rev = rng.choice([12, 15, 18, 23.5, 36, 48, 62]) * 1e8
        inten = rng.choice([3.2, 3.5, 3.8, 4.1, 4.6, 5.2])
    elif j == "xinjiang":
        rev = rng.choice([6.5, 7.2, 8.8, 12, 16.5, 25, 31]) * 1e8  # 6.5-8.8亿: fine in 新疆 (>=5亿)
        inten = rng.choice([1.8, 2.4, 3.1, 3.6])
    elif j == "yunnan":
        rev = rng.choice([8, 12.6, 20, 35, 54]) * 1e8
        inten = rng.choice([2.1, 2.9, 3.4, 4.2])
    else:
        rev = rng.choice([3.6, 5.5, 8.2, 12, 26.8]) * 1e8
        inten = rng.choice([2.6, 3.3, 4.5, 5.9])
    staff_ft = rng.choice([36, 45, 58, 72, 96, 120, 150, 210])
    if "revenue_low" in plant:
        rev = rng.choice([6.8, 7.5, 8.6]) * 1e8
    if "staff_low" in plant:
        staff_ft = rng.choice([18, 22, 26, 28])
    if "intensity_low" in plant:
        inten = rng.choice([1.2, 1.5, 1.8])
    last = rev * inten / 100
    last = round(last / 1e4) * 1e4
    f1, f2 = rng.uniform(0.78, 0.88), rng.uniform(0.88, 0.96)
    exp = [round(last * f1 * f2 / 1e4) * 1e4, round(last * f2 / 1e4) * 1e4, last]
    if "rd_not_growing" in plant:
        exp = [round(last * 1.12 / 1e4) * 1e4, round(last * 1.25 / 1e4) * 1e4, last]
    if "intensity_low" in plant:
        # 3-year average under 3000万 as well
        scale = min(1.0, 2.4e7 / (sum(exp) / 3))
        exp = [round(e * scale / 1e4) * 1e4 for e in exp]
        last = exp[-1]
    staff_total = staff_ft + rng.choice([40, 60, 85, 130])
    self_ratio = rng.choice([2, 2.5, 3, 4]) if j == "yunnan" else None
    if "self_funding_low" in plant:
        self_ratio = rng.choice([1, 1.5])
    sub.rd = {
        "revenue": rev,
        "staff_ft": staff_ft,
        "staff_total": staff_total,
        "years": years,
        "expenses": exp,
        "intensity": inten,
        "self_ratio": self_ratio,
    }


def expected_sub_flags(sub: Sub, stated: dict) -> list[dict]:
    """Submission-level flags from the truth, by the rules in this module's docstring.
    stated: what the documents actually state about the lead (revenue, staff, expenses, intensity,
    self_ratio: True/False) and whether any document names a chief scientist."""
    j = sub.juris
    out = []
    ms = sub.members
    c = sub.counts()
    name = sub.name

    def flag(code, msg, unit=None, evidence=None, match=None):
        out.append(
            {
                "code": code,
                "severity": "error",
                "message": msg,
                "consortium": name,
                "unit": unit,
                "document": None,
                "evidence": evidence,
                "match": match if match is not None else ([unit] if unit else []),
            }
        )

    n = c["members"]
    if j in ("xinjiang", "yongchuan"):
        assert n <= 4 or n >= 6, (sub.sid, n)
        if n <= 4:
            rule = (
                "《新疆维吾尔自治区创新联合体建设工作指引》二（二）1"
                if j == "xinjiang"
                else "《永川区创新联合体试点建设管理工作方案》三（二）"
            )
            flag("MEMBERS_BELOW_MIN", f"成员单位{n}个，少于5个（{rule}）", evidence=str(n))
    if j == "guangxi":
        assert n >= 9, (sub.sid, n)
    kinds = {m.kind for m in ms}
    if j == "guangxi":
        if len(kinds) < 2:
            flag(
                "MEMBER_KINDS_FEW",
                "成员单位仅有1类，少于2类（《广西壮族自治区创新联合体管理办法》第五条（一））",
                evidence=str(len(kinds)),
            )
    else:
        assert {"enterprise", "university", "institute"} <= kinds or n <= 4, (sub.sid, kinds)
    if j == "xinjiang":
        e = c["enterprises"]
        if e / n < 0.5:
            flag(
                "ENTERPRISE_RATIO_LOW",
                f"企业{e}家/成员{n}家，企业比例低于50%（《新疆维吾尔自治区创新联合体建设工作指引》二（二）1）",
                evidence=f"{e}/{n}",
            )
        else:
            assert (e - 1) / (n - 1) >= 0.5, (sub.sid, e, n)
    d = sub.declared
    diffs = [
        k
        for k in ("members", "enterprises", "universities", "institutes")
        if d.get(k) is not None and d[k] != c[k]
    ]
    if diffs:
        flag(
            "COUNT_MISMATCH",
            "申请表填报的单位数量与成员名单不一致",
            evidence="; ".join(f"{k}: {d[k]} vs {c[k]}" for k in diffs),
            match=[],
        )
    app_names = [m.name for m in ms]
    agr_names = [m.name for m in sub.agr_members]
    if set(app_names) != set(agr_names):
        diff = sorted(set(app_names) ^ set(agr_names))
        flag("DOC_MISMATCH", "申请表与组建协议的成员单位不一致", evidence="、".join(diff), match=[])
    # lead thresholds, where the documents state the figure
    rd = sub.rd
    for ld in sub.leads[:1]:
        lead = ld.name
        if j in ("guangxi", "xinjiang") and stated.get("revenue"):
            thr = 1e9 if j == "guangxi" else 5e8
            if rd["revenue"] < thr:
                rule = (
                    "《广西壮族自治区创新联合体管理办法》第五条"
                    if j == "guangxi"
                    else "《新疆维吾尔自治区创新联合体建设工作指引》二（一）1"
                )
                flag(
                    "LEAD_REVENUE_LOW",
                    f"牵头单位营业收入低于门槛（{rule}）",
                    unit=lead,
                    evidence=str(int(rd["revenue"])),
                )
            else:
                assert rd["revenue"] >= (1.2e9 if j == "guangxi" else 6e8)
        if j in ("guangxi", "xinjiang") and stated.get("staff"):
            if rd["staff_ft"] < 30:
                flag(
                    "LEAD_RD_STAFF_LOW",
                    "牵头单位专职研发人员少于30人",
                    unit=lead,
                    evidence=str(rd["staff_ft"]),
                )
        if j == "guangxi" and (stated.get("intensity") or stated.get("expenses")):
            avg = sum(rd["expenses"]) / 3
            low_i = rd["intensity"] < 3
            low_a = avg < 3e7
            if stated.get("intensity") and stated.get("expenses"):
                if low_i and low_a:
                    flag(
                        "LEAD_RD_INTENSITY_LOW",
                        "牵头单位研发投入强度低于3%且近三年年均研发费用不足3000万元（《广西壮族自治区创新联合体管理办法》第五条）",
                        unit=lead,
                        evidence=str(rd["intensity"]),
                    )
                else:
                    assert not low_i  # intensity >= 3%: met under either reading
            else:
                assert not (low_i or low_a) or "intensity_low" in sub.plants
                if "intensity_low" in sub.plants:
                    flag(
                        "LEAD_RD_INTENSITY_LOW",
                        "牵头单位研发投入强度不足",
                        unit=lead,
                        evidence=str(rd["intensity"]),
                    )
        if j == "xinjiang" and stated.get("expenses"):
            e = rd["expenses"]
            if not (e[0] < e[1] < e[2]):
                flag(
                    "RD_NOT_GROWING",
                    "牵头单位近三年研发投入未持续增长（《新疆维吾尔自治区创新联合体建设工作指引》二（一）2）",
                    unit=lead,
                    evidence=" / ".join(str(int(x)) for x in e),
                )
        if j == "yunnan" and stated.get("self_ratio"):
            if rd["self_ratio"] < 2:
                flag(
                    "SELF_FUNDING_LOW",
                    "自筹经费与财政经费比例低于2:1（《云南省创新联合体建设管理工作方案（试行）》四（四））",
                    unit=lead,
                    evidence=f"{rd['self_ratio']}:1",
                )
    if j in ("guangxi", "xinjiang", "yunnan"):
        for ld in sub.leads:
            if not any(
                p["host_unit"] == ld.name and p["level"] in ("national", "provincial") for p in sub.platforms
            ):
                flag("LEAD_PLATFORM_MISSING", "牵头单位未列出省级（自治区级）及以上创新平台", unit=ld.name)
    if j in ("xinjiang", "yunnan") and not stated.get("chief"):
        flag("CHIEF_SCIENTIST_MISSING", "申请表未填写首席科学家（首席专家）", match=[])
    if j in ("xinjiang", "yunnan") and (not sub.has_plan or sub.plan_unreadable):
        flag("DOCUMENT_MISSING", "未提交建设/实施/组建方案", evidence="建设/实施/组建方案", match=[])
    return out
