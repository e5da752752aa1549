"""Media helpers for blind3: turning one page of a scanned PDF by 90 or 180 degrees (as a page fed
the wrong way round), and measuring in a born-digital PDF where a sentence or a table header
fell."""

from __future__ import annotations

import io
import random
from pathlib import Path


def _page_texts(pdf: Path) -> list[str]:
    import pypdfium2 as pdfium

    d = pdfium.PdfDocument(str(pdf))
    out = []
    for i in range(len(d)):
        tp = d[i].get_textpage()
        out.append("".join(tp.get_text_range().split()))
        tp.close()
    d.close()
    return out


def page_split(pdf: Path, needle: str) -> str | None:
    """'k/k+1' (1-based) where needle starts on page k and ends on page k+1; None if on one page."""
    want = "".join(needle.split())
    pages = _page_texts(pdf)
    if any(want in p for p in pages):
        return None
    head, tail = want[:12], want[-8:]
    for k in range(len(pages) - 1):
        if head in pages[k] and tail in pages[k + 1]:
            return f"{k + 1}/{k + 2}"
    return "unknown"


def pages_with(pdf: Path, needle: str) -> list[int]:
    return [i + 1 for i, p in enumerate(_page_texts(pdf)) if needle in p]


def turn_pages(pdf: Path, angle: int, rng: random.Random) -> int:
    """Re-render an image-only PDF with one page (not the first when there are several) turned by
    `angle` degrees. Returns that page's number (1-based)."""
    import pypdfium2 as pdfium
    from PIL import Image

    d = pdfium.PdfDocument(str(pdf))
    n = len(d)
    which = rng.randrange(1, n) if n > 1 else 0
    dpi = 150
    pages = []
    for i in range(n):
        img = d[i].render(scale=dpi / 72).to_pil()
        img = img.convert("L") if img.mode != "RGB" else img
        if i == which:
            img = img.rotate(angle, expand=True)
        buf = io.BytesIO()
        img.save(buf, "JPEG", quality=70)
        pages.append(Image.open(io.BytesIO(buf.getvalue())))
    d.close()
    pages[0].save(str(pdf), format="PDF", save_all=True, append_images=pages[1:], resolution=dpi)
    return which + 1


def fix_pdf(path: Path, key: str) -> None:
    """Same seed, same bytes: the dates and the /ID that LibreOffice and PIL write are replaced,
    at the same length (so the xref offsets stay right), by values fixed by `key`."""
    import hashlib
    import re

    data = path.read_bytes()

    def date(m):
        body = m.group(2)
        digits = iter("20250101000000")
        out = bytearray()
        for b in body:
            ch = chr(b)
            if ch.isdigit():
                out += next(digits, "0").encode()
            else:
                out.append(b)
        return m.group(1) + bytes(out) + b")"

    data = re.sub(rb"(/(?:CreationDate|ModDate)\s*\(D:)([^)]*)\)", date, data)
    h = hashlib.sha256(key.encode()).hexdigest().upper() * 4

    def ident(m):
        a, b = m.group(2), m.group(4)
        return m.group(1) + h[: len(a)].encode() + m.group(3) + h[-len(b) :].encode() + m.group(5)

    data = re.sub(rb"(/ID\s*\[\s*<)([0-9A-Fa-f]+)(>\s*<)([0-9A-Fa-f]+)(>)", ident, data)
    data = re.sub(
        rb"(/DocChecksum\s*/)([0-9A-Fa-f]+)", lambda m: m.group(1) + h[: len(m.group(2))].encode(), data
    )
    path.write_bytes(data)
