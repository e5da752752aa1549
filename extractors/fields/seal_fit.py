"""A seal's reading aligned to a unit's name, tolerant of misread characters: the recogniser's
characters along the arc with its other choices at each step, matched in order to the name
(found, a gap, a contradiction), and the words naming another body (集团, 控股, 分公司) a reading
carries."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from extractors.text import compact

CONTRACT_SEAL = "合同专用章"
_IGNORED = re.compile(r"[0-9A-Za-z（）()\[\]【】<>《》·.,，、:：;；\-—_/|'\"“”‘’!！?？ ]")


def name_chars(s: str) -> str:
    """The characters of a name that a seal's arc carries (no brackets, digits or punctuation)."""
    return _IGNORED.sub("", compact(s))


@dataclass
class Read:
    """One character of a seal's reading: the character, the recogniser's confidence in it and
    its other choices at that place (character -> probability)."""

    char: str
    conf: float
    alts: dict[str, float]


def reading_of(choices: list[list[tuple[str, float]]]) -> list[Read]:
    """The recogniser's best reading along the arc, character by character (a character held
    over several steps once), without digits, Latin letters and punctuation, and without
    合同专用章 (printed under the star, not part of the name)."""
    out: list[Read] = []
    prev = ""
    for step in choices:
        if not step:
            prev = ""
            continue
        ch, p = step[0]
        if ch and ch == prev and out:
            last = out[-1]
            last.conf = max(last.conf, p)
            for c, q in step[1:]:
                last.alts[c] = max(last.alts.get(c, 0.0), q)
        elif ch and not _IGNORED.fullmatch(ch):
            out.append(Read(ch, p, {c: q for c, q in step[1:] if c}))
        prev = ch
    text = "".join(r.char for r in out)
    i = text.find(CONTRACT_SEAL)
    if i >= 0:
        out = out[:i] + out[i + len(CONTRACT_SEAL) :]
    return out


@dataclass
class Fit:
    """How a name fits a seal's reading: characters of the name found in the reading (in order,
    as read or among the recogniser's other choices there), clearly read characters that are not
    the name's (contradictions), characters of the name the reading lacks (worn ink, black text
    across the seal: gaps, not evidence of another name), and the most contradictions inside one
    stretch of three or more of the name's characters that the reading replaces with other words
    (a parent company's seal says 集团 where the unit's name says 电子材料股份; scattered misreads
    and gaps do not make such a stretch)."""

    matched: int
    contradictions: int
    missing: int
    length: int
    replaced: int = 0
    foreign: int = 0  # clearly read characters that are not the name's, before, in or after it

    @property
    def recall(self) -> float:
        return self.matched / self.length if self.length else 0.0

    @property
    def fits(self) -> bool:
        # misread characters are mostly read unsurely: a clear contradiction is rare, two are
        # another name
        return self.length > 0 and self.contradictions <= 1 and self.recall >= 0.5

    @property
    def against(self) -> float:
        """Evidence that the seal names someone else: contradictions and half the gaps."""
        return self.contradictions + 0.5 * self.missing


SURE = 0.8  # a character read at least this confidently is taken as read
ALT = 0.01  # a character among the recogniser's other choices with at least this probability


def fit(reading: list[Read], name: str) -> Fit:
    """The best alignment of a name to a reading (edit distance, in order). Characters read
    before or after the name (the number along the lower arc, a neighbour's stroke) cost little
    and are no contradiction."""
    u = name_chars(name)
    n, m = len(reading), len(u)
    if not m:
        return Fit(0, 0, 0, 0)

    def same(r: Read, c: str) -> bool:
        return r.char == c or r.alts.get(c, 0.0) >= ALT

    def weight(r: Read) -> float:
        return 1.0 if r.conf >= SURE else 0.4

    inf = math.inf
    # cost[i][j]: best cost of reading[:i] against u[:j]; phase 0 = before the name starts
    cost = [[inf] * (m + 1) for _ in range(n + 1)]
    back: list[list[tuple[int, int, str] | None]] = [[None] * (m + 1) for _ in range(n + 1)]
    cost[0][0] = 0.0
    for i in range(1, n + 1):  # leading characters outside the name
        cost[i][0] = cost[i - 1][0] + 0.1
        back[i][0] = (i - 1, 0, "lead")
    for i in range(n + 1):
        for j in range(m + 1):
            c0 = cost[i][j]
            if c0 == inf:
                continue
            if i < n and j < m:
                r = reading[i]
                step = 0.0 if same(r, u[j]) else weight(r)
                if c0 + step < cost[i + 1][j + 1]:
                    cost[i + 1][j + 1] = c0 + step
                    back[i + 1][j + 1] = (i, j, "match" if step == 0 else "sub")
            if i < n and j > 0 and j < m:
                c1 = c0 + weight(reading[i])
                if c1 < cost[i + 1][j]:
                    cost[i + 1][j] = c1
                    back[i + 1][j] = (i, j, "ins")
            if j < m:
                c2 = c0 + 0.35
                if c2 < cost[i][j + 1]:
                    cost[i][j + 1] = c2
                    back[i][j + 1] = (i, j, "del")
    # trailing characters outside the name
    best_i = min(range(n + 1), key=lambda i: cost[i][m] + 0.1 * (n - i))
    ops: list[tuple[str, bool]] = []  # in reading order: (operation, clearly read)
    i, j = best_i, m
    while back[i][j] is not None:
        pi, pj, op = back[i][j]  # type: ignore[misc]
        ops.append((op, reading[pi].conf >= SURE if op != "del" else False))
        i, j = pi, pj
    ops.reverse()
    ops += [("trail", r.conf >= SURE) for r in reading[best_i:]]
    # what was read before or after the name stands in for it where the name's own beginning or
    # end is missing (another unit's name there); otherwise it is the number, 合同专用章, a stroke
    body = [op for op, _ in ops if op not in ("lead", "trail")]
    if body and body[0] == "del":
        ops = [("ins", sure) if op == "lead" else (op, sure) for op, sure in ops]
    if body and body[-1] == "del":
        ops = [("ins", sure) if op == "trail" else (op, sure) for op, sure in ops]
    foreign = sum(1 for op, sure in ops if op != "match" and op != "del" and sure)
    ops = [(op, sure) for op, sure in ops if op not in ("lead", "trail")]
    matched = sum(1 for op, _ in ops if op == "match")
    contradictions = sum(1 for op, sure in ops if op in ("sub", "ins") and sure)
    missing = sum(1 for op, sure in ops if op == "del" or (op == "sub" and not sure))
    # stretches of the name not found, with the clearly read characters standing in them
    replaced = run = against = 0
    for op, sure in ops + [("match", False)]:
        if op == "match":
            if run >= 3:
                replaced = max(replaced, against)
            run = against = 0
            continue
        if op in ("sub", "del"):
            run += 1
        against += 1 if op in ("sub", "ins") and sure else 0
    return Fit(matched, contradictions, missing, m, replaced, foreign)


def clean_reading(text: str) -> str:
    """A seal's reading as its name: digits, Latin letters and punctuation dropped, and
    合同专用章 (printed under the star, not part of the name) cut off where it was read along."""
    t = name_chars(text)
    return t.replace(CONTRACT_SEAL, "")


ORG_FORMS = ("集团", "控股", "总公司", "分公司")  # words naming another body than the unit


_FORM_RX = re.compile(r"集团|控股|总公司|分公司|集(?=有限|股份)|控(?=有限|股份)")


def _forms(reading: list[Read]) -> set[str]:
    """The words of ORG_FORMS a reading carries: the word's first character read with some
    confidence, the rest read there (as the recogniser's first or other choice): 集 or 控
    right before 有限/股份 already stands for 集团 or 控股 with a character lost.

    >>> sorted(_forms([Read("集", 0.98, {}), Read("因", 0.4, {"团": 0.3}), Read("有", 1.0, {}), Read("限", 1.0, {})]))
    ['集团']
    >>> sorted(_forms([Read("集", 0.3, {}), Read("团", 0.9, {}), Read("有", 1.0, {})]))
    []
    """
    out = set()
    for i, r in enumerate(reading):
        if r.conf < 0.5:
            continue
        for word in ORG_FORMS:
            if r.char != word[0] or i + len(word) > len(reading):
                continue
            rest = reading[i + 1 : i + len(word)]
            if all(x.char == c or x.alts.get(c, 0.0) >= ALT for x, c in zip(rest, word[1:])):
                out.add(word)
    text = "".join(r.char for r in reading)
    for m in _FORM_RX.finditer(text):  # 集 or 控 with the next character lost
        if len(m.group(0)) == 1 and reading[m.start()].conf >= 0.5:
            out.add({"集": "集团", "控": "控股"}[m.group(0)])
    return out


def _best_fit(readings: list[list[Read]], name: str) -> Fit:
    """The name against each reading of the seal, and each turn of it (a seal's arc has no
    start: a turned seal is read from the middle of the name, 有限公司云南明汇科技集团): the one
    it fits best."""
    fits = [fit(r[i:] + r[:i], name) for r in readings for i in range(max(1, len(r)))]
    return min(fits, key=lambda f: (not f.fits, f.against))
