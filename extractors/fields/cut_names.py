"""Names and codes cut by a wrap: a table cell too narrow for 北京某某科技有限公司 leaves 公司 (and a
code's last characters) on a line of their own, read as a row or line apart. A member's name that
ends inside its legal suffix (…有限 / …股份有) is completed from the text right after it, and a
code one or two characters short from a short run of code characters standing next to it, only
where the completion is found in the document and (for codes) passes the check digit.

>>> text = "3 北京某某咖啡科技有限 9111010808817790 企业 核心层\\n公司 0P"
>>> complete_name("北京某某咖啡科技有限", text), complete_code("9111010808817790", text)
('北京某某咖啡科技有限公司', '91110108088177900P')
>>> complete_name("北京某某咖啡科技有限", "北京某某咖啡科技有限 企业"), complete_code("9111010808817790", "0Q")
(None, None)
"""

from __future__ import annotations

import re

from extractors import uscc
from extractors.text import compact

# a name ending inside its legal suffix, and the rest of the suffix it may take
CUT_NAME = re.compile(r"(?:有限责任|有限责|有限公|股份有限|股份有|股份|有限)$")
_REST = re.compile(r"^(?:责任公司|任公司|公司|司|有限公司|限公司)")


def complete_name(name: str, text: str) -> str | None:
    """The name with its suffix finished by the words that follow it in the text (the next cell,
    the next line), or None where the text does not finish it."""
    n = compact(name)
    if not CUT_NAME.search(n):
        return None
    toks = [compact(t) for t in re.split(r"[\s|｜,，;；:：]+", text) if t.strip()]
    for i, t in enumerate(toks):
        if not t.endswith(n):
            continue
        # the rest standing on its own: the next cell or line, or after the row's other cells
        for piece in toks[i + 1 : i + 9]:
            r = _REST.fullmatch(piece)
            if r and re.search(r"(?:有限责任公司|有限公司|股份有限公司)$", n + piece):
                return n + piece
    return None


def complete_code(code: str, text: str) -> str | None:
    """An 18-character code from one cut to 16 or 17 and the short run of code characters that
    stands after it (its next line or cell), where exactly one completion is valid."""
    c = uscc.compact(code)
    need = 18 - len(c)
    if need not in (1, 2):
        return None
    found: set[str] = set()
    for m in re.finditer(re.escape(c), text.upper()):
        after = text.upper()[m.end() : m.end() + 80]
        for run in re.findall(rf"(?<![0-9A-Z])([0-9A-Z]{{{need}}})(?![0-9A-Z])", after)[:4]:
            if uscc.is_valid(c + run):
                found.add(c + run)
    return found.pop() if len(found) == 1 else None


def complete_cut(rec, text: str) -> None:  # rec: DocumentRecord, completed in place
    """Every member whose name or code a wrap cut, completed where the document finishes it."""
    wrong: dict[str, str] = rec.extra.get("codes_of_wrong_length") or {}
    for m in rec.members:
        whole = complete_name(m.name, text)
        if whole:
            if m.name in wrong:
                wrong[whole] = wrong.pop(m.name)
            rec.lead_units = [whole if x == m.name else x for x in rec.lead_units]
            m.name = whole
        short = wrong.get(m.name)
        if short and not m.credit_code:
            full = complete_code(short, text)
            if full:
                m.credit_code = full
                del wrong[m.name]
