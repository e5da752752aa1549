"""Planted problems: each consortium's own (a bad code, a missing clause, low figures...) and the
cross-consortium ones (caps, code conflicts, near-duplicate names)."""

from __future__ import annotations

import copy
import random

from builder import Builder
from model import RD, Consortium
from units import Unit, corrupt_code, make_code


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
