"""组建协议 in blind3 layouts:

  members    table_roles: 序号/单位名称/单位性质/所在地/统一社会信用代码/在联合体中的角色 (the role
             column gives the tier: 牵头单位/核心层/紧密合作层/一般合作层, or 成员单位 = unspecified);
             preamble: 本协议由以下各方于…共同签订：甲方：…（牵头单位）乙方：… with each party's
             code and 法定代表人; paras: one sub-paragraph per unit inside the participants clause
  signatures twocol: after （以下无正文） a page with a two-column borderless table, (盖章) and a
             date in each cell; rep_list: one line per unit repeating its 法定代表人 (a person, not a
             unit) and the date
A supplementary agreement (补充协议) of one page, signed by the lead, is written for the photo.
"""

from __future__ import annotations

import random

from samples.blind2 import cn, deck
from samples.blind2.record import CLAUSE_KEYS, blank, doc_flag
from samples.blind2.scenario import person

from . import forms
from .common import KIND_WORD
from .ooxml import Docx, run

ROLE = {"lead": "牵头单位", "core": "核心层", "close": "紧密合作层", "general": "一般合作层"}
PARTY = "甲乙丙丁戊己庚辛壬癸"
HEADINGS = {
    "participants": ["联合体组成", "参与单位"],
    "innovation_goal": ["技术创新目标", "联合体建设目标"],
    "task_division": ["任务具体分工", "任务分工"],
    "rights_obligations": ["各成员单位的责权利", "各方的权利和义务"],
    "ip_benefit": ["科技成果、知识产权归属及转化收益分配", "知识产权归属与收益分配"],
    "integrity": ["科研诚信追究方式", "科研诚信"],
    "breach_liability": ["违约责任追究方式", "违约责任"],
    "dissolution": ["联合体的解散", "解散时的权责分配"],
    "dispute_resolution": ["争议的解决", "解决争议方式"],
}
BODY = {
    "innovation_goal": "围绕{ind}产业链关键核心技术，联合开展技术攻关，力争在三年建设期内突破关键共性技术5项以上，形成一批具有自主知识产权的标志性成果。",
    "task_division": "牵头单位负责联合体的统筹协调、项目组织和资源整合；高校和科研院所成员负责基础研究与共性技术研发；企业成员负责工程化验证、中试和产业化应用。",
    "rights_obligations": "各成员单位有权参与联合体重大事项决策、共享联合体平台资源；应按照分工按时完成任务，落实配套经费，接受联合体的统一管理和考核。",
    "ip_benefit": "联合攻关形成的科技成果和知识产权，按照“谁投入、谁受益”的原则由参与各方按约定共有；成果转化收益按各方投入比例分配，另有约定的从其约定。",
    "integrity": "各成员单位应遵守科研诚信规定，对存在弄虚作假、抄袭剽窃等科研失信行为的单位和个人，依照有关规定追究责任，并取消其成员资格。",
    "breach_liability": "任何一方违反本协议约定的，应承担相应违约责任；给其他方造成损失的，应依法予以赔偿。",
    "dissolution": "联合体因建设期满或经成员大会决议解散的，各成员单位按照投入比例分配剩余资产，已形成的知识产权按原约定处理。",
    "dispute_resolution": "因履行本协议发生争议的，各方应友好协商解决；协商不成的，提交牵头单位所在地人民法院诉讼解决。",
}


def _num(style: str, i: int) -> str:
    if style == "chapter":
        return f"第{cn.int_cn(i)}章　"
    if style == "article":
        return f"第{cn.int_cn(i)}条　"
    if style == "dun":
        return f"{cn.int_cn(i)}、"
    return f"（{cn.int_cn(i)}）"


def write(sub, rng: random.Random, members_form: str, sig_form: str, scan_safe: bool = False):
    x = Docx(footer=deck.draw("b3_agr_footer", ["page_of", "dash", None]))
    rec = blank("agreement", sub.juris)
    var = [f"members:{members_form}", f"signatures:{sig_form}"]
    absent: list[str] = []
    rec["consortium_name"] = sub.name
    ms = sub.agr_members
    leads = [m for m in ms if m.tier == "lead"]
    rec["lead_units"] = [m.name for m in leads]
    codes_ok = sub.invalid_code_unit is None
    code_form = deck.draw("b3_agr_code_form", forms.CODE_FORMS)
    code_label = deck.draw("b3_agr_code_label", forms.CODE_LABELS)
    title = f"{sub.name}组建协议"
    x.title(title, 18)
    x.p("")
    sign_d = getattr(sub, "sign_date", sub.effective)
    reps = {m.name: person(rng, set()) for m in ms}
    city = (sub.lead.unit.city or "南宁") + (
        "市" if sub.lead.unit.city and not sub.lead.unit.city.endswith("市") else ""
    )
    role_words = deck.draw("b3_role_words", ["tiers", "tiers", "members_only"])
    labels = {m.name: (PARTY[i] + "方" if i < len(PARTY) else f"第{i + 1}方") for i, m in enumerate(ms)}

    def add_member(m, code_written: bool, tier_ok: bool):
        rec["members"].append(
            {
                "name": m.name,
                "credit_code": m.unit.code if code_written else None,
                "tier": m.tier if (tier_ok or m.tier == "lead") else "unspecified",
                "kind": m.kind,
                "note": None,
            }
        )

    # ---------------------------------------------------------------- preamble
    if members_form == "preamble":
        df = deck.draw("b3_agr_date", forms.DATE_FORMS)
        x.p(f"本协议由以下各方于{forms.date(sign_d, df)}在{city}共同签订：", indent=True)
        var.append(f"preamble date:{df}")
        with_tier = rng.random() < 0.5
        for m in ms:
            tag = "（牵头单位）" if m.tier == "lead" else (f"（{ROLE[m.tier]}单位）" if with_tier else "")
            x.p(run(f"{labels[m.name]}：", b=True) + run(f"{m.name}{tag}"))
            if codes_ok:
                x.p(f"{code_label}：{forms.code_text(m.unit.code, code_form)}", left=0.8)
            x.p(f"法定代表人：{reps[m.name]}", left=0.8)
            add_member(m, codes_ok, with_tier)
        var.append("parties 甲方/乙方 in the preamble" + (" with tiers" if with_tier else " without tiers"))
        x.p(
            "各方本着平等自愿、优势互补、利益共享、风险共担的原则，经友好协商，就共同组建"
            + sub.name
            + "达成如下协议：",
            indent=True,
        )
    else:
        x.p(
            f"为贯彻落实创新驱动发展战略，推动{sub.industry}产业高质量发展，经协商一致，各成员单位共同组建{sub.name}（以下简称“联合体”），"
            "并订立本协议。",
            indent=True,
        )
    hs = deck.draw("b3_heading_style", ["chapter", "article", "dun", "paren"])
    var.append(f"headings:{hs}")
    clauses = {k: {"present": False, "filled": False, "heading": None} for k in CLAUSE_KEYS}
    order = [
        "participants",
        "innovation_goal",
        "task_division",
        "rights_obligations",
        "ip_benefit",
        "integrity",
        "breach_liability",
        "dissolution",
        "dispute_resolution",
    ]
    i = 0
    for key in order:
        if key in sub.clause_missing:
            continue
        i += 1
        h = rng.choice(HEADINGS[key])
        x.p(run(_num(hs, i) + h, b=True), keep=True)
        clauses[key] = {"present": True, "filled": key not in sub.clause_empty, "heading": h}
        if key in sub.clause_empty:
            continue
        if key == "participants":
            if members_form == "preamble":
                x.p("联合体由本协议甲方牵头，其余各方为成员单位。", indent=True)
            elif members_form == "table_roles":
                x.p(f"联合体由{cn.int_cn(len(ms))}家单位组成，具体如下：", indent=True)
                hdr = (
                    ["序号", "单位名称", "单位性质", "所在地"]
                    + ([code_label] if codes_ok else [])
                    + ["在联合体中的角色"]
                )
                rows = [[{"text": t, "b": True, "align": "center"} for t in hdr]]
                for k, m in enumerate(ms, 1):
                    role = ROLE[m.tier] if (role_words == "tiers" or m.tier == "lead") else "成员单位"
                    row = [str(k), m.name, KIND_WORD[m.kind], m.unit.city or "—"]
                    if codes_ok:
                        row.append(forms.code_text(m.unit.code, code_form))
                    row.append(role)
                    rows.append(row)
                    add_member(m, codes_ok, role_words == "tiers")
                w = [1.0, 4.4, 1.8, 1.6] + ([3.8] if codes_ok else []) + [2.4]
                x.table(rows, w, header_rows=1, sz=10)
                var.append(f"role column:{role_words}")
            else:
                x.p("联合体由牵头单位和成员单位组成，各单位及其职责如下：", indent=True)
                for k, m in enumerate(ms, 1):
                    role = ROLE[m.tier] + ("" if m.tier == "lead" else "单位")
                    ct = f"（{code_label}：{forms.code_text(m.unit.code, code_form)}）" if codes_ok else ""
                    x.p(f"{k}．{m.name}{ct}，为联合体{role}。", left=0.6)
                    add_member(m, codes_ok, True)
                var.append("one paragraph per unit in the participants clause")
        else:
            x.p(BODY[key].format(ind=sub.industry), indent=True)
    # effective date
    eff_form = deck.draw("b3_eff_form", ["explicit", "explicit", "on_signing"])
    if members_form == "preamble":
        eff_form = "explicit"  # 签订 date in the preamble: the effective date is always written out
    i += 1
    x.p(run(_num(hs, i) + "其他事项", b=True), keep=True)
    if eff_form == "explicit":
        df = deck.draw("b3_eff_date", forms.DATE_FORMS)
        x.p(
            f"本协议一式{cn.int_cn(len(ms) + 1)}份，各方各执一份，报科技主管部门备案一份。本协议自{forms.date(sub.effective, df)}起生效，"
            "有效期至联合体建设期满。",
            indent=True,
        )
        rec["agreement_effective_date"] = cn.iso(sub.effective)
        var.append(f"effective:{df}")
    else:
        x.p(
            "本协议一式多份，各方各执一份。本协议自各方法定代表人或授权代表签字并加盖公章之日起生效。",
            indent=True,
        )
        var.append("effective on signing, no date written (null)")
    # ---------------------------------------------------------------- signatures
    x.p("（以下无正文）", align="center")
    x.pagebreak()
    sh = deck.draw("b3_sig_heading", ["所有成员单位签章", "签章页", "各方签章"])
    x.p(run(sh, b=True, sz=14), align="center")
    clauses["signatures"] = {"present": True, "filled": True, "heading": sh}
    x.p("")
    signers = [m for m in ms if m.name not in sub.unsigned]
    dform = deck.draw("b3_sig_date", ["ymd", "hanzi", "ymd0", "iso", "blank"])
    dt_text = "    年    月    日" if dform == "blank" else forms.date(sign_d, dform)
    var.append(f"signature dates:{dform}")
    if sig_form == "twocol":
        cells = []
        for m in signers:
            lab = (
                labels[m.name]
                if members_form == "preamble"
                else ("牵头单位" if m.tier == "lead" else "成员单位")
            )
            cells.append(f"{lab}（盖章）：\n{m.name}\n\n法定代表人或授权代表（签字）：\n\n日期：{dt_text}\n")
        if len(cells) % 2:
            cells.append("")
        rows = [[cells[k], cells[k + 1]] for k in range(0, len(cells), 2)]
        x.table(rows, [7.6, 7.6], borders=False, cant_split=True, sz=11)
    else:
        for m in signers:
            lab = "牵头单位" if m.tier == "lead" else "成员单位"
            x.p(f"{lab}（盖章）：{m.name}")
            x.p(f"法定代表人（签字）：{reps[m.name]}　　　　{dt_text}", left=1.0)
            x.p("")
        var.append("legal representatives repeated in the signature list")
    rec["signatories"] = [m.name for m in signers]
    for u in sub.unsigned:
        rec["flags"].append(doc_flag("SIGNATURE_MISSING", "成员单位未在签章页签章", sub.name, unit=u))
    rec["clauses"] = clauses
    for k in sub.clause_missing:
        rec["flags"].append(doc_flag("CLAUSE_MISSING", "组建协议缺少必备条款", sub.name, evidence=k))
    for k in sub.clause_empty:
        rec["flags"].append(doc_flag("CLAUSE_EMPTY", "组建协议条款仅有标题", sub.name, evidence=k))
    return x, rec, var, absent, reps


def write_supplement(sub, rng: random.Random):
    x = Docx()
    rec = blank("supplementary_agreement", sub.juris)
    rec["consortium_name"] = sub.name
    rec["lead_units"] = [sub.lead.name]
    x.title(f"{sub.name}组建协议补充协议", 15)
    x.p("")
    x.p(f"经{sub.name}成员大会讨论，现就原组建协议未尽事宜补充约定如下：", indent=True)
    x.p("一、联合体设立秘书处，日常工作由牵头单位负责，秘书处设在牵头单位技术中心。", indent=True)
    x.p("二、联合体成员单位每年召开一次工作会议，总结年度任务完成情况，研究下一年度工作计划。", indent=True)
    x.p("三、本补充协议与原协议具有同等法律效力。", indent=True)
    x.p("")
    x.p(f"牵头单位（盖章）：{sub.lead.name}")
    x.p("")
    x.p(forms.date(sub.filing, "hanzi"), align="right")
    rec["members"] = [
        {"name": sub.lead.name, "credit_code": None, "tier": "lead", "kind": sub.lead.kind, "note": None}
    ]
    rec["signatories"] = [sub.lead.name]
    return x, rec
