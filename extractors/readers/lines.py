"""Text lines into paragraphs and wrapped cell text rejoined: shared by every reader that sees a
page as positioned lines (the PDF text layer, OCR, OFD)."""

from __future__ import annotations

import re

from extractors.text import clean_text
from models.document import BBox, Paragraph, Provenance, heading_of, make_paragraph

PAGE_NUMBER = re.compile(r"^[—\-–－\s]*\d{1,4}[—\-–－\s]*$|^第\s*\d+\s*页(\s*共\s*\d+\s*页)?$")
_SENT_END = "。；;：:！？!?」”）)"
FORM_LABEL = re.compile(r"^[\u4e00-\u9fff\s]{2,12}[：:]")
# a value complete in itself: a decimal number, a percentage, a date, an amount with its unit
WHOLE_VALUE = re.compile(
    r"^[-+]?\d+[.．]\d+%?$|^\d+%$|^\d{4}[-/.年]\d{1,2}([-/.月]\d{1,2}日?)?$|^[-+]?\d[\d,]*(\.\d+)?(万元|元|%)$"
)
# a number grouped by thousands (1,234,567) ending one line, or beginning the next
GROUPED_END = re.compile(r"(?<![\d,])\d{1,3}(,\d{3})+(\.\d+)?$")
GROUPED_START = re.compile(r"^\d{1,3}(,\d{3})+(?![\d,])")

Line = tuple[str, BBox]
# PDFium's markers of a word hyphenated at a line's end (U+FFFE, U+0002) and the soft hyphen
HYPHEN_MARKS = "\ufffe\x02\u00ad"


def _hyphenation(before: str, after: str) -> bool:
    """Whether a hyphen PDFium marked at a line's end (it marks every one) only split a word:
    between two lower-case letters (ef- / fects). Elsewhere it is the text's own hyphen (a year
    range 2019- / 2020, a code, a name), and is kept."""
    if before in "-‐‑–":  # the text's own hyphen is there already, the marker after it
        return True
    return before.isascii() and before.islower() and after.isascii() and after.islower()


def unhyphenate(text: str) -> str:
    """PDFium's hyphenation markers resolved: dropped inside a word, a hyphen elsewhere; the
    soft hyphen (invisible by definition) always dropped."""
    text = text.replace("\u00ad", "")
    if "\ufffe" not in text and "\x02" not in text:
        return text
    out = []
    for i, ch in enumerate(text):
        if ch in "\ufffe\x02":
            if not _hyphenation(text[i - 1 : i], text[i + 1 : i + 2]):
                out.append("-")
            continue
        out.append(ch)
    return "".join(out)


def join_wrapped(lines: list[str], wrapped: list[bool] | None = None) -> str:
    """Rejoin text wrapped inside a table cell: a break inside a CJK run or inside a run of
    letters and digits (a credit code split as 9145020019 / 82306879) is removed; a break
    between a name and its code, or after punctuation, is kept as a line break.

    Lines stacked on purpose are not joined: where the caller knows the geometry, `wrapped[i]`
    says whether line i ran to the cell's right edge (only then can the next line continue it);
    without it, two lines that are each a whole value (0.965 / 0.969, two dates) stay apart."""
    out = ""
    prev = ""
    for i, raw in enumerate(lines):
        line = raw.strip()
        if not line:
            continue
        if not out:
            out, prev = line, line
            continue
        if out[-1] in HYPHEN_MARKS:  # hyphenated at the cell's edge: the word goes on
            out = out[:-1] + ("" if _hyphenation(out[-2:-1], line[:1]) else "-") + line
            prev = line
            continue
        a, b = out[-1], line[0]
        ran_to_edge = True
        if wrapped is not None:
            k = i - 1
            while k > 0 and not lines[k].strip():
                k -= 1
            ran_to_edge = wrapped[k]
        whole = WHOLE_VALUE.match(prev) is not None and WHOLE_VALUE.match(line) is not None
        # digits joined to a number grouped by thousands would break its grouping (18,870 / 209)
        whole = whole or GROUPED_END.search(prev) is not None and line[0].isdigit()
        whole = whole or GROUPED_START.match(line) is not None and prev[-1].isdigit()
        # nor is a number of four digits or fewer the first part of a wrapped one: a cell that
        # narrow is a column of small counts (191 / 707), not a credit code cut every few digits
        whole = whole or prev.isdigit() and len(prev) <= 4 and line[0].isdigit()
        if ran_to_edge and not whole and _same_run(a, b):
            out += line
        else:
            out += "\n" + line
        prev = line
    return unhyphenate(out)


def _same_run(a: str, b: str) -> bool:
    def cls(ch: str) -> str:
        if "\u3400" <= ch <= "\u9fff" or ch in "（）《》“”、，":
            return "cjk"
        if ch.isascii() and ch.isalnum():
            return "alnum"
        return "other"

    ca, cb = cls(a), cls(b)
    if ca == cb and ca in ("cjk", "alnum"):
        return True
    if ca == "alnum" and cb == "cjk":  # 2028 / 年: a number wrapped away from its unit
        return True
    # cjk then a code or number (a name, then its credit code on the next line) stays apart
    return a in "/-（(" or b in "/-）)"


_SIGNING_WORDS = r"盖章|签字|签章|签名|（章）|\(章\)|公章"
_SIGNING = re.compile(_SIGNING_WORDS)
# what opens an entry of its own: a signing line, a label (甲方（盖章）：, 成员单位：), a date
_OPENS = re.compile(
    _SIGNING_WORDS + r"|^[\u4e00-\u9fff（）()\s]{2,16}[：:]|^(?:\d{4}|[〇零一二三四五六七八九]{4})\s*年"
)
_GOES_ON = "为是于在的和及与、，,至到从自"
_YEAR_START = re.compile(r"^(?:\d{4}|[〇零一二三四五六七八九]{4})\s*年")
# a line ending in a whole unit's name is an entry of its own (names listed one a line)
_UNIT_END = re.compile(r"(?:公司|大学|学院|研究院|研究所|中心|协会|集团|委员会|学会|医院|厂)[）)]?$")


def _slack(t: str, h: float) -> float:
    """How far short of the right margin a line may stop and still reach it. A line of Chinese
    prose wraps up to a character or so short (a character that did not fit, punctuation kept off
    the next line's head): one and a half of its characters (about its height). Short lines and a
    signature block's lines (…（盖章）：单位名), and a line ending in a unit's whole name (names
    listed one a line), keep the narrow margin: each is an entry of its own.

    >>> _slack("一般协作层单位（二家）：河池裕升水务集团股份有限公司、北海远诚水务有限责任公", 54.0)
    81.0
    >>> _slack("乙方（盖章）：南宁某某科技集团股份有限公司", 54.0), _slack("Alliance partners and", 54.0)
    (24.0, 24.0)
    >>> _slack("成员单位：广西壮族自治区机械工业研究院有限公司", 54.0)
    24.0
    >>> _slack("其中专职研发人员298人。近三年研发投入分别为2020", 54.0)  # 年 did not fit after 2020
    81.0
    """
    prose_digits = t[-1].isdigit() and len(re.findall(r"[\u4e00-\u9fff]", t)) >= 8
    if (t[-1].isascii() and not prose_digits) or len(t) < 12 or _SIGNING.search(t) or _UNIT_END.search(t):
        return 24.0
    return max(24.0, 1.5 * h)


_LEADING_RUN = re.compile(r"^[0-9A-Za-z][0-9A-Za-z.,%/:_-]{2,}")


def _run_did_not_fit(prev: str, t: str, gap: float, h: float) -> bool:
    """Whether a line of Chinese prose stopped short of the margin only because the next line
    opens with a run of digits or letters (120000万元, a credit code, a URL) that a line cannot
    break and that would not have fitted in the room left (an ASCII character is about half a
    Chinese one wide).

    >>> _run_did_not_fit("联合培养研究生50名。牵头单位百色晟拓汽车集团有限公司2024年营业收入为", "120000万元，现有研发人员", 34.0, 11.0)
    True
    >>> _run_did_not_fit("联合培养研究生50名。牵头单位百色晟拓汽车集团有限公司2024年营业收入为", "12万元，现有研发人员", 34.0, 11.0)
    False
    >>> _run_did_not_fit("8．阿克苏永诚新材料集团股份有限公司（信用代码：91652901-", "823078490-P），为联合体一般合作层单位。", 66.0, 11.0)
    True
    >>> _run_did_not_fit("其中专职研发人员328人。近三年研发投入分别为", "2023年1.64亿元、2024年1.85亿元", 24.0, 11.3)
    True
    """
    m = _LEADING_RUN.match(t)
    # a run of letters and digits broken at its own hyphen (91652901- / 823078490-P) goes on too
    at_hyphen = re.search(r"[0-9A-Za-z]-$", prev) is not None
    # a year after words that ask for more (…研发投入分别为 / 2023年…) goes on the sentence, it
    # opens no entry of its own (a signing date)
    opens = _OPENS.search(t) is not None and not (prev and prev[-1] in _GOES_ON and _YEAR_START.match(t))
    if (
        not m
        or opens
        or not prev
        or (prev[-1].isascii() and not at_hyphen)
        or prev[-1] in _SENT_END
        or len(prev) < 12
    ):
        return False
    if _SIGNING.search(prev) or _UNIT_END.search(prev):
        return False
    return gap < 0.55 * h * len(m.group(0)) + 0.5 * h


# an amount at a line's end, parted from its unit (…5366万 / 元，…); a speck OCR reads after it
# (…5366万. / 元，…) is no full stop
_NUMBER_END = re.compile(r"\d\s*(?:万|亿|千|百)?[.,·]?$")
_UNIT_HEAD = re.compile(r"^(?:万元|亿元|千元|元|%|％|人|名|个|家|项|件)(?:[、，,；;。）)]|$)")
_CLOSES = re.compile(r"^[^（()）\n]{1,30}[）)]")


def _open_bracket(text: str) -> bool:
    """Whether the text ends inside a bracket it opened (its last （ not closed)."""
    return max(text.rfind("（"), text.rfind("(")) > max(text.rfind("）"), text.rfind(")"))


def lines_to_paragraphs(
    lines: list[Line],
    page: int,
    order_start: int,
    page_width: float | None = None,
    page_height: float | None = None,
) -> list[Paragraph]:
    """Join the text lines of a page into paragraphs: a new paragraph starts at a numbered
    heading, after a line ending a sentence, or after a line that stops well short of the
    right margin. A page number is a line of a number alone at the top or foot of the page (with
    no height given, anywhere): in the body it is text (the last digit of a code wrapped)."""
    paras: list[Paragraph] = []
    cur: list[str] = []
    box: list[float] | None = None
    right_margin = max((b[2] for _, b in lines), default=0.0)
    if page_width:
        right_margin = max(right_margin, 0.8 * page_width)
    order = order_start

    def flush() -> None:
        nonlocal cur, box, order
        if cur:
            text = clean_text(unhyphenate("".join(cur)))
            if text and box is not None:
                order += 1
                bb: BBox = (box[0], box[1], box[2], box[3])
                paras.append(make_paragraph(text, Provenance(page=page, order=order, bbox=bb)))
        cur, box = [], None

    prev_short = True
    prev_loose = False
    prev_end = ""
    prev_x0 = 0.0
    prev_x1 = 0.0
    prev_y1 = 0.0
    for text, b in lines:
        t = text.strip()
        if t[:-1] and any(m in t[:-1] for m in HYPHEN_MARKS):
            t = unhyphenate(t[:-1]) + t[-1]
        if not t or t in HYPHEN_MARKS:
            continue
        at_edge = page_height is None or b[1] >= 0.85 * page_height or b[3] <= 0.15 * page_height
        if PAGE_NUMBER.match(t) and at_edge:
            flush()
            order += 1
            paras.append(Paragraph(text=t, prov=Provenance(page=page, order=order, bbox=b, source="footer")))
            continue
        h = max(1.0, b[3] - b[1])
        # a first line's indent is two characters; a scan's lines drift a few pixels (skew)
        indented = b[0] > prev_x0 + max(6.0, 0.6 * h) and b[2] > b[0]
        far = box is not None and b[1] - prev_y1 > 1.5 * h  # a blank line's worth of space above
        run_wrapped = prev_short and bool(cur) and _run_did_not_fit(cur[-1], t, right_margin - prev_x1, h)
        # a bracket the line before left open that this line closes (…（社会信用代码： / 9165…），为…)
        in_bracket = bool(cur) and _open_bracket("".join(cur)) and _CLOSES.match(t) is not None
        # an amount parted from its unit (…分别为 16419 万 / 元、20294万元…) is one sentence
        in_amount = bool(cur) and _NUMBER_END.search(cur[-1]) is not None and _UNIT_HEAD.match(t) is not None
        goes_on = in_bracket or in_amount
        if in_amount:
            cur[-1] = re.sub(r"\s*[.,·]$", "", cur[-1])  # the speck between amount and unit
        starts_new = (
            far
            or (prev_short and not run_wrapped and not goes_on)
            or (prev_loose and _OPENS.search(t) is not None)
            or (prev_end in _SENT_END and not goes_on)
            or heading_of(t) is not None
            or indented
            or FORM_LABEL.match(t) is not None
        )
        if starts_new:
            flush()
        hyphenated = bool(cur) and cur[-1][-1] in HYPHEN_MARKS
        if hyphenated:  # a word split at the line's end by the layout's hyphenation: joined again
            cur[-1] = cur[-1][:-1] + ("" if _hyphenation(cur[-1][-2:-1], t[:1]) else "-")
        sep = (
            " "
            if cur
            and not hyphenated
            and cur[-1]
            and cur[-1][-1].isascii()
            and cur[-1][-1].isalpha()
            and t[0].isascii()
            and t[0].isalpha()
            else ""
        )
        cur.append(sep + t)
        box = (
            list(b)
            if box is None
            else [min(box[0], b[0]), min(box[1], b[1]), max(box[2], b[2]), max(box[3], b[3])]
        )
        width_ok = right_margin is not None and b[2] >= right_margin - 24
        # reaching the margin only within a wrapped character's slack: the next line continues
        # it unless it opens an entry of its own (a signing line, a label)
        prev_loose = not width_ok and right_margin is not None and b[2] >= right_margin - _slack(t, h)
        width_ok = width_ok or prev_loose
        # a line ending in the layout's hyphenation marker continues, however short it looks
        prev_short = not width_ok and t[-1] not in HYPHEN_MARKS
        prev_end = t[-1] if t[-1] not in HYPHEN_MARKS else "-"
        prev_x0 = b[0]
        prev_x1 = b[2]
        prev_y1 = b[3]
    flush()
    return paras
