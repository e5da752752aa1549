"""Synthetic units, credit codes, people and industries (all invented; codes valid under GB 32100-2015)."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from pool_words import B1, B2, GIVEN, INST_TPL, OTHER_TPL, PLACES, PROV, SURN, UNI_STEMS
from stdnum.cn import uscc

ALPHA = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def org_code(rng: random.Random, modern: bool) -> str:
    """GB 11714 organisation code (8 chars + check)."""
    if modern:
        body = "MA" + "".join(rng.choice("0123456789ABCDEFGHJKLMNPQRTUWXY") for _ in range(6))
    else:
        body = "".join(rng.choice("0123456789") for _ in range(8))
    w = [3, 7, 9, 10, 5, 8, 4, 2]
    val = lambda ch: int(ch) if ch.isdigit() else ord(ch) - 55  # noqa: E731
    c = 11 - sum(val(ch) * wi for ch, wi in zip(body, w)) % 11
    chk = "X" if c == 10 else ("0" if c == 11 else str(c))
    return body + chk


def kind_by_name(name: str, kind: str) -> str:
    """The kind the truth gives a unit: as the official devset does, any company (有限公司, 股份有限公司...)
    is an enterprise, whatever role it plays (a venture-capital company drawn as a service body included)."""
    return "enterprise" if name.endswith("公司") else kind


def make_code(rng: random.Random, kind: str, div: str) -> str:
    head = {
        "enterprise": "91",
        "university": "12",
        "institute": "12",
        "other": rng.choice(["12", "51", "52"]),
    }[kind]
    if kind == "other" and "公司" in div:  # never; placeholder for clarity
        head = "91"
    for _ in range(100):
        body = head + div + org_code(rng, modern=(head == "91" and rng.random() < 0.7))
        if all(c in ALPHA for c in body):
            code = body + uscc.calc_check_digit(body)
            assert uscc.is_valid(code)
            return code
    raise RuntimeError("no code")


def break_code(rng: random.Random, code: str) -> str:
    """Same code with a wrong check character (a typing slip)."""
    alts = [c for c in ALPHA if c != code[-1]]
    bad = code[:-1] + rng.choice(alts)
    assert not uscc.is_valid(bad)
    return bad


def lev(a: str, b: str) -> int:
    if abs(len(a) - len(b)) > 2:
        return 3
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


@dataclass
class Unit:
    name: str
    kind: str  # enterprise university institute other
    code: str  # true, valid code
    juris: str
    city: str
    tier: str = "unspecified"
    note: str = ""
    parent: str | None = None  # a parent company's name (for seal mismatches)
    extra: dict = field(default_factory=dict)


class Registry:
    """Hands out names that are unique and never within two edits of each other."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.names: list[str] = []
        self.used_uni: set[str] = set()
        self.people: set[str] = set()

    def ok(self, name: str) -> bool:
        return all(lev(name, n) > 2 for n in self.names)

    def take(self, name: str) -> str:
        self.names.append(name)
        return name

    def company(self, juris: str, words: list[str], local: bool = True) -> tuple[str, str, str]:
        rng = self.rng
        for _ in range(500):
            city, div = rng.choice(PLACES[juris if local else "out"])
            brand = rng.choice(B1) + rng.choice(B2)
            word = rng.choice(words)
            suf = rng.choice(
                [
                    "有限公司",
                    "股份有限公司",
                    "有限责任公司",
                    "集团有限公司",
                    "科技有限公司",
                    "集团股份有限公司",
                ]
            )
            if suf == "科技有限公司" and "科技" in word:
                suf = "有限公司"
            pre = city
            if juris in ("guangxi", "xinjiang", "yunnan") and local and rng.random() < 0.25:
                pre = PROV[juris][0]
                div = div[:2] + "0100" if juris != "xinjiang" else div
            if juris == "xinjiang" and local and rng.random() < 0.15:
                pre = f"新疆{brand}（{city}）"
                name = pre + word + suf
            else:
                name = pre + brand + word + suf
            if self.ok(name):
                return self.take(name), div, city
        raise RuntimeError("names exhausted")

    def university(self, juris: str, local: bool = True) -> tuple[str, str, str]:
        rng = self.rng
        src = UNI_STEMS[juris if local else "out"]
        cands = [u for u in src if u not in self.used_uni and self.ok(u)]
        if not cands:
            places = PLACES[juris if local else "out"]
            for _ in range(300):
                city, div = rng.choice(places)
                city = city.replace("重庆永川", "永川")
                name = (
                    city
                    + rng.choice(
                        ["理工", "工程", "科技", "职业技术", "应用技术", "工业", "农业", "交通", "信息"]
                    )
                    + rng.choice(["学院", "大学", "职业学院"])
                )
                if self.ok(name) and name not in self.used_uni:
                    self.used_uni.add(name)
                    return self.take(name), div, city
            raise RuntimeError("universities exhausted")
        name = rng.choice(cands)
        self.used_uni.add(name)
        places = PLACES[juris if local else "out"]
        city, div = places[0] if local else rng.choice(places)
        for c, d in places:
            if c in name:
                city, div = c, d
        return self.take(name), div, city

    def institute(self, juris: str, fieldw: str, tpl: list[str] | None = None) -> tuple[str, str, str]:
        rng = self.rng
        for _ in range(300):
            t = rng.choice(tpl or INST_TPL)
            city, div = rng.choice(PLACES[juris])
            p = PROV[juris][0] if rng.random() < 0.6 else city
            if juris == "yongchuan":
                p = "重庆市" if rng.random() < 0.5 else "重庆永川"
            name = t.format(p=p, f=fieldw, c=city)
            if p == "重庆永川":
                div = "500118"
            elif p == PROV[juris][0] or p == "重庆市":
                div = PROV[juris][2]
            if self.ok(name):
                return self.take(name), div, city
        raise RuntimeError("institutes exhausted")

    def other(self, juris: str, fieldw: str) -> tuple[str, str, str]:
        return self.institute(juris, fieldw, OTHER_TPL)

    def person(self) -> str:
        rng = self.rng
        for _ in range(1000):
            n = rng.choice(SURN) + "".join(rng.choice(GIVEN) for _ in range(rng.choice([1, 2, 2])))
            if n not in self.people:
                self.people.add(n)
                return n
        raise RuntimeError("people exhausted")
