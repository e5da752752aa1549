"""Planning a corpus: the jurisdiction slots, the planted problems by recipe, the clean but tricky
negatives, the consortia made for them, and the legacy alliances."""

from __future__ import annotations

import copy
import random

import legacy
from builder import Builder
from model import Consortium
from plants import apply_plants, cross_plants

# ------------------------------------------------------------------------------ planning
# jurisdiction slots for the default 30: 广西 2025 办法 7, 广西 2021 方案 4, 新疆 6, 云南 7, 永川 6
SHARES = [
    (("guangxi", "2025"), 7),
    (("guangxi", "2021"), 4),
    (("xinjiang", None), 6),
    (("yunnan", None), 7),
    (("yongchuan", None), 6),
]


# (name, slot key, plants of each consortium in the group); a group is placed only if its slots are free
RECIPES: list[tuple[str, tuple, list[list[str]]]] = [
    (
        "member_cap",
        ("guangxi", "2025"),
        [["code_invalid"], ["rd_intensity_low_2025"], ["signature_missing"], ["encrypted_agreement"]],
    ),
    ("lead_cap", ("yunnan", None), [["self_funding_low"], ["clause_missing_yn"]]),
    ("code_conflict", ("xinjiang", None), [["ratio_low", "clause_empty"], ["revenue_low"]]),
    ("dup_name", ("xinjiang", None), [["rd_not_growing"], ["chief_missing"]]),
    ("", ("guangxi", "2025"), [["kinds_few", "clause_missing"]]),
    ("", ("guangxi", "2021"), [["members_below_min", "code_invalid"]]),
    ("", ("guangxi", "2021"), [["rd_staff_low", "clause_empty"]]),
    ("", ("guangxi", "2021"), [["doc_mismatch", "count_mismatch_ent", "unreadable_extra"]]),
    ("", ("yunnan", None), [["lead_not_enterprise", "signature_missing"]]),
    ("", ("yunnan", None), [["platform_missing", "unreadable_extra"]]),
    ("", ("yongchuan", None), [["count_mismatch", "lead_outside"]]),
    ("", ("yongchuan", None), [["members_below_min", "code_missing"]]),
    ("", ("xinjiang", None), [["doc_missing_plan", "clause_missing"]]),
]


# tricky but clean: no flag is expected
NEGATIVES = {
    ("guangxi", "2025"): ["small_2025", "intensity_either"],
    ("guangxi", "2021"): ["intensity_2021_ok"],
    ("yongchuan", None): ["no_application", "no_agreement"],
    ("yunnan", None): ["two_leads"],
}


def slot_list(n: int) -> list[tuple]:
    total = sum(k for _, k in SHARES)
    counts = [max(1, round(n * k / total)) for _, k in SHARES]
    while sum(counts) > n:
        counts[counts.index(max(counts))] -= 1
    while sum(counts) < n:
        counts[counts.index(min(counts))] += 1
    out = []
    for (key, _), c in zip(SHARES, counts):
        out += [key] * c
    return out


def plan_corpus(rng: random.Random, n: int) -> list[dict]:
    slots = [{"key": k, "plants": [], "group": None, "negatives": []} for k in slot_list(n)]
    budget = round(n * 0.65)  # about a third of the submissions stay clean
    for name, key, plants in RECIPES:
        free = [s for s in slots if s["key"] == key and not s["plants"] and s["group"] is None]
        if len(free) < len(plants) or len(plants) > budget:
            continue
        budget -= len(plants)
        for s, p in zip(free, plants):
            s["plants"] = list(p)
            s["group"] = name or None
    for key, negs in NEGATIVES.items():
        free = [s for s in slots if s["key"] == key and not s["plants"]]
        for s, neg in zip(free, negs):
            s["negatives"].append(neg)
    return slots


# ------------------------------------------------------------------------------ consortia
def make_consortia(rng: random.Random, b: Builder, slots: list[dict]) -> tuple[list[Consortium], list[dict]]:
    cons: list[Consortium] = []
    for i, s in enumerate(slots):
        juris, version = s["key"]
        p, neg = s["plants"], s["negatives"]
        sid = f"S{i + 1:02d}"
        size = rng.randrange(8, 13)
        kw: dict = {}
        if juris == "guangxi" and version == "2021":
            size = rng.randrange(9, 14)
        if "members_below_min" in p:
            size = {"guangxi": rng.choice([6, 7]), "xinjiang": 4, "yongchuan": 4}[juris]
            if juris != "guangxi":
                kw.update(n_univ=1, n_inst=0, n_other=0)
        if "small_2025" in neg:
            size = 6
        if "kinds_few" in p:
            kw.update(n_univ=0, n_inst=0, n_other=0)
            size = rng.randrange(6, 9)
        if "ratio_low" in p:
            size = 8
            kw.update(n_univ=3, n_inst=2, n_other=0)
        if "lead_not_enterprise" in p:
            kw["lead_kind"] = "institute"
        if "two_leads" in neg:
            kw["n_leads"] = 2
        if "lead_outside" in p:
            kw["lead_outside"] = True
        c = b.make(sid, juris, version, size, **kw)
        c.plants = list(p)
        c.variants = list(neg)
        c.group = s["group"]
        c.key = s["key"]
        apply_plants(rng, b, c)
        cons.append(c)
    cross = cross_plants(rng, b, cons)
    return cons, cross


# ------------------------------------------------------------------------------ legacy alliances
def make_alliances(rng: random.Random, b: Builder, cons: list[Consortium], n: int) -> list[legacy.Alliance]:
    out = []
    specs = [
        ("guangxi", "六堡茶", ["茶业", "农业科技", "食品"]),
        ("yunnan", "锡", ["锡业", "有色金属", "冶炼"]),
        ("xinjiang", "红枣", ["果业", "农业科技", "食品"]),
        ("guangxi", "北部湾海洋", ["海洋", "水产", "生物科技"]),
    ]
    n_styles = rng.randrange(4)
    for i in range(n):
        juris, ind, words = specs[i % len(specs)]
        pre = {"guangxi": rng.choice(["广西壮族自治区", "广西"]), "yunnan": "云南", "xinjiang": "新疆"}[juris]
        name = f"{pre}{ind}产业技术创新战略联盟"
        lead = b.enterprise(juris, words, lead=True)
        members = [lead]
        for _ in range(rng.randrange(3, 6)):
            members.append(b.enterprise(juris, words))
        members.append(b.university(juris))
        members.append(b.institute(juris, [ind]))
        a = legacy.Alliance(
            sid=f"S{len(cons) + i + 1:02d}", juris=juris, name=name, industry=ind, members=members
        )
        notes = []
        if i == 0 and getattr(b, "shared_university", None) is not None:
            v = copy.deepcopy(b.shared_university)
            a.members.append(v)
            notes.append(f"(无标记) {v.name} 也是3个广西创新联合体的成员：联盟不计入成员上限")
        if i == 1:
            yn = [c for c in cons if c.juris == "yunnan" and not c.plants]
            if yn:
                a.members[0] = copy.deepcopy(yn[0].lead)
                notes.append(f"(无标记) 理事长单位 {yn[0].lead.name} 也牵头 {yn[0].name}：联盟不计入牵头上限")
        a.struck = b.enterprise(juris, words) if i in (0, 2) else None
        if a.struck:
            notes.append(f"{a.struck.name} 后注“(要删除)”：不是成员")
        a.traditional = i == 2
        if a.traditional:
            notes.append("全文繁体字：名称按繁体原样记录")
        kinds = ["协议书", "章程", "申请书"]
        chosen = [kinds[i % 3]] if i != 1 else ["章程", "申请书"]
        a.styles = {}
        for k in chosen:  # every list style in turn over the legacy documents
            a.styles[k] = ["sentence", "lines", "semicolon", "prose"][n_styles % 4]
            n_styles += 1
        a.notes = notes
        a.docs = [
            {"type": "legacy", "kind": k, "medium": ["docx", "doc", "pdf"][(i + j) % 3]}
            for j, k in enumerate(chosen)
        ]
        out.append(a)
    return out
