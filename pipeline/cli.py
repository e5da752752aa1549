"""The `intake` command line."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path


def _print_json(obj) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, indent=1) + "\n")


def cmd_read(a: argparse.Namespace) -> int:
    from extractors.errors import ReadError
    from extractors.read import read_bytes
    from models.document import Table

    try:
        doc = read_bytes(Path(a.file).read_bytes())
    except ReadError as e:
        print(f"{a.file}: cannot read ({e.reason}): {e.message}", file=sys.stderr)
        return 1
    if a.json:
        _print_json(doc.model_dump(mode="json"))
        return 0
    print(f"# {a.file}: {doc.media_type}, pages={doc.pages}, ocr={doc.ocr_used}")
    for w in doc.warnings:
        print(f"# warning: {w}")
    for b in doc.blocks:
        p = b.prov
        where = f"p{p.page if p.page is not None else '-'} #{p.order}"
        if p.bbox:
            where += " [" + ",".join(f"{v:.0f}" for v in p.bbox) + "]"
        if p.confidence is not None:
            where += f" conf={p.confidence:.2f}"
        if isinstance(b, Table):
            print(f"{where} TABLE {b.n_rows}x{b.n_cols}")
            for row in b.rows():
                print(
                    "    | "
                    + " | ".join(
                        (
                            c.text.replace("\n", "⏎")
                            + (f"<{c.rowspan}x{c.colspan}>" if c.rowspan > 1 or c.colspan > 1 else "")
                        )
                        for c in row
                    )
                )
        else:
            tag = f" {b.heading_number}" if b.heading_number else ""
            print(f"{where} {p.source}{tag}: {b.text}")
    return 0


def cmd_extract(a: argparse.Namespace) -> int:
    from pipeline.documents import process_file

    rec = process_file(a.file)
    if a.json:
        _print_json(rec.to_contract())
    else:
        d = rec.to_contract()
        print(f"{a.file}: {d['doc_type']} / {d['jurisdiction']} / {d['consortium_name']}")
        print(f"  lead: {'、'.join(d['lead_units'])}; members: {len(d['members'])}; flags: {len(d['flags'])}")
        for f in d["flags"]:
            print(f"  [{f['severity']}] {f['code']}: {f['message']}")
    return 0


class _Progress:
    """Documents done, pages OCR'd, rate and ETA on the terminal (stderr); quiet when not a TTY."""

    def __init__(self, total: int):
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        self.ocr_pages = 0
        self.reused = 0
        self.bar = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[rate]} docs/min · {task.fields[ocr]} pages OCR'd"),
            TimeRemainingColumn(),
            console=Console(stderr=True),
            disable=not sys.stderr.isatty(),
        )
        self.task = self.bar.add_task("reading", total=total, rate="-", ocr=0)
        import time

        self.t0 = time.perf_counter()

    def __enter__(self) -> _Progress:
        self.bar.__enter__()
        return self

    def __exit__(self, *exc) -> None:
        self.bar.__exit__(*exc)

    def __call__(self, rec, reused: bool) -> None:
        import time

        if rec.source.ocr_used and not reused:
            self.ocr_pages += rec.source.pages or 1
        self.reused += reused
        self.bar.advance(self.task)
        done = self.bar.tasks[0].completed
        rate = done / max(1e-6, time.perf_counter() - self.t0) * 60
        self.bar.update(self.task, rate=f"{rate:.0f}", ocr=self.ocr_pages)


def _count_files(inputs: list[str]) -> int:
    from pipeline.batch import collect

    return sum(len(g.files) for g in collect(inputs))


def _load_out(out: Path):
    """The run's results as written (the flows write them; the summary reads them back)."""
    from models.record import DocumentRecord, Flag, SubmissionRecord
    from pipeline.run import RunResult

    docs = [
        DocumentRecord.model_validate(json.loads(p.read_text(encoding="utf-8")))
        for p in sorted((out / "documents").glob("*.json"))
    ]
    subs = [
        SubmissionRecord.model_validate(x)
        for x in json.loads((out / "submissions.json").read_text(encoding="utf-8"))
    ]
    flags = [Flag.model_validate(x) for x in json.loads((out / "flags.json").read_text(encoding="utf-8"))]
    return RunResult(documents=docs, submissions=subs, flags=flags)


def cmd_process(a: argparse.Namespace, which: str = "intake") -> int:
    from pipeline.summary import print_summary

    out = Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    if a.no_prefect:
        from pipeline.run import run_batch

        registry = None
        if not a.no_registry:
            from pipeline.registry import Registry

            registry = Registry.open(a.db, out_dir=a.out)
        result = run_batch(a.inputs, out, workers=a.workers, registry=registry)
        print_summary(result, out)
        return 0
    from flows import progress as flow_progress
    from flows.intake import run_flow

    with _Progress(_count_files(a.inputs)) as progress:
        stats = run_flow(which, a.inputs, str(out), a.db, dask=a.dask, progress=progress)
    print_summary(flow_progress.pop_result() or _load_out(out), out)
    print(
        f"{which}: {stats.get('read', 0)} read, {stats.get('cache', 0)} from an earlier run's results, "
        f"{stats.get('registry', 0)} already in the registry, {stats.get('failed', 0)} failed; "
        f"{progress.ocr_pages} pages OCR'd; {stats.get('seconds')} s"
    )
    return 0


def cmd_backfill(a: argparse.Namespace) -> int:
    from pipeline.sheets import SHEET_SUFFIXES

    sheets = [x for x in a.inputs if Path(x).is_file() and Path(x).suffix.lower() in SHEET_SUFFIXES]
    others = [x for x in a.inputs if x not in sheets]
    registers = _backfill_registers(a, sheets) if sheets else []
    rc = 0
    if others:
        a.inputs = others
        a.no_prefect = False
        rc = cmd_process(a, "backfill")
    report_path = Path(a.out) / "backfill_report.json"
    report = json.loads(report_path.read_text(encoding="utf-8")) if report_path.exists() else {}
    if registers:
        report["registers"] = registers
        from pipeline.output import write_json

        write_json(report_path, report)
    if report.get("unreadable"):
        print(f"could not read {len(report['unreadable'])} files (see {report_path}):")
        for x in report["unreadable"]:
            print(f"  {x['path']}: {x['reason']}")
    for r in registers:
        if "error" in r:
            print(f"{r['file']}: {r['error']}")
            continue
        print(
            f"{r['file']}: {r['alliances']} alliances, {r['rows_taken']} rows taken, {len(r['rows_not_taken'])} not taken"
        )
        for x in r["rows_not_taken"]:
            print(f"  row {x['where']}: {x['reason']}")
    if registers:
        print(f"(report: {report_path})")
    return rc


def _backfill_registers(a: argparse.Namespace, sheets: list[str]) -> list[dict]:
    """Registers (spreadsheets of legacy alliances, one row per membership) into the registry."""
    from pipeline.output import write_json
    from pipeline.registers import read_register
    from pipeline.registry import Registry
    from pipeline.sheets import SheetError
    from pipeline.submission import check_submission

    out = Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    reports: list[dict] = []
    reg = Registry.open(a.db, out_dir=a.out)
    try:
        for f in sheets:
            try:
                res = read_register(f)
            except (SheetError, OSError) as e:
                reports.append({"file": f, "error": str(e)})
                continue
            for sub in res.submissions:
                docs = [d for d in res.documents if d.source.sha256 in sub.documents]
                sub.flags = check_submission(sub, docs)
            reg.record_and_check(res.documents, res.submissions, kind="backfill", legacy=True)
            for d in res.documents:
                write_json(out / "documents" / f"{d.source.sha256}.json", d.to_contract())
            reports.append(res.report())
    finally:
        reg.close()
    return reports


def cmd_recheck(a: argparse.Namespace) -> int:
    from flows.intake import recheck_registry

    report = recheck_registry(db=a.db, out=a.out)
    for k in ("new", "resolved", "unchanged"):
        print(f"{k:9s} {len(report[k])}")
        if k != "unchanged":
            for f in report[k]:
                print(f"  {f['code']} {f['consortium'] or ''} {f['unit'] or ''}: {f['message']}")
    return 0


def cmd_rules(a: argparse.Namespace) -> int:
    from pipeline.rules import all_packs

    packs = [p for p in all_packs() if a.jurisdiction in (None, p.jurisdiction)]
    if not packs:
        print(f"no rule pack for {a.jurisdiction!r}", file=sys.stderr)
        return 1
    if a.json:
        _print_json([p.describe() for p in packs])
        return 0
    for p in packs:
        lo, hi = p.window()
        window = f"{lo or '…'} – {hi or '…'}"
        print(
            f"{p.jurisdiction} {p.version}: {p.document}  ({p.file}; filings {window}; term {p.term_years or '—'} years)"
        )
        if p.validity:
            print(f"  validity: {p.document}{p.validity.article}：{p.validity.text}")
        print(f"  required documents: {'、'.join(p.required_documents)}")
        for r in p.rules:
            params = r.params.model_dump(exclude_defaults=True)
            th = f" {params}" if params else ""
            th = th if len(th) <= 70 else th[:69] + "…"
            print(
                f"  {r.id:<16} {r.scope:<10} {r.flag or '(checklist)':<26} {r.severity if r.flag else '':<7} {r.check}{th}"
            )
            print(f"      {r.citation(p)}：{r.text}")
        print()
    return 0


def cmd_exclusions(a: argparse.Namespace) -> int:
    import datetime as dt

    from pipeline.exclusions import ExclusionError, import_exclusions
    from pipeline.registry import Registry
    from pipeline.sheets import SheetError

    reg = Registry.open(a.db, out_dir=a.out)
    try:
        try:
            rep = import_exclusions(
                reg,
                a.file,
                source=a.source or Path(a.file).name,
                by=a.by,
                list_kind=a.list,
                starts_on=dt.date.fromisoformat(a.starts) if a.starts else None,
                ends_on=dt.date.fromisoformat(a.ends) if a.ends else None,
            )
        except (ExclusionError, SheetError, ValueError) as e:
            print(f"{a.file}: {e}", file=sys.stderr)
            return 1
        print(
            f"{a.file}: {rep.taken} entries added, {rep.already} already held, {len(rep.not_taken)} rows not taken"
        )
        for x in rep.sheets_skipped:
            print(f"  sheet {x['sheet']}: {x['reason']}")
        for x in rep.not_taken:
            print(f"  row {x['where']}: {x['reason']}  ({x['row']})")
        _recheck_and_print(reg, "UNIT_EXCLUDED")
        return 0
    finally:
        reg.close()


def cmd_consortia(a: argparse.Namespace) -> int:
    import datetime as dt

    from pipeline.exclusions import ExclusionError, cancel_consortium
    from pipeline.registry import Registry

    reg = Registry.open(a.db, out_dir=a.out)
    try:
        try:
            done = cancel_consortium(
                reg,
                a.consortium,
                dt.date.fromisoformat(a.on),
                by=a.by,
                reason=a.reason,
                jurisdiction=a.jurisdiction,
                reinstate=a.action == "reinstate",
            )
        except (ExclusionError, ValueError) as e:
            print(str(e), file=sys.stderr)
            return 1
        print(
            f"{done['action']}: {done['consortium']} ({done['jurisdiction']}) on {done['on']} by {done['by']}; {done['units']} units recorded"
        )
        _recheck_and_print(reg, "UNIT_EXCLUDED")
        return 0
    finally:
        reg.close()


def _recheck_and_print(reg, code: str) -> None:
    """The registry's rules again (the lists changed): print the flags of `code` that moved."""
    report = reg.recheck()
    for k in ("new", "resolved"):
        moved = [f for f in report[k] if f["code"] == code]
        for f in moved:
            print(f"  {k} {f['code']} {f['consortium'] or ''} {f['unit'] or ''}: {f['message']}")


def cmd_serve(a: argparse.Namespace) -> int:
    import os

    from pipeline import review
    from pipeline.registry import Registry
    from web.app import serve

    reg = Registry.open(a.db, out_dir=a.out)
    try:
        if review.user_count(reg) == 0:
            pw = os.environ.get("INTAKE_ADMIN_PASSWORD")
            if not pw:
                print(
                    "no users yet: create one with `intake users add NAME --role admin` "
                    "(or set INTAKE_ADMIN_PASSWORD to create `admin` now)",
                    file=sys.stderr,
                )
                return 1
            review.add_user(reg, "admin", pw, "admin")
            print("created user `admin` (role admin)")
    finally:
        reg.close()
    print(f"intake: http://{a.host}:{a.port}/  (registry {a.db or 'in ' + a.out})")
    serve(a.db, a.out, a.host, a.port, use_prefect=not a.no_prefect)
    return 0


def cmd_users(a: argparse.Namespace) -> int:
    import getpass
    import os

    from pipeline import review
    from pipeline.registry import Registry

    reg = Registry.open(a.db, out_dir=a.out)
    try:
        if a.action == "list":
            for u in review.list_users(reg):
                print(f"{u['username']:20s} {u['role']:9s} {'active' if u['active'] else 'inactive'}")
            return 0
        if not a.name:
            print("a user name is needed", file=sys.stderr)
            return 2
        pw = None
        if a.password_stdin:
            pw = sys.stdin.readline().rstrip("\n")
        elif a.action == "add":
            pw = os.environ.get("INTAKE_NEW_PASSWORD") or getpass.getpass(f"password for {a.name}: ")
        try:
            if a.action == "add":
                review.add_user(reg, a.name, pw or "", a.role or "reviewer", by="cli")
            else:
                active = {"on": True, "off": False}.get(a.active or "")
                review.update_user(reg, a.name, "cli", role=a.role, active=active, password=pw)
        except review.ReviewError as e:
            print(str(e), file=sys.stderr)
            return 1
        print(f"{a.action}: {a.name}")
        return 0
    finally:
        reg.close()


def cmd_export(a: argparse.Namespace) -> int:
    from pipeline import exports, review
    from pipeline.registry import Registry

    reg = Registry.open(a.db, out_dir=a.out)
    try:
        dest = Path(a.to)
        if a.format == "xlsx":
            dest = dest if dest.suffix == ".xlsx" else dest / "registry.xlsx"
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_bytes(exports.registry_xlsx(reg))
            written = [dest]
        elif a.format in ("csv", "json"):
            files = (
                exports.registry_csv(reg) if a.format == "csv" else exports.documents_json(reg, a.submission)
            )
            dest.mkdir(parents=True, exist_ok=True)
            written = []
            for name, data in files.items():
                (dest / name).write_bytes(data)
                written.append(dest / name)
        else:  # docx: the 形式审查表 of one submission, or of every current one
            ids = [a.submission] if a.submission else [r.id for r in review.queue(reg)]
            dest.mkdir(parents=True, exist_ok=True)
            written = []
            for sid in ids:
                v = review.view(reg, sid)
                p = dest / f"形式审查表-{v.label}-v{v.version}.docx"
                p.write_bytes(exports.checklist_docx(v))
                written.append(p)
        for p in written:
            print(p)
        return 0
    finally:
        reg.close()


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    ap = argparse.ArgumentParser(
        prog="intake", description="Read, check and record innovation-consortium paperwork."
    )
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("read", help="show a file as read: blocks with their provenance")
    p.add_argument("file")
    p.add_argument("--json", action="store_true")
    p.set_defaults(fn=cmd_read)
    p = sub.add_parser("extract", help="one document's contract record")
    p.add_argument("file")
    p.add_argument("--json", action="store_true")
    p.set_defaults(fn=cmd_extract)
    p = sub.add_parser("process", help="a batch: read, extract, check and record; write OUT/")
    p.add_argument("inputs", nargs="+", help="folders (a leaf folder is one submission) or files")
    p.add_argument("--out", required=True)
    p.add_argument(
        "--db", default=None, help="SQLAlchemy URL of the registry (default: $INTAKE_DB or sqlite in OUT)"
    )
    p.add_argument("--workers", type=int, default=1)
    p.add_argument(
        "--no-registry", action="store_true", help="with --no-prefect: document and submission checks only"
    )
    p.add_argument(
        "--no-prefect", action="store_true", help="a plain loop over the pipeline, without the flow"
    )
    p.add_argument(
        "--dask", metavar="ADDRESS", help="run the tasks on an existing Dask cluster (prefect-dask)"
    )
    p.set_defaults(fn=cmd_process)
    p = sub.add_parser(
        "backfill", help="legacy 产业技术创新战略联盟 records into the registry, marked legacy"
    )
    p.add_argument("inputs", nargs="+", help="folders or files of records, and registers (.xlsx, .csv)")
    p.add_argument("--out", required=True)
    p.add_argument("--db", default=None)
    p.add_argument("--dask", metavar="ADDRESS")
    p.set_defaults(fn=cmd_backfill, workers=1, no_registry=False)
    p = sub.add_parser(
        "exclusions", help="exclusion lists in the registry (e.g. 失信 records under sanction)"
    )
    p.add_argument("action", choices=["import"])
    p.add_argument(
        "file", help=".xlsx or .csv, columns by header: 单位名称, 统一社会信用代码, 开始/结束日期 …"
    )
    p.add_argument("--source", help="where the list comes from (default: the file's name)")
    p.add_argument("--list", default="失信", help="the list's kind where a row does not say (default 失信)")
    p.add_argument("--from", dest="starts", metavar="DATE", help="sanction start where a row does not say")
    p.add_argument("--to", dest="ends", metavar="DATE", help="sanction end where a row does not say")
    p.add_argument("--by", default="cli", help="who imports the list")
    p.add_argument("--db", default=None)
    p.add_argument("--out", default="out", help="folder of the default registry")
    p.set_defaults(fn=cmd_exclusions)
    p = sub.add_parser("consortia", help="record a consortium's cancellation (or its reinstatement)")
    p.add_argument("action", choices=["cancel", "reinstate"])
    p.add_argument("consortium", help="the consortium's name or registry id")
    p.add_argument("--on", required=True, metavar="DATE", help="the day the recognition was cancelled")
    p.add_argument("--by", required=True, help="who records it")
    p.add_argument("--reason")
    p.add_argument("--jurisdiction", choices=["guangxi", "xinjiang", "yunnan", "yongchuan"])
    p.add_argument("--db", default=None)
    p.add_argument("--out", default="out", help="folder of the default registry")
    p.set_defaults(fn=cmd_consortia)
    p = sub.add_parser("recheck", help="every rule and cross-check again over the registry; what changed")
    p.add_argument("--db", default=None)
    p.add_argument("--out", default=None, help="folder for recheck_report.json (and the default registry)")
    p.set_defaults(fn=cmd_recheck)
    p = sub.add_parser("rules", help="the rule packs with their citations")
    p.add_argument("jurisdiction", nargs="?", choices=["guangxi", "xinjiang", "yunnan", "yongchuan"])
    p.add_argument("--json", action="store_true")
    p.set_defaults(fn=cmd_rules)
    p = sub.add_parser("serve", help="the reviewers' web app over the registry")
    p.add_argument("--db", default=None)
    p.add_argument("--out", default="out", help="folder of the registry (default) and of uploads")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--no-prefect", action="store_true", help="run uploads through the plain loop")
    p.set_defaults(fn=cmd_serve)
    p = sub.add_parser("users", help="web app accounts: list, add, change")
    p.add_argument("action", choices=["list", "add", "set"])
    p.add_argument("name", nargs="?")
    p.add_argument("--role", choices=["clerk", "reviewer", "admin"])
    p.add_argument("--active", choices=["on", "off"])
    p.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    p.add_argument("--db", default=None)
    p.add_argument("--out", default="out")
    p.set_defaults(fn=cmd_users)
    p = sub.add_parser("export", help="the registry as xlsx or csv, documents as JSON, checklists as docx")
    p.add_argument("--format", choices=["xlsx", "csv", "json", "docx"], required=True)
    p.add_argument("--to", required=True, help="file (xlsx) or folder to write")
    p.add_argument("--submission", type=int, help="one submission (json, docx)")
    p.add_argument("--db", default=None)
    p.add_argument("--out", default="out", help="folder of the default registry")
    p.set_defaults(fn=cmd_export)
    a = ap.parse_args(argv)
    if a.cmd in ("extract", "process", "backfill", "recheck", "rules", "exclusions", "consortia", "serve"):
        from pipeline.rules import PackError, all_packs

        try:  # a broken rule pack is refused before any work, naming its file and rule
            all_packs()
        except PackError as e:
            print(f"rule pack refused: {e}", file=sys.stderr)
            return 2
    return a.fn(a)


if __name__ == "__main__":
    sys.exit(main())
