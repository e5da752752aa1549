"""A batch: the files under the folders given, grouped into submissions.

By default every file in one leaf folder is one submission; files lying loose in a folder that
also has subfolders (or given one by one) are grouped by the consortium name they carry.
"""

from __future__ import annotations

import os
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from extractors.text import key
from models.record import DocumentRecord, Member, SubmissionRecord
from pipeline.files import shown

SKIP_NAMES = re.compile(r"^(?:\.|~\$|Thumbs\.db$|desktop\.ini$)", re.I)


def skip_reason(name: str) -> str | None:
    """Why a name is not a document of the batch, or None."""
    if name.startswith("~$"):
        return "Office lock file (written while a document is open), not a document"
    if name.startswith("."):
        return "hidden file"
    if SKIP_NAMES.match(name):
        return "Windows system file"
    return None


@dataclass(frozen=True)
class InFile:
    """A file of the batch: its path as the system names it (for opening; it may hold lone
    surrogates), as a person reads it (for every record, message and output), and the inbox
    folder it was found under (links are followed only inside it)."""

    path: str
    shown: str
    root: str | None


@dataclass
class Group:
    """Files that form one submission (a leaf folder), or loose files to group by name."""

    folder: str
    files: list[InFile] = field(default_factory=list)
    loose: bool = False

    @property
    def shown(self) -> str:
        return shown(self.folder) if self.folder else ""


@dataclass
class Batch:
    groups: list[Group] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # shown path, why

    def files(self) -> list[InFile]:
        return [f for g in self.groups for f in g.files]


def _infile(path: str, root: str | None) -> InFile:
    return InFile(path=path, shown=shown(path), root=root)


def collect(inputs: list[str]) -> Batch:
    """The files under the folders given (and files given one by one), in groups, with the names
    left out and why. Nothing is opened here: links, pipes and devices are found when read."""
    batch = Batch()
    loose = Group(folder="", loose=True)
    for inp in inputs:
        if os.path.isdir(inp):
            _walk(inp, batch, loose)
        elif os.path.lexists(inp):
            why = skip_reason(os.path.basename(inp))
            if why:
                batch.skipped.append((shown(inp), why))
            else:
                loose.files.append(_infile(inp, os.path.dirname(os.path.abspath(inp))))
        else:
            batch.skipped.append((shown(inp), "not found"))
    if loose.files:
        batch.groups.append(loose)
    return batch


def _walk(top: str, batch: Batch, loose: Group) -> None:
    root = os.path.abspath(top)
    for folder, dirs, files in os.walk(top):
        keep = []
        for d in sorted(dirs):
            full = os.path.join(folder, d)
            if os.path.islink(full):
                batch.skipped.append((shown(full), "symbolic link to a folder: not followed"))
            elif skip_reason(d):
                batch.skipped.append((shown(full), f"folder skipped: {skip_reason(d)}"))
            else:
                keep.append(d)
        dirs[:] = keep
        fs = []
        for f in sorted(files):
            full = os.path.join(folder, f)
            why = skip_reason(f)
            if why:
                batch.skipped.append((shown(full), why))
            else:
                fs.append(_infile(full, root))
        if not fs:
            continue
        if dirs:
            loose.files.extend(fs)
        else:
            batch.groups.append(Group(folder=folder, files=fs))


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
        if k not in by_key:
            k = next((bk for bk in by_key if _fragment_of(k, bk)), k)
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


def _fragment_of(part: str, whole: str) -> bool:
    """A name read without its first or last character or two (新|疆医科技术学院 broken over a
    line or a seal) is the other name, not a second unit.

    >>> _fragment_of("疆医科技术学院", "新疆医科技术学院"), _fragment_of("新疆大学", "新疆农业大学")
    (True, False)
    """
    d = len(whole) - len(part)
    return 1 <= d <= 2 and len(part) >= 6 and (whole.endswith(part) or whole.startswith(part))


def group_loose(records: list[DocumentRecord]) -> dict[str, list[DocumentRecord]]:
    """Loose files grouped by consortium name (normalised); files with no name on their own."""
    out: dict[str, list[DocumentRecord]] = defaultdict(list)
    for r in records:
        k = key(r.consortium_name) if r.consortium_name else f"__{r.source.sha256}"
        out[k].append(r)
    return out


def submission_id(folder: str, records: list[DocumentRecord]) -> str:
    if folder:
        name = shown(folder)
        return name.rstrip("/").rsplit("/", 1)[-1] or name
    named = next((r.consortium_name for r in records if r.consortium_name), None)
    return named or records[0].source.path
