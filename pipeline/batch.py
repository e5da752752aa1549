"""A batch: the files under the folders given, grouped into submissions.

By default every file in one leaf folder is one submission; files lying loose in a folder that
also has subfolders (or given one by one) are grouped by the consortium name they carry.
"""

from __future__ import annotations

import os
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from extractors.text import key
from models.record import DocumentRecord, Member, SubmissionRecord

SKIP_NAMES = re.compile(r"^(?:\.|~\$|Thumbs\.db$|desktop\.ini$)", re.I)


@dataclass
class Group:
    """Files that form one submission (a leaf folder), or loose files to group by name."""

    folder: str
    files: list[Path] = field(default_factory=list)
    loose: bool = False


def collect(inputs: list[str]) -> list[Group]:
    groups: list[Group] = []
    loose = Group(folder="", loose=True)
    for inp in inputs:
        p = Path(inp)
        if p.is_file():
            loose.files.append(p)
            continue
        if not p.is_dir():
            continue
        for root, dirs, files in os.walk(p):
            dirs[:] = sorted(d for d in dirs if not SKIP_NAMES.match(d))
            fs = sorted(Path(root) / f for f in files if not SKIP_NAMES.match(f))
            if not fs:
                continue
            if dirs:
                loose.files.extend(fs)
            else:
                groups.append(Group(folder=root, files=fs))
    if loose.files:
        groups.append(loose)
    return groups


DOC_PRIORITY = {
    "application": 0,
    "agreement": 1,
    "plan": 2,
    "legacy_alliance": 3,
    "supplementary_agreement": 4,
}


def _best(values: list[str | None]) -> str | None:
    vals = [v for v in values if v]
    if not vals:
        return None
    return Counter(vals).most_common(1)[0][0]


def assemble(sub_id: str, records: list[DocumentRecord]) -> SubmissionRecord:
    """A submission record from its documents: the consortium, its lead and members as the
    application (else the agreement, else any document) states them."""
    recs = sorted(records, key=lambda r: DOC_PRIORITY.get(r.doc_type, 9))
    readable = [r for r in recs if r.doc_type not in ("unreadable", "unknown")]
    name = next((r.consortium_name for r in readable if r.consortium_name), None)
    juris = _best([r.jurisdiction for r in readable if r.jurisdiction != "unknown"]) or "unknown"
    leads = next((r.lead_units for r in readable if r.lead_units), [])
    members: list[Member] = []
    for r in readable:
        if r.members and r.doc_type in ("application", "agreement", "legacy_alliance"):
            members = merge_members(members, r.members)
    if not members:
        members = next((r.members for r in readable if r.members), [])
    return SubmissionRecord(
        id=sub_id,
        consortium_name=name,
        jurisdiction=juris,  # type: ignore[arg-type]
        documents=sorted({r.source.sha256 for r in records}),
        lead_units=list(leads),
        members=[m.model_copy() for m in members],
    )


def merge_members(base: list[Member], more: list[Member]) -> list[Member]:
    """Members of the first list, completed (code, tier, kind, note) from the second; units only
    in the second are appended."""
    out = [m.model_copy() for m in base]
    by_key = {key(m.name): m for m in out}
    for m in more:
        k = key(m.name)
        if k in by_key:
            b = by_key[k]
            b.credit_code = b.credit_code or m.credit_code
            if b.tier == "unspecified":
                b.tier = m.tier
            b.kind = b.kind or m.kind
            b.note = b.note or m.note
        else:
            mm = m.model_copy()
            out.append(mm)
            by_key[k] = mm
    return out


def group_loose(records: list[DocumentRecord]) -> dict[str, list[DocumentRecord]]:
    """Loose files grouped by consortium name (normalised); files with no name on their own."""
    out: dict[str, list[DocumentRecord]] = defaultdict(list)
    for r in records:
        k = key(r.consortium_name) if r.consortium_name else f"__{r.source.sha256}"
        out[k].append(r)
    return out


def submission_id(folder: str, records: list[DocumentRecord]) -> str:
    if folder:
        return Path(folder).name or folder
    name = next((r.consortium_name for r in records if r.consortium_name), None)
    return name or records[0].source.path
