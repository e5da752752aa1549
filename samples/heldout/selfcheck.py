"""The generator's last step: every rule it models recomputed from the data it drew, and the truth's
flags required to be exactly the flags those rules give. A consortium that breaks a rule by chance,
a planted problem that does not break its rule, or a figure too close to its threshold to say
(the truth must be clear-cut) stops the run before truth.json is written.

Rules (the policy documents in ../shared/seeds/, as this generator models them):

  submission flags, from the consortium's units, figures and documents
    MEMBERS_BELOW_MIN      members fewer than MIN_MEMBERS (广西 8, 新疆/云南/永川 5)
    MEMBER_KINDS_FEW       广西 2025: fewer than 2 kinds of unit (企业/高校/科研院所/其他)
    ENTERPRISE_RATIO_LOW   新疆: enterprises under 50% of members (clear if at least 55%)
    LEAD_NOT_ENTERPRISE    any jurisdiction: the lead is not an enterprise
    LEAD_REVENUE_LOW       广西 under 10亿, 新疆 under 5亿 (clear if at least 1.2x, broken if under 0.9x)
    LEAD_RD_STAFF_LOW      广西, 新疆: full-time R&D staff under 30 (clear at 36, broken at 27 or fewer)
    LEAD_RD_INTENSITY_LOW  广西 2021: last year's R&D expense under 2% of revenue (clear at 2.4%, broken
                           under 1.8%); 广西 2025: three-year average under 3000万 and under 3% of revenue
                           (clear if at least 3300万 or 3.2%, broken if under 3000万 and 3%)
    RD_NOT_GROWING         新疆: R&D expense of the three years not rising (clear if each year at least 1%
                           above the last, broken if one falls by at least 1%)
    SELF_FUNDING_LOW       云南: self-funding to public funding under 2:1 (clear at 2.4)
    LEAD_PLATFORM_MISSING  广西, 新疆, 云南: no provincial-or-higher platform hosted by the lead
    CHIEF_SCIENTIST_MISSING  no chief scientist
    COUNT_MISMATCH         a declared count (members, enterprises, universities, institutes) not the
                           count of the member list by kind
    DOC_MISMATCH           a member of the application missing from the agreement
    DOCUMENT_MISSING       a required document (广西: application, agreement; 新疆, 云南: application,
                           agreement, plan; 永川: application, plan) absent or unreadable
  cross flags, over all consortia
    LEAD_CAP_EXCEEDED      广西 2025, 云南: one lead for two or more consortia of the jurisdiction
    MEMBER_CAP_EXCEEDED    广西: one unit in more than 3 consortia
    CREDIT_CODE_CONFLICT   one unit name with two different codes
    POSSIBLE_DUPLICATE_UNIT  two names as written within two edits of each other
  document flags, from each document's record
    CREDIT_CODE_INVALID    exactly the members whose written code fails GB 32100-2015
    CREDIT_CODE_MISSING    only members whose code is not written
    SIGNATURE_MISSING      exactly the agreement's parties absent from its signatories
"""

from __future__ import annotations

from collections import Counter

from model import MIN_MEMBERS, RATIO_MIN, Cons
from pool import lev
from stdnum.cn import uscc

CHECKED = {
    "MEMBERS_BELOW_MIN",
    "MEMBER_KINDS_FEW",
    "ENTERPRISE_RATIO_LOW",
    "LEAD_NOT_ENTERPRISE",
    "LEAD_REVENUE_LOW",
    "LEAD_RD_STAFF_LOW",
    "LEAD_RD_INTENSITY_LOW",
    "RD_NOT_GROWING",
    "SELF_FUNDING_LOW",
    "LEAD_PLATFORM_MISSING",
    "CHIEF_SCIENTIST_MISSING",
    "COUNT_MISMATCH",
    "DOC_MISMATCH",
    "DOCUMENT_MISSING",
}
REVENUE_MIN = {"guangxi": 10**9, "xinjiang": 5 * 10**8}
STAFF_RULE = {"guangxi", "xinjiang"}
GROWTH_RULE = {"xinjiang"}
SELF_FUNDING_RULE = {"yunnan"}
PLATFORM_RULE = {"guangxi", "xinjiang", "yunnan"}
REQUIRED_DOCS = {
    "guangxi": ["application", "agreement"],
    "xinjiang": ["application", "agreement", "plan"],
    "yunnan": ["application", "agreement", "plan"],
    "yongchuan": ["application", "plan"],
}


class SelfCheckError(AssertionError):
    pass


def _band(value: float, ok: float, bad: float, lower_is_bad: bool = True) -> bool | None:
    """True: clearly satisfied; False: clearly broken; None: too close to say."""
    if lower_is_bad:
        return True if value >= ok else False if value < bad else None
    return True if value <= ok else False if value > bad else None


def consortium_flags(c: Cons) -> tuple[Counter, list[str]]:
    """The submission flags the rules give this consortium (codes with multiplicity) and the rules too
    close to call."""
    want: Counter = Counter()
    unclear: list[str] = []

    def rule(code: str, state: bool | None, what: str, times: int = 1):
        if state is None:
            unclear.append(f"{code}: {what}")
        elif state is False:
            want[code] += times

    n = len(c.units)
    kinds = Counter(u.kind for u in c.units)
    ne = kinds["enterprise"]
    rule("MEMBERS_BELOW_MIN", n >= MIN_MEMBERS[c.juris], f"{n} members")
    if c.version == "2025":
        rule("MEMBER_KINDS_FEW", len(kinds) >= 2, f"kinds {dict(kinds)}")
    if c.juris in RATIO_MIN:
        r = ne / n
        rule("ENTERPRISE_RATIO_LOW", _band(r, 0.55, RATIO_MIN[c.juris]), f"{ne}/{n}")
    rule("LEAD_NOT_ENTERPRISE", c.lead.kind == "enterprise", c.lead.kind)
    rd = c.rd
    if not rd.get("none"):
        if c.juris in REVENUE_MIN:
            m = REVENUE_MIN[c.juris]
            rule("LEAD_REVENUE_LOW", _band(rd["revenue"], 1.2 * m, 0.9 * m), str(rd["revenue"]))
        if c.juris in STAFF_RULE:
            rule("LEAD_RD_STAFF_LOW", _band(rd["staff"], 36, 28), str(rd["staff"]))
        if c.version == "2021":
            inten = rd["expense"][-1] / rd["revenue"] * 100
            rule("LEAD_RD_INTENSITY_LOW", _band(inten, 2.4, 1.8), f"{inten:.2f}%")
        elif c.version == "2025":
            avg = sum(rd["expense"]) / len(rd["expense"])
            share = avg / rd["revenue"] * 100
            state = True if avg >= 3.3e7 or share >= 3.2 else False if avg < 3e7 and share < 3.0 else None
            rule("LEAD_RD_INTENSITY_LOW", state, f"average {avg:.0f}, {share:.2f}%")
        if c.juris in GROWTH_RULE:
            e = rd["expense"]
            steps = [b / a for a, b in zip(e, e[1:])]
            state = True if min(steps) >= 1.01 else False if min(steps) <= 0.99 else None
            rule("RD_NOT_GROWING", state, str(e))
        if c.juris in SELF_FUNDING_RULE:
            rule("SELF_FUNDING_LOW", _band(rd["self_ratio"], 2.4, 2.0), f"{rd['self_ratio']}:1")
    if c.juris in PLATFORM_RULE:
        hosted = [
            p
            for p in c.platforms
            if p["host_unit"] == c.lead.name and p["level"] in ("national", "provincial")
        ]
        rule("LEAD_PLATFORM_MISSING", bool(hosted), "platforms of the lead")
    rule("CHIEF_SCIENTIST_MISSING", c.chief is not None, "chief scientist")
    actual = {
        "members": n,
        "enterprises": ne,
        "universities": kinds["university"],
        "institutes": kinds["institute"],
    }
    if "application" in c.docs:
        wrong = [k for k, v in actual.items() if c.declared.get(k) != v]
        if wrong:
            want["COUNT_MISMATCH"] += len(wrong)
    if "agreement" in c.docs and c.bad != "agreement_encrypted" and "application" in c.docs:
        rule("DOC_MISMATCH", not c.agr_omit, f"left out of the agreement: {sorted(c.agr_omit)}")
    present = [d for d in c.docs if not (d == "agreement" and c.bad == "agreement_encrypted")]
    missing = [d for d in REQUIRED_DOCS[c.juris] if d not in present]
    rule("DOCUMENT_MISSING", not missing, f"missing {missing}", times=len(missing) or 1)
    return want, unclear


def cross_flags(cons: list[Cons]) -> Counter:
    """(code, unit) of the cross-consortium flags the rules give."""
    want: Counter = Counter()
    leads: dict[tuple, list[Cons]] = {}
    for c in cons:
        if c.juris == "yunnan" or c.version == "2025":
            leads.setdefault((c.juris, c.lead.name), []).append(c)
    for (_j, name), cs in leads.items():
        if len(cs) > 1:
            want[("LEAD_CAP_EXCEEDED", name)] += 1
    seen: dict[str, set] = {}
    codes: dict[str, set] = {}
    for c in cons:
        for u in c.units:
            if c.juris == "guangxi":
                seen.setdefault(u.name, set()).add(c.sid)
            codes.setdefault(u.name, set()).add(u.code)
    for name, sids in seen.items():
        if len(sids) > 3:
            want[("MEMBER_CAP_EXCEEDED", name)] += 1
    for name, cs in codes.items():
        if len(cs) > 1:
            want[("CREDIT_CODE_CONFLICT", name)] += 1
    written = []
    for c in cons:
        for u in c.units:
            written.append((c.wname(u), u.name, c.sid))
    for i, (a, a_true, sa) in enumerate(written):
        for b, _b_true, sb in written[i + 1 :]:
            if sa != sb and a != b and lev(a, b) <= 2:
                # the unit named as first drawn is the one the flag names
                src = a if a == a_true else b
                want[("POSSIBLE_DUPLICATE_UNIT", src)] += 1
    return want


def document_problems(doc: dict) -> list[str]:
    rec = doc.get("record") or {}
    flags = rec.get("flags") or []
    out = []
    members = rec.get("members") or []
    bad_codes = {m["name"] for m in members if m.get("credit_code") and not uscc.is_valid(m["credit_code"])}
    flagged = {f["unit"] for f in flags if f["code"] == "CREDIT_CODE_INVALID"}
    if bad_codes != flagged:
        out.append(f"CREDIT_CODE_INVALID: codes failing {sorted(bad_codes)}, flagged {sorted(flagged)}")
    blank = {m["name"] for m in members if not m.get("credit_code")}
    flagged = {f["unit"] for f in flags if f["code"] == "CREDIT_CODE_MISSING"}
    if not flagged <= blank:
        out.append(f"CREDIT_CODE_MISSING flagged for written codes: {sorted(flagged - blank)}")
    if rec.get("doc_type") == "agreement" and rec.get("signatories") is not None:
        unsigned = {m["name"] for m in members} - set(rec["signatories"])
        flagged = {f["unit"] for f in flags if f["code"] == "SIGNATURE_MISSING"}
        if unsigned != flagged:
            out.append(f"SIGNATURE_MISSING: unsigned {sorted(unsigned)}, flagged {sorted(flagged)}")
    return out


def check(cons: list[Cons], submissions: list[dict], documents: list[dict], cross: list[dict]) -> dict:
    """Raise SelfCheckError listing every disagreement; return a count of the flags checked."""
    problems: list[str] = []
    by_sid = {s["id"]: s for s in submissions}
    total: Counter = Counter()
    for c in cons:
        s = by_sid.get(c.sid)
        if s is None:
            problems.append(f"{c.sid}: no submission entry")
            continue
        want, unclear = consortium_flags(c)
        have = Counter(f["code"] for f in s["flags"] if f["code"] in CHECKED)
        for u in unclear:
            problems.append(f"{c.sid} ({c.juris} {c.version or ''}): too close to call: {u}")
        if want != have:
            problems.append(
                f"{c.sid} ({c.juris} {c.version or ''}): rules give {dict(want)}, truth has {dict(have)}"
            )
        other = [f["code"] for f in s["flags"] if f["code"] not in CHECKED]
        if other:
            problems.append(f"{c.sid}: flags no rule here models: {other}")
        kinds = Counter(m["kind"] for m in s["members"])
        for m in s["members"]:
            if m["name"].endswith("公司") and m["kind"] != "enterprise":
                problems.append(f"{c.sid}: {m['name']} is a company but its kind is {m['kind']}")
        if [m["name"] for m in s["members"]] != [c.wname(u) for u in c.units]:
            problems.append(f"{c.sid}: members in truth differ from the consortium's units")
        if sum(kinds.values()) != len(c.units):
            problems.append(f"{c.sid}: member count")
        total.update(have)
    want_x = cross_flags(cons)
    have_x = Counter((f["code"], f["unit"]) for f in cross)
    if want_x != have_x:
        problems.append(f"cross flags: rules give {dict(want_x)}, truth has {dict(have_x)}")
    total.update(code for code, _ in have_x.elements())
    sids = {c.sid for c in cons}
    for d in documents:
        if d["submission"] not in sids:
            continue
        for p in document_problems(d):
            problems.append(f"{d['path']}: {p}")
        total.update(f["code"] for f in (d.get("record") or {}).get("flags") or [])
    if problems:
        raise SelfCheckError(
            "truth does not match the rules recomputed from the generated data:\n  " + "\n  ".join(problems)
        )
    return dict(total)
