"""The corpus of scanned agreements carrying official seals (drawn in seal_drawing.py): where each
unit's name sits on the page, and the sealed scans written with their truth."""

from __future__ import annotations

import datetime as dt
import math
import random
from pathlib import Path

import media
import selfcheck
from corpus import Builder
from docx_writer import render_docx
from files import file_names, order_record, sha
from model import MIN_MEMBERS, new_cons
from plants import plant
from pool import Registry
from records import blank_record
from seal_drawing import draw_seal, stamp
from writers import W


def find_name(pdf: Path, name: str) -> tuple[int, tuple[float, float, float, float]] | None:
    """Last occurrence of the name's start in the PDF: (page index, box in PDF points, origin bottom-left)."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(pdf))
    found = None
    for key in (name, name[:8], name[:6]):
        for i in range(len(doc)):
            tp = doc[i].get_textpage()
            s = tp.search(key, match_case=True)
            while True:
                r = s.get_next()
                if r is None:
                    break
                idx, cnt = r
                boxes = [tp.get_charbox(k) for k in range(idx, idx + cnt)]
                x0 = min(b[0] for b in boxes)
                y0 = min(b[1] for b in boxes)
                x1 = max(b[2] for b in boxes)
                y1 = max(b[3] for b in boxes)
                found = (i, (x0, y0, x1, y1), doc[i].get_height())
        if found:
            break
    doc.close()
    return found


def rot_box(box, angle, w, h):
    """Box after PIL's rotate(angle) about the page centre."""
    cx, cy = w / 2, h / 2
    t = math.radians(angle)
    pts = []
    for x, y in [(box[0], box[1]), (box[2], box[1]), (box[0], box[3]), (box[2], box[3])]:
        dx, dy = x - cx, y - cy
        pts.append((cx + dx * math.cos(t) + dy * math.sin(t), cy - dx * math.sin(t) + dy * math.cos(t)))
    xs, ys = [p[0] for p in pts], [p[1] for p in pts]
    return (max(0, min(xs)) / w, max(0, min(ys)) / h, min(w, max(xs)) / w, min(h, max(ys)) / h)


SEAL_SCENARIOS = [
    ("xinjiang", (2023, 2026), ["seal_missing"]),
    ("guangxi", (2025, 2026), ["seal_mismatch_parent"]),
    ("yunnan", (2023, 2026), ["seal_missing", "seal_mismatch_member"]),
    ("yongchuan", (2023, 2026), ["signature_missing"]),
    ("guangxi", (2022, 2024), ["seal_missing", "code_invalid"]),
    ("xinjiang", (2023, 2026), ["seal_mismatch_parent"]),
    ("yunnan", (2023, 2026), []),
    ("yongchuan", (2023, 2026), ["seal_missing"]),
]


def build(out: Path, seed: int, k: int) -> None:
    rng = random.Random(seed * 7919 + 17)
    b = Builder(out, seed)
    b.rng = rng
    b.reg = Registry(rng)
    reg = b.reg
    rows = (SEAL_SCENARIOS * 3)[:k]
    n_flags = {"SEAL_MISSING": 0, "SEAL_MISMATCH": 0}
    for i, (juris, years, plants) in enumerate(rows, 1):
        year = rng.randrange(years[0], years[1] + 1)
        ind, n_units = rng.randrange(7), rng.randrange(6, 11)
        n_units = max(n_units, MIN_MEMBERS[juris] + 1)  # clearly above the minimum (广西: 8)
        c = new_cons(rng, reg, f"S{i:02d}", juris, ind, year, n_units=n_units)
        if juris == "guangxi" and years[0] >= 2025 and c.filing.year < 2025:
            c.filing = c.filing.replace(year=2025)
        c.effective = c.filing - dt.timedelta(days=rng.randrange(12, 80))
        c.docs = {
            "guangxi": ["application", "agreement"],
            "yongchuan": ["application", "agreement", "plan"],
        }.get(juris, ["application", "agreement", "plan"])
        seal_missing, seal_mismatch = set(), {}
        for p in plants:
            if p == "seal_missing":
                u = rng.choice(
                    [x for x in c.units[1:] if x.name not in seal_missing and x.name not in seal_mismatch]
                )
                seal_missing.add(u.name)
                c.plants.append(p)
                c.notes.append(f"签章页{u.name}处没有盖章")
            elif p == "seal_mismatch_parent":
                u = rng.choice(
                    [x for x in c.units[1:] if x.kind == "enterprise" and x.name not in seal_missing]
                )
                brand_city = u.city
                parent = None
                for _ in range(50):
                    nm, _, _ = reg.company(juris, ["集团", "控股", "投资"])
                    if nm.endswith(("集团有限公司", "有限公司")):
                        parent = nm
                        break
                # the parent carries the unit's place and brand: rename the parent after the unit
                brand = (
                    u.name[len(brand_city) : len(brand_city) + 2]
                    if u.name.startswith(brand_city)
                    else u.name[2:4]
                )
                cand = f"{brand_city}{brand}控股集团有限公司"
                if reg.ok(cand):
                    reg.names.remove(parent)
                    parent = reg.take(cand)
                seal_mismatch[u.name] = parent
                c.plants.append(p)
                c.notes.append(f"{u.name}处盖的是其母公司{parent}的公章")
            elif p == "seal_mismatch_member":
                u = [x for x in c.units[1:] if x.name not in seal_missing][-1]
                other = rng.choice([x for x in c.units[1:] if x is not u])
                seal_mismatch[u.name] = other.name
                c.plants.append(p)
                c.notes.append(f"{u.name}处盖的是另一成员{other.name}的公章")
            else:
                plant(rng, reg, c, p)
        c.seal_missing, c.seal_mismatch = seal_missing, seal_mismatch
        b.submission_cons = getattr(b, "submission_cons", []) + [c]
    for c in b.submission_cons:
        write_sealed(b, c, rng, n_flags)
    for c in b.submission_cons:
        b.submission_entry(c)
    selfcheck.check(b.submission_cons, b.submissions, b.documents, b.cross)  # raises on any disagreement
    b.write_truth({"seals": True, "agreement_format": "scan"})
    print(
        f"wrote {len(b.documents)} documents in {len(b.submissions)} submissions to {out} "
        f"({n_flags['SEAL_MISSING']} SEAL_MISSING, {n_flags['SEAL_MISMATCH']} SEAL_MISMATCH)"
    )


def write_sealed(b: Builder, c, rng: random.Random, n_flags: dict) -> None:
    w = W(c, rng)
    w.sig_forms = ["table", "blocks", "twocol", "lines"]
    w.no_spacing = True
    w.sig_tall = True
    names = file_names(rng, c)
    sdir = b.out / c.sid
    sdir.mkdir(parents=True, exist_ok=True)
    for kind in ["application", "plan"]:
        if kind in c.docs:
            d, rec = w.application() if kind == "application" else w.plan()
            b.pending.append((c, kind, d, rec, rng.choice(["docx", "pdf", "pdf_rl"]), sdir / names[kind]))
    b.flush()
    # the agreement: born-digital first, then sealed and scanned
    d, rec = w.agreement()
    base = sdir / names["agreement"]
    docx = base.with_suffix(".docx")
    render_docx(d, docx)
    media.soffice_convert([docx], "pdf")
    pdf = base.with_suffix(".pdf")
    signers = [u for u in c.units if u.name not in c.agr_omit and u.name not in c.sig_omit]
    places = {}
    for u in signers:
        f = find_name(pdf, c.wname(u))
        if f is None:
            raise RuntimeError(f"cannot find {u.name} in {pdf}")
        places[u.name] = f
    seal_pages = {places[u.name][0] for u in signers}
    seals_truth = []

    def overlay(i, im, dpi, angle):
        scale = dpi / 72
        for u in signers:
            pi, (x0, y0, x1, y1), ph = places[u.name]
            if pi != i or u.name in c.seal_missing:
                continue
            text = c.seal_mismatch.get(u.name, u.name)
            kind = u.kind
            shape = "oval" if kind == "enterprise" and rng.random() < 0.15 else "round"
            star = not (kind in ("university", "institute") and rng.random() < 0.5)
            contract = kind == "enterprise" and rng.random() < 0.35
            number = "".join(str(rng.randrange(10)) for _ in range(13)) if rng.random() < 0.45 else None
            seal = draw_seal(text, dpi, rng, shape, star, contract, number)
            # over the printed name, a little to its right or centred on it
            cx = (x0 + (x1 - x0) * rng.uniform(0.45, 0.95)) * scale
            cy = (ph - (y0 + y1) / 2) * scale + rng.uniform(-0.1, 0.1) * seal.height
            box = stamp(im, seal, cx, cy)
            fb = rot_box(box, angle, im.width, im.height)
            seals_truth.append(
                {"unit": c.wname(u), "text": text, "page": i + 1, "bbox": [round(v, 4) for v in fb]}
            )
        return im

    scan = base.with_suffix(".pdf")
    tmp = base.parent / (base.name + ".born.pdf")
    pdf.rename(tmp)
    pages, dpi = media.scan_pdf(tmp, scan, rng, colour_pages=seal_pages, overlay=overlay)
    tmp.unlink()
    docx.unlink()
    seals_truth.sort(key=lambda s: (s["page"], s["bbox"][1] + s["bbox"][3]))
    rel = str(scan.relative_to(b.out))
    for u in signers:
        nm = c.wname(u)
        if u.name in c.seal_missing:
            rec["flags"].append(
                {
                    "code": "SEAL_MISSING",
                    "severity": "error",
                    "message": "签章页该单位处未加盖公章",
                    "unit": nm,
                    "evidence": None,
                    "match": [nm],
                }
            )
            n_flags["SEAL_MISSING"] += 1
        elif u.name in c.seal_mismatch:
            rec["flags"].append(
                {
                    "code": "SEAL_MISMATCH",
                    "severity": "error",
                    "message": "签章页该单位处所盖公章的单位名称与该单位不符",
                    "unit": nm,
                    "evidence": c.seal_mismatch[u.name],
                    "match": [nm],
                }
            )
            n_flags["SEAL_MISMATCH"] += 1
    for f in rec["flags"]:
        f.setdefault("consortium", c.name)
        f["document"] = rel
    h = sha(scan)
    rec["source"] = {"path": rel, "sha256": h, "media_type": "pdf", "pages": pages, "ocr_used": True}
    rec["extra"] = {"seals": seals_truth}
    b.documents.append(
        {
            "path": rel,
            "sha256": h,
            "submission": c.sid,
            "family": "S",
            "style": "H",
            "format": "scan",
            "bad_kind": None,
            "record": order_record(rec),
        }
    )
    _ = blank_record
