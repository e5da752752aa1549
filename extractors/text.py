"""Text normalisation shared by the readers and the field extractors."""

from __future__ import annotations

import re
import unicodedata

CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
CJK_PUNCT = r"\u3000-\u303f\uff00-\uffef"
_CJK_CLASS = f"[{CJK}{CJK_PUNCT}]"
# a run of spaces between two CJK characters, or between CJK and a digit/latin letter
_SP_CJK_CJK = re.compile(f"(?<={_CJK_CLASS})[ \\t\u00a0\u3000]+(?={_CJK_CLASS})")
_SP_CJK_ALNUM = re.compile(f"(?<={_CJK_CLASS})[ \\t\u00a0\u3000]+(?=[0-9A-Za-z])")
_SP_ALNUM_CJK = re.compile(f"(?<=[0-9A-Za-z%])[ \\t\u00a0\u3000]+(?={_CJK_CLASS})")
_MULTI_SP = re.compile(r"[ \u00a0\u3000]{2,}")
_CTRL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\u200b-\u200f\ufeff]")

BRACKETS = str.maketrans(
    {
        "(": "（",
        ")": "）",
        "[": "（",
        "]": "）",
        "〔": "（",
        "〕": "）",
        "［": "（",
        "］": "）",
        "【": "（",
        "】": "）",
    }
)


# a character's reading in pinyin inserted after it, as content farms spin texts (產(chǎn)業(yè)):
# letters only, at least one with a tone mark (a brand's letters in brackets, (CSDN), stay)
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹ"
_PINYIN_NOTE = re.compile(f"(?<=[{CJK}])[（(](?=[a-zü]*[{_TONED}])[a-zü{_TONED}]{{1,7}}[)）]")


def without_pinyin(s: str) -> str:
    """The text without pinyin readings inserted after its characters.

    >>> without_pinyin("河南省產(chǎn)業(yè)聯(lián)盟，新鄉(xiāng)化纖股份有限公司，世纪乐知(CSDN)")
    '河南省產業聯盟，新鄉化纖股份有限公司，世纪乐知(CSDN)'
    """
    return _PINYIN_NOTE.sub("", s) if "(" in s or "（" in s else s


_SENTENCE_STOP = re.compile(r"[。；;\n]")


def sentence_around(text: str, a: int, b: int) -> tuple[int, int]:
    """The bounds of the sentence (or clause ended by ；) holding text[a:b].

    >>> t = "前言。甲、乙为成员；丙"
    >>> sentence_around(t, 3, 4)
    (3, 9)
    """
    before = [m.end() for m in _SENTENCE_STOP.finditer(text, 0, a)]
    after = _SENTENCE_STOP.search(text, b)
    return (before[-1] if before else 0, after.start() if after else len(text))


def invisible(c: str) -> bool:
    """A control or zero-width character, which clean_text removes."""
    return _CTRL.match(c) is not None


def clean_text(s: str) -> str:
    """Remove control characters and layout spacing (letter-spaced CJK, spaces between CJK and
    digits), fold runs of spaces; line breaks are kept."""
    s = _CTRL.sub("", s.replace("\r\n", "\n").replace("\r", "\n"))
    lines = []
    for line in s.split("\n"):
        line = _SP_CJK_CJK.sub("", line)
        line = _SP_CJK_ALNUM.sub("", line)
        line = _SP_ALNUM_CJK.sub("", line)
        line = _MULTI_SP.sub(" ", line).strip()
        lines.append(line)
    return "\n".join(lines).strip()


def compact(s: str) -> str:
    """All whitespace removed (for names and labels)."""
    return re.sub(r"\s+", "", s or "")


def norm_name(s: str) -> str:
    """A unit or consortium name as written, with layout artefacts removed: whitespace gone,
    half-width brackets made full-width (the form Chinese names are registered in)."""
    s = compact(unicodedata.normalize("NFKC", s or "").translate(BRACKETS))
    return s.translate(BRACKETS)


def key(s: str) -> str:
    """Comparison key: NFKC, brackets unified, whitespace removed, upper case."""
    return norm_name(s).upper()


def label_key(s: str) -> str:
    """A form label reduced for matching: no whitespace, no punctuation or brackets' contents
    such as （个）, （限500字）."""
    s = compact(unicodedata.normalize("NFKC", s or ""))
    s = re.sub(r"[(（][^)）]*[)）]", "", s)
    return re.sub(r"[:：*＊、,，.。;；]", "", s)


def has_cjk(s: str) -> bool:
    return re.search(f"[{CJK}]", s or "") is not None


def cjk_count(s: str) -> int:
    return len(re.findall(f"[{CJK}]", s or ""))
