"""What PDFium's text layer does not give, read with pikepdf (qpdf): the values of filled
AcroForm fields, and which pages draw text in fonts PDFium cannot map to Unicode."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from models.document import BBox

TICKED, UNTICKED = "☒", "☐"
_HIDDEN, _NO_VIEW = 1 << 1, 1 << 5  # annotation flags (PDF 32000-1, 12.5.3)


@dataclass
class FieldValue:
    page: int  # 1-based
    text: str
    box: BBox  # top-left origin, points
    name: str = ""


def open_pdf(data: bytes) -> Any | None:
    import pikepdf

    try:
        return pikepdf.open(io.BytesIO(data))
    except Exception:  # pikepdf's own errors and qpdf's: this is an extra reading, never fatal
        return None


def _inherited(field: Any, key: str) -> Any:
    seen = 0
    while field is not None and seen < 32:
        if key in field:
            return field[key]
        field = field.get("/Parent")
        seen += 1
    return None


def _text(v: Any) -> str:
    import pikepdf

    if v is None:
        return ""
    if isinstance(v, pikepdf.Array):
        return "、".join(_text(x) for x in v)
    if isinstance(v, pikepdf.Name):
        return str(v)[1:]
    try:
        return str(v)
    except Exception:
        return ""


def form_values(pdf: Any) -> list[FieldValue]:
    """Every filled field's value where a person sees it: text and choice fields their value,
    check boxes and radio buttons ☒ / ☐ by their state."""
    import pikepdf

    out: list[FieldValue] = []
    if pdf is None or "/AcroForm" not in pdf.Root:
        return out
    for i, page in enumerate(pdf.pages):
        annots = page.obj.get("/Annots")
        if not isinstance(annots, pikepdf.Array):
            continue
        mb = [float(x) for x in page.mediabox]
        top = mb[3]
        for a in annots:
            if not isinstance(a, pikepdf.Dictionary) or a.get("/Subtype") != "/Widget":
                continue
            if int(a.get("/F") or 0) & (_HIDDEN | _NO_VIEW):
                continue  # a field the viewer does not show
            ft = _inherited(a, "/FT")
            rect = a.get("/Rect")
            if ft is None or rect is None:
                continue
            x0, y0, x1, y1 = (float(v) for v in rect)
            box: BBox = (min(x0, x1) - mb[0], top - max(y0, y1), max(x0, x1) - mb[0], top - min(y0, y1))
            name = _text(_inherited(a, "/T"))
            if ft == "/Btn":
                flags = int(_inherited(a, "/Ff") or 0)
                if flags & (1 << 16):  # a push button holds no value
                    continue
                state = a.get("/AS")
                if state is None:
                    v = _inherited(a, "/V")
                    on = v is not None and str(v) != "/Off"
                else:
                    on = str(state) != "/Off"
                out.append(FieldValue(i + 1, TICKED if on else UNTICKED, box, name))
            elif ft in ("/Tx", "/Ch"):
                v = _text(_inherited(a, "/V")).strip()
                if v:
                    out.append(FieldValue(i + 1, v, box, name))
    return out


def unmapped_font_pages(pdf: Any, n_pages: int) -> set[int]:
    """Pages (1-based) drawing text in a composite font with an Identity encoding and no
    ToUnicode map, whose characters PDFium guesses wrong; pdfminer reads them from the embedded
    font's cmap."""
    import pikepdf

    out: set[int] = set()
    if pdf is None:
        return out

    def bad(font: Any) -> bool:
        if not isinstance(font, pikepdf.Dictionary) or font.get("/Subtype") != "/Type0":
            return False
        if "/ToUnicode" in font:
            return False
        enc = font.get("/Encoding")
        return isinstance(enc, pikepdf.Name) and str(enc) in ("/Identity-H", "/Identity-V")

    def walk(res: Any, depth: int) -> bool:
        if not isinstance(res, pikepdf.Dictionary) or depth > 8:
            return False
        fonts = res.get("/Font")
        if isinstance(fonts, pikepdf.Dictionary) and any(bad(f) for _, f in fonts.items()):
            return True
        xo = res.get("/XObject")
        if isinstance(xo, pikepdf.Dictionary):
            for _, x in xo.items():
                if (
                    isinstance(x, pikepdf.Stream)
                    and x.get("/Subtype") == "/Form"
                    and walk(x.get("/Resources"), depth + 1)
                ):
                    return True
        return False

    try:
        for i, page in enumerate(pdf.pages):
            if i >= n_pages:
                break
            if walk(page.obj.get("/Resources"), 0):
                out.add(i + 1)
    except Exception:
        return out
    return out
