"""Records, registries, accounts and logged-in clients the tests build, written once."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

from models.record import (
    RD,
    ChiefScientist,
    DocType,
    DocumentRecord,
    Flag,
    Jurisdiction,
    Kind,
    Member,
    Source,
    SubmissionRecord,
    Tier,
)
from pipeline.batch import assemble
from pipeline.registry import Registry
from pipeline.rules import Pack, Rule, pack_for
from pipeline.rules.base import Row
from pipeline.rules.facts import RegistryFacts

PASSWORD = "correct horse 1"
USERS = (("clerk1", "clerk"), ("rev1", "reviewer"), ("rev2", "reviewer"), ("admin1", "admin"))


def sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def member(
    name: str, code: str | None = None, tier: Tier = "general", kind: Kind | None = "enterprise"
) -> Member:
    return Member(name=name, credit_code=code, tier=tier, kind=kind)


def document(
    name: str,
    members: list[Member],
    doc_type: DocType = "application",
    jurisdiction: Jurisdiction = "guangxi",
    path: str | None = None,
    **fields: Any,
) -> DocumentRecord:
    path = path or f"/nowhere/{name}-{doc_type}.docx"
    return DocumentRecord(
        source=Source(path=path, sha256=sha(path + name + doc_type), media_type="docx"),
        doc_type=doc_type,
        jurisdiction=jurisdiction,
        consortium_name=name,
        members=members,
        lead_units=[m.name for m in members if m.tier == "lead"],
        **fields,
    )


def pack_in_force(jurisdiction: str, filing: dt.date | None = None) -> Pack:
    """The rule pack in force for a jurisdiction on a filing day (the latest without one); fails
    the test where there is none."""
    p = pack_for(jurisdiction, filing)
    assert p is not None, f"no rule pack for {jurisdiction} on {filing}"
    return p


def rule_of(p: Pack, check: str) -> Rule:
    """The pack's (first) rule naming the check; fails the test where there is none."""
    r = p.rule_of(check)
    assert r is not None, f"{p.id} has no {check} rule"
    return r


def rule_submission(
    jur: Jurisdiction,
    members: list[Member],
    rd: RD,
    filing: str = "2025-06-01",
    types: tuple[DocType, ...] = ("application", "agreement", "plan"),
) -> tuple[SubmissionRecord, list[DocumentRecord]]:
    """A submission of one document of each type, all listing the members (the first leads),
    the agreement signed by all of them, for the rules to judge."""
    docs = []
    for i, t in enumerate(types):
        docs.append(
            DocumentRecord(
                source=Source(path=f"{t}.docx", sha256=str(i) * 64),
                doc_type=t,
                jurisdiction=jur,
                consortium_name="测试创新联合体",
                filing_date=filing,
                members=[m.model_copy() for m in members],
                rd=rd,
                lead_units=[members[0].name],
                signatories=[m.name for m in members] if t == "agreement" else [],
                chief_scientist=ChiefScientist(name="张三", title="教授"),
            )
        )
    sub = SubmissionRecord(
        id="T",
        consortium_name="测试创新联合体",
        jurisdiction=jur,
        documents=[d.source.sha256 for d in docs],
        lead_units=[members[0].name],
        members=members,
    )
    return sub, docs


def flags_by_code(
    sub: SubmissionRecord, docs: list[DocumentRecord], registry: RegistryFacts | None = None
) -> dict[str, list[Flag]]:
    """The submission's flags and its documents' (as checked), by code."""
    from pipeline.submission import check_submission

    out: dict[str, list[Flag]] = {}
    for f in check_submission(sub, docs, registry) + [f for d in docs for f in d.flags]:
        out.setdefault(f.code, []).append(f)
    return out


def rows_of(
    sub: SubmissionRecord, docs: list[DocumentRecord], check: str, registry: RegistryFacts | None = None
) -> list[Row]:
    """The checklist rows of one check."""
    from pipeline.rules.engine import evaluate

    return [r for r in evaluate(sub, docs, registry).rows if r.check == check]


def record(reg: Registry, label: str, docs: list[DocumentRecord]) -> SubmissionRecord:
    """Record one submission of these documents (checked as a batch would) in the registry."""
    from pipeline.submission import check_submission

    sub = assemble(label, docs)
    sub.flags = check_submission(sub, docs)
    reg.record_and_check(docs, [sub])
    return sub


def intake(
    *args: str, env: dict[str, str] | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """`intake ARGS` as a clerk runs it (python -m cli, from the checkout), its output captured;
    `env` is added to this process's environment."""
    from tests.conftest import ROOT

    return subprocess.run(
        [sys.executable, "-m", "cli", *args],
        capture_output=True,
        text=True,
        cwd=cwd or ROOT,
        timeout=1200,
        env={**os.environ, **(env or {})},
    )


def code(prefix17: str) -> str:
    """A valid 统一社会信用代码 from its first 17 characters (GB 32100-2015 check character)."""
    from stdnum.cn import uscc

    return prefix17 + uscc.calc_check_digit(prefix17)


def credit_code(i: int, region: str = "450000") -> str:
    """A valid 统一社会信用代码 numbered i."""
    return code(f"91{region}{i:09d}")


LEAD_XJ = Member(
    name="新疆甲能源有限公司", credit_code=code("91650100MA77XXXX0"), tier="lead", kind="enterprise"
)


def many_members(n: int, prefix: str = "广西测试", start: int = 0) -> list[Member]:
    """n member rows with valid, distinct credit codes: a lead, then enterprises, universities and
    institutes in turn."""
    kinds: tuple[Kind, ...] = ("enterprise", "university", "institute")
    out = [member(f"{prefix}牵头股份有限公司", credit_code(start), tier="lead")]
    for i in range(1, n):
        k = kinds[i % 3]
        suffix = {"enterprise": "有限公司", "university": "大学", "institute": "研究院"}[k]
        tier: Tier = "core" if i < 10 else "general"
        out.append(member(f"{prefix}成员{i:05d}{suffix}", credit_code(start + i), tier=tier, kind=k))
    return out


def add_users(reg: Registry, users: tuple[tuple[str, str], ...] = USERS) -> None:
    from pipeline.review import accounts

    for name, role in users:
        accounts.add_user(reg, name, PASSWORD, role)


def csrf(c: Any, path: str) -> str:
    r = c.get(path)
    m = re.search(r'name="csrf" value="([^"]+)"', r.text)
    assert m, f"no CSRF token on {path}"
    return m.group(1)


def login(app: Any, user: str | None = None, password: str = PASSWORD) -> Any:
    """A test client of the app, logged in as `user` (or not logged in)."""
    from fastapi.testclient import TestClient

    c = TestClient(app)
    if user:
        r = c.post("/login", data={"csrf": csrf(c, "/login"), "username": user, "password": password})
        assert r.status_code == 200 and r.url.path == "/queue", r.text[:500]
    return c


def form(c: Any, path: str, **fields: str) -> dict[str, str]:
    """The CSRF token and the page's revision (of a submission page), with the fields given."""
    r = c.get(path)
    tok = re.search(r'name="csrf" value="([^"]+)"', r.text)
    rev = re.search(r'name="rev" value="(\d+)"', r.text)
    assert tok, f"no CSRF token on {path}"
    out = {"csrf": tok.group(1), **fields}
    if rev:
        out["rev"] = rev.group(1)
    return out


def app_with(out: Path, label: str, docs: list[DocumentRecord]) -> Any:
    """The web app over a new registry in `out` holding one submission of these documents (checked
    as a batch would), with the users of every role."""
    reg = Registry.open(None, out_dir=str(out))
    record(reg, label, docs)
    add_users(reg)
    reg.close()
    return app_for(out)


def samples_site(root: Path, samples: Path) -> dict[str, Any]:
    """Under `root`: a registry with two sample submissions read by the pipeline (GX-A: .docx and a
    born-digital PDF; YC-D), users of each role, and a consortium whose names are HTML; the web app
    over it."""
    import shutil

    from pipeline.run import run_batch

    inbox = root / "in"
    for s in ("GX-A", "YC-D"):
        shutil.copytree(samples / s, inbox / s)
    out = root / "out"
    reg = Registry.open(None, out_dir=str(out))
    run_batch([str(inbox / "GX-A"), str(inbox / "YC-D")], out, registry=reg)
    hostile = "<script>alert('x')</script>创新联合体"
    doc = DocumentRecord(
        source=Source(path=str(inbox / "evil.docx"), sha256="e" * 64, media_type="docx"),
        doc_type="agreement",
        jurisdiction="guangxi",
        consortium_name=hostile,
        members=[Member(name='<img src=x onerror="alert(1)">有限公司', tier="lead")],
    )
    sub = SubmissionRecord(
        id="evil", consortium_name=hostile, jurisdiction="guangxi", documents=["e" * 64], members=doc.members
    )
    reg.record_and_check([doc], [sub])
    add_users(reg)
    reg.close()
    app = app_for(out)
    return {"app": app, "out": out, "inbox": inbox, "reg": app.state.registry}


def client(site: dict[str, Any], user: str | None = None) -> Any:
    """A test client of the site's app, logged in as `user` (or not logged in)."""
    return login(site["app"], user)


def sub_id(site: dict[str, Any], label: str) -> int:
    """The id of the site's current submission with this label."""
    from pipeline.review.queue import queue

    return next(r.id for r in queue(site["reg"]) if r.label == label)


def app_for(out: Path) -> Any:
    from web.app import create_app

    return create_app(None, str(out), use_prefect=False)
