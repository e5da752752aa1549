"""The documents of a batch, each read once: the same path for the plain loop and the flow.

1. `probe` (where the batch is run): each file looked at and hashed without trusting its name
   (pipeline.files); a link out of the inbox, a pipe, a device or an oversized file becomes its
   unreadable record here, without a byte read.
2. `from_registry`: files whose bytes the registry already holds, read by this pipeline version,
   take its record; they are not read again.
3. `read_probed` (in a flow task, or the loop): the rest, each from the result cache
   (OUT/.records/<pipeline version>/<sha256>.json, written as soon as a document is done, so a
   batch killed half-way resumes where it stopped) or read in a killable worker within its time
   budget (pipeline.workers). Each record is written to OUT/documents/ as soon as it is done.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from extractors.limits import Limits
from models.record import DocumentRecord
from pipeline.batch import InFile
from pipeline.documents import PIPELINE_VERSION, note_name_encoding, unreadable_record
from pipeline.files import Refused, sha256_checked, shown_with_encoding
from pipeline.output import write_json

# documents stopped for time or by a crash are read again by a later run (a larger budget, a
# quieter machine), not taken from the cache or the registry
RETRY = ("time_budget", "reader_crashed")
Progress = Callable[[DocumentRecord, bool], None]  # the record, and whether it was reused


@dataclass(frozen=True)
class Probed:
    file: InFile
    sha256: str  # "" when refused or unopenable
    refused: DocumentRecord | None = None


def probe(files: Iterable[InFile], limits: Limits | None = None) -> list[Probed]:
    limits = limits or Limits.from_env()
    out = []
    for f in files:
        try:
            out.append(Probed(f, sha256_checked(f.path, f.root, limits.max_file_bytes)))
        except Refused as e:
            rec = unreadable_record(f.shown, b"", e.reason, e.kind, sha256=e.sha256)
            out.append(Probed(f, e.sha256 or "", _named(rec, f)))
        except OSError as e:
            rec = unreadable_record(f.shown, b"", f"cannot open the file: {e.strerror or e}", "io_error")
            out.append(Probed(f, "", _named(rec, f)))
    return out


def _named(rec: DocumentRecord, f: InFile) -> DocumentRecord:
    how = shown_with_encoding(f.path)[1]
    if how:
        note_name_encoding(rec, f.path, how)
    return rec


def as_this_file(data: dict[str, Any] | str | DocumentRecord, f: InFile) -> DocumentRecord:
    """A stored record (same bytes) for this file: its path, and its flags' document, are this
    file's (the same bytes may have come under another name)."""
    if isinstance(data, DocumentRecord):
        rec = data
    elif isinstance(data, str):
        rec = DocumentRecord.model_validate_json(data)
    else:
        rec = DocumentRecord.model_validate(data)
    if rec.source.path != f.shown:
        rec.source.path = f.shown
        for fl in rec.flags:
            if fl.document is not None:
                fl.document = f.shown
    return _named(rec, f)


def from_registry(probed: list[Probed], registry: Any) -> dict[InFile, DocumentRecord]:
    """Records of files the registry already holds (read by this pipeline version)."""
    if registry is None:
        return {}
    known = registry.known_records({p.sha256 for p in probed if p.sha256 and not p.refused}, PIPELINE_VERSION)
    known = {
        k: v for k, v in known.items() if ((v.get("extra") or {}).get("error") or {}).get("kind") not in RETRY
    }
    return {
        p.file: as_this_file(known[p.sha256], p.file) for p in probed if p.sha256 in known and not p.refused
    }


class RecordCache:
    """Finished documents' records by sha256 and pipeline version, under OUT/.records/."""

    def __init__(self, out: Path | str | None) -> None:
        self.dir = Path(out) / ".records" / PIPELINE_VERSION if out is not None else None

    def get(self, sha: str) -> DocumentRecord | None:
        if self.dir is None or not sha:
            return None
        p = self.dir / sha[:2] / f"{sha}.json"
        try:
            return DocumentRecord.model_validate_json(p.read_bytes())
        except (OSError, ValueError):
            return None

    def put(self, rec: DocumentRecord) -> None:
        if self.dir is not None and rec.source.sha256:
            p = self.dir / rec.source.sha256[:2] / f"{rec.source.sha256}.json"
            write_json(p, rec.model_dump(mode="json"))


def read_probed(
    probed: list[Probed],
    out: Path | str | None,
    limits: Limits | None = None,
    progress: Progress | None = None,
    stats: dict[str, int] | None = None,
    kinds: dict[InFile, str] | None = None,
) -> dict[InFile, DocumentRecord]:
    """Records of the probed files, in one caller thread: refused ones as they are, the rest from
    the cache or read in a worker. Each is written to OUT/documents/ as soon as it is done."""
    from pipeline.workers import shared_pool

    cache = RecordCache(out)
    pool = shared_pool()
    stats = stats if stats is not None else {}
    records: dict[InFile, DocumentRecord] = {}
    for p in probed:
        reused = False
        if p.refused is not None:
            rec = p.refused
            kind = "refused"
        elif (hit := cache.get(p.sha256)) is not None:
            rec, reused, kind = as_this_file(hit, p.file), True, "cache"
        else:
            rec = pool.read(p.file.path, p.file.shown, p.file.root, limits)
            rec = _named(rec, p.file)
            kind = "read"
            if (rec.extra.get("error") or {}).get("kind") not in RETRY:
                cache.put(rec)
        stats[kind] = stats.get(kind, 0) + 1
        if kinds is not None:
            kinds[p.file] = kind
        if out is not None:
            write_json(Path(out) / "documents" / f"{rec.source.sha256}.json", rec.to_contract())
        records[p.file] = rec
        if progress:
            progress(rec, reused)
    return records
