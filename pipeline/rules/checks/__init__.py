"""The checks a pack's rules name, by scope and topic. One document: its credit codes (codes.py),
declared counts (counts.py), the agreement's clauses (clauses.py), its signature block and seals
(signatures.py), the application form's 首席科学家, word limits and opinions (application.py). A
submission (submission.py); what the paperwork can only show a person (review.py); and what the
registry holds (registry.py: exclusion lists, cancelled consortia, caps)."""

from pipeline.rules.checks import (  # noqa: F401  (each module registers its checks)
    application,
    clauses,
    codes,
    counts,
    registry,
    review,
    signatures,
    submission,
)
