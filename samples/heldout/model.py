"""Consortia: units, people, figures and the problems planted in them."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from pool import AREA, INDUSTRIES, PROV, TITLES, Registry, Unit, break_code, make_code

CUTOVER = dt.date(2025, 1, 1)
MIN_MEMBERS = {"guangxi": 8, "xinjiang": 5, "yunnan": 5, "yongchuan": 5}


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


def _r(rng, a, b, step=1):
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
    n = n_units or _r(rng, lo, hi)
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
        if ("中心" in name or "研究院" in name or "研究所" in name) and k == "enterprise":
            k = "enterprise"
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
            "age": _r(rng, 48, 66),
            "title": chief[1],
            "specialty": rng.choice(fields),
            "employer": chief_unit.name,
        }
    ]
    for _ in range(_r(rng, 4, 8)):
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
                "age": _r(rng, 31, 60),
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
    hosts = [lead] + rng.sample(units[1:], k=min(len(units) - 1, _r(rng, 2, 5)))
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
        est = dt.date(_r(rng, 2008, year - 1), _r(rng, 1, 12), 1)
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
        for _ in range(_r(rng, 2, 4)):
            y0 = _r(rng, year - 3, year - 1)
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
    revenue = _r(rng, *base_rev) * 10**8 + _r(rng, 0, 99) * 10**6
    inten = rng.uniform(3.6, 6.5)
    e3 = round(revenue * inten / 100, -5)
    exp = [round(e3 * f, -5) for f in (rng.uniform(0.78, 0.86), rng.uniform(0.88, 0.95), 1.0)]
    staff = _r(rng, 60, 420)
    rd = {
        "revenue": revenue,
        "staff": staff,
        "staff_total": staff + _r(rng, 20, 160),
        "expense": exp,
        "years": ry,
        "intensity": round(exp[-1] / revenue * 100, 1),
        "self_ratio": rng.choice([2.5, 3, 3.5, 4]),
        "employees": staff * _r(rng, 4, 12),
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
    elif u.kind == "other":
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


# ----------------------------------------------------------------------------- plants
def flag(code, message, unit=None, evidence=None, match=None, severity="error"):
    return {
        "code": code,
        "severity": severity,
        "message": message,
        "unit": unit,
        "evidence": evidence,
        "match": match if match is not None else ([unit] if unit else []),
    }


def plant(rng: random.Random, reg: Registry, c: Cons, what: str) -> None:
    lead = c.lead
    c.plants.append(what)
    if what == "count_members":
        d = rng.choice([-2, -1, 2, 3])
        c.declared["members"] += d
        c.sub_flags.append(
            flag(
                "COUNT_MISMATCH",
                "申请表填报的成员总数与成员名单不一致",
                evidence=f"members: {c.declared['members']} vs {len(c.units)}",
                match=[],
            )
        )
        c.notes.append(f"成员总数填报{c.declared['members']}家，名单实为{len(c.units)}家")
    elif what == "count_enterprises":
        c.declared["enterprises"] += rng.choice([-1, 1, 2])
        ne = sum(u.kind == "enterprise" for u in c.units)
        c.sub_flags.append(
            flag(
                "COUNT_MISMATCH",
                "申请表填报的企业数量与成员名单不一致",
                evidence=f"enterprises: {c.declared['enterprises']} vs {ne}",
                match=[],
            )
        )
        c.notes.append(f"企业数量填报{c.declared['enterprises']}家，名单中企业{ne}家")
    elif what == "code_invalid":
        u = rng.choice(c.units[2:])
        c.written_code[u.name] = break_code(rng, u.code)
        c.notes.append(
            f"{u.name}的统一社会信用代码校验位错误（{c.written_code[u.name]}），凡写出该代码的文件均应报错"
        )
    elif what == "code_missing":
        u = rng.choice(c.units[2:])
        c.written_code[u.name] = ""
        c.notes.append(f"{u.name}在要求填写代码的成员表中代码栏空白")
    elif what == "clause_missing":
        c.clause_missing = rng.choice(
            ["ip_benefit", "integrity", "breach_liability", "innovation_goal", "task_division"]
            + (["dispute_resolution", "dissolution"] if c.juris == "yunnan" else [])
        )
        c.notes.append(f"组建协议缺少条款 {c.clause_missing}")
    elif what == "clause_empty":
        c.clause_empty = rng.choice(["ip_benefit", "integrity", "breach_liability", "rights_obligations"])
        c.notes.append(f"组建协议条款 {c.clause_empty} 只有标题没有内容")
    elif what == "signature_missing":
        u = rng.choice(c.units[1:])
        c.sig_omit.add(u.name)
        c.notes.append(f"{u.name}列为协议参与单位，但签章处没有该单位")
    elif what == "doc_mismatch":
        u = rng.choice(c.units[3:])
        c.agr_omit.add(u.name)
        c.sub_flags.append(
            flag("DOC_MISMATCH", "申请表与组建协议的成员单位不一致", evidence=u.name, match=[])
        )
        c.notes.append(f"申请表列有{u.name}，组建协议（参与单位与签章处）均无该单位")
    elif what == "doc_missing_agreement":
        c.docs.remove("agreement")
        c.sub_flags.append(flag("DOCUMENT_MISSING", "未提交组建协议", evidence="组建协议", match=[]))
        c.notes.append("未提交组建协议")
    elif what == "doc_missing_plan":
        c.docs.remove("plan")
        c.sub_flags.append(
            flag("DOCUMENT_MISSING", "未提交建设/实施/组建方案", evidence="建设/实施/组建方案", match=[])
        )
        c.notes.append("未提交方案")
    elif what == "doc_missing_application":
        c.docs.remove("application")
        c.sub_flags.append(flag("DOCUMENT_MISSING", "未提交组建申请表", evidence="申请表", match=[]))
        c.notes.append("未提交申请表")
    elif what == "below_min":
        keep = MIN_MEMBERS[c.juris] - rng.choice([1, 2])
        drop = [u for u in c.units[1:] if u.kind == "enterprise"][: len(c.units) - keep]
        c.units = [u for u in c.units if u not in drop]
        _recount(c)
        c.sub_flags.append(
            flag(
                "MEMBERS_BELOW_MIN",
                "成员单位数量低于最低要求",
                evidence=str(len(c.units)),
                match=[],
                severity="warning",
            )
        )
        c.notes.append(f"成员单位仅{len(c.units)}家，低于{MIN_MEMBERS[c.juris]}家")
    elif what == "kinds_few":  # guangxi 2025: enterprises only
        for u in c.units[1:]:
            if u.kind != "enterprise":
                reg.names.remove(u.name) if u.name in reg.names else None
                name, div, city = reg.company(c.juris, c.ind[1])
                u.name, u.kind, u.code = name, "enterprise", make_code(rng, "enterprise", div)
                u.note = note_for(rng, u, c.industry, c.ind[2], c.ind[3])
        for t in c.team:
            if t["employer"] not in {u.name for u in c.units}:
                t["employer"] = c.units[1].name
        for p in c.platforms:
            if p["host_unit"] not in {u.name for u in c.units}:
                p["host_unit"] = c.units[2].name
        _recount(c)
        c.sub_flags.append(flag("MEMBER_KINDS_FEW", "成员单位类型少于2类", evidence="1", match=[]))
        c.notes.append("成员单位全部为企业，只有1类")
    elif what == "ratio_low":  # xinjiang: enterprises < 50%
        ents = [u for u in c.units[1:] if u.kind == "enterprise"]
        target = (len(c.units) - 1) // 2 - 1 if len(c.units) % 2 else len(c.units) // 2 - 2
        target = max(1, target)
        for u in ents[target:]:
            reg.names.remove(u.name)
            name, div, city = (
                reg.institute(c.juris, rng.choice(c.ind[3])[:2])
                if rng.random() < 0.5
                else reg.university(c.juris, local=rng.random() < 0.6)
            )
            kind = "university" if name.endswith(("大学", "学院")) else "institute"
            u.name, u.kind, u.code = name, kind, make_code(rng, kind, div)
            u.note = note_for(rng, u, c.industry, c.ind[2], c.ind[3])
        for t in c.team:
            if t["employer"] not in {u.name for u in c.units}:
                t["employer"] = lead.name
        for p in c.platforms:
            if p["host_unit"] not in {u.name for u in c.units}:
                p["host_unit"] = c.units[1].name
        _recount(c)
        ne = c.declared["enterprises"]
        c.sub_flags.append(
            flag("ENTERPRISE_RATIO_LOW", "企业比例低于50%", evidence=f"{ne}/{len(c.units)}", match=[])
        )
        c.notes.append(f"企业{ne}家，成员{len(c.units)}家，企业比例低于50%")
    elif what == "revenue_low":
        c.rd["revenue"] = {"guangxi": _r(rng, 45, 85), "xinjiang": _r(rng, 18, 38)}[c.juris] * 10**7
        _refit_rd(c, rng)
        c.sub_flags.append(
            flag(
                "LEAD_REVENUE_LOW",
                "牵头单位营业收入低于门槛",
                unit=lead.name,
                evidence=str(c.rd["revenue"]),
                severity="error" if c.version == "2021" else "warning",
            )
        )
        c.notes.append(f"牵头单位营业收入{c.rd['revenue']}元，低于门槛")
    elif what == "staff_low":
        c.rd["staff"] = _r(rng, 12, 26)
        c.rd["staff_total"] = c.rd["staff"] + _r(rng, 20, 60)  # the total is above 30: a distractor
        c.sub_flags.append(
            flag(
                "LEAD_RD_STAFF_LOW",
                "牵头单位专职研发人员少于30人",
                unit=lead.name,
                evidence=str(c.rd["staff"]),
                severity="error" if c.version == "2021" else "warning",
            )
        )
        c.notes.append(f"专职研发人员{c.rd['staff']}人（研发人员总数{c.rd['staff_total']}人为干扰项）")
    elif what == "intensity_low":
        # 2021: intensity < 2%; 2025: average < 3000万 and share < 3%
        if c.version == "2021":
            c.rd["intensity_target"] = rng.uniform(1.1, 1.7)
        else:
            c.rd["revenue"] = _r(rng, 11, 16) * 10**8
            c.rd["intensity_target"] = rng.uniform(1.2, 1.8)
        _refit_rd(c, rng)
        c.sub_flags.append(
            flag(
                "LEAD_RD_INTENSITY_LOW",
                "牵头单位研发投入强度低于要求",
                unit=lead.name,
                evidence=f"{c.rd['intensity']}%",
                severity="error" if c.version == "2021" else "warning",
            )
        )
        c.notes.append(f"研发投入强度{c.rd['intensity']}%（近三年研发费用{c.rd['expense']}）")
    elif what == "not_growing":
        e = c.rd["expense"]
        c.rd["expense"] = [e[1], e[2], round(e[1] * rng.uniform(0.86, 0.95), -5)]
        c.rd["intensity"] = round(c.rd["expense"][-1] / c.rd["revenue"] * 100, 1)
        c.sub_flags.append(
            flag(
                "RD_NOT_GROWING",
                "牵头单位近三年研发投入未持续增长",
                unit=lead.name,
                evidence=" / ".join(str(int(x)) for x in c.rd["expense"]),
            )
        )
        c.notes.append(f"近三年研发投入 {c.rd['expense']}，末年下降")
    elif what == "self_funding_low":
        c.rd["self_ratio"] = rng.choice([1.2, 1.5, 1.8])
        c.sub_flags.append(
            flag(
                "SELF_FUNDING_LOW",
                "自筹经费与财政经费比例低于2:1",
                evidence=f"{c.rd['self_ratio']}:1",
                match=[],
            )
        )
        c.notes.append(f"自筹:财政 = {c.rd['self_ratio']}:1，低于2:1")
    elif what == "platform_missing":
        others = c.units[1:]
        for p in c.platforms:
            if p["host_unit"] == lead.name:
                p["host_unit"] = rng.choice(others).name
        c.sub_flags.append(
            flag("LEAD_PLATFORM_MISSING", "牵头单位未建有省级（自治区级）及以上创新平台", unit=lead.name)
        )
        c.notes.append("平台表中没有牵头单位依托的平台")
    elif what == "chief_missing":
        c.chief = None
        c.team = c.team[1:]
        c.sub_flags.append(flag("CHIEF_SCIENTIST_MISSING", "申请表未推荐首席科学家/首席专家", match=[]))
        c.notes.append("申请表首席科学家栏空白，方案中也未提名")
    elif what == "lead_not_enterprise":
        old = lead.name
        reg.names.remove(old)
        name, div, city = reg.institute(
            c.juris, c.industry[:2], ["重庆永川{f}产业技术研究院", "重庆永川{f}研究院"]
        )
        lead.name, lead.kind, lead.code = name, "institute", make_code(rng, "institute", "500118")
        for t in c.team:
            if t["employer"] == old:
                t["employer"] = name
        for p in c.platforms:
            if p["host_unit"] == old:
                p["host_unit"] = name
        _recount(c)
        c.rd["none"] = True
        c.sub_flags.append(flag("LEAD_NOT_ENTERPRISE", "牵头单位不是企业", unit=name))
        c.notes.append(f"牵头单位{name}为科研机构")
    else:
        raise ValueError(what)


def _recount(c: Cons):
    c.declared.update(
        {
            "members": len(c.units),
            "enterprises": sum(u.kind == "enterprise" for u in c.units),
            "universities": sum(u.kind == "university" for u in c.units),
            "institutes": sum(u.kind == "institute" for u in c.units),
        }
    )


def _refit_rd(c: Cons, rng):
    inten = c.rd.get("intensity_target") or rng.uniform(3.6, 6.0)
    e3 = round(c.rd["revenue"] * inten / 100, -5)
    c.rd["expense"] = [round(e3 * f, -5) for f in (rng.uniform(0.8, 0.87), rng.uniform(0.9, 0.96), 1.0)]
    c.rd["intensity"] = round(c.rd["expense"][-1] / c.rd["revenue"] * 100, 1)
