"""The agreement (组建协议) of a consortium, in one of several layouts, with its truth."""

from __future__ import annotations

import datetime as dt

from blocks import PB, Doc, P, Run
from cn import cn_int


class AgreementWriter:
    """The agreement; its wording is AgreementText's."""

    def agreement(self) -> tuple[Doc, dict]:
        c, rng = self.c, self.rng
        rec = self.base_rec("agreement")
        units = [u for u in c.units if u.name not in c.agr_omit]
        signers = [u for u in units if u.name not in c.sig_omit]
        doc = Doc(
            created=dt.datetime.combine(c.effective, dt.time(15, 3)),
            author=rng.choice(["admin", "Administrator", "user"]),
            base_size=rng.choice([11, 12, 12]),
            footer=rng.choice(["page", "pageof", None]),
            header=rng.choice([None, None, "附件2"]),
        )
        title = rng.choice(
            [
                f"{c.name}组建协议",
                f"{c.name}组建协议书",
                f"{c.name}联合共建协议",
                f"关于组建{c.name}的合作协议",
            ]
        )
        cover = rng.choice(["template", "plain", "none"])
        if cover == "template":
            doc.add(P(title, style="title", align="center", space_before=80, space_after=40))
            for k, v in [
                ("创新联合体名称", c.name),
                ("产业领域", c.industry),
                ("牵头单位", c.wname(c.lead) + "（盖章）"),
                ("联 系 人", c.contact[0]),
                ("联系电话", c.contact[1]),
                ("填报日期", self.date(c.filing)),
            ]:
                doc.add(P([Run(f"{k}："), Run(v, underline=True)], left=4, space_after=10))
            doc.add(PB())
            rec["industry"] = c.industry
            rec["contact"] = {"person": c.contact[0], "phone": c.contact[1]}
            rec["filing_date"] = c.filing.isoformat()
        elif cover == "plain":
            doc.add(
                P(title, style="title", align="center", space_before=120),
                P(f"{c.wname(c.lead)}　牵头", align="center", space_before=60),
                PB(),
            )
        doc.add(
            P(title if cover != "template" else "协议正文", style="subtitle", align="center", space_after=10)
        )
        doc.add(
            self.body(
                rng.choice(
                    [
                        f"为推动{c.industry}领域科技创新、技术进步和成果转化，依据相关政策要求，成立{c.name}（以下简称联合体），"
                        f"经所有成员单位协商一致，签署本协议，内容如下。",
                        f"根据《{'中华人民共和国民法典'}》等法律法规，各方本着平等自愿、优势互补、利益共享、风险共担的原则，就共同组建{c.name}达成如下协议：",
                    ]
                )
            )
        )
        # clause plan
        keys = [
            "participants",
            "innovation_goal",
            "task_division",
            "rights_obligations",
            "ip_benefit",
            "integrity",
            "breach_liability",
        ]
        with_extra = c.juris == "yunnan" or rng.random() < 0.5
        if with_extra:
            keys += ["dissolution", "dispute_resolution"]
        if c.clause_missing in keys:
            keys.remove(c.clause_missing)
        # group into sections: (heading, [keys], heading_names_keys)
        sections: list[tuple[str, list[str], bool]] = []
        i = 0
        hidden_used = None
        while i < len(keys):
            k = keys[i]
            nxt = keys[i + 1] if i + 1 < len(keys) else None
            if nxt and (k, nxt) in self.MERGED and rng.random() < 0.4 and c.clause_empty not in (k, nxt):
                sections.append((rng.choice(self.MERGED[(k, nxt)]), [k, nxt], True))
                i += 2
                continue
            if k in self.HIDDEN and rng.random() < 0.25 and hidden_used is None and c.clause_empty != k:
                hidden_used = rng.choice(self.HIDDEN[k])
                sections.append((hidden_used, [k], False))
                i += 1
                continue
            sections.append((rng.choice(self.CLAUSE_HEADS[k]), [k], True))
            i += 1
        numstyle = rng.choice(["manual_article", "manual_cn", "auto_article", "auto_cn", "none"])
        clauses = {}
        eff_stated = rng.random() < 0.5
        for si, (head, ks, _names) in enumerate(sections, 1):
            text = head
            num = None
            if numstyle == "manual_article":
                text = f"第{cn_int(si)}条　{head}"
            elif numstyle == "manual_cn":
                text = f"{cn_int(si)}、{head}"
            elif numstyle == "auto_article":
                num = "article"
            elif numstyle == "auto_cn":
                num = "cn"
            doc.add(P(text, style="h2", num=num, num_list="clauses", space_before=8, keep_next=True))
            for k in ks:
                empty = k == c.clause_empty
                if k == "participants":
                    blocks, members = self.participants_blocks(units, codes=rng.random() < 0.3)
                    rec["members"] = members
                    doc.add(*blocks)
                elif empty:
                    if rng.random() < 0.5:
                        doc.add(P("＿＿＿＿＿＿＿＿＿＿＿＿＿＿＿＿", indent=2))
                else:
                    doc.add(*self.clause_text(k, units))
                clauses[k] = {"present": True, "filled": not empty, "heading": head}
        # closing clause (effective date) and signatures
        tail_head = rng.choice(["附则", "其他", "协议的生效"])
        if "附则" in [s[0] for s in sections] or "其他" in [s[0] for s in sections]:
            tail_head = "协议的生效"
        n_sec = len(sections) + 1
        tail_text = (
            f"第{cn_int(n_sec)}条　{tail_head}"
            if numstyle == "manual_article"
            else f"{cn_int(n_sec)}、{tail_head}"
            if numstyle == "manual_cn"
            else tail_head
        )
        doc.add(
            P(
                tail_text,
                style="h2",
                num={"auto_article": "article", "auto_cn": "cn"}.get(numstyle),
                num_list="clauses",
                space_before=8,
            )
        )
        copies = rng.randrange(len(units) + 1, len(units) + 5)
        if eff_stated:
            doc.add(
                self.body(
                    f"本协议一式{cn_int(copies)}份，各成员单位各执一份，报科技主管部门备案一份。"
                    f"本协议自{self.date(c.effective)}起生效，有效期{rng.choice(['五', '三'])}年。"
                )
            )
            rec["agreement_effective_date"] = c.effective.isoformat()
        else:
            doc.add(
                self.body(
                    rng.choice(
                        [
                            f"本协议一式{cn_int(copies)}份，经各成员单位法定代表人或授权代表签字并加盖公章后生效。",
                            "本协议自各方签字盖章之日起生效，未尽事宜由各方另行签订补充协议。",
                        ]
                    )
                )
            )
        sig_head = rng.choice(self.CLAUSE_HEADS["signatures"])
        doc.add(PB() if rng.random() < 0.6 else P(""))
        doc.add(
            P(
                sig_head
                if numstyle in ("none", "auto_article", "auto_cn")
                else (
                    f"第{cn_int(n_sec + 1)}条　{sig_head}"
                    if numstyle == "manual_article"
                    else f"{cn_int(n_sec + 1)}、{sig_head}"
                ),
                style="h2",
                num={"auto_article": "article", "auto_cn": "cn"}.get(numstyle),
                num_list="clauses",
            )
        )
        sign_date = c.effective if eff_stated else c.effective - dt.timedelta(days=rng.randrange(0, 5))
        doc.add(*self.signature_blocks(signers, sign_date))
        clauses["signatures"] = {"present": True, "filled": True, "heading": sig_head}
        for k in [
            "participants",
            "innovation_goal",
            "task_division",
            "rights_obligations",
            "ip_benefit",
            "integrity",
            "breach_liability",
            "signatures",
            "dissolution",
            "dispute_resolution",
        ]:
            clauses.setdefault(k, {"present": False, "filled": False, "heading": None})
        rec["clauses"] = clauses
        rec["signatories"] = [c.wname(u) for u in signers]
        if c.clause_missing:
            rec["flags"].append(
                {
                    "code": "CLAUSE_MISSING",
                    "severity": "error",
                    "message": f"组建协议缺少条款：{c.clause_missing}",
                    "unit": None,
                    "evidence": c.clause_missing,
                    "match": [c.clause_missing],
                }
            )
        if c.clause_empty:
            rec["flags"].append(
                {
                    "code": "CLAUSE_EMPTY",
                    "severity": "error",
                    "message": f"组建协议条款无实质内容：{c.clause_empty}",
                    "unit": None,
                    "evidence": c.clause_empty,
                    "match": [c.clause_empty],
                }
            )
        for u in units:
            if u.name in c.sig_omit:
                nm = c.wname(u)
                rec["flags"].append(
                    {
                        "code": "SIGNATURE_MISSING",
                        "severity": "error",
                        "message": "成员单位未在协议签章处签章",
                        "unit": nm,
                        "evidence": None,
                        "match": [nm],
                    }
                )
        codes_written = any(m["credit_code"] for m in rec["members"])
        if codes_written:
            self.code_flags(rec, units, asked=True)
        return doc, rec
