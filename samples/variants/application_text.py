"""The application form's wording: tiers and kinds in words, its title and section titles, the
counts it declares, its goal and basis paragraphs."""

from __future__ import annotations

import random

from model import Consortium
from textfmt import fmt_money

TIER_CN = {"lead": "牵头单位", "core": "核心层单位", "close": "紧密合作单位", "general": "一般协作层单位"}


KIND_CN = {"enterprise": "企业", "university": "高校", "institute": "科研院所", "other": "其他"}


def titles(c: Consortium) -> tuple[str, str, str]:
    """(form title, issuing authority line, platform-level word)"""
    if c.juris == "guangxi":
        if c.version == "2025":
            return "广西壮族自治区创新联合体认定申请表", "广西壮族自治区科学技术厅制", "自治区级"
        return "广西壮族自治区创新联合体组建申请表", "广西壮族自治区科学技术厅\n2021年制", "自治区级"
    if c.juris == "xinjiang":
        return "新疆维吾尔自治区创新联合体组建申请表", "新疆维吾尔自治区科学技术厅制", "省级"
    if c.juris == "yunnan":
        return "云南省创新联合体组建申请表", "云南省科学技术厅\n2022年制", "省级"
    return "重庆市永川区创新联合体组建申请表", "重庆市永川区科学技术局制", "市级"


def declared(c: Consortium) -> dict[str, int]:
    d = {
        "members": len(c.members),
        "enterprises": c.count("enterprise"),
        "universities": c.count("university"),
        "institutes": c.count("institute"),
    }
    d.update(c.declared_override)
    return d


def platform_counts(c: Consortium) -> tuple[int, int]:
    nat = sum(1 for p in c.platforms if p.level == "national")
    prov = sum(1 for p in c.platforms if p.level == "provincial")
    return nat, prov


def section_titles(c: Consortium) -> list[tuple[str, str]]:
    if c.juris == "guangxi":
        out = [
            ("goal", "技术创新目标（限500字）"),
            ("team", "科研团队情况"),
            (
                "platforms",
                "联合体已建自治区级及以上科研平台数量（含重点实验室、工程技术研究中心、企业技术创新中心等各类创新平台）",
            ),
            ("members", "成员单位在行业（或领域）中地位的简要说明"),
            ("basis", "联合体已具备的合作基础、开展活动和取得的实效"),
        ]
        if c.version == "2025":
            out.insert(1, ("lead_info", "牵头单位基本情况"))
            out.append(("system", "运行制度建设情况"))
        return out
    if c.juris == "xinjiang":
        return [
            ("goal", "技术创新战略规划和目标（限500字）"),
            ("chief", "推荐首席科学家科研简历（含取得的代表性创新成果、主要学术任职等）"),
            ("team", "科研团队情况"),
            (
                "platforms",
                "联合体已建省级及以上科研平台数量（含重点实验室、工程技术研究中心、企业技术创新中心等各类创新平台）",
            ),
            ("members", "成员单位在行业（或领域）中地位的简要说明"),
            ("basis", "联合体已具备的合作基础、开展活动和取得的实效"),
        ]
    if c.juris == "yunnan":
        return [
            ("goal", "技术创新目标（拟解决的关键核心技术问题等，限500字）"),
            ("chief", "推荐首席专家（科学家）科研简历（含取得的代表性创新成果、主要学术任职等）"),
            ("team", "科研团队情况"),
            ("platforms", "牵头和成员单位已建并正在运行的省级及以上创新平台"),
            ("projects", "牵头和成员单位近三年承担的省级及以上科技计划项目（财政支持200万及以上）"),
            ("members", "牵头和成员单位在行业（或领域）中地位的简要说明"),
            ("basis", "创新联合体已具备的合作基础、开展活动和取得的实效（限500字）"),
            ("funding", "经费筹措"),
        ]
    return [
        ("goal", "五年建设发展目标"),
        ("lead_info", "牵头企业基本情况"),
        ("team", "核心技术团队"),
        ("platforms", "已建研发平台情况"),
        ("members", "成员单位情况"),
        ("basis", "合作基础"),
    ]


def goal_text(c: Consortium, rng: random.Random) -> str:
    t = rng.sample(c.topics, k=min(2, len(c.topics)))
    y = c.filing.year
    s = (
        f"围绕{c.industry}产业链关键环节，聚焦{t[0]}等“卡脖子”技术难题，联合攻关突破关键核心技术{rng.randrange(5, 15)}项，"
        f"制定行业及以上标准{rng.randrange(3, 12)}项，申请发明专利{rng.randrange(30, 120)}件。"
    )
    if rng.random() < 0.7:  # distractor figures: not the lead's revenue or R&D
        s += (
            f"到{y + rng.randrange(3, 6)}年，带动产业链新增产值{rng.randrange(20, 200)}亿元，"
            f"联合体成员单位累计投入研发专项资金{fmt_money(rng.randrange(20, 90) * 10_000_000, 'wan')}。"
        )
    if len(t) > 1:
        s += f"同时在{t[1]}方向建成中试验证平台，推动科技成果转化和产业化应用。"
    return s


def basis_text(c: Consortium, rng: random.Random) -> str:
    others = [u for u in c.members if u.tier != "lead"]
    a = rng.choice(others)
    s = (
        f"联合体成员单位长期在{c.industry}领域开展产学研合作，近年来共同承担各类科技项目{rng.randrange(8, 40)}项，"
        f"联合建设研发平台{rng.randrange(2, 9)}个，联合培养研究生{rng.randrange(20, 150)}名。"
    )
    if a.kind == "enterprise" and rng.random() < 0.6:  # a member's own figures, not the lead's
        s += (
            f"其中，成员单位{a.name}{c.filing.year - 1}年营业收入{rng.randrange(3, 40)}.{rng.randrange(1, 10)}亿元，"
            f"研发人员{rng.randrange(40, 300)}人。"
        )
    s += "联合体已建立定期会商、技术交流和资源共享机制，每季度召开技术需求研讨会。"
    return s
