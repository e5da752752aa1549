"""The web app in a real browser: Playwright driving Debian's chromium against `intake serve`.

A clerk logs in and uploads a sample submission (the intake flow runs on it, with Prefect); a
reviewer opens its checklist, overrules one item with a reason, opens the evidence on its page,
and exports the 形式审查表 .docx, whose content is checked. With INTAKE_SCREENSHOTS=DIR the
pages are also saved there (that is how docs/*.png are made).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from pipeline import review
from pipeline.registry import Registry
from pipeline.run import run_batch
from tests.net import free_port as _port

CHROMIUM = os.environ.get("INTAKE_CHROMIUM", "/usr/bin/chromium")
PASSWORD = "browser-pass-1"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def server(tmp_path_factory, samples):
    root = tmp_path_factory.mktemp("browser")
    out = root / "out"
    inbox = root / "in"
    shutil.copytree(samples / "GX-A", inbox / "GX-A")
    extra = ["XJ-B", "YN-C"] if os.environ.get("INTAKE_SCREENSHOTS") else []
    for s in extra:
        shutil.copytree(samples / s, inbox / s)
    reg = Registry.open(None, out_dir=str(out))
    run_batch([str(inbox / s) for s in ["GX-A", *extra]], out, registry=reg)
    if extra:  # the screenshots also show the devset's consortia, which share units
        from tests.conftest import DEVSET

        run_batch([str(p) for p in sorted(DEVSET.iterdir()) if p.is_dir()], root / "devset-out", registry=reg)
    review.add_user(reg, "clerk", PASSWORD, "clerk")
    review.add_user(reg, "reviewer", PASSWORD, "reviewer")
    reg.close()
    port = _port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "cli", "serve", "--out", str(out), "--port", str(port)],
        cwd=str(Path(__file__).resolve().parent.parent),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            urllib.request.urlopen(base + "/login", timeout=2)
            break
        except OSError:
            if proc.poll() is not None:
                raise RuntimeError(proc.stdout.read() if proc.stdout else "serve exited") from None
            time.sleep(0.3)
    yield base
    proc.terminate()
    proc.wait(timeout=30)


@pytest.fixture()
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"chromium is expected at {CHROMIUM} (.ci/run installs Debian's chromium)")
    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
            ],
        )
        yield b
        b.close()


def _shot(page, name: str, tmp_path: Path) -> None:
    page.screenshot(path=str(tmp_path / name), full_page=True)
    dest = os.environ.get("INTAKE_SCREENSHOTS")
    if dest:
        Path(dest).mkdir(parents=True, exist_ok=True)
        shutil.copy(tmp_path / name, Path(dest) / name)


def _login(page, base: str, user: str) -> None:
    page.goto(base + "/login")
    page.fill("input[name=username]", user)
    page.fill("input[name=password]", PASSWORD)
    page.click("form.login button[type=submit]")
    page.wait_for_url(base + "/queue")


def test_upload_review_overrule_and_export(server, browser, samples, tmp_path):
    import docx
    from playwright.sync_api import expect

    ctx = browser.new_context(viewport={"width": 1400, "height": 900}, accept_downloads=True, locale="zh-CN")
    page = ctx.new_page()
    # a clerk uploads YC-D; the intake flow runs on it and the page follows its progress
    _login(page, server, "clerk")
    page.goto(server + "/upload")
    page.fill("input[name=submission]", "YC-D")
    page.set_input_files(
        "input[name=files]:not([webkitdirectory])", sorted(str(p) for p in (samples / "YC-D").iterdir())
    )
    page.click("form.upload button[type=submit]")
    page.wait_for_url(server + "/jobs/*")
    expect(page.locator("#state")).to_have_attribute("data-state", "done", timeout=300_000)
    expect(page.locator("#done")).to_have_text("3")
    page.click("form.logout button")
    page.wait_for_url(server + "/login")

    # a reviewer finds it in the queue and opens its checklist
    _login(page, server, "reviewer")
    row = page.locator("table.queue tr", has_text="重庆市永川区先进金属材料创新联合体")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("新收")
    _shot(page, "queue.png", tmp_path)
    row.locator("a").first.click()
    expect(page.locator("h1")).to_have_text("重庆市永川区先进金属材料创新联合体")
    items = page.locator("table.checklist tr.item")
    assert items.count() >= 10
    expect(page.locator("table.checklist")).to_contain_text(
        "《永川区创新联合体试点建设管理工作方案》"
    )  # citations
    _shot(page, "checklist.png", tmp_path)

    # overrule the first item that needs a person, with a reason
    item = page.locator("table.checklist tr.needs-human").first
    key = item.get_attribute("data-key")
    open_before = int(page.locator("#open-items").inner_text())
    item.locator("select[name=verdict]").select_option("overruled")
    item.locator("input[name=comment]").fill("营业执照复印件在原件第3页，注册地为永川区")
    item.locator("button[type=submit]").click()
    decided = page.locator(f'tr.item[data-key="{key}"]')
    expect(decided.locator(".decided")).to_contain_text("推翻")
    expect(decided.locator(".decided")).to_contain_text("营业执照复印件在原件第3页")
    expect(page.locator("#status")).to_have_text("审查中")
    assert int(page.locator("#open-items").inner_text()) == open_before - 1

    # the evidence on its page, with the box drawn
    link = page.locator("a.where[href*='box=']").first
    link.click()
    expect(page.locator("#evidence-box")).to_have_count(1)
    img = page.locator(".page img")
    expect(img).to_be_visible()
    assert page.evaluate("document.querySelector('.page img').naturalWidth") > 500
    _shot(page, "evidence-page.png", tmp_path)
    page.go_back()

    # the filled 形式审查表
    with page.expect_download() as dl:
        page.click("#export-docx")
    path = tmp_path / "checklist.docx"
    dl.value.save_as(str(path))
    d = docx.Document(str(path))
    text = "\n".join(p.text for p in d.paragraphs) + "\n".join(
        c.text for t in d.tables for r in t.rows for c in r.cells
    )
    assert "重庆市永川区先进金属材料创新联合体" in text
    assert "推翻：营业执照复印件在原件第3页，注册地为永川区" in text

    # a member's credit code corrected with the 更正 button of its row
    row = page.locator("tr.member").nth(1)
    row.locator("summary", has_text="更正").click()
    row.locator("input[name=credit_code]").fill("91500118MA5U7PHW8X")
    row.locator("input[name=comment]").fill("营业执照复印件")
    row.locator("button[type=submit]").click()
    expect(page.locator("tr.member").nth(1)).to_contain_text("91500118MA5U7PHW8X")
    expect(page.locator("table.corrections")).to_contain_text("统一社会信用代码")
    # the page speaks Chinese: no English code or None outside the small print
    visible = page.evaluate(
        "() => { const b = document.body.cloneNode(true);"
        " b.querySelectorAll('small.code, script, style, code, option').forEach(e => e.remove());"
        " return b.innerText; }"
    )
    import re

    assert "None" not in visible
    assert not re.findall(r"\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\b", visible), re.findall(
        r"\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\b", visible
    )
    assert not re.findall(
        r"\b(participants|innovation_goal|declared_counts|members\.\d|application|agreement)\b", visible
    )
    assert "审查人（签字）" in text

    page.goto(server + "/charts")
    expect(page.locator("svg.bars")).to_be_visible()
    _shot(page, "charts.png", tmp_path)
    ctx.close()
