"""A small document model (paragraphs, tables, page breaks, text boxes) and its two renderers:
Word .docx through python-docx plus raw OOXML (automatic numbering, content controls, check boxes,
VML text boxes, repeated header rows, headers/footers) and PDF through reportlab."""

from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass, field

from cn import cn_int

FONT_TTC = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"
DEJAVU = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


@dataclass
class Run:
    text: str
    bold: bool = False
    underline: bool = False
    size: float | None = None
    spacing: float | None = None  # character spacing in points (docx only)
    sdt: str | None = None  # wrap in a plain-text content control with this alias
    checkbox: bool | None = None  # a check box content control (checked / not)
    br_before: bool = False  # a line break before this run


@dataclass
class P:
    runs: list[Run] | str
    align: str = "left"  # left center right justify
    style: str = "body"  # title subtitle h1 h2 body small
    indent: float = 0  # first-line indent in characters
    left: float = 0  # left indent in characters
    size: float | None = None
    num: str | None = None  # automatic numbering: article (第一条) cn (一、) paren (（一）) dec (1.)
    num_list: str | None = None  # numbering instance name (a new name restarts)
    space_before: float = 0
    space_after: float = 2
    keep_next: bool = False

    def get_runs(self) -> list[Run]:
        return [Run(self.runs)] if isinstance(self.runs, str) else self.runs


@dataclass
class Cell:
    content: str | list[P]
    span: int = 1
    bold: bool = False
    align: str = "left"
    shade: bool = False
    vmerge: str | None = None  # "start" / "cont" (vertical merge)

    def paras(self) -> list[P]:
        if isinstance(self.content, str):
            lines = self.content.split("\n")
            return [P([Run(x, bold=self.bold)], align=self.align, style="cell") for x in lines]
        return self.content


@dataclass
class T:
    rows: list[list[Cell]]
    widths: list[float] | None = None
    borders: bool = True
    header_rows: int = 0
    size: float = 10.5
    align: str = "center"


@dataclass
class PB:
    pass


@dataclass
class TB:
    """A text box (VML in docx; a framed paragraph in PDF)."""

    paras: list[P]
    width_cm: float = 8
    height_cm: float = 2.5


@dataclass
class Doc:
    blocks: list = field(default_factory=list)
    header: str | None = None
    footer: str | None = None  # "page" / "pageof" / text / None
    base_size: float = 12
    font: str = "宋体"
    margins_cm: tuple = (2.5, 2.2, 2.5, 2.2)  # top right bottom left
    created: dt.datetime = dt.datetime(2024, 1, 1, 9, 0)
    author: str = "user"
    title: str = ""

    def add(self, *bs):
        self.blocks.extend(bs)


NUM_FMT = {
    "article": ("chineseCounting", "第%1条"),
    "cn": ("chineseCounting", "%1、"),
    "paren": ("chineseCounting", "（%1）"),
    "dec": ("decimal", "%1."),
    "decp": ("decimal", "%1．"),
}


def num_text(kind: str, n: int) -> str:
    fmt, tpl = NUM_FMT[kind]
    return tpl.replace("%1", cn_int(n) if fmt == "chineseCounting" else str(n))


STYLE_SIZE = {"title": 20, "subtitle": 16, "h1": 14, "h2": 12.5, "cell": None, "small": 10}


def sized(p: P, size: float) -> P:
    if p.size or p.style != "cell":
        return p
    q = copy.copy(p)
    q.size = size
    return q


def esc(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
