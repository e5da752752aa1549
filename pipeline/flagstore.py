"""The registry's flags as stored: a document's or a submission's flag upserted by its
fingerprint, and the cross-consortium flags now found set against those stored. Flags and rows
map through pipeline.flagrows."""

from __future__ import annotations

from sqlalchemy import insert, or_, select, update
from sqlalchemy.orm import Session

from models.record import Flag
from models.tables import FlagRow, utcnow
from pipeline import crosscheck
from pipeline.flagrows import flag_fingerprint, flag_values


def upsert_flag(s: Session, f: Flag, scope: str, submission_id: int | None) -> bool:
    fp = flag_fingerprint(f)
    row = s.scalar(select(FlagRow).where(FlagRow.fingerprint == fp))
    if row is None:
        s.add(FlagRow(**flag_values(f, scope, submission_id)))
        return True
    changed = False
    if row.severity != f.severity or row.message != f.message:  # a pack's severity or wording changed
        row.severity = f.severity
        row.message = f.message
        changed = True
    if row.status != "open" or (submission_id and row.submission_id != submission_id):
        row.status = "open"
        row.resolved_at = None
        row.submission_id = submission_id or row.submission_id
        return True
    return changed


def store_cross_flags(
    s: Session, found: list[crosscheck.CrossFlag], units: set[int] | None = None
) -> dict[str, int]:
    """The cross-consortium flags now found, against those stored: new ones added, earlier
    ones raised again reopened, open ones no longer found resolved. With `units`, only the
    flags about those units are in question (the others were not checked). Set-based: one
    read of the flags in question, bulk inserts and updates."""
    now = {flag_fingerprint(c.flag): c for c in found}
    q = select(FlagRow.id, FlagRow.fingerprint, FlagRow.status).where(FlagRow.scope == "cross")
    stored: dict[str, tuple[int, str]] = {}
    if units is None:
        for fid, fp, status in s.execute(q):
            stored[fp] = (fid, status)
    else:
        ids = sorted(units)
        for i in range(0, len(ids), 500):
            part = ids[i : i + 500]
            cond = or_(FlagRow.unit_id.in_(part), FlagRow.unit2_id.in_(part))
            for fid, fp, status in s.execute(q.where(cond)):
                stored[fp] = (fid, status)
        fps = list(now)
        for i in range(0, len(fps), 500):
            for fid, fp, status in s.execute(q.where(FlagRow.fingerprint.in_(fps[i : i + 500]))):
                stored[fp] = (fid, status)
    new = [
        flag_values(c.flag, "cross", None, c.unit_id, c.unit2_id) for fp, c in now.items() if fp not in stored
    ]
    reopen = [
        {
            "id": stored[fp][0],
            "status": "open",
            "resolved_at": None,
            "unit_id": c.unit_id,
            "unit2_id": c.unit2_id,
        }
        for fp, c in now.items()
        if fp in stored and stored[fp][1] != "open"
    ]
    resolve = [
        {"id": fid, "status": "resolved", "resolved_at": utcnow()}
        for fp, (fid, status) in stored.items()
        if fp not in now and status == "open"
    ]
    if new:
        s.execute(insert(FlagRow), [{"created_at": utcnow(), **v} for v in new])
    if reopen:
        s.execute(update(FlagRow), reopen)
    if resolve:
        s.execute(update(FlagRow), resolve)
    return {"new": len(new), "reopened": len(reopen), "resolved": len(resolve)}
