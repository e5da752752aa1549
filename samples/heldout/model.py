"""Consortia: units, people, figures and the problems planted in them."""

from __future__ import annotations

import datetime as dt
import math
import random
from dataclasses import dataclass, field

from pool import Registry, Unit, kind_by_name, make_code
from pool_words import AREA, INDUSTRIES, PROV, TITLES

CUTOVER = dt.date(2025, 1, 1)
MIN_MEMBERS = {"guangxi": 8, "xinjiang": 5, "yunnan": 5, "yongchuan": 5}
# 新疆 (工作指引 二（二）1): enterprises at least 50% of the members; consortia drawn without a planted
# ratio problem keep at least this share, so that they clearly satisfy the rule
RATIO_MIN = {"xinjiang": 0.5}
RATIO_DRAW = 0.6


@dataclass
class Cons:
    sid: str
    juris: str
    name: str
    industry: str
    ind: tuple
    units: list[Unit]
    filing: dt.date
    effective: dt.date
    contact: tuple[str, str]
    chief: tuple[str, str] | None
    team: list[dict]
    platforms: list[dict]
    projects: list[dict]
    rd: dict
    declared: dict
    plat_counts: dict
    plants: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    sub_flags: list[dict] = field(default_factory=list)
    written_code: dict = field(default_factory=dict)  # unit name -> code as written ("" = blank)
    agr_omit: set = field(default_factory=set)  # units left out of the agreement entirely
    sig_omit: set = field(default_factory=set)  # units left out of the signature block
    clause_missing: str | None = None
    clause_empty: str | None = None
    docs: list[str] = field(default_factory=list)  # application agreement plan supplementary
    bad: str | None = None
    alias: dict = field(default_factory=dict)  # unit name -> name as written in this consortium

    @property
    def version(self) -> str | None:
        if self.juris != "guangxi":
            return None
        return "2021" if self.filing < CUTOVER else "2025"

    @property
    def lead(self) -> Unit:
        return self.units[0]

    def wname(self, u: Unit) -> str:
        return self.alias.get(u.name, u.name)


def between(rng, a, b, step=1):
    return rng.randrange(a, b + 1, step)


def new_cons(
    rng: random.Random,
    reg: Registry,
    sid: str,
    juris: str,
    ind_idx: int,
    year: int,
    n_units: int | None = None,
) -> Cons:
    ind = INDUSTRIES[juris][ind_idx % len(INDUSTRIES[juris])]
    iname, cowords, topics, fields = ind
    short, longp, _ = PROV[juris]
    if juris == "guangxi":
        cname = rng.choice(
            [f"{longp}{iname}创新联合体", f"{longp}{iname}创新联合体", f"广西{iname}创新联合体"]
        )
    elif juris == "xinjiang":
        cname = f"{longp}{iname}创新联合体"
    elif juris == "yunnan":
        cname = f"云南省{iname}创新联合体"
    else:
        cname = f"重庆市永川区{iname}创新联合体"
    lo = {"guangxi": 9, "xinjiang": 6, "yunnan": 7, "yongchuan": 6}[juris]
    hi = {"guangxi": 14, "xinjiang": 12, "yunnan": 12, "yongchuan": 9}[juris]
    n = n_units or between(rng, lo, hi)
    units: list[Unit] = []
    # lead: an enterprise registered in the jurisdiction
    while True:
        name, div, city = reg.company(juris, cowords, local=True)
        if juris == "yongchuan" and not name.startswith("重庆永川"):
            reg.names.remove(name)
            continue
        break
    if juris == "yongchuan":
        div = "500118"
    units.append(Unit(name, "enterprise", make_code(rng, "enterprise", div), juris, city, tier="lead"))
    n_uni = 1 if n <= 6 else rng.choice([1, 2, 2, 3])
    n_inst = 1 if n <= 7 else rng.choice([1, 1, 2])
    n_other = rng.choice([0, 0, 1]) if n >= 8 else 0
    if juris in RATIO_MIN:  # enterprises (the lead included) at least RATIO_DRAW of the members
        while n - n_uni - n_inst - n_other < math.ceil(n * RATIO_DRAW - 1e-9):
            if n_other:
                n_other -= 1
            elif n_uni > 1:
                n_uni -= 1
            elif n_inst > 1:
                n_inst -= 1
            else:
                break
    n_ent = n - 1 - n_uni - n_inst - n_other
    kinds = ["university"] * n_uni + ["institute"] * n_inst + ["other"] * n_other + ["enterprise"] * n_ent
    for k in kinds:
        local = rng.random() > 0.18
        if k == "enterprise":
            name, div, city = reg.company(juris, cowords, local=local)
        elif k == "university":
            name, div, city = reg.university(juris, local=local)
        elif k == "institute":
            name, div, city = reg.institute(juris, rng.choice(fields) if rng.random() < 0.6 else iname[:2])
        else:
            name, div, city = reg.other(juris, iname[:2])
            k = kind_by_name(name, k)
        units.append(Unit(name, k, make_code(rng, k, div), juris, city))
    lead, rest = units[0], units[1:]
    rng.shuffle(rest)
    # tiers: universities/institutes mostly core, enterprises spread
    core, close, gen = [], [], []
    for u in rest:
        if u.kind in ("university", "institute") and len(core) < 4:
            core.append(u)
        elif u.kind == "other":
            gen.append(u)
        else:
            (core if len(core) < 2 else close if rng.random() < 0.55 else gen).append(u)
    if not gen and len(close) > 1:
        gen.append(close.pop())
    for u in core:
        u.tier = "core"
    for u in close:
        u.tier = "close"
    for u in gen:
        u.tier = "general"
    units = [lead] + core + close + gen
    for u in units:
        u.note = note_for(rng, u, iname, topics, fields)
    filing = dt.date(year, rng.randrange(1, 13), rng.randrange(1, 28))
    effective = filing - dt.timedelta(days=rng.randrange(12, 80))
    reg_person = reg.person
    phone = f"{AREA[juris]}-{rng.randrange(2, 9)}{rng.randrange(1000000, 9999999):07d}"[
        : len(AREA[juris]) + 9
    ]
    if rng.random() < 0.25:
        phone = f"1{rng.choice('3589')}{rng.randrange(0, 10)}{rng.randrange(10000000, 99999999)}"
    contact = (reg_person(), phone)
    chief_unit = rng.choice([u for u in units if u.kind in ("university", "institute")] or units)
    chief = (reg_person(), rng.choice(["研究员", "教授", "中国工程院院士", "正高级工程师", "教授"]))
    team = [
        {
            "name": chief[0],
            "age": between(rng, 48, 66),
            "title": chief[1],
            "specialty": rng.choice(fields),
            "employer": chief_unit.name,
        }
    ]
    for _ in range(between(rng, 4, 8)):
        emp = rng.choice(units)
        t = (
            rng.choice(TITLES)
            if emp.kind != "enterprise"
            else rng.choice(
                [
                    "高级工程师",
                    "正高级工程师",
                    "副总经理/高级工程师",
                    "总工程师/正高级工程师",
                    "工程师",
                    "技术中心主任/高级工程师",
                ]
            )
        )
        team.append(
            {
                "name": reg_person(),
                "age": between(rng, 31, 60),
                "title": t,
                "specialty": rng.choice(fields),
                "employer": emp.name,
            }
        )
    # platforms: the lead hosts at least one of provincial level or above
    plats = []
    lvl_word = {"guangxi": "广西", "xinjiang": "新疆维吾尔自治区", "yunnan": "云南省", "yongchuan": "重庆市"}[
        juris
    ]
    kinds_p = ["重点实验室", "工程技术研究中心", "企业技术中心", "技术创新中心", "工程研究中心"]
    hosts = [lead] + rng.sample(units[1:], k=min(len(units) - 1, between(rng, 2, 5)))
    used = set()
    for i, h in enumerate(hosts):
        topic = rng.choice(topics)
        national = rng.random() < (0.35 if i == 0 else 0.2)
        kp = rng.choice(kinds_p)
        pname = (
            f"{topic}国家地方联合工程研究中心"
            if national and rng.random() < 0.5
            else f"国家{topic}{kp}"
            if national
            else f"{lvl_word}{topic}{kp}"
        )
        if pname in used:
            pname = pname.replace(topic, topic + "应用")
        used.add(pname)
        est = dt.date(between(rng, 2008, year - 1), between(rng, 1, 12), 1)
        est_s = rng.choice([f"{est.year}年", f"{est.year}.{est.month:02d}", f"{est.year}年{est.month}月"])
        plats.append(
            {
                "name": pname,
                "field": rng.choice(fields),
                "level": "national" if national else "provincial",
                "established": est_s,
                "host_unit": h.name,
            }
        )
    projects = []
    if juris == "yunnan":
        for _ in range(between(rng, 2, 4)):
            y0 = between(rng, year - 3, year - 1)
            projects.append(
                {
                    "name": f"{rng.choice(topics)}关键技术研究与产业化示范",
                    "field": iname,
                    "level": rng.choice(["国家级", "省级", "省级"]),
                    "period": f"{y0}.01-{y0 + 2}.12",
                    "host_unit": rng.choice(units).name,
                }
            )
    # figures of the lead
    ry = [year - 3, year - 2, year - 1]
    base_rev = {"guangxi": (15, 90), "xinjiang": (8, 60), "yunnan": (10, 60), "yongchuan": (10, 45)}[juris]
    revenue = between(rng, *base_rev) * 10**8 + between(rng, 0, 99) * 10**6
    inten = rng.uniform(3.6, 6.5)
    e3 = round(revenue * inten / 100, -5)
    exp = [round(e3 * f, -5) for f in (rng.uniform(0.78, 0.86), rng.uniform(0.88, 0.95), 1.0)]
    staff = between(rng, 60, 420)
    rd = {
        "revenue": revenue,
        "staff": staff,
        "staff_total": staff + between(rng, 20, 160),
        "expense": exp,
        "years": ry,
        "intensity": round(exp[-1] / revenue * 100, 1),
        "self_ratio": rng.choice([2.5, 3, 3.5, 4]),
        "employees": staff * between(rng, 4, 12),
    }
    ne = sum(u.kind == "enterprise" for u in units)
    declared = {
        "members": len(units),
        "enterprises": ne,
        "universities": sum(u.kind == "university" for u in units),
        "institutes": sum(u.kind == "institute" for u in units),
    }
    pc = {
        "national": sum(p["level"] == "national" for p in plats),
        "provincial": sum(p["level"] == "provincial" for p in plats),
    }
    pc["provincial"] += rng.choice([0, 0, 1, 2])
    return Cons(
        sid,
        juris,
        cname,
        iname,
        ind,
        units,
        filing,
        effective,
        contact,
        chief,
        team,
        plats,
        projects,
        rd,
        declared,
        pc,
    )


def note_for(rng, u: Unit, iname, topics, fields) -> str:
    t = rng.choice(topics)
    if u.tier == "lead":
        s = rng.choice(
            [f"{iname}行业龙头企业，", f"国内{iname}领域骨干企业，", f"区域{iname}产业链链主企业，"]
        )
        s += rng.choice(
            [
                "负责联合体总体统筹、技术路线制定和经费管理",
                "牵头组织关键核心技术攻关和成果产业化",
                f"承担{t}等核心攻关任务并负责联合体日常运行",
            ]
        )
    elif u.kind == "university":
        s = f"在{rng.choice(fields)}学科具有较强研究实力，负责{t}基础研究与人才培养"
    elif u.kind == "institute":
        s = f"{rng.choice(fields)}领域专业科研机构，承担{t}共性技术研发和检测服务"
    elif u.kind == "other" or "投资" in u.name:
        s = rng.choice(["提供技术转移、成果评价和科技金融服务", "负责标准制定、行业交流和成果推广"])
    else:
        s = rng.choice(
            [
                f"产业链上游配套企业，负责{t}中试验证",
                f"高新技术企业，承担{t}产品开发与示范应用",
                f"产业链下游应用企业，负责{t}场景验证和推广",
            ]
        )
    return s + "。"
