"""Which consortia a corpus has: drawn from the scenarios, with their planted problems and the
cross-consortium cases (caps, code conflicts, near-duplicate names)."""

from __future__ import annotations

import copy
import datetime as dt

from model import Cons, new_cons
from plants import plant
from pool import Unit, kind_by_name, make_code
from scenarios import SCENARIOS


class Planning:
    """Making the corpus's consortia."""

    # -------------------------------------------------------------- consortia
    def make_consortia(self, k: int) -> list[Cons]:
        rng, reg = self.rng, self.reg
        rows = (
            SCENARIOS[:k]
            if k <= len(SCENARIOS)
            else SCENARIOS + [(j, y, [], None) for j, y, _, _ in (SCENARIOS * 3)[len(SCENARIOS) : k]]
        )
        roles = [r[3] for r in rows]
        ind_next = {}
        cons = []
        for i, (juris, years, plants, _role) in enumerate(rows, 1):
            ind_next[juris] = ind_next.get(juris, rng.randrange(7)) + 1
            year = rng.randrange(years[0], years[1] + 1)
            c = new_cons(rng, reg, f"S{i:02d}", juris, ind_next[juris], year)
            if c.juris == "guangxi" and years[0] >= 2025 and c.filing < dt.date(2025, 1, 1):
                c.filing = c.filing.replace(year=2025)
            if c.juris == "guangxi" and years[1] <= 2024 and c.filing >= dt.date(2025, 1, 1):
                c.filing = c.filing.replace(year=2024)
            c.effective = c.filing - dt.timedelta(days=rng.randrange(12, 80))
            c.docs = {
                "guangxi": ["application", "agreement"] + (["plan"] if rng.random() < 0.4 else []),
                "xinjiang": ["application", "agreement", "plan"],
                "yunnan": ["application", "agreement", "plan"],
                "yongchuan": ["application", "plan"] + (["agreement"] if rng.random() < 0.6 else []),
            }[juris]
            for p in plants:
                if p == "agreement_unreadable":
                    c.bad = "agreement_encrypted"
                    c.plants.append(p)
                    c.sub_flags.append(
                        {
                            "code": "DOCUMENT_MISSING",
                            "severity": "error",
                            "message": "组建协议无法读取，视为未提交",
                            "unit": None,
                            "evidence": "组建协议",
                            "match": [],
                        }
                    )
                    c.notes.append("组建协议为加密PDF，无法读取（UNREADABLE），因此同时缺少组建协议")
                    continue
                if (
                    p in ("signature_missing", "clause_missing", "clause_empty", "doc_mismatch")
                    and "agreement" not in c.docs
                ):
                    c.docs.append("agreement")
                plant(rng, reg, c, p)
            if rng.random() < 0.25 and "supplementary" not in c.docs and "agreement" in c.docs:
                c.docs.append("supplementary")
            cons.append(c)
        self.cross_plants(cons, roles)
        return cons

    def cross_plants(self, cons: list[Cons], roles: list):
        rng = self.rng
        by = {}
        for c, r in zip(cons, roles):
            if r:
                by.setdefault(r, []).append(c)
        if "leadcap_a" in by and "leadcap_b" in by:
            a, b = by["leadcap_a"][0], by["leadcap_b"][0]
            self.reg.names.remove(b.lead.name)
            old = b.lead.name
            b.units[0] = copy.deepcopy(a.lead)
            b.units[0].note = b.units[0].note
            for t in b.team:
                if t["employer"] == old:
                    t["employer"] = a.lead.name
            for p in b.platforms:
                if p["host_unit"] == old:
                    p["host_unit"] = a.lead.name
            for c in (a, b):
                c.plants.append("lead_cap")
                c.notes.append(f"{a.lead.name}同时牵头{a.name}和{b.name}")
            self.cross.append(
                {
                    "code": "LEAD_CAP_EXCEEDED",
                    "unit": a.lead.name,
                    "match": [a.lead.name],
                    "consortia": [a.name, b.name],
                    "evidence": f"{a.name}、{b.name}",
                }
            )
        if "membercap" in by and len(by["membercap"]) >= 4:
            grp = by["membercap"]
            name, div, city = self.reg.other("guangxi", "科技")
            kind = kind_by_name(name, "other")
            shared = Unit(
                name,
                kind,
                make_code(rng, kind, div),
                "guangxi",
                city,
                tier="general",
                note="提供技术转移、知识产权运营和科技金融服务。",
            )
            for c in grp:
                c.units.append(copy.deepcopy(shared))
                c.declared["members"] += 1
                if kind == "enterprise":
                    c.declared["enterprises"] += 1
                c.plants.append("member_cap")
                c.notes.append(f"{name}同时参加{len(grp)}个广西创新联合体（办法：至多3个）")
            self.cross.append(
                {
                    "code": "MEMBER_CAP_EXCEEDED",
                    "unit": name,
                    "match": [name],
                    "consortia": [c.name for c in grp],
                    "evidence": str(len(grp)),
                }
            )
        if "conflict_a" in by and "conflict_b" in by:
            a, b = by["conflict_a"][0], by["conflict_b"][0]
            u = copy.deepcopy(next(x for x in a.units[1:] if x.kind == "enterprise"))
            u.code = make_code(rng, "enterprise", u.code[2:8])
            u.tier = "close"
            b.units.insert(len(b.units) - 1, u)
            b.declared["members"] += 1
            b.declared["enterprises"] += 1
            orig = next(x for x in a.units if x.name == u.name)
            for c in (a, b):
                c.plants.append("code_conflict")
                c.notes.append(f"{u.name}在两个联合体中填写了不同的统一社会信用代码（均校验通过）")
            self.cross.append(
                {
                    "code": "CREDIT_CODE_CONFLICT",
                    "unit": u.name,
                    "match": [u.name, orig.code, u.code],
                    "consortia": [a.name, b.name],
                    "evidence": f"{orig.code} / {u.code}",
                }
            )
        if "dup_a" in by and "dup_b" in by:
            a, b = by["dup_a"][0], by["dup_b"][0]
            # a homophone slip in the brand, as typed by another clerk
            swaps = {
                "泓": "宏",
                "晟": "盛",
                "骏": "俊",
                "皓": "浩",
                "煜": "昱",
                "澜": "兰",
                "峰": "锋",
                "铂": "博",
                "钧": "均",
                "昊": "浩",
                "嘉": "佳",
                "润": "闰",
                "腾": "滕",
                "锐": "瑞",
                "晖": "辉",
                "嵘": "荣",
                "澄": "城",
                "睿": "锐",
                "达": "答",
                "源": "元",
                "泰": "太",
                "驰": "弛",
                "程": "成",
                "祥": "翔",
                "航": "杭",
                "峻": "骏",
                "邦": "帮",
                "拓": "托",
                "恒": "衡",
                "华": "骅",
                "宇": "语",
                "晨": "辰",
            }
            ents = [x for x in a.units[2:] if x.kind == "enterprise"]
            # a unit whose name has a letter to slip on (else the names would be the same, not near)
            src = next((x for x in ents if any(ch in swaps for ch in x.name[2:])), ents[0])
            u = copy.deepcopy(src)
            nm = u.name
            for i, ch in enumerate(nm[2:], 2):
                if ch in swaps:
                    nm = nm[:i] + swaps[ch] + nm[i + 1 :]
                    break
            if nm == u.name:  # no letter to slip on: the suffix shortened instead
                for full, short in [
                    ("有限责任公司", "有限公司"),
                    ("股份有限公司", "股份公司"),
                    ("有限公司", "公司"),
                ]:
                    if nm.endswith(full):
                        nm = nm[: -len(full)] + short
                        break
            u.tier = "general"
            b.units.append(u)
            b.alias[u.name] = nm
            b.written_code[u.name] = ""
            b.declared["members"] += 1
            b.declared["enterprises"] += 1
            for c in (a, b):
                c.plants.append("possible_duplicate")
            b.notes.append(f"{nm}（无代码）与{a.name}的{src.name}疑为同一单位；申请表代码栏空白")
            a.notes.append(f"{src.name}与{b.name}中的{nm}疑为同一单位")
            self.cross.append(
                {
                    "code": "POSSIBLE_DUPLICATE_UNIT",
                    "unit": src.name,
                    "match": [src.name, nm],
                    "consortia": [a.name, b.name],
                    "evidence": f"{src.name} / {nm}",
                }
            )
