"""A batch run without orchestration: read and extract every file, assemble submissions, check
them, write the results. The Prefect flows (flows/) call these same functions."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from extractors.limits import Limits
from models.record import DocumentRecord, Flag, SubmissionRecord
from pipeline.batch import Group, assemble, collect, group_loose, submission_id
from pipeline.documents import process_file
from pipeline.output import write_results
from pipeline.submission import check_submission


@dataclass
class RunResult:
    documents: list[DocumentRecord] = field(default_factory=list)
    submissions: list[SubmissionRecord] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)  # every flag of the run and the registry

    def contract(self) -> tuple[list[dict], list[dict], list[dict]]:
        return (
            [d.to_contract() for d in self.documents],
            [s.to_contract() for s in self.submissions],
            [f.model_dump(mode="json") for f in self.flags],
        )


def read_groups(
    groups: list[Group],
    limits: Limits | None = None,
    workers: int = 1,
    progress: Callable[[DocumentRecord], None] | None = None,
) -> list[tuple[Group, list[DocumentRecord]]]:
    out: list[tuple[Group, list[DocumentRecord]]] = []
    files = [(g, f) for g in groups for f in g.files]

    def one(item: tuple[Group, Path]) -> DocumentRecord:
        rec = process_file(item[1], limits)
        if progress:
            progress(rec)
        return rec

    if workers > 1:
        with ThreadPoolExecutor(max_workers=workers) as ex:
            recs = list(ex.map(one, files))
    else:
        recs = [one(x) for x in files]
    by_group: dict[int, list[DocumentRecord]] = {}
    for (g, _), r in zip(files, recs):
        by_group.setdefault(id(g), []).append(r)
    for g in groups:
        out.append((g, by_group.get(id(g), [])))
    return out


def build_submissions(read: Iterable[tuple[Group, list[DocumentRecord]]]) -> list[SubmissionRecord]:
    subs: list[SubmissionRecord] = []
    for g, recs in read:
        if not recs:
            continue
        if g.loose:
            for _, rs in group_loose(recs).items():
                subs.append(assemble(submission_id("", rs), rs))
        else:
            subs.append(assemble(submission_id(g.folder, recs), recs))
    return subs


def dedupe(flags: Iterable[Flag]) -> list[Flag]:
    seen: set[tuple] = set()
    out = []
    for f in flags:
        if f.key() not in seen:
            seen.add(f.key())
            out.append(f)
    return out


def run_batch(
    inputs: list[str],
    out: Path | None = None,
    limits: Limits | None = None,
    workers: int = 1,
    registry=None,
    progress: Callable[[DocumentRecord], None] | None = None,
) -> RunResult:
    groups = collect(inputs)
    read = read_groups(groups, limits, workers, progress)
    docs = [r for _, rs in read for r in rs]
    subs = build_submissions(read)
    by_sha = {d.source.sha256: d for d in docs}
    facts = None
    if registry is not None:
        from pipeline.exclusions import registry_facts

        facts = registry_facts(registry)
    for s in subs:
        s.flags = check_submission(s, [by_sha[x] for x in s.documents if x in by_sha], facts)
    flags: list[Flag] = [f for d in docs for f in d.flags] + [f for s in subs for f in s.flags]
    if registry is not None:
        flags += registry.record_and_check(docs, subs)
    result = RunResult(documents=docs, submissions=subs, flags=dedupe(flags))
    if out is not None:
        write_results(Path(out), *result.contract())
    return result
