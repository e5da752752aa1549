"""组建协议: cover or none; participants as tier lists, a table, 甲方/乙方 parties or one sentence
(short names after the first mention); clause headings paraphrased, numbered four ways or not
at all, some merged, some clauses by content only; the effective date in several wordings; and
the signature/seal block in many forms (bordered or borderless tables, one or two units per row,
paragraphs, 甲方/乙方 labels, letter-spaced or line-broken names, dates in several styles)."""

from __future__ import annotations

import random

from . import cn, deck
from .docmodel import Doc
from .record import CLAUSE_KEYS, blank, doc_flag, member
from .scenario import JURIS

PARTY = "甲乙丙丁戊己庚辛壬癸"
TIER_WORD = {"lead": "牵头单位", "core": "核心层单位", "close": "紧密合作单位", "general": "一般协作层单位"}
HEADS = {
    "participants": ["参与单位", "牵头和成员单位", "联合体组成", "成员单位及层级", "联合体成员", "组建单位"],
    "innovation_goal": ["技术创新目标", "创新目标", "总体目标", "攻关目标", "联合体建设目标"],
    "task_division": ["任务具体分工", "任务分工", "任务安排", "各方分工", "攻关任务分工"],
    "rights_obligations": [
        "各成员单位的责权利",
        "各方权利和义务",
        "成员单位的权利与义务",
        "各方责任",
        "权利义务",
    ],
    "ip_benefit": [
        "科技成果、知识产权归属、许可使用和转化收益分配办法",
        "知识产权与成果转化",
        "知识产权归属及收益分配",
        "成果归属与利益分配",
    ],
    "integrity": ["科研诚信追究方式", "科研诚信", "诚信管理", "科研诚信责任"],
    "breach_liability": ["违约责任追究方式", "违约责任", "违约处理"],
    "signatures": ["所有成员单位签章", "各方签章", "签章", "成员单位签字盖章"],
    "dissolution": ["联合体解散", "解散与清算", "解散时的权责分配"],
    "dispute_resolution": ["争议解决", "争议的解决", "争议解决方式"],
}
SIG_STYLES = [
    "grid_table",
    "borderless_rows",
    "two_per_row",
    "paras",
    "spaced",
    "broken",
    "parties",
    "lead_then_members",
    "expand",
]
SCAN_SAFE = ["grid_table", "borderless_rows", "paras", "spaced", "lead_then_members"]


def spaced(name: str) -> str:
    return " ".join(name)


def broken(name: str, rng) -> str:
    k = rng.randint(4, max(4, len(name) - 3))
    return name[:k] + "\n" + name[k:]


def numbering(style: str, i: int, text: str) -> str:
    n = cn.int_cn(i + 1)
    if style == "cn":
        return f"{n}、{text}"
    if style == "article":
        return f"第{n}条 {text}"
    if style == "arabic":
        return f"{i + 1}. {text}"
    if style == "paren":
        return f"（{n}）{text}"
    return text


DATE_FORMS = ["ymd", "hanzi", "dots", "slash", "blank", "ymd0"]
_block_style = ["ymd"]


def sig_date(d, rng, var_dates):
    """The block's date style, with now and then a unit writing its date its own way."""
    st = _block_style[0] if rng.random() < 0.8 else rng.choice(DATE_FORMS)
    var_dates.add(st)
    if st == "blank":
        return "年    月    日"
    return cn.date_text(d, st)


def signature_block(doc: Doc, sub, signers, style: str, rng, parties: dict | None, room: bool = False):
    """Writes the block; returns the names that have an entry. room: leave space for a seal
    under each entry (scanned, sealed copies)."""
    pad = "\n" * 6 if room else ""
    dates = set()
    sd = sub.sign_date
    _block_style[0] = deck.draw("sig_dates", DATE_FORMS)
    names = [m.name for m in signers]
    if style == "parties" and not parties:
        style = "paras"
    if style == "grid_table":
        head = [
            {"text": "序号"},
            {"text": "成员单位（盖章）"},
            {"text": "法定代表人或授权代表（签字）"},
            {"text": "日期"},
        ]
        rows = [head]
        for i, m in enumerate(signers, 1):
            nm = m.name if rng.random() < 0.5 else m.name + "（盖章）"
            rows.append(
                [{"text": str(i)}, {"text": nm}, {"text": ""}, {"text": sig_date(sd, rng, dates) + pad}]
            )
        doc.table(rows, widths=[1, 6, 4, 3], size=10)
    elif style == "borderless_rows":
        rows = [
            [
                {"text": f"{m.name}（盖章）"},
                {"text": "法定代表人或授权代表（签字）："},
                {"text": sig_date(sd, rng, dates) + pad},
            ]
            for m in signers
        ]
        doc.table(rows, borders=False, widths=[7, 5, 3], size=10)
    elif style == "two_per_row":
        rows = []
        cells = []
        for i, m in enumerate(signers):
            lab = (PARTY[i] + "方：") if parties and i < len(PARTY) else ""
            cells.append(
                {
                    "text": f"{lab}{m.name}（盖章）\n法定代表人或授权代表（签字）：\n\n{sig_date(sd, rng, dates)}"
                }
            )
        for i in range(0, len(cells), 2):
            rows.append(cells[i : i + 2] + ([{"text": ""}] if i + 1 >= len(cells) else []))
        doc.table(rows, borders=rng.random() < 0.5, size=10)
    elif style == "paras":
        for m in signers:
            doc.p(f"单位名称（盖章）：{m.name}")
            doc.p("法定代表人或授权代表（签字）：")
            doc.p(f"日期：{sig_date(sd, rng, dates)}")
            doc.blank(6 if room else 1)
    elif style == "spaced":
        rows = [
            [{"text": spaced(m.name)}, {"text": "（盖章）"}, {"text": sig_date(sd, rng, dates) + pad}]
            for m in signers
        ]
        doc.table(rows, borders=False, widths=[9, 2, 4], size=10)
    elif style == "broken":
        rows = [
            [
                {"text": "单位名称"},
                {"text": "盖章"},
                {"text": "法定代表人或授权代表（签字）"},
                {"text": "日期"},
            ]
        ]
        for m in signers:
            rows.append(
                [
                    {"text": broken(m.name, rng)},
                    {"text": ""},
                    {"text": ""},
                    {"text": sig_date(sd, rng, dates)},
                ]
            )
        doc.table(rows, widths=[3, 3, 4, 3], size=10)
    elif style == "parties":
        for m in signers:
            lab = parties[m.name]
            doc.p(f"{lab}（盖章）：{m.name}")
            doc.p("法定代表人或授权代表（签字）：")
            doc.p(sig_date(sd, rng, dates), align="right")
            doc.blank()
    elif style == "lead_then_members":
        leads = [m for m in signers if m.tier == "lead"]
        rest = [m for m in signers if m.tier != "lead"]
        for m in leads:
            doc.p(f"牵头单位（盖章）：{m.name}")
            doc.p(f"法定代表人或授权代表（签字）：                {sig_date(sd, rng, dates)}")
            doc.blank(6 if room else 1)
        doc.p("成员单位（盖章）：")
        for m in rest:
            doc.p(f"{m.name}（盖章）        {sig_date(sd, rng, dates)}", left=1)
            if room:
                doc.blank(6)
    elif style == "expand":
        rows = [
            [{"text": m.name, "expand": 60}, {"text": "（公章）"}, {"text": sig_date(sd, rng, dates)}]
            for m in signers
        ]
        doc.table(rows, borders=False, widths=[9, 2, 4], size=10)
    return names, sorted(dates)


def write(sub, rng: random.Random, scan_safe: bool = False):
    j = JURIS[sub.juris]
    jur = sub.juris
    doc = Doc()
    rec = blank("agreement", jur)
    var: list[str] = []
    ms = sub.agr_members
    leads = [m for m in ms if m.tier == "lead"]
    lead_names = "、".join(m.name for m in leads)
    rec["consortium_name"] = sub.name
    rec["lead_units"] = [m.name for m in leads]
    if rng.random() < 0.7:
        doc.p("附件2")
        doc.blank(2)
        doc.title(f"{j['prov'] if jur != 'yongchuan' else '永川区'}创新联合体组建协议", 20)
        doc.blank(2)
        doc.p(f"创新联合体名称：{sub.name}", left=2)
        doc.p(f"产业领域：{sub.industry}", left=2)
        doc.p(f"牵头单位：{lead_names}（盖章）", left=2)
        doc.p(f"联 系 人：{sub.contact}", left=2)
        doc.p(f"联系电话：{sub.phone}", left=2)
        rec["industry"] = sub.industry
        rec["contact"] = {"person": sub.contact, "phone": sub.phone}
        if rng.random() < 0.8:
            ds = rng.choice(["ymd", "hanzi", "ymd0"])
            doc.p(f"填报日期：{cn.date_text(sub.filing, ds)}", left=2)
            rec["filing_date"] = cn.iso(sub.filing)
        doc.blank(3)
        doc.p(j["authority"] + "制", align="center")
        doc.pagebreak()
        var.append("cover")
    else:
        var.append("no cover")
    doc.title(f"{sub.name}组建协议", 16)
    doc.p(
        f"为推动{j['prov']}相关产业科技创新、技术进步和成果转化，依据产业发展实际和重大科技专项要求，成立{sub.name}"
        f"（以下简称联合体），经所有成员单位同意，签署联合组建协议，内容如下。",
        indent=True,
    )

    num = deck.draw("agr_numbering", ["cn", "cn", "article", "arabic", "paren", "none"])
    var.append(f"clause numbering:{num}")
    missing = set(sub.clause_missing)
    empty = set(sub.clause_empty)
    planted = missing | empty
    merge_tr = rng.random() < 0.25 and not ({"task_division", "rights_obligations"} & planted)
    merge_ib = rng.random() < 0.3 and not ({"integrity", "breach_liability"} & planted)
    integrity_in_rights = (
        not merge_ib
        and rng.random() < 0.15
        and not ({"integrity", "rights_obligations"} & planted)
        and not merge_tr
    )
    want_dissolution = jur == "yunnan" or rng.random() < 0.35
    want_dispute = jur == "yunnan" or rng.random() < 0.55
    if "dissolution" in missing:
        want_dissolution = False
    if "dispute_resolution" in missing:
        want_dispute = False
    diss_sep = want_dissolution and (rng.random() < 0.4 or "rights_obligations" in planted)
    disp_sep = want_dispute and (rng.random() < 0.4 or "breach_liability" in planted)
    clauses = {k: {"present": False, "filled": False, "heading": None} for k in CLAUSE_KEYS}
    idx = [0]

    def head(key_text: str):
        h = numbering(num, idx[0], key_text)
        idx[0] += 1
        doc.p(h, bold=True)
        return key_text

    def mark(key, heading, filled=True):
        clauses[key] = {"present": True, "filled": filled, "heading": heading}

    shorts = {}
    use_short = rng.random() < 0.5
    # ---------------- participants
    pform = deck.draw("agr_participants", ["tier_lines", "tier_prose", "table", "parties", "sentence"])
    if pform == "parties" and len(ms) > len(PARTY):
        pform = "tier_lines"
    var.append(
        f"participants:{pform}" + ("+short names" if use_short and pform in ("parties", "sentence") else "")
    )
    parties = None
    show_codes = (
        pform == "table" and rng.random() < 0.6 and not (sub.invalid_code_unit or sub.missing_code_unit)
    )
    party_codes = (
        pform == "parties" and rng.random() < 0.5 and not (sub.invalid_code_unit or sub.missing_code_unit)
    )
    hp = head(rng.choice(HEADS["participants"]))
    mark("participants", hp)
    tier_stated = pform in ("tier_lines", "tier_prose", "table")

    def sname(m):
        s = m.unit.short
        if use_short and s and m.kind == "enterprise" and pform in ("parties", "sentence"):
            shorts[m.name] = s
            return f"{m.name}（以下简称“{s}”）"
        return m.name

    if pform == "tier_lines":
        t_i = 0
        for t in ["lead", "core", "close", "general"]:
            if not any(m.tier == t for m in ms):
                continue
            t_i += 1
            doc.p(f"{t_i}．{TIER_WORD[t]}")
            for m in ms:
                if m.tier == t:
                    doc.p(m.name, left=1)
    elif pform == "tier_prose":
        t_i = 0
        for t in ["lead", "core", "close", "general"]:
            names = [m.name for m in ms if m.tier == t]
            if not names:
                continue
            t_i += 1
            doc.p(f"（{cn.int_cn(t_i)}）{TIER_WORD[t]}：{'、'.join(names)}。", indent=True)
    elif pform == "table":
        doc.p(f"联合体由以下{cn.int_cn(len(ms)) if rng.random() < 0.5 else len(ms)}家单位组成：")
        head_row = (
            [{"text": "序号"}, {"text": "单位名称"}]
            + ([{"text": "统一社会信用代码"}] if show_codes else [])
            + [{"text": "层级"}]
        )
        rows = [head_row]
        for i, m in enumerate(ms, 1):
            rows.append(
                [{"text": str(i)}, {"text": m.name}]
                + ([{"text": m.unit.code}] if show_codes else [])
                + [{"text": TIER_WORD[m.tier]}]
            )
        doc.table(rows, size=10)
    elif pform == "parties":
        parties = {}
        for i, m in enumerate(ms):
            lab = PARTY[i] + "方"
            parties[m.name] = lab
            doc.p(f"{lab}{'（牵头单位）' if m.tier == 'lead' else ''}：{sname(m)}")
            if party_codes:
                doc.p(f"统一社会信用代码：{m.unit.code}", left=1)
    else:
        rest = [m for m in ms if m.tier != "lead"]
        doc.p(
            f"本联合体由{'、'.join(sname(m) for m in leads)}牵头，联合{'、'.join(sname(m) for m in rest)}"
            f"共{cn.int_cn(len(ms))}家单位共同组建。",
            indent=True,
        )
    for m in ms:
        code = m.unit.code if (show_codes or party_codes) else None
        rec["members"].append(
            member(m, code=code, tier=m.tier if (tier_stated or m.tier == "lead") else "unspecified")
        )
    if show_codes or party_codes:
        var.append("participants with credit codes")

    # ---------------- innovation goal
    goal_txt = (
        f"联合体围绕{sub.industry}产业链关键核心技术开展协同攻关，力争在{cn.int_cn(rng.randint(3, 5))}年内突破关键核心技术"
        f"{rng.randint(5, 12)}项，形成一批具有自主知识产权的重大产品。"
    )
    if "innovation_goal" in missing:
        pass
    else:
        h = head(rng.choice(HEADS["innovation_goal"]))
        if "innovation_goal" in empty:
            mark("innovation_goal", h, False)
        else:
            doc.p(goal_txt, indent=True)
            mark("innovation_goal", h)

    def nm(m):
        return shorts.get(m.name, m.name)

    task_lines = [
        f"（{cn.int_cn(i)}）{nm(m)}：负责{rng.choice(['关键技术攻关', '中试验证', '示范应用', '基础研究', '检测评价', '装备研制'])}"
        f"及{rng.choice(['成果转化', '人才培养', '标准制定', '推广应用'])}。"
        for i, m in enumerate(ms, 1)
    ]
    rights_lines = [
        "牵头单位负责联合体的组织管理，统筹协调各成员单位开展技术攻关，按约定投入研发经费。",
        "各成员单位享有参与联合体重大事项决策、按约定分享研发成果和使用共享平台的权利，"
        "承担按时完成约定任务、保守联合体商业秘密的义务。",
    ]
    diss_txt = "联合体解散时，由牵头单位组织清算，共有资产按各成员单位出资比例分配，未完成的任务由相关成员单位继续履行。"
    integ_txt = "各成员单位及其科研人员应严格遵守科研诚信规定，对弄虚作假、抄袭剽窃等失信行为，依规追究相关单位和人员责任。"
    breach_txt = "成员单位不履行本协议约定义务的，经理事会审议，可视情节给予通报批评、暂停权利直至取消成员资格，造成损失的依法承担赔偿责任。"
    disp_txt = "因履行本协议发生的争议，由各方友好协商解决；协商不成的，提交牵头单位所在地仲裁委员会仲裁。"

    if merge_tr:
        h = head(rng.choice(["任务分工及各方权利义务", "任务分工与责权利"]))
        for t in task_lines:
            doc.p(t, indent=True)
        for t in rights_lines:
            doc.p(t, indent=True)
        mark("task_division", h)
        mark("rights_obligations", h)
        var.append("merged heading: task+rights")
        if want_dissolution and not diss_sep:
            doc.p(diss_txt, indent=True)
            mark("dissolution", None)
    else:
        if "task_division" not in missing:
            h = head(rng.choice(HEADS["task_division"]))
            if "task_division" in empty:
                mark("task_division", h, False)
            else:
                for t in task_lines:
                    doc.p(t, indent=True)
                mark("task_division", h)
        if "rights_obligations" not in missing:
            h = head(rng.choice(HEADS["rights_obligations"]))
            if "rights_obligations" in empty:
                mark("rights_obligations", h, False)
            else:
                for t in rights_lines:
                    doc.p(t, indent=True)
                mark("rights_obligations", h)
                if want_dissolution and not diss_sep:
                    doc.p(diss_txt, indent=True)
                    mark("dissolution", None)
                if integrity_in_rights:
                    doc.p(integ_txt, indent=True)
                    mark("integrity", None)
                    var.append("integrity by content only (inside rights clause)")
        elif want_dissolution and not diss_sep:
            diss_sep = True
    if "ip_benefit" not in missing:
        h = head(rng.choice(HEADS["ip_benefit"]))
        if "ip_benefit" in empty:
            mark("ip_benefit", h, False)
        else:
            doc.p(
                "各成员单位单独完成的科技成果，知识产权归完成单位所有；共同完成的，归完成单位共有，"
                "许可使用和转化收益按各方贡献比例分配，联合体成员享有同等条件下优先受让权。",
                indent=True,
            )
            mark("ip_benefit", h)
    if merge_ib:
        h = head(rng.choice(["科研诚信与违约责任", "诚信与违约责任"]))
        doc.p(integ_txt, indent=True)
        doc.p(breach_txt, indent=True)
        mark("integrity", h)
        mark("breach_liability", h)
        var.append("merged heading: integrity+breach")
        if want_dispute and not disp_sep:
            doc.p(disp_txt, indent=True)
            mark("dispute_resolution", None)
    else:
        if "integrity" not in missing and not integrity_in_rights:
            h = head(rng.choice(HEADS["integrity"]))
            if "integrity" in empty:
                mark("integrity", h, False)
            else:
                doc.p(integ_txt, indent=True)
                mark("integrity", h)
        if "breach_liability" not in missing:
            h = head(rng.choice(HEADS["breach_liability"]))
            if "breach_liability" in empty:
                mark("breach_liability", h, False)
            else:
                doc.p(breach_txt, indent=True)
                mark("breach_liability", h)
                if want_dispute and not disp_sep:
                    doc.p(disp_txt, indent=True)
                    mark("dispute_resolution", None)
        elif want_dispute and not disp_sep:
            disp_sep = True
    if diss_sep:
        h = head(rng.choice(HEADS["dissolution"]))
        doc.p(diss_txt, indent=True)
        mark("dissolution", h)
    if disp_sep:
        h = head(rng.choice(HEADS["dispute_resolution"]))
        doc.p(disp_txt, indent=True)
        mark("dispute_resolution", h)
    # other provisions and the effective date
    eff_style = rng.choice(["ymd", "hanzi", "hanzi", "dots", "ymd0", "slash"])
    d = cn.date_text(sub.effective, eff_style)
    eform = deck.draw("agr_effective", ["from", "after_sign", "term_first", "signed_on"])
    if eform == "signed_on":
        sub_sign = sub.effective
        sub.sign_date = sub_sign
    eff_sent = {
        "from": f"本协议自{d}起生效，有效期{cn.int_cn(5)}年。",
        "after_sign": f"本协议经各成员单位法定代表人或授权代表签字并加盖公章后，自{d}起生效。",
        "term_first": f"本协议有效期五年，自{d}起生效。",
        "signed_on": f"本协议于{d}签订，自签订之日起生效。",
    }[eform]
    var.append(f"effective:{eform}/{eff_style}")
    rec["agreement_effective_date"] = cn.iso(sub.effective)
    if rng.random() < 0.6:
        head(rng.choice(["其他", "附则", "其他事项"]))
    doc.p(
        eff_sent
        + "本协议一式"
        + cn.int_cn(len(ms) + 2)
        + "份，各成员单位各执一份，报"
        + j["authority"]
        + "备案。",
        indent=True,
    )
    if rng.random() < 0.3:
        doc.p(
            f"牵头单位{sub.lead.name}每年安排不少于{rng.choice([500, 800, 1000])}万元作为联合体研发专项资金。",
            indent=True,
        )
        var.append("distractor:研发专项资金 in agreement")
    # ---------------- signatures
    signers = [m for m in ms if m.name not in set(sub.unsigned)]
    if scan_safe:
        style = deck.draw("sig_scan", SCAN_SAFE)
    elif parties and rng.random() < 0.6:
        style = "parties"
    else:
        style = deck.draw("sig", [x for x in SIG_STYLES if x != "parties"])
    hform = rng.choice(["numbered", "page", "none"])
    if hform == "numbered":
        doc.pagebreak() if rng.random() < 0.4 else None
        hs = head(rng.choice(HEADS["signatures"]))
    elif hform == "page":
        doc.p("（以下无正文）", align="center")
        doc.pagebreak()
        hs = rng.choice(["签章页", "签署页", f"{sub.name}组建协议签章页"])
        doc.p(hs, align="center", bold=True)
    else:
        doc.p("（以下无正文，为签章页）", align="center")
        doc.pagebreak()
        hs = None
    names, dates = signature_block(doc, sub, signers, style, rng, parties, room=scan_safe)
    mark("signatures", hs)
    rec["signatories"] = names
    var.append(f"signature:{style}" + (f" dates:{','.join(dates)}" if dates else ""))
    rec["clauses"] = clauses
    for m in ms:
        if m.name in sub.unsigned:
            rec["flags"].append(
                doc_flag("SIGNATURE_MISSING", "成员单位未在签章页出现", sub.name, unit=m.name, match=[m.name])
            )
    for k in CLAUSE_KEYS[:8] + (["dissolution", "dispute_resolution"] if jur == "yunnan" else []):
        c = clauses[k]
        if not c["present"]:
            rec["flags"].append(
                doc_flag("CLAUSE_MISSING", f"组建协议缺少条款：{k}", sub.name, evidence=k, match=[k])
            )
        elif not c["filled"]:
            rec["flags"].append(
                doc_flag("CLAUSE_EMPTY", f"组建协议条款无实质内容：{k}", sub.name, evidence=k, match=[k])
            )
    return doc, rec, var, style, parties


def write_supplement(sub, rng: random.Random):
    """A one-page 补充协议 signed by the lead (photographed by phone)."""
    doc = Doc()
    rec = blank("supplementary_agreement", sub.juris)
    rec["consortium_name"] = sub.name
    rec["lead_units"] = [sub.lead.name]
    doc.title(sub.name, 16)
    doc.title("组建协议补充协议", 16)
    doc.p(f"牵头单位：{sub.lead.name}")
    doc.p(
        f"根据《{sub.name}组建协议》（以下简称原协议）约定，经联合体全体成员单位协商一致，现就联合体研发专项资金管理"
        f"及成果转化收益分配有关事项补充约定如下：",
        indent=True,
    )
    doc.p(
        f"一、自本补充协议签署之日起，牵头单位每年安排不少于{rng.choice([800, 1000, 1500])}万元作为联合体研发专项资金。",
        indent=True,
    )
    doc.p(
        "二、利用研发专项资金形成的科技成果实施转化的，转化净收益的70%归完成单位，其余纳入专项资金滚动使用。",
        indent=True,
    )
    doc.p(
        "三、本补充协议是原协议的组成部分，与原协议具有同等效力；本补充协议未约定的事项，仍按原协议执行。",
        indent=True,
    )
    doc.blank(2)
    doc.p(f"牵头单位（盖章）：{sub.lead.name}")
    doc.p("法定代表人或授权代表（签字）：")
    doc.p("各成员单位签章见原协议签章页。")
    doc.p("年    月    日", align="right")
    rec["members"] = [member(sub.lead, tier="lead")]
    rec["signatories"] = [sub.lead.name]
    return doc, rec
