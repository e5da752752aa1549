"""Media: LibreOffice conversions (made reproducible), scans, phone photos and broken files."""

from __future__ import annotations

import io
import os
import random
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter


def soffice_convert(files: list[Path], fmt: str) -> list[Path]:
    """Convert files with LibreOffice next to themselves ('pdf' or 'doc'); returns the outputs."""
    outs = []
    by_dir: dict[Path, list[Path]] = {}
    for f in files:
        by_dir.setdefault(f.parent, []).append(f)
    env = dict(os.environ, SOURCE_DATE_EPOCH="1577836800")
    target = {"pdf": "pdf:writer_pdf_Export", "doc": "doc:MS Word 97"}[fmt]
    with tempfile.TemporaryDirectory() as prof:
        for d, fs in by_dir.items():
            for i in range(0, len(fs), 12):
                chunk = fs[i : i + 12]
                subprocess.run(
                    [
                        "soffice",
                        f"-env:UserInstallation=file://{prof}",
                        "--headless",
                        "--convert-to",
                        target,
                        "--outdir",
                        str(d),
                    ]
                    + [str(x) for x in chunk],
                    check=True,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                    env=env,
                    timeout=600,
                )
            for f in fs:
                o = f.with_suffix("." + fmt)
                if not o.exists():
                    raise RuntimeError(f"LibreOffice did not convert {f}")
                if fmt == "pdf":
                    fix_pdf_dates(o)
                outs.append(o)
    return outs


def fix_pdf_dates(path: Path) -> None:
    """Same-length substitution of the creation date and file ID, so that offsets stay valid."""
    b = path.read_bytes()

    def date(m):
        s = m.group(0)
        fixed = b"/CreationDate(D:20200101000000Z')"
        return (
            fixed[: len(s)].ljust(len(s), b" ")
            if len(fixed) >= len(s)
            else fixed + b" " * (len(s) - len(fixed))
        )

    b = re.sub(rb"/CreationDate\(D:[^)]*\)", date, b)
    b = re.sub(
        rb"/ID\s*\[\s*<[0-9A-Fa-f]+>\s*<[0-9A-Fa-f]+>\s*\]",
        lambda m: re.sub(rb"[0-9A-Fa-f](?=[0-9A-Fa-f]*>)", b"0", m.group(0)),
        b,
    )
    path.write_bytes(b)


def pdf_pages(path: Path) -> int:
    import pypdfium2 as pdfium

    d = pdfium.PdfDocument(str(path))
    n = len(d)
    d.close()
    return n


def render_pages(path: Path, dpi: int) -> list[Image.Image]:
    import pypdfium2 as pdfium

    d = pdfium.PdfDocument(str(path))
    out = [d[i].render(scale=dpi / 72).to_pil().convert("RGB") for i in range(len(d))]
    d.close()
    return out


def degrade(
    img: Image.Image, rng: random.Random, colour: bool, strength: float = 1.0, angle: float | None = None
) -> Image.Image:
    """A page through a tired office scanner: tilt, grey or colour cast, noise, specks, blur."""
    nr = np.random.default_rng(rng.randrange(1 << 30))
    if angle is None:
        angle = rng.choice([-1, 1]) * rng.uniform(0.5, 2.0) * strength
    bg = (250, 248, 242) if colour else (245, 245, 245)
    img = img.rotate(angle, resample=Image.BICUBIC, expand=False, fillcolor=bg)
    a = np.asarray(img).astype(np.float32)
    if colour:
        a = a * np.array([0.99, 0.975, 0.94]) + np.array([2, 3, 6])
    else:
        g = a.mean(axis=2, keepdims=True)
        a = np.repeat(g, 3, axis=2)
    h, w = a.shape[:2]
    # uneven exposure along the page
    grad = (
        np.linspace(0, rng.uniform(-18, 18), w)[None, :, None]
        + np.linspace(0, rng.uniform(-12, 12), h)[:, None, None]
    )
    a = a + grad + nr.normal(0, 7 * strength, a.shape[:2])[..., None]
    a = np.clip(a, 0, 255).astype(np.uint8)
    img = Image.fromarray(a)
    dr = ImageDraw.Draw(img)
    for _ in range(int(rng.uniform(60, 200) * strength)):
        x, y = rng.randrange(w), rng.randrange(h)
        r = rng.choice([1, 1, 1, 2, 3])
        c = rng.randrange(30, 120)
        dr.ellipse([x, y, x + r, y + r], fill=(c, c, c))
    # a faint dark band at the edge, like a lid shadow
    if rng.random() < 0.5:
        band = rng.randrange(6, 18)
        dr.rectangle([0, 0, band, h], fill=(120, 120, 120))
    img = img.filter(ImageFilter.GaussianBlur(rng.uniform(0.3, 0.7)))
    if not colour:
        img = img.convert("L")
    return img


def jpeg_bytes(img: Image.Image, quality: int) -> bytes:
    bio = io.BytesIO()
    img.save(bio, "JPEG", quality=quality, optimize=False)
    return bio.getvalue()


def write_image_pdf(pages: list[tuple[bytes, int, int, bool]], dpi: int, path: Path) -> None:
    """A minimal image-only PDF (one DCT-encoded JPEG per page), byte-for-byte reproducible."""
    objs: list[bytes] = []

    def add(b: bytes) -> int:
        objs.append(b)
        return len(objs)

    kids_placeholder = add(b"")  # 1: pages
    page_ids = []
    for jpg, w, h, grey in pages:
        pw, ph = w * 72.0 / dpi, h * 72.0 / dpi
        img_id = add(
            b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /%s /BitsPerComponent 8 "
            b"/Filter /DCTDecode /Length %d >>\nstream\n"
            % (w, h, b"DeviceGray" if grey else b"DeviceRGB", len(jpg))
            + jpg
            + b"\nendstream"
        )
        content = b"q %.2f 0 0 %.2f 0 0 cm /Im0 Do Q" % (pw, ph)
        c_id = add(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
        page_ids.append(
            add(
                b"<< /Type /Page /Parent 1 0 R /MediaBox [0 0 %.2f %.2f] /Resources << /XObject << /Im0 %d 0 R >> >> "
                b"/Contents %d 0 R >>" % (pw, ph, img_id, c_id)
            )
        )
    objs[kids_placeholder - 1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(b"%d 0 R" % i for i in page_ids),
        len(page_ids),
    )
    cat = add(b"<< /Type /Catalog /Pages 1 0 R >>")
    info = add(b"<< /Producer (Scanner PDF) /Creator (ScanSnap Manager) >>")
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offs = []
    for i, o in enumerate(objs, 1):
        offs.append(out.tell())
        out.write(b"%d 0 obj\n" % i + o + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1))
    for o in offs:
        out.write(b"%010d 00000 n \n" % o)
    out.write(
        b"trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n"
        % (len(objs) + 1, cat, info, xref)
    )
    path.write_bytes(out.getvalue())


def scan_pdf(
    src_pdf: Path,
    out: Path,
    rng: random.Random,
    colour_pages: set[int] | None = None,
    overlay=None,
    colour_all: bool = False,
    strength: float = 1.0,
) -> tuple[int, int]:
    """Render a born-digital PDF at 150-200 dpi, degrade each page and assemble an image-only PDF.
    `overlay(page_index, image, dpi)` may draw on a page (seals) before degradation. Returns (pages, dpi)."""
    dpi = rng.choice([150, 165, 180, 200])
    imgs = render_pages(src_pdf, dpi)
    pages = []
    for i, im in enumerate(imgs):
        colour = colour_all or (colour_pages is not None and i in colour_pages)
        angle = rng.choice([-1, 1]) * rng.uniform(0.5, 2.0) * strength
        if overlay is not None:
            im = overlay(i, im, dpi, angle)
        im = degrade(im, rng, colour, strength, angle=angle)
        pages.append((jpeg_bytes(im, rng.randrange(55, 80)), im.width, im.height, im.mode == "L"))
    write_image_pdf(pages, dpi, out)
    return len(imgs), dpi


def phone_photo(src_pdf: Path, out: Path, rng: random.Random) -> None:
    """First page photographed on a desk: perspective, uneven light, a bit of blur; saved as .jpg."""
    import cv2

    page = render_pages(src_pdf, 150)[0]
    w, h = page.size
    W, H = int(w * 1.25), int(h * 1.2)
    desk = np.full(
        (H, W, 3), (rng.randrange(90, 140), rng.randrange(80, 120), rng.randrange(60, 100)), np.uint8
    )
    j = lambda s: rng.uniform(-s, s)  # noqa: E731
    mx, my = (W - w) / 2, (H - h) / 2
    src = np.float32([[0, 0], [w, 0], [w, h], [0, h]])
    dst = np.float32(
        [
            [mx + j(60), my + j(50)],
            [mx + w + j(60), my + j(50)],
            [mx + w + j(40), my + h + j(40)],
            [mx + j(40), my + h + j(40)],
        ]
    )
    M = cv2.getPerspectiveTransform(src, dst)
    warped = cv2.warpPerspective(np.asarray(page), M, (W, H), borderValue=(0, 0, 0))
    mask = cv2.warpPerspective(np.full((h, w), 255, np.uint8), M, (W, H))
    a = np.where(mask[..., None] > 0, warped, desk).astype(np.float32)
    yy, xx = np.mgrid[0:H, 0:W]
    cx, cy = rng.uniform(0.2, 0.8) * W, rng.uniform(0.1, 0.6) * H
    light = 1.08 - 0.35 * (((xx - cx) / W) ** 2 + ((yy - cy) / H) ** 2)
    a = a * light[..., None] * np.array([1.0, 0.97, 0.9])
    nr = np.random.default_rng(rng.randrange(1 << 30))
    a = np.clip(a + nr.normal(0, 4, a.shape), 0, 255).astype(np.uint8)
    img = Image.fromarray(a).filter(ImageFilter.GaussianBlur(rng.uniform(0.5, 1.0)))
    img = img.rotate(rng.uniform(-3, 3), resample=Image.BICUBIC, expand=False, fillcolor=(70, 60, 50))
    img.save(out, "JPEG", quality=rng.randrange(78, 90))


def make_bad(kind: str, out: Path, good: Path | None, rng: random.Random) -> None:
    if kind == "zero_byte":
        out.write_bytes(b"")
    elif kind == "truncated_docx":
        b = good.read_bytes()
        out.write_bytes(b[: len(b) // 3])
    elif kind == "encrypted_pdf":
        shutil.copy(good, out)
    else:
        raise ValueError(kind)
