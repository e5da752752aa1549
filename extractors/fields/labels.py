"""Fields found by meaning, wherever they stand: a label and its value in a table (value to the
right of the label, or below it in a header row), a ``label：value`` line (several on one line
too), or a sentence (成员单位共12家，其中企业8家、高等院校2家; 已建国家级平台3个、省级平台12个).

Each field is a label pattern (matched on the label with spaces, punctuation and （个）-style
notes removed), a value check, and sentence patterns. The first value found wins in the order
table → line → sentence; each value records how it was found and how sure the reading is.

>>> f = find_fields_in_lines(["成员单位共12家，其中企业8家、高等院校2家、科研院所2家。"])
>>> [(k, v.value) for k, v in sorted(f.items())]
[('enterprises', '8'), ('institutes', '2'), ('members', '12'), ('universities', '2')]
>>> find_fields_in_lines(["联合体内已建国家级平台三个、省级（自治区级）平台十二个"])["provincial"].value
'十二'
>>> find_fields_in_lines(["联合体由1家牵头单位和12家成员单位组成，其中企业9家（含牵头单位）"])["members"].value
'13'
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractors.fields.chief import TITLES
from extractors.numbers import NUM, parse_date, to_int
from extractors.text import compact, label_key
from models.document import Paragraph, ReadDocument, Table

# label patterns, on label_key(label)
LABELS: dict[str, str] = {
    "consortium_name": r"^(?:创新)?联合体(?:的)?(?:全称|名称)$|^联盟名称$|^名称$",
    "agreement_effective_date": r"协议(?:的)?生效(?:时间|日期)$|^生效(?:时间|日期)$|^协议签订(?:时间|日期)$",
    "industry": r"^(?:所属|所在)?(?:产业|技术|行业)领域$|^所属产业$|^所属行业$",
    "lead": r"^(?:联合体|创新联合体)?牵头(?:单位|企业)(?:名称|全称)?$",
    "chief_name": r"^(?:推荐)?首席(?:科学家|专家)(?:科学家|专家)?(?:姓名)?$",
    "chief_title": r"^(?:首席(?:科学家|专家))?(?:职务[/、]?职称|职称[/、]?职务|职称|职务)$",
    "national": r"国家级.{0,12}(?:平台|基地|中心|实验室).{0,4}(?:数量|数|个数)?$",
    "provincial": r"(?:省级|自治区级|省部级|省市级|市级|省).{0,12}(?:平台|基地|中心|实验室).{0,4}(?:数量|数|个数)?$",
    "person": r"^(?:联系人|联络人|联系人姓名|经办人)$",
    "phone": r"^(?:联系)?(?:电话|手机|方式)$|^联系方式$|^手机号码?$|^固定电话$",
    "members": r"^成员(?:单位)?(?:总数|数量|个数|总计)$|^成员单位数$|^单位总数$|^联合体成员(?:总数|数)$",
    "enterprises": r"^(?:其中)?企业(?:数量|数|个数)?$",
    "universities": r"^(?:其中)?(?:高校|高等学校|高等院校|院校)(?:数量|数|个数)?$",
    "institutes": r"^(?:其中)?(?:研究机构|科研院所|科研机构|科研单位|研究院所)(?:数量|数|个数)?$",
    "filing_date": r"^(?:填报|申报|填表|报送)日期$|^(?:填报|申报)时间$",
    "person_name": r"^姓名$",
    "employer": r"^(?:工作单位|所在单位|所在单位名称)$",
}
_LABEL_RX = {k: re.compile(v) for k, v in LABELS.items()}
NUMERIC = {"national", "provincial", "members", "enterprises", "universities", "institutes"}
COUNT_FIELDS = [
    ("platform_counts.national", "national"),
    ("platform_counts.provincial", "provincial"),
    ("declared_counts.members", "members"),
    ("declared_counts.enterprises", "enterprises"),
    ("declared_counts.universities", "universities"),
    ("declared_counts.institutes", "institutes"),
]

N = rf"(?P<n>{NUM})"
MW = r"(?:个|家|所|项|座)"
# sentence patterns: the number after the concept (企业8家) or before it (8家企业)
SENTENCE: dict[str, list[str]] = {
    "members": [
        rf"(?:成员单位|成员|联合体单位|参与单位|组成单位)(?:总数|合计|总计)?[共计为有达由]{{0,3}}{N}{MW}",
        rf"(?:共有|共|由|计有){N}{MW}(?:成员)?单位(?:组成|共同)?",
        rf"{N}{MW}成员单位",
    ],
    "enterprises": [rf"(?<!龙头)(?<!骨干)企业{N}{MW}", rf"{N}{MW}企业"],
    "universities": [rf"(?:高校|高等学校|高等院校|院校|大学){N}{MW}", rf"{N}{MW}(?:高校|高等学校|高等院校)"],
    "institutes": [
        rf"(?:研究机构|科研院所|科研机构|研究院所|科研单位){N}{MW}",
        rf"{N}{MW}(?:研究机构|科研院所|科研机构|研究院所)",
    ],
    "national": [
        rf"国家级(?:各类|相关)?(?:科研|创新|研发|科技创新)?(?:平台|载体|基地){N}{MW}",
        # 平台数量：国家级2个，省级3个
        rf"平台(?:数量|数|个数|情况)[：:，,]?国家级{N}{MW}",
        rf"{N}{MW}国家级(?:各类)?(?:科研|创新|研发)?平台",
    ],
    "provincial": [
        rf"(?:省级|自治区级|省部级)(?:[（(][^）)]{{1,8}}[)）])?(?:及以上)?(?:各类|相关)?(?:科研|创新|研发|科技创新)?(?:平台|载体|基地){N}{MW}",
        rf"{N}{MW}(?:省级|自治区级|省部级)(?:各类)?(?:科研|创新|研发)?平台",
        rf"平台(?:数量|数|个数|情况)[：:，,]?(?:国家级(?:{NUM}){MW}[，,、；;]?)?(?:省级|自治区级|省部级){N}{MW}",
    ],
    # a district's form (永川) counts 市级 platforms where a province's counts 省级 ones
    "provincial_city": [
        rf"市级(?:各类|相关)?(?:科研|创新|研发|科技创新)?(?:平台|载体|基地){N}{MW}",
        rf"{N}{MW}市级(?:各类)?(?:科研|创新|研发)?平台",
    ],
}
_SENT_RX = {k: [re.compile(p) for p in ps] for k, ps in SENTENCE.items()}
# the lead counted apart from the members: 由1家牵头单位和12家成员单位组成 (13 units in all)
_LEAD_PLUS = re.compile(
    rf"(?P<a>{NUM}){MW}牵头(?:单位|企业)(?:和|与|及|、|，|,|以及|加)(?P<b>{NUM}){MW}(?:成员|参与|参建|其他|合作)?单位"
)
# a count sentence must be about the consortium's units or platforms, not new enterprises bred
COUNT_CONTEXT = re.compile(r"成员|联合体|其中|单位|组成|平台|已建")
DISTRACTOR = re.compile(r"培育|新增|孵化|带动|引进|服务|辐射|吸引|计划|拟|力争|预计|将")


@dataclass
class Found:
    value: str
    how: str  # table / table-below / line / sentence
    evidence: str
    score: float


def _match_label(label: str) -> str | None:
    k = label_key(label)
    if not k or len(k) > 40:
        return None
    for field, rx in _LABEL_RX.items():
        if rx.search(k):
            return field
    return None


TITLE_WORDS = re.compile(
    r"院士|教授|研究员|工程师|研究|讲师|博士|主任|总监|经理|董事|总工|所长|院长|校长|高工|农艺师|医师|专家"
)


_HEAD_WORD = re.compile(
    r"序号|姓名|年龄|职务|职称|专业|单位|名称|代码|级别|时间|领域|依托|承担|类型|性质|地位|分工|层级|备注|项目|平台|"
    r"金额|年度|数量|学历|学位|方向|电话|情况|说明|备注"
)


def _header_row(cells: list[str]) -> bool:
    """The header of a table section (序号 | 姓名 | 年龄 | 职务/职称 | 从事专业 …): column names only."""
    ks = [label_key(c) for c in cells if c.strip()]
    if len(ks) < 3:
        return False
    heads = sum(1 for k in ks if len(k) <= 12 and not re.search(r"\d", k) and _HEAD_WORD.search(k))
    return heads >= 0.75 * len(ks)


def _value_ok(field: str, value: str) -> bool:
    v = compact(value)
    if not v:
        return False
    if field == "chief_title":
        return TITLE_WORDS.search(v) is not None
    if field == "person" and re.search(r"秘书处|办公室|办公厅|联络处|联络部|综合部|工作部|中心$|委员会$", v):
        return False  # a body to contact, no person (联系人：联盟秘书处)
    if field == "lead":
        # a unit's name: a 层级 column's 牵头单位 is followed by a code or a description, no name
        from extractors.units import find_units

        return bool(find_units(v))
    if field in NUMERIC:
        # a count, and nothing else (a credit code's digits are not a count)
        return (
            re.fullmatch(rf"(?:{NUM})\s*(?:个|家|所|项|座)?", v) is not None
            and len(v) <= 8
            and to_int(v) is not None
        )
    if field == "consortium_name":
        return re.search(r"联合体|联盟", v) is not None
    if _match_label(v) is not None:
        return False  # the next label, not a value
    return True


_UNIT_CELL = re.compile(r"|[（(]?(?:个|家|人|万元|元|亿元|%|％|单位[：:]?[^）)]{0,4})[)）]?")


def find_fields_in_tables(doc: ReadDocument) -> dict[str, Found]:
    out: dict[str, Found] = {}
    merged: dict[str, Found] = {}
    for t in doc.tables():
        rows = t.rows()
        for r_i, row in enumerate(rows):
            cells = [c.text for c in row]
            header = _header_row(cells)
            # label → value to the right (several pairs in a row), not inside a header row
            for i in range(len(cells) - 1 if not header else 0):
                f = _match_label(cells[i])
                j = i + 1
                if f == "chief_name" and _match_label(cells[j]) == "person_name" and j + 1 < len(cells):
                    j += 1  # 推荐首席专家 | 姓名 | 张三: the sub-label's value
                while f and j + 1 < len(cells) and _UNIT_CELL.fullmatch(compact(cells[j])):
                    j += 1  # 国家级平台 | （个） | 3: the value past an empty or unit cell
                if f and f not in out and _value_ok(f, cells[j]):
                    out[f] = Found(
                        cells[j].strip(), "table", f"{compact(cells[i])}：{cells[j].strip()}", 0.95
                    )
            # a row of labels over a row of values
            if r_i + 1 < len(rows) and len(cells) >= 2:
                labels = [_match_label(c) for c in cells]
                if sum(1 for x in labels if x) >= 2:
                    below = rows[r_i + 1]
                    by_col = {c.col: c.text for c in below}
                    for c, f in zip(row, labels):
                        if f and f not in out and c.col in by_col and _value_ok(f, by_col[c.col]):
                            v = by_col[c.col]
                            out[f] = Found(v.strip(), "table-below", f"{compact(c.text)}：{v.strip()}", 0.9)
            # a cell holding whole label：value lines
            for text in cells:
                if "：" in text or ":" in text:
                    for f, found in find_fields_in_lines(text.split("\n")).items():
                        out.setdefault(f, found)
            # a scan's grid missing a line: the next label and its value run on inside a value's
            # cell (2024年10月29日产业领域绿色有机果蔬)
            if t.prov.source == "ocr":
                for text in cells:
                    m = _MERGED_LABEL.search(compact(text))
                    f = _match_label(m.group(1)) if m else None
                    if m and f and f not in merged:
                        v = compact(text)[m.end() :].lstrip("：:")
                        if v and _value_ok(f, v):
                            merged[f] = Found(v, "table", f"{m.group(1)}：{v}（扫描件中与前一格连读）", 0.8)
    for f, found in merged.items():
        out.setdefault(f, found)  # only where no cell of its own gives the field
    return out


# labels distinctive enough to be told inside another cell's text, after its value
_MERGED_LABEL = re.compile(
    r"(?<=[\d日）)\u4e00-\u9fff])(产业领域|所属领域|联系人|联系方式|联系电话|填报日期|协议生效时间)"
)


_LINE_LABEL = re.compile(r"([\u4e00-\u9fff（）()/、\s]{2,24}?)\s*[：:]")


_SPACED_LABEL = re.compile(r"^([\u4e00-\u9fff（）()/ ]{2,14}?)[ \t\u3000\u2003]{1,}(\S.*)$")


def find_fields_in_lines(lines: list[str]) -> dict[str, Found]:
    """Fields in ``label：value`` lines (several labels on one line split) and in sentences."""
    out: dict[str, Found] = {}
    for i, line in enumerate(lines):
        t = line.strip()
        if not t:
            continue
        after = compact(lines[i + 1]) if i + 1 < len(lines) else ""
        alone = _match_label(t) if len(compact(t)) <= 16 and not re.search(r"[：:]", t) else None
        if alone in _CHECKABLE and alone not in out and _value_ok(alone, after) and _looks_like(alone, after):
            # a label on a line of its own, its value on the next (联合体名称 / 云南省…创新联合体)
            if _match_label(after) is None:
                out[alone] = Found(after, "line-below", f"{compact(t)}：{after}", 0.85)
                continue
        run_in = _run_in_label(t)
        if run_in is not None and run_in[0] not in out:
            out[run_in[0]] = Found(run_in[1], "line", t[:200], 0.85)  # 填报日期2025年8月25日
        if (
            0 < len(after) <= 3
            and re.search(r"(?:联合|联)$", t)
            and re.search(r"(?:联合体|联盟)$", t + after)
        ):
            t += after  # a name wrapped on a cover's line: …创新联合 / 体
        # label：value pieces
        marks: list[tuple[str, int, int]] = []
        for m in _LINE_LABEL.finditer(t):
            g = m.group(1)
            for lab in _label_tails(g, run_in=bool(marks)):
                # where the label itself begins (a value may run into it: 邓霞芳电话：)
                rx = r"\s*".join(re.escape(ch) for ch in lab) + r"\s*$"
                at = re.search(rx, g)
                start = m.start(1) + (at.start() if at else 0)
                if marks and not _value_fits(marks[-1][0], t[marks[-1][2] : start]):
                    continue  # the previous value would lose its end to this label
                marks.append((_match_label(lab) or "", start, m.end()))
                break
        if not marks:
            # a form's label and its value set apart by space alone (联系人  张三)
            spaced = _SPACED_LABEL.match(t)
            named = _match_label(compact(spaced.group(1))) if spaced else None
            if spaced and named:
                marks.append((named, 0, spaced.start(2)))
        for j, (f, _, vstart) in enumerate(marks):
            end = marks[j + 1][1] if j + 1 < len(marks) else len(t)
            value = _balanced(t[vstart:end].strip(" ，,；;。"))
            if f not in out and _value_ok(f, value):
                out[f] = Found(value, "line", t[:200], 0.9)
        # sentences
        ct = compact(t)
        lp = _LEAD_PLUS.search(ct)
        if lp and "members" not in out:
            a, b = to_int(lp.group("a")), to_int(lp.group("b"))
            if a is not None and b is not None:  # 由1家牵头单位和12家成员单位组成: 13 in all
                out["members"] = Found(str(a + b), "sentence", t[:200], 0.75)
        for field, patterns in _SENT_RX.items():
            if field in out:
                continue
            for srx in patterns:
                mm = srx.search(ct)
                if not mm:
                    continue
                clause = re.split(r"[，,；;。]", ct[: mm.start()])[-1] + ct[mm.start() : mm.end()]
                whole = re.split(r"[。；;]", ct[: mm.start()])[-1] + ct[mm.start() : mm.end()]
                if DISTRACTOR.search(clause) or not COUNT_CONTEXT.search(whole):
                    continue
                if to_int(mm.group("n")) is None:
                    continue
                out[field] = Found(mm.group("n"), "sentence", t[:200], 0.75)
                break
    return out


def _balanced(v: str) -> str:
    """A value without a bracket left open or closed by the cut (朱波军（ / 教授）)."""
    v = v.strip()
    while v and v[-1] in "（(":
        v = v[:-1].rstrip()
    if v and v[-1] in "）)" and not re.search(r"[（(]", v):
        v = v[:-1].rstrip()
    return v


def _label_tails(label: str, run_in: bool = False) -> list[str]:
    """The candidate labels in a run of text before a colon, best first. At the start of a line
    the whole run (else its longest tail that is a label: 一、基本情况联合体名称 → 联合体名称);
    after another label's value, where the value runs into the label (邓霞芳联系电话：), every
    tail that is a label, longest first: the caller keeps the first one that leaves the previous
    value whole."""
    lab = compact(label)
    if not run_in:
        # at the start of a line the run is the label, save numbering or a heading before it
        lab = re.sub(r"^(?:[一二三四五六七八九十]+[、.．]|\d+[.．、])", "", lab)
        return [lab] if _match_label(lab) else []
    tails = [lab[-n:] for n in range(min(len(lab), 16), 1, -1) if _match_label(lab[-n:])]
    return tails if run_in else tails[:1]


# fields whose value is known by its look, so that a label standing apart from it (a line of its
# own, or run into it with no colon) can be trusted
_CHECKABLE = {
    "consortium_name",
    "lead",
    "chief_name",
    "person",
    "phone",
    "filing_date",
    "agreement_effective_date",
}


def _run_in_label(t: str) -> tuple[str, str] | None:
    """(field, value) of a line that starts with a label run into its value, no colon between
    (填报日期2025年8月25日, 首席专家梁浩秀（教授级高级工程师）), where the value has the look of
    the field's.

    >>> _run_in_label("填报日期２０２５年８月２５日"), _run_in_label("首席专家梁浩秀（教授级高级工程师）")
    (('filing_date', '２０２５年８月２５日'), ('chief_name', '梁浩秀（教授级高级工程师）'))
    >>> _run_in_label("联系人员应当及时报告")
    """
    c = compact(t)
    if re.search(r"[：:]", c) or len(c) > 60:
        return None
    for n in range(min(len(c) - 1, 12), 1, -1):
        f = _match_label(c[:n])
        if f in _CHECKABLE:
            v = c[n:]
            if _value_ok(f, v) and _looks_like(f, v) and _match_label(v) is None:
                return f, v
            return None
    return None


def _value_fits(field: str, value: str) -> bool:
    """A value is whole: a consortium's name ends as one does, a person's name is a name."""
    v = _balanced(compact(value).strip("，,；;。"))
    if field == "consortium_name":
        return re.search(r"(?:联合体|联盟)$", v) is not None
    if field == "person":
        return re.fullmatch(r"[\u4e00-\u9fff·]{2,5}(?:[（(][^)）]*[)）])?", v) is not None
    if field in NUMERIC:
        return _value_ok(field, v)
    return bool(v)


_NOT_PERSON = re.compile(r"简历|情况|信息|简介|介绍|电话|方式|地址|单位|部门|名称")


def _looks_like(field: str, value: str) -> bool:
    """A value standing apart from its label has the look of the field's (a _CHECKABLE field)."""
    v = _balanced(compact(value).strip("，,；;。"))
    if field == "chief_name":  # a name with its title in brackets: 梁浩秀（教授级高级工程师）
        return re.fullmatch(rf"[\u4e00-\u9fff·]{{2,4}}[（(][^)）]*{TITLES}[^)）]*[)）]", v) is not None
    if field == "person":
        return re.fullmatch(r"[\u4e00-\u9fff·]{2,4}", v) is not None and not _NOT_PERSON.search(v)
    if field == "consortium_name":
        return re.search(r"(?:联合体|联盟)$", v) is not None
    if field in ("filing_date", "agreement_effective_date"):
        return parse_date(v) is not None and len(v) <= 16
    if field == "phone":
        return re.fullmatch(r"[0-9０-９\-－ ()（）]{7,20}", v) is not None
    if field == "lead":
        from extractors.units import is_unit_name

        return is_unit_name(v)
    return False


def document_lines(doc: ReadDocument) -> list[str]:
    out: list[str] = []
    for b in doc.blocks:
        if isinstance(b, Paragraph):
            if b.prov.source in ("header", "footer"):
                continue
            out.extend(x for x in b.text.split("\n") if x.strip())
    return out


def find_fields(doc: ReadDocument) -> dict[str, Found]:
    """Every field of LABELS the document states: tables first, then lines and sentences."""
    out = find_fields_in_tables(doc)
    for f, v in find_fields_in_lines(document_lines(doc)).items():
        out.setdefault(f, v)
    # sentences written in a table's cell (成员数量 | 成员总数6家（含牵头单位），其中企业3家…)
    rows = ["，".join(r) for t in doc.tables() for r in t.row_texts() if len(compact("".join(r))) >= 6]
    for f, v in find_fields_in_lines(rows).items():
        if v.how == "sentence":
            out.setdefault(f, v)
    city = out.pop("provincial_city", None)
    if city is not None and "provincial" not in out:
        out["provincial"] = city
    return out


_UNIT_NOTE = re.compile(r"[（(]\s*(人|名|个|万元|亿元|元|%|％)\s*[)）]")
_YEAR_CELL = re.compile(r"^((?:19|20)\d{2})\s*年?(?:度)?$")


_FIGURE_WORD = re.compile(r"研发|研究开发|收入|营收|人员|强度|经费|投入")


def table_lines(doc: ReadDocument) -> list[str]:
    """Tables read as sentences, for the figures stated in them: a two-cell row as
    "label：value" (a unit noted in the label, 专职研发人员（人）, put after a bare number), a
    row of labels over a row of values likewise, and a row of years over rows of figures as
    "label：2022年X、2023年Y、2024年Z". Long cells (narratives) as they are."""
    out: list[str] = []
    for t in doc.tables():
        # a figure wrapped in its cell (人民币 / 3,500,000 / ,000元; 580 / 7.9万元) read whole
        rows = [
            [re.sub(r"(?<=[\d,.])\s+(?=[\d,.])", "", " ".join(c.text.split())) for c in r] for r in t.rows()
        ]
        years: list[int | None] | None = None
        over = ""
        for r in rows:
            cells = [c for c in r if c.strip()]
            ys = [_YEAR_CELL.match(c) for c in r[1:]]
            if len(r) >= 3 and sum(1 for y in ys if y) >= 2:
                years = [int(y.group(1)) if y else None for y in ys]
                over = r[0]
                continue
            if years is not None and len(r) == len(years) + 1 and r[0].strip():
                unit = _UNIT_NOTE.search(r[0])
                if not _FIGURE_WORD.search(r[0]) and _FIGURE_WORD.search(over):
                    r = [over + r[0], *r[1:]]  # 牵头单位近三年研发投入 | 2021年 … over 金额 | …
                vals = [
                    (f"{y}年" if y else "")
                    + v
                    + (unit.group(1) if unit and re.fullmatch(r"[\d.,，]+", v) else "")
                    for y, v in zip(years, r[1:])
                    if v.strip()
                ]
                out.append(f"{_UNIT_NOTE.sub('', r[0])}：{'、'.join(vals)}。")
                continue
            years = None
            pairs = [(cells[i], cells[i + 1]) for i in range(0, len(cells) - 1, 2)]
            if len(cells) == 2 or (
                len(cells) % 2 == 0 and all(len(lab) <= 16 and not re.search(r"\d", lab) for lab, _ in pairs)
            ):  # label | value, or several pairs in a row (营业收入 | 6.5亿元 | 研发投入强度 | 2.4%)
                for lab, val in pairs:
                    unit = _UNIT_NOTE.search(lab)
                    if unit and re.fullmatch(r"[\d.,，]+", val.strip()):
                        val = val.strip() + unit.group(1)
                    out.append(f"{_UNIT_NOTE.sub('', lab)}：{val}。")
            for c in r:
                if len(c) > 30:
                    out.append(c)
    return out


def first_table_cell(t: Table) -> str:
    return t.cells[0].text if t.cells else ""
