"""One page image through OCR, a failure kept to that page: the PDF and image readers call OCR
here, so that an error on one page (of the orientation model, onnxruntime, OpenCV, memory)
becomes a warning naming the page and the error while the other pages are read."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from models.document import Paragraph, Seal, Table

OcrFn = Callable[[object, int], list[Paragraph | Table]]


@dataclass
class PageReading:
    """A page image as OCR read it: blocks in reading order, seals, whether it was in colour
    (None where the `ocr` given does not tell), how far it was turned to stand upright and its
    size as read; or the error that stopped it."""

    blocks: list[Paragraph | Table] = field(default_factory=list)
    seals: list[Seal] = field(default_factory=list)
    colour: bool | None = None
    turned: int = 0
    size: tuple[float, float] | None = None
    error: str | None = None


def read_page_image(image: Any, page_no: int, ocr: OcrFn | None = None, upright: bool = False) -> PageReading:
    """A PIL image read by `ocr(image, page_no)` if given, else by the RapidOCR reader
    (extractors.readers.ocr); first turned upright by the orientation model if `upright` (where
    the model is unsure, the angle classifier then looks at each text line)."""
    try:
        turned = 0
        sure = True
        if upright:
            from extractors.readers.imaging import upright_checked

            image, turned, sure = upright_checked(image)
        size = (float(image.width), float(image.height))
        if ocr is not None:
            return PageReading(blocks=ocr(image, page_no), turned=turned, size=size)
        from extractors.readers.ocr import ocr_page

        read = ocr_page(image, page_no, classify=not sure)
        return PageReading(blocks=read.blocks, seals=read.seals, colour=read.colour, turned=turned, size=size)
    except Exception as e:  # this page's reading is lost, not the document's
        return PageReading(error=f"{type(e).__name__}: {e}")


def failed(page_no: int, error: str, why: str | None = None) -> str:
    """The reader warning of a page whose OCR failed."""
    return f"page {page_no}: {why + '; ' if why else ''}OCR failed on it ({error}): its text is not read"
