"""The reviewers' side of the registry, one module a responsibility:

- `accounts`: users, roles, the password policy, log-in and its throttle
- `sessions`: the web app's server-side sessions and the API's tokens
- `events`: the append-only audit trail, the typed correction target, revisions and reopening
- `queue`: the queue of submissions with their status
- `checklist`: a submission's items (rule verdicts, document flags, cross flags), grouped
- `view`: the checklist page (evidence located, long lists folded, fields with 更正)
- `actions`: decide, correct, sign off
- `fields`: which fields may be corrected and the document as corrected

The machine's records are never written over: a correction is applied on top of the stored record
when a checklist is built, and the checks run again on the corrected documents. Events hang on a
submission version, so re-running the flows on the same files keeps every decision.
"""

from __future__ import annotations

from models.vocab import Jurisdiction, Status
from pipeline.review.accounts import add_user, authenticate, list_users, update_user, user_count, user_role
from pipeline.review.actions import correct, correct_many, decide, history, sign_off
from pipeline.review.base import ROLES, STATUSES, Conflict, NotFound, ReviewError, allowed
from pipeline.review.checklist import Item
from pipeline.review.events import status_of
from pipeline.review.queue import Header, QueueRow, queue
from pipeline.review.view import View, view

STATUS_NAMES = {s.value: s.label for s in Status}
JURISDICTION_NAMES = {j.value: j.label for j in Jurisdiction}


audit = history  # the audit trail, newest first


__all__ = [
    "JURISDICTION_NAMES",
    "ROLES",
    "STATUSES",
    "STATUS_NAMES",
    "Conflict",
    "Header",
    "Item",
    "NotFound",
    "QueueRow",
    "ReviewError",
    "View",
    "add_user",
    "allowed",
    "authenticate",
    "correct",
    "correct_many",
    "decide",
    "audit",
    "list_users",
    "queue",
    "sign_off",
    "status_of",
    "update_user",
    "user_count",
    "user_role",
    "view",
]
