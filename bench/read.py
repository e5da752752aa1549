#!/usr/bin/env python3
"""Reading speed and memory, measured against baselines in the same run.

1. Documents and pages per second for each format on samples/ (docx, born-digital PDF, scans).
2. OCR of the scanned samples through the whole reader (as `intake read`: rendering, orientation,
   seal fading, levelling, grid, layout) against RapidOCR with its own defaults on the same page
   images, interleaved in one run: s/page of both, the ratio, and the character accuracy of both
   against the documents' .docx twins (every credit code exact?).
3. OCR of signature pages with official seals (found, unwrapped, read) against the very same
   pages without them: the seals' overhead in %.
4. Peak memory reading a 500-page PDF against a 50-page one (each in its own process): pages are
   closed as they are read, so the peak stays near the small one's.
5. With --against REF (e.g. main): reading time by format on samples/ with this checkout against
   the code of git REF, each in its own process, interleaved over rounds: ratio this / REF
   (--formats pdf: born-digital PDFs only). Each process reads each file once, so the time includes
   what the first reading costs (lazy imports; with PYTHONDONTWRITEBYTECODE, compiling the readers);
   --warm reads every file once before the clock starts, as a worker that has read before.

    python bench/read.py [--ocr-rounds 2] [--ocr-only] [--skip-memory] [--seals-only] [--against main --rounds 2 --formats pdf --warm]
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SAMPLES = ROOT / "samples" / "submissions"


def by_format() -> dict[str, list[Path]]:
    from extractors.readers.pdf_reader import text_layer_broken  # noqa: F401  (import cost outside timing)

    out: dict[str, list[Path]] = {"docx": [], "pdf": [], "scan": [], "doc": []}
    import pypdfium2 as pdfium

    for p in sorted(SAMPLES.rglob("*")):
        if p.suffix == ".docx":
            out["docx"].append(p)
        elif p.suffix == ".doc":
            out["doc"].append(p)
        elif p.suffix == ".pdf":
            pdf = pdfium.PdfDocument(str(p))
            text = pdf[0].get_textpage().get_text_range()
            pdf.close()
            out["pdf" if text.strip() else "scan"].append(p)
    return out


def throughput() -> None:
    from extractors.read import read_bytes
    from extractors.readers.ocr import engine

    engine()  # model loading is start-up, reported apart
    print("reading speed by format (samples/):")
    for fmt, files in by_format().items():
        if not files:
            continue
        pages = 0
        t = time.perf_counter()
        for f in files:
            doc = read_bytes(f.read_bytes())
            pages += doc.pages or 1
        dt = time.perf_counter() - t
        print(
            f"  {fmt:5s} {len(files):2d} files {pages:3d} pages  {len(files) / dt:7.2f} docs/s  {pages / dt:7.2f} pages/s"
        )


PAGE_NO = re.compile(r"^\s*(?:[-–—一]\s*\d{1,3}\s*[-–—一]?|\d{1,3}\s*[-–—一])\s*$", re.M)
CREDIT_CODE = re.compile(r"[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}")


def plain(text: str) -> str:
    """Text as compared with its twin: NFKC, no whitespace, page numbers ("-2-", which the .docx
    twin does not hold) dropped."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", PAGE_NO.sub("", text)))


def docx_twins() -> dict[Path, str]:
    """Each scanned sample (samples/submissions) with the text of its .docx twin: the same
    document written as .docx by samples/ (seed 11, as make_samples.py), read by our .docx reader."""
    from extractors.read import read_bytes
    from samples.builders import SPEC_OF
    from samples.data import consortia
    from samples.make_samples import stem_of
    from samples.media import render_docx

    out = {}
    with tempfile.TemporaryDirectory() as tmp:
        for sid, formats, c, _ in consortia(11):
            for kind, fmt in formats.items():
                scan = SAMPLES / sid / f"{stem_of(kind, c.jurisdiction)}.pdf"
                if fmt == "scan" and scan.exists():
                    twin = Path(tmp) / f"{sid}-{kind}.docx"
                    render_docx(SPEC_OF[kind](c), twin)
                    out[scan] = read_bytes(twin.read_bytes()).text
    return out


def accuracy(pairs: list[tuple[str, str]]) -> tuple[float, int, int]:
    """Character accuracy (1 - edit distance / length of the twin's text) over (twin, read)
    pairs, and how many of the twins' credit codes (18 characters) were read exactly, of how many."""
    from rapidfuzz.distance import Levenshtein

    errors = length = exact = codes = 0
    for twin, read in pairs:
        a, b = plain(twin), plain(read)
        errors += Levenshtein.distance(a, b)
        length += len(a)
        for code in set(CREDIT_CODE.findall(a)):
            codes += 1
            exact += code in b
    return 1 - errors / max(1, length), exact, codes


def ocr_against_raw(rounds: int) -> None:
    """The scanned samples read as `intake read` reads them (rendering at 200 dpi, orientation,
    seal fading, deskew, grid, table and paragraph layout: read_bytes) against RapidOCR with its
    own defaults on the same page images (rendered at 200 dpi outside its clock), interleaved
    document by document in one run, which goes first alternating by round; with the character
    accuracy of both against the documents' .docx twins."""
    import pypdfium2 as pdfium
    from rapidocr import RapidOCR

    from extractors.read import read_bytes
    from extractors.readers.ocr import engine

    twins = docx_twins()
    docs = []
    for f, twin in twins.items():
        pdf = pdfium.PdfDocument(str(f))
        pages = [pdf[i].render(scale=200 / 72).to_pil().convert("RGB") for i in range(len(pdf))]
        pdf.close()
        docs.append((f.read_bytes(), pages, twin))
    raw = RapidOCR(params={"Global.log_level": "warning"})  # RapidOCR as a user would call it
    engine()
    read_bytes(docs[0][0])  # warm-up, both ways
    raw(docs[0][1][0])
    t_ours = t_raw = 0.0
    first = (0.0, 0.0)  # round 1: every line width met for the first time (a new batch's case)
    ours_text: list[tuple[str, str]] = []
    raw_text: list[tuple[str, str]] = []
    for k in range(rounds):
        for data, pages, twin in docs:
            for which in ("ours", "raw") if k % 2 == 0 else ("raw", "ours"):
                t = time.perf_counter()
                if which == "ours":
                    text = read_bytes(data).text
                    t_ours += time.perf_counter() - t
                    if k == 0:
                        ours_text.append((twin, text))
                else:
                    texts = []
                    for im in pages:
                        res = raw(im)
                        texts += list(res.txts or ())
                    t_raw += time.perf_counter() - t
                    if k == 0:
                        raw_text.append((twin, "\n".join(texts)))
        if k == 0:
            first = (t_ours, t_raw)
    n = sum(len(p) for _, p, _ in docs) * rounds
    acc_o, ok_o, codes = accuracy(ours_text)
    acc_r, ok_r, _ = accuracy(raw_text)
    print(
        f"OCR of {len(docs)} scanned samples ({n // rounds} pages at 200 dpi, {rounds} rounds, interleaved):"
    )
    print(
        f"  RapidOCR with its defaults: {t_raw / n:.2f} s/page, character accuracy {100 * acc_r:.2f}% "
        f"against the .docx twins, credit codes exact {ok_r}/{codes}"
    )
    print(
        f"  our reader (all of `intake read`): {t_ours / n:.2f} s/page, character accuracy {100 * acc_o:.2f}%, "
        f"credit codes exact {ok_o}/{codes}"
    )
    print(
        f"  ratio ours/raw = {t_ours / t_raw:.3f} (target <= 0.5 at accuracy >= 99.5% and every code exact); "
        f"first round alone (each page new to both) {first[0] / first[1]:.3f}: "
        f"ours {first[0] / (n // rounds):.2f} s/page, raw {first[1] / (n // rounds):.2f} s/page"
    )


def signature_pages() -> list[tuple[object, object, int]]:
    """Signature pages of the sample agreements (born-digital, rendered at 200 dpi in colour, the
    entries spaced as on signed pages) with and without an official seal stamped over each unit's
    entry (samples/seals.py)."""
    import random

    import pypdfium2 as pdfium

    from samples.builders import SPEC_OF
    from samples.data import consortia
    from samples.make_samples import seal_plan
    from samples.media import find_text, render_pdf
    from samples.seals import draw_seal, random_style, stamp

    rng = random.Random(5)
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        for _sid, _formats, c, _ in consortia()[:3]:
            c.style = dict(c.style, seal_room=True, sign_table=False)  # entries spaced as signed pages are
            pdf_path = Path(tmp) / "a.pdf"
            render_pdf(SPEC_OF["agreement"](c), pdf_path)
            plan = [(needle, name, kind) for needle, name, kind in seal_plan(c, "agreement")[1:] if name]
            places = [(find_text(pdf_path, needle)[-1], name, kind) for needle, name, kind in plan]
            pages_used = [p[0][0] for p in places]
            last = max(set(pages_used), key=pages_used.count)  # the page with the most entries
            pdf = pdfium.PdfDocument(str(pdf_path))
            clean = pdf[last].render(scale=200 / 72).to_pil().convert("RGB")
            pdf.close()
            sealed = clean.copy()
            n = 0
            for (page_i, (x0, y0, x1, y1)), name, kind in places:
                if page_i == last:
                    centre = ((x0 + x1) / 2 * 200 / 72, (y0 + y1) / 2 * 200 / 72)
                    sealed = stamp(sealed, draw_seal(name, random_style(rng, kind)), centre)
                    n += 1
            out.append((clean, sealed, n))
    return out


def seal_overhead(rounds: int = 3) -> None:
    """OCR of the same signature page with seals and without, back to back (which goes first
    alternating by round, so that neither always meets a warmer machine), several rounds: the
    ratio of the totals, and the median of the per-page ratios (robust to the other loads of a
    shared machine)."""
    import statistics

    from extractors.readers.ocr import ocr_page

    pages = signature_pages()
    ocr_page(pages[0][0], 1)  # warm-up
    ocr_page(pages[0][1], 1)
    plain = sealed = 0.0
    cpu = {"clean": 0.0, "sealed": 0.0}  # the process's CPU seconds (every thread)
    ratios = []
    found = 0
    for k in range(rounds):
        for clean, stamped, _n in pages:
            times = {}
            for which in ("clean", "sealed") if k % 2 == 0 else ("sealed", "clean"):
                t, c = time.perf_counter(), time.process_time()
                res = ocr_page(clean if which == "clean" else stamped, 1)
                times[which] = time.perf_counter() - t
                cpu[which] += time.process_time() - c
                if which == "sealed":
                    found += len(res.seals)
            plain += times["clean"]
            sealed += times["sealed"]
            ratios.append(times["sealed"] / times["clean"])
    n_seals = sum(n for _, _, n in pages)
    print(
        f"OCR of {len(pages)} signature pages with {n_seals} seals, against the same pages without ({rounds} rounds):"
    )
    print(
        f"  without seals: {plain / rounds / len(pages):.2f} s/page; with seals (found, read): {sealed / rounds / len(pages):.2f} s/page"
    )
    print(
        f"  ratio sealed/unsealed = {sealed / plain:.3f} (median of pages {statistics.median(ratios):.3f}; "
        f"overhead {100 * (sealed / plain - 1):+.1f}%, target <= +15%); seals found {found // rounds} of {n_seals}"
    )
    print(
        f"  CPU (all threads): without {cpu['clean'] / rounds / len(pages):.2f} s/page, with"
        f" {cpu['sealed'] / rounds / len(pages):.2f} s/page: the seals' work {100 * (cpu['sealed'] / cpu['clean'] - 1):+.1f}%"
        f" of the page's (the page's own recognition keeps the cores busy: their work adds to its time)"
    )


MEMORY_CHILD = r"""
import sys
sys.path.insert(0, sys.argv[2])
def kb(field):
    for line in open("/proc/self/status"):
        if line.startswith(field + ":"):
            return int(line.split()[1])
from extractors.read import read_bytes
from extractors.limits import Limits
import pypdfium2, pdfplumber  # the readers' libraries, loaded before the baseline
data = open(sys.argv[1], "rb").read()
base = kb("VmRSS")
doc = read_bytes(data, Limits(max_pdf_pages=1000))
peak = kb("VmHWM")
print(doc.pages, base, peak, len(doc.blocks))
"""


def make_pdf(pages: int, path: Path) -> None:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(TTFont("CJK", "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", subfontIndex=0))
    c = canvas.Canvas(str(path), pagesize=A4)
    for i in range(pages):
        c.setFont("CJK", 11)
        c.drawString(72, 780, f"第{i + 1}页 创新联合体成员单位名单")
        y = 740
        for r in range(12):
            c.setStrokeColor(colors.black)
            c.rect(72, y - r * 24, 450, 24)
            c.line(300, y - r * 24, 300, y - r * 24 + 24)
            c.drawString(80, y - r * 24 + 8, f"第{i * 12 + r}号科技有限公司")
            c.drawString(308, y - r * 24 + 8, f"91450100MA{i:04d}{r:04d}")
        c.showPage()
    c.save()


def memory() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        results = {}
        for n in (50, 500):
            p = Path(tmp) / f"p{n}.pdf"
            make_pdf(n, p)
            out = subprocess.run(
                [sys.executable, "-c", MEMORY_CHILD, str(p), str(ROOT)],
                capture_output=True,
                text=True,
                check=True,
            ).stdout.split()
            pages, base, peak, blocks = map(int, out)
            results[n] = (base, peak)
            print(
                f"  {pages:3d}-page PDF ({p.stat().st_size / 1e6:.1f} MB, {blocks} blocks): "
                f"peak RSS {peak / 1024:.0f} MB (after imports {base / 1024:.0f} MB; reading added {(peak - base) / 1024:.0f} MB)"
            )
        (b50, p50), (b500, p500) = results[50], results[500]
        print(
            f"  memory added: 500 pages / 50 pages = {(p500 - b500) / max(1, p50 - b50):.2f} "
            f"(x10 pages; the read document itself grows with the text)"
        )


AGAINST_CHILD = r"""
import json, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from extractors.read import read_bytes
from extractors.readers.ocr import engine
engine()
files = json.loads(sys.argv[2])
if sys.argv[3] == "warm":  # a worker that has read before: imports and first calls behind it
    for paths in files.values():
        for p in paths:
            read_bytes(Path(p).read_bytes())
out = {}
for fmt, paths in files.items():
    t = time.perf_counter()
    for p in paths:
        read_bytes(Path(p).read_bytes())
    out[fmt] = time.perf_counter() - t
print(json.dumps(out))
"""


def against(ref: str, rounds: int, formats: list[str] | None = None, warm: bool = False) -> None:
    import json

    files = {k: [str(p) for p in v] for k, v in by_format().items() if v and (not formats or k in formats)}
    with tempfile.TemporaryDirectory() as tmp:
        archive = subprocess.run(
            ["git", "-C", str(ROOT), "archive", ref], capture_output=True, check=True
        ).stdout
        subprocess.run(["tar", "-x", "-C", tmp], input=archive, check=True)
        totals: dict[str, dict[str, float]] = {"this": {}, ref: {}}
        for _ in range(rounds):
            for name, root in ((ref, tmp), ("this", str(ROOT))):
                res = subprocess.run(
                    [
                        sys.executable,
                        "-c",
                        AGAINST_CHILD,
                        root,
                        json.dumps(files),
                        "warm" if warm else "cold",
                    ],
                    capture_output=True,
                    text=True,
                    check=True,
                    cwd=tmp,
                ).stdout
                for k, v in json.loads(res.strip().splitlines()[-1]).items():
                    totals[name][k] = totals[name].get(k, 0.0) + v
    how = "each file read once before (warm)" if warm else "each file read once (cold)"
    print(
        f"reading time on samples/ against {ref} ({rounds} rounds, interleaved, separate processes, {how}):"
    )
    for k in files:
        a, b = totals["this"][k], totals[ref][k]
        print(
            f"  {k:5s} {len(files[k]):2d} files  this {a / rounds:6.2f} s  {ref} {b / rounds:6.2f} s  ratio {a / b:.3f}"
        )
    a, b = sum(totals["this"].values()), sum(totals[ref].values())
    print(
        f"  all              this {a / rounds:6.2f} s  {ref} {b / rounds:6.2f} s  ratio {a / b:.3f} (target <= 1.10)"
    )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--ocr-rounds", type=int, default=2)
    ap.add_argument(
        "--ocr-only", action="store_true", help="only OCR through our reader against raw RapidOCR"
    )
    ap.add_argument("--skip-memory", action="store_true")
    ap.add_argument("--against", help="a git ref whose readers to time against this checkout's")
    ap.add_argument(
        "--rounds", type=int, default=2, help="with --against; with --seals-only, its rounds less one"
    )
    ap.add_argument(
        "--warm",
        action="store_true",
        help="with --against: each process reads every file once before the timed reading (a worker's steady state)",
    )
    ap.add_argument(
        "--formats",
        help="with --against: only these formats, comma-separated (docx,pdf,scan,doc)",
        default="",
    )
    ap.add_argument("--seals-only", action="store_true", help="only the OCR time with seals against without")
    a = ap.parse_args()
    if a.against:
        against(a.against, a.rounds, [f for f in a.formats.split(",") if f], a.warm)
        return
    if a.seals_only:
        seal_overhead(a.rounds + 1)
        return
    if a.ocr_only:
        ocr_against_raw(a.ocr_rounds)
        return
    t = time.perf_counter()
    from extractors.readers.ocr import engine

    engine()
    print(f"start-up (imports, OCR models): {time.perf_counter() - t:.1f} s")
    throughput()
    ocr_against_raw(a.ocr_rounds)
    seal_overhead()
    if not a.skip_memory:
        print("memory:")
        memory()


if __name__ == "__main__":
    main()
