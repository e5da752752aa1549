#!/usr/bin/env python3
"""Reading speed and memory, measured against baselines in the same run.

1. Documents and pages per second for each format on samples/ (docx, born-digital PDF, scans).
2. OCR through our reader (seal fading, levelling, table reconstruction, box assignment) against
   RapidOCR called directly on the same page images with the same engine: our overhead in %.
3. OCR of signature pages with official seals (found, unwrapped, read) against the very same
   pages without them: the seals' overhead in %.
4. Peak memory reading a 500-page PDF against a 50-page one (each in its own process): pages are
   closed as they are read, so the peak stays near the small one's.
5. With --against REF (e.g. main): reading time by format on samples/ with this checkout against
   the code of git REF, each in its own process, interleaved over rounds: ratio this / REF
   (--formats pdf: born-digital PDFs only). Each process reads each file once, so the time includes
   what the first reading costs (lazy imports; with PYTHONDONTWRITEBYTECODE, compiling the readers);
   --warm reads every file once before the clock starts, as a worker that has read before.

    python bench/read.py [--ocr-pages 3] [--skip-memory] [--seals-only] [--against main --rounds 2 --formats pdf --warm]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
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


def ocr_overhead(n_pages: int) -> None:
    import pypdfium2 as pdfium

    from extractors.readers.ocr import engine, ocr_page_blocks

    images = []
    for f in by_format()["scan"]:
        pdf = pdfium.PdfDocument(str(f))
        for i in range(len(pdf)):
            images.append(pdf[i].render(scale=200 / 72).to_pil())
            if len(images) >= n_pages:
                break
        pdf.close()
        if len(images) >= n_pages:
            break
    eng = engine()
    eng(images[0])  # warm-up
    # interleaved, two rounds: each page read directly and through our reader back to back, so that
    # the machine's drift hits both alike
    direct = ours = 0.0
    for _ in range(2):
        for im in images:  # the same page images both ways (RapidOCR takes a PIL image as it is)
            t = time.perf_counter()
            eng(im)
            direct += time.perf_counter() - t
            t = time.perf_counter()
            ocr_page_blocks(im, 1)
            ours += time.perf_counter() - t
    direct /= 2
    ours /= 2
    print(f"OCR of {len(images)} scanned A4 pages at 200 dpi:")
    print(f"  RapidOCR directly: {direct / len(images):.2f} s/page")
    print(f"  through our reader: {ours / len(images):.2f} s/page")
    print(
        f"  ratio ours/direct = {ours / direct:.3f} (overhead {100 * (ours / direct - 1):+.1f}%, target <= +10%)"
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
    ratios = []
    found = 0
    for k in range(rounds):
        for clean, stamped, _n in pages:
            times = {}
            for which in ("clean", "sealed") if k % 2 == 0 else ("sealed", "clean"):
                t = time.perf_counter()
                res = ocr_page(clean if which == "clean" else stamped, 1)
                times[which] = time.perf_counter() - t
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
    ap.add_argument("--ocr-pages", type=int, default=3)
    ap.add_argument("--skip-memory", action="store_true")
    ap.add_argument("--against", help="a git ref whose readers to time against this checkout's")
    ap.add_argument("--rounds", type=int, default=2)
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
        seal_overhead()
        return
    t = time.perf_counter()
    from extractors.readers.ocr import engine

    engine()
    print(f"start-up (imports, OCR models): {time.perf_counter() - t:.1f} s")
    throughput()
    ocr_overhead(a.ocr_pages)
    seal_overhead()
    if not a.skip_memory:
        print("memory:")
        memory()


if __name__ == "__main__":
    main()
