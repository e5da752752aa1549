"""Specs rendered as files: .docx (python-docx), born-digital PDF (reportlab), scanned PDF (pages
rendered at 200 dpi, turned, speckled, with realistic official seals over the signing units'
entries) and legacy .doc (LibreOffice)."""

from __future__ import annotations

import io
import random
import subprocess
import tempfile
from pathlib import Path

from samples.builders import GRID
from samples.seals import FONT_PATHS


def render_docx(spec: list, path: Path) -> None:
    import docx
    from docx.shared import Pt

    d = docx.Document()
    st = d.styles["Normal"]
    st.font.size = Pt(11)
    for b in spec:
        if b[0] == "title":
            d.add_heading(b[1], level=1)
        elif b[0] == "p":
            d.add_paragraph(b[1])
        elif b[0] == "pagebreak":
            d.add_page_break()
        elif b[0] == "space":
            d.add_paragraph("")
        elif b[0] == "table":
            rows = b[1]
            t = d.add_table(rows=len(rows), cols=GRID)
            t.style = "Table Grid"
            for r_i, row in enumerate(rows):
                col = 0
                for text, span in row:
                    cell = t.cell(r_i, col)
                    if span > 1:
                        cell = cell.merge(t.cell(r_i, col + span - 1))
                    cell.text = text
                    col += span
    d.save(str(path))


def _font() -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    for p in FONT_PATHS:
        if Path(p).exists():
            try:
                pdfmetrics.registerFont(TTFont("CJK", p, subfontIndex=0))
                return "CJK"
            except Exception:
                continue
    raise SystemExit("a CJK font is needed for PDF samples: apt-get install fonts-wqy-microhei")


def render_pdf(spec: list, path: Path) -> None:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    font = _font()
    body = ParagraphStyle("b", fontName=font, fontSize=11, leading=17, wordWrap="CJK")
    title = ParagraphStyle("t", fontName=font, fontSize=16, leading=24, alignment=1, wordWrap="CJK")
    cell = ParagraphStyle("c", fontName=font, fontSize=9, leading=12, wordWrap="CJK")
    story: list = []
    width = A4[0] - 40 * mm
    for b in spec:
        if b[0] == "title":
            story += [Paragraph(b[1], title), Spacer(1, 4)]
        elif b[0] == "p":
            story.append(Paragraph(b[1], body))
        elif b[0] == "pagebreak":
            story.append(PageBreak())
        elif b[0] == "space":
            story.append(Spacer(1, b[1] * mm))
        elif b[0] == "table":
            data, styles = (
                [],
                [
                    ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
                    ("FONTNAME", (0, 0), (-1, -1), font),
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ],
            )
            for r_i, row in enumerate(b[1]):
                line: list = []
                col = 0
                for text, span in row:
                    line.append(Paragraph(text.replace("\n", "<br/>"), cell))
                    line += [""] * (span - 1)
                    if span > 1:
                        styles.append(("SPAN", (col, r_i), (col + span - 1, r_i)))
                    col += span
                data.append(line)
            t = Table(data, colWidths=[width / GRID] * GRID, repeatRows=0, splitByRow=1)
            t.setStyle(TableStyle(styles))
            story.append(t)
    doc = SimpleDocTemplate(
        str(path),
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=20 * mm,
        bottomMargin=20 * mm,
        title="",
        author="",
    )
    doc.build(story, onFirstPage=_footer, onLaterPages=_footer)


def _footer(canvas, doc) -> None:
    canvas.setFont("CJK", 9)
    canvas.drawCentredString(105 * 2.8346, 12 * 2.8346, f"— {doc.page} —")


def find_text(pdf_path: Path, needle: str) -> list[tuple[int, tuple[float, float, float, float]]]:
    """Where `needle` is written in a born-digital PDF, whitespace and line breaks aside: (page
    index, box in points from the top left) for each occurrence, in reading order."""
    import pypdfium2 as pdfium

    want = "".join(needle.split())
    out: list[tuple[int, tuple[float, float, float, float]]] = []
    pdf = pdfium.PdfDocument(str(pdf_path))
    try:
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
                # the box of the first line of the occurrence (a wrapped entry is stamped there)
                top = max(b[3] for b in boxes[:1])
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
    finally:
        pdf.close()
    return out


def render_scan(
    pdf_path: Path,
    out: Path,
    rng: random.Random,
    quality: str = "noisy",
    seals: list[tuple[str, str | None, str]] | None = None,
) -> list[dict]:
    """A scanned copy: pages rendered at 200 dpi in colour, with an official seal stamped over
    each entry of `seals` ((text on the page, the name the seal carries or None for no seal, the
    unit's kind)), like a unit stamping its signature; noisy scans are also turned a little,
    speckled and blurred. Saved as an image-only PDF; returns the seals stamped (page, name, box
    as page fractions)."""
    import numpy as np
    import pypdfium2 as pdfium
    from PIL import Image, ImageFilter

    from samples.seals import draw_seal, random_style, seal_box, stamp

    dpi = 200.0
    scale = dpi / 72
    where: dict[int, list[tuple[tuple[float, float], str]]] = {}
    for needle, name, kind in seals or []:
        if name is None:
            continue
        found = find_text(pdf_path, needle)
        if not found:
            continue
        # an entry of the signature block: its last occurrence (the cover names the lead too)
        page_i, (x0, y0, x1, y1) = found[-1]
        centre = ((x0 + x1) / 2 * scale + rng.uniform(-30, 30), (y0 + y1) / 2 * scale + rng.uniform(-20, 20))
        where.setdefault(page_i, []).append((centre, name + "\t" + kind))
    pdf = pdfium.PdfDocument(str(pdf_path))
    pages = []
    stamped: list[dict] = []
    for i in range(len(pdf)):
        img = pdf[i].render(scale=scale).to_pil().convert("RGB")
        img = Image.fromarray(
            (np.asarray(img).astype(np.float32) * np.array([0.97, 0.96, 0.93])).astype(np.uint8)
        )
        for centre, tag in where.get(i, []):
            name, kind = tag.split("\t")
            seal = draw_seal(name, random_style(rng, kind), dpi)
            img = stamp(img, seal, centre)
            x0, y0, x1, y1 = seal_box(seal, centre)
            stamped.append(
                {
                    "page": i + 1,
                    "name": name,
                    "bbox": [
                        round(x0 / img.width, 4),
                        round(y0 / img.height, 4),
                        round(x1 / img.width, 4),
                        round(y1 / img.height, 4),
                    ],
                }
            )
        if quality == "noisy":
            img = img.rotate(
                rng.uniform(-1.5, 1.5), resample=Image.BICUBIC, expand=False, fillcolor=(247, 245, 237)
            )
            arr = np.asarray(img).astype(np.int16)
            noise = np.random.default_rng(rng.randint(0, 10**6)).normal(0, 12, arr.shape[:2])[..., None]
            arr = np.clip(arr + noise, 0, 255).astype(np.uint8)
            img = Image.fromarray(arr).filter(ImageFilter.GaussianBlur(0.4))
        pages.append(img)
    pdf.close()
    buf = io.BytesIO()
    pages[0].save(buf, format="PDF", save_all=True, append_images=pages[1:], resolution=dpi, quality=80)
    out.write_bytes(buf.getvalue())
    return stamped


def render_doc(docx_path: Path, out: Path) -> bool:
    """An old-format .doc of a .docx, by LibreOffice (as clerks still receive them); False when
    LibreOffice is not installed or fails."""
    with tempfile.TemporaryDirectory() as tmp:
        try:
            subprocess.run(
                [
                    "soffice",
                    f"-env:UserInstallation=file://{tmp}/p",
                    "--headless",
                    "--convert-to",
                    "doc",
                    "--outdir",
                    tmp,
                    str(docx_path),
                ],
                capture_output=True,
                timeout=180,
            )
        except (OSError, subprocess.TimeoutExpired):
            return False
        docs = list(Path(tmp).glob("*.doc"))
        if not docs:
            return False
        out.write_bytes(docs[0].read_bytes())
        return True
