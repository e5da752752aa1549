"""The chief scientist (首席科学家 / 首席专家): name and title wherever a form, a plan or a letter
states them: a labelled cell or line, a 首席科学家 heading over 姓名：… or over a line that starts
with the name, a team table whose role column says 首席科学家, or a sentence (聘请X教授担任首席
科学家 / 首席科学家为X（研究员） / X，男，…，教授，为本联合体首席科学家). Other roles (技术负责人,
项目负责人) are not the chief scientist.

>>> chief_in_text("联合体由广西某工业大学王建国教授担任首席科学家，负责技术路线。")
('王建国', '教授')
>>> chief_in_text("首席科学家为王建国（正高级工程师），长期从事新材料研究。")
('王建国', '正高级工程师')
>>> chief_in_text("联合体拟聘首席科学家：薛琳，职务/职称：中国工程院院士。")
('薛琳', '中国工程院院士')
>>> chief_in_text("王建国，男，1970年生，教授，博士生导师，为本联合体首席科学家。")
('王建国', '教授')
>>> chief_in_lines(["（三）首席科学家", "王建国，教授，广西某工业大学材料学院院长。"])
('王建国', '教授')
>>> chief_in_lines(["首席科学家", "姓名：王建国    职称：教授"])
('王建国', '教授')
>>> chief_in_lines(["三、推荐首席专家（科学家）科研简历（含代表性成果）", "陈成教授级高级工程师，男，1973年生"])
('陈成', '教授级高级工程师')
"""

from __future__ import annotations

import re

from extractors.text import compact
from models.document import ReadDocument

TITLES = (
    r"(?:一级|二级|三级|特聘|首席|资深)?(?:中国工程院院士|中国科学院院士|院士|研究员级高级工程师|教授级高级工程师|"
    r"(?:正高级|副高级|高级)?(?:工程师|农艺师|经济师|会计师|实验师|畜牧师|兽医师|林业工程师)|"
    r"副研究员|研究员|副教授|教授|副主任医师|主任医师|主任药师|博士)"
)
ORG = r"(?:大学|学院|研究所|研究院|科学院|公司|中心|集团)"
CHIEF = r"首席(?:科学家|专家)"
_NAME = r"[\u4e00-\u9fff·]{2,4}"
_LEFT = r"(?:(?<=[｜，,。；;：:由请任])|^)"
CHIEF_RXS = [
    # 聘请新疆农业职业技术学院许哲辉（正高级工程师）担任首席科学家
    re.compile(
        rf"(?P<name>{_NAME})[（(](?P<title>{TITLES})[)）](?:担任|任|为|出任)(?:联合体)?(?:的)?{CHIEF}"
    ),
    # 聘请塔里木大学教授黄海洋担任首席科学家
    re.compile(
        rf"(?:聘请|聘任|邀请|由)?(?:[\u4e00-\u9fff（）()]{{2,30}}?{ORG})?(?P<title>{TITLES})(?P<name>{_NAME}?)"
        rf"(?:同志|先生|女士)?(?:担任|任|为)(?:联合体)?{CHIEF}"
    ),
    # 由｜王建国教授担任首席科学家
    re.compile(
        rf"{_LEFT}(?P<name>{_NAME}?)(?P<title>{TITLES})(?:同志)?(?:担任|任|为|出任)(?:本?联合体)?(?:的)?{CHIEF}"
    ),
    # 王建国教授（广西某工业大学）任联合体首席科学家
    re.compile(
        rf"{_LEFT}(?P<name>{_NAME}?)(?P<title>{TITLES})[（(][^）)]{{0,30}}[)）](?:担任|任|为|出任)(?:本?联合体)?(?:的)?{CHIEF}"
    ),
    # 首席科学家：黄海洋（教授） / 首席科学家为黄海洋教授
    re.compile(
        rf"{CHIEF}(?:[：:为由是]|（[^）]*）)\s*(?P<name>{_NAME}?)[，,（(]?\s*"
        rf"(?:(?:职务|职称)(?:[/、](?:职务|职称))?[：:])?(?P<title>{TITLES})"  # 张三，职务/职称：教授
    ),
    re.compile(
        rf"{CHIEF}[：:为由是]\s*(?:[\u4e00-\u9fff]{{2,30}}?{ORG})?(?P<title>{TITLES})(?P<name>{_NAME})"
    ),
    # 王建国，男，1970年生，教授，博士生导师，为本联合体首席科学家
    re.compile(
        rf"{_LEFT}(?P<name>{_NAME}?)[，,](?:男|女)[，,][^。；;]{{0,60}}?(?P<title>{TITLES})[^。；;]{{0,40}}?"
        rf"(?:担任|任|为|是)(?:本|该)?(?:联合体)?(?:的)?{CHIEF}"
    ),
]
# a heading over the chief scientist's particulars: 首席科学家 / 推荐首席专家（科学家）科研简历（…）
_CHIEF_HEADING = re.compile(
    rf"(?:本?联合体的?|拟聘|拟任)?(?:推荐)?{CHIEF}(?:[（(](?:科学家|专家)[)）])?(?:科研)?(?:情况|简介|简历|基本情况|介绍|及团队)?(?:[（(][^）)]*[)）])?[：:]?"
)
_NOT_NAME = re.compile(r"^(?:联合体|本|该|我|其|由|为|担任|负责|推荐|姓名|职称|职务)")
_HEADING_WORD = re.compile(r"简历|情况|简介|介绍|基本|信息|科研")


def best_title(text: str) -> str | None:
    """The first professional title in the text; a degree (博士) only where no title is written.

    >>> best_title("张三，1968年生，博士，研究员"), best_title("张三，博士")
    ('研究员', '博士')
    """
    found = [m.group(0) for m in re.finditer(TITLES, text)]
    return next((t for t in found if t != "博士"), found[0] if found else None)


def person_in(value: str) -> tuple[str, str | None] | None:
    """A person's name and title from a cell or a line's value, however written: 张三（教授） /
    张三，云南大学教授 / 云南大学张三教授 / 研究员张三 / 张三 研究员.

    >>> person_in("云南大学张建国教授"), person_in("研究员张建国"), person_in("张建国（云南大学）")
    (('张建国', '教授'), ('张建国', '研究员'), ('张建国', None))
    """
    from extractors.units import find_units

    v = compact(value)
    first = re.match(rf"({_NAME}?)(?:[（(,，、；;/]|同志|$)", v)
    if first and not _NOT_NAME.match(first.group(1)) and not re.search(TITLES, first.group(1)):
        if not find_units(first.group(1)):  # 张三（云南大学）/ 张三，教授: the name first
            return first.group(1), best_title(v[first.end() :])
    for u in reversed(find_units(v)):  # a unit's name is not the person's
        v = v[: u.start] + "｜" + v[u.end :]
    v = v.strip("｜")
    lead = re.match(TITLES, v)
    rest = v[lead.end() :] if lead else v
    m = re.match(rf"({_NAME}?)(?=$|[｜（(,，、；;/]|同志|{TITLES})", rest)
    if not m or _NOT_NAME.match(m.group(1)) or re.search(TITLES, m.group(1)):
        return None
    title = lead.group(0) if lead else best_title(rest[m.end() :])
    return m.group(1), title


def chief_in_text(text: str) -> tuple[str, str | None] | None:
    """A chief scientist named in a sentence (see the module's doc): line by line, then across
    lines (a sentence wrapped over two)."""
    for line in text.split("\n"):
        if re.search(CHIEF, line):
            found = _chief_in(line)
            if found:
                return found
    return _chief_in(text) if "\n" in text else None


def _chief_in(text: str) -> tuple[str, str | None] | None:
    from extractors.units import find_units

    raw = compact(text)
    if not re.search(CHIEF, raw):
        return None
    # a unit's name before the person's is not part of it (…职业技术学院许哲辉（正高级工程师）)
    t = raw
    for u in reversed(find_units(t)):
        t = t[: u.start] + "｜" + t[u.end :]
    return _chief_rx(t) or (_chief_rx(raw) if t != raw else None)


def _chief_rx(t: str) -> tuple[str, str | None] | None:
    for rx in CHIEF_RXS:
        for m in rx.finditer(t):
            name = m.group("name")
            if name and not _NOT_NAME.match(name) and not re.search(TITLES, name):
                return name, m.group("title")
    # 聘请｜王建国为首席科学家，王建国为教授…: the name, and its title where the text gives it
    only = _NAME_ONLY.search(t)
    if only and not _NOT_NAME.match(only.group("name")):
        name = only.group("name")
        mt = re.search(rf"{re.escape(name)}(?:为|是|系|，|,)?[^。；;]{{0,20}}?({TITLES})", t[only.end() :])
        return name, mt.group(1) if mt else None
    return None


_NAME_ONLY = re.compile(
    rf"(?:聘请|聘任|邀请|由|推荐)｜?(?P<name>{_NAME}?)(?:同志)?(?:担任|为|任|出任)(?:本?联合体)?(?:的)?{CHIEF}"
)


def chief_in_lines(lines: list[str]) -> tuple[str, str | None] | None:
    """The chief scientist under a 首席科学家 heading or label line: 姓名：…职称：… within a few
    lines of it, or the next line starting with the name (王建国，教授，…)."""
    from extractors.fields.labels import find_fields_in_lines

    for i, line in enumerate(lines):
        near = "".join(lines[max(0, i - 2) : i + 3])
        if "姓名" in line and re.search(CHIEF, near):
            f = find_fields_in_lines([line])
            name = f.get("person_name")
            if name and re.fullmatch(r"[\u4e00-\u9fff·]{2,5}", compact(name.value)):
                title = f.get("chief_title") or find_fields_in_lines(lines[i + 1 : i + 4]).get("chief_title")
                return compact(name.value), compact(title.value) if title else None
        m0 = re.fullmatch(rf"(?:推荐)?{CHIEF}\s*({_NAME}?)\s*({TITLES})?", line.strip())
        if m0 and not _HEADING_WORD.search(m0.group(1)):  # 首席科学家  王建国  教授 (not …科研简历)
            return m0.group(1), m0.group(2)
        head = re.sub(r"^[（(]?[0-9一二三四五六七八九十]{1,3}[)）.．、]?\s*", "", compact(line))
        hm = _CHIEF_HEADING.match(head)
        inline = hm is not None and hm.end() < len(head) and head[hm.end() - 1] in "：:"
        if (_CHIEF_HEADING.fullmatch(head) and i + 1 < len(lines)) or inline:
            # the particulars on the next line, or after the heading's colon (…科研简历：张三，男，…)
            nxt = head[hm.end() :] if inline and hm is not None else compact(lines[i + 1])
            m = re.match(rf"({_NAME}?)({TITLES})?(?:[，,（(]|同志)", nxt)
            if m and not _NOT_NAME.match(m.group(1)):
                if m.group(2):
                    return m.group(1), m.group(2)
                return m.group(1), best_title(nxt[:80])
    return None


def chief_in_team_table(doc: ReadDocument) -> tuple[str, str | None] | None:
    """A team table's row whose role cell says 首席科学家: its 姓名 and 职称 cells."""
    for t in doc.tables():
        rows = [[compact(c.text) for c in r] for r in t.rows()]
        if not rows:
            continue
        header = rows[0]
        ni = next((i for i, h in enumerate(header) if h.endswith("姓名") or h == "姓名"), None)
        ti = next((i for i, h in enumerate(header) if re.search(r"职称|职务", h)), None)
        if ni is None:
            continue
        for r in rows[1:]:
            if any(re.fullmatch(rf"{CHIEF}(?:[（(].*)?", c) for j, c in enumerate(r) if j not in (ni, ti)):
                name = r[ni] if ni < len(r) else ""
                if re.fullmatch(r"[\u4e00-\u9fff·]{2,5}", name):
                    title = r[ti] if ti is not None and ti < len(r) and r[ti] else None
                    return name, title
    return None


def find_chief(doc: ReadDocument, lines: list[str]) -> tuple[str, str | None] | None:
    """The chief scientist from the document's lines (paragraphs and tables read as lines), its
    team table, or its sentences, in that order."""
    return chief_in_lines(lines) or chief_in_team_table(doc) or chief_in_text("\n".join(lines))
