#!/usr/bin/env python3
"""How many instances of each category of variation a generated corpus holds (from the
`variants` its truth.json records per document), and its expected flags.

    python samples/blind2/stats.py /work/corpora/blind2-dev
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path


def main(corpus: str) -> None:
    t = json.loads((Path(corpus) / "truth.json").read_text(encoding="utf-8"))
    cats: dict[str, Counter] = {}

    def add(cat, key):
        cats.setdefault(cat, Counter())[key] += 1

    for d in t["documents"]:
        kind = d["record"]["doc_type"]
        add("7 media", d["format"] if d["format"] != "bad" else f"bad:{d['bad_kind']}")
        for v in d["variants"]:
            if v.startswith("signature:"):
                parts = v.split(" ")
                add("1 signature block", parts[0].split(":")[1])
                if len(parts) > 1:
                    for ds in parts[1].split(":")[1].split(","):
                        add("1 signature dates", ds)
            elif v.startswith("chief:"):
                add(f"2 chief ({kind})", v.split(":")[1])
            elif v.startswith("chief distractors") or v.startswith("distractor:技术负责人"):
                add("2 chief distractors", v)
            elif v.startswith("counts"):
                add("3 declared counts", f"{kind}:{v}")
            elif v.startswith("members:"):
                add(f"4 member list ({kind})", v.split(":", 1)[1])
            elif v.startswith("participants"):
                add("4 member list (agreement)", v)
            elif v.startswith(("filing_date", "effective")):
                add("5 dates", f"{kind}:{v}")
            elif v.startswith(("revenue", "staff", "percent", "近三年", "distractor", "self-funding")):
                add("5 figures/distractors", v)
            elif v.startswith(("layout", "team", "no cover", "cover")):
                add("5 layout", f"{kind}:{v}")
            elif v.startswith(("clause numbering", "merged heading", "integrity by content")):
                add("6 clauses", v)
            elif v.startswith(("legacy", "traditional", "struck")):
                add("8 legacy", v.split(" not")[0] if v.startswith("struck") else v)
            else:
                add("other", v)
    tricky = Counter()
    for s in t["submissions"]:
        for m in s["members"]:
            n = m["name"]
            for key, word in (
                ("研究院有限公司 (enterprise)", "研究院有限公司"),
                ("医院 (other)", "医院"),
                ("检验检测/服务中心 (other)", "中心"),
                ("协会/学会/联合会/促进会 (other)", "会"),
                ("职业技术学院/高专 (university)", "职业"),
                ("管委会 (other)", "管理委员会"),
            ):
                if (
                    word in n
                    and (key != "检验检测/服务中心 (other)" or m["kind"] == "other")
                    and (key != "协会/学会/联合会/促进会 (other)" or m["kind"] == "other")
                ):
                    tricky[key] += 1
            if m["kind"] == "institute" and n.endswith(("院", "所")):
                tricky["事业单位 research institute"] += 1
    cats["3 easy-to-misclassify units"] = tricky
    for c in sorted(cats):
        print(c)
        for k, v in cats[c].most_common():
            print(f"   {v:3d}  {k}")
    fl = Counter()
    for d in t["documents"]:
        for f in d["record"]["flags"]:
            fl[f["code"]] += 1
    for s in t["submissions"]:
        for f in s["flags"]:
            fl[f["code"]] += 1
    print("expected flags:", dict(sorted(fl.items())))
    print("plants:", dict(sorted(Counter(p for s in t["submissions"] for p in s["plants"]).items())))


if __name__ == "__main__":
    main(sys.argv[1])
