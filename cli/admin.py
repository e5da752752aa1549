"""`intake serve`, `intake users`, `intake export`, `intake server`: the web app, accounts, exports,
and a Prefect server kept running."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import settings
from cli.common import opened_registry, refused


def cmd_serve(a: argparse.Namespace) -> int:

    from pipeline import review
    from web.app import serve

    with opened_registry(a) as reg:
        if review.user_count(reg) == 0:
            pw = settings.admin_password()
            if not pw:
                return refused(
                    "no users yet: create one with `intake users add NAME --role admin` "
                    "(or set INTAKE_ADMIN_PASSWORD to create `admin` now)"
                )
            review.add_user(reg, "admin", pw, "admin")
            print("created user `admin` (role admin)")
    print(f"intake: http://{a.host}:{a.port}/  (registry {a.db or 'in ' + a.out})")
    serve(a.db, a.out, a.host, a.port, use_prefect=not a.no_prefect)
    return 0


def cmd_users(a: argparse.Namespace) -> int:
    import getpass

    from pipeline import review

    with opened_registry(a) as reg:
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
            pw = settings.new_password() or getpass.getpass(f"password for {a.name}: ")
        try:
            if a.action == "add":
                review.add_user(reg, a.name, pw or "", a.role or "reviewer", by="cli")
            else:
                active = {"on": True, "off": False}.get(a.active or "")
                review.update_user(reg, a.name, "cli", role=a.role, active=active, password=pw)
        except review.ReviewError as e:
            return refused(e)
        print(f"{a.action}: {a.name}")
        return 0


def cmd_export(a: argparse.Namespace) -> int:
    from pipeline import exports, review

    with opened_registry(a) as reg:
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


def cmd_server(a: argparse.Namespace) -> int:
    """A Prefect server on loopback, its home under the working directory (.prefect, or
    PREFECT_HOME), kept running for every later `intake process` here to use."""
    from flows import server

    home = settings.prefect_home()
    if a.action == "start":
        started = server.start_kept(home, port=a.port)
        word = "already running" if started.get("already") else "started"
        print(f"Prefect server {word}: {started['ui']} (API {started['api']}; home {started['home']})")
        print("`intake process` run from this folder now reports to it; `intake server stop` ends it")
        return 0
    if a.action == "stop":
        stopped = server.stop_kept(home)
        print(
            f"stopped the Prefect server at {stopped['ui']}" if stopped else "no Prefect server started here"
        )
        return 0
    state = server.running(home)
    print(f"running: {state['ui']} (API {state['api']})" if state else "no Prefect server running here")
    return 0 if state else 1
