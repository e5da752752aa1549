"""Cross-consortium checks over the registry, in set-based SQL with indexes:

- MEMBER_CAP_EXCEEDED  a unit in more current consortia of a jurisdiction than its pack allows
- LEAD_CAP_EXCEEDED    a unit leading more current consortia of a jurisdiction than allowed
- CREDIT_CODE_CONFLICT one unit carrying two valid codes, or one code carried by two units
- POSSIBLE_DUPLICATE_UNIT two differently written names that are probably one unit

`check(session, units=None)` checks the whole registry; `check(session, units={...})` only what
involves those units (what recording one submission touches: its members, and the members of
the version it supersedes), so recording stays fast on a national registry. Counting is done by
the database (GROUP BY ... HAVING over current memberships); Python sees only the units over a
cap, the units with two codes or two names, and near-duplicate candidates.

Only current consortia count toward the caps: not dissolved, not expired (`consortia.expires_on`,
from the pack's term, e.g. 广西's 2021 approvals ran five years; see `expiry`), and never legacy
产业技术创新战略联盟 records. Near-duplicate names are compared with their neighbours in the
order of their cores (region and company form removed), forwards and reversed
(`unit_names.core`, `core_rev`, indexed): a one-character typo leaves two names adjacent in at
least one order. The full check streams names in that order in blocks (memory stays bounded) and
scores each block's neighbours in C (rapidfuzz cpdist); one unit's check looks up its names'
neighbours through the indexes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlalchemy.orm import Session

from pipeline.crosscheck.caps import caps, expiry, refresh_expiry
from pipeline.crosscheck.common import CrossFlag
from pipeline.crosscheck.conflicts import conflicts
from pipeline.crosscheck.duplicates import core, duplicates, name_columns

__all__ = ["CrossFlag", "check", "core", "expiry", "name_columns", "refresh_expiry"]


def check(s: Session, as_of: dt.date, units: Iterable[int] | None = None) -> list[CrossFlag]:
    """Every cross-consortium flag of the registry (units=None), or every one involving `units`."""
    ids = None if units is None else sorted(set(units))
    if ids is not None and not ids:
        return []
    return caps(s, as_of, ids) + conflicts(s, ids) + duplicates(s, ids)
