#!/usr/bin/env python3
"""Blind variant generator: a seeded corpus of 创新联合体 submissions in the format of
../../../shared/devset-cd (one folder per submission + truth.json), covering issue 10's categories of
variation in every jurisdiction and medium. See README.md.

    python samples/variants/generate.py --out DIR --seed N [--n-submissions K] [--no-legacy]
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import hashlib
import json
import random
import shutil
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import agreement  # noqa: E402
import application  # noqa: E402
import legacy  # noqa: E402
import media  # noqa: E402
import plan  # noqa: E402
import rules  # noqa: E402
import supplementary  # noqa: E402
from common import doc_flag, reset_cycles  # noqa: E402
from docmodel import render_docx  # noqa: E402
from model import RD, Builder, Consortium  # noqa: E402
from units import Unit, corrupt_code, make_code  # noqa: E402

# ------------------------------------------------------------------------------ planning
# jurisdiction slots for the default 30: 广西 2025 办法 7, 广西 2021 方案 4, 新疆 6, 云南 7, 永川 6
SHARES = [
    (("guangxi", "2025"), 7),
    (("guangxi", "2021"), 4),
    (("xinjiang", None), 6),
    (("yunnan", None), 7),
    (("yongchuan", None), 6),
]

# (name, slot key, plants of each consortium in the group); a group is placed only if its slots are free
RECIPES: list[tuple[str, tuple, list[list[str]]]] = [
    (
        "member_cap",
        ("guangxi", "2025"),
        [["code_invalid"], ["rd_intensity_low_2025"], ["signature_missing"], ["encrypted_agreement"]],
    ),
    ("lead_cap", ("yunnan", None), [["self_funding_low"], ["clause_missing_yn"]]),
    ("code_conflict", ("xinjiang", None), [["ratio_low", "clause_empty"], ["revenue_low"]]),
    ("dup_name", ("xinjiang", None), [["rd_not_growing"], ["chief_missing"]]),
    ("", ("guangxi", "2025"), [["kinds_few", "clause_missing"]]),
    ("", ("guangxi", "2021"), [["members_below_min", "code_invalid"]]),
    ("", ("guangxi", "2021"), [["rd_staff_low", "clause_empty"]]),
    ("", ("guangxi", "2021"), [["doc_mismatch", "count_mismatch_ent", "unreadable_extra"]]),
    ("", ("yunnan", None), [["lead_not_enterprise", "signature_missing"]]),
    ("", ("yunnan", None), [["platform_missing", "unreadable_extra"]]),
    ("", ("yongchuan", None), [["count_mismatch", "lead_outside"]]),
    ("", ("yongchuan", None), [["members_below_min", "code_missing"]]),
    ("", ("xinjiang", None), [["doc_missing_plan", "clause_missing"]]),
]
# tricky but clean: no flag is expected
NEGATIVES = {
    ("guangxi", "2025"): ["small_2025", "intensity_either"],
    ("guangxi", "2021"): ["intensity_2021_ok"],
    ("yongchuan", None): ["no_application", "no_agreement"],
    ("yunnan", None): ["two_leads"],
}


def slot_list(n: int) -> list[tuple]:
    total = sum(k for _, k in SHARES)
    counts = [max(1, round(n * k / total)) for _, k in SHARES]
    while sum(counts) > n:
        counts[counts.index(max(counts))] -= 1
    while sum(counts) < n:
        counts[counts.index(min(counts))] += 1
    out = []
    for (key, _), c in zip(SHARES, counts):
        out += [key] * c
    return out


def plan_corpus(rng: random.Random, n: int) -> list[dict]:
    slots = [{"key": k, "plants": [], "group": None, "negatives": []} for k in slot_list(n)]
    budget = round(n * 0.65)  # about a third of the submissions stay clean
    for name, key, plants in RECIPES:
        free = [s for s in slots if s["key"] == key and not s["plants"] and s["group"] is None]
        if len(free) < len(plants) or len(plants) > budget:
            continue
        budget -= len(plants)
        for s, p in zip(free, plants):
            s["plants"] = list(p)
            s["group"] = name or None
    for key, negs in NEGATIVES.items():
        free = [s for s in slots if s["key"] == key and not s["plants"]]
        for s, neg in zip(free, negs):
            s["negatives"].append(neg)
    return slots


# ------------------------------------------------------------------------------ consortia
def make_consortia(rng: random.Random, b: Builder, slots: list[dict]) -> tuple[list[Consortium], list[dict]]:
    cons: list[Consortium] = []
    for i, s in enumerate(slots):
        juris, version = s["key"]
        p, neg = s["plants"], s["negatives"]
        sid = f"S{i + 1:02d}"
        size = rng.randrange(8, 13)
        kw: dict = {}
        if juris == "guangxi" and version == "2021":
            size = rng.randrange(9, 14)
        if "members_below_min" in p:
            size = {"guangxi": rng.choice([6, 7]), "xinjiang": 4, "yongchuan": 4}[juris]
            if juris != "guangxi":
                kw.update(n_univ=1, n_inst=0, n_other=0)
        if "small_2025" in neg:
            size = 6
        if "kinds_few" in p:
            kw.update(n_univ=0, n_inst=0, n_other=0)
            size = rng.randrange(6, 9)
        if "ratio_low" in p:
            size = 8
            kw.update(n_univ=3, n_inst=2, n_other=0)
        if "lead_not_enterprise" in p:
            kw["lead_kind"] = "institute"
        if "two_leads" in neg:
            kw["n_leads"] = 2
        if "lead_outside" in p:
            kw["lead_outside"] = True
        c = b.make(sid, juris, version, size, **kw)
        c.plants = list(p)
        c.variants = list(neg)
        c.group = s["group"]
        c.key = s["key"]
        apply_plants(rng, b, c)
        cons.append(c)
    cross = cross_plants(rng, b, cons)
    return cons, cross


def apply_plants(rng: random.Random, b: Builder, c: Consortium) -> None:
    rd: RD = c.rd
    others = [u for u in c.members if u.tier != "lead"]
    for p in c.plants:
        if p == "code_invalid":
            u = rng.choice(others)
            how = rng.choice(["check", "charset"])
            c.bad_code[u.name] = corrupt_code(rng, u.code, how)
            c.notes.append(
                f"CREDIT_CODE_INVALID: {u.name} 的代码写作 {c.bad_code[u.name]}（{'校验位错误' if how == 'check' else '含GB 32100字符集以外的字母'}）"
            )
        elif p == "code_missing":
            u = rng.choice(others)
            c.missing_code.add(u.name)
            c.notes.append(f"CREDIT_CODE_MISSING: 申请表中 {u.name} 一行的统一社会信用代码未填")
        elif p == "signature_missing":
            u = rng.choice(others)
            c.omit_signature = u.name
            c.notes.append(f"SIGNATURE_MISSING: {u.name} 在协议参与单位中，但不在签章部分")
        elif p == "rd_intensity_low_2025":
            rd.revenue = rng.randrange(1_100, 1_500) * 1_000_000
            rd.intensity = round(rng.uniform(1.5, 2.0), 1)  # last year ≤ 3000万, so the average is below it
            e3 = int(rd.revenue * rd.intensity / 100 / 100_000) * 100_000
            rd.expense = [
                (rd.expense[0][0], int(e3 * 0.8 / 100_000) * 100_000),
                (rd.expense[1][0], int(e3 * 0.9 / 100_000) * 100_000),
                (rd.expense[2][0], e3),
            ]
            c.notes.append(
                f"LEAD_RD_INTENSITY_LOW: 研发投入强度{rd.intensity}%且近三年年均研发费用不足3000万元（管理办法两项均未达到）"
            )
        elif p == "encrypted_agreement":
            c.notes.append("UNREADABLE + DOCUMENT_MISSING: 组建协议是加密PDF（打不开），不算已提交")
        elif p == "kinds_few":
            c.notes.append("MEMBER_KINDS_FEW: 成员单位全部是企业（管理办法要求2类及以上）")
        elif p == "self_funding_low":
            rd.ratio = rng.choice([1.2, 1.5, 1.8])
            rd.self_funds = int(rd.fiscal * rd.ratio)
            c.notes.append(f"SELF_FUNDING_LOW: 自筹与财政经费比例{rd.ratio}:1，低于2:1")
        elif p == "clause_missing_yn":
            c.clause_missing = rng.choice(["dissolution", "dispute_resolution"])
            c.notes.append(f"CLAUSE_MISSING: 云南协议缺少 {c.clause_missing}（解散时权责分配/解决争议方式）")
        elif p == "clause_missing":
            c.clause_missing = rng.choice(
                [
                    "innovation_goal",
                    "task_division",
                    "rights_obligations",
                    "ip_benefit",
                    "integrity",
                    "breach_liability",
                ]
            )
            c.notes.append(f"CLAUSE_MISSING: 协议缺少 {c.clause_missing}，其他部分也不含该条款的实质内容")
        elif p == "clause_empty":
            c.clause_empty = rng.choice(
                [
                    "innovation_goal",
                    "task_division",
                    "rights_obligations",
                    "ip_benefit",
                    "integrity",
                    "breach_liability",
                ]
            )
            c.notes.append(f"CLAUSE_EMPTY: 协议有 {c.clause_empty} 的标题但无实质内容")
        elif p == "ratio_low":
            c.notes.append(
                f"ENTERPRISE_RATIO_LOW: 企业{c.count('enterprise')}家/成员{len(c.members)}家，低于50%"
            )
        elif p == "revenue_low":
            rd.revenue = rng.randrange(300, 480) * 1_000_000
            e3 = int(rd.revenue * rd.intensity / 100 / 100_000) * 100_000
            rd.expense = [
                (rd.expense[0][0], int(e3 * 0.8 / 100_000) * 100_000),
                (rd.expense[1][0], int(e3 * 0.9 / 100_000) * 100_000),
                (rd.expense[2][0], e3),
            ]
            c.notes.append(f"LEAD_REVENUE_LOW: 牵头企业年营业收入{rd.revenue / 1e8:.2f}亿元，低于5亿元")
        elif p == "rd_not_growing":
            e = rd.expense
            rd.expense = [e[0], (e[1][0], int(e[0][1] * rng.uniform(0.8, 0.95) / 100_000) * 100_000), e[2]]
            c.notes.append("RD_NOT_GROWING: 近三年研发投入第二年低于第一年")
        elif p == "chief_missing":
            c.no_chief = True
            c.notes.append("CHIEF_SCIENTIST_MISSING: 申请表“推荐首席科学家”一栏空白，实施方案写“拟公开选聘”")
        elif p == "members_below_min":
            c.notes.append(f"MEMBERS_BELOW_MIN: 成员单位{len(c.members)}家（含牵头单位）")
        elif p == "rd_staff_low":
            rd.staff_fulltime = rng.randrange(16, 29)
            rd.staff_total = rng.randrange(90, 220)
            c.notes.append(
                f"LEAD_RD_STAFF_LOW: 研发人员共{rd.staff_total}人，其中专职{rd.staff_fulltime}人（专职不足30人；总数是干扰项）"
            )
        elif p == "doc_mismatch":
            u = b.enterprise(c.juris, c.words)
            u.tier = "general"
            b_describe(rng, c, u)
            c.extra_agreement_unit = u
            c.notes.append(f"DOC_MISMATCH: 组建协议多列了申请表中没有的 {u.name}（参与单位和签章部分都有）")
        elif p == "count_mismatch_ent":
            e = c.count("enterprise")
            c.declared_override["enterprises"] = e + rng.choice([-1, 1, 2])
            c.notes.append(
                f"COUNT_MISMATCH: 申请表填报企业数量{c.declared_override['enterprises']}家，名单中企业{e}家"
            )
        elif p == "count_mismatch":
            n = len(c.members)
            c.declared_override["members"] = n + rng.choice([2, 3, 4])
            c.notes.append(f"COUNT_MISMATCH: 填报成员总数{c.declared_override['members']}家，名单{n}家")
        elif p == "unreadable_extra":
            c.notes.append("UNREADABLE: 附带的一个附件文件损坏（不是必需材料）")
        elif p == "lead_not_enterprise":
            rd.revenue = rd.staff_fulltime = rd.staff_total = rd.intensity = None
            rd.expense = []
            c.notes.append(f"LEAD_NOT_ENTERPRISE: 牵头单位 {c.lead.name} 是科研院所（事业单位代码）")
        elif p == "platform_missing":
            k = 0
            for pl in c.platforms:
                if pl.host == c.lead.name and pl.level != "other":
                    pl.level, pl.level_text = "other", "市级"
                    pl.name = f"{c.lead.name[:2]}市{c.topics[k % len(c.topics)]}{['工程技术研究中心', '企业技术中心', '重点实验室'][k % 3]}"
                    k += 1
            c.notes.append("LEAD_PLATFORM_MISSING: 牵头单位只有市级平台，没有省级及以上平台")
        elif p == "lead_outside":
            c.notes.append(
                f"LEAD_OUTSIDE_JURISDICTION: 牵头单位代码 {c.lead.code[:8]}… 注册在永川区(500118)以外"
            )
        elif p == "doc_missing_plan":
            c.notes.append("DOCUMENT_MISSING: 未提交实施方案")
    for v in c.variants:
        if v == "intensity_either":
            rd.revenue = rng.randrange(2_600, 4_000) * 1_000_000
            rd.intensity = 2.6
            e3 = int(rd.revenue * rd.intensity / 100 / 100_000) * 100_000
            rd.expense = [
                (rd.expense[0][0], int(e3 * 0.82 / 100_000) * 100_000),
                (rd.expense[1][0], int(e3 * 0.9 / 100_000) * 100_000),
                (rd.expense[2][0], e3),
            ]
            c.notes.append(
                "(无标记) 研发投入强度2.6%<3%，但近三年年均研发费用超过3000万元：管理办法“或”条件满足"
            )
        elif v == "intensity_2021_ok":
            rd.intensity = 2.4
            c.notes.append("(无标记) 研发投入强度2.4%：2021方案门槛为2%，满足")
        elif v == "small_2025":
            c.notes.append("(无标记) 6家成员：管理办法没有成员数量下限（2021方案的8家不适用于2025年后填报）")
        elif v == "no_application":
            c.notes.append("(无标记) 永川只提交组建方案和协议，无申请表：永川方案四（一）只要求组建方案")
        elif v == "no_agreement":
            c.notes.append("(无标记) 永川未提交组建协议：永川方案不要求协议")
        elif v == "two_leads":
            c.notes.append("(无标记) 两家牵头单位（云南方案允许1-2家）")


def b_describe(rng: random.Random, c: Consortium, u: Unit) -> None:
    t = rng.choice(c.topics)
    kind_role = {
        "enterprise": f"负责{t}相关产品的中试、应用示范与产业化",
        "university": f"负责{t}基础理论研究与人才培养",
        "institute": f"负责{t}共性技术研究及检验检测服务",
        "other": "负责行业交流、技术推广及科技服务",
    }
    u.role = kind_role[u.kind]
    u.note = {
        "enterprise": f"{c.industry}产业链骨干企业。",
        "university": "相关学科领域科研实力较强。",
        "institute": "专业科研机构。",
        "other": "具备专业技术服务能力。",
    }[u.kind]


def cross_plants(rng: random.Random, b: Builder, cons: list[Consortium]) -> list[dict]:
    cross: list[dict] = []
    groups: dict[str, list[Consortium]] = {}
    for c in cons:
        if getattr(c, "group", None):
            groups.setdefault(c.group, []).append(c)
    if "member_cap" in groups:
        g = groups["member_cap"]
        u0 = b.other("guangxi", ["科技成果转化", g[0].industry])
        b_describe(rng, g[0], u0)
        for c in g:
            u = copy.deepcopy(u0)
            u.tier = (
                rng.choice(["close", "general"]) if any(m.tier == "general" for m in c.members) else "close"
            )
            c.members.append(u)
            c.notes.append(f"MEMBER_CAP_EXCEEDED: {u.name} 同时参加{len(g)}个广西创新联合体（办法：至多3个）")
        cross.append(
            {
                "code": "MEMBER_CAP_EXCEEDED",
                "severity": "warning",
                "unit": u0.name,
                "match": [u0.name],
                "consortia": [c.name for c in g],
                "evidence": str(len(g)),
                "message": f"{u0.name}参与{len(g)}个创新联合体，超过3个（《广西壮族自治区创新联合体管理办法》第五条（三）5）",
            }
        )
        # negative: a university in three 广西 2025 consortia (allowed) and in a legacy alliance (not counted)
        clean25 = [c for c in cons if c.key == ("guangxi", "2025") and not c.plants]
        if len(clean25) >= 2:
            v = b.university("guangxi")
            v.tier = "core"
            b_describe(rng, clean25[0], v)
            for c in clean25[:2] + g[:1]:
                c.members.append(copy.deepcopy(v))
                c.notes.append(
                    f"(无标记) {v.name} 参加3个广西创新联合体（上限3个）并参加一个产业技术创新战略联盟（不计入）"
                )
            b.shared_university = v  # type: ignore[attr-defined]
    if "lead_cap" in groups:
        a, c2 = groups["lead_cap"][:2]
        old = c2.lead
        new = copy.deepcopy(a.lead)
        c2.members[0] = new
        for pl in c2.platforms:
            if pl.host == old.name:
                pl.host = new.name
        for p in c2.team:
            if p.employer == old.name:
                p.employer = new.name
        for pr in c2.projects:
            if pr.host == old.name:
                pr.host = new.name
        # the same company: the same revenue and R&D figures; its own funding plan for this consortium
        own = (c2.rd.fiscal, c2.rd.ratio, c2.rd.self_funds)
        c2.rd = copy.deepcopy(a.rd)
        c2.rd.fiscal, c2.rd.ratio, c2.rd.self_funds = own
        for c in (a, c2):
            c.notes.append(f"LEAD_CAP_EXCEEDED: {new.name} 同时牵头两个云南创新联合体")
        cross.append(
            {
                "code": "LEAD_CAP_EXCEEDED",
                "severity": "warning",
                "unit": new.name,
                "match": [new.name],
                "consortia": [a.name, c2.name],
                "evidence": f"{a.name}、{c2.name}",
                "message": f"{new.name}牵头{a.name}、{c2.name}两个创新联合体（《云南省创新联合体建设管理工作方案（试行）》四（一）3）",
            }
        )
    if "code_conflict" in groups:
        a, c2 = groups["code_conflict"][:2]
        u = b.enterprise("xinjiang", a.words)
        u.tier = "core"
        b_describe(rng, a, u)
        u2 = copy.deepcopy(u)
        u2.code = make_code(rng, "91", u.code[2:8])
        a.members.append(u)
        c2.members.append(u2)
        for c in (a, c2):
            c.notes.append(f"CREDIT_CODE_CONFLICT: {u.name} 在两个联合体中的代码不同（{u.code} / {u2.code}）")
        cross.append(
            {
                "code": "CREDIT_CODE_CONFLICT",
                "severity": "error",
                "unit": u.name,
                "match": [u.name, u.code, u2.code],
                "consortia": [a.name, c2.name],
                "evidence": f"{u.code} / {u2.code}",
                "message": f"{u.name}在两个创新联合体中填报了不同的统一社会信用代码",
            }
        )
    if "dup_name" in groups:
        a, c2 = groups["dup_name"][:2]
        u = dup_base(rng, b)
        u.tier = "close"
        b_describe(rng, a, u)
        u2 = copy.deepcopy(u)
        u2.name = dup_variant(u.name)
        c2.members.append(u2)
        a.members.append(u)
        c2.missing_code.add(u2.name)
        for c in (a, c2):
            c.notes.append(
                f"POSSIBLE_DUPLICATE_UNIT: {u.name} / {u2.name}（后者申请表未填代码，另有 CREDIT_CODE_MISSING）"
            )
        cross.append(
            {
                "code": "POSSIBLE_DUPLICATE_UNIT",
                "severity": "warning",
                "unit": u.name,
                "match": [u.name, u2.name],
                "consortia": [a.name, c2.name],
                "evidence": f"{u.name} / {u2.name}",
                "message": "两个写法不同的单位名称可能是同一单位",
            }
        )
    return cross


SIMILAR = {
    "晟": "盛",
    "盛": "晟",
    "凯": "恺",
    "瑞": "睿",
    "丰": "沣",
    "华": "骅",
    "鑫": "新",
    "达": "大",
    "泰": "太",
    "源": "元",
    "宏": "弘",
    "恒": "衡",
    "德": "得",
    "天": "添",
}


def dup_base(rng: random.Random, b: Builder) -> Unit:
    for _ in range(200):
        brand = rng.choice(list(SIMILAR)) + rng.choice("通远成和信隆")
        city = rng.choice(["喀什", "伊犁", "昌吉", "哈密", "阿克苏"])
        name = f"新疆{brand}（{city}）{rng.choice(['实业', '农业', '能源', '科技'])}有限公司"
        if b.pool.take(name):
            return Unit(name=name, code=make_code(rng, "91", "650100"), kind="enterprise")
    raise RuntimeError("no duplicate base")


def dup_variant(name: str) -> str:
    """One character replaced by a homophone and full-width brackets written half-width."""
    i = 2
    out = name[:i] + SIMILAR.get(name[i], name[i]) + name[i + 1 :]
    return out.replace("（", "(").replace("）", ")")


# ------------------------------------------------------------------------------ documents
def naming(rng: random.Random, c: Consortium) -> str:
    return rng.choice(["attach", "attach", "material", "named", "numbered"])


def doc_plan(rng: random.Random, c: Consortium) -> list[dict]:
    docs: list[dict] = []
    j = c.juris
    has_app = "no_application" not in c.variants
    has_agr = "no_agreement" not in c.variants and (j != "yongchuan" or rng.random() < 0.75 or c.plants)
    has_plan = j in ("xinjiang", "yunnan", "yongchuan") or rng.random() < 0.5
    if "doc_missing_plan" in c.plants:
        has_plan = False
    if has_app:
        docs.append({"type": "application"})
    if has_agr:
        docs.append({"type": "agreement", "encrypted": "encrypted_agreement" in c.plants})
    if has_plan:
        docs.append({"type": "plan"})
    if rng.random() < 0.3 or (has_agr and rng.random() < 0.1):
        docs.append({"type": "supplementary"})
    if "unreadable_extra" in c.plants:
        docs.append({"type": "extra_bad"})
    return docs


def assign_media(rng: random.Random, cons: list[Consortium]) -> None:
    alld = [(c, d) for c in cons for d in c.docs]
    for _c, d in alld:
        d["medium"] = None
        if d["type"] == "extra_bad":
            d["medium"] = "bad"
        if d.get("encrypted"):
            d["medium"] = "bad"
    supps = [(c, d) for c, d in alld if d["type"] == "supplementary"]
    rng.shuffle(supps)
    for _c, d in supps[:3]:
        d["medium"] = "image"
    # scans: short documents of small consortia
    cand = [
        (c, d)
        for c, d in alld
        if d["medium"] is None and d["type"] in ("application", "agreement", "plan") and len(c.members) <= 9
    ]
    rng.shuffle(cand)
    want = {"agreement": 2, "application": 2, "plan": 2}
    for c, d in cand:
        if want.get(d["type"], 0) > 0 and not any(x.get("medium") == "scan" for x in c.docs):
            d["medium"] = "scan"
            want[d["type"]] -= 1
    rest = [(c, d) for c, d in alld if d["medium"] is None]
    rng.shuffle(rest)
    n_doc = max(2, len(rest) // 7)
    for i, (_c, d) in enumerate(rest):
        if i < n_doc:
            d["medium"] = "doc"
        else:
            d["medium"] = "pdf" if rng.random() < 0.42 else "docx"


BAD_CYCLE: list[int] = []
PLAN_FILE = {"guangxi": "建设方案", "xinjiang": "实施方案", "yunnan": "建设方案", "yongchuan": "组建方案"}


def file_names(rng: random.Random, c: Consortium) -> None:
    scheme = naming(rng, c)
    app_word = "认定申请表" if c.version == "2025" else "组建申请表"
    base = {
        "application": app_word,
        "agreement": "组建协议",
        "plan": PLAN_FILE[c.juris],
        "supplementary": "补充协议",
    }
    order = list(range(len(c.docs)))
    rng.shuffle(order)
    cn = "一二三四五六七八"
    scan_no = 1
    for i, d in enumerate(c.docs):
        ext = {"docx": "docx", "pdf": "pdf", "doc": "doc", "scan": "pdf", "image": "jpg", "bad": "pdf"}[
            d["medium"]
        ]
        if d["type"] == "extra_bad":
            BAD_CYCLE.append(1)
            kind = ["truncated_docx", "zero_pdf"][len(BAD_CYCLE) % 2]
            d["bad_kind"] = kind
            d["name"] = rng.choice(["附件5-科研诚信承诺书", "附件6-成员单位承诺书", "营业执照复印件"]) + (
                ".docx" if kind == "truncated_docx" else ".pdf"
            )
            continue
        if d.get("encrypted"):
            d["bad_kind"] = "encrypted_pdf"
        if d["medium"] == "image":
            t = c.filing - dt.timedelta(days=rng.randrange(1, 30))
            d["name"] = f"IMG_{t:%Y%m%d}_{rng.randrange(80000, 180000):06d}.jpg"
            continue
        if d["medium"] == "scan" and rng.random() < 0.6:
            d["name"] = f"扫描件{scan_no}.pdf"
            scan_no += 1
            continue
        word = base[d["type"]]
        if scheme == "attach":
            k = {"application": 1, "agreement": 2, "plan": 3, "supplementary": 4}[d["type"]]
            d["name"] = f"附件{k}-{word}.{ext}"
        elif scheme == "material":
            d["name"] = f"申报材料{cn[order[i]]}.{ext}"
        elif scheme == "named":
            d["name"] = f"{c.industry}创新联合体{word}.{ext}"
        else:
            d["name"] = f"{i + 1}.{word}.{ext}"
    seen: set[str] = set()
    for d in c.docs:
        while d["name"] in seen:
            stem, ext = d["name"].rsplit(".", 1)
            d["name"] = f"{stem}（1）.{ext}"
        seen.add(d["name"])


BUILDERS = {
    "application": application.build,
    "agreement": agreement.build,
    "plan": plan.build,
    "supplementary": supplementary.build,
}


def build_documents(rng: random.Random, c: Consortium) -> None:
    base_opts: dict = {}
    if "rd_staff_low" in c.plants:
        base_opts["staff_distractor"] = True
        base_opts["lead_info_in_basis"] = True
    if c.juris == "guangxi" and c.version == "2021" and (c.variants or rng.random() < 0.5):
        base_opts["lead_info_in_basis"] = True
    if c.juris == "xinjiang" and rng.random() < 0.3:
        base_opts["lead_info_in_basis"] = True
    for d in c.docs:
        if d["type"] == "extra_bad":
            continue
        opts = dict(base_opts)
        compact = d["medium"] in ("scan", "image")
        if compact:
            opts.update(cover="none" if d["type"] == "application" else False, compact=True)
            if d["type"] == "agreement":
                opts["cover"] = False
        # no 填报日期 at all in some applications, but never in 广西, where the date decides which rules apply
        if d["type"] == "application" and c.juris != "guangxi" and rng.random() < 0.1 and not compact:
            opts["no_filing_date"] = True
        doc, rec, style = BUILDERS[d["type"]](c, rng, d["medium"], opts)
        if compact:
            doc.size = 10.5
            doc.margins_cm = (1.8, 1.6, 2.0, 1.8)
            doc.header = None
        d["doc"], d["rec"], d["style"] = doc, rec, style


# ------------------------------------------------------------------------------ legacy alliances
def make_alliances(rng: random.Random, b: Builder, cons: list[Consortium], n: int) -> list[legacy.Alliance]:
    out = []
    specs = [
        ("guangxi", "六堡茶", ["茶业", "农业科技", "食品"]),
        ("yunnan", "锡", ["锡业", "有色金属", "冶炼"]),
        ("xinjiang", "红枣", ["果业", "农业科技", "食品"]),
        ("guangxi", "北部湾海洋", ["海洋", "水产", "生物科技"]),
    ]
    n_styles = rng.randrange(4)
    for i in range(n):
        juris, ind, words = specs[i % len(specs)]
        pre = {"guangxi": rng.choice(["广西壮族自治区", "广西"]), "yunnan": "云南", "xinjiang": "新疆"}[juris]
        name = f"{pre}{ind}产业技术创新战略联盟"
        lead = b.enterprise(juris, words, lead=True)
        members = [lead]
        for _ in range(rng.randrange(3, 6)):
            members.append(b.enterprise(juris, words))
        members.append(b.university(juris))
        members.append(b.institute(juris, [ind]))
        a = legacy.Alliance(
            sid=f"S{len(cons) + i + 1:02d}", juris=juris, name=name, industry=ind, members=members
        )
        notes = []
        if i == 0 and getattr(b, "shared_university", None) is not None:
            v = copy.deepcopy(b.shared_university)
            a.members.append(v)
            notes.append(f"(无标记) {v.name} 也是3个广西创新联合体的成员：联盟不计入成员上限")
        if i == 1:
            yn = [c for c in cons if c.juris == "yunnan" and not c.plants]
            if yn:
                a.members[0] = copy.deepcopy(yn[0].lead)
                notes.append(f"(无标记) 理事长单位 {yn[0].lead.name} 也牵头 {yn[0].name}：联盟不计入牵头上限")
        a.struck = b.enterprise(juris, words) if i in (0, 2) else None
        if a.struck:
            notes.append(f"{a.struck.name} 后注“(要删除)”：不是成员")
        a.traditional = i == 2
        if a.traditional:
            notes.append("全文繁体字：名称按繁体原样记录")
        kinds = ["协议书", "章程", "申请书"]
        chosen = [kinds[i % 3]] if i != 1 else ["章程", "申请书"]
        a.styles = {}
        for k in chosen:  # every list style in turn over the legacy documents
            a.styles[k] = ["sentence", "lines", "semicolon", "prose"][n_styles % 4]
            n_styles += 1
        a.notes = notes
        a.docs = [
            {"type": "legacy", "kind": k, "medium": ["docx", "doc", "pdf"][(i + j) % 3]}
            for j, k in enumerate(chosen)
        ]
        out.append(a)
    return out


# ------------------------------------------------------------------------------ writing
def sha(b: bytes) -> str:
    return hashlib.sha256(b).hexdigest()


def write_corpus(out: Path, seed: int, n: int, with_legacy: bool, workdir: Path) -> dict:
    rng = random.Random(seed)
    BAD_CYCLE.clear()
    reset_cycles()
    t_start = time.time()
    b = Builder(rng)
    slots = plan_corpus(rng, n)
    cons, cross = make_consortia(rng, b, slots)
    for c in cons:
        c.docs = doc_plan(rng, c)
    assign_media(rng, cons)
    for c in cons:
        file_names(rng, c)
        build_documents(rng, c)
    alliances = make_alliances(rng, b, cons, 3) if with_legacy else []
    for a in alliances:
        for d in a.docs:
            d["doc"], d["rec"], d["style"] = legacy.build(a, d["kind"], rng, d["medium"])
            d["name"] = f"{d['rec']['consortium_name']}{d['kind']}.{d['medium']}"
    # ------------------------------------------------------------------ render
    print(f"documents built in {time.time() - t_start:.0f}s", file=sys.stderr)
    items: list[tuple[object, dict]] = [(c, d) for c in cons for d in c.docs] + [
        (a, d) for a in alliances for d in a.docs
    ]
    to_pdf: dict[str, bytes] = {}
    to_doc: dict[str, bytes] = {}
    for k, (_owner, d) in enumerate(items):
        d["key"] = f"d{k:03d}"
        if "doc" not in d:
            continue
        data = render_docx(d["doc"], d["medium"])
        d["docx"] = data
        if d["medium"] in ("pdf", "scan", "image"):
            to_pdf[d["key"]] = data
        elif d["medium"] == "doc":
            to_doc[d["key"]] = data
    t0 = time.time()
    with ThreadPoolExecutor(2) as ex:  # two LibreOffice processes, each with its own profile
        fp = ex.submit(media.soffice_batch, to_pdf, "pdf", workdir)
        fd = ex.submit(media.soffice_batch, to_doc, "doc", workdir)
        pdfs, docs = fp.result(), fd.result()
    print(f"LibreOffice: {len(pdfs)} pdf, {len(docs)} doc in {time.time() - t0:.0f}s", file=sys.stderr)
    t1 = time.time()
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    truth_docs = []
    subs = []
    for owner, d in items:
        sid = owner.sid  # type: ignore[attr-defined]
        folder = out / sid
        folder.mkdir(exist_ok=True)
        rel = f"{sid}/{d['name']}"
        med = d["medium"]
        pages = None
        ocr = False
        extra = {}
        fmt = med
        bad_kind = d.get("bad_kind")
        rec = d.get("rec")
        if med == "bad":
            if bad_kind == "truncated_docx":
                tmp = render_docx(application_stub(owner), "docx")
                data = media.truncated(tmp, rng)
            elif bad_kind == "zero_pdf":
                data = b""
            else:
                data = media.encrypted_pdf(
                    [f"{owner.name}组建协议", "（加密文件）"], "yq" + str(rng.randrange(10**6))
                )  # type: ignore[attr-defined]
            rec = unreadable_record(owner.juris, rel)  # type: ignore[attr-defined]
            media_type = "docx" if bad_kind == "truncated_docx" else "pdf"
        elif med == "docx":
            data, media_type = d["docx"], "docx"
        elif med == "doc":
            data, media_type = docs[d["key"]], "doc"
        elif med == "pdf":
            data, media_type = pdfs[d["key"]], "pdf"
            pages = media.pdf_pages(data)
        elif med == "scan":
            src = pdfs[d["key"]]
            if media.pdf_pages(src) > 4:  # keep OCR cheap: long documents stay born-digital
                data, media_type, fmt = src, "pdf", "pdf"
                pages = media.pdf_pages(src)
            else:
                seals = None
                if rec["doc_type"] == "agreement" and rec["signatories"]:
                    seals = media.find_entries(src, rec["signatories"])
                data, seal_recs, params = media.scan_pdf(src, rng, seals)
                media_type, ocr, pages = "pdf", True, media.pdf_pages(src)
                if rec["doc_type"] == "agreement":
                    extra["seals"] = seal_recs
                d["style"] = {**d["style"], **params}
        elif med == "image":
            src = pdfs[d["key"]]
            seals = media.find_entries(src, rec["signatories"]) if rec["signatories"] else None
            data, seal_recs = media.photo_jpg(src, rng, seals)
            media_type, ocr, pages = "image", True, 1
            if media.pdf_pages(src) > 1:
                raise RuntimeError(f"{rel}: a photographed document must fit one page")
            extra["seals"] = seal_recs
        else:
            raise ValueError(med)
        (out / rel).write_bytes(data)
        h = sha(data)
        rec = copy.deepcopy(rec)
        rec["source"] = {"path": rel, "sha256": h, "media_type": media_type, "pages": pages, "ocr_used": ocr}
        for f in rec["flags"]:
            f["document"] = rel
        if extra:
            rec["extra"] = extra
        d["sha"] = h
        d["final_rec"] = rec
        truth_docs.append(
            {
                "path": rel,
                "sha256": h,
                "submission": sid,
                "family": "L" if isinstance(owner, legacy.Alliance) else "V",
                "style": style_text(d.get("style")),
                "format": fmt if med != "bad" else "bad",
                "bad_kind": bad_kind,
                "record": rec,
            }
        )
    print(f"files written in {time.time() - t1:.0f}s", file=sys.stderr)
    # ------------------------------------------------------------------ submissions and flags
    for c in cons:
        recs = [d["final_rec"] for d in c.docs]
        if not c.notes:
            c.notes.append(
                "无标记：各项规则均满足（成员、门槛、平台、首席科学家、条款、签章均齐全，数值明显高于门槛）"
            )
        flags = rules.submission_flags(c.juris, c.version, c.name, recs)
        check_plants(c, flags, recs, cross)
        subs.append(
            {
                "id": c.sid,
                "path": c.sid,
                "consortium_name": c.name,
                "jurisdiction": c.juris,
                "rules": f"{c.juris}-{c.version or ''}".rstrip("-"),
                "family": "V",
                "documents": [d["sha"] for d in c.docs],
                "lead_units": [u.name for u in c.leads],
                "members": [
                    {"name": u.name, "credit_code": u.code, "tier": u.tier, "kind": u.kind, "note": u.note}
                    for u in c.members
                ],
                "flags": flags,
                "plants": c.plants + c.variants,
                "truth_notes": c.notes,
            }
        )
    for a in alliances:
        recs = [d["final_rec"] for d in a.docs]
        subs.append(
            {
                "id": a.sid,
                "path": a.sid,
                "consortium_name": recs[0]["consortium_name"],
                "jurisdiction": a.juris,
                "rules": "legacy",
                "family": "L",
                "documents": [d["sha"] for d in a.docs],
                "lead_units": recs[0]["lead_units"],
                "members": recs[0]["members"],
                "flags": [],
                "plants": [],
                "truth_notes": a.notes + ["产业技术创新战略联盟：不做创新联合体规则检查，不计入上限"],
            }
        )
    truth = {
        "format": "intake-eval-truth/1",
        "generator": {
            "name": "samples/variants",
            "seed": seed,
            "submissions": n,
            "legacy": len(alliances),
            "families": ["V", "L"],
            "formats": sorted({d["format"] for d in truth_docs}),
        },
        "documents": truth_docs,
        "submissions": subs,
        "cross_flags": cross,
    }
    (out / "truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1), encoding="utf-8")
    return truth


def style_text(style: dict | None) -> str:
    if not style:
        return ""
    return ";".join(f"{k}={v}" for k, v in style.items())


def application_stub(owner) -> object:
    from docmodel import Doc, P

    d = Doc()
    d.add(P([f"{owner.name}成员单位科研诚信承诺书"], align="center", bold=True, size=16))
    for _ in range(30):
        d.add(P(["本单位承诺在创新联合体建设和科研活动中严格遵守科研诚信要求，恪守科学道德准则。"]))
    return d


def unreadable_record(juris: str, rel: str) -> dict:
    from common import blank_record

    rec = blank_record("unreadable", "unknown")
    rec["flags"].append(doc_flag("UNREADABLE", "文件无法读取", None, None, None, []))
    return rec


def check_plants(c: Consortium, flags: list[dict], recs: list[dict], cross: list[dict]) -> None:
    """The flags the rules give must be exactly the planted ones: nothing by accident."""
    expect = {
        "members_below_min": "MEMBERS_BELOW_MIN",
        "kinds_few": "MEMBER_KINDS_FEW",
        "ratio_low": "ENTERPRISE_RATIO_LOW",
        "revenue_low": "LEAD_REVENUE_LOW",
        "rd_staff_low": "LEAD_RD_STAFF_LOW",
        "rd_intensity_low_2025": "LEAD_RD_INTENSITY_LOW",
        "rd_not_growing": "RD_NOT_GROWING",
        "self_funding_low": "SELF_FUNDING_LOW",
        "platform_missing": "LEAD_PLATFORM_MISSING",
        "chief_missing": "CHIEF_SCIENTIST_MISSING",
        "lead_not_enterprise": "LEAD_NOT_ENTERPRISE",
        "lead_outside": "LEAD_OUTSIDE_JURISDICTION",
        "doc_mismatch": "DOC_MISMATCH",
        "count_mismatch": "COUNT_MISMATCH",
        "count_mismatch_ent": "COUNT_MISMATCH",
        "doc_missing_plan": "DOCUMENT_MISSING",
        "encrypted_agreement": "DOCUMENT_MISSING",
    }
    want = sorted({expect[p] for p in c.plants if p in expect})
    got = sorted({f["code"] for f in flags})
    if want != got or len(flags) != len(set(f["code"] for f in flags)):
        raise AssertionError(
            f"{c.sid} {c.name}: planted {c.plants} expects {want}, rules give "
            f"{[(f['code'], f['evidence']) for f in flags]}"
        )


def dry_check(seed: int, n: int) -> int:
    """Plan and build every document's record without rendering: the planted flags must come out for
    this seed (fast, for trying many seeds)."""
    rng = random.Random(seed)
    BAD_CYCLE.clear()
    reset_cycles()
    b = Builder(rng)
    cons, cross = make_consortia(rng, b, plan_corpus(rng, n))
    for c in cons:
        c.docs = doc_plan(rng, c)
    assign_media(rng, cons)
    for c in cons:
        file_names(rng, c)
        build_documents(rng, c)
        recs = [unreadable_record(c.juris, "") if d["medium"] == "bad" else d["rec"] for d in c.docs]
        check_plants(c, rules.submission_flags(c.juris, c.version, c.name, recs), recs, cross)
    return len(cons)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--n-submissions", type=int, default=30)
    ap.add_argument("--no-legacy", action="store_true")
    ap.add_argument("--check-seeds", type=int, default=0, help="only plan seeds 1..N and check their plants")
    a = ap.parse_args(argv)
    if a.check_seeds:
        for s in range(1, a.check_seeds + 1):
            dry_check(s, a.n_submissions)
        print(f"seeds 1..{a.check_seeds}: every planted flag and no other")
        return 0
    t0 = time.time()
    work = Path(tempfile.mkdtemp(prefix="variants_"))
    try:
        truth = write_corpus(Path(a.out), a.seed, a.n_submissions, not a.no_legacy, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    n_files = len(truth["documents"])
    print(
        f"wrote {len(truth['submissions'])} submissions, {n_files} files to {a.out} in {time.time() - t0:.0f}s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
