"""Who sees and does what in the reviewers' web app, on a registry built from the samples: log-in,
roles, CSRF, security headers, originals served by id only, accounts; and the charts, with the
network of units shared by consortia."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from models.record import DocumentRecord, Member, Source, SubmissionRecord
from models.tables import Document
from pipeline import review
from pipeline.registry import Registry
from pipeline.review.queue import queue
from tests.factories import PASSWORD, add_users, app_for, client, csrf, form, login, samples_site, sub_id


@pytest.fixture(scope="module")
def site(tmp_path_factory, samples):
    return samples_site(tmp_path_factory.mktemp("web"), samples)


# --- log-in, roles, CSRF, headers --------------------------------------------------------------


def test_pages_need_a_login(site):
    c = TestClient(site["app"])
    for path in ("/queue", "/upload", f"/submissions/{sub_id(site, 'GX-A')}", "/charts", "/audit", "/users"):
        r = c.get(path, follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"].startswith("/login"), path
    assert c.get("/jobs/x.json").status_code == 401
    assert c.get("/export/registry.xlsx", follow_redirects=False).status_code == 303


def test_login_rejects_a_wrong_password_and_a_missing_token(site):
    c = TestClient(site["app"])
    tok = csrf(c, "/login")
    r = c.post("/login", data={"csrf": tok, "username": "clerk1", "password": "wrong password"})
    assert r.status_code == 401 and "用户名或密码不对" in r.text
    r = c.post("/login", data={"username": "clerk1", "password": PASSWORD})
    assert r.status_code == 403 and "CSRF" in r.text
    # an open redirect through ?next= is refused
    r = c.post(
        "/login",
        data={"csrf": tok, "username": "rev1", "password": PASSWORD, "next": "//evil.example/x"},
        follow_redirects=False,
    )
    assert r.status_code == 303 and r.headers["location"] == "/queue"


def test_passwords_are_stored_hashed(site):
    from sqlalchemy import select

    from models.tables import User

    with site["reg"].Session() as s:
        u = s.scalar(select(User).where(User.username == "rev1"))
        assert u is not None and PASSWORD not in u.password_hash and u.password_hash.startswith("$argon2")


def test_logout_ends_the_session(site):
    c = client(site, "rev1")
    assert c.get("/", follow_redirects=False).headers["location"] == "/queue"
    r = c.post("/logout", data={"csrf": csrf(c, "/queue")})
    assert r.url.path == "/login"
    assert c.get("/queue", follow_redirects=False).status_code == 303


def test_security_headers(site):
    r = client(site, "rev1").get("/queue")
    assert "script-src 'self'" in r.headers["content-security-policy"]
    assert r.headers["x-content-type-options"] == "nosniff"


def test_roles(site):
    sid = sub_id(site, "GX-A")
    clerk, rev = client(site, "clerk1"), client(site, "rev1")
    data = form(
        clerk, f"/submissions/{sid}", item=review.view(site["reg"], sid).items[0].key, verdict="confirmed"
    )
    r = clerk.post(f"/submissions/{sid}/decide", data=data)
    assert r.status_code == 403 and "收件员不能审查决定" in r.text
    assert clerk.get("/users").status_code == 403
    assert rev.get("/users").status_code == 403
    assert rev.get("/upload").status_code == 403
    assert clerk.get("/upload").status_code == 200
    # the clerk's page has no decision, correction or sign-off forms; the reviewer's has
    page = clerk.get(f"/submissions/{sid}").text
    assert "/decide" not in page and "/correct" not in page and "/members/" not in page
    page = rev.get(f"/submissions/{sid}").text
    assert f'action="/submissions/{sid}/decide"' in page and f'action="/submissions/{sid}/members/0"' in page


def test_every_form_needs_the_session_token(site):
    sid = sub_id(site, "GX-A")
    rev = client(site, "rev1")
    item = review.view(site["reg"], sid).items[0].key
    for path, data in (
        (f"/submissions/{sid}/decide", {"item": item, "verdict": "confirmed"}),
        (f"/submissions/{sid}/correct", {"document": "x", "field": "consortium_name", "value": "x"}),
        (f"/submissions/{sid}/signoff", {"outcome": "returned", "comment": "x"}),
        ("/logout", {}),
    ):
        assert rev.post(path, data={**data, "csrf": "forged"}).status_code == 403, path
        assert rev.post(path, data=data).status_code == 403, path
    assert review.view(site["reg"], sid).events == []


# --- originals by id only ---------------------------------------------------------------------


def test_originals_are_served_by_id_only(site):
    c = client(site, "rev1")
    v = review.view(site["reg"], sub_id(site, "GX-A"))
    d = v.documents[0]
    r = c.get(f"/documents/{d['sha']}/original")
    assert r.status_code == 200 and r.content == Path(d["path"]).read_bytes()
    assert "attachment" in r.headers["content-disposition"]
    for bad in ("..%2F..%2Fetc%2Fpasswd", "../../etc/passwd", "e" * 63, "z" * 64):
        assert c.get(f"/documents/{bad}/original").status_code in (403, 404), bad
    # the registry knows evil's sha but the file is not there: refused, not guessed
    assert c.get(f"/documents/{'e' * 64}/original").status_code == 403
    assert c.get(f"/documents/{d['sha']}.json").json()["source"]["sha256"] == d["sha"]


def test_an_original_changed_after_intake_is_not_served(site, tmp_path):
    reg = site["reg"]
    f = tmp_path / "x.pdf"
    f.write_bytes(b"%PDF-1.4 original")
    import hashlib

    sha = hashlib.sha256(f.read_bytes()).hexdigest()
    with reg.Session.begin() as s:
        s.add(
            Document(
                sha256=sha, path=str(f), media_type="pdf", doc_type="unknown", pipeline_version="x", record={}
            )
        )
    c = client(site, "rev1")
    assert c.get(f"/documents/{sha}/original").status_code == 200
    f.write_bytes(b"%PDF-1.4 tampered")
    r = c.get(f"/documents/{sha}/original")
    assert r.status_code == 403 and "改动" in r.text


# --- charts, users ----------------------------------------------------------------------------


def test_charts(site):
    r = client(site, "rev1").get("/charts")
    assert r.status_code == 200 and 'class="bars"' in r.text
    from models.vocab import label

    codes = {f.code for f in site["reg"].open_flags()}
    assert codes and all(label("flag", code) in r.text for code in codes)


def test_admin_manages_users_and_changes_take_effect_at_once(site):
    admin = client(site, "admin1")
    tok = csrf(admin, "/users")
    r = admin.post("/users", data={"csrf": tok, "username": "temp1", "password": "short", "role": "clerk"})
    assert "密码至少10个字符" in r.text
    r = admin.post("/users", data={"csrf": tok, "username": "temp1", "password": PASSWORD, "role": "clerk"})
    assert "temp1" in r.text
    temp = client(site, "temp1")
    assert temp.get("/upload").status_code == 200
    admin.post("/users/temp1", data={"csrf": tok, "role": "reviewer", "active": "1"})
    assert temp.get("/upload").status_code == 403  # the new role, without logging in again
    admin.post("/users/temp1", data={"csrf": tok, "role": "reviewer", "active": "0"})
    assert temp.get("/queue", follow_redirects=False).status_code == 303  # deactivated: logged out
    r = admin.post("/users/admin1", data={"csrf": tok, "role": "clerk", "active": "1"})
    assert "不能停用自己" in r.text
    events = [e for e in review.audit(site["reg"]) if e["action"] == "user" and e["target"] == "temp1"]
    assert len(events) == 3 and events[-1]["username"] == "admin1"


# --- the network of shared units ---------------------------------------------------------------


def test_network_of_shared_units_marks_cap_violations(tmp_path):
    """Two 广西 consortia led by the same unit (the 管理办法 allows one): the unit is drawn shared
    and red, with both consortia."""
    from web.views import shared_units

    out = tmp_path / "out"
    reg = Registry.open(None, out_dir=str(out))
    docs, subs = [], []
    for i, name in enumerate(["广西壮族自治区甲创新联合体", "广西壮族自治区乙创新联合体"]):
        members = [
            Member(name="广西共同牵头股份有限公司", tier="lead", kind="enterprise"),
            Member(name=f"广西成员{i}有限公司", tier="core", kind="enterprise"),
        ]
        sha = str(i) * 64
        docs.append(
            DocumentRecord(
                source=Source(path=f"/nowhere/{i}.docx", sha256=sha, media_type="docx"),
                doc_type="application",
                jurisdiction="guangxi",
                consortium_name=name,
                filing_date="2025-06-01",
                lead_units=["广西共同牵头股份有限公司"],
                members=members,
            )
        )
        subs.append(
            SubmissionRecord(
                id=f"S{i}",
                consortium_name=name,
                jurisdiction="guangxi",
                documents=[sha],
                lead_units=["广西共同牵头股份有限公司"],
                members=members,
            )
        )
    flags = reg.record_and_check(docs, subs)
    assert any(f.code == "LEAD_CAP_EXCEEDED" for f in flags)
    net = shared_units(reg)
    units = [n for n in net["nodes"] if n["kind"] == "unit"]
    assert [u["label"] for u in units] == ["广西共同牵头股份有限公司"] and units[0]["capped"]
    assert {n["label"] for n in net["nodes"] if n["kind"] == "consortium"} == {
        "广西壮族自治区甲创新联合体",
        "广西壮族自治区乙创新联合体",
    }
    assert len(net["edges"]) == 2 and all(e["lead"] for e in net["edges"])
    add_users(reg, (("viewer", "clerk"),))
    reg.close()
    app = app_for(out)
    c = login(app, "viewer")
    page = c.get("/charts").text
    assert 'class="unit capped"' in page and "牵头数量超过上限" in page
    # the cross flag is on both consortia's checklists, naming the other one
    sid = next(r.id for r in queue(app.state.registry) if r.label == "S0")
    v = review.view(app.state.registry, sid)
    cross = [it for it in v.items if it.kind == "cross" and it.code == "LEAD_CAP_EXCEEDED"]
    assert cross and cross[0].others and cross[0].others[0]["consortium"] == "广西壮族自治区乙创新联合体"
    assert "广西壮族自治区乙创新联合体" in c.get(f"/submissions/{sid}").text
