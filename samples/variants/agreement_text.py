"""The agreement's wording: tiers and parties in words, clause headings as the templates and their
paraphrases write them, each clause's body, and the participants section in its several forms."""

from __future__ import annotations

import random

from common import (
    body,
    cycle,
    sub_heading,
)
from docmodel import Cell, P, Table
from model import Consortium
from units import Unit

TIER_CN = {"lead": "牵头单位", "core": "核心层单位", "close": "紧密合作单位", "general": "一般协作层单位"}


TIER_ALT = {
    "core": ["核心层单位", "核心层"],
    "close": ["紧密合作单位", "紧密层单位", "紧密合作层单位"],
    "general": ["一般协作层单位", "一般协作单位", "协作层单位"],
}


PARTY = (
    "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥"  # after 癸 the earthly branches, as long contracts go on
)


HEADINGS = {
    "participants": ["参与单位", "牵头和成员单位", "联合体组成", "联合体成员", "成员单位", "协议各方"],
    "innovation_goal": ["技术创新目标", "联合体建设目标", "创新目标", "攻关目标", "建设目标"],
    "task_division": ["任务具体分工", "任务安排", "任务分工", "各方分工", "工作分工"],
    "rights_obligations": [
        "各成员单位的责权利",
        "各方权利和义务",
        "各方责任",
        "成员单位的权利与义务",
        "权利义务",
    ],
    "ip_benefit": [
        "科技成果、知识产权归属、许可使用和转化收益分配办法",
        "知识产权与成果转化",
        "成果归属与收益分配",
        "知识产权管理",
        "科技成果和知识产权",
    ],
    "integrity": ["科研诚信追究方式", "科研诚信", "诚信要求", "科研诚信管理"],
    "breach_liability": ["违约责任追究方式", "违约责任", "违约处理"],
    "dissolution": ["联合体的解散", "解散与清算", "退出与解散"],
    "dispute_resolution": ["争议解决", "争议的解决", "解决争议方式"],
    "signatures": ["所有成员单位签章", "签署页", "各成员单位签章", "签章", "协议签署"],
}


MERGED = {
    ("task_division", "rights_obligations"): ["任务分工及各方权利义务", "分工与责权利", "任务分工与各方责任"],
    ("integrity", "breach_liability"): ["科研诚信与违约责任", "诚信与违约责任", "科研诚信及违约责任追究"],
}


NEUTRAL = {
    "ip_benefit": ["合作机制", "运行管理"],
    "integrity": ["管理与监督", "监督管理"],
    "dispute_resolution": ["其他", "其他约定", "附则"],
    "dissolution": ["其他", "其他约定", "附则"],
}


EMPTY_TEXT = ["（略）", "（待补充）", "", "详见后续约定。", "（此条各方另行协商）"]


def clause_body(key: str, c: Consortium, rng: random.Random, units: list[Unit], avoid: set) -> list[str]:
    """Substance of a clause, worded so that it carries none of the vocabulary of a clause in ``avoid``
    (a clause planted missing or empty must not be found elsewhere)."""
    lead = c.lead.name
    t = rng.choice(c.topics)
    if key == "innovation_goal":
        return [
            f"联合体围绕{c.industry}产业发展需求，聚焦{t}等关键核心技术，{rng.randrange(3, 6)}年内突破关键技术"
            f"{rng.randrange(5, 12)}项，形成{'具有自主知识产权的' if 'ip_benefit' not in avoid else ''}核心技术体系，"
            f"培育{c.industry}领域创新型领军人才团队，推动新技术在区域内推广应用，提升产业链整体技术水平。"
        ]
    if key == "task_division":
        out = []
        for u in units:
            out.append(f"{u.name}：{u.role}。")
        return out
    if key == "rights_obligations":
        out = [
            rng.choice(
                [
                    f"牵头单位{lead}对联合体的建设、运营和管理负总责，负责组织制定联合体发展规划和年度计划，统筹协调各成员单位开展协同攻关。",
                    f"{lead}作为牵头单位，享有联合体重大事项的提议权，承担组织实施、经费统筹和考核管理的义务。",
                ]
            ),
            "各成员单位享有参与联合体重大事项决策、共享联合体创新资源"
            + ("和获得相应成果权益" if "ip_benefit" not in avoid else "")
            + "的权利，承担按约定投入人员、经费和设施"
            + ("，按期完成所承担任务" if "task_division" not in avoid else "")
            + "的义务。",
            "成员单位应遵守联合体章程和管理制度，按要求报送年度工作总结和相关信息。",
        ]
        return out
    if key == "ip_benefit":
        return [
            rng.choice(
                [
                    "联合体成立前各成员单位已有的知识产权归原单位所有；联合体合作期间产生的科技成果和知识产权，"
                    "由完成单位享有，共同完成的由相关单位按贡献大小共同享有。",
                    "合作研发形成的知识产权按“谁投入、谁受益”的原则确定归属，双方或多方共同完成的成果由完成方共有。",
                ]
            ),
            "成员单位在同等条件下享有优先许可使用权，许可使用费由相关单位另行协商确定；成果转化收益按各方投入比例和贡献分配。",
        ]
    if key == "integrity":
        return [
            "各成员单位应严格遵守科研诚信相关规定，杜绝学术不端行为。对存在弄虚作假、抄袭剽窃、侵占他人成果等"
            "科研失信行为的单位和个人，依照有关规定追究责任，并报相关主管部门记入科研诚信档案。"
        ]
    if key == "breach_liability":
        return [
            rng.choice(
                [
                    "任何一方未按本协议约定履行义务的，应承担相应的违约责任；给其他成员单位造成损失的，应予以赔偿。",
                    "成员单位违反本协议约定，经联合体书面通知后仍不改正的，联合体可取消其成员资格，并要求其赔偿由此造成的损失。",
                ]
            )
        ]
    if key == "dissolution":
        return [
            "创新联合体完成既定任务或经全体成员单位协商一致决定解散的，应进行清算，"
            + ("剩余财产和共有知识产权" if "ip_benefit" not in avoid else "剩余财产")
            + "按各成员单位的投入比例分配，各成员单位承担的在研课题按原渠道完成结题。"
        ]
    if key == "dispute_resolution":
        city = {"guangxi": "南宁", "xinjiang": "乌鲁木齐", "yunnan": "昆明", "yongchuan": "重庆"}[c.juris]
        return [
            rng.choice(
                [
                    f"因本协议引起的或与本协议有关的争议，各方应友好协商解决；协商不成的，提交{city}仲裁委员会仲裁。",
                    "本协议履行过程中发生争议的，由各方协商解决；协商不成的，任何一方可向牵头单位所在地人民法院提起诉讼。",
                ]
            )
        ]
    raise ValueError(key)


def participants_blocks(
    c: Consortium, units: list[Unit], mode: str, rng: random.Random, with_codes: bool, sub_mode: str
) -> tuple[list, dict[str, str], dict[str, str | None]]:
    """Blocks listing the participants; returns (blocks, tier stated per name, code stated per name)."""
    tiers = {u.name: u.tier for u in units}
    codes: dict[str, str | None] = {u.name: None for u in units}
    out: list = []
    groups = [(t, [u for u in units if u.tier == t]) for t in ("lead", "core", "close", "general")]
    groups = [(t, g) for t, g in groups if g]
    sep = cycle(rng, "sep", ["、", "，", "；", "、"])
    if mode == "tiers_list":
        for i, (t, g) in enumerate(groups):
            label = TIER_CN[t] if t == "lead" else rng.choice(TIER_ALT[t])
            out.append(
                P(
                    [f"{i + 1}．{label}：{sep.join(u.name for u in g)}"]
                    if sub_mode != "auto"
                    else [f"{label}：{sep.join(u.name for u in g)}"],
                    num=("restart:decp" if i == 0 else "decp") if sub_mode == "auto" else None,
                    indent_first=2,
                )
            )
        return out, tiers, codes
    if mode == "tiers_lines":
        for i, (t, g) in enumerate(groups):
            label = TIER_CN[t] if t == "lead" else rng.choice(TIER_ALT[t])
            out.append(sub_heading(i, label, sub_mode))
            for j, u in enumerate(g):
                out.append(
                    P(
                        [f"（{j + 1}）{u.name}" if rng.random() < 0.5 or len(g) > 1 else u.name],
                        indent_first=2,
                    )
                )
        return out, tiers, codes
    if mode == "prose":
        parts = []
        for t, g in groups[1:]:
            names = sep.join(u.name for u in g) if sep != "；" else "、".join(u.name for u in g)
            etc = "等单位" if len(g) > 2 and rng.random() < 0.5 else ""
            parts.append(f"{names}{etc}为{rng.choice(TIER_ALT[t])}")
        lead = "、".join(u.name for u in groups[0][1])
        out.append(
            body(
                f"本联合体由{lead}牵头组建，{'；'.join(parts)}。各单位在自愿、平等、互利的基础上共同参与联合体建设。"
            )
        )
        return out, tiers, codes
    if mode == "prose_flat":
        lead = "、".join(u.name for u in groups[0][1])
        rest = [u for u in units if u.tier != "lead"]
        ents = [u for u in rest if u.kind == "enterprise"]
        ac = [u for u in rest if u.kind != "enterprise"]
        if ents and ac and rng.random() < 0.6:
            txt = (
                f"本联合体由{lead}牵头，联合{'、'.join(u.name for u in ents)}等企业和{'、'.join(u.name for u in ac)}"
                f"等高校院所及机构共同组建。"
            )
            order = [u for u in units if u.tier == "lead"] + ents + ac
            units[:] = order
        else:
            txt = f"本联合体由{lead}牵头，联合{'、'.join(u.name for u in rest)}等单位共同组建。"
        out.append(body(txt))
        for u in units:
            if u.tier != "lead":
                tiers[u.name] = "unspecified"
        return out, tiers, codes
    if mode == "table":
        cols = ["序号", "单位名称", "层级"] + (["统一社会信用代码"] if with_codes else []) + ["法定代表人"]
        rows: list[list] = [[Cell([h], bold=True, align="center") for h in cols]]
        for i, u in enumerate(units):
            val = {
                "序号": str(i + 1),
                "单位名称": u.name,
                "层级": TIER_CN[u.tier],
                "统一社会信用代码": u.code,
                "法定代表人": u.extra.get("legal", ""),
            }
            rows.append([val[h] for h in cols])
            if with_codes:
                codes[u.name] = u.code
        widths = [1.1, 5.2, 2.4, 5.3, 2.2] if with_codes else [1.2, 7.5, 3.5, 3.0]
        out.append(Table(rows, widths=widths, header_rows=1, size=10.5))
        return out, tiers, codes
    if mode == "parties":
        for i, u in enumerate(units):
            lab = f"{PARTY[i]}方" if i < len(PARTY) else f"第{i + 1}方"
            if u.tier == "lead":
                lab += "（牵头单位）"
            else:
                tiers[u.name] = "unspecified"
            out.append(P([f"{lab}：{u.name}"], bold=i == 0))
            if with_codes:
                out.append(P([f"统一社会信用代码：{u.code}"], indent_left=1.0))
                codes[u.name] = u.code
            out.append(P([f"法定代表人：{u.extra.get('legal', '')}"], indent_left=1.0))
        return out, tiers, codes
    raise ValueError(mode)
