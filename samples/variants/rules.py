"""The generator's own reading of the seeds' rules, applied to what the readable documents of a
submission state (their truth records). The truth's submission flags come from here; the planner
then checks that they are exactly the planted ones, so a clean submission carries no flag by accident.

Thresholds (seeds): 广西 2021 方案 三（二）: revenue ≥ 10亿, 专职研发 ≥ 30, intensity ≥ 2%, members ≥ 8 (一);
广西 管理办法 第五条: ≥ 2 kinds, revenue ≥ 10亿, 专职 ≥ 30, 3-year average ≥ 3000万 or ≥ 3%, member cap 3,
lead cap 1; 新疆 指引 二: revenue ≥ 5亿, R&D growing, 专职 ≥ 30, members ≥ 5, enterprises ≥ 50%, lead cap 1;
云南 方案 四: self-funding ≥ 2:1, lead cap 1; 永川 方案 三: members ≥ 5, lead in 永川 (500118).
Platforms of provincial level or above hosted by the lead: 广西, 新疆, 云南. 首席科学家/首席专家: 新疆, 云南.
Required documents: 广西 申请表+协议; 新疆/云南 申请表+协议+方案; 永川 组建方案 only (004 四（一）).
"""

from __future__ import annotations

REQUIRED = {
    "guangxi": ["application", "agreement"],
    "xinjiang": ["application", "agreement", "plan"],
    "yunnan": ["application", "agreement", "plan"],
    "yongchuan": ["plan"],
}
DOC_WORD = {"application": "申请表", "agreement": "组建协议", "plan": "建设/实施/组建方案"}
MIN_MEMBERS = {("guangxi", "2021"): 8, ("xinjiang", None): 5, ("yongchuan", None): 5}
LEAD_PREFIX = {
    ("guangxi", "2021"): "45",
    ("xinjiang", None): "65",
    ("yunnan", None): "53",
    ("yongchuan", None): "500118",
}
REVENUE_MIN = {"guangxi": 1_000_000_000, "xinjiang": 500_000_000}
DOCS = {
    ("guangxi", "2021"): "《广西壮族自治区创新联合体建设管理工作方案（试行）》",
    ("guangxi", "2025"): "《广西壮族自治区创新联合体管理办法》",
    ("xinjiang", None): "《新疆维吾尔自治区创新联合体建设工作指引（试行）》",
    ("yunnan", None): "《云南省创新联合体建设管理工作方案（试行）》",
    ("yongchuan", None): "《永川区创新联合体试点建设管理工作方案》",
}
LEAD_CAP = {("guangxi", "2025"), ("xinjiang", None), ("yunnan", None)}
MEMBER_CAP = {("guangxi", "2025"): 3}


def key(juris: str, version: str | None) -> tuple[str, str | None]:
    return (juris, version if juris == "guangxi" else None)


def _flag(
    code: str,
    consortium: str,
    message: str,
    unit: str | None = None,
    evidence: str | None = None,
    match: list[str] | None = None,
    severity: str = "error",
) -> dict:
    return {
        "code": code,
        "severity": severity,
        "message": message,
        "consortium": consortium,
        "unit": unit,
        "document": None,
        "evidence": evidence,
        "match": match or [],
    }


def first(records: list[dict], getter):
    for r in records:
        v = getter(r)
        if v not in (None, [], {}):
            return v
    return None


def submission_flags(juris: str, version: str | None, name: str, docs: list[dict]) -> list[dict]:
    """docs: truth records of the submission's files (unreadable ones have doc_type 'unreadable')."""
    k = key(juris, version)
    cite = DOCS[k]
    readable = [d for d in docs if d["doc_type"] not in ("unreadable", "unknown")]
    by_type: dict[str, list[dict]] = {}
    for d in readable:
        by_type.setdefault(d["doc_type"], []).append(d)
    out: list[dict] = []
    for t in REQUIRED[juris]:
        if t not in by_type:
            out.append(
                _flag("DOCUMENT_MISSING", name, f"未提交{DOC_WORD[t]}（{cite}）", evidence=DOC_WORD[t])
            )
    app = by_type.get("application", [None])[0]
    agr = by_type.get("agreement", [None])[0]
    plan = by_type.get("plan", [None])[0]
    ref = app or agr or plan
    if ref is None:
        return out
    members = ref["members"]
    n = len(members)
    kinds = [m["kind"] for m in members]
    # declared counts (the application's, or the plan's where 永川 files no application)
    decl_src = (
        app
        if app is not None
        else (plan if plan is not None and plan["declared_counts"]["members"] else None)
    )
    if decl_src is not None:
        dc = decl_src["declared_counts"]
        actual = {
            "members": n,
            "enterprises": kinds.count("enterprise"),
            "universities": kinds.count("university"),
            "institutes": kinds.count("institute"),
        }
        diffs = [f"{f}: {dc[f]} vs {actual[f]}" for f in actual if dc[f] is not None and dc[f] != actual[f]]
        if diffs:
            out.append(
                _flag(
                    "COUNT_MISMATCH", name, "申请表填报的单位数量与成员名单不一致", evidence="; ".join(diffs)
                )
            )
    mn = MIN_MEMBERS.get(k)
    if mn and n < mn:
        out.append(
            _flag(
                "MEMBERS_BELOW_MIN",
                name,
                f"成员单位{n}个，少于{mn}个（{cite}）",
                evidence=str(n),
                severity="warning",
            )
        )
    if k == ("guangxi", "2025") and len(set(kinds)) < 2:
        out.append(
            _flag(
                "MEMBER_KINDS_FEW",
                name,
                f"成员单位类型少于2类（{cite}第五条（一））",
                evidence=",".join(sorted(set(kinds))),
            )
        )
    if juris == "xinjiang" and n and kinds.count("enterprise") / n < 0.5:
        out.append(
            _flag(
                "ENTERPRISE_RATIO_LOW",
                name,
                f"企业比例低于50%（{cite}二（二）1）",
                evidence=f"{kinds.count('enterprise')}/{n}",
            )
        )
    leads = [m for m in members if m["tier"] == "lead"]
    for ld in leads:
        if ld["kind"] != "enterprise":
            out.append(
                _flag("LEAD_NOT_ENTERPRISE", name, "牵头单位不是企业", unit=ld["name"], match=[ld["name"]])
            )
    pre = LEAD_PREFIX.get(k)
    lead_code_src = app or ref
    if pre:
        for ld in [m for m in lead_code_src["members"] if m["tier"] == "lead"]:
            code = ld["credit_code"]
            if code and code[2 : 2 + len(pre)] != pre:
                out.append(
                    _flag(
                        "LEAD_OUTSIDE_JURISDICTION",
                        name,
                        f"牵头单位注册地不在本辖区（{cite}）",
                        unit=ld["name"],
                        evidence=code,
                        match=[ld["name"]],
                    )
                )
    if juris in ("guangxi", "xinjiang", "yunnan") and app is not None and app["platforms"]:
        for ld in [m for m in app["members"] if m["tier"] == "lead"][:1]:
            ok = any(
                p["host_unit"] == ld["name"] and p["level"] in ("national", "provincial")
                for p in app["platforms"]
            )
            if not ok:
                out.append(
                    _flag(
                        "LEAD_PLATFORM_MISSING",
                        name,
                        "牵头单位未列出省级（自治区级）及以上创新平台",
                        unit=ld["name"],
                        match=[ld["name"]],
                    )
                )
    if juris in ("xinjiang", "yunnan") and app is not None and not app["chief_scientist"]["name"]:
        out.append(_flag("CHIEF_SCIENTIST_MISSING", name, "申请表未推荐首席科学家/首席专家"))
    # the lead's figures, from the first readable document stating them
    order = [d for d in (app, plan, agr) if d is not None]
    lead_name = leads[0]["name"] if leads else None
    rev = first(order, lambda r: r["rd"]["revenue_cny"])
    staff = first(order, lambda r: r["rd"]["rd_staff"])
    exp = first(order, lambda r: r["rd"]["rd_expense_cny"])
    inten = first(order, lambda r: r["rd"]["rd_intensity_pct"])
    ratio = first(order, lambda r: r["rd"]["self_funding_ratio"])
    if juris in REVENUE_MIN and rev is not None and rev < REVENUE_MIN[juris]:
        out.append(
            _flag(
                "LEAD_REVENUE_LOW",
                name,
                f"牵头单位营业收入低于门槛（{cite}）",
                unit=lead_name,
                evidence=str(int(rev)),
                match=[lead_name],
            )
        )
    if juris in ("guangxi", "xinjiang") and staff is not None and staff < 30:
        out.append(
            _flag(
                "LEAD_RD_STAFF_LOW",
                name,
                f"牵头单位专职研发人员少于30人（{cite}）",
                unit=lead_name,
                evidence=str(staff),
                match=[lead_name],
            )
        )
    if k == ("guangxi", "2021") and inten is not None and inten < 2:
        out.append(
            _flag(
                "LEAD_RD_INTENSITY_LOW",
                name,
                f"牵头单位研发投入强度低于2%（{cite}三（二）3）",
                unit=lead_name,
                evidence=str(inten),
                match=[lead_name],
            )
        )
    if k == ("guangxi", "2025") and (exp or inten is not None):
        avg_ok = bool(exp) and sum(x["amount_cny"] for x in exp) / len(exp) >= 30_000_000
        int_ok = inten is not None and inten >= 3
        if not avg_ok and not int_ok:
            out.append(
                _flag(
                    "LEAD_RD_INTENSITY_LOW",
                    name,
                    f"牵头单位近三年年均研发费用不足3000万元且占比低于3%（{cite}第五条（二）3）",
                    unit=lead_name,
                    evidence=str(inten),
                    match=[lead_name],
                    severity="warning",
                )
            )
    if juris == "xinjiang" and exp and len(exp) >= 2:
        amounts = [x["amount_cny"] for x in exp]
        if any(b <= a for a, b in zip(amounts, amounts[1:])):
            out.append(
                _flag(
                    "RD_NOT_GROWING",
                    name,
                    f"牵头企业近三年研发投入未持续增长（{cite}二（一）2）",
                    unit=lead_name,
                    evidence=" / ".join(str(int(a)) for a in amounts),
                    match=[lead_name],
                )
            )
    if juris == "yunnan" and ratio is not None and ratio < 2:
        out.append(
            _flag(
                "SELF_FUNDING_LOW",
                name,
                f"自筹经费与财政经费比例低于2:1（{cite}四（四））",
                evidence=str(ratio),
            )
        )
    # application vs agreement
    if app is not None and agr is not None:
        a_names = {m["name"] for m in app["members"]}
        g_names = {m["name"] for m in agr["members"]}
        diff = sorted(a_names ^ g_names)
        if diff:
            out.append(
                _flag(
                    "DOC_MISMATCH",
                    name,
                    "申请表与组建协议的成员单位不一致",
                    evidence="、".join(diff),
                    match=diff[:1],
                )
            )
    return out


def sev(code: str, juris: str, version: str | None) -> str:
    return "warning" if code in ("POSSIBLE_DUPLICATE_UNIT",) else "error"
