"""The checks a pack's rules name, by scope: one document (documents.py), a submission
(submission.py), what the paperwork can only show a person (review.py), and what the registry
holds (registry.py: exclusion lists, cancelled consortia, caps)."""

from pipeline.rules.checks import documents, registry, review, submission  # noqa: F401
