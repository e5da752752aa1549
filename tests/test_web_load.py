"""The web app's work stays bounded under load (issue 13, web app): reads that take no write lock
while a writer holds the registry, a long member list recorded in bounded steps, a large
shared-unit network without scipy, upload jobs run at most so many at once, and a failed job that
shows no traceback."""

from __future__ import annotations

import json
import os
import stat
import sys
import threading
import time
from pathlib import Path

from models.tables import LoginAttempt
from pipeline.registry import Registry
from tests.factories import add_users, app_for, document, login, many_members, member, record

# --- 11: reads during a long write ----------------------------------------------------------------


def test_reads_answer_while_a_writer_holds_the_registry(small_site):
    reg = small_site["reg"]
    c = login(small_site["app"], "rev1")
    hold, release = threading.Event(), threading.Event()

    def writer():
        with reg.Session.begin() as s:  # BEGIN IMMEDIATE: the write lock, as a job recording a batch
            s.add(LoginAttempt(username="x", address="y", ok=False))
            s.flush()
            hold.set()
            release.wait(60)

    t = threading.Thread(target=writer)
    t.start()
    try:
        assert hold.wait(30)
        for path in ("/queue", "/submissions/1", "/charts", "/audit"):
            assert c.get(path).status_code == 200, path
    finally:
        release.set()
        t.join()


def test_a_long_member_list_is_recorded_in_bounded_steps(tmp_path):
    from sqlalchemy import event

    reg = Registry.open(None, out_dir=str(tmp_path))
    commits = []
    event.listen(reg.engine, "commit", lambda conn: commits.append(1))
    n = 3 * Registry.UNIT_STEP + 10
    record(reg, "L", [document("广西壮族自治区长名单创新联合体", many_members(n))])
    assert len(commits) >= 4 + 1  # the units in steps, then the submission
    assert reg.counts()["memberships"] == n


# --- 12: charts -----------------------------------------------------------------------------------


def test_charts_with_a_network_of_over_500_nodes_without_scipy(tmp_path, monkeypatch):
    out = tmp_path / "out"
    reg = Registry.open(None, out_dir=str(out))
    k, per = 12, 60  # units shared by neighbouring consortia: 12 × 60 = 720 shared units
    docs, subs = [], []
    from pipeline.batch import assemble
    from tests.factories import credit_code

    for c in range(k):
        ms = [
            member(
                f"共享单位{(c * per + i):04d}号有限公司",
                credit_code(c * per + i),
                tier="lead" if i == 0 else "general",
            )
            for i in range(per)
        ]
        ms += [
            member(f"共享单位{(((c - 1) % k) * per + i):04d}号有限公司", credit_code(((c - 1) % k) * per + i))
            for i in range(1, per)
        ]
        d = document(f"广西壮族自治区第{c}创新联合体", ms, filing_date="2025-06-01")
        docs.append(d)
        subs.append(assemble(f"N{c}", [d]))
    reg.record_and_check(docs, subs)
    add_users(reg, (("viewer", "clerk"),))
    reg.close()
    monkeypatch.setitem(sys.modules, "scipy", None)  # as on a machine without scipy
    app = app_for(out)
    r = login(app, "viewer").get("/charts")
    assert r.status_code == 200 and 'class="network"' in r.text
    assert "图中画出其中" in r.text and r.text.count("<circle") < 500


# --- 14: upload jobs ------------------------------------------------------------------------------


def test_upload_jobs_run_at_most_the_configured_number_at_once(tmp_path):
    from web.jobs import Jobs

    release = tmp_path / "go"

    class Waiting(Jobs):
        def command(self, job):
            return [
                sys.executable,
                "-c",
                f"import os,time\nwhile not os.path.exists({str(release)!r}): time.sleep(0.05)",
            ]

    jobs = Waiting(tmp_path, "sqlite://", use_prefect=False, concurrency=1)
    started = [jobs.start(f"j{i}", tmp_path, 1, "clerk1") for i in range(3)]
    deadline = time.time() + 30
    while time.time() < deadline and started[0].state != "running":
        time.sleep(0.05)
    time.sleep(0.3)  # give a wrongly unbounded queue the chance to start more
    assert [j.state for j in started] == ["running", "queued", "queued"]
    release.write_text("go")
    deadline = time.time() + 60
    while time.time() < deadline and any(j.state != "done" for j in started):
        time.sleep(0.05)
    assert [j.state for j in started] == ["done", "done", "done"]


def test_a_failed_job_shows_no_traceback_but_the_admin_can_read_its_log(small_site, tmp_path):
    from web.jobs import Job, Jobs

    class Failing(Jobs):
        def command(self, job):
            return [sys.executable, "-c", "raise RuntimeError('secret path /srv/intake/x')"]

    jobs = Failing(small_site["out"], "sqlite://", use_prefect=False, concurrency=1)
    small_site["app"].state.jobs = jobs
    jobs.start("20990101-000000-abcdef", tmp_path, 1, "clerk1")

    def the_job() -> Job:
        j = jobs.get("20990101-000000-abcdef")
        assert j is not None, "the job started is not known"
        return j

    deadline = time.time() + 60
    while time.time() < deadline and the_job().state in ("queued", "running"):
        time.sleep(0.05)
    job = the_job()
    assert job.state == "failed" and "Traceback" not in job.message and "secret" not in job.message
    clerk = login(small_site["app"], "clerk1")
    for path in ("/jobs/20990101-000000-abcdef", "/jobs/20990101-000000-abcdef.json"):
        assert "secret path" not in clerk.get(path).text
    assert "secret path" in login(small_site["app"], "admin1").get("/jobs/20990101-000000-abcdef").text
    log = Path(job.out) / "job.log"
    assert stat.S_IMODE(log.stat().st_mode) == 0o600
    assert json.loads((Path(job.out) / "job.json").read_text())["state"] == "failed"
    assert os.path.exists(log)
