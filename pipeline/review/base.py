"""What every part of the review service shares: its error, the roles and what each may do."""

from __future__ import annotations

from models.vocab import Role, Status

ROLES = tuple(r.value for r in Role)
STATUSES = tuple(s.value for s in Status)
# what each role may do: clerks upload, reviewers decide, admins manage users (and may do all)
PERMISSIONS = {
    "view": {"clerk", "reviewer", "admin"},
    "upload": {"clerk", "admin"},
    "review": {"reviewer", "admin"},
    "admin": {"admin"},
}


class ReviewError(ValueError):
    """A reviewer's input that cannot be applied (unknown item, bad value, wrong role)."""


class NotFound(ReviewError):
    """What the request names does not exist (a submission, a user, a token)."""


class Conflict(ReviewError):
    """The submission changed since the reviewer's page was built: the action is refused, not merged."""


def allowed(role: str | None, action: str) -> bool:
    return role in PERMISSIONS.get(action, set())
