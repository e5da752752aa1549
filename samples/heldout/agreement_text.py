"""The agreement's wording: clause headings (merged and hidden ones), each clause's text, the
participants section and the signature blocks."""

from __future__ import annotations

import datetime as dt

from blocks import Cell, P, Run, T
from pool import Unit
from records import member, spaced


class AgreementText:
    """Wording of the agreement."""

    # ------------------------------------------------------------------ agreement
    CLAUSE_HEADS = {
        "participants": ["参与单位", "牵头和成员单位", "联合体组成", "成员构成", "合作各方"],
        "innovation_goal": ["技术创新目标", "联合体建设目标", "攻关目标", "创新目标与主要任务"],
        "task_division": ["任务具体分工", "任务分工", "各方分工", "攻关任务安排"],
        "rights_obligations": ["各成员单位的责权利", "各方权利与义务", "成员单位的权利和义务", "各方责任"],
        "ip_benefit": [
            "科技成果、知识产权归属、许可使用和转化收益分配办法",
            "知识产权与成果转化",
            "成果归属与收益分配",
            "知识产权管理",
        ],
        "integrity": ["科研诚信追究方式", "科研诚信", "诚信要求", "学术诚信管理"],
        "breach_liability": ["违约责任追究方式", "违约责任", "违约处理", "违约与赔偿"],
        "signatures": ["所有成员单位签章", "签署", "签章页", "各方签章"],
        "dissolution": ["联合体的解散", "解散与清算", "终止与解散"],
        "dispute_resolution": ["争议解决", "解决争议方式", "争议的处理"],
    }

    MERGED = {
        ("integrity", "breach_liability"): ["科研诚信与违约责任", "诚信及违约责任"],
        ("task_division", "rights_obligations"): ["任务分工及各方权利义务", "分工与责权利"],
        ("dissolution", "dispute_resolution"): ["解散与争议解决", "终止、解散及争议处理"],
    }

    HIDDEN = {
        "integrity": ["共同承诺", "其他约定"],
        "dissolution": ["附则", "其他"],
        "dispute_resolution": ["附则", "其他事项"],
        "breach_liability": ["其他约定"],
    }

    def clause_text(self, key: str, units: list[Unit]) -> list[P]:
        c, rng = self.c, self.rng
        lead = c.wname(c.lead)
        t = c.ind[2]
        if key == "innovation_goal":
            return [self.body(self.goal_text())]
        if key == "task_division":
            out = [self.body(f"{lead}负责总体技术路线设计、攻关任务分解和经费统筹，牵头开展{t[0]}攻关。")]
            if rng.random() < 0.5:
                rows = [[Cell("单位", bold=True), Cell("主要任务", bold=True)]] + [
                    [Cell(c.wname(u)), Cell(u.note.rstrip("。"))] for u in units[1:]
                ]
                out.append(T(rows, widths=[2.2, 4], size=10))
            else:
                out.append(
                    self.body(
                        "其他成员单位按照各自优势承担相应研发、中试与示范任务："
                        + "；".join(f"{c.wname(u)}{u.note.rstrip('。')}" for u in units[1:4])
                        + "；其余单位按年度计划承担配套任务。"
                    )
                )
            return out
        if key == "rights_obligations":
            return [
                self.body(
                    "各成员单位有权参与联合体重大事项决策，共享联合体内的科研设施、数据和技术信息；"
                    "有义务按协议投入人员、经费和条件，按期完成所承担的任务，并接受联合体的考核。"
                ),
                self.body(
                    f"牵头单位对联合体的建设、运营和管理负总责，负责组织年度总结并向{'科技主管部门' if rng.random() < 0.5 else '推荐单位和科技厅'}报送。"
                ),
            ]
        if key == "ip_benefit":
            return [
                self.body(
                    "联合体成立前各方已有的知识产权归原单位所有。联合攻关形成的科技成果和知识产权，"
                    "按照各方实际贡献约定归属；一方独立完成的归该方所有，共同完成的由完成各方共有。"
                ),
                self.body(
                    f"成果许可使用和转化收益按投入比例分配，成员单位在同等条件下享有优先许可使用权，"
                    f"转化净收益的{rng.choice(['百分之三十', '30%', '百分之二十五', '25%'])}用于奖励主要完成人员。"
                ),
            ]
        if key == "integrity":
            return [
                self.body(
                    "各成员单位应严格遵守科研诚信规范，杜绝抄袭、剽窃、篡改和伪造数据等行为。"
                    "对违反科研诚信要求的单位和个人，联合体将取消其参与资格，并按规定报送科技主管部门记入科研诚信记录，依法依规追究责任。"
                )
            ]
        if key == "breach_liability":
            return [
                self.body(
                    "任何一方未按本协议履行义务的，应承担违约责任；造成其他成员单位损失的，应予以赔偿。"
                    "无正当理由退出联合体或拒不履行所承担任务的，由理事会决定暂停其成员权利直至除名。"
                )
            ]
        if key == "dissolution":
            return [
                self.body(
                    "联合体完成既定任务且无新的目标任务，或经全体成员单位协商一致，可以解散。"
                    "解散时，各成员单位按投入比例分担债务、分配剩余资产，已形成的知识产权按本协议约定处理。"
                )
            ]
        if key == "dispute_resolution":
            return [
                self.body(
                    "因履行本协议发生的争议，各方应友好协商解决；协商不成的，"
                    f"{rng.choice(['提交牵头单位所在地仲裁委员会仲裁', '向牵头单位所在地人民法院提起诉讼'])}。"
                )
            ]
        raise KeyError(key)

    def participants_blocks(self, units: list[Unit], codes: bool) -> tuple[list, list[dict]]:
        c, rng = self.c, self.rng
        tw = self.tiers()
        form = rng.choice(["tierlines", "table", "numbered", "prose"])
        if codes:
            form = rng.choice(["table", "numbered"])
        members = []
        out: list = []
        by = {t: [u for u in units if u.tier == t] for t in ("lead", "core", "close", "general")}
        sep = rng.choice(["、", "；", "，"])
        if form == "tierlines":
            for t, us in by.items():
                if us:
                    if rng.random() < 0.5 or t == "lead":
                        out.append(P(f"{tw[t]}：" + sep.join(c.wname(u) for u in us), indent=2))
                    else:
                        out.append(P(f"{tw[t]}：", indent=2))
                        for u in us:
                            out.append(P(c.wname(u), left=4))
            for u in units:
                members.append(member(u, c.wname(u), None, u.tier, None))
        elif form == "table":
            hdr = [Cell("层级", bold=True), Cell("单位名称", bold=True)] + (
                [Cell("统一社会信用代码", bold=True)] if codes else []
            )
            rows = [hdr]
            for u in units:
                rows.append([Cell(tw[u.tier]), Cell(c.wname(u))] + ([Cell(self.code_of(u))] if codes else []))
                members.append(member(u, c.wname(u), self.code_of(u) if codes else None, u.tier, None))
            out.append(T(rows, widths=[1, 2.5] + ([1.8] if codes else []), size=10))
        elif form == "numbered":
            for i, u in enumerate(units, 1):
                s = f"{i}. {c.wname(u)}（{tw[u.tier]}）"
                if codes:
                    s += f"，统一社会信用代码：{self.code_of(u)}"
                out.append(P(s, left=2))
                members.append(member(u, c.wname(u), self.code_of(u) if codes else None, u.tier, None))
        else:
            s = f"本联合体由{c.wname(c.lead)}牵头组建。"
            if by["core"]:
                s += sep.join(c.wname(u) for u in by["core"]) + f"为{tw['core']}；"
            if by["close"]:
                s += sep.join(c.wname(u) for u in by["close"]) + f"作为{tw['close']}参加；"
            if by["general"]:
                s += sep.join(c.wname(u) for u in by["general"]) + f"等单位为{tw['general']}。"
            out.append(self.body(s))
            for u in units:
                members.append(member(u, c.wname(u), None, u.tier, None))
        return out, members

    def signature_blocks(self, signers: list[Unit], sign_date: dt.date) -> list:
        c, rng = self.c, self.rng
        form = rng.choice(self.sig_forms or ["table", "blocks", "twocol", "lines"])
        ds = self.date(sign_date)
        out: list = [P(rng.choice(["（以下无正文）", "（本页无正文，为签署页）", ""]), align="center")]
        if form == "table":
            rows = [
                [
                    Cell(h, bold=True, align="center")
                    for h in ["序号", "成员单位（盖章）", "法定代表人或授权代表（签字）", "日期"]
                ]
            ]
            pad = [P("", style="cell")] * (3 if self.sig_tall else 0)
            for i, u in enumerate(signers, 1):
                rows.append(
                    [
                        Cell(str(i)),
                        Cell(pad + [P(c.wname(u), style="cell")] + pad),
                        Cell(""),
                        Cell(ds if rng.random() < 0.8 else ""),
                    ]
                )
            out.append(T(rows, widths=[0.5, 3, 2, 1.3], header_rows=1, size=10.5))
        elif form == "blocks":
            sp = rng.random() < 0.5 and not self.no_spacing
            for u in signers:
                lab = "牵头单位" if u is c.lead else "成员单位"
                nm = spaced(c.wname(u)) if sp else c.wname(u)
                out.append(
                    P(
                        [Run(f"{lab}（盖章）："), Run(nm, spacing=None if sp else 1.5)],
                        space_before=85 if self.sig_tall else 14,
                    )
                )
                out.append(P(f"法定代表人或授权代表（签字）：　　　　　　　　日期：{ds}"))
        elif form == "twocol":
            rows = []
            for i in range(0, len(signers), 2):
                pair = signers[i : i + 2]
                cells = []
                for u in pair:
                    pad = [P("", style="cell")] * (3 if self.sig_tall else 0)
                    cells.append(
                        Cell(
                            pad
                            + [
                                P(f"{c.wname(u)}（盖章）", style="cell"),
                                P("代表签字：", style="cell"),
                                P(ds, style="cell", align="right"),
                            ]
                            + pad
                        )
                    )
                if len(cells) == 1:
                    cells.append(Cell(""))
                rows.append(cells)
            out.append(T(rows, widths=[1, 1], borders=False, size=11))
        else:
            for u in signers:
                out.append(
                    P(
                        [
                            Run(
                                spaced(c.wname(u))
                                if rng.random() < 0.3 and not self.no_spacing
                                else c.wname(u)
                            ),
                            Run("（公章）　　　　" + ds),
                        ],
                        space_before=95 if self.sig_tall else 16,
                    )
                )
        return out
