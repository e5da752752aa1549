"""What the pages show beyond the review service: a document page as an image, the charts' data."""

from __future__ import annotations

import io
from typing import Any

from sqlalchemy import select

from models.tables import Consortium, FlagRow, Membership, Unit
from pipeline.registry import Registry


class PageRefused(Exception):
    """The page is not rendered: no such page, not a PDF or image, or over the pixel cap."""


def page_png(
    data: bytes, media_type: str, page: int, max_side: int = 1600, max_pixels: int | None = None
) -> bytes:
    """Page `page` (1-based) of a PDF or an image as a PNG no larger than `max_side`. An image
    over INTAKE_MAX_IMAGE_PIXELS is refused before it is decoded (the pipeline refuses it too); a
    JPEG is decoded already shrunk (Image.draft), a PDF page rendered at the scale it is shown."""
    from PIL import Image, ImageOps

    from extractors.limits import Limits

    cap = max_pixels or Limits.from_env().max_image_pixels
    if media_type == "pdf":
        import pypdfium2 as pdfium

        from extractors.readers.pdfium_lock import PDFIUM

        with PDFIUM:  # PDFium is not thread-safe, and the server answers from several threads
            pdf = pdfium.PdfDocument(data)
            try:
                if not 1 <= page <= len(pdf):
                    raise PageRefused("没有这一页")
                p = pdf[page - 1]
                w, h = p.get_size()
                if w <= 0 or h <= 0:
                    raise PageRefused("页面尺寸无效")
                bitmap = p.render(scale=min(max_side / max(w, h), 4.0))
                img = bitmap.to_pil().copy()
                bitmap.close()
                p.close()
            finally:
                pdf.close()
    elif media_type == "image":
        Image.MAX_IMAGE_PIXELS = None  # the cap is checked here, on the header, before decoding
        im: Any = Image.open(io.BytesIO(data))
        w, h = im.size
        if w * h > cap:
            raise PageRefused(f"图像 {w}×{h} 像素，超过 {cap} 像素的上限，不予显示")
        n = getattr(im, "n_frames", 1)
        if not 1 <= page <= n:
            raise PageRefused("没有这一页")
        im.seek(page - 1)
        if im.size[0] * im.size[1] > cap:
            raise PageRefused("图像超过像素上限，不予显示")
        im.draft("RGB", (max_side, max_side))  # JPEG: decoded at 1/2, 1/4 or 1/8 scale
        im.load()
        factor = max(1, min(im.size) // max_side, max(im.size) // (2 * max_side))
        if factor > 1:
            im = im.reduce(factor)
        img = ImageOps.exif_transpose(im.convert("RGB"))
        img.thumbnail((max_side, max_side))
    else:
        raise PageRefused("此类文件没有页面图像")
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
    with reg.Read() as s:
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


MAX_NODES = 400  # drawn at most: a larger network is unreadable, and networkx needs scipy from 500


def shared_units(reg: Registry, width: int = 1100, height: int = 600) -> dict[str, Any]:
    """The network of units that belong to more than one current consortium, with those consortia;
    units named by an open cap flag are marked. Positions from networkx's spring layout (numpy
    only). At most MAX_NODES nodes are drawn: units over a cap first, then the most shared."""
    import networkx as nx

    with reg.Read() as s:
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
    order = sorted(shared, key=lambda u: (units[u].canonical_name not in capped, -len(shared[u]), u))
    drawn_cons: set[int] = set()
    drawn_units = 0
    for u in order:
        more = {c for c in shared[u] if c not in drawn_cons}
        if g.number_of_nodes() + 1 + len(more) > MAX_NODES:
            continue
        drawn_cons |= more
        drawn_units += 1
        for c, tier in shared[u].items():
            g.add_edge(f"u{u}", f"c{c}", lead=tier == "lead")
    total = {"units": len(shared), "consortia": len(cons_ids), "drawn_units": drawn_units}
    if not g.nodes:
        return {"nodes": [], "edges": [], "width": width, "height": height, "total": total}
    pos = nx.spring_layout(g, seed=7, method="force")
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
    return {"nodes": nodes, "edges": edges, "width": width, "height": height, "total": total}
