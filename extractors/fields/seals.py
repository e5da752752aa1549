"""Seals matched to the units that signed (组建协议 scanned in colour): whose entry each seal is
stamped over, and whether the seal names that unit.

**Whose entry** (by position): each seal comes with the page's own text lines around it
(extractors.readers.ocr); a seal belongs to the unit whose name is written nearest its centre,
within a little more than the seal's radius.

**Whose seal** (by its text, tolerant of misread characters): the recogniser's reading along the
arc, with its other choices at each character, is aligned to the unit's name in order. A
character counts as found where it was read or was among the recogniser's other choices there; a
clearly read character that is not the name's is a contradiction; a character of the name the
reading lacks is a gap (worn ink, black text across the seal). Characters before and after the
name (the number along the lower arc, 合同专用章, a neighbour's stroke), digits and punctuation
are left aside.

The seal is the unit's when the name fits (at most one clear contradiction, most characters
found); another unit's when that unit's name fits clearly better, when the seal names a group,
holding or branch (集团, 控股, 总公司, 分公司) that the unit's name does not (a parent company's seal:
重庆永川北辰集团有限公司 over 重庆永川北辰电子材料股份有限公司), or when the reading is clear and the
name does not fit it (other words clearly read in the name's place: a reading that holds only
part of the name says nothing against it); otherwise unclear, for a person. Where a seal comes
with more than one reading, a name fits if it fits any.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz

from extractors.fields.common import looks_like_unit, strip_seal
from extractors.fields.seal_fit import CONTRACT_SEAL as CONTRACT_SEAL
from extractors.fields.seal_fit import ORG_FORMS as ORG_FORMS
from extractors.fields.seal_fit import SURE, _forms
from extractors.fields.seal_fit import Fit as Fit
from extractors.fields.seal_fit import Read as Read
from extractors.fields.seal_fit import _best_fit as _best_fit
from extractors.fields.seal_fit import clean_reading as clean_reading
from extractors.fields.seal_fit import fit as fit
from extractors.fields.seal_fit import name_chars as name_chars
from extractors.fields.seal_fit import reading_of as reading_of
from extractors.layout import layout
from extractors.text import compact, key
from models.document import ReadDocument, Seal, Table

REACH = 1.5  # a seal is over an entry whose name is within this many radii of its centre


@dataclass
class UnitSeal:
    """One signing unit's seal verdict: ok / missing / mismatch / unclear, or grey (its entry is on
    a page scanned without colour, where a seal can't be told from black ink)."""

    unit: str
    verdict: str
    seal: int | None = None  # index in the document's seals
    page: int | None = None
    against: float | None = None  # evidence that the seal is someone else's (see Fit.against)
    other: str | None = None  # the unit whose name the seal fits instead, if any


@dataclass
class SealCheck:
    status: str  # checked / no_colour (scanned in grey) / not_scanned (Word, born-digital PDF)
    units: list[UnitSeal] = field(default_factory=list)
    seals: list[dict[str, Any]] = field(default_factory=list)  # the contract's extra.seals


def _entry_page(rows: list[list[Any]], unit: str) -> int | None:
    """The page of the last line or cell that carries the unit's name (the signature block comes
    last; the cover and the clauses name units too)."""
    u = key(unit)
    for r in sorted(rows, key=lambda r: (r[0], r[2]), reverse=True):
        t = key(str(r[5]))
        if u in t or (len(t) >= 0.6 * len(u) and fuzz.partial_ratio(u, t) >= 90):
            return int(r[0])
    return None


def _distinct(names: list[str]) -> list[str]:
    out: dict[str, str] = {}
    for n in names:
        out.setdefault(key(n), n)
    return list(out.values())


def _entry_distance(seal: Seal, unit: str) -> float:
    """Distance (in seal radii) from the seal's centre to the nearest text line around it that
    carries the unit's name; inf if none does."""
    u = key(unit)
    x0, y0, x1, y1 = seal.bbox
    cx, cy, r = (x0 + x1) / 2, (y0 + y1) / 2, max(x1 - x0, y1 - y0) / 2
    best = math.inf
    for w in seal.near:
        t = key(w.text)
        if len(t) < max(3, 0.5 * len(u)):
            continue
        sim = 100.0 if u in t else fuzz.partial_ratio(u, t)
        if sim < 85:
            continue
        bx0, by0, bx1, by1 = w.bbox
        dx = max(bx0 - cx, 0.0, cx - bx1)
        dy = max(by0 - cy, 0.0, cy - by1)
        # a line that carries the name exactly is nearer than one a similar name fits
        # (昆明晟桥…集团股份有限公司 is not 大理森诚…集团股份有限公司)
        best = min(best, math.hypot(dx, dy) / max(r, 1.0) + (100.0 - sim) / 100.0)
    return best


_LABEL = re.compile(
    r"^(?:牵头单位|核心层(?:单位)?|紧密(?:合作|协作)层?(?:单位)?|一般(?:协作|合作)层?(?:单位)?|成员单位|参与单位|"
    r"签署单位|单位名称|甲方|乙方|丙方)(?:[（(](?:盖章|公章)[)）])?[：:]?"
)


def _written_units(seal: Seal) -> list[tuple[float, str]]:
    """Unit names written in the text lines around a seal (labels and （盖章） marks taken off),
    with their distance in seal radii."""
    out = []
    cx = (seal.bbox[0] + seal.bbox[2]) / 2
    for w in seal.near:
        raw = compact(w.text)
        t = strip_seal(_LABEL.sub("", strip_seal(raw)))
        if not looks_like_unit(t):
            continue
        # two entries side by side read as one line: the name under the seal's centre
        parts = _split_units(t)
        if len(parts) > 1:
            x0, x1 = w.bbox[0], w.bbox[2]
            at = (cx - x0) / max(x1 - x0, 1.0) * len(raw) - (len(raw) - len(t))
            start = 0
            for part in parts:
                if start <= at < start + len(part) or part is parts[-1]:
                    t = part
                    break
                start += len(part)
        d = _entry_distance(seal, t)
        if d < math.inf:
            out.append((d, t))
    return out


_SEAL_MARK = re.compile(r"[（(]\s*(?:盖章|公章|签章)\s*[)）]|盖章")


def _entries_on_sealed_pages(doc: ReadDocument, names: list[str]) -> list[str]:
    """Units with an entry of their own on a page that carries seals: a line that is the unit's
    name with （盖章）, or the unit's name alone right under a line that asks for a seal
    (牵头单位（盖章）：); lines holding two entries side by side are cut between the names. A name in
    running text is no entry."""
    pages = {s.page for s in doc.seals if s.page is not None}
    wanted = {key(n): n for n in names}
    out: list[str] = []
    prev_asks: dict[int, bool] = {}
    texts: list[tuple[int, str]] = []
    for b in doc.blocks:
        page = b.prov.page
        if page not in pages:
            continue
        if isinstance(b, Table):
            texts += [(page, c.text) for c in b.cells]
        else:
            texts += [(page, line) for line in b.text.split("\n")]
    for page, text in texts:
        t = compact(text)
        asks = bool(_SEAL_MARK.search(t))
        bare = strip_seal(_LABEL.sub("", strip_seal(t)))
        for part in _split_units(bare) if looks_like_unit(bare) else []:
            k = key(part)
            if k in wanted and (asks or prev_asks.get(page, False)):
                out.append(wanted[k])
        prev_asks[page] = asks and not looks_like_unit(bare)
    return out


_END = re.compile(r"(?:有限责任公司|股份有限公司|有限公司|公司|大学|研究院|研究所|中心)")


def _split_units(t: str) -> list[str]:
    """A line holding several unit names one after another, cut after each name's ending where
    what follows is a name too."""
    parts: list[str] = []
    rest = t
    while True:
        cut = None
        for m in _END.finditer(rest):
            k = m.end()
            if k < len(rest) and looks_like_unit(rest[:k]) and looks_like_unit(rest[k:]):
                cut = k
                break
        if cut is None:
            parts.append(rest)
            return parts
        parts.append(rest[:cut])
        rest = rest[cut:]


def _fraction_box(doc: ReadDocument, seal: Seal) -> list[float]:
    w, h = doc.page_sizes.get(seal.page or 0, (0.0, 0.0))
    if not w or not h:
        return [0.0, 0.0, 0.0, 0.0]
    x0, y0, x1, y1 = seal.bbox
    return [round(min(max(v, 0.0), 1.0), 4) for v in (x0 / w, y0 / h, x1 / w, y1 / h)]


def check_seals(doc: ReadDocument, signatories: list[str], others: list[str]) -> SealCheck:
    """Each signing unit's seal, by position, and whether it names the unit. `others` are further
    unit names a seal might carry instead (the consortium's members)."""
    if not doc.ocr_used:
        return SealCheck(status="not_scanned")
    sig_pages = [p for p, colour in doc.ocr_colour.items() if colour]
    if not sig_pages:
        return SealCheck(status="no_colour")
    seals = doc.seals
    names = _distinct([*signatories, *others])
    # whose entry: each seal to the unit written nearest its centre (a unit the signature block's
    # parse missed but whose name a seal is stamped over is in the block all the same)
    owner: list[str | None] = []
    for s in seals:
        dists = [(_entry_distance(s, u), u) for u in names]
        d, u = min(dists, default=(math.inf, None))
        if d > REACH:  # no unit the document names elsewhere: the name written at the entry
            d, u = min(_written_units(s), default=(math.inf, None))
        owner.append(u if d <= REACH else None)
    entered = _entries_on_sealed_pages(doc, names)
    signing = _distinct([*signatories, *[o for o in owner if o], *entered])
    _give_back(seals, owner, signing, names)
    units: list[UnitSeal] = []
    rows = layout(doc)
    colour = {p for p, c in doc.ocr_colour.items() if c}
    for u in signing:
        mine = [i for i, o in enumerate(owner) if o == u]
        if not mine:
            # no seal over the entry: missing where the entry's page was scanned in colour (on a
            # grey page a seal can't be told from black ink: a person looks at the original)
            page = _entry_page(rows, u)
            grey = page is not None and page not in colour
            units.append(UnitSeal(unit=u, verdict="grey" if grey else "missing", page=page))
            continue
        verdicts = [_judge(seals[i], u, names) for i in mine]
        # a faint ring is perhaps a seal: it may show a seal is there, never that it is another's
        verdicts = [
            ("unclear", pen, other) if seals[i].weak and v == "mismatch" else (v, pen, other)
            for i, (v, pen, other) in zip(mine, verdicts, strict=True)
        ]
        order = {"ok": 0, "unclear": 1, "mismatch": 2}
        j = min(range(len(mine)), key=lambda k: order[verdicts[k][0]])
        v, pen, other = verdicts[j]
        units.append(
            UnitSeal(unit=u, verdict=v, seal=mine[j], page=seals[mine[j]].page, against=pen, other=other)
        )
    facts = [
        {
            "unit": owner[i],
            "text": clean_reading(s.text) or s.text,
            "page": s.page,
            "bbox": _fraction_box(doc, s),
        }
        for i, s in enumerate(seals)
    ]
    return SealCheck(status="checked", units=units, seals=facts)


def _give_back(seals: list[Seal], owner: list[str | None], signing: list[str], names: list[str]) -> None:
    """A unit left with no seal while a neighbour holds two: the neighbour's seal that reads as the
    unit's name is the unit's (two entries close together, the seal nearer the other's name)."""
    for u in signing:
        if u in owner:
            continue
        for i, s in enumerate(seals):
            o = owner[i]
            if o is None or owner.count(o) < 2 or _entry_distance(s, u) > 2 * REACH:
                continue
            if _judge(s, u, names)[0] == "ok" and _judge(s, o, names)[0] != "ok":
                owner[i] = u
                break


def _judge(seal: Seal, unit: str, names: list[str]) -> tuple[str, float, str | None]:
    """ok / mismatch / unclear, the evidence against the unit and the other unit the seal fits."""
    readings = [reading_of(c) for c in [seal.choices, *seal.other_choices]]
    own = _best_fit(readings, unit)
    rivals = [(_best_fit(readings, n), n) for n in names if key(n) != key(unit)]
    better = [(f, n) for f, n in rivals if f.fits and f.against + 1.5 <= own.against]
    if better:
        return "mismatch", own.against, min(better, key=lambda x: x[0].against)[1]
    # a group's, holding's or branch's seal over a unit's entry: the same trade name, another body
    other_body = set().union(*(_forms(r) for r in readings)) - {w for w in ORG_FORMS if w in name_chars(unit)}
    if own.fits and not other_body:
        return "ok", own.against, None
    if other_body and own.recall >= 0.3:
        return "mismatch", own.against, None
    # another name: clearly read in every reading
    clear = all(sum(1 for r in reading if r.conf >= SURE) >= 4 for reading in readings)
    # a stranger's name: the unit's mostly absent with other words clearly read in its place,
    # or a long stretch of it read as other words (a reading that holds only a part of the name,
    # the rest of the arc lost, says nothing against the unit)
    if clear and ((own.recall < 0.5 and own.foreign >= 3) or own.replaced >= 3):
        return "mismatch", own.against, None
    return "unclear", own.against, None


def note_seals(rec: Any, check: SealCheck) -> None:
    """The seal facts on the record: the contract's `extra.seals` (scanned in colour) and each
    signing unit's verdict under `extra.seal_check` (the flags are raised from it)."""
    if check.status == "checked":
        rec.extra["seals"] = check.seals
        # units found by the seal stamped over their entry belong to the signature block
        have = {key(n) for n in rec.signatories}
        rec.signatories += [u.unit for u in check.units if key(u.unit) not in have]
    rec.extra["seal_check"] = {
        "status": check.status,
        "units": [
            {
                "unit": u.unit,
                "verdict": u.verdict,
                "seal": u.seal,
                "page": u.page,
                "against": None if u.against is None else round(u.against, 2),
                "other": u.other,
            }
            for u in check.units
        ],
    }
