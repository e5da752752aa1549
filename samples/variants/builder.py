"""Making a consortium's facts: its members and their tiers, its team, platforms, projects, the
lead's figures and its dates, drawn from a seeded generator with names unique across the corpus."""

from __future__ import annotations

import datetime as dt
import random

from industries import ACADEMIC_TITLES, CHIEF_TITLES, COMPANY_TITLES, INDUSTRIES, INSTITUTE_TITLES
from model import RD, Consortium, Person, Platform, Project, consortium_name, filing_window, rand_date
from name_parts import CITIES, PROVINCE_DIV
from units import NamePool, Unit, make_code, person, phone


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
