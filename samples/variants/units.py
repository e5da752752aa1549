"""Synthetic units, credit codes, persons and phone numbers.

Every credit code is synthetic but valid under GB 32100-2015 (python-stdnum ``stdnum.cn.uscc``); the
organisation-code part carries its own GB 11714 check character as real codes do. Names are unique
across a corpus and never within two characters of another name of the same length, except where a
cross-consortium case is planted on purpose (``NamePool.near_duplicate``).
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass, field

from name_parts import (
    BRAND_CHARS,
    CITIES,
    GIVEN,
    INSTITUTE_FIELDS,
    OTHER_FORMS,
    PROVINCE_DIV,
    PROVINCE_SHORT,
    SURNAMES,
    UNIVERSITIES,
    UNIVERSITY_DIV,
)
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein
from stdnum.cn import uscc

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # GB 32100 character set (no I O S V Z)


def org_check(body: str) -> str:
    """GB 11714 check character of an 8-character organisation-code body."""
    w = (3, 7, 9, 10, 5, 8, 4, 2)
    total = 0
    for c, wi in zip(body, w):
        v = int(c) if c.isdigit() else ord(c) - 55
        total += v * wi
    c9 = 11 - total % 11
    return "X" if c9 == 10 else ("0" if c9 == 11 else str(c9))


def make_code(rng: random.Random, reg: str, div: str) -> str:
    """A valid 18-character unified social credit code."""
    while True:
        if reg.startswith("9") and rng.random() < 0.65:
            body = "MA" + "".join(rng.choice(ALPHABET[:10] + ALPHABET[10:]) for _ in range(6))
        else:
            body = "".join(rng.choice("0123456789") for _ in range(8))
        chk = org_check(body)
        if chk not in ALPHABET:
            continue
        head = reg + div + body + chk
        code = head + uscc.calc_check_digit(head)
        if uscc.is_valid(code):
            return code


def corrupt_code(rng: random.Random, code: str, how: str) -> str:
    """An 18-character code that fails GB 32100: a wrong check character or a character outside the set."""
    if how == "check":
        good = code[-1]
        bad = rng.choice([c for c in ALPHABET if c != good])
        return code[:-1] + bad
    # a letter outside the GB 32100 set in the organisation part, as mistyped
    pos = rng.randrange(10, 16)
    return code[:pos] + rng.choice("IOSZV") + code[pos + 1 :]


def _norm(name: str) -> str:
    return unicodedata.normalize("NFKC", name).replace("（", "(").replace("）", ")")


def hamming_close(a: str, b: str, limit: int = 2) -> bool:
    if len(a) != len(b):
        return False
    d = 0
    for x, y in zip(a, b):
        if x != y:
            d += 1
            if d > limit:
                return False
    return True


@dataclass
class Unit:
    name: str
    code: str
    kind: str  # enterprise | university | institute | other
    city: str = ""
    tier: str = "general"  # lead | core | close | general
    note: str = ""
    role: str = ""  # task in the consortium (分工)
    extra: dict = field(default_factory=dict)


class NamePool:
    """Hands out unit names unique across the corpus, with no two names within two characters."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.used: set[str] = set()
        self._keys: list[str] = []
        self.univ_left = {k: list(v) for k, v in UNIVERSITIES.items()}
        for v in self.univ_left.values():
            rng.shuffle(v)

    def _ok(self, name: str) -> bool:
        """Not within two edits (after NFKC and brackets unified) of any name already handed out:
        广西大学/广西民族大学, X研究院有限公司/X研究院有限责任公司 would read as one unit written twice."""
        key = _norm(name)
        if key in self._keys:
            return False
        hit = process.extractOne(key, self._keys, scorer=Levenshtein.distance, score_cutoff=2)
        return hit is None

    def take(self, name: str) -> bool:
        if self._ok(name):
            self.used.add(name)
            self._keys.append(_norm(name))
            return True
        return False

    def enterprise(
        self, juris: str, words: list[str], city: str | None = None, forms: tuple[str, ...] | None = None
    ) -> tuple[str, str]:
        rng = self.rng
        cities = CITIES[juris]
        forms = forms or (
            "有限公司",
            "有限责任公司",
            "股份有限公司",
            "集团有限公司",
            "集团股份有限公司",
            "（集团）有限公司",
            "科技有限公司",
        )
        for _ in range(2000):
            c = rng.choice(cities) if city is None else next(x for x in cities if x[0] == city)
            brand = "".join(rng.sample(BRAND_CHARS, 2))
            word = rng.choice(words)
            form = rng.choice(forms)
            if word.endswith("科技") and form == "科技有限公司":
                form = "有限公司"
            prefix = c[0]
            r = rng.random()
            if juris == "yongchuan":
                prefix = rng.choice(["重庆", "重庆永川", "重庆市永川区"]) if r < 0.9 else "永川"
            elif r < 0.25:
                prefix = PROVINCE_SHORT.get(juris, c[0])
            if form == "（集团）有限公司":
                name = f"{prefix}{brand}{word}（集团）有限公司"
            else:
                name = f"{prefix}{brand}{word}{form}"
            if self.take(name):
                return name, rng.choice(c[2])
        raise RuntimeError("enterprise names exhausted")

    def university(self, juris: str, outside_share: float = 0.3) -> tuple[str, str]:
        rng = self.rng
        pools = [juris, "outside"] if rng.random() < outside_share else [juris]
        if juris == "yongchuan" and rng.random() < 0.4:
            pools = ["yongchuan", "outside"]
        for p in pools:
            left = self.univ_left.get(p, [])
            while left:
                name = left.pop()
                if self.take(name):
                    div = UNIVERSITY_DIV.get(name, PROVINCE_DIV.get(juris, "450000"))
                    return name, div
        cities = (
            [x[0] for x in CITIES[juris]] if juris != "yongchuan" else ["重庆", "永川", "渝西", "重庆西部"]
        )
        fields = [
            "理工",
            "科技",
            "工程",
            "工商",
            "信息",
            "交通",
            "建筑",
            "农业",
            "医学",
            "师范",
            "财经",
            "电力",
            "化工",
            "机电",
            "轻工",
            "能源",
            "水利",
            "电子",
            "应用技术",
            "商贸",
            "医药",
            "现代服务",
        ]
        for _ in range(2000):  # fall back to made-up colleges
            city = rng.choice(cities)
            name = f"{city}{rng.choice(fields)}{rng.choice(['学院', '职业技术学院', '高等专科学校', '职业学院'])}"
            if self.take(name):
                return name, PROVINCE_DIV.get(juris, "450000")
        raise RuntimeError("university names exhausted")

    def institute(self, juris: str, fields: list[str] | None = None) -> tuple[str, str]:
        rng = self.rng
        prov = {
            "guangxi": ["广西壮族自治区", "广西"],
            "xinjiang": ["新疆维吾尔自治区", "新疆"],
            "yunnan": ["云南省"],
            "yongchuan": ["重庆市"],
        }[juris]
        for _ in range(2000):
            f = rng.choice((fields or []) + INSTITUTE_FIELDS)
            form = rng.choice(
                [
                    "{p}{f}研究院",
                    "{p}{f}研究所",
                    "{p}{f}科学研究院",
                    "{c}市{f}研究所",
                    "中国科学院{c}{f}研究所",
                    "{p}{f}研究中心",
                ]
            )
            c = rng.choice(CITIES[juris])[0].replace("重庆永川", "永川")
            f2 = f.replace("科学", "科学") if "科学" not in form else f.replace("科学", "")
            if not f2:
                continue
            name = form.format(p=rng.choice(prov), f=f2, c=c)
            if "中国科学院" in name and juris == "yongchuan":
                name = name.replace("中国科学院永川", "中国科学院重庆")
            if self.take(name):
                div = PROVINCE_DIV[juris] if "市" not in name[:6] else rng.choice(CITIES[juris])[1]
                return name, div
        raise RuntimeError("institute names exhausted")

    def other(self, juris: str, fields: list[str]) -> tuple[str, str, str]:
        rng = self.rng
        prov = {
            "guangxi": ["广西壮族自治区", "广西"],
            "xinjiang": ["新疆维吾尔自治区", "新疆"],
            "yunnan": ["云南省", "云南"],
            "yongchuan": ["重庆市永川区", "永川区"],
        }[juris]
        for _ in range(2000):
            pat, reg = rng.choice(OTHER_FORMS)
            name = pat.format(p=rng.choice(prov), f=rng.choice(fields))
            if self.take(name):
                return name, reg, PROVINCE_DIV[juris]
        raise RuntimeError("other names exhausted")


def person(rng: random.Random) -> str:
    s = rng.choice(SURNAMES)
    g = "".join(rng.sample(GIVEN, rng.choice([1, 2, 2])))
    return s + g


def phone(rng: random.Random, juris: str) -> str:
    area = {
        "guangxi": ["0771", "0772", "0773", "0774", "0779", "0775"],
        "xinjiang": ["0991", "0990", "0993", "0996", "0998", "0999"],
        "yunnan": ["0871", "0874", "0877", "0872", "0873"],
        "yongchuan": ["023"],
    }[juris]
    if rng.random() < 0.35:
        return rng.choice(["139", "138", "137", "150", "158", "186", "189", "177"]) + "".join(
            rng.choice("0123456789") for _ in range(8)
        )
    a = rng.choice(area)
    n = 8 if a == "023" else rng.choice([7, 8])
    return a + "-" + rng.choice("2345678") + "".join(rng.choice("0123456789") for _ in range(n - 1))
