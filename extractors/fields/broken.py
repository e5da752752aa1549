"""Names broken over lines (a cell too narrow, a page's line width): the lines joined back where a
name runs on, separate names kept apart."""

from __future__ import annotations

import re

from extractors.text import compact
from extractors.units import find_units, trade_words_only


def _join_broken(cell: str) -> str:
    """A name broken over lines inside a cell (克拉玛依正邦生物 / 有限公司) joined; separate names
    on separate lines stay apart."""
    if "\n" not in cell:
        return cell
    lines = [x.strip() for x in cell.split("\n") if x.strip()]
    out = [lines[0]] if lines else []
    for x in lines[1:]:
        prev = out[-1]
        us = find_units(prev)
        if LEGAL_TAIL.match(x) or not (us and compact(prev).endswith(compact(us[-1].name))):
            out[-1] = prev + x  # a name's tail on the next line, or the previous line ends no name
        else:
            out.append(x)  # the previous line already ends a name
    return "\n".join(out)


# the tail of a name broken over two lines (新疆博程硅业集团 / 股份有限公司)
LEGAL_TAIL = re.compile(
    r"^[)）]?(?:股份有限公司|有限责任公司|有限公司|集团有限公司|集团股份有限公司|分公司|公司|（集团）有限公司)"
)

# a line ending inside a legal suffix, and the next line starting with the suffix's rest
_CUT_TAIL = re.compile(r"(?:有限责任公|有限责任|有限责|有限公|股份有限|股份有|有限)$")
_REST_HEAD = re.compile(r"^(?:责任公司|任公司|公司|司|有限公司|限公司)")


def join_broken_lines(lines: list[str]) -> list[str]:
    """Lines with a name's legal tail on the next line joined (…集团 / 有限公司), and a line that
    ends in the middle of a name joined to the line that finishes it (广西某工 / 业大学（盖章））.

    >>> join_broken_lines(["中国科学院新疆", "理化技术研究所", "广西大学", "南宁某某科技有限公司"])
    ['中国科学院新疆理化技术研究所', '广西大学', '南宁某某科技有限公司']
    >>> join_broken_lines(["核心层：甲公司；武汉某某烟叶有限", "责任公司；昆明某某科技有限公司"])
    ['核心层：甲公司；武汉某某烟叶有限责任公司；昆明某某科技有限公司']
    >>> join_broken_lines(["梧州某某集团股份有限公司（要删除）", "防城港某某科技集团股份有限公司"])
    ['梧州某某集团股份有限公司（要删除）', '防城港某某科技集团股份有限公司']
    >>> join_broken_lines(["梧州泰辰智能", "装备集团有限公司\t\t二〇二五年二月七日"])[0].split("\t")[0]
    '梧州泰辰智能装备集团有限公司'
    """
    out: list[str] = []
    for x in lines:
        if out and LEGAL_TAIL.match(compact(x)) and not re.search(r"[。；;，,：:]$", out[-1].strip()):
            out[-1] = out[-1].rstrip() + x.strip()
        elif out and _CUT_TAIL.search(compact(out[-1])) and _REST_HEAD.match(compact(x)):
            out[-1] = out[-1].rstrip() + x.strip()  # …武汉某某烟叶有限 / 责任公司；…: the suffix cut
        elif out and _name_runs_on(out[-1], x):
            out[-1] = out[-1].rstrip() + x.strip()
        else:
            out.append(x)
    return out


def _name_runs_on(prev: str, nxt: str) -> bool:
    """prev is the start of a name that nxt finishes: prev is a short run of Chinese that ends no
    name, and read together a name spans the break."""
    p, n = compact(prev), compact(nxt)
    if not (2 <= len(p) <= 20) or not n or re.search(r"[^\u4e00-\u9fff（）()]", p):
        return False
    if SEAL_WORDS.search(p):
        return False
    ps = find_units(p)
    if ps and p.endswith(compact(ps[-1].name)):
        return False
    if not any(u.start < len(p) < u.end for u in find_units(p + n)):
        return False
    # nxt is no name of its own (业大学（盖章）), or the break falls inside a word (新|材料)
    nu = find_units(n)
    if not (nu and nu[0].start == 0):
        return True
    if (
        ps
        and re.fullmatch(r"[\u4e00-\u9fff]{2,6}", p[ps[-1].end :])
        and not SEAL_WORDS.search(p[ps[-1].end :])
    ):
        return True  # a unit and a place left hanging after it (中国科学院新疆 / 理化技术研究所)
    core = re.sub(
        r"(?:集团)?(?:股份有限公司|有限责任公司|有限公司|公司)$|"
        r"(?:集团|大学|学院|研究院|研究所|中心|协会|学会|商会|联合会|委员会)$",
        "",
        nu[0].name,
    )
    # 材料股份有限公司 / 动力科技股份有限公司 is no name of its own
    return len(core) <= 3 or _word_across(p, n) or trade_words_only(nu[0].name)


def _word_across(p: str, n: str) -> bool:
    from extractors.units import jieba_tokenizer

    at = 0
    for w in jieba_tokenizer().cut(p + n[:8]):
        if at < len(p) < at + len(w):
            return True
        at += len(w)
    return False


SEAL_WORDS = re.compile(r"盖章|签章|签字|公章|日期|法定代表人|授权代表|甲方|乙方|丙方|丁方|单位名称")
