"""组建协议: the eight clauses (and 云南's two) under many headings, participants in many shapes,
seal blocks and signature tables. Records each clause's presence, substance and heading as written.
"""

from __future__ import annotations

import datetime as dt
import random

from common import (
    CLAUSE_KEYS,
    blank_record,
    body,
    cover_lines,
    cycle,
    doc_flag,
    heading,
    member_rec,
    new_doc,
    seal_block,
    spaced_label,
    sub_heading,
)
from docmodel import Cell, P, PageBreak, Table
from model import Consortium
from textfmt import fmt_date
from units import Unit, person

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


def build(c: Consortium, rng: random.Random, medium: str, opts: dict) -> tuple:
    rec = blank_record("agreement", c.juris)
    d = new_doc(rng, f"{c.name}组建协议")
    d.title = f"{c.name}组建协议"
    units = list(c.members)
    if c.extra_agreement_unit is not None:
        units.insert(rng.randrange(2, len(units) + 1), c.extra_agreement_unit)
    for u in units:
        u.extra.setdefault("legal", person(rng))
    head_mode = opts.get("heading") or cycle(
        rng, "agr_heading", ["cn", "cn", "art", "auto", "autoart", "plain", "style"]
    )
    sub_mode = cycle(rng, "agr_sub", ["dec", "paren", "auto"])
    pmode = opts.get("participants") or cycle(
        rng, "participants", ["tiers_list", "tiers_lines", "prose", "prose_flat", "table", "parties"]
    )
    with_codes = (
        not c.bad_code and not c.missing_code and rng.random() < 0.5 and pmode in ("table", "parties")
    )
    date_style = rng.choice(["cn", "cn_num", "dot", "slash", "dash", "cn_pad"])
    has_cover = opts.get("cover", rng.random() < 0.55)
    effective_stated = opts.get("effective_stated", rng.random() < 0.6)

    rec["consortium_name"] = c.name
    rec["lead_units"] = [u.name for u in c.leads]

    # ---------------------------------------------------------------- cover
    title_forms = [
        f"{c.name}组建协议",
        f"{c.name}\n组建协议",
        f"{c.name}联合组建协议书",
        f"关于共同组建{c.name}的协议",
    ]
    title = rng.choice(title_forms)
    if has_cover:
        d.add(P([""], space_after=40))
        for ln in title.split("\n"):
            d.add(P([ln], align="center", bold=True, size=20))
        d.add(P([""], space_after=40))
        items = [
            ("创新联合体名称", c.name),
            ("产业领域", c.industry),
            ("牵头单位", "、".join(u.name for u in c.leads) + "（盖章）"),
            (spaced_label("联系人", rng), c.contact),
            ("联系电话", c.phone),
            ("填报日期", fmt_date(c.filing, date_style)),
        ]
        d.add(*cover_lines(items, rng.choice(["lines", "underline", "table"]), rng))
        rec["industry"] = c.industry
        rec["contact"] = {"person": c.contact, "phone": c.phone}
        rec["filing_date"] = c.filing.isoformat()
        d.add(P([""], space_after=30))
        auth = {
            "guangxi": "广西壮族自治区科学技术厅",
            "xinjiang": "新疆维吾尔自治区科学技术厅制",
            "yunnan": "云南省科学技术厅制",
            "yongchuan": "重庆市永川区科学技术局",
        }[c.juris]
        d.add(P([auth], align="center", size=15))
        d.add(PageBreak())
    else:
        for ln in title.split("\n"):
            d.add(P([ln], align="center", bold=True, size=18))

    # ---------------------------------------------------------------- plan of sections
    keys = [
        "participants",
        "innovation_goal",
        "task_division",
        "rights_obligations",
        "ip_benefit",
        "integrity",
        "breach_liability",
    ]
    want_dis = c.juris == "yunnan" or rng.random() < 0.5
    want_dsp = c.juris == "yunnan" or rng.random() < 0.6
    missing = c.clause_missing
    empty = c.clause_empty
    merge_tr = (
        rng.random() < 0.3
        and empty not in ("task_division", "rights_obligations")
        and missing not in ("task_division", "rights_obligations")
    )
    merge_ib = (
        rng.random() < 0.35
        and empty not in ("integrity", "breach_liability")
        and missing not in ("integrity", "breach_liability")
    )
    # sections: (heading text or None, [(key, paragraphs)])
    sections: list[tuple[str | None, list[tuple[str, list]]]] = []
    clause_rec = {k: {"present": False, "filled": False, "heading": None} for k in CLAUSE_KEYS}
    neutral_key = (
        rng.choice(["ip_benefit", "integrity", None, None]) if missing is None and empty is None else None
    )
    if neutral_key and (neutral_key == "integrity" and merge_ib):
        neutral_key = None
    for k in keys:
        if k == missing:
            continue
        if merge_tr and k == "rights_obligations":
            continue
        if merge_ib and k == "breach_liability":
            continue
        if merge_tr and k == "task_division":
            h = rng.choice(MERGED[("task_division", "rights_obligations")])
            sections.append((h, [("task_division", None), ("rights_obligations", None)]))
            continue
        if merge_ib and k == "integrity":
            h = rng.choice(MERGED[("integrity", "breach_liability")])
            sections.append((h, [("integrity", None), ("breach_liability", None)]))
            continue
        h = rng.choice(NEUTRAL[k]) if k == neutral_key else rng.choice(HEADINGS[k])
        if (
            c.juris == "yunnan"
            and k == "rights_obligations"
            and rng.random() < 0.5
            and "dissolution" not in (missing, empty)
            and k != empty
        ):
            h = "各成员单位的责权利（明确创新联合体解散时各成员单位的权责分配）"
        sections.append((h, [(k, None)]))
    # 云南's two: their own sections, inside rights_obligations / breach, or in a closing 其他 section
    tail_other: list[tuple[str, list | None]] = []
    for k, want in (("dissolution", want_dis), ("dispute_resolution", want_dsp)):
        if not want or k == missing:
            continue
        where = rng.choice(["own", "inside", "other"])
        if k == empty:
            where = "own"
        host = "rights_obligations" if k == "dissolution" else "breach_liability"
        if where == "inside" and host in (missing, empty):
            where = "own"
        if where == "inside":
            host = "rights_obligations" if k == "dissolution" else "breach_liability"
            for sec in sections:
                if any(kk == host for kk, _ in sec[1]):
                    sec[1].append((k, None))
                    break
            else:
                where = "own"
        if where == "own":
            sections.append((rng.choice(HEADINGS[k]), [(k, None)]))
        elif where == "other":
            tail_other.append((k, None))
    eff_date = c.effective
    eff_line = (
        f"本协议自{fmt_date(eff_date, rng.choice(['cn', 'cn_num', 'cn_pad']))}起生效，有效期{rng.choice(['五', '三', '5'])}年。"
        if effective_stated
        else rng.choice(
            [
                "本协议自各成员单位签字盖章之日起生效。",
                "本协议经各方法定代表人或授权代表签字并加盖公章后生效。",
            ]
        )
    )
    if effective_stated:
        rec["agreement_effective_date"] = eff_date.isoformat()
    copies = f"本协议一式{rng.choice(['十', '若干', '多'])}份，各成员单位各执一份，报科技主管部门备案一份，具有同等法律效力。"
    sections.append((rng.choice(["其他", "附则", "其他约定"]), tail_other + [("__close", None)]))
    if rng.random() < 0.3 and missing is None:  # participants after the goal in some texts
        pass
    # ---------------------------------------------------------------- preamble
    prov = {
        "guangxi": "广西壮族自治区",
        "xinjiang": "新疆维吾尔自治区",
        "yunnan": "云南省",
        "yongchuan": "永川区",
    }[c.juris]
    pre = (
        f"为推动{prov}{c.industry}科技创新、技术进步和成果转化，依据{prov}{c.industry}产业目前实际情况和重大科技专项要求，"
        f"成立{c.name}（以下简称“联合体”），经所有成员单位同意，签署联合组建协议，内容如下。"
    )
    pblocks, tiers_stated, codes = participants_blocks(c, units, pmode, rng, with_codes, sub_mode)
    if pmode == "parties":
        d.add(*pblocks)
        d.add(body(pre))
        clause_rec["participants"] = {"present": True, "filled": True, "heading": None}
        sections = [s for s in sections if not any(k == "participants" for k, _ in s[1])]
    else:
        d.add(body(pre))
    # ---------------------------------------------------------------- sections
    idx = 0
    for h, items in sections:
        if items and items[0][0] == "__close":
            pass
        d.add(heading(idx, h, head_mode, size=None))
        idx += 1
        for k, _ in items:
            if k == "__close":
                d.add(body(eff_line))
                d.add(body(copies))
                continue
            if k == empty:
                txt = rng.choice(EMPTY_TEXT)
                if txt:
                    d.add(body(txt))
                clause_rec[k] = {"present": True, "filled": False, "heading": h}
                continue
            if k == "participants":
                d.add(*pblocks)
            else:
                for para in clause_body(k, c, rng, units, {missing, empty}):
                    d.add(body(para))
            clause_rec[k] = {"present": True, "filled": True, "heading": h}
    # ---------------------------------------------------------------- signatures
    sig_units = [u for u in units if u.name != c.omit_signature]
    sig_style = opts.get("seal") or cycle(
        rng, "seal", ["lines", "table", "borderless", "pairs", "spaced_lines"]
    )
    sig_date = c.effective - dt.timedelta(days=rng.randrange(0, 6)) if rng.random() < 0.6 else None
    sig_h = rng.choice(HEADINGS["signatures"])
    if missing != "signatures":
        if rng.random() < 0.5:
            d.add(P(["（以下无正文）"], align="center"))
            d.add(PageBreak())
            sig_h = f"（本页无正文，为《{c.name}组建协议》签署页）"
            d.add(P([sig_h], align="center"))
            sig_h_rec = sig_h
        else:
            d.add(heading(idx, sig_h, head_mode))
            sig_h_rec = sig_h
        labels = None
        if sig_style == "pairs" and pmode == "parties":
            labels = [f"{PARTY[units.index(u)]}方" for u in sig_units]
        d.add(
            *seal_block(
                sig_units,
                sig_style,
                rng,
                sig_date,
                rng.choice(["cn", "cn_num", "dot"]),
                labels=labels,
                airy=bool(opts.get("compact")),
            )
        )
        clause_rec["signatures"] = {"present": True, "filled": True, "heading": sig_h_rec}
        rec["signatories"] = [u.name for u in sig_units]
    # ---------------------------------------------------------------- record
    for u in units:
        rec["members"].append(member_rec(u, tiers_stated.get(u.name, u.tier), codes.get(u.name), None))
    rec["clauses"] = clause_rec
    for k in (missing,):
        if k:
            rec["flags"].append(doc_flag("CLAUSE_MISSING", f"组建协议缺少条款：{k}", c.name, None, k, [k]))
    if empty:
        rec["flags"].append(
            doc_flag("CLAUSE_EMPTY", f"组建协议条款无实质内容：{empty}", c.name, None, empty, [empty])
        )
    if c.omit_signature:
        rec["flags"].append(
            doc_flag(
                "SIGNATURE_MISSING",
                "成员单位未在签章页出现",
                c.name,
                c.omit_signature,
                None,
                [c.omit_signature],
            )
        )
    style = {
        "heading": head_mode,
        "participants": pmode,
        "seal": sig_style,
        "cover": has_cover,
        "effective_date": effective_stated,
        "codes": with_codes,
        "merged": [x for x, y in (("task+rights", merge_tr), ("integrity+breach", merge_ib)) if y],
        "neutral": neutral_key,
    }
    return d, rec, style
