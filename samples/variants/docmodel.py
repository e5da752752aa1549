"""A small block model of a Word document: runs, paragraphs, tables, cells, page breaks, text boxes.

Builders describe a document as a list of blocks; ``docx_render.render_docx`` writes it with
python-docx (raw OOXML where python-docx has no API, ``docx_ooxml``: automatic numbering, check
boxes, content controls, text boxes, fields). The bytes are made reproducible: fixed core
properties and fixed zip timestamps.
"""

from __future__ import annotations

from dataclasses import dataclass, field

W14 = 'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml"'


@dataclass
class R:
    """A run. kind: text | br | tab | checkbox_sdt | checkbox_sym | checkbox_char | sdt_text | page | numpages"""

    text: str = ""
    bold: bool = False
    underline: bool = False
    size: float | None = None
    font: str | None = None
    spacing: int | None = None  # character spacing in twentieths of a point (letter-spaced names)
    kind: str = "text"
    checked: bool = False
    strike: bool = False


Run = R | str


@dataclass
class P:
    runs: list[Run] = field(default_factory=list)
    align: str | None = None  # left | center | right | justify
    style: str | None = None
    bold: bool = False
    size: float | None = None
    indent_first: float | None = None  # in characters
    indent_left: float | None = None  # cm
    num: str | None = None  # automatic numbering list name (see NUMBERING)
    ilvl: int = 0
    space_after: float | None = None
    space_before: float | None = None
    keep_next: bool = False
    page_break_before: bool = False
    font: str | None = None


@dataclass
class Cell:
    content: list[P | str] = field(default_factory=list)
    span: int = 1
    vmerge: str | None = None  # restart | continue
    bold: bool = False
    align: str | None = None
    shade: str | None = None


@dataclass
class Table:
    rows: list[list[Cell | str]]
    widths: list[float] | None = None  # cm
    borders: str = "all"  # all | none | outer | horizontal
    header_rows: int = 0  # repeated on each page (w:tblHeader)
    size: float | None = None
    align_center: bool = True
    cant_split: bool = False


@dataclass
class PageBreak:
    pass


@dataclass
class TextBox:
    """A floating text box (wps:txbx with a VML fallback) anchored in an otherwise empty paragraph."""

    lines: list[str]
    width_cm: float = 8.0
    height_cm: float = 2.0
    x_cm: float = 9.0
    y_cm: float = 0.0
    border: bool = True
    size: float = 12


Block = P | Table | PageBreak | TextBox


@dataclass
class Doc:
    blocks: list[Block] = field(default_factory=list)
    font: str = "宋体"
    size: float = 12
    header: str | None = None
    footer: str | None = None  # "page_of" | "dash" | "plain" | None
    margins_cm: tuple[float, float, float, float] = (2.54, 2.54, 3.0, 2.6)  # top bottom left right
    landscape: bool = False
    line_spacing: float | None = None
    title: str = ""
    author: str = ""

    def add(self, *blocks: Block) -> None:
        self.blocks.extend(blocks)
