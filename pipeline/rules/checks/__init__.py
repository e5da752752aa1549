"""The checks a pack's rules name, by scope and topic. One document: its credit codes (codes.py),
declared counts (counts.py), the agreement's clauses (clauses.py), its signature block and seals
(signatures.py), the application form's 首席科学家, word limits and opinions (application.py). A
submission: its membership (membership.py), the lead unit's standing (lead.py) and figures
(figures.py), the documents handed in (handed_in.py). What the paperwork can only show a person
(review.py); and what the registry holds (registry.py: exclusion lists, cancelled consortia, caps)."""

from pipeline.rules.checks import (  # noqa: F401  (each module registers its checks)
    application,
    clauses,
    codes,
    counts,
    figures,
    handed_in,
    lead,
    membership,
    registry,
    review,
    signatures,
)
