"""Consortia as facts: who is in them, their figures, dates and platforms, and what is planted.

A ``Consortium`` holds the facts; the builders decide how each document writes them and record in
the truth exactly what that document states.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from units import CITIES, PROVINCE_DIV, PROVINCE_FULL, NamePool, Unit, make_code, person, phone

# industry as written -> (enterprise name words, specialties, platform topics)
INDUSTRIES: dict[str, list[tuple[str, list[str], list[str], list[str]]]] = {
    "guangxi": [
        (
            "甘蔗糖业",
            ["糖业", "制糖", "生物科技", "农业科技", "食品"],
            ["制糖工程", "甘蔗育种", "发酵工程", "食品科学"],
            ["甘蔗糖业", "糖业副产品综合利用", "甘蔗良种繁育"],
        ),
        (
            "高端铝材",
            ["铝业", "新材料", "金属材料", "铝材"],
            ["材料科学", "有色金属冶金", "材料加工", "表面工程"],
            ["高性能铝合金", "铝材精深加工", "轻合金材料"],
        ),
        (
            "新能源汽车",
            ["汽车", "汽车零部件", "动力科技", "新能源", "电池"],
            ["车辆工程", "电池材料", "电机控制", "智能网联"],
            ["新能源汽车动力系统", "汽车轻量化", "动力电池"],
        ),
        (
            "工程机械",
            ["机械", "重工", "智能装备", "液压"],
            ["机械工程", "液压传动", "智能控制", "焊接工艺"],
            ["工程机械智能化", "高端液压件", "机械装备可靠性"],
        ),
        (
            "林浆纸一体化",
            ["林业", "纸业", "浆纸", "林产"],
            ["林产化工", "制浆造纸", "木材科学", "林木育种"],
            ["林浆纸", "速生林培育", "生物质材料"],
        ),
        (
            "海洋工程装备",
            ["海洋工程", "船舶", "海工装备"],
            ["船舶与海洋工程", "海洋装备", "焊接工艺", "防腐材料"],
            ["海洋工程装备", "船舶智能制造", "海洋防腐"],
        ),
        (
            "生物医药",
            ["医药", "生物科技", "制药", "药业"],
            ["药物化学", "中药学", "生物制药", "药理学"],
            ["中药民族药", "生物制药", "创新药物"],
        ),
        (
            "绿色化工新材料",
            ["化工", "新材料", "精细化工"],
            ["化学工程", "高分子材料", "催化", "精细化工"],
            ["绿色化工", "化工新材料", "精细化学品"],
        ),
        (
            "有色金属",
            ["有色金属", "矿业", "冶炼", "稀土"],
            ["有色金属冶金", "矿物加工", "稀土材料", "资源循环"],
            ["有色金属资源综合利用", "稀土功能材料", "锡铟冶炼"],
        ),
        (
            "桑蚕茧丝绸",
            ["茧丝绸", "丝绸", "蚕业", "纺织"],
            ["蚕学", "纺织工程", "生物化工", "丝绸加工"],
            ["桑蚕茧丝绸", "蚕桑资源利用", "丝绸精深加工"],
        ),
        (
            "电子信息",
            ["电子", "信息技术", "光电", "电子科技"],
            ["电子信息", "集成电路", "光电子", "通信工程"],
            ["电子信息材料", "智能终端", "光电器件"],
        ),
        (
            "生态环保",
            ["环保科技", "水务", "环境工程", "生态"],
            ["环境工程", "水处理", "固废处理", "生态修复"],
            ["生态环保", "水污染控制", "固体废物资源化"],
        ),
    ],
    "xinjiang": [
        (
            "油气生产加工",
            ["石油", "石化", "油气", "能源"],
            ["油气田开发", "石油化工", "储运工程", "采油工程"],
            ["油气田提高采收率", "稠油开采", "石化新材料"],
        ),
        (
            "煤炭煤电煤化工",
            ["煤化工", "能源", "煤业", "电力"],
            ["煤化工", "能源动力", "洁净煤技术", "化学工程"],
            ["煤炭清洁高效利用", "煤基新材料", "煤电节能"],
        ),
        (
            "绿色矿山",
            ["矿业", "资源", "冶炼"],
            ["采矿工程", "矿物加工", "地质工程", "矿山环境"],
            ["绿色矿山", "矿产资源综合利用", "智能采矿"],
        ),
        (
            "粮油",
            ["粮油", "食品", "农业科技"],
            ["粮食工程", "油脂工程", "作物育种", "食品科学"],
            ["粮油加工", "小麦育种", "油料作物"],
        ),
        (
            "棉花和纺织服装",
            ["棉业", "纺织", "服装", "棉纺"],
            ["纺织工程", "棉花育种", "纺织材料", "服装设计"],
            ["棉花", "棉纺织", "纺织新材料"],
        ),
        (
            "绿色有机果蔬",
            ["果业", "林果", "农业科技", "食品"],
            ["果树学", "农产品加工", "植物保护", "设施园艺"],
            ["特色林果", "果蔬保鲜", "设施农业"],
        ),
        (
            "优质畜产品",
            ["牧业", "生物", "乳业", "畜牧"],
            ["动物遗传育种", "预防兽医", "乳品工程", "饲料科学"],
            ["草食家畜", "乳制品加工", "动物疫病防控"],
        ),
        (
            "新能源新材料",
            ["新能源", "硅业", "新材料", "光伏"],
            ["光伏材料", "储能技术", "风电工程", "硅材料"],
            ["光伏材料", "风光储一体化", "多晶硅"],
        ),
        (
            "先进装备制造",
            ["装备", "机械", "重工", "智能装备"],
            ["机械工程", "自动化", "智能控制", "材料成型"],
            ["农机装备", "输变电装备", "智能制造装备"],
        ),
    ],
    "yunnan": [
        (
            "绿色铝",
            ["铝业", "新材料", "铝材"],
            ["有色金属冶金", "材料科学", "铝加工", "资源循环"],
            ["绿色铝", "铝基新材料", "再生铝"],
        ),
        (
            "光伏",
            ["光伏", "硅业", "新能源", "光电"],
            ["光伏材料", "半导体材料", "光伏工程", "硅材料"],
            ["单晶硅", "光伏组件", "光伏材料"],
        ),
        (
            "数字经济",
            ["数字科技", "信息技术", "大数据", "软件"],
            ["计算机科学", "大数据", "人工智能", "网络安全"],
            ["数字经济", "大数据应用", "智能计算"],
        ),
        (
            "花卉",
            ["花卉", "园艺", "农业科技"],
            ["园艺学", "花卉育种", "植物保护", "采后保鲜"],
            ["花卉种质创新", "鲜切花", "花卉采后处理"],
        ),
        (
            "咖啡",
            ["咖啡", "农业科技", "食品"],
            ["热带作物", "食品科学", "咖啡加工", "植物保护"],
            ["咖啡", "热带作物", "咖啡精深加工"],
        ),
        (
            "三七中药",
            ["药业", "三七", "生物科技", "制药"],
            ["中药学", "药物化学", "药用植物栽培", "药理学"],
            ["三七", "中药材", "天然药物"],
        ),
        (
            "稀贵金属新材料",
            ["贵金属", "稀有金属", "新材料", "冶炼"],
            ["贵金属材料", "有色金属冶金", "催化材料", "材料科学"],
            ["贵金属", "稀贵金属材料", "催化剂"],
        ),
        (
            "烟草",
            ["烟草", "烟叶", "科技"],
            ["烟草科学", "作物栽培", "烟草化学", "植物保护"],
            ["烟草", "烟叶生产", "烟草化学"],
        ),
        (
            "生物医药",
            ["医药", "生物科技", "制药", "疫苗"],
            ["生物制药", "药物化学", "免疫学", "药理学"],
            ["生物医药", "疫苗", "创新药物"],
        ),
        (
            "高原特色现代农业",
            ["农业科技", "农业", "茶业", "生物科技"],
            ["作物育种", "茶学", "农产品加工", "植物保护"],
            ["高原特色农业", "普洱茶", "特色经济作物"],
        ),
    ],
    "yongchuan": [
        (
            "智能制造装备",
            ["智能装备", "机器人", "智能科技", "机械"],
            ["机械工程", "机器人技术", "自动化", "智能控制"],
            ["智能制造装备", "工业机器人", "智能产线"],
        ),
        (
            "数控机床",
            ["机床", "精密机械", "数控科技", "装备"],
            ["机械工程", "数控技术", "精密制造", "材料加工"],
            ["数控机床", "精密加工", "机床功能部件"],
        ),
        (
            "汽车零部件",
            ["汽车零部件", "汽车配件", "动力", "机电"],
            ["车辆工程", "机械设计", "材料成型", "汽车电子"],
            ["汽车零部件", "汽车轻量化", "汽车电子"],
        ),
        (
            "新型电子材料",
            ["电子材料", "电子科技", "光电", "新材料"],
            ["电子材料", "光电子", "微电子", "材料化学"],
            ["电子材料", "新型显示材料", "电子元器件"],
        ),
        (
            "大数据与软件",
            ["数据科技", "软件", "信息技术", "数字科技"],
            ["计算机科学", "软件工程", "大数据", "人工智能"],
            ["大数据", "工业软件", "数字化服务"],
        ),
        (
            "茶产业",
            ["茶业", "农业科技", "食品"],
            ["茶学", "食品科学", "植物保护", "农产品加工"],
            ["茶叶精深加工", "茶树育种", "茶叶品质"],
        ),
        (
            "新能源汽车",
            ["新能源", "汽车", "电池", "动力科技"],
            ["车辆工程", "电池材料", "电机控制", "智能网联"],
            ["新能源汽车", "动力电池", "智能网联汽车"],
        ),
    ],
}

COMPANY_TITLES = [
    "正高级工程师",
    "高级工程师",
    "教授级高级工程师",
    "总工程师/正高级工程师",
    "副总经理/高级工程师",
    "技术中心主任/正高级工程师",
    "工程师",
    "高级农艺师",
]
ACADEMIC_TITLES = ["教授", "副教授", "教授/博士生导师", "研究员", "讲师"]
INSTITUTE_TITLES = ["研究员", "副研究员", "正高级工程师", "高级工程师", "所长/研究员"]
CHIEF_TITLES = [
    "教授",
    "研究员",
    "正高级工程师",
    "教授/博士生导师",
    "中国工程院院士",
    "首席研究员",
    "教授级高级工程师",
    "二级教授",
]


@dataclass
class Person:
    name: str
    age: int
    title: str
    specialty: str
    employer: str


@dataclass
class Platform:
    name: str
    field: str
    level: str  # national | provincial | other
    level_text: str
    established: str
    host: str


@dataclass
class Project:
    name: str
    field: str
    level: str
    period: str
    host: str


@dataclass
class RD:
    revenue: int | None = None
    staff_total: int | None = None
    staff_fulltime: int | None = None
    expense: list[tuple[int, int]] = field(default_factory=list)  # (year, yuan)
    intensity: float | None = None
    fiscal: int | None = None
    self_funds: int | None = None
    ratio: float | None = None


@dataclass
class Consortium:
    sid: str
    juris: str  # guangxi | xinjiang | yunnan | yongchuan
    version: str | None  # guangxi: 2021 | 2025
    name: str
    industry: str
    words: list[str]
    specialties: list[str]
    topics: list[str]
    members: list[Unit]  # leads first
    filing: dt.date
    effective: dt.date
    contact: str
    phone: str
    chief: Person | None
    team: list[Person]
    platforms: list[Platform]
    projects: list[Project]
    rd: RD
    plants: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    variants: list[str] = field(default_factory=list)  # negative cases and layout notes
    extra_agreement_unit: Unit | None = None  # DOC_MISMATCH plant
    omit_signature: str | None = None  # SIGNATURE_MISSING plant
    clause_missing: str | None = None
    clause_empty: str | None = None
    bad_code: dict[str, str] = field(default_factory=dict)  # unit name -> code as written
    missing_code: set[str] = field(default_factory=set)
    declared_override: dict[str, int] = field(default_factory=dict)
    no_chief: bool = False
    docs: list[dict] = field(default_factory=list)
    recommender: str = ""
    key: tuple = ()
    group: str | None = None

    @property
    def leads(self) -> list[Unit]:
        return [m for m in self.members if m.tier == "lead"]

    @property
    def lead(self) -> Unit:
        return self.leads[0]

    def count(self, kind: str) -> int:
        return sum(1 for m in self.members if m.kind == kind)


def rand_date(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randrange((end - start).days + 1))


def filing_window(juris: str, version: str | None) -> tuple[dt.date, dt.date]:
    if juris == "guangxi":
        return (
            (dt.date(2022, 3, 1), dt.date(2024, 11, 30))
            if version == "2021"
            else (dt.date(2025, 1, 15), dt.date(2025, 11, 20))
        )
    if juris == "xinjiang":
        return dt.date(2023, 2, 1), dt.date(2025, 8, 31)
    if juris == "yunnan":
        return dt.date(2022, 9, 1), dt.date(2025, 10, 31)
    return dt.date(2023, 6, 1), dt.date(2025, 10, 31)


def consortium_name(rng: random.Random, juris: str, industry: str) -> str:
    if juris == "guangxi":
        return rng.choice(
            [
                f"广西壮族自治区{industry}创新联合体",
                f"广西{industry}创新联合体",
                f"广西壮族自治区{industry}创新联合体",
            ]
        )
    if juris == "xinjiang":
        return f"新疆维吾尔自治区{industry}创新联合体"
    if juris == "yunnan":
        return f"云南省{industry}创新联合体"
    return f"重庆市永川区{industry}创新联合体"


class Builder:
    """Makes consortia with unique units. ``make`` takes a plan of the composition; plants adjust it."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.pool = NamePool(rng)
        self.used_industries: set[tuple[str, str]] = set()

    def industry(self, juris: str):
        rng = self.rng
        choices = [x for x in INDUSTRIES[juris] if (juris, x[0]) not in self.used_industries]
        if choices:
            x = rng.choice(choices)
        else:  # a large corpus: a further consortium in a neighbouring field of the same industry
            for _ in range(500):
                base = rng.choice(INDUSTRIES[juris])
                name = rng.choice(["现代", "高端", "绿色", "智能", "先进", "特色"]) + base[0]
                if (juris, name) not in self.used_industries:
                    x = (name, *base[1:])
                    break
        self.used_industries.add((juris, x[0]))
        return x

    def enterprise(
        self, juris: str, words: list[str], lead: bool = False, outside_code: bool = False
    ) -> Unit:
        rng = self.rng
        pool_j = juris
        if not lead and rng.random() < 0.12:
            pool_j = "outside"
        if pool_j == "outside":
            name, div = self.pool.enterprise("outside", words)
        else:
            name, div = self.pool.enterprise(juris, words)
        if outside_code:  # registered outside the jurisdiction's division code though named locally
            div = rng.choice(CITIES["chongqing_other"][0][2]) if juris == "yongchuan" else "610113"
        return Unit(name=name, code=make_code(rng, "91", div), kind="enterprise")

    def university(self, juris: str) -> Unit:
        name, div = self.pool.university(juris)
        return Unit(name=name, code=make_code(self.rng, "12", div), kind="university")

    def institute(self, juris: str, fields: list[str]) -> Unit:
        name, div = self.pool.institute(juris, fields)
        return Unit(name=name, code=make_code(self.rng, "12", div), kind="institute")

    def other(self, juris: str, fields: list[str]) -> Unit:
        name, reg, div = self.pool.other(juris, fields)
        return Unit(name=name, code=make_code(self.rng, reg, div), kind="other")

    def converted_institute(self, juris: str, words: list[str]) -> Unit:
        """A 转制院所: named 研究院 but registered as a company (kind enterprise)."""
        rng = self.rng
        prov = {"guangxi": "广西", "xinjiang": "新疆", "yunnan": "云南", "yongchuan": "重庆"}[juris]
        for _ in range(200):
            name = (
                f"{prov}{rng.choice(['机械工业', '化工', '冶金', '建材', '轻工业', '有色金属', '电子'])}研究院有限"
                f"{rng.choice(['公司', '责任公司'])}"
            )
            if self.pool.take(name):
                return Unit(
                    name=name,
                    code=make_code(rng, "91", PROVINCE_DIV[juris]),
                    kind="enterprise",
                    extra={"converted": True},
                )
        return self.enterprise(juris, words)

    def make(
        self,
        sid: str,
        juris: str,
        version: str | None,
        n_members: int,
        *,
        n_univ: int | None = None,
        n_inst: int | None = None,
        n_other: int | None = None,
        lead_kind: str = "enterprise",
        n_leads: int = 1,
        lead_outside: bool = False,
    ) -> Consortium:
        rng = self.rng
        explicit = n_univ is not None or n_inst is not None or n_other is not None
        ind, words, specs, topics = self.industry(juris)
        cname = consortium_name(rng, juris, ind)
        if n_univ is None:
            n_univ = rng.choice([1, 2, 2, 3]) if n_members >= 7 else 1
        if n_inst is None:
            n_inst = rng.choice([1, 1, 2]) if n_members >= 6 else 1
        if n_other is None:
            n_other = 1 if (n_members >= 9 and rng.random() < 0.5) else 0
        if not explicit:  # companies make up most of a consortium (新疆 asks at least half): keep ≥ 60%
            while n_univ + n_inst + n_other > int(0.4 * n_members) and n_univ + n_inst + n_other > 1:
                if n_other:
                    n_other -= 1
                elif n_univ > 1:
                    n_univ -= 1
                elif n_inst > 0:
                    n_inst -= 1
                else:
                    break
        leads: list[Unit] = []
        for i in range(n_leads):
            if lead_kind == "institute" and i == 0:
                u = self.institute(juris, specs)
            else:
                u = self.enterprise(juris, words, lead=True, outside_code=lead_outside and i == 0)
            u.tier = "lead"
            leads.append(u)
        n_ent = n_members - n_leads - n_univ - n_inst - n_other
        others: list[Unit] = []
        for _ in range(max(0, n_ent)):
            if rng.random() < 0.06:
                others.append(self.converted_institute(juris, words))
            else:
                others.append(self.enterprise(juris, words))
        for _ in range(n_univ):
            others.append(self.university(juris))
        for _ in range(n_inst):
            others.append(self.institute(juris, specs))
        for _ in range(n_other):
            others.append(self.other(juris, [ind, rng.choice(specs)]))
        rng.shuffle(others)
        # tiers: universities and institutes mostly core; a few enterprises core; then close; then general
        core_n = max(1, min(len(others) - 1, rng.choice([2, 3, 3, 4])))
        others.sort(key=lambda u: 0 if u.kind in ("university", "institute") and rng.random() < 0.7 else 1)
        three_tiers = rng.random() < 0.7
        for i, u in enumerate(others):
            if i < core_n:
                u.tier = "core"
            elif three_tiers and i < core_n + max(1, (len(others) - core_n) // 2):
                u.tier = "close"
            else:
                u.tier = "general" if three_tiers else "close"
        members = leads + others
        lo, hi = filing_window(juris, version)
        filing = rand_date(rng, lo, hi)
        effective = filing - dt.timedelta(days=rng.randrange(12, 120))
        c = Consortium(
            sid=sid,
            juris=juris,
            version=version,
            name=cname,
            industry=ind,
            words=words,
            specialties=specs,
            topics=topics,
            members=members,
            filing=filing,
            effective=effective,
            contact=person(rng),
            phone=phone(rng, juris),
            chief=None,
            team=[],
            platforms=[],
            projects=[],
            rd=RD(),
        )
        self._roles(c)
        self._people(c)
        self._platforms(c)
        self._projects(c)
        self._rd(c)
        c.recommender = self._recommender(c)
        return c

    # ------------------------------------------------------------------ facts
    def _recommender(self, c: Consortium) -> str:
        city = c.lead.name[:2]
        if c.juris == "yongchuan":
            return "重庆市永川区科学技术局"
        if c.juris == "guangxi":
            return (
                f"{city}市科学技术局"
                if city in [x[0][:2] for x in CITIES["guangxi"]]
                else "自治区工业和信息化厅"
            )
        if c.juris == "xinjiang":
            return self.rng.choice(
                [
                    "乌鲁木齐市科学技术局",
                    "昌吉回族自治州科学技术局",
                    "伊犁哈萨克自治州科学技术局",
                    "自治区工业和信息化厅",
                ]
            )
        return self.rng.choice(
            ["昆明市科学技术局", "曲靖市科学技术局", "玉溪市科学技术局", "红河州科学技术局"]
        )

    def _roles(self, c: Consortium) -> None:
        rng = self.rng
        topics = c.topics
        for u in c.members:
            t = rng.choice(topics)
            if u.tier == "lead":
                u.role = f"负责联合体总体组织协调、技术路线制定和{t}关键核心技术攻关"
                u.note = (
                    f"{c.industry}行业龙头骨干企业，拥有有效发明专利{rng.randrange(60, 400)}件。"
                    if u.kind == "enterprise"
                    else f"{c.industry}领域重点科研机构，承担国家级科研项目{rng.randrange(10, 60)}项。"
                )
            elif u.kind == "university":
                u.role = f"负责{t}基础理论研究与人才培养"
                u.note = f"在{rng.choice(c.specialties)}学科领域具有较强科研实力，拥有省部级以上科研平台。"
            elif u.kind == "institute":
                u.role = f"负责{t}共性技术研究及检验检测服务"
                u.note = f"{rng.choice(c.specialties)}领域专业科研机构，具有较强的应用研究能力。"
            elif u.kind == "other":
                u.role = "负责行业交流、技术推广及科技服务"
                u.note = "具备专业技术服务能力，长期开展行业技术服务。"
            else:
                u.role = f"负责{t}相关产品的中试、应用示范与产业化"
                u.note = f"{c.industry}产业链{rng.choice(['上游', '中游', '下游'])}骨干企业，具备较强的研发和配套能力。"

    def _people(self, c: Consortium) -> None:
        rng = self.rng
        hosts = [u for u in c.members if u.kind in ("university", "institute")] or c.members
        ch = rng.choice(hosts)
        c.chief = Person(
            person(rng), rng.randrange(48, 66), rng.choice(CHIEF_TITLES), rng.choice(c.specialties), ch.name
        )
        team = [c.chief]
        for _ in range(rng.randrange(4, 8)):
            emp = rng.choice(c.members)
            titles = {"enterprise": COMPANY_TITLES, "university": ACADEMIC_TITLES}.get(
                emp.kind, INSTITUTE_TITLES
            )
            team.append(
                Person(
                    person(rng),
                    rng.randrange(31, 61),
                    rng.choice(titles),
                    rng.choice(c.specialties),
                    emp.name,
                )
            )
        names = set()
        c.team = []
        for p in team:
            if p.name in names:
                continue
            names.add(p.name)
            c.team.append(p)

    def _platforms(self, c: Consortium) -> None:
        rng = self.rng
        prov = {
            "guangxi": ["广西壮族自治区", "广西"],
            "xinjiang": ["新疆维吾尔自治区", "新疆"],
            "yunnan": ["云南省"],
            "yongchuan": ["重庆市"],
        }[c.juris]
        prov_level = {
            "guangxi": ["自治区级", "自治区级", "省部级"],
            "xinjiang": ["自治区级", "省级"],
            "yunnan": ["省级", "省级", "省部级"],
            "yongchuan": ["市级"],
        }[c.juris]
        kinds = ["重点实验室", "工程技术研究中心", "技术创新中心", "工程研究中心", "企业技术中心"]
        plats: list[Platform] = []
        used: set[str] = set()

        def est() -> str:
            y = rng.randrange(2008, min(c.filing.year, 2024) + 1)
            return rng.choice([f"{y}年", f"{y}.{rng.randrange(1, 13):02d}", f"{y}年{rng.randrange(1, 13)}月"])

        def add(host: Unit, level: str) -> None:
            for _ in range(20):
                topic = rng.choice(c.topics)
                k = rng.choice(kinds)
                if level == "national":
                    name = rng.choice(
                        [
                            f"国家{topic}{k}",
                            f"{topic}国家地方联合工程研究中心",
                            f"国家{topic}工程技术研究中心分中心",
                        ]
                    )
                    if k == "企业技术中心":
                        name = f"国家企业技术中心（{host.name[:4]}）"
                    lt = "国家级"
                elif level == "provincial":
                    name = f"{rng.choice(prov)}{topic}{k}"
                    lt = rng.choice(prov_level)
                else:
                    city = host.name[:2]
                    name = f"{city}市{topic}{k}" if c.juris != "yongchuan" else f"永川区{topic}{k}"
                    lt = "市级" if c.juris != "yongchuan" else "区级"
                if name not in used:
                    used.add(name)
                    plats.append(
                        Platform(name, rng.choice(c.specialties + [c.industry]), level, lt, est(), host.name)
                    )
                    return

        for lead in c.leads:  # every lead hosts a platform of provincial level or above
            add(lead, rng.choice(["provincial", "provincial", "national"]))
        if rng.random() < 0.5:
            add(c.lead, "provincial")
        for u in rng.sample(c.members[1:], k=min(len(c.members) - 1, rng.randrange(2, 5))):
            add(u, rng.choice(["provincial", "provincial", "national"]))
        rng.shuffle(plats)
        c.platforms = plats

    def _projects(self, c: Consortium) -> None:
        rng = self.rng
        c.projects = []
        for _ in range(rng.randrange(2, 5)):
            u = rng.choice(c.members)
            y = rng.randrange(c.filing.year - 3, c.filing.year)
            c.projects.append(
                Project(
                    f"{rng.choice(c.topics)}关键技术研究与{rng.choice(['产业化示范', '工程化应用', '集成示范'])}",
                    c.industry,
                    rng.choice(["国家级", "省级"]),
                    f"{y}-{y + rng.randrange(2, 4)}",
                    u.name,
                )
            )

    def _rd(self, c: Consortium) -> None:
        rng = self.rng
        rd = c.rd
        lo = {"guangxi": 1_600, "xinjiang": 900, "yunnan": 700, "yongchuan": 600}[c.juris]
        rd.revenue = rng.randrange(lo, 9_000) * 1_000_000
        if rng.random() < 0.4:  # round figures, as 十二亿元 / 一点二亿元 are written
            rd.revenue = round(rd.revenue, -7)
        rd.staff_fulltime = rng.randrange(48, 600)
        rd.staff_total = rd.staff_fulltime + rng.randrange(10, 300)
        inten = round(rng.uniform(3.4, 6.5), 1)
        rd.intensity = inten
        last = int(rd.revenue * inten / 100 / 100_000) * 100_000
        y0 = c.filing.year - 3
        e3 = last
        e2 = int(e3 / rng.uniform(1.06, 1.25) / 100_000) * 100_000
        e1 = int(e2 / rng.uniform(1.06, 1.25) / 100_000) * 100_000
        if rng.random() < 0.4:  # whole millions: 三千二百万元
            e1, e2, e3 = (max(1_000_000, round(x, -6)) for x in (e1, e2, e3))
            if not e1 < e2 < e3:
                e2, e3 = e1 + 2_000_000, e1 + 5_000_000
        rd.expense = [(y0, e1), (y0 + 1, e2), (y0 + 2, e3)]
        rd.fiscal = rng.randrange(10, 60) * 1_000_000
        rd.ratio = round(rng.choice([2.5, 3.0, 3.0, 3.5, 4.0, 2.8]), 1)
        rd.self_funds = int(rd.fiscal * rd.ratio)


def province_full(juris: str) -> str:
    return PROVINCE_FULL[juris]
