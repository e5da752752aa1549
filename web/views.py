"""What the pages show beyond the review service: a document page as an image, the charts' data."""

from __future__ import annotations

import io
from typing import Any

from sqlalchemy import select

from models.tables import Consortium, FlagRow, Membership, Unit
from pipeline.registry import Registry


def page_png(data: bytes, media_type: str, page: int, max_side: int = 1600) -> bytes:
    """Page `page` (1-based) of a PDF or an image as a PNG no larger than `max_side`."""
    from PIL import Image, ImageOps

    if media_type == "pdf":
        import pypdfium2 as pdfium

        from extractors.readers.pdfium_lock import PDFIUM

        with PDFIUM:  # PDFium is not thread-safe, and the server answers from several threads
            pdf = pdfium.PdfDocument(data)
            try:
                if not 1 <= page <= len(pdf):
                    raise IndexError(page)
                p = pdf[page - 1]
                w, h = p.get_size()
                bitmap = p.render(scale=max_side / max(w, h))
                img = bitmap.to_pil().copy()
                bitmap.close()
                p.close()
            finally:
                pdf.close()
    elif media_type == "image":
        im = Image.open(io.BytesIO(data))
        n = getattr(im, "n_frames", 1)
        if not 1 <= page <= n:
            raise IndexError(page)
        im.seek(page - 1)
        img = ImageOps.exif_transpose(im.convert("RGB"))
        img.thumbnail((max_side, max_side))
    else:
        raise IndexError(page)
    buf = io.BytesIO()
    img.convert("RGB").save(buf, "PNG", optimize=False)
    return buf.getvalue()


def fraction_box(box: str) -> tuple[float, float, float, float] | None:
    """`x0,y0,x1,y1` as fractions of a page (0..1, a box of some size), or None."""
    try:
        vals = [float(x) for x in box.split(",")]
    except ValueError:
        return None
    if len(vals) != 4 or not all(0.0 <= v <= 1.0 for v in vals):
        return None
    x0, y0, x1, y1 = vals
    if x1 - x0 < 0.005 or y1 - y0 < 0.005:
        return None
    return x0, y0, x1, y1


def crop_png(page: bytes, box: tuple[float, float, float, float], max_side: int = 240) -> bytes:
    """The piece `box` (fractions) of a page PNG, with a small margin, as a PNG no larger than
    `max_side`."""
    from PIL import Image

    img = Image.open(io.BytesIO(page)).convert("RGB")
    w, h = img.size
    x0, y0, x1, y1 = box
    mx, my = 0.1 * (x1 - x0), 0.1 * (y1 - y0)
    piece = img.crop(
        (
            max(0, int((x0 - mx) * w)),
            max(0, int((y0 - my) * h)),
            min(w, int((x1 + mx) * w) + 1),
            min(h, int((y1 + my) * h) + 1),
        )
    )
    piece.thumbnail((max_side, max_side))
    buf = io.BytesIO()
    piece.save(buf, format="PNG", optimize=True)
    return buf.getvalue()


def flags_by_rule(reg: Registry) -> dict[str, Any]:
    """Open flags counted by code and jurisdiction."""
    with reg.Session() as s:
        juris = {c.name: c.jurisdiction for c in s.scalars(select(Consortium))}
        counts: dict[str, dict[str, int]] = {}
        for f in s.scalars(select(FlagRow).where(FlagRow.status == "open")):
            j = juris.get(f.consortium or "", "unknown")
            counts.setdefault(f.code, {}).setdefault(j, 0)
            counts[f.code][j] += 1
    jurisdictions = sorted({j for c in counts.values() for j in c})
    rows = sorted(counts.items(), key=lambda kv: -sum(kv[1].values()))
    top = max((sum(c.values()) for _, c in rows), default=1)
    return {"rows": rows, "jurisdictions": jurisdictions, "max": top}


def shared_units(reg: Registry, width: int = 1100, height: int = 600) -> dict[str, Any]:
    """The network of units that belong to more than one current consortium, with those consortia;
    units named by an open cap flag are marked. Positions from networkx's spring layout."""
    import networkx as nx

    with reg.Session() as s:
        rows = s.execute(
            select(Membership.unit_id, Membership.consortium_id, Membership.tier).where(
                Membership.current.is_(True)
            )
        ).all()
        by_unit: dict[int, dict[int, str]] = {}
        for uid, cid, tier in rows:
            by_unit.setdefault(uid, {})[cid] = tier
        shared = {u: cs for u, cs in by_unit.items() if len(cs) > 1}
        cons_ids = {c for cs in shared.values() for c in cs}
        cons = {c.id: c for c in s.scalars(select(Consortium).where(Consortium.id.in_(cons_ids)))}
        units = {u.id: u for u in s.scalars(select(Unit).where(Unit.id.in_(list(shared))))}
        capped = {
            f.unit
            for f in s.scalars(
                select(FlagRow).where(
                    FlagRow.status == "open", FlagRow.code.in_(["MEMBER_CAP_EXCEEDED", "LEAD_CAP_EXCEEDED"])
                )
            )
            if f.unit
        }
    g: Any = nx.Graph()
    for u, cs in shared.items():
        for c, tier in cs.items():
            g.add_edge(f"u{u}", f"c{c}", lead=tier == "lead")
    if not g.nodes:
        return {"nodes": [], "edges": [], "width": width, "height": height}
    pos = nx.spring_layout(g, seed=7)
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)

    def sx(v: float) -> float:
        return 40 + (v - x0) / ((x1 - x0) or 1) * (width - 300)  # room for labels on the right

    def sy(v: float) -> float:
        return 40 + (v - y0) / ((y1 - y0) or 1) * (height - 80)

    nodes = []
    for n, (x, y) in pos.items():
        if n.startswith("u"):
            unit = units[int(n[1:])]
            names = {unit.canonical_name}
            nodes.append(
                {
                    "id": n,
                    "kind": "unit",
                    "label": unit.canonical_name,
                    "x": sx(x),
                    "y": sy(y),
                    "capped": bool(names & capped),
                    "degree": g.degree[n],
                }
            )
        else:
            cn = cons[int(n[1:])]
            nodes.append(
                {"id": n, "kind": "consortium", "label": cn.name, "x": sx(x), "y": sy(y), "capped": False}
            )
    at = {n["id"]: n for n in nodes}
    edges = [
        {"x1": at[a]["x"], "y1": at[a]["y"], "x2": at[b]["x"], "y2": at[b]["y"], "lead": d.get("lead")}
        for a, b, d in g.edges(data=True)
    ]
    return {"nodes": nodes, "edges": edges, "width": width, "height": height}
