"""The scenarios a corpus is drawn from: each a jurisdiction, its filing years, the problems
planted and its role in a cross-consortium case."""

from __future__ import annotations

# (jurisdiction, filing years, plants, cross role)
SCENARIOS = [
    ("guangxi", (2022, 2024), ["revenue_low"], None),
    ("xinjiang", (2023, 2026), ["not_growing"], None),
    ("yunnan", (2023, 2026), ["self_funding_low"], None),
    ("yongchuan", (2023, 2026), ["below_min"], None),
    ("guangxi", (2025, 2026), ["kinds_few"], None),
    ("xinjiang", (2023, 2026), [], "conflict_a"),
    ("yunnan", (2023, 2026), [], "leadcap_a"),
    ("guangxi", (2022, 2024), ["intensity_low", "code_invalid"], None),
    ("yongchuan", (2023, 2026), ["lead_not_enterprise"], None),
    ("guangxi", (2025, 2026), ["staff_low"], "membercap"),
    ("xinjiang", (2023, 2026), ["ratio_low"], None),
    ("yunnan", (2023, 2026), ["clause_missing"], None),
    ("guangxi", (2022, 2024), ["agreement_unreadable"], None),
    ("yongchuan", (2023, 2026), [], "dup_a"),
    ("xinjiang", (2023, 2026), ["chief_missing"], None),
    ("guangxi", (2025, 2026), ["clause_empty"], "membercap"),
    ("yunnan", (2023, 2026), ["platform_missing"], None),
    ("yongchuan", (2023, 2026), ["count_enterprises", "signature_missing"], None),
    ("xinjiang", (2023, 2026), ["doc_missing_plan", "code_missing"], None),
    ("guangxi", (2025, 2026), [], "membercap"),
    ("yunnan", (2023, 2026), ["count_members"], None),
    ("guangxi", (2022, 2024), [], None),
    ("xinjiang", (2023, 2026), [], "conflict_b"),
    ("yunnan", (2023, 2026), [], "leadcap_b"),
    ("guangxi", (2025, 2026), ["signature_missing"], "membercap"),
    ("yongchuan", (2023, 2026), [], "dup_b"),
    ("yunnan", (2023, 2026), ["doc_mismatch"], None),
    ("xinjiang", (2023, 2026), [], None),
    ("guangxi", (2025, 2026), [], None),
    ("yunnan", (2023, 2026), [], None),
]
