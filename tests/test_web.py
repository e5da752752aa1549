"""The reviewers' web app through FastAPI's test client, on a registry built from the samples: the
queue and the checklist, escaping of document text, decisions, corrections and sign-off, exports,
uploads, a cancellation, and decisions that survive a re-run of the intake. Who may see and do
what is in test_web_access.py."""

from __future__ import annotations

import io
import json
import re
import time
import zipfile
from pathlib import Path

import pytest

from models.tables import Document
from pipeline import review
from pipeline.registry import Registry
from pipeline.review.queue import queue
from pipeline.run import run_batch
from tests.factories import client, csrf, form, samples_site, sub_id


@pytest.fixture(scope="module")
def site(tmp_path_factory, samples):
    return samples_site(tmp_path_factory.mktemp("web"), samples)


# --- queue and checklist ---------------------------------------------------------------------


def test_queue_lists_filters_and_sorts(site):
    c = client(site, "rev1")
    r = c.get("/queue")
    assert "广西壮族自治区储能创新联合体" in r.text and "重庆市永川区先进金属材料创新联合体" in r.text
    r = c.get("/queue", params={"jurisdiction": "yongchuan"})
    assert "重庆市永川区" in r.text and "广西壮族自治区储能" not in r.text
    r = c.get("/queue", params={"q": "储能"})
    assert "广西壮族自治区储能" in r.text and "永川区" not in r.text
    rows = re.findall(
        r'<tr class="status-[^"]*" data-id="(\d+)">', c.get("/queue", params={"sort": "errors"}).text
    )
    errors = {r.id: r.errors for r in queue(site["reg"])}
    assert [errors[int(i)] for i in rows] == sorted(errors.values(), reverse=True)
    r = c.get("/queue", params={"status": "approved"})
    assert "没有符合条件的提交" in r.text


def test_checklist_shows_every_rule_with_verdict_evidence_and_citation(site):
    from pipeline.rules import all_packs

    sid = sub_id(site, "GX-A")
    c = client(site, "rev1")
    r = c.get(f"/submissions/{sid}")
    assert r.status_code == 200
    v = review.view(site["reg"], sid)
    assert v.rule_pack and v.rule_pack.startswith("guangxi")
    pack = next(p for p in all_packs() if f"{p.jurisdiction}-{p.version}" == v.rule_pack)
    rules = {it.code for it in v.items if it.kind == "rule"}
    assert pack is not None and rules == {r.id for r in pack.rules}
    for it in v.items:
        assert f'data-key="{it.key}"' in r.text.replace("&#34;", '"')
    # one row a rule: its citation once, however many lines (the clauses) it has
    cites = [g.citation for g in v.groups if g.kind == "rule" and g.citation]
    for cite in set(cites):
        assert r.text.count(f'<div class="cite">{cite}</div>') == cites.count(cite), cite
    clauses = next(g for g in v.groups if len(g.items) >= 8)  # the agreement's clauses: one row
    assert {it.line for it in clauses.items} >= {"参与单位", "技术创新目标", "所有成员单位签章"}
    # evidence on a born-digital page: a link to the page with its box, and the page draws it
    located = [it for it in v.items if it.location]
    assert located, "no item of GX-A was found on a page"
    it = located[0]
    assert it.location
    m = re.search(
        rf'href="(/documents/{it.document}/pages/{it.location[0]}\?sid={sid}&amp;box=[^"]+)"', r.text
    )
    assert m, "the evidence link is missing"
    page = c.get(m.group(1).replace("&amp;", "&"))
    assert page.status_code == 200 and 'id="evidence-box"' in page.text
    png = c.get(f"/documents/{it.document}/pages/{it.location[0]}.png")
    assert png.status_code == 200 and png.content.startswith(b"\x89PNG")
    assert c.get(f"/documents/{it.document}/pages/99.png").status_code == 403
    assert png.headers["cache-control"] == "no-store"


def test_signatures_row_says_a_word_agreements_seals_are_checked_on_the_original(site):
    sid = sub_id(site, "GX-A")
    v = review.view(site["reg"], sid)
    row = next(it for it in v.items if it.kind == "rule" and it.seal_note)
    assert row.seal_note and "原件上人工核对" in row.seal_note and not row.seals
    r = client(site, "rev1").get(f"/submissions/{sid}")
    assert row.seal_note.split("：", 1)[1] in r.text


def test_a_piece_of_a_page_is_served_small_by_sha_and_box_only(site):
    sid = sub_id(site, "GX-A")
    v = review.view(site["reg"], sid)
    pdf = next(d for d in v.documents if d["media_type"] == "pdf")
    url = f"/documents/{pdf['sha']}/pages/1/crop.png"
    assert client(site).get(url, params={"box": "0.1,0.1,0.4,0.3"}, follow_redirects=False).status_code in (
        303,
        401,
        403,
    )
    c = client(site, "rev1")
    png = c.get(url, params={"box": "0.1,0.1,0.4,0.3"})
    assert png.status_code == 200 and png.content.startswith(b"\x89PNG")
    from PIL import Image

    im = Image.open(io.BytesIO(png.content))
    assert max(im.size) <= 240
    for bad in ("0.1,0.1,0.4", "0.5,0.5,0.4,0.4", "x,0,1,1", "-1,0,1,1", "0,0,2,2"):
        assert c.get(url, params={"box": bad}).status_code == 403, bad
    assert (
        c.get(f"/documents/{'0' * 64}/pages/1/crop.png", params={"box": "0,0,1,1"}).status_code == 404
    )  # no such document


def test_document_text_is_escaped(site):
    c = client(site, "rev1")
    q = c.get("/queue").text
    assert "<script>alert" not in q and "&lt;script&gt;alert" in q
    sid = sub_id(site, "evil")
    page = c.get(f"/submissions/{sid}").text
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;img src=x onerror=" in page
    assert "<script>alert" not in c.get("/charts").text


# --- decisions, corrections, sign-off, audit --------------------------------------------------


def test_overrule_needs_a_reason_and_is_recorded(site):
    sid = sub_id(site, "YC-D")
    rev = client(site, "rev1")
    v = review.view(site["reg"], sid)
    it = next(i for i in v.items if i.needs_human)
    path = f"/submissions/{sid}"
    r = rev.post(f"{path}/decide", data=form(rev, path, item=it.key, verdict="overruled"))
    assert "推翻机器判定须写明理由" in r.text
    r = rev.post(
        f"{path}/decide",
        data=form(rev, path, item=it.key, verdict="overruled", comment="原件第2页有该单位的营业执照"),
    )
    assert r.status_code == 200 and "原件第2页有该单位的营业执照" in r.text
    after = review.view(site["reg"], sid)
    d = next(i for i in after.items if i.key == it.key)
    assert d.decision and d.decision["verdict"] == "overruled" and d.decision["username"] == "rev1"
    assert not d.needs_human and after.status == "in_review"
    r = rev.post(f"{path}/decide", data=form(rev, path, item="rule:NOPE", verdict="confirmed"))
    assert "没有此项" in r.text
    audit = rev.get("/audit", params={"submission": sid}).text
    assert "推翻" in audit and "rev1" in audit
    assert "审查中" in rev.get("/queue").text


def test_a_correction_is_kept_beside_the_machine_value_and_the_checks_run_again(site):
    sid = sub_id(site, "GX-A")
    rev = client(site, "rev1")
    v = review.view(site["reg"], sid)
    app = next(d for d in v.documents if d["doc_type"] == "application")
    before = {it.code for it in v.items}
    machine = app["record"].declared_counts.members
    path = f"/submissions/{sid}"
    fix = {"document": app["sha"], "field": "declared_counts.members"}
    r = rev.post(f"{path}/correct", data=form(rev, path, **fix, value="abc"))
    assert "不是“申报成员总数”的有效值" in r.text
    r = rev.post(
        f"{path}/correct", data=form(rev, path, document=app["sha"], field="source.path", value="/etc/passwd")
    )
    assert "不能更正字段" in r.text
    r = rev.post(f"{path}/correct", data=form(rev, path, **fix, value="99", comment="申请表第1页写的是99"))
    assert r.status_code == 200
    after = review.view(site["reg"], sid)
    corr = next(c for c in after.corrections if c["field"] == "declared_counts.members")
    assert corr["machine"] == machine and corr["value"] == 99
    # the stored record is untouched; the checklist is computed on the corrected value
    with site["reg"].Session() as s:
        row = s.get(Document, app["sha"])
        assert row is not None and row.record["declared_counts"]["members"] == machine
    assert "COUNT_MISMATCH" in {it.code for it in after.items} - before
    # and the correction is undone by correcting back: history keeps both
    rev.post(f"{path}/correct", data=form(rev, path, **fix, value=str(machine)))
    again = review.view(site["reg"], sid)
    assert "COUNT_MISMATCH" not in {it.code for it in again.items} - before
    assert len([e for e in again.events if e["action"] == "correction"]) == 2


def test_sign_off_rules(site):
    rev = client(site, "rev1")
    sid = sub_id(site, "YC-D")
    assert sum(it.needs_human for it in review.view(site["reg"], sid).items) >= 1
    path = f"/submissions/{sid}"
    r = rev.post(f"{path}/signoff", data=form(rev, path, outcome="approved"))
    assert "待人工确认，不能通过" in r.text and review.view(site["reg"], sid).status == "in_review"
    r = rev.post(f"{path}/signoff", data=form(rev, path, outcome="returned"))
    assert "退回须写明理由" in r.text
    r = rev.post(f"{path}/signoff", data=form(rev, path, outcome="returned", comment="牵头单位资质待补"))
    assert r.status_code == 200
    assert review.view(site["reg"], sid).status == "returned"
    assert "重庆市永川区" in rev.get("/queue", params={"status": "returned"}).text
    # GX-A breaks no rule; what only a person can settle (organs in the plan, opinions signed and
    # dated, seals on the original …) is confirmed item by item, then it may be approved
    gx = sub_id(site, "GX-A")
    items = review.view(site["reg"], gx).items
    assert not any(it.status in ("fail", "error") for it in items if it.kind == "rule")
    for it in [i for i in items if i.needs_human]:
        rev.post(
            f"/submissions/{gx}/decide",
            data=form(rev, f"/submissions/{gx}", item=it.key, verdict="confirmed"),
        )
    assert not any(it.needs_human for it in review.view(site["reg"], gx).items)
    rev.post(f"/submissions/{gx}/signoff", data=form(rev, f"/submissions/{gx}", outcome="approved"))
    assert review.view(site["reg"], gx).status == "approved"


def test_decisions_survive_a_rerun_of_the_intake(site):
    sid = sub_id(site, "YC-D")
    before = review.view(site["reg"], sid)
    decided = {it.key: it.decision for it in before.items if it.decision}
    assert decided, "an earlier test records a decision on YC-D"
    reg = Registry.open(None, out_dir=str(site["out"]))
    run_batch([str(site["inbox"] / "YC-D")], site["out"] / "again", registry=reg)
    reg.close()
    assert sub_id(site, "YC-D") == sid
    after = review.view(site["reg"], sid)
    assert {it.key: it.decision for it in after.items if it.decision} == decided
    assert len(after.events) == len(before.events)


# --- exports --------------------------------------------------------------------------------


def test_exports(site):
    import docx
    from openpyxl import load_workbook

    c = client(site, "rev1")
    sid = sub_id(site, "YC-D")
    r = c.get(f"/submissions/{sid}/checklist.docx")
    assert r.status_code == 200
    d = docx.Document(io.BytesIO(r.content))
    text = "\n".join(p.text for p in d.paragraphs) + "\n".join(
        cell.text for t in d.tables for row in t.rows for cell in row.cells
    )
    assert "重庆市永川区先进金属材料创新联合体" in text and "形式审查表" in text
    assert "原件第2页有该单位的营业执照" in text and "审查人（签字）" in text
    wb = load_workbook(io.BytesIO(c.get("/export/registry.xlsx").content))
    assert wb.sheetnames == ["units", "consortia", "submissions", "memberships", "flags", "review_events"]
    names = [row[1] for row in wb["consortia"].iter_rows(min_row=2, values_only=True)]
    assert "重庆市永川区先进金属材料创新联合体" in names
    assert any(n and n.startswith("<script>") for n in names)  # text, as written
    z = zipfile.ZipFile(io.BytesIO(c.get("/export/registry-csv.zip").content))
    assert "memberships.csv" in z.namelist()
    z = zipfile.ZipFile(io.BytesIO(c.get(f"/submissions/{sid}/documents.zip").content))
    recs = [json.loads(z.read(n)) for n in z.namelist()]
    assert len(recs) == 3 and all(r["schema_version"] == "1.0" for r in recs)
    z = zipfile.ZipFile(io.BytesIO(c.get("/export/documents.zip").content))
    assert len(z.namelist()) >= 7  # GX-A, YC-D and the hostile record


def test_export_from_the_command_line(site, tmp_path):
    from cli.main import main

    out = str(site["out"])
    assert main(["export", "--format", "xlsx", "--to", str(tmp_path / "r.xlsx"), "--out", out]) == 0
    assert (tmp_path / "r.xlsx").stat().st_size > 1000
    assert main(["export", "--format", "csv", "--to", str(tmp_path / "csv"), "--out", out]) == 0
    assert (tmp_path / "csv" / "flags.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert main(["export", "--format", "json", "--to", str(tmp_path / "json"), "--out", out]) == 0
    assert len(list((tmp_path / "json").glob("*.json"))) >= 6
    sid = sub_id(site, "GX-A")
    assert (
        main(
            [
                "export",
                "--format",
                "docx",
                "--submission",
                str(sid),
                "--to",
                str(tmp_path / "d"),
                "--out",
                out,
            ]
        )
        == 0
    )
    assert len(list((tmp_path / "d").glob("*.docx"))) == 1


# --- uploads ----------------------------------------------------------------------------------


def _files(folder: Path) -> list:
    return [("files", (p.name, p.read_bytes(), "application/octet-stream")) for p in sorted(folder.iterdir())]


def test_upload_rejects_bad_files_and_keeps_nothing(site, monkeypatch):
    clerk = client(site, "clerk1")
    tok = csrf(clerk, "/upload")
    uploads = site["out"] / "uploads"
    before = set(uploads.rglob("*")) if uploads.exists() else set()
    r = clerk.post(
        "/upload", data={"csrf": tok}, files=[("files", ("run.exe", b"MZ...", "application/x-msdownload"))]
    )
    assert r.status_code == 400 and "类型不受理" in r.text
    r = clerk.post("/upload", data={"csrf": tok}, files=[("files", ("a.pdf", b"", "application/pdf"))])
    assert r.status_code == 400 and "空文件" in r.text
    # one refused file refuses the batch: the good files before it are not kept either
    mixed = _files(site["inbox"] / "GX-A") + [("files", ("macro.xlsm", b"PK..", "application/octet-stream"))]
    r = clerk.post("/upload", data={"csrf": tok}, files=mixed)
    assert r.status_code == 400 and "macro.xlsm" in r.text
    monkeypatch.setenv("INTAKE_MAX_UPLOAD_MB", "0.001")
    r = clerk.post(
        "/upload",
        data={"csrf": tok},
        files=[("files", ("big.pdf", b"%PDF" + b"0" * 5000, "application/pdf"))],
    )
    assert r.status_code == 400 and "上限" in r.text
    after = set(uploads.rglob("*")) if uploads.exists() else set()
    after.discard(uploads / ".staging")
    assert after == before


def test_upload_runs_the_intake_and_shows_progress(site):
    clerk = client(site, "clerk1")
    tok = csrf(clerk, "/upload")
    files = _files(site["inbox"] / "GX-A")
    # a name that tries to climb out of the upload folder stays inside it
    files.append(("files", ("../../../escape.docx", b"not a word file", "application/octet-stream")))
    r = clerk.post("/upload", data={"csrf": tok, "submission": "GX-A-web"}, files=files)
    assert r.status_code == 200 and r.url.path.startswith("/jobs/")
    jid = r.url.path.rsplit("/", 1)[1]
    deadline = time.time() + 300
    while time.time() < deadline:
        j = clerk.get(f"/jobs/{jid}.json").json()
        if j["state"] != "running":
            break
        time.sleep(1)
    assert j["state"] == "done", j["message"]
    assert j["done"] == j["files"] == 4
    folder = site["out"] / "uploads" / jid
    assert sorted(p.name for p in (folder / "GX-A-web").iterdir()) == sorted(
        [p.name for p in (site["inbox"] / "GX-A").iterdir()] + ["escape.docx"]
    )
    assert not (site["out"] / "escape.docx").exists()
    # the unreadable upload is a document of its own with an error, and the rest went on
    docs = [json.loads(p.read_text()) for p in (Path(j["out"]) / "documents").glob("*.json")]
    bad = next(d for d in docs if d["source"]["path"].endswith("escape.docx"))
    assert bad["doc_type"] == "unreadable"
    # the upload adds a file to GX-A, which was approved: a new version, shown as such in the queue
    row = next(r for r in queue(site["reg"]) if r.label == "GX-A-web")
    assert row.version == 2 and row.signed_before == "approved" and row.status == "new"
    page = clerk.get("/queue").text
    assert re.search(rf'data-id="{row.id}">.*?第1版已通过后的新版本', page, re.S)
    assert jid in clerk.get(f"/jobs/{jid}").text


# --- cancellation ----------------------------------------------------------------------------


def test_an_admin_records_a_cancellation_and_its_withdrawal(site):
    """Only an admin records that a consortium's recognition was cancelled (with a date and a
    reason), kept with who and when; the page then shows it and offers the withdrawal."""
    from sqlalchemy import select

    from models.tables import Consortium, ConsortiumCancellation

    sid = sub_id(site, "YC-D")
    path = f"/submissions/{sid}"
    rev = client(site, "rev1")
    assert 'id="cancellation"' not in rev.get(path).text
    r = rev.post(f"{path}/cancellation", data=form(rev, path, action="cancel", on="2026-06-30", reason="x"))
    assert r.status_code == 403
    admin = client(site, "admin1")
    assert 'id="cancellation"' in admin.get(path).text
    r = admin.post(f"{path}/cancellation", data=form(admin, path, action="cancel", on="2026-06-30"))
    assert "撤销认定须写明理由" in r.text
    r = admin.post(
        f"{path}/cancellation",
        data=form(admin, path, action="cancel", on="2026-06-30", reason="年度考核不合格"),
    )
    assert r.status_code == 200 and "已撤销认定" in r.text and 'value="reinstate"' in r.text
    with site["reg"].Session() as s:
        row = s.scalars(select(ConsortiumCancellation).order_by(ConsortiumCancellation.id.desc())).first()
        assert row.action == "cancel" and row.recorded_by == "admin1" and row.reason == "年度考核不合格"
        assert str(row.cancelled_on) == "2026-06-30" and row.units
        assert s.get(Consortium, row.consortium_id).status == "cancelled"
    r = admin.post(f"{path}/cancellation", data=form(admin, path, action="reinstate", on="2026-07-01"))
    assert r.status_code == 200 and ">现行<" in r.text
