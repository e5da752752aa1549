"""Files and truth records as written: the words in file names, the names clerks give the files,
sha256, the order of a record's keys."""

from __future__ import annotations

import hashlib
import random
from pathlib import Path

from model import Cons

PLAN_WORD = {"guangxi": "建设方案", "xinjiang": "实施方案", "yunnan": "建设方案", "yongchuan": "组建方案"}


APP_WORD = {
    "guangxi": "组建申请表",
    "xinjiang": "组建申请表",
    "yunnan": "组建申请表",
    "yongchuan": "组建申请书",
}


def sha(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


def file_names(rng: random.Random, c: Cons) -> dict:
    short = c.industry
    scheme = rng.choice(["annex", "named", "numbered", "lead"])
    aw = "认定申请表" if c.version == "2025" and rng.random() < 0.6 else APP_WORD[c.juris]
    if scheme == "annex":
        return {
            "application": f"附件1-{aw}",
            "agreement": "附件2-组建协议",
            "plan": f"附件3-{PLAN_WORD[c.juris]}",
            "supplementary": "附件4-补充协议",
            "extra": "附件5-成员单位科研诚信承诺书",
        }
    if scheme == "named":
        return {
            "application": f"{short}创新联合体{aw}",
            "agreement": f"{short}创新联合体组建协议",
            "plan": f"{short}创新联合体{PLAN_WORD[c.juris]}",
            "supplementary": f"{short}创新联合体补充协议",
            "extra": "营业执照副本",
        }
    if scheme == "numbered":
        return {
            "application": "01 申请表",
            "agreement": "02 合作协议（签字盖章版）",
            "plan": f"03 {PLAN_WORD[c.juris]}",
            "supplementary": "04 补充协议",
            "extra": "05 其他证明材料",
        }
    lead = c.lead.name[:6]
    return {
        "application": f"{lead}-{aw}",
        "agreement": f"{lead}-联合体协议",
        "plan": f"{lead}-{PLAN_WORD[c.juris]}",
        "supplementary": f"{lead}-补充协议",
        "extra": f"{lead}-科研诚信承诺书",
    }


KEY_ORDER = [
    "schema_version",
    "source",
    "doc_type",
    "jurisdiction",
    "consortium_name",
    "industry",
    "lead_units",
    "agreement_effective_date",
    "filing_date",
    "contact",
    "chief_scientist",
    "platform_counts",
    "declared_counts",
    "members",
    "team",
    "platforms",
    "projects",
    "rd",
    "clauses",
    "signatories",
    "flags",
    "extra",
]


def order_record(rec: dict) -> dict:
    return {k: rec[k] for k in KEY_ORDER if k in rec}
