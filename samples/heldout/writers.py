"""Documents of a consortium, each written in one of several layouts, with the record it should yield."""

from __future__ import annotations

import datetime as dt
import random

from agreement_text import AgreementText
from agreement_writer import AgreementWriter
from application_tables import ApplicationTables
from application_writer import ApplicationWriter
from blocks import P
from cn import count, fmt_date
from model import Cons
from plan_writer import PlanWriter
from pool import Unit
from records import TIER_WORDS, blank_record


class W(ApplicationWriter, ApplicationTables, AgreementText, AgreementWriter, PlanWriter):
    """Writer context for one consortium."""

    def __init__(self, c: Cons, rng: random.Random):
        self.c, self.rng = c, rng
        self.doc_flags: dict[str, list] = {}
        self.sig_forms: list[str] | None = None  # restrict the signature layouts (sealed scans)
        self.no_spacing = False
        self.sig_tall = False  # room for a seal at every entry

    # ------------------------------------------------------------------ helpers
    def code_of(self, u: Unit) -> str:
        return self.c.written_code.get(u.name, u.code)

    def code_flags(self, rec: dict, units: list[Unit], asked: bool):
        """Flags of a document that prints (or asks for) members' credit codes."""
        for u in units:
            if u.name not in self.c.written_code:
                continue
            w = self.c.written_code[u.name]
            nm = self.c.wname(u)
            if w == "" and asked:
                rec["flags"].append(
                    {
                        "code": "CREDIT_CODE_MISSING",
                        "severity": "error",
                        "message": "成员单位未填写统一社会信用代码",
                        "unit": nm,
                        "evidence": None,
                        "match": [nm],
                    }
                )
            elif w:
                rec["flags"].append(
                    {
                        "code": "CREDIT_CODE_INVALID",
                        "severity": "error",
                        "message": "统一社会信用代码不符合GB 32100-2015",
                        "unit": nm,
                        "evidence": w,
                        "match": [nm, w],
                    }
                )

    def tiers(self):
        return TIER_WORDS[
            "xj"
            if self.c.juris == "xinjiang" and self.rng.random() < 0.6
            else self.rng.choice(["std", "std", "short"])
        ]

    def date(self, d: dt.date, styles=None) -> str:
        return fmt_date(d, self.rng.choice(styles or ["cn", "cn", "upper", "dot", "slash", "cn0", "cnsp"]))

    def prov_level(self) -> str:
        return {"guangxi": "自治区级", "xinjiang": "省级", "yunnan": "省级", "yongchuan": "市级"}[
            self.c.juris
        ]

    def base_rec(self, doc_type: str) -> dict:
        r = blank_record()
        r["doc_type"] = doc_type
        r["jurisdiction"] = self.c.juris
        r["consortium_name"] = self.c.name
        r["lead_units"] = [self.c.wname(self.c.lead)]
        return r

    def body(self, text: str, indent=2) -> P:
        return P(text, indent=indent, align="justify")

    def goal_text(self) -> str:
        c, rng = self.c, self.rng
        t = c.ind[2]
        y = c.filing.year
        return (
            f"围绕{c.industry}产业链“卡脖子”环节，重点突破{t[0]}、{t[1]}和{t[2]}等关键核心技术，"
            f"到{y + rng.choice([3, 4, 5])}年形成一批具有自主知识产权的核心技术和重大产品，"
            f"制定行业标准{count(rng.randrange(3, 9), rng, '项')}，申请发明专利{count(rng.randrange(20, 80), rng, '件')}，"
            f"推动产业链整体技术水平进入国内先进行列。"
        )
