"""The web app against hostile requests and files (issue 13, web app): page images over the pixel
cap in bounded memory, request bodies capped before log-in, revocable sessions, throttled log-ins,
the password policy, and the small ones (names, 404s, headers, file modes). Bounded work under load
is in test_web_load.py."""

from __future__ import annotations

import io
import re
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from models.tables import Document, LoginAttempt, ReviewEvent
from pipeline.registry import Registry
from pipeline.review import accounts
from tests.factories import PASSWORD, app_for, csrf, document, form, login, member, record

ROOT = Path(__file__).resolve().parent.parent


def _register_file(reg: Registry, path: Path, doc_type: str, media_type: str = "image") -> str:
    import hashlib

    sha = hashlib.sha256(path.read_bytes()).hexdigest()
    with reg.Session.begin() as s:
        s.add(
            Document(
                sha256=sha,
                path=str(path),
                media_type=media_type,
                doc_type=doc_type,
                pipeline_version="t",
                record={},
            )
        )
    return sha


# --- 6: page images ---------------------------------------------------------------------------


def test_page_images_over_the_pixel_cap_are_refused_in_bounded_memory(small_site):
    from PIL import Image

    tmp = small_site["tmp"]
    bomb = tmp / "bomb.png"
    Image.new("1", (12000, 12000)).save(bomb)  # 144 Mpx that compress to a few hundred KB
    assert bomb.stat().st_size < 2_000_000
    refused = _register_file(small_site["reg"], bomb, "unreadable")  # the pipeline refused it
    Image.new("1", (12000, 12001)).save(tmp / "bomb2.png")
    registered = _register_file(small_site["reg"], tmp / "bomb2.png", "application")  # registered as an image
    photo = tmp / "photo.jpg"
    Image.new("RGB", (8000, 6000), (200, 180, 160)).save(photo, quality=60)  # 48 Mpx, under the cap
    jpeg = _register_file(small_site["reg"], photo, "application")
    # each request in a child process of its own, its peak RSS measured there against its baseline
    script = textwrap.dedent(
        f"""
        import resource, sys
        sys.path.insert(0, {str(ROOT)!r})
        from tests.factories import app_for, login
        app = app_for(__import__("pathlib").Path({str(small_site["out"])!r}))
        c = login(app, "rev1")
        c.get("/queue")
        base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        r = c.get("/documents/" + sys.argv[1] + "/pages/1.png")
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        from PIL import Image; import io
        side = max(Image.open(io.BytesIO(r.content)).size) if r.status_code == 200 else 0
        print(r.status_code, (peak - base) // 1024, side)
        """
    )
    results = {}
    for name, sha in (("refused", refused), ("registered", registered), ("jpeg", jpeg)):
        p = subprocess.run([sys.executable, "-c", script, sha], capture_output=True, text=True, cwd=ROOT)
        assert p.returncode == 0, p.stderr[-2000:]
        status, grew_mb, side = (int(x) for x in p.stdout.split()[-3:])
        results[name] = (status, grew_mb, side)
    assert results["refused"][0] == 403 and results["registered"][0] == 403, results
    assert results["refused"][1] < 50 and results["registered"][1] < 50, results  # never decoded
    assert results["jpeg"][0] == 200 and results["jpeg"][2] <= 1600, results
    assert results["jpeg"][1] < 100, results  # decoded shrunk (a full decode is 144 MB)


# --- 7: request bodies ------------------------------------------------------------------------


def _post_stream(app, path: str, cookie: str = "") -> tuple[int, int]:
    """POST an endless chunked body straight to the ASGI app: (status, bytes the app pulled)."""
    import asyncio

    pulled = {"n": 0}
    status = {}

    async def receive():
        pulled["n"] += 64 * 1024
        if pulled["n"] > 300 * 1024 * 1024:
            return {"type": "http.request", "body": b"", "more_body": False}
        return {"type": "http.request", "body": b"x" * 64 * 1024, "more_body": True}

    async def send(message):
        if message["type"] == "http.response.start":
            status["code"] = message["status"]

    headers = [(b"content-type", b"application/x-www-form-urlencoded"), (b"transfer-encoding", b"chunked")]
    if cookie:
        headers.append((b"cookie", cookie.encode()))
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": headers,
        "client": ("127.0.0.1", 5000),
        "server": ("testserver", 80),
    }
    asyncio.run(app(scope, receive, send))
    return status["code"], pulled["n"]


def test_request_bodies_are_capped_by_route_before_login(small_site, monkeypatch):
    app = small_site["app"]
    code, pulled = _post_stream(app, "/login")
    assert code == 413 and pulled <= 128 * 1024  # refused after a few KB, not 300 MB
    code, pulled = _post_stream(app, "/submissions/1/decide")
    assert code == 401 and pulled == 0  # not logged in: not a byte of the body is read
    c = TestClient(app)
    r = c.post("/upload", content=b"x" * 10, headers={"content-length": str(10**10)})
    assert r.status_code == 413
    # a logged-in reviewer's form is small; a logged-in clerk's upload is held to the upload limits
    rev = login(app, "rev1")
    cookie = "; ".join(f"{k}={v}" for k, v in rev.cookies.items())
    code, pulled = _post_stream(app, "/submissions/1/decide", cookie)
    assert code == 413 and pulled <= 128 * 1024
    monkeypatch.setenv("INTAKE_MAX_UPLOAD_TOTAL_MB", "1")
    clerk = login(app, "clerk1")
    tok = csrf(clerk, "/upload")
    r = clerk.post(
        "/upload",
        data={"csrf": tok},
        files=[("files", ("a.pdf", b"%PDF" + b"0" * 3_000_000, "application/pdf"))],
    )
    assert r.status_code == 413
    staging = small_site["out"] / "uploads" / ".staging"
    assert not staging.exists() or not any(staging.iterdir())


# --- 8: sessions --------------------------------------------------------------------------------


def _copy(app, c: TestClient) -> TestClient:
    other = TestClient(app)
    other.cookies.update(c.cookies)
    return other


def test_a_session_ends_for_good_on_logout_reset_and_deactivation(small_site):
    app = small_site["app"]
    c = login(app, "rev1")
    stolen = _copy(app, c)
    assert stolen.get("/queue", follow_redirects=False).status_code == 200
    c.post("/logout", data={"csrf": csrf(c, "/queue")})
    assert stolen.get("/queue", follow_redirects=False).status_code == 303  # the copied cookie is dead
    # an admin's password reset ends every session of the account
    c = login(app, "rev2")
    stolen = _copy(app, c)
    accounts.update_user(small_site["reg"], "rev2", "admin1", password="another horse 2")
    assert stolen.get("/queue", follow_redirects=False).status_code == 303
    assert c.get("/queue", follow_redirects=False).status_code == 303
    # deactivating then reactivating does not revive a session
    c = login(app, "clerk1")
    stolen = _copy(app, c)
    accounts.update_user(small_site["reg"], "clerk1", "admin1", active=False)
    accounts.update_user(small_site["reg"], "clerk1", "admin1", active=True)
    assert stolen.get("/queue", follow_redirects=False).status_code == 303
    assert login(app, "clerk1").get("/queue").status_code == 200  # a new log-in works


# --- 9: brute force -----------------------------------------------------------------------------


def test_failed_logins_are_throttled_logged_and_the_admin_told(small_site, monkeypatch):
    import datetime as dt

    from pipeline.review import accounts as acc

    app = small_site["app"]
    c = TestClient(app)
    tok = csrf(c, "/login")
    codes = [
        c.post("/login", data={"csrf": tok, "username": "rev1", "password": f"guess {i}"}).status_code
        for i in range(8)
    ]
    assert codes[:3] == [401, 401, 401] and 429 in codes
    r = c.post("/login", data={"csrf": tok, "username": "rev1", "password": PASSWORD})
    assert r.status_code == 429 and "秒后再试" in r.text  # the right password waits too
    with small_site["reg"].Read() as s:
        assert (
            s.scalar(select(func.count()).where(LoginAttempt.username == "rev1", LoginAttempt.ok.is_(False)))
            >= 5
        )
        alert = s.scalars(select(ReviewEvent).where(ReviewEvent.action == "security")).all()
    assert alert and alert[0].target == "rev1"
    admin = login(app, "admin1")
    assert "过去24小时有" in admin.get("/queue").text
    assert "rev1" in admin.get("/users").text.split('id="failures"')[1]
    # per address: guesses spread over many account names are throttled too
    for i in range(12):
        c.post("/login", data={"csrf": tok, "username": f"nobody{i}", "password": "x"})
    assert c.post("/login", data={"csrf": tok, "username": "rev2", "password": PASSWORD}).status_code == 429
    # later the delays are over
    later = acc.utcnow() + dt.timedelta(hours=2)
    monkeypatch.setattr(acc, "utcnow", lambda: later)
    assert c.post("/login", data={"csrf": tok, "username": "rev1", "password": PASSWORD}).status_code == 200


# --- 10: passwords ------------------------------------------------------------------------------


@pytest.mark.parametrize("weak", ["12345678", "        ", "password1234", "qwertyuiop", "rev3rev3rev3"])
def test_weak_passwords_are_refused_by_the_cli_and_the_admin_page(small_site, weak, monkeypatch):
    from cli.main import main

    monkeypatch.setattr(sys, "stdin", io.StringIO(weak + "\n"))
    assert (
        main(
            [
                "users",
                "add",
                "rev3",
                "--role",
                "reviewer",
                "--password-stdin",
                "--out",
                str(small_site["out"]),
            ]
        )
        == 1
    )
    admin = login(small_site["app"], "admin1")
    r = admin.post(
        "/users", data={"csrf": csrf(admin, "/users"), "username": "rev3", "password": weak, "role": "clerk"}
    )
    assert r.status_code == 400 and "密码" in r.text
    assert "rev3" not in [u["username"] for u in accounts.list_users(small_site["reg"])]


# --- 16: the small ones -----------------------------------------------------------------------------


def test_awkward_upload_names_are_cleaned_or_refused_and_leave_nothing(small_site, monkeypatch):
    clerk = login(small_site["app"], "clerk1")
    jobs = small_site["app"].state.jobs
    started = []
    monkeypatch.setattr(jobs, "start", lambda jid, folder, n, user: started.append(Path(folder)))
    tok = csrf(clerk, "/upload")
    long_name = "创新联合体" * 18 + ".docx"  # 90 CJK characters: 272 bytes
    evil = "协议\u202excod.pdf"  # a right-to-left override hiding the real suffix
    r = clerk.post(
        "/upload",
        data={"csrf": tok},
        files=[
            ("files", (long_name, b"PK\x03\x04x", "application/octet-stream")),
            ("files", (evil, b"%PDF-1.4", "application/pdf")),
        ],
        follow_redirects=False,
    )
    assert r.status_code == 303 and started, r.text[:300]
    names = [p.name for p in started[0].rglob("*") if p.is_file()]
    assert any(n.endswith(".docx") and len(n.encode()) <= 180 for n in names)
    assert all("\u202e" not in n for n in names)
    r = clerk.post(
        "/upload",
        data={"csrf": tok},
        files=[
            ("files", ("S/x.docx", b"PK1", "application/octet-stream")),
            ("files", ("S/x.docx/y.docx", b"PK2", "application/octet-stream")),
        ],
    )
    assert r.status_code == 400 and "路径冲突" in r.text
    staging = small_site["out"] / "uploads" / ".staging"
    assert not staging.exists() or not any(staging.iterdir())


def test_bidi_characters_are_not_shown_in_names(small_site):
    reg = small_site["reg"]
    name = "广西壮族自治区\u202e乙创新联合体"
    record(
        reg,
        "B\u202eX",
        [document(name, [member("广西乙\u202e有限公司", tier="lead")], filing_date="2025-06-01")],
    )
    c = login(small_site["app"], "rev1")
    for path in ("/queue", "/submissions/2"):
        r = c.get(path)
        visible = re.sub(r"<[^>]*>", "", r.text)  # the text shown, not attributes or form values
        assert r.status_code == 200 and "乙创新联合体" in visible and "\u202e" not in visible, path


def test_missing_submissions_are_404(small_site):
    rev = login(small_site["app"], "rev1")
    data = form(rev, "/submissions/1", item="x", verdict="confirmed", outcome="approved")
    for path in (
        "/submissions/999/decide",
        "/submissions/999/signoff",
        "/submissions/999/correct",
        "/submissions/999/members/0",
    ):
        assert rev.post(path, data=data).status_code == 404, path
    assert rev.get("/submissions/999").status_code == 404
    assert rev.get("/submissions/999/checklist.docx").status_code == 404


def test_headers_cookies_and_file_modes(small_site, monkeypatch):
    from web import views

    rev = login(small_site["app"], "rev1")
    for path in (
        "/queue",
        "/submissions/1",
        "/documents/" + "0" * 64 + ".json",
        "/export/registry.xlsx",
        "/audit",
    ):
        r = rev.get(path)
        assert r.headers["cache-control"] == "no-store", path
        assert "script-src 'self'" in r.headers["content-security-policy"], path
    assert "no-store" not in rev.get("/static/app.css").headers.get("cache-control", "")
    # a 500 carries the security headers too
    monkeypatch.setattr(views, "flags_by_rule", lambda reg: 1 / 0)
    crash = TestClient(small_site["app"], raise_server_exceptions=False)
    crash.cookies.update(rev.cookies)
    r = crash.get("/charts")
    assert (
        r.status_code == 500
        and r.headers["x-frame-options"] == "DENY"
        and r.headers["cache-control"] == "no-store"
    )
    assert "ZeroDivisionError" not in r.text
    # the Secure cookie flag is a setting
    monkeypatch.setenv("INTAKE_SECURE_COOKIE", "1")
    secure = app_for(small_site["out"])
    r = TestClient(secure).get("/login")
    assert "secure" in r.headers["set-cookie"].lower()
    db = small_site["out"] / "registry.db"
    for p in (db, Path(str(db) + "-wal")):
        if p.exists():
            assert stat.S_IMODE(p.stat().st_mode) == 0o600, p
