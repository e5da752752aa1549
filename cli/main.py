"""The `intake` command line: the top of the layers (it may import flows/ and web/; nothing
imports it). Each command lives in its module: inspect (read, extract, rules), batch (process,
backfill, recheck), lists (exclusions, consortia), admin (serve, users, export, server)."""

from __future__ import annotations

import argparse
import logging
import sys

from cli.admin import cmd_export, cmd_serve, cmd_server, cmd_users
from cli.batch import cmd_backfill, cmd_process, cmd_recheck
from cli.inspect import cmd_extract, cmd_read, cmd_rules
from cli.lists import cmd_consortia, cmd_exclusions


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
    p.add_argument(
        "--workers", type=int, default=1, help="with --no-prefect: documents read at once (worker processes)"
    )
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
    p = sub.add_parser(
        "server", help="a Prefect server kept running on loopback (home under the working directory)"
    )
    p.add_argument("action", choices=["start", "stop", "status"])
    p.add_argument("--port", type=int, default=4200)
    p.set_defaults(fn=cmd_server)
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
