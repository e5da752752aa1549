"""What a file can do to a batch (issue 13, items 1-5): a name that is not UTF-8, a page too large
to render, a document that never finishes, a link out of the inbox, a pipe, a device, an Office
lock file. Each hostile file is built here; each test asserts the safe outcome: the file gets a
clear record (or is reported as skipped), every other document is recorded, memory stays
bounded (peak RSS measured in a child process)."""

from __future__ import annotations

import hashlib
import io
import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from sqlalchemy import select

from models.record import DocumentRecord
from models.tables import Document
from pipeline.files import Refused, read_checked, shown
from pipeline.registry import Registry
from pipeline.run import run_batch
from tests.conftest import ROOT

GBK_NAME = "补充说明（盖章版）"  # as a Windows zip tool leaves it: GBK bytes in the name


def _docx(text: str) -> bytes:
    import docx

    d = docx.Document()
    d.add_paragraph(text)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _blank_tiff(frames: int) -> bytes:
    """A small multi-frame TIFF of blank A4 pages at 200 dpi: OCR goes through every frame."""
    from PIL import Image

    page = Image.new("1", (1654, 2339), 1)
    buf = io.BytesIO()
    page.save(buf, format="TIFF", save_all=True, append_images=[page] * (frames - 1), compression="group4")
    return buf.getvalue()


def _big_page_pdf(inches: int) -> bytes:
    """One page of inches x inches holding an 8x8 image: 1.7 KB, and OCR renders it."""
    from PIL import Image
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(72 * inches, 72 * inches))
    c.drawImage(ImageReader(Image.new("L", (8, 8), 255)), 0, 0, width=72 * inches, height=72 * inches)
    c.showPage()
    c.save()
    return buf.getvalue()


def hostile_inbox(tmp_path: Path, samples: Path, slow_file: bool = False) -> Path:
    """Two submissions: GX-A as sent, and a folder whose name and one file name are GBK bytes,
    beside a FIFO, links to /dev/zero and to a file outside the inbox, and an Office lock file."""
    inbox = tmp_path / "inbox"
    gx = inbox / "GX-A"
    gx.mkdir(parents=True)
    for f in (samples / "GX-A").glob("*.docx"):
        (gx / f.name).write_bytes(f.read_bytes())
    other = os.fsencode(inbox) + b"/" + "第二批材料".encode("gbk")
    os.mkdir(other)
    with open(other + b"/" + GBK_NAME.encode("gbk") + b".docx", "wb") as fh:
        fh.write(_docx("补充说明：成员单位均已盖章。"))
    (gx / "pipe.pdf").parent.mkdir(exist_ok=True)
    os.mkfifo(gx / "pipe.pdf")
    os.symlink("/dev/zero", gx / "zero.docx")
    outside = tmp_path / "secret.docx"
    outside.write_bytes(_docx("不在收件箱里的文件"))
    os.symlink(outside, gx / "elsewhere.docx")
    (gx / "~$附件1-组建申请表.docx").write_bytes(b"\x05lockowner")
    if slow_file:
        (gx / "扫描件.tif").write_bytes(_blank_tiff(400))
    return inbox


def _by_name(records: list[DocumentRecord]) -> dict[str, DocumentRecord]:
    return {Path(r.source.path).name: r for r in records}


def test_hostile_names_and_special_files_never_stop_the_plain_loop(tmp_path, samples, validator):
    inbox = hostile_inbox(tmp_path, samples)
    out = tmp_path / "out"
    reg = Registry.open(f"sqlite:///{tmp_path / 'r.db'}")
    result = run_batch([str(inbox)], out, registry=reg)
    recs = _by_name(result.documents)
    # the GBK-named file is read, shown as the clerk saw it, its bytes kept
    gbk = recs[f"{GBK_NAME}.docx"]
    assert gbk.doc_type != "unreadable"
    assert gbk.source.path.endswith(f"第二批材料/{GBK_NAME}.docx")
    assert gbk.extra["file_name_decoded_as"] == "gb18030"
    assert bytes.fromhex(gbk.extra["file_name_bytes"]) == f"{GBK_NAME}.docx".encode("gbk")
    assert "第二批材料" in {s.id for s in result.submissions}
    # special files: refused with the reason, nothing read from them
    kinds = {n: (r.extra.get("error") or {}).get("kind") for n, r in recs.items()}
    assert kinds["pipe.pdf"] == "not_a_file" and "FIFO" in recs["pipe.pdf"].flags[0].message
    assert kinds["zero.docx"] == "link_outside_inbox" and "/dev/zero" in recs["zero.docx"].flags[0].message
    assert kinds["elsewhere.docx"] == "link_outside_inbox"
    # the lock file is reported as skipped, not counted as a document
    assert [Path(n).name for n, _ in result.skipped] == ["~$附件1-组建申请表.docx"]
    assert "lock file" in result.skipped[0][1]
    # every other document recorded, in OUT and in the registry, all valid UTF-8 JSON
    assert recs["附件1-组建申请表.docx"].doc_type == "application"
    assert recs["附件2-组建协议.docx"].doc_type == "agreement"
    for p in (out / "documents").glob("*.json"):
        assert not list(validator.iter_errors(json.loads(p.read_text(encoding="utf-8"))))
    with reg.Session() as s:
        paths = set(s.scalars(select(Document.path)))
    assert any(p.endswith(f"{GBK_NAME}.docx") for p in paths)
    assert any(p.endswith("附件1-组建申请表.docx") for p in paths)
    reg.close()


def test_a_document_over_its_time_budget_is_stopped_and_the_batch_goes_on(tmp_path, samples, monkeypatch):
    inbox = hostile_inbox(tmp_path, samples, slow_file=True)
    monkeypatch.setenv("INTAKE_DOC_BUDGET_S", "15")
    result = run_batch([str(inbox)], tmp_path / "out", workers=2)
    recs = _by_name(result.documents)
    slow = recs["扫描件.tif"]
    assert slow.doc_type == "unreadable" and slow.extra["error"]["kind"] == "time_budget"
    assert "INTAKE_DOC_BUDGET_S" in slow.flags[0].message
    assert slow.source.sha256 == hashlib.sha256((inbox / "GX-A" / "扫描件.tif").read_bytes()).hexdigest()
    assert recs["附件1-组建申请表.docx"].doc_type == "application"
    assert recs[f"{GBK_NAME}.docx"].doc_type != "unreadable"
    # the worker was killed (not left reading in the background), and a new one took over
    from pipeline.workers import shared_pool

    killed = shared_pool().killed
    assert killed
    for pid in killed:
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)


@pytest.mark.slow
def test_the_flow_survives_the_same_inbox(tmp_path, samples):
    """`intake process` through the flow: the hostile inbox and a document over its budget."""
    inbox = hostile_inbox(tmp_path, samples, slow_file=True)
    out = tmp_path / "out"
    env = {**os.environ, "PREFECT_HOME": str(tmp_path / "prefect-home"), "INTAKE_DOC_BUDGET_S": "15"}
    env.pop("PREFECT_API_URL", None)
    p = subprocess.run(
        [sys.executable, "-m", "cli", "process", str(inbox), "--out", str(out)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=900,
    )
    assert p.returncode == 0, p.stderr[-3000:]
    assert "skipped 1" in p.stdout and "~$附件1-组建申请表.docx" in p.stdout
    docs = [json.loads(f.read_text(encoding="utf-8")) for f in (out / "documents").glob("*.json")]
    by_name = {Path(d["source"]["path"]).name: d for d in docs}
    assert by_name[f"{GBK_NAME}.docx"]["doc_type"] != "unreadable"
    assert by_name["扫描件.tif"]["extra"]["error"]["kind"] == "time_budget"
    assert by_name["附件1-组建申请表.docx"]["doc_type"] == "application"
    subs = json.loads((out / "submissions.json").read_text(encoding="utf-8"))
    assert {s["id"] for s in subs} == {"GX-A", "第二批材料"}


def test_a_fifo_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "scan.pdf"
    os.mkfifo(fifo)
    outcome: list[BaseException] = []

    def read() -> None:
        try:
            read_checked(str(fifo), str(tmp_path), 1 << 20)
        except BaseException as e:  # noqa: BLE001 - the outcome is what is asserted
            outcome.append(e)

    t = threading.Thread(target=read, daemon=True)
    t.start()
    t.join(timeout=20)
    assert not t.is_alive(), "reading a FIFO blocked"
    assert isinstance(outcome[0], Refused) and outcome[0].kind == "not_a_file"


def test_size_cap_is_checked_before_reading(tmp_path):
    """A 2 GB (sparse) file over a 1 MB cap: refused, its sha256 streamed, memory stays small."""
    big = tmp_path / "huge.pdf"
    with open(big, "wb") as f:
        f.truncate(2 * 1024**3)
    code = (
        "import sys\n"
        "from pipeline.reading import probe\n"
        "from pipeline.batch import InFile\n"
        "from extractors.limits import Limits\n"
        f"p = probe([InFile({str(big)!r}, 'huge.pdf', {str(tmp_path)!r})], Limits(max_file_bytes=1 << 20))[0]\n"
        "print(p.refused.extra['error']['kind'], p.sha256)\n"
        # VmHWM: this process's own peak (ru_maxrss carries the parent's over fork and exec)
        "print(next(x.split()[1] for x in open('/proc/self/status') if x.startswith('VmHWM')))\n"
    )
    r = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert r.returncode == 0, r.stderr[-2000:]
    first, rss_kb = r.stdout.split("\n")[:2]
    kind, sha = first.split()
    assert kind == "too_large" and len(sha) == 64
    assert int(rss_kb) < 300 * 1024  # KB: the 2 GB were never held


@pytest.mark.parametrize("inches", [100, 200])
def test_pdf_pages_render_within_the_pixel_cap(tmp_path, inches):
    """A 1.7 KB PDF with one huge page: rendered for OCR at a lower scale, within the cap, with a
    warning saying so; peak memory of the reading process bounded (it was 6.5 GB uncapped)."""
    pdf = tmp_path / "big.pdf"
    pdf.write_bytes(_big_page_pdf(inches))
    code = (
        "import json\n"
        "from extractors.read import read_bytes\n"
        f"d = read_bytes(open({str(pdf)!r}, 'rb').read())\n"
        "print(json.dumps({'warnings': d.warnings, 'size': d.page_sizes[1],"
        " 'rss_kb': int(next(x.split()[1] for x in open('/proc/self/status') if x.startswith('VmHWM')))}))\n"
    )
    r = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=600,
        env={**os.environ, "PYTHONPATH": str(ROOT), "INTAKE_MAX_IMAGE_PIXELS": "2000000"},
    )
    assert r.returncode == 0, r.stderr[-2000:]
    got = json.loads(r.stdout.strip().splitlines()[-1])
    w, h = got["size"]
    assert w * h <= 2_000_000
    assert any("INTAKE_MAX_IMAGE_PIXELS" in x and f"{inches}x{inches} inches" in x for x in got["warnings"])
    assert got["rss_kb"] < 1_000_000


def test_each_tiff_frame_is_held_to_the_pixel_cap():
    from PIL import Image

    from extractors.errors import TooLarge
    from extractors.limits import Limits
    from extractors.read import read_bytes

    small, large = Image.new("1", (100, 100), 1), Image.new("1", (3000, 3000), 1)
    buf = io.BytesIO()
    small.save(buf, format="TIFF", save_all=True, append_images=[large], compression="group4")
    with pytest.raises(TooLarge, match="frame 2"):
        read_bytes(buf.getvalue(), Limits(max_image_pixels=1_000_000))


def test_shown_names():
    gbk = os.fsdecode("申请表".encode("gbk") + b".docx")
    assert shown(gbk) == "申请表.docx"
    assert shown("/收件箱/" + gbk) == "/收件箱/申请表.docx"
    junk = os.fsdecode(b"caf\xe9\xff.pdf")  # neither UTF-8 nor GB18030: the bytes stay visible
    assert shown(junk) == "caf\\xe9\\xff.pdf"
    json.dumps(shown(junk), ensure_ascii=False).encode("utf-8")


def test_an_upload_of_only_a_lock_file_reports_it_skipped(tmp_path):
    """The web app's upload job: a batch of nothing but ~$x.docx records no document and says
    the name was skipped, rather than "done 1/1"."""
    import time

    from web.jobs import Jobs

    jobs = Jobs(tmp_path / "out", f"sqlite:///{tmp_path / 'r.db'}", use_prefect=False)
    jid, folder = jobs.new_folder()
    (folder / "~$附件1.docx").write_bytes(b"\x05owner")
    job = jobs.start(jid, folder, 1, "clerk")
    deadline = time.time() + 600
    while job.state in ("queued", "running") and time.time() < deadline:
        time.sleep(0.5)
    assert job.state == "done", job.message
    assert job.done == 0
    assert [x["name"].rsplit("/", 1)[-1] for x in job.skipped] == ["~$附件1.docx"]
    assert "lock file" in job.skipped[0]["why"]


def test_a_worker_does_not_outlive_a_killed_batch():
    """Workers run in process groups of their own (a budget kill takes what they started); a
    kill -9 of the batch itself still ends them."""
    import signal
    import time

    code = (
        "import time\n"
        "from pipeline.workers import _Worker\n"
        "w = _Worker()\n"
        "print(w.proc.pid, flush=True)\n"
        "time.sleep(600)\n"
    )
    batch = subprocess.Popen(
        [sys.executable, "-c", code],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert batch.stdout is not None
    worker = int(batch.stdout.readline())
    os.kill(batch.pid, signal.SIGKILL)
    batch.wait()
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            os.kill(worker, 0)
        except ProcessLookupError:
            return
        time.sleep(0.5)
    pytest.fail("the worker outlived the killed batch")
