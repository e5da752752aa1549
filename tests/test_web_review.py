"""Sign-off integrity, long submissions, the JSON API and the vocabulary (issues 13 and 15)."""

from __future__ import annotations

import re
import typing

import pytest
from fastapi.testclient import TestClient

from models import record as contract
from models import vocab
from pipeline.registry import Registry
from pipeline.review import Conflict, ReviewError, actions, sessions, view
from pipeline.review.queue import queue
from tests.factories import add_users, app_for, app_with, document, form, login, many_members, member, record


@pytest.fixture()
def site(tmp_path):
    """One 广西 submission whose application declares 9 members but lists 3 (COUNT_MISMATCH, an
    error), and a second one to concur on."""
    ms = [
        member("广西甲股份有限公司", tier="lead"),
        member("广西大学", kind="university"),
        member("广西研究院", kind="institute"),
    ]
    d = document("广西壮族自治区甲创新联合体", ms, filing_date="2025-06-01", declared_counts={"members": 9})
    app = app_with(tmp_path / "out", "S1", [d])
    yield {"app": app, "reg": app.state.registry, "out": tmp_path / "out", "doc": d}
    app.state.registry.close()


def _decide_all(reg: Registry, sid: int, verdict: str = "confirmed") -> None:
    v = view(reg, sid, everything=True)
    for it in v.items:
        if it.needs_human:
            actions.decide(reg, sid, it.key, verdict, "核对过原件", "rev1", rev=view(reg, sid).revision)


def test_a_confirmed_failure_blocks_approval_until_overruled(site):
    reg = site["reg"]
    _decide_all(reg, 1)
    v = view(reg, 1)
    failing = [it for it in v.items if it.blocks_approval]
    assert failing and v.open_items == 0
    with pytest.raises(ReviewError, match="不符合"):
        actions.sign_off(reg, 1, "approved", "", "rev1", rev=v.revision)
    for it in failing:
        actions.decide(reg, 1, it.key, "overruled", "申报数以名单为准", "rev1", rev=view(reg, 1).revision)
    actions.sign_off(reg, 1, "approved", "", "rev1", rev=view(reg, 1).revision)
    assert view(reg, 1).status == "approved"


def test_a_change_after_sign_off_reopens_it_with_an_event_saying_why(site):
    reg = site["reg"]
    actions.sign_off(reg, 1, "returned", "成员名单不全", "rev1", rev=view(reg, 1).revision)
    assert view(reg, 1).status == "returned"
    sha = site["doc"].source.sha256
    actions.correct(
        reg, 1, sha, "declared_counts.members", "3", "申报表第2页", "rev2", rev=view(reg, 1).revision
    )
    v = view(reg, 1)
    assert v.status == "in_review"
    reopen = [e for e in v.events if e.action == "reopen"]
    assert reopen and "申报成员总数" in (reopen[-1].comment or "") and reopen[-1].value["was"] == "returned"
    # and on the page, in words
    page = login(site["app"], "rev1").get("/submissions/1").text
    assert "重新打开" in page and "签核（退回）失效" in page


def test_concurrent_decisions_are_refused_not_merged(site):
    reg, app = site["reg"], site["app"]
    a, b = login(app, "rev1"), login(app, "rev2")
    path = "/submissions/1"
    sha = site["doc"].source.sha256
    form_a = form(a, path, document=sha, field="declared_counts.members", value="3")
    form_b = form(b, path, outcome="approved")
    assert form_a["rev"] == form_b["rev"]
    a.post(f"{path}/correct", data=form_a)
    r = b.post(f"{path}/signoff", data=form_b)  # built on the page before A's correction
    assert "已有改动" in r.text and view(reg, 1).status == "in_review"
    with pytest.raises(Conflict):
        actions.decide(reg, 1, view(reg, 1).items[0].key, "confirmed", "", "rev2", rev=int(form_b["rev"]))
    # a form without a revision is stale too
    r = b.post(
        f"{path}/decide",
        data={"csrf": form_b["csrf"], "item": view(reg, 1).items[0].key, "verdict": "confirmed"},
    )
    assert "已有改动" in r.text


def test_a_new_version_of_an_approved_submission_is_shown_as_such(site):
    reg = site["reg"]
    for it in view(reg, 1, everything=True).items:
        if it.needs_human or it.blocks_approval:
            actions.decide(reg, 1, it.key, "overruled", "已核实", "rev1", rev=view(reg, 1).revision)
    actions.sign_off(reg, 1, "approved", "", "rev1", rev=view(reg, 1).revision)
    d = site["doc"]
    again = document(
        d.consortium_name or "",
        [*d.members, member("广西新增有限公司")],
        path="/nowhere/v2.docx",
        filing_date="2025-06-01",
    )
    record(reg, "S1", [again])
    rows = queue(reg)
    assert len(rows) == 1 and rows[0].version == 2 and rows[0].signed_before == "approved"
    assert [r.id for r in queue(reg, renewed=True)] == [rows[0].id]
    page = login(site["app"], "rev1").get("/queue").text
    assert "第1版已通过后的新版本" in page


def test_a_5000_member_submission_pages_and_decides_without_the_whole_view(tmp_path, monkeypatch):
    out = tmp_path / "out"
    reg = Registry.open(None, out_dir=str(out))
    ms = many_members(5000)
    app_doc = document(
        "广西壮族自治区大型创新联合体", ms, filing_date="2025-06-01", declared_counts={"members": 4999}
    )
    record(reg, "BIG", [app_doc])
    add_users(reg)
    reg.close()
    app = app_for(out)
    rev = login(app, "rev1")
    r = rev.get("/submissions/1")
    assert r.status_code == 200 and len(r.content) < 1_500_000, len(r.content)
    assert len(re.findall(r'<tr id="m-\d+" class="member', r.text)) == 100  # a page of members
    assert "共5000家" in r.text and "mpage=50" in r.text
    r = rev.get("/submissions/1", params={"mpage": 50})
    assert 'id="m-4999"' in r.text
    # a decision checks its one item: the page is not built
    import sys

    view_module = sys.modules["pipeline.review.view"]

    item = view(app.state.registry, 1).items[0].key
    data = form(rev, "/submissions/1", item=item, verdict="confirmed")
    monkeypatch.setattr(view_module, "view", lambda *a, **k: pytest.fail("a decision built the page"))
    monkeypatch.setattr(view_module, "_locate", lambda *a, **k: pytest.fail("a decision located evidence"))
    actions.decide(app.state.registry, 1, item, "confirmed", "", "rev1", rev=int(data["rev"]))
    monkeypatch.undo()
    assert view(app.state.registry, 1).items[0].decision is not None
    x = rev.get("/export/registry.xlsx")
    assert x.status_code == 200 and x.content[:2] == b"PK"


# --- the JSON API -----------------------------------------------------------------------------


def test_the_api_answers_with_a_token_and_refuses_without_one_or_a_revoked_one(site):
    reg, app = site["reg"], site["app"]
    admin = login(app, "admin1")
    r = admin.post("/tokens", data=form(admin, "/users", username="rev1", label="数据组"))
    shown = re.search(r'<code id="new-token">([^<]+)</code>', r.text)
    assert shown, "the new token is not shown"
    token = shown.group(1)
    with reg.Read() as s:
        from models.tables import ApiToken

        stored = s.query(ApiToken).one()
        assert token not in (stored.token_hash, stored.prefix) and len(stored.token_hash) == 64
    api = TestClient(app)
    auth = {"Authorization": f"Bearer {token}"}
    assert api.get("/api/v1/consortia").status_code == 401
    assert api.get("/api/v1/consortia", headers={"Authorization": "Bearer itk_forged"}).status_code == 401
    c = api.get("/api/v1/consortia", headers=auth, params={"jurisdiction": "guangxi"}).json()
    assert c["total"] == 1 and c["items"][0]["name"] == "广西壮族自治区甲创新联合体"
    assert c["items"][0]["jurisdiction_label"] == "广西"
    subs = api.get("/api/v1/submissions", headers=auth, params={"current": True}).json()["items"]
    sha = subs[0]["documents"][0]
    assert api.get(f"/api/v1/documents/{sha}", headers=auth).json()["source"]["sha256"] == sha
    assert (
        api.get("/api/v1/documents", headers=auth, params={"submission_id": subs[0]["id"]}).json()["total"]
        == 1
    )
    m = api.get("/api/v1/memberships", headers=auth, params={"limit": 2}).json()
    assert m["total"] == 3 and len(m["items"]) == 2 and m["limit"] == 2
    m2 = api.get("/api/v1/memberships", headers=auth, params={"limit": 2, "offset": 2}).json()
    assert {x["id"] for x in m["items"]}.isdisjoint({x["id"] for x in m2["items"]})
    code = api.get("/api/v1/flags", headers=auth).json()["items"][0]["code"]
    f = api.get("/api/v1/flags", headers=auth, params={"code": code, "status": "open"}).json()
    assert f["total"] >= 1 and {x["code"] for x in f["items"]} == {code}
    assert f["items"][0]["label"] == vocab.label("flag", code) != "其他问题"
    ev = api.get("/api/v1/events", headers=auth, params={"action": "token"}).json()
    assert ev["items"][0]["action_label"] == "接口令牌"
    assert api.get("/api/v1/consortia", headers=auth, params={"limit": 501}).status_code == 422
    assert api.post("/api/v1/consortia", headers=auth).status_code == 405  # read-only
    # the schema lists every endpoint; the page shows it with a curl example
    paths = set(api.get("/api/openapi.json").json()["paths"])
    assert {
        "/api/v1/consortia",
        "/api/v1/submissions",
        "/api/v1/documents/{sha256}",
        "/api/v1/memberships",
        "/api/v1/flags",
        "/api/v1/events",
    } <= paths
    assert not any(p.startswith("/submissions") for p in paths)
    assert "curl -H" in admin.get("/api/docs").text
    # revoked: refused at once
    tid = sessions.list_tokens(reg)[0]["id"]
    admin.post(f"/tokens/{tid}/revoke", data=form(admin, "/users"))
    assert api.get("/api/v1/consortia", headers=auth).status_code == 401


# --- the vocabulary ---------------------------------------------------------------------------


def test_every_contract_code_has_a_chinese_label():
    for literal, kind in (
        (contract.DocType, "doc_type"),
        (contract.Jurisdiction, "jurisdiction"),
        (contract.Tier, "tier"),
        (contract.Kind, "kind"),
        (contract.Severity, "severity"),
    ):
        for code in typing.get_args(literal):
            assert vocab.term(kind, code) is not None, (kind, code)
    for k in contract.CLAUSE_KEYS:
        assert vocab.term("clause", k) is not None, k
    for path in [f.path for f in vocab.FIELDS]:
        assert vocab.field_label(path) != "其他字段"
    assert vocab.field_label("members.3.credit_code") == "第4个成员单位 · 统一社会信用代码"
    assert vocab.humanize("组建协议缺少participants条款") == "组建协议缺少参与单位条款"
    assert vocab.label("flag", None) == "—" and "None" not in vocab.humanize(None)


def test_every_flag_code_raised_anywhere_has_a_label():
    from pathlib import Path

    import yaml

    root = Path(__file__).resolve().parent.parent
    codes = set()
    for p in (root / "pipeline" / "rules" / "packs").glob("*.yaml"):
        for r in yaml.safe_load(p.read_text(encoding="utf-8")).get("rules", []):
            if r.get("flag"):
                codes.add(r["flag"])
    for p in list((root / "extractors").rglob("*.py")) + list((root / "pipeline").rglob("*.py")):
        codes |= set(re.findall(r'["\']([A-Z]+(?:_[A-Z]+)+)["\']', p.read_text(encoding="utf-8")))
    flag_like = {c for c in codes if vocab.term("flag", c) is None and not c.startswith(("INTAKE_", "BEGIN"))}
    contract_codes = set(
        re.findall(
            r"^\| `([A-Z_]+)`",
            (root.parent / "shared" / "contract" / "README.md").read_text(encoding="utf-8"),
            re.M,
        )
    )
    assert contract_codes and not {c for c in contract_codes if vocab.term("flag", c) is None}
    assert not (flag_like & contract_codes)
