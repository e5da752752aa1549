"""Records, registries, accounts and logged-in clients the tests build, written once."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from pathlib import Path
from typing import Any

from models.record import DocType, DocumentRecord, Jurisdiction, Kind, Member, Source, SubmissionRecord, Tier
from pipeline.batch import assemble
from pipeline.registry import Registry
from pipeline.rules import Pack, Rule, pack_for

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


def record(reg: Registry, label: str, docs: list[DocumentRecord]) -> SubmissionRecord:
    """Record one submission of these documents (checked as a batch would) in the registry."""
    from pipeline.submission import check_submission

    sub = assemble(label, docs)
    sub.flags = check_submission(sub, docs)
    reg.record_and_check(docs, [sub])
    return sub


def credit_code(i: int, region: str = "450000") -> str:
    """A valid 统一社会信用代码 (GB 32100-2015 check character) numbered i."""
    from stdnum.cn import uscc

    body = f"91{region}{i:09d}"
    return body + uscc.calc_check_digit(body)


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


def app_for(out: Path) -> Any:
    from web.app import create_app

    return create_app(None, str(out), use_prefect=False)
