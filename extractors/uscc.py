"""统一社会信用代码 (Unified Social Credit Code, GB 32100-2015), in python-stdnum's shape:
compact, validate, is_valid, format, plus what intake needs beyond it.

python-stdnum's `stdnum.cn.uscc` computes the check character; its `validate` requires the
first eight characters to be digits and rejects full-width input, while the standard lets the
registration authority (position 1) be a letter (A, N, Y ...). So codes are normalised here first
and positions 1-2 are checked against the standard's tables; the check character is stdnum's.
"""

from __future__ import annotations

import re
import unicodedata

from stdnum.cn import uscc as _std
from stdnum.exceptions import InvalidChecksum, InvalidFormat, InvalidLength, ValidationError

ALPHABET = _std._alphabet  # 0-9 and A-Y without I, O, S, V, Z
# GB 32100-2015 table 1: registration authorities; table 2: categories under each
AUTHORITIES = {
    "1": "机构编制",
    "2": "外交",
    "3": "司法行政",
    "4": "文化",
    "5": "民政",
    "6": "旅游",
    "7": "宗教",
    "8": "工会",
    "9": "工商",
    "A": "中央军委改革和编制办公室",
    "N": "农业",
    "Y": "其他",
}
CATEGORIES = {
    "1": "1239",
    "2": "19",
    "3": "12349",
    "4": "19",
    "5": "1239",
    "6": "129",
    "7": "19",
    "8": "19",
    "9": "123",
    "A": "19",
    "N": "1239",
    "Y": "1",
}
# characters OCR confuses, each with the ones it may have been
CONFUSABLE = {
    "0": "ODQ",
    "O": "0DQ",
    "D": "0OQ",
    "Q": "0OD",
    "1": "ILT",
    "I": "1L",
    "L": "1I",
    "T": "1",
    "2": "Z",
    "Z": "2",
    "5": "S",
    "S": "5",
    "8": "B",
    "B": "8",
    "U": "V",
    "V": "U",
    "6": "G",
    "G": "6",
}

CODE_IN_TEXT = re.compile(r"(?<![0-9A-Z])([0-9A-Z]{18})(?![0-9A-Z])")


def compact(number: str) -> str:
    """Full-width characters folded, separators and spaces removed, upper case."""
    s = unicodedata.normalize("NFKC", number or "")
    return re.sub(r"[\s\-–—_.·]", "", s).upper()


def validate(number: str) -> str:
    """The compact code if it is valid; otherwise raises stdnum's InvalidLength, InvalidFormat or
    InvalidChecksum."""
    n = compact(number)
    if len(n) != 18:
        raise InvalidLength()
    if any(c not in ALPHABET for c in n):
        raise InvalidFormat()
    if n[0] not in AUTHORITIES or n[1] not in CATEGORIES[n[0]]:
        raise InvalidFormat()
    if not n[2:8].isdigit():
        raise InvalidFormat()
    if n[-1] != _std.calc_check_digit(n[:17]):
        raise InvalidChecksum()
    return n


def is_valid(number: str) -> bool:
    try:
        validate(number)
        return True
    except ValidationError:
        return False


def format(number: str) -> str:  # noqa: A001 - stdnum's name
    return compact(number)


def why_invalid(number: str) -> str | None:
    """A reviewer's reason the code fails, or None when it is valid."""
    n = compact(number)
    try:
        validate(n)
        return None
    except InvalidLength:
        return f"{len(n)} characters, not 18"
    except InvalidFormat:
        bad = [c for c in n if c not in ALPHABET]
        if bad:
            return f"characters not allowed by GB 32100-2015: {''.join(sorted(set(bad)))}"
        if n[0] not in AUTHORITIES:
            return f"registration authority code {n[0]!r} does not exist"
        if n[1] not in CATEGORIES[n[0]]:
            return f"category code {n[1]!r} does not exist under authority {n[0]!r}"
        return "administrative division code (positions 3-8) is not numeric"
    except InvalidChecksum:
        return f"check character is {n[-1]!r}, should be {_std.calc_check_digit(n[:17])!r}"


def propose_fix(number: str) -> str | None:
    """The valid code one confusable-character swap away (0/O/D/Q, 1/I/L, 2/Z, 5/S, 8/B, U/V),
    where exactly one such swap makes it valid; never applied silently."""
    n = compact(number)
    if len(n) != 18 or is_valid(n):
        return None
    found = set()
    for i, ch in enumerate(n):
        for alt in CONFUSABLE.get(ch, ""):
            cand = n[:i] + alt + n[i + 1 :]
            if is_valid(cand):
                found.add(cand)
    return found.pop() if len(found) == 1 else None


# what OCR read where a code's character must have been: the letters GB 32100-2015 leaves out of
# the alphabet (for being confused with digits), each as the one character it is confused with
NOT_IN_CODES = {"O": "0", "I": "1", "Z": "2", "S": "5", "V": "U"}
_OCR_TOKEN = re.compile(r"(?<![0-9A-Za-z])([0-9A-Za-z]{18})(?![0-9A-Za-z])")


def ocr_misread(text: str) -> list[tuple[str, str]]:
    """Codes in a line as OCR read it that hold a letter no code can hold (I, O, S, V, Z) and
    are valid once each such letter is read as the character it is confused with: (as read,
    as meant). A code that is still invalid is left as read (its flag tells a person).

    >>> ocr_misread("统一社会信用代码：91451000MARH4RFCOE")
    [('91451000MARH4RFCOE', '91451000MARH4RFC0E')]
    >>> ocr_misread("91451000MARH4RFC0E 91451000MARH4RFCOX")
    []
    >>> ocr_misread("1245000049089288On")  # a code written in lower case (…0n), its 0 read as O
    [('1245000049089288On', '12450000490892880N')]
    """
    out = []
    for m in _OCR_TOKEN.finditer(text or ""):
        read = m.group(1)
        if sum(c.isdigit() for c in read) < 8:
            continue  # a word, not a code
        if not any(c in NOT_IN_CODES for c in read.upper()) or is_valid(read.upper()):
            continue
        meant = "".join(NOT_IN_CODES.get(c, c) for c in read.upper())
        if is_valid(meant):
            out.append((read, meant))
    return out


def division(number: str) -> str | None:
    """The administrative division code (positions 3-8), e.g. 450100 for 南宁."""
    n = compact(number)
    return n[2:8] if len(n) >= 8 and n[2:8].isdigit() else None


def registration_kind(number: str) -> str | None:
    """The kind of body the code's authority and category say: enterprise (9x), public
    institution (12), government organ (11), social body (5x) ..."""
    n = compact(number)
    if len(n) < 2:
        return None
    if n[0] == "9":
        return "enterprise"
    if n[:2] == "12":
        return "public_institution"
    if n[:2] == "11":
        return "organ"
    if n[0] == "5":
        return "social_body"
    if n[0] == "N":
        return "cooperative"
    return "other"


def find_codes(text: str) -> list[str]:
    """Candidate codes in a text: 18 characters of the code alphabet (and OCR confusables)."""
    t = compact(text)
    out = [m.group(1) for m in re.finditer(r"(?<![0-9A-Z])([0-9A-Z]{18})(?![0-9A-Z])", t)]
    # a code OCR ran into the next list item's number (…809N2:乙研究所), where it checks out
    glued = r"(?<![0-9A-Z])([0-9A-Z]{18})(?=[0-9]{1,2}[.．:：、]?[\u4e00-\u9fff])"
    return out + [m.group(1) for m in re.finditer(glued, t) if is_valid(m.group(1))]
