"""Turning Word files into what clerks send: PDF and .doc through LibreOffice (one batch per format,
with a private profile), scans (150-200 dpi, grey or colour, rotated, noisy, specks, JPEG artefacts,
image-only PDF), phone photos (perspective, uneven light), official seals over signature entries,
and broken files (truncated, zero-byte, encrypted)."""

from __future__ import annotations

import hashlib
import io
import math
import random
import re
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
from PIL import Image, ImageDraw, ImageFilter, ImageFont

FONT = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"
FIXED = time.struct_time((2025, 1, 1, 8, 0, 0, 2, 1, 0))


# ------------------------------------------------------------------------------ LibreOffice
def soffice_batch(files: dict[str, bytes], fmt: str, workdir: Path) -> dict[str, bytes]:
    """Convert many .docx at once (one LibreOffice start per batch). Keys are stems."""
    if not files:
        return {}
    src = workdir / f"src_{fmt}"
    out = workdir / f"out_{fmt}"
    src.mkdir(parents=True, exist_ok=True)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for stem, data in files.items():
        p = src / f"{stem}.docx"
        p.write_bytes(data)
        paths.append(str(p))
    profile = Path(tempfile.mkdtemp(prefix="lo_profile_", dir=workdir))
    target = {"pdf": "pdf:writer_pdf_Export", "doc": "doc:MS Word 97"}[fmt]
    cmd = [
        "soffice",
        f"-env:UserInstallation=file://{profile}",
        "--headless",
        "--norestore",
        "--convert-to",
        target,
        "--outdir",
        str(out),
    ] + paths
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=900)
    res = {}
    for stem in files:
        p = out / f"{stem}.{fmt}"
        if not p.exists():
            raise RuntimeError(f"LibreOffice did not convert {stem} to {fmt}")
        data = p.read_bytes()
        res[stem] = normalise_pdf(data) if fmt == "pdf" else data
    shutil.rmtree(profile, ignore_errors=True)
    return res


def normalise_pdf(b: bytes) -> bytes:
    """Fixed dates and a content-derived /ID, so one seed gives the same bytes (same lengths: offsets hold)."""
    b = re.sub(rb"(/(?:CreationDate|ModDate)\s*\(D:)[0-9]{14}", rb"\g<1>20250101080000", b)
    core = re.sub(rb"<[0-9A-F]{32}>|/DocChecksum /[0-9A-F]{32}", b"", b)
    h = hashlib.md5(core).hexdigest().upper().encode()
    b = re.sub(rb"<[0-9A-F]{32}>", b"<" + h + b">", b)
    return re.sub(rb"/DocChecksum /[0-9A-F]{32}", b"/DocChecksum /" + h, b)


def pdf_pages(b: bytes) -> int:
    return len(pdfium.PdfDocument(b))


# ------------------------------------------------------------------------------ locating entries
def find_entries(pdf: bytes, names: list[str]) -> dict[str, tuple[int, tuple[float, float, float, float]]]:
    """For each name, its last occurrence (page, box in PDF points: left, bottom, right, top): the seal
    block is the last place a signing unit is named."""
    doc = pdfium.PdfDocument(pdf)
    found: dict[str, tuple[int, tuple[float, float, float, float]]] = {}
    for pi in range(len(doc)):
        tp = doc[pi].get_textpage()
        for name in names:
            for probe in (name, " ".join(name)):
                s = tp.search(probe, match_case=False, match_whole_word=False)
                hit = s.get_next()
                while hit:
                    start, count = hit
                    boxes = [tp.get_charbox(i) for i in range(start, start + count)]
                    box = (
                        min(x[0] for x in boxes),
                        min(x[1] for x in boxes),
                        max(x[2] for x in boxes),
                        max(x[3] for x in boxes),
                    )
                    found[name] = (pi, box)
                    hit = s.get_next()
    return found


# ------------------------------------------------------------------------------ seals
def draw_seal(text: str, diameter: int, rng: random.Random, contract: bool = False) -> Image.Image:
    """A round official seal: ring, five-pointed star, the unit's name along the upper arc,
    optionally 合同专用章 and a 13-digit number; uneven ink."""
    size = diameter + 8
    img = Image.new("L", (size, size), 0)
    dr = ImageDraw.Draw(img)
    cx = cy = size / 2
    r = diameter / 2
    ring = max(3, int(diameter * 0.035))
    dr.ellipse([cx - r, cy - r, cx + r, cy + r], outline=255, width=ring)
    # star
    rs = r * 0.26
    pts = []
    for k in range(10):
        ang = -math.pi / 2 + k * math.pi / 5
        rr = rs if k % 2 == 0 else rs * 0.4
        pts.append((cx + rr * math.cos(ang), cy + rr * math.sin(ang)))
    dr.polygon(pts, fill=255)
    # arc text
    n = len(text)
    fsize = max(10, int(r * min(0.36, 3.4 / max(n, 6))))
    font = ImageFont.truetype(FONT, fsize)
    span = min(math.radians(250), math.radians(22) * n)
    start = -math.pi / 2 - span / 2
    rad = r - ring - fsize * 0.75
    for i, ch in enumerate(text):
        ang = start + span * (i + 0.5) / n
        glyph = Image.new("L", (fsize * 2, fsize * 2), 0)
        ImageDraw.Draw(glyph).text((fsize / 2, fsize / 2), ch, font=font, fill=255)
        glyph = glyph.rotate(-math.degrees(ang + math.pi / 2), resample=Image.BICUBIC)
        x = cx + rad * math.cos(ang) - fsize
        y = cy + rad * math.sin(ang) - fsize
        img.paste(255, (int(x), int(y)), glyph)
    if contract:
        f2 = ImageFont.truetype(FONT, max(9, int(r * 0.2)))
        w = dr.textlength("合同专用章", font=f2)
        dr.text((cx - w / 2, cy + r * 0.32), "合同专用章", font=f2, fill=255)
    if rng.random() < 0.5:
        f3 = ImageFont.truetype(FONT, max(8, int(r * 0.13)))
        num = "".join(rng.choice("0123456789") for _ in range(13))
        w = dr.textlength(num, font=f3)
        dr.text((cx - w / 2, cy + r * 0.62), num, font=f3, fill=255)
    img = img.rotate(rng.uniform(-25, 25), resample=Image.BICUBIC)
    a = np.asarray(img, dtype=np.float32) / 255.0
    nrng = np.random.default_rng(rng.randrange(1 << 30))
    ink = np.clip(nrng.normal(0.85, 0.18, a.shape), 0.25, 1.0)
    blot = Image.fromarray((nrng.random((8, 8)) * 255).astype(np.uint8)).resize(img.size, Image.BICUBIC)
    ink *= 0.6 + 0.4 * np.asarray(blot, dtype=np.float32) / 255.0
    alpha = (a * ink * 255).astype(np.uint8)
    return Image.fromarray(alpha).filter(ImageFilter.GaussianBlur(0.6))


def stamp(page: Image.Image, alpha: Image.Image, cx: float, cy: float) -> tuple[int, int, int, int]:
    """Multiply a red seal onto an RGB page centred at (cx, cy); returns its box in pixels."""
    w, h = alpha.size
    x0, y0 = int(cx - w / 2), int(cy - h / 2)
    red = Image.new("RGB", alpha.size, (212, 32, 40))
    region = page.crop((x0, y0, x0 + w, y0 + h))
    mixed = Image.composite(Image.fromarray(np.minimum(np.asarray(region), np.asarray(red))), region, alpha)
    page.paste(mixed, (x0, y0))
    return x0, y0, x0 + w, y0 + h


# ------------------------------------------------------------------------------ scans
def _degrade(img: Image.Image, rng: random.Random, grey: bool, angle: float) -> Image.Image:
    nrng = np.random.default_rng(rng.randrange(1 << 30))
    if grey:
        img = img.convert("L")
    img = img.rotate(angle, resample=Image.BICUBIC, expand=False, fillcolor=255 if grey else (255, 255, 255))
    a = np.asarray(img, dtype=np.float32)
    a = a * rng.uniform(0.93, 0.99) + rng.uniform(0, 8)  # paper tone
    a += nrng.normal(0, rng.uniform(4, 10), a.shape)
    h, w = a.shape[:2]
    for _ in range(rng.randrange(60, 260)):  # specks
        y, x = nrng.integers(0, h), nrng.integers(0, w)
        rad = int(nrng.integers(1, 3))
        a[max(0, y - rad) : y + rad, max(0, x - rad) : x + rad] = rng.uniform(20, 110)
    if rng.random() < 0.5:  # scanner shadow at one edge
        edge = int(w * rng.uniform(0.01, 0.03))
        a[:, :edge] *= 0.55
    a = np.clip(a, 0, 255).astype(np.uint8)
    img = Image.fromarray(a).filter(ImageFilter.GaussianBlur(rng.uniform(0.3, 0.7)))
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=rng.randrange(35, 60))
    return Image.open(io.BytesIO(buf.getvalue()))


def scan_pdf(
    pdf: bytes,
    rng: random.Random,
    seals: dict[str, tuple[int, tuple]] | None = None,
    contract_seal: bool = False,
) -> tuple[bytes, list[dict], dict]:
    """An image-only PDF of the document as scanned; seals (unit -> (page, box in points)) are stamped
    over the entries before scanning. Returns (bytes, extra.seals, parameters)."""
    doc = pdfium.PdfDocument(pdf)
    dpi = rng.choice([150, 160, 180, 200])
    grey = rng.random() < 0.6
    pages = []
    seal_recs: list[dict] = []
    for pi in range(len(doc)):
        page = doc[pi]
        ph = page.get_height()
        img = page.render(scale=dpi / 72).to_pil().convert("RGB")
        boxes = []
        for unit, (spi, box) in (seals or {}).items():
            if spi != pi:
                continue
            left, bottom, right, top = box
            cx = ((left + right) / 2 + rng.uniform(-20, 20)) * dpi / 72
            cy = (ph - (bottom + top) / 2 + rng.uniform(-8, 8)) * dpi / 72
            diam = int(dpi * rng.uniform(1.45, 1.65))
            alpha = draw_seal(unit, diam, rng, contract=contract_seal and rng.random() < 0.5)
            boxes.append((unit, stamp(img, alpha, cx, cy)))
        angle = rng.choice([-1, 1]) * rng.uniform(0.5, 2.0)
        out = _degrade(img, rng, grey and not boxes, angle)
        W, H = out.size
        for unit, (x0, y0, x1, y1) in boxes:
            # the page turned about its centre by ``angle`` degrees (counter-clockwise)
            cxp, cyp = (x0 + x1) / 2 - W / 2, (y0 + y1) / 2 - H / 2
            t = math.radians(angle)
            nx = cxp * math.cos(t) + cyp * math.sin(t) + W / 2
            ny = -cxp * math.sin(t) + cyp * math.cos(t) + H / 2
            hw, hh = (x1 - x0) / 2, (y1 - y0) / 2
            seal_recs.append(
                {
                    "unit": unit,
                    "text": unit,
                    "page": pi + 1,
                    "bbox": [
                        round((nx - hw) / W, 4),
                        round((ny - hh) / H, 4),
                        round((nx + hw) / W, 4),
                        round((ny + hh) / H, 4),
                    ],
                }
            )
        pages.append(out)
    buf = io.BytesIO()
    pages[0].save(
        buf,
        "PDF",
        save_all=True,
        append_images=pages[1:],
        resolution=float(dpi),
        creationDate=FIXED,
        modDate=FIXED,
        title="扫描件",
        producer="Scanner",
    )
    return buf.getvalue(), seal_recs, {"dpi": dpi, "grey": grey}


def photo_jpg(
    pdf: bytes, rng: random.Random, seals: dict[str, tuple[int, tuple]] | None = None
) -> tuple[bytes, list[dict]]:
    """A phone photo of page 1: on a desk, in perspective, with uneven light."""
    import cv2

    doc = pdfium.PdfDocument(pdf)
    page = doc[0]
    ph = page.get_height()
    dpi = 170
    img = page.render(scale=dpi / 72).to_pil().convert("RGB")
    boxes = []
    for unit, (spi, box) in (seals or {}).items():
        if spi != 0:
            continue
        left, bottom, right, top = box
        cx = ((left + right) / 2 + rng.uniform(-15, 15)) * dpi / 72
        cy = (ph - (bottom + top) / 2) * dpi / 72
        boxes.append((unit, stamp(img, draw_seal(unit, int(dpi * 1.55), rng), cx, cy)))
    a = np.asarray(img)
    h, w = a.shape[:2]
    W, H = int(w * 1.25), int(h * 1.18)
    desk = np.zeros((H, W, 3), np.uint8)
    desk[:] = rng.choice([(120, 100, 80), (90, 85, 80), (150, 140, 120), (60, 60, 65)])
    src = np.float32([[0, 0], [w, 0], [w, h], [0, h]])
    j = lambda s: rng.uniform(-s, s)  # noqa: E731
    ox, oy = (W - w) / 2, (H - h) / 2
    dst = np.float32(
        [
            [ox + j(60), oy + j(50)],
            [ox + w + j(60), oy + j(50)],
            [ox + w + j(40) + 30, oy + h + j(40)],
            [ox + j(40) - 30, oy + h + j(40)],
        ]
    )
    M = cv2.getPerspectiveTransform(src, dst)
    warped = cv2.warpPerspective(a, M, (W, H), dst=desk.copy(), borderMode=cv2.BORDER_TRANSPARENT)
    yy, xx = np.mgrid[0:H, 0:W].astype(np.float32)
    gx, gy = rng.uniform(0.2, 0.8) * W, rng.uniform(0.1, 0.6) * H
    light = 1.08 - 0.35 * np.sqrt(((xx - gx) / W) ** 2 + ((yy - gy) / H) ** 2)
    out = np.clip(warped.astype(np.float32) * light[..., None] * rng.uniform(0.9, 1.0), 0, 255)
    nrng = np.random.default_rng(rng.randrange(1 << 30))
    out = np.clip(out + nrng.normal(0, 3, out.shape), 0, 255).astype(np.uint8)
    pil = Image.fromarray(out).filter(ImageFilter.GaussianBlur(rng.uniform(0.4, 0.9)))
    seal_recs = []
    for unit, (x0, y0, x1, y1) in boxes:
        pts = np.float32([[[x0, y0]], [[x1, y0]], [[x1, y1]], [[x0, y1]]])
        q = cv2.perspectiveTransform(pts, M).reshape(-1, 2)
        seal_recs.append(
            {
                "unit": unit,
                "text": unit,
                "page": 1,
                "bbox": [
                    round(float(q[:, 0].min()) / W, 4),
                    round(float(q[:, 1].min()) / H, 4),
                    round(float(q[:, 0].max()) / W, 4),
                    round(float(q[:, 1].max()) / H, 4),
                ],
            }
        )
    buf = io.BytesIO()
    pil.save(buf, "JPEG", quality=rng.randrange(80, 92))
    return buf.getvalue(), seal_recs


# ------------------------------------------------------------------------------ broken files
def truncated(data: bytes, rng: random.Random) -> bytes:
    return data[: int(len(data) * rng.uniform(0.3, 0.6))]


def encrypted_pdf(lines: list[str], password: str) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.pdfencrypt import StandardEncryption
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    enc = StandardEncryption(userPassword=password, ownerPassword=password + "x", canPrint=0, strength=128)
    c = canvas.Canvas(buf, pagesize=A4, encrypt=enc, invariant=1)
    c.setFont("STSong-Light", 12)
    y = 800
    for ln in lines:
        c.drawString(72, y, ln)
        y -= 20
    c.showPage()
    c.save()
    return buf.getvalue()
