"""Records, registries, accounts and logged-in clients the tests build, written once."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any

from models.record import DocumentRecord, Member, Source, SubmissionRecord
from pipeline.batch import assemble
from pipeline.registry import Registry

PASSWORD = "correct horse 1"
USERS = (("clerk1", "clerk"), ("rev1", "reviewer"), ("rev2", "reviewer"), ("admin1", "admin"))


def sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def member(
    name: str, code: str | None = None, tier: str = "general", kind: str | None = "enterprise"
) -> Member:
    return Member(name=name, credit_code=code, tier=tier, kind=kind)  # type: ignore[arg-type]


def document(
    name: str,
    members: list[Member],
    doc_type: str = "application",
    jurisdiction: str = "guangxi",
    path: str | None = None,
    **fields: Any,
) -> DocumentRecord:
    path = path or f"/nowhere/{name}-{doc_type}.docx"
    return DocumentRecord(
        source=Source(path=path, sha256=sha(path + name + doc_type), media_type="docx"),
        doc_type=doc_type,  # type: ignore[arg-type]
        jurisdiction=jurisdiction,  # type: ignore[arg-type]
        consortium_name=name,
        members=members,
        lead_units=[m.name for m in members if m.tier == "lead"],
        **fields,
    )


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
    kinds = ("enterprise", "university", "institute")
    out = [member(f"{prefix}牵头股份有限公司", credit_code(start), tier="lead")]
    for i in range(1, n):
        k = kinds[i % 3]
        suffix = {"enterprise": "有限公司", "university": "大学", "institute": "研究院"}[k]
        tier = "core" if i < 10 else "general"
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
