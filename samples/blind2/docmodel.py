"""A small document model written to .docx with python-docx, and the media made from it:
born-digital PDF and legacy .doc by LibreOffice (in batches: one start for many files),
greyscale scans, a phone photo, broken files.

Blocks: ("title", text), ("p", runs, opts), ("table", rows, opts), ("pagebreak",).
runs: a str or a list of (text, {"bold", "strike", "expand"}) pieces.
rows: lists of cells; a cell is a str or {"text", "span", "bold", "align"}; text may hold \\n.
table opts: borders (bool), widths (relative column widths), size (pt).
"""

from __future__ import annotations

import io
import random
import subprocess
import tempfile
from pathlib import Path

FONT = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"


class Doc:
    def __init__(self):
        self.blocks: list = []

    def title(self, text: str, size: int = 16):
        self.blocks.append(("title", text, {"size": size}))

    def p(self, runs, **opts):
        self.blocks.append(("p", runs, opts))

    def blank(self, n: int = 1):
        for _ in range(n):
            self.blocks.append(("p", "", {}))

    def table(self, rows, **opts):
        self.blocks.append(("table", rows, opts))

    def pagebreak(self):
        self.blocks.append(("pagebreak",))

    def text(self) -> str:
        """Plain text, for checks."""
        out = []
        for b in self.blocks:
            if b[0] == "title":
                out.append(b[1])
            elif b[0] == "p":
                out.append(b[1] if isinstance(b[1], str) else "".join(t for t, _ in b[1]))
            elif b[0] == "table":
                for r in b[1]:
                    out.append(" | ".join(c if isinstance(c, str) else c["text"] for c in r))
        return "\n".join(out)


def _set_font(run, size=None, bold=False):
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run.font.name = "SimSun"
    rpr = run._element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        from docx.oxml import OxmlElement

        rfonts = OxmlElement("w:rFonts")
        rpr.append(rfonts)
    rfonts.set(qn("w:eastAsia"), "宋体")
    if size:
        run.font.size = Pt(size)
    if bold:
        run.bold = True


def _expand(run, twips: int):
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    rpr = run._element.get_or_add_rPr()
    sp = OxmlElement("w:spacing")
    sp.set(qn("w:val"), str(twips))
    rpr.append(sp)


def _no_borders(table):
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tblPr = table._tbl.tblPr
    b = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        e = OxmlElement(f"w:{edge}")
        e.set(qn("w:val"), "nil")
        b.append(e)
    tblPr.append(b)


def write_docx(doc: Doc, path: Path) -> None:
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
    from docx.shared import Cm, Pt

    d = docx.Document()
    sec = d.sections[0]
    sec.page_width, sec.page_height = Cm(21), Cm(29.7)
    sec.left_margin = sec.right_margin = Cm(2.5)
    sec.top_margin = sec.bottom_margin = Cm(2.3)
    st = d.styles["Normal"]
    st.font.size = Pt(11)
    for b in doc.blocks:
        if b[0] == "title":
            p = d.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _set_font(p.add_run(b[1]), size=b[2].get("size", 16), bold=True)
        elif b[0] == "p":
            runs, opts = b[1], b[2]
            p = d.add_paragraph()
            if opts.get("align") == "center":
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            elif opts.get("align") == "right":
                p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            if opts.get("indent"):
                p.paragraph_format.first_line_indent = Pt(22)
            if opts.get("left"):
                p.paragraph_format.left_indent = Cm(opts["left"])
            if isinstance(runs, str):
                runs = [(runs, {})]
            for t, f in runs:
                r = p.add_run(t)
                _set_font(r, size=opts.get("size"), bold=f.get("bold") or opts.get("bold"))
                if f.get("strike"):
                    r.font.strike = True
                if f.get("expand") or opts.get("expand"):
                    _expand(r, f.get("expand") or opts.get("expand"))
        elif b[0] == "pagebreak":
            p = d.add_paragraph()
            p.add_run().add_break(WD_BREAK.PAGE)
        elif b[0] == "table":
            rows, opts = b[1], b[2]
            ncols = max(sum((c.get("span", 1) if isinstance(c, dict) else 1) for c in r) for r in rows)
            t = d.add_table(rows=len(rows), cols=ncols)
            if opts.get("borders", True):
                t.style = "Table Grid"
            else:
                _no_borders(t)
            widths = opts.get("widths")
            if not (widths and len(widths) == ncols):
                widths = [1] * ncols
            tot = sum(widths)
            t.autofit = False
            from docx.oxml import OxmlElement
            from docx.oxml.ns import qn

            grid = t._tbl.tblGrid
            for ci, gc in enumerate(grid.findall(qn("w:gridCol"))):
                gc.set(qn("w:w"), str(int(16 / 2.54 * 1440 * widths[ci] / tot)))
            for row in t.rows:
                for ci, cell in enumerate(row.cells):
                    cell.width = Cm(16 * widths[ci] / tot)
                trPr = row._tr.get_or_add_trPr()
                cs = OxmlElement("w:cantSplit")
                trPr.append(cs)
            for ri, row in enumerate(rows):
                col = 0
                for c in row:
                    if isinstance(c, str):
                        c = {"text": c}
                    span = c.get("span", 1)
                    cell = t.cell(ri, col)
                    if span > 1:
                        cell = cell.merge(t.cell(ri, col + span - 1))
                    lines = c["text"].split("\n")
                    par = cell.paragraphs[0]
                    for li, line in enumerate(lines):
                        if li:
                            par = cell.add_paragraph()
                        if c.get("align") == "center":
                            par.alignment = WD_ALIGN_PARAGRAPH.CENTER
                        elif c.get("align") == "right":
                            par.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                        r = par.add_run(line)
                        _set_font(r, size=opts.get("size", 10), bold=c.get("bold"))
                        if c.get("expand"):
                            _expand(r, c["expand"])
                    col += span
                # cells never filled stay empty (a short row)
            d.add_paragraph()
    d.save(str(path))


# ----------------------------------------------------------------------------- LibreOffice
def soffice_convert(files: list[Path], fmt: str, outdir: Path) -> dict[Path, Path]:
    """Convert many files in one LibreOffice start; returns {input: output}."""
    if not files:
        return {}
    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as prof:
        cmd = [
            "soffice",
            f"-env:UserInstallation=file://{prof}/p",
            "--headless",
            "--norestore",
            "--convert-to",
            fmt,
            "--outdir",
            str(outdir),
        ] + [str(f) for f in files]
        subprocess.run(cmd, capture_output=True, timeout=900)
    res = {}
    for f in files:
        o = outdir / (f.stem + "." + fmt.split(":")[0])
        if o.exists():
            res[f] = o
    return res


def pdf_pages(path: Path) -> int | None:
    try:
        import pypdfium2 as pdfium

        d = pdfium.PdfDocument(str(path))
        n = len(d)
        d.close()
        return n
    except Exception:
        return None


# ----------------------------------------------------------------------------- scans and photos
def find_text(pdf_path: Path, needle: str):
    """(page index, box in points from top-left) of each place `needle` is written, spaces aside."""
    import pypdfium2 as pdfium

    want = "".join(needle.split())
    out = []
    pdf = pdfium.PdfDocument(str(pdf_path))
    for i in range(len(pdf)):
        page = pdf[i]
        h = page.get_height()
        tp = page.get_textpage()
        n = tp.count_chars()
        text = tp.get_text_range(0, n) if n else ""
        keep = [j for j, ch in enumerate(text[:n]) if not ch.isspace()]
        flat = "".join(text[j] for j in keep)
        start = flat.find(want)
        while start >= 0:
            boxes = [tp.get_charbox(keep[k]) for k in range(start, start + len(want))]
            top = boxes[0][3]
            line = [b for b in boxes if abs(b[3] - top) < 4]
            out.append(
                (
                    i,
                    (
                        min(b[0] for b in line),
                        h - max(b[3] for b in line),
                        max(b[2] for b in line),
                        h - min(b[1] for b in line),
                    ),
                )
            )
            start = flat.find(want, start + 1)
        tp.close()
        page.close()
    pdf.close()
    return out


def scan_pdf(
    pdf_path: Path,
    out: Path,
    rng: random.Random,
    dpi: int = 170,
    seals: list[tuple[str, str, str]] | None = None,
) -> list[dict]:
    """An image-only scanned PDF: greyscale pages at `dpi`, turned 0.3-1.5 degrees, noise and
    specks, JPEG-compressed; pages that receive a seal (seals: (needle on the page, seal name,
    kind)) are scanned in colour. Returns the seals stamped, as extra.seals entries."""
    import numpy as np
    import pypdfium2 as pdfium
    from PIL import Image, ImageFilter

    scale = dpi / 72
    where: dict[int, list] = {}
    if seals:
        from samples.seals import draw_seal, random_style, seal_box, stamp  # noqa: F401

        for needle, name, kind in seals:
            found = find_text(pdf_path, needle)
            if not found:
                continue
            pi, (x0, y0, x1, y1) = found[-1]
            c = ((x0 + x1) / 2 * scale + rng.uniform(-25, 25), (y0 + y1) / 2 * scale + rng.uniform(-15, 15))
            where.setdefault(pi, []).append((c, name, kind))
    pdf = pdfium.PdfDocument(str(pdf_path))
    pages, stamped = [], []
    g = np.random.default_rng(rng.randint(0, 10**6))
    angle = rng.uniform(0.3, 1.5) * rng.choice([-1, 1])
    for i in range(len(pdf)):
        img = pdf[i].render(scale=scale).to_pil().convert("RGB")
        colour = i in where
        if colour:
            from samples.seals import draw_seal, random_style, seal_box, stamp

            for c, name, kind in where[i]:
                seal = draw_seal(name, random_style(rng, kind), dpi)
                img = stamp(img, seal, c)
                x0, y0, x1, y1 = seal_box(seal, c)
                stamped.append(
                    {
                        "unit": name,
                        "text": name,
                        "page": i + 1,
                        "bbox": [
                            round(x0 / img.width, 4),
                            round(y0 / img.height, 4),
                            round(x1 / img.width, 4),
                            round(y1 / img.height, 4),
                        ],
                    }
                )
        else:
            img = img.convert("L")
        a = angle + rng.uniform(-0.2, 0.2)
        fill = (246, 244, 238) if colour else 244
        img = img.rotate(a, resample=Image.BICUBIC, expand=False, fillcolor=fill)
        arr = np.asarray(img).astype(np.float32)
        noise = g.normal(0, 9, arr.shape[:2])
        if arr.ndim == 3:
            noise = noise[..., None]
        arr = arr * 0.96 + 6 + noise
        # specks
        h, w = arr.shape[:2]
        for _ in range(rng.randint(40, 160)):
            y, x = rng.randrange(h), rng.randrange(w)
            r = rng.randint(1, 2)
            arr[max(0, y - r) : y + r, max(0, x - r) : x + r] = rng.randint(40, 120)
        arr = np.clip(arr, 0, 255).astype(np.uint8)
        img = Image.fromarray(arr).filter(ImageFilter.GaussianBlur(0.35))
        buf = io.BytesIO()
        img.save(buf, "JPEG", quality=rng.randint(55, 75))
        pages.append(Image.open(io.BytesIO(buf.getvalue())))
    pdf.close()
    pages[0].save(str(out), format="PDF", save_all=True, append_images=pages[1:], resolution=dpi)
    return stamped


def photo_jpg(pdf_path: Path, out: Path, rng: random.Random, seals=None) -> list[dict]:
    """A phone photo of the first page: perspective, uneven light, a table top around it."""
    import cv2
    import numpy as np
    import pypdfium2 as pdfium

    dpi = 150
    scale = dpi / 72
    pdf = pdfium.PdfDocument(str(pdf_path))
    img = pdf[0].render(scale=scale).to_pil().convert("RGB")
    pdf.close()
    stamped = []
    if seals:
        from samples.seals import draw_seal, random_style, stamp

        for needle, name, kind in seals:
            found = [f for f in find_text(pdf_path, needle) if f[0] == 0]
            if not found:
                continue
            _, (x0, y0, x1, y1) = found[-1]
            c = ((x0 + x1) / 2 * scale + rng.uniform(-20, 20), (y0 + y1) / 2 * scale)
            img = stamp(img, draw_seal(name, random_style(rng, kind), dpi), c)
            stamped.append({"unit": name, "text": name, "page": 1, "bbox": None})
    src = np.asarray(img)[..., ::-1].astype(np.float32)
    h, w = src.shape[:2]
    W, H = int(w * 1.18), int(h * 1.12)

    def j(s):
        return rng.uniform(-s, s)

    dst = np.float32(
        [
            [w * 0.08 + j(25), h * 0.05 + j(20)],
            [w * 1.09 + j(25), h * 0.06 + j(20)],
            [w * 1.11 + j(25), h * 1.07 + j(20)],
            [w * 0.06 + j(25), h * 1.06 + j(20)],
        ]
    )
    M = cv2.getPerspectiveTransform(np.float32([[0, 0], [w, 0], [w, h], [0, h]]), dst)
    bg = np.zeros((H, W, 3), np.float32)
    bg[:] = (rng.uniform(40, 70), rng.uniform(60, 90), rng.uniform(90, 130))
    warped = cv2.warpPerspective(src, M, (W, H), borderMode=cv2.BORDER_TRANSPARENT, dst=bg.copy())
    yy, xx = np.mgrid[0:H, 0:W].astype(np.float32)
    cx, cy = rng.uniform(0.3, 0.7) * W, rng.uniform(0.2, 0.6) * H
    light = 1.05 - 0.35 * (((xx - cx) / W) ** 2 + ((yy - cy) / H) ** 2)
    warped = warped * light[..., None] * np.array([0.93, 0.97, 1.0])
    warped += np.random.default_rng(rng.randint(0, 10**6)).normal(0, 5, warped.shape)
    warped = cv2.GaussianBlur(np.clip(warped, 0, 255).astype(np.uint8), (3, 3), 0.6)
    cv2.imwrite(str(out), warped, [cv2.IMWRITE_JPEG_QUALITY, 82])
    return stamped


def truncated_docx(src: Path, out: Path) -> None:
    data = src.read_bytes()
    out.write_bytes(data[: len(data) // 3])


def zero_byte(out: Path) -> None:
    out.write_bytes(b"")
