"""Documents, served by their sha256 from the registry only: the contract JSON, the original
(refused if the file changed since intake), and a page as an image (never for a file the
pipeline refused; images over the pixel cap refused before decoding; renders bounded in number)."""

from __future__ import annotations

import hashlib
import re
import threading
from collections import OrderedDict
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

import settings
from models.tables import Document
from models.vocab import shown_name
from pipeline.registry import Registry
from pipeline.review.sessions import Who
from web import views
from web.deps import NotFoundPage, Reg, Viewer
from web.render import page
from web.respond import download
from web.security import Forbidden

router = APIRouter()
SHA_RX = re.compile(r"^[0-9a-f]{64}$")
MEDIA = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "doc": "application/msword",
    "image": "application/octet-stream",
}


class PageCache:
    """The latest rendered page images, and a bound on how many are rendered at once."""

    def __init__(self, size: int = 48) -> None:
        self.size = size
        self.items: OrderedDict[tuple[str, int], bytes] = OrderedDict()
        self.lock = threading.Lock()
        self.renders = threading.BoundedSemaphore(settings.page_renders())

    def get(self, k: tuple[str, int]) -> bytes | None:
        with self.lock:
            return self.items.get(k)

    def put(self, k: tuple[str, int], png: bytes) -> None:
        with self.lock:
            self.items[k] = png
            while len(self.items) > self.size:
                self.items.popitem(last=False)


def row(reg: Registry, sha: str) -> Document:
    """The registry's row of a document, by its sha256 only."""
    if not SHA_RX.match(sha):
        raise NotFoundPage("没有这个文件")
    with reg.Read() as s:
        d = s.get(Document, sha)
        if d is None:
            raise NotFoundPage("没有这个文件")
        s.expunge(d)
        return d


def original_bytes(reg: Registry, sha: str) -> tuple[Document, bytes]:
    """The row and the original's bytes, refused if the file changed since intake."""
    d = row(reg, sha)
    try:
        data = Path(d.path).read_bytes()
    except OSError:
        raise Forbidden("原件已不在登记时的位置") from None
    if hashlib.sha256(data).hexdigest() != sha:
        raise Forbidden("原件在登记后被改动，不能作为原件提供")
    return d, data


@router.get("/documents/{sha}.json")
def document_json(sha: str, user: Who = Viewer, reg: Registry = Reg) -> Response:
    return JSONResponse(row(reg, sha).record)


@router.get("/documents/{sha}/original")
def original(sha: str, user: Who = Viewer, reg: Registry = Reg) -> Response:
    d, data = original_bytes(reg, sha)
    return download(data, Path(d.path).name, MEDIA.get(d.media_type, "application/octet-stream"))


@router.get("/documents/{sha}/pages/{n}.png")
def page_image(request: Request, sha: str, n: int, user: Who = Viewer, reg: Registry = Reg) -> Response:
    return Response(_page_png(request, reg, sha, n), media_type="image/png")


@router.get("/documents/{sha}/pages/{n}/crop.png")
def page_crop(
    request: Request, sha: str, n: int, box: str, user: Who = Viewer, reg: Registry = Reg
) -> Response:
    """A small piece of a page (a seal), `box` = x0,y0,x1,y1 as fractions of the page."""
    rect = views.fraction_box(box)
    if rect is None:
        raise Forbidden("区域参数无效")
    return Response(views.crop_png(_page_png(request, reg, sha, n), rect), media_type="image/png")


def _page_png(request: Request, reg: Registry, sha: str, n: int) -> bytes:
    cache: PageCache = request.app.state.pages
    png = cache.get((sha, n))
    if png is None:
        d = row(reg, sha)
        if d.doc_type == "unreadable":
            raise Forbidden("该文件未能读取（见其“文件无法读取”的说明），不提供页面图像")
        d, data = original_bytes(reg, sha)
        with cache.renders:
            try:
                png = views.page_png(data, d.media_type, n)
            except views.PageRefused as e:
                raise Forbidden(f"不提供这一页的图像：{e}") from None
            except Exception:  # a file the renderer cannot take
                raise Forbidden("该文件没有这一页的图像") from None
        cache.put((sha, n), png)
    return png


@router.get("/documents/{sha}/pages/{n}")
def page_view(
    request: Request,
    sha: str,
    n: int,
    box: str | None = None,
    sid: int | None = None,
    user: Who = Viewer,
    reg: Registry = Reg,
) -> Response:
    d = row(reg, sha)
    name, pages = shown_name(Path(d.path).name), d.record.get("source", {}).get("pages") or 1
    rect = None
    if box:
        try:
            vals = [float(x) for x in box.split(",")]
            if len(vals) == 4 and all(0 <= v <= 1 for v in vals):
                rect = {
                    "x": vals[0],
                    "y": vals[1],
                    "w": max(vals[2] - vals[0], 0.005),
                    "h": max(vals[3] - vals[1], 0.005),
                }
        except ValueError:
            rect = None
    return page(
        request, "page.html", user=user, sha=sha, n=n, name=name, pages=pages, rect=rect, sid=sid, box=box
    )
