"""The read document: what every reader produces, whatever the format.

A read document is an ordered list of blocks (paragraphs and tables), each with its
provenance: the page (1-based, None for formats without pages), the order in the
document, a bounding box where the format has one (PDF points or image pixels, x0, y0,
x1, y1 from the top left) and, for OCR, the engine's confidence.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, Field

MediaType = Literal["docx", "doc", "pdf", "image", "other"]
BBox = tuple[float, float, float, float]


class Provenance(BaseModel):
    page: int | None = None
    order: int = 0
    bbox: BBox | None = None
    confidence: float | None = None
    source: str = "text"  # "text" (a text layer or Word XML), "ocr", "header", "footer", "textbox"


class Cell(BaseModel):
    text: str
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1
    page: int | None = None
    bbox: BBox | None = None
    confidence: float | None = None


class Table(BaseModel):
    kind: Literal["table"] = "table"
    cells: list[Cell] = Field(default_factory=list)
    n_rows: int = 0
    n_cols: int = 0
    prov: Provenance = Field(default_factory=Provenance)
    # tables nested inside a cell: (row, col) of the host cell and the nested table
    nested: list[tuple[int, int, Table]] = Field(default_factory=list)

    def rows(self) -> list[list[Cell]]:
        """Cells grouped by the row they start in, left to right. A merged cell appears once."""
        out: list[list[Cell]] = [[] for _ in range(self.n_rows)]
        for c in self.cells:
            if 0 <= c.row < self.n_rows:
                out[c.row].append(c)
        for r in out:
            r.sort(key=lambda c: c.col)
        return out

    def row_texts(self) -> list[list[str]]:
        return [[c.text for c in r] for r in self.rows()]

    def grid(self) -> list[list[str]]:
        """A full grid with a merged cell's text at its top-left position and '' elsewhere."""
        g = [["" for _ in range(self.n_cols)] for _ in range(self.n_rows)]
        for c in self.cells:
            if c.row < self.n_rows and c.col < self.n_cols:
                g[c.row][c.col] = c.text
        return g

    @property
    def text(self) -> str:
        return "\n".join("\t".join(r) for r in self.row_texts())


class Paragraph(BaseModel):
    kind: Literal["paragraph"] = "paragraph"
    text: str
    style: str | None = None
    heading_level: int | None = None  # set where the text is a numbered heading
    heading_number: str | None = None  # the numbering as written: "一、", "第三条", "（二）", "1."
    prov: Provenance = Field(default_factory=Provenance)


Block = Paragraph | Table


class SealWord(BaseModel):
    """A line of the page's own (black) text near a seal, as OCR read it, with its box."""

    text: str
    bbox: BBox


class Seal(BaseModel):
    """An official seal (公章) found on a scanned page: its box (page image pixels, like the
    page's other boxes), its arc text as read, the recogniser's choices along the arc (for
    matching the seal to a unit's name despite misread characters) and the page's text lines
    around it (to tell whose entry it is stamped over)."""

    page: int | None = None
    bbox: BBox
    text: str = ""
    confidence: float = 0.0
    shape: Literal["round", "oval"] = "round"
    # a faint ring (red ink along under MIN_RIM_SUPPORT of its rim): perhaps a seal
    weak: bool = False
    # per step of the recogniser along the arc: its top characters and their probabilities
    # ("" = nothing here); kept in memory for matching, not written to records
    choices: list[list[tuple[str, float]]] = Field(default_factory=list)
    # the same for the arc read another way (black text crossing the seal kept, not filled in)
    other_choices: list[list[list[tuple[str, float]]]] = Field(default_factory=list)
    near: list[SealWord] = Field(default_factory=list)


class ReadDocument(BaseModel):
    media_type: MediaType
    pages: int | None = None
    ocr_used: bool = False
    blocks: list[Block] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)
    # the file's own format where the media type is coarser: "ofd" (GB/T 33190), "wps" (WPS writer)
    source_format: str | None = None
    # each page's size in the units of its boxes (PDF points, or pixels of the page image OCR read)
    page_sizes: dict[int, tuple[float, float]] = Field(default_factory=dict)
    # pages read by OCR: whether the page image was in colour (red seals can be told from black
    # ink only there)
    ocr_colour: dict[int, bool] = Field(default_factory=dict)
    seals: list[Seal] = Field(default_factory=list)

    def paragraphs(self) -> list[Paragraph]:
        return [b for b in self.blocks if isinstance(b, Paragraph)]

    def tables(self) -> list[Table]:
        out: list[Table] = []

        def walk(t: Table) -> None:
            out.append(t)
            for _, _, n in t.nested:
                walk(n)

        for b in self.blocks:
            if isinstance(b, Table):
                walk(b)
        return out

    @property
    def text(self) -> str:
        return "\n".join(b.text for b in self.blocks)


# --------------------------------------------------------------------------- headings
_CN_NUM = "一二三四五六七八九十百零〇两"
HEADING_PATTERNS: list[tuple[int, re.Pattern[str]]] = [
    (1, re.compile(rf"^\s*(第[{_CN_NUM}\d]+[章条])\s*")),
    (1, re.compile(rf"^\s*([{_CN_NUM}]+\s*[、.．])\s*")),
    (2, re.compile(rf"^\s*([（(][{_CN_NUM}]+[）)])\s*")),
    (3, re.compile(r"^\s*(\d{1,2}\s*[、.．](?!\d))\s*")),
    (3, re.compile(r"^\s*([（(]\d{1,2}[）)])\s*")),
]


def heading_of(text: str) -> tuple[int, str] | None:
    """The heading level and numbering of a numbered heading, or None.

    Recognises 一、 / 第一条 / 第一章 / （一） / 1. / 1、 / (1). Long running text that merely
    starts with a number is still reported: callers decide by length whether it is a heading.
    """
    for level, pat in HEADING_PATTERNS:
        m = pat.match(text)
        if m:
            return level, re.sub(r"\s+", "", m.group(1))
    return None


def make_paragraph(text: str, prov: Provenance, style: str | None = None) -> Paragraph:
    h = heading_of(text)
    if h and len(text) <= 60:
        return Paragraph(text=text, style=style, heading_level=h[0], heading_number=h[1], prov=prov)
    return Paragraph(text=text, style=style, prov=prov)
