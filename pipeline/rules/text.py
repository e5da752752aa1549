"""A document's whole text, for verifying a finding before it is flagged ("verify before
flagging"): a member missing from a list whose name is written anywhere in the document is not
missing; a name found only approximately (OCR) is an uncertain reading, for a person to look at.

The text comes from the record itself: `extra.layout` (lines and cells with page and box, for
PDFs and scans) and `extra.text` (lines in reading order, for Word files, which have no pages).
Names are compared on their comparison key (NFKC, brackets unified, no whitespace, upper case)
over the text joined without separators, so a name broken over lines or letter-spaced is found.
"""

from __future__ import annotations

import bisect
import re
from collections import OrderedDict
from dataclasses import dataclass
from functools import cached_property

from rapidfuzz import fuzz

from extractors.text import key
from models.record import DocumentRecord
from pipeline.rules.base import Location

_CACHE: OrderedDict[tuple, DocText] = OrderedDict()
SIGN_HEADING = re.compile(r"签章|签字|盖章|签署")
FUZZY_MIN_LEN = 5  # names shorter than this are only matched exactly


def fuzzy_cutoff(n: int) -> float:
    """The partial-ratio score of a name of `n` characters read with one wrong character (two
    from 12 characters, three from 24): an OCR misreading, not another name."""
    errors = 1 + n // 12
    return 100.0 * (1 - errors / n) - 0.01


@dataclass
class Hit:
    exact: bool
    score: float
    location: Location


@dataclass
class TextRow:
    page: int | None
    box: list[float] | None
    text: str


class DocText:
    """The rows of text of one document (or of one region of it) and search over them."""

    def __init__(self, rows: list[TextRow], document: str | None, ocr: bool = False):
        self.rows = rows
        self.document = document
        self.ocr = ocr

    @classmethod
    def of(cls, rec: DocumentRecord) -> DocText:
        """The record's text (kept for the last records asked, as the checks ask one record often)."""
        lay, txt = rec.extra.get("layout"), rec.extra.get("text")
        k = (id(rec), rec.source.path, rec.source.ocr_used, id(lay), len(lay or ()), id(txt), len(txt or ()))
        hit = _CACHE.get(k)
        if hit is not None:
            _CACHE.move_to_end(k)
            return hit
        made = cls._of(rec)
        _CACHE[k] = made
        if len(_CACHE) > 64:
            _CACHE.popitem(last=False)
        return made

    @classmethod
    def _of(cls, rec: DocumentRecord) -> DocText:
        rows: list[TextRow] = []
        for r in rec.extra.get("layout") or []:
            if isinstance(r, list) and len(r) >= 6 and isinstance(r[5], str):
                rows.append(TextRow(r[0], [float(x) for x in r[1:5]], r[5]))
        rows.sort(key=lambda t: (t.page or 0, t.box[1] if t.box else 0.0, t.box[0] if t.box else 0.0))
        for line in rec.extra.get("text") or []:
            if isinstance(line, str) and line.strip():
                rows.append(TextRow(None, None, line))
        return cls(rows, rec.source.path, rec.source.ocr_used)

    @classmethod
    def of_lines(cls, lines: list[str], document: str | None, ocr: bool = False) -> DocText:
        return cls([TextRow(None, None, x) for x in lines if x and x.strip()], document, ocr)

    @property
    def empty(self) -> bool:
        return not self.rows

    @cached_property
    def keys(self) -> list[str]:
        """Each row's comparison key."""
        return [key(r.text) for r in self.rows]

    @cached_property
    def _joined(self) -> tuple[str, list[int]]:
        starts: list[int] = []
        n = 0
        for k in self.keys:
            starts.append(n)
            n += len(k)
        return "".join(self.keys), starts

    def _index_at(self, pos: int) -> int:
        _, starts = self._joined
        return max(0, bisect.bisect_right(starts, pos) - 1)

    def _row_at(self, pos: int) -> TextRow:
        return self.rows[self._index_at(pos)]

    def loc(self, row: TextRow) -> Location:
        return Location(document=self.document, page=row.page, box=row.box, text=row.text.strip()[:80])

    def first(self) -> Location | None:
        return self.loc(self.rows[0]) if self.rows else None

    def find(self, needle: str | None, fuzzy: bool | None = None) -> Hit | None:
        """Where `needle` is written: exactly (on its key), else (for OCR'd text, or when asked)
        approximately, with the partial-ratio score. None where it is not written."""
        k = key(needle or "")
        if len(k) < 2 or self.empty:
            return None
        joined, _ = self._joined
        pos = joined.find(k)
        if pos >= 0:
            return Hit(True, 100.0, self.loc(self._row_at(pos)))
        if not (self.ocr if fuzzy is None else fuzzy) or len(k) < FUZZY_MIN_LEN:
            return None
        al = fuzz.partial_ratio_alignment(k, joined, score_cutoff=fuzzy_cutoff(len(k)))
        if al is None:
            return None
        return Hit(False, al.score, self.loc(self._row_at(al.dest_start)))

    def find_any(self, terms: list[str], heading_len: int = 30) -> Hit | None:
        """The first term written in a short row (a heading), else the first written anywhere."""
        for t in terms:
            k = key(t)
            for r, rk in zip(self.rows, self.keys):
                if k and k in rk and len(rk) <= heading_len:
                    return Hit(True, 100.0, self.loc(r))
        for t in terms:
            h = self.find(t, fuzzy=False)
            if h:
                return h
        return None

    def locate(self, needle: str | None) -> Location | None:
        h = self.find(needle, fuzzy=False)
        return h.location if h else None

    def window(self, needle: str | None, before: int = 20, after: int = 60) -> str | None:
        """The joined text (keys) around the first exact occurrence of `needle`, or None."""
        k = key(needle or "")
        joined, _ = self._joined
        pos = joined.find(k) if len(k) >= 2 else -1
        if pos < 0:
            return None
        return joined[max(0, pos - before) : pos + len(k) + after]

    def windows(self, needle: str | None, before: int = 20, after: int = 60) -> list[tuple[str, Location]]:
        """The joined text (keys) around every exact occurrence of `needle` (a name on the cover,
        then in its table row …), each with where it stands."""
        k = key(needle or "")
        joined, _ = self._joined
        out: list[tuple[str, Location]] = []
        pos = joined.find(k) if len(k) >= 2 else -1
        while pos >= 0:
            out.append((joined[max(0, pos - before) : pos + len(k) + after], self.loc(self._row_at(pos))))
            pos = joined.find(k, pos + len(k))
        return out

    def following(
        self, needle: str | None, stop: re.Pattern[str], max_rows: int = 40
    ) -> tuple[Location | None, str]:
        """The text after the first row holding `needle` (a heading), up to the next row that is a
        heading by `stop` (a short row), with where the heading stands. (None, "") if not found."""
        k = key(needle or "")
        joined, starts = self._joined
        pos = joined.find(k) if len(k) >= 2 else -1
        if pos < 0:
            return None, ""
        i = self._index_at(pos)
        end_of_needle = self._index_at(pos + len(k) - 1)
        head = self.rows[i]
        # what follows the heading on its own row counts as body too
        row_key = self.keys[end_of_needle]
        tail_start = pos + len(k) - starts[end_of_needle]
        body = [row_key[tail_start:]]
        for t in self.keys[end_of_needle + 1 : end_of_needle + 1 + max_rows]:
            if t and len(t) <= 30 and stop.search(t):
                break
            body.append(t)
        return self.loc(head), "".join(body)

    def search(self, rx: re.Pattern[str]) -> tuple[re.Match[str], Location] | None:
        """The first match of `rx` over the joined text (keys: no whitespace, upper case), and
        the row where it starts."""
        joined, _ = self._joined
        m = rx.search(joined)
        return (m, self.loc(self._row_at(m.start()))) if m else None

    def after_heading(self, rx: re.Pattern[str] = SIGN_HEADING, max_len: int = 20) -> DocText:
        """The rows after the last short row matching `rx` (a heading such as 签章页 / 八、所有成员
        单位签章): the signature block where the record does not carry it."""
        last = None
        for i, t in enumerate(self.keys):
            if t and len(t) <= max_len and rx.search(t):
                last = i
        if last is None:
            return DocText([], self.document, self.ocr)
        return DocText(self.rows[last:], self.document, self.ocr)

    def text(self) -> str:
        return "\n".join(r.text for r in self.rows)


def signature_text(rec: DocumentRecord) -> DocText:
    """The text of an agreement's signature block: as the extractor read it (`extra.signature_text`),
    else the rows after its last 签章 heading."""
    lines = rec.extra.get("signature_text")
    whole = DocText.of(rec)
    if isinstance(lines, list) and any(isinstance(x, str) and x.strip() for x in lines):
        region = DocText.of_lines(
            [x for x in lines if isinstance(x, str)], rec.source.path, rec.source.ocr_used
        )
        # locate the region's rows on the page where the whole text has them
        rows = []
        for r in region.rows:
            loc = whole.locate(r.text) if not whole.empty else None
            rows.append(TextRow(loc.page if loc else None, loc.box if loc else None, r.text))
        return DocText(rows, rec.source.path, rec.source.ocr_used)
    return whole.after_heading()
