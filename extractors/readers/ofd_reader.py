"""Reader for OFD files (GB/T 33190-2016, the state's fixed-layout format): a zip whose OFD.xml
names each document's Document.xml, which lists its pages (Pages/Page_N/Content.xml) and their
templates. Text is read from the pages' TextObject / TextCode elements with their positions
(millimetres in OFD, carried as points here like PDF), grouped into lines by baseline and joined
into paragraphs as the PDF reader joins them. A page with no text but images (a scanned OFD) is
composed from its images and read by OCR."""

from __future__ import annotations

import io
import posixpath
import zipfile
from typing import Any

from extractors.errors import CorruptFile, EmptyFile, OcrFailed, TooLarge
from extractors.limits import Limits
from extractors.readers.docx_package import open_package
from extractors.readers.lines import Line, lines_to_paragraphs
from extractors.readers.ocr_call import OcrFn, failed, read_page_image
from extractors.readers.page_flow import flow_pages
from models.document import BBox, Paragraph, Provenance, ReadDocument, Table

MM = 72 / 25.4  # points per millimetre


def _local(el: Any) -> str:
    t = el.tag
    return t.rsplit("}", 1)[-1] if isinstance(t, str) else ""


def _children(el: Any, name: str) -> list[Any]:
    return [c for c in el.iterchildren() if _local(c) == name]


def _first(el: Any, name: str) -> Any | None:
    for c in el.iter():
        if _local(c) == name:
            return c
    return None


def _nums(s: str | None) -> list[float]:
    out: list[float] = []
    for tok in (s or "").replace(",", " ").split():
        try:
            out.append(float(tok))
        except ValueError:
            continue
    return out


class _Ofd:
    def __init__(self, z: zipfile.ZipFile) -> None:
        self.z = z
        self.names = {n.lstrip("/") for n in z.namelist()}

    def path(self, base_dir: str, loc: str) -> str:
        loc = (loc or "").strip()
        if loc.startswith("/"):
            return posixpath.normpath(loc.lstrip("/"))
        return posixpath.normpath(posixpath.join(base_dir, loc))

    def xml(self, name: str) -> Any | None:
        from lxml import etree

        if name not in self.names:
            return None
        parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
        try:
            return etree.fromstring(self.z.read(name), parser)
        except etree.XMLSyntaxError as e:
            raise CorruptFile(f"malformed OFD XML in {name}: {e}") from e


def _text_lines(*contents: Any) -> list[Line]:
    """Every TextCode of a page (layers, page blocks, nested; its templates given with it) as
    (text, box), then lines. A piece drawn twice at one place (a template's labels in two layers,
    a template laid under a page that repeats it) is read once."""
    pieces: list[tuple[str, BBox, float]] = []
    drawn: set[tuple[str, int, int]] = set()
    for obj in (o for content in contents for o in content.iter()):
        if _local(obj) != "TextObject":
            continue
        bx, by, _bw, _bh = (_nums(obj.get("Boundary")) + [0, 0, 0, 0])[:4]
        size = float(obj.get("Size") or 3.5)
        ctm = _nums(obj.get("CTM"))
        sx = ctm[0] if len(ctm) == 6 and ctm[0] else 1.0
        for code in _children(obj, "TextCode"):
            text = code.text or ""
            if not text.strip():
                continue
            x = float(code.get("X") or 0) * sx
            y = float(code.get("Y") or 0) * (ctm[3] if len(ctm) == 6 and ctm[3] else 1.0)
            dx = _nums(code.get("DeltaX").replace("g", " ") if code.get("DeltaX") else "")
            adv = sum(dx[: len(text) - 1]) if dx else size * (len(text) - 1)
            x0 = (bx + x) * MM
            base = (by + y) * MM
            h = size * MM * (abs(ctm[3]) if len(ctm) == 6 and ctm[3] else 1.0)
            key = (text, round(x0 / 2), round(base / 2))  # the same text within a couple of points
            if key in drawn:
                continue
            drawn.add(key)
            pieces.append((text, (x0, base - h, x0 + (adv * sx + size) * MM, base), h))
    pieces.sort(key=lambda p: (p[1][3], p[1][0]))
    lines: list[list[tuple[str, BBox, float]]] = []
    for p in pieces:
        if lines and abs(lines[-1][0][1][3] - p[1][3]) <= 0.4 * p[2]:
            lines[-1].append(p)
        else:
            lines.append([p])
    out: list[Line] = []
    for ln in lines:
        ln.sort(key=lambda p: p[1][0])
        text = ""
        prev: BBox | None = None
        for t, b, h in ln:
            if prev is not None and b[0] - prev[2] > 1.5 * h:
                text += " "
            text += t
            prev = b
        box: BBox = (
            ln[0][1][0],
            min(b[1] for _, b, _ in ln),
            max(b[2] for _, b, _ in ln),
            max(b[3] for _, b, _ in ln),
        )
        out.append((text, box))
    return out


def _annotation_files(ofd: _Ofd, doc_dir: str, doc: Any) -> dict[str, str]:
    """Page ID → the part holding that page's annotations (Document.xml's Annotations list)."""
    ann = _first(doc, "Annotations")
    if ann is None or not (ann.text or "").strip():
        return {}
    name = ofd.path(doc_dir, ann.text)
    listing = ofd.xml(name)
    if listing is None:
        return {}
    out: dict[str, str] = {}
    for page in (e for e in listing.iter() if _local(e) == "Page"):
        loc = _first(page, "FileLoc")
        if loc is not None and loc.text:
            out[page.get("PageID") or ""] = ofd.path(posixpath.dirname(name), loc.text)
    return out


def _annotations(ofd: _Ofd, name: str | None, page_no: int) -> list[Paragraph]:
    """A page's annotations that show text (a watermark, a stamp's words, a note), each text once,
    as paragraphs of their own (source "annotation"): what a person sees over the page, kept
    apart from its lines."""
    root = ofd.xml(name) if name else None
    if root is None:
        return []
    out: list[Paragraph] = []
    seen: set[str] = set()
    for annot in (e for e in root.iter() if _local(e) == "Annot"):
        if (annot.get("Visible") or "true").lower() == "false":
            continue
        for obj in (o for o in annot.iter() if _local(o) == "TextObject"):
            text = "".join(c.text or "" for c in _children(obj, "TextCode")).strip()
            if text and text not in seen:
                seen.add(text)
                kind = (annot.get("Type") or "").lower() or "note"
                out.append(
                    Paragraph(text=text, style=kind, prov=Provenance(page=page_no, source="annotation"))
                )
    return out


def _images(ofd: _Ofd, doc_dir: str, doc: Any) -> dict[str, str]:
    """Resource id -> the image file's name in the zip, from the document's resource files."""
    out: dict[str, str] = {}
    common = _first(doc, "CommonData")
    res_locs = []
    if common is not None:
        for c in common.iterchildren():
            if _local(c) in ("PublicRes", "DocumentRes") and c.text:
                res_locs.append(ofd.path(doc_dir, c.text))
    for loc in res_locs:
        res = ofd.xml(loc)
        if res is None:
            continue
        base = ofd.path(posixpath.dirname(loc), res.get("BaseLoc") or "")
        for mm in res.iter():
            if _local(mm) == "MultiMedia":
                f = _first(mm, "MediaFile")
                if f is not None and f.text:
                    out[mm.get("ID") or ""] = ofd.path(base, f.text)
    return out


def _compose(ofd: _Ofd, content: Any, images: dict[str, str], size_mm: tuple[float, float], dpi: int) -> Any:
    """The page's images laid where their boundaries put them, on white paper."""
    from PIL import Image

    k = dpi / 25.4
    page = Image.new("RGB", (max(1, int(size_mm[0] * k)), max(1, int(size_mm[1] * k))), "white")
    for obj in content.iter():
        if _local(obj) != "ImageObject":
            continue
        name = images.get(obj.get("ResourceID") or "")
        if not name or name not in ofd.names:
            continue
        x, y, w, h = (_nums(obj.get("Boundary")) + [0, 0, 0, 0])[:4]
        try:
            im = Image.open(io.BytesIO(ofd.z.read(name))).convert("RGB")
        except OSError:
            continue
        if w > 0 and h > 0:
            page.paste(im.resize((max(1, int(w * k)), max(1, int(h * k)))), (int(x * k), int(y * k)))
    return page


def read_ofd(data: bytes, limits: Limits | None = None, ocr: OcrFn | None = None) -> ReadDocument:
    limits = limits or Limits()
    if not data:
        raise EmptyFile("empty file (0 bytes)")
    pkg = open_package(data, limits)  # zip-bomb and integrity checks shared with .docx
    ofd = _Ofd(pkg.z)
    with pkg.z:
        root = ofd.xml("OFD.xml")
        if root is None:
            raise CorruptFile("zip without OFD.xml: not an OFD file")
        blocks: list[Paragraph | Table] = []
        notes: list[Paragraph] = []
        warnings: list[str] = []
        sizes: dict[int, tuple[float, float]] = {}
        ocr_used = False
        failures: list[str] = []
        page_no = 0
        order = 0
        for body in [e for e in root.iter() if _local(e) == "DocBody"]:
            dr = _first(body, "DocRoot")
            if dr is None or not dr.text:
                continue
            doc_name = ofd.path("", dr.text)
            doc = ofd.xml(doc_name)
            if doc is None:
                warnings.append(f"{doc_name}: named by OFD.xml but missing")
                continue
            doc_dir = posixpath.dirname(doc_name)
            common = _first(doc, "CommonData")
            area = _first(common if common is not None else doc, "PhysicalBox")
            default_box = (_nums(area.text if area is not None else "") + [0, 0, 210, 297])[:4]
            templates = {
                t.get("ID") or "": ofd.path(doc_dir, t.get("BaseLoc") or "")
                for t in doc.iter()
                if _local(t) == "TemplatePage"
            }
            images = _images(ofd, doc_dir, doc)
            annots = _annotation_files(ofd, doc_dir, doc)
            pages = [p for p in doc.iter() if _local(p) == "Page" and p.get("BaseLoc")]
            if page_no + len(pages) > limits.max_pdf_pages:
                raise TooLarge(f"OFD of more than {limits.max_pdf_pages} pages (INTAKE_MAX_PDF_PAGES)")
            for p in pages:
                page_no += 1
                name = ofd.path(doc_dir, p.get("BaseLoc") or "")
                content = ofd.xml(name)
                if content is None:
                    warnings.append(f"page {page_no}: {name} is missing")
                    continue
                pb = _first(content, "PhysicalBox")
                box = (_nums(pb.text) + [0, 0, 0, 0])[:4] if pb is not None and pb.text else default_box
                w_mm, h_mm = box[2] or 210, box[3] or 297
                sizes[page_no] = (w_mm * MM, h_mm * MM)
                under = [
                    tc
                    for tpl in [t for t in content.iter() if _local(t) == "Template"]
                    if (tc := ofd.xml(templates.get(tpl.get("TemplateID") or "", ""))) is not None
                ]
                lines = _text_lines(content, *under)
                lines.sort(key=lambda ln: (ln[1][3], ln[1][0]))
                # after the document's flow (flow_pages), not inside a page's
                notes += _annotations(ofd, annots.get(p.get("ID") or ""), page_no)
                if not lines and any(_local(e) == "ImageObject" for e in content.iter()):
                    img = _compose(ofd, content, images, (w_mm, h_mm), limits.ocr_dpi)
                    read = read_page_image(img, page_no, ocr, upright=True)
                    sizes[page_no] = read.size or (float(img.width), float(img.height))
                    if read.error:
                        failures.append(f"page {page_no}: {read.error}")
                        warnings.append(failed(page_no, read.error, "an image without text"))
                        continue
                    new = read.blocks
                    ocr_used = True
                    warnings.append(f"page {page_no}: an image without text; read by OCR")
                    for b in new:
                        order += 1
                        b.prov.order = order
                        blocks.append(b)
                    continue
                for para in lines_to_paragraphs(lines, page_no, order, w_mm * MM, h_mm * MM):
                    order = para.prov.order
                    blocks.append(para)
    blocks = flow_pages(blocks, sizes)  # running heads, paragraphs cut by a page break
    for para in notes:
        order += 1
        para.prov.order = order
        blocks.append(para)
    if notes:
        warnings.append(
            f"{len(notes)} annotation text(s) over the pages (watermark, stamp, note) are read after the"
            " document's text: look at them on the page"
        )
    if failures and not any(b.text.strip() for b in blocks):
        raise OcrFailed(
            "OCR failed on every page that needed it, and nothing else was read: " + "; ".join(failures)
        )
    return ReadDocument(
        media_type="other",
        source_format="ofd",
        pages=page_no,
        ocr_used=ocr_used,
        blocks=blocks,
        warnings=warnings,
        page_sizes=sizes,
    )
