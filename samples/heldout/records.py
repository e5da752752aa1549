"""What every writer shares: a blank contract record and a member row of the truth, the words for
tiers and kinds, letter-spaced text."""

from __future__ import annotations

from pool import Unit

TIER_WORDS = {
    "std": {"lead": "牵头单位", "core": "核心层单位", "close": "紧密合作单位", "general": "一般协作层单位"},
    "xj": {"lead": "牵头企业", "core": "核心层", "close": "紧密层", "general": "生态层"},
    "short": {"lead": "牵头", "core": "核心层", "close": "紧密合作层", "general": "一般协作层"},
}


KIND_WORDS = {
    "enterprise": ["企业", "企业", "民营企业", "国有企业"],
    "university": ["高校", "高等学校", "高等院校"],
    "institute": ["科研院所", "科研机构", "研究机构"],
    "other": ["其他", "服务机构", "社会组织"],
}


def blank_record() -> dict:
    return {
        "schema_version": "1.0",
        "doc_type": "unknown",
        "jurisdiction": "unknown",
        "consortium_name": None,
        "industry": None,
        "lead_units": [],
        "agreement_effective_date": None,
        "filing_date": None,
        "contact": {"person": None, "phone": None},
        "chief_scientist": {"name": None, "title": None},
        "platform_counts": {"national": None, "provincial": None},
        "declared_counts": {"members": None, "enterprises": None, "universities": None, "institutes": None},
        "members": [],
        "team": [],
        "platforms": [],
        "projects": [],
        "rd": {
            "revenue_cny": None,
            "rd_staff": None,
            "rd_expense_cny": [],
            "rd_intensity_pct": None,
            "self_funding_ratio": None,
        },
        "clauses": {},
        "signatories": [],
        "flags": [],
    }


def spaced(s: str) -> str:
    return " ".join(s)


def member(u: Unit, name: str, code: str | None, tier: str, note: str | None) -> dict:
    return {"name": name, "credit_code": code or None, "tier": tier, "kind": u.kind, "note": note}
