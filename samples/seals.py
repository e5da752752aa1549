"""Official seals (公章) drawn like real ones, stamped onto page images.

A seal is a red ring (round, or oval for some contract seals), the unit's full name along the
upper arc with each character's top facing outward, a five-pointed star in the middle (university
and institute seals often have none), optionally 合同专用章 under the star and a 13-digit number
along the lower arc (tops facing the centre). It is stamped turned by a few degrees, with uneven
ink (a pad never inks evenly: a slow gradient, blotches, worn spots) and a slight blur, and laid
over the page like ink: multiplied, so black text under the seal stays black.

Used by samples/make_samples.py for the scanned sample agreements and by the tests, which build
sealed pages of their own.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

FONT_PATHS = [
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/wqy-microhei/wqy-microhei.ttc",
]


def font(size: int, index: int = 0) -> ImageFont.FreeTypeFont:
    for p in FONT_PATHS:
        if Path(p).exists():
            return ImageFont.truetype(p, size, index=index)
    raise SystemExit("a CJK font is needed to draw seals: apt-get install fonts-wqy-microhei")


@dataclass
class SealStyle:
    """How one seal looks. Sizes in millimetres (a round 公章 is 38-42 mm across; an oval
    contract seal about 45 x 30 mm)."""

    width_mm: float = 40.0
    height_mm: float = 40.0  # != width_mm: an oval
    star: bool = True
    contract: bool = False  # 合同专用章 under the star
    number: str | None = None  # the 13-digit number along the lower arc
    rotation: float = 0.0  # degrees, counter-clockwise
    ink: tuple[int, int, int] = (214, 38, 42)
    faint: float = 0.0  # 0: evenly inked; 1: very uneven and pale in places
    bold: int = 0  # extra stroke width of the characters, px at 200 dpi
    squeeze: float = 0.8  # character width against its height (seal characters are narrow)
    arc_deg: float | None = None  # the span of the name along the rim; by its length if None
    double_ring: bool = False
    seed: int = 0


def _glyph(ch: str, size: int, bold: int, squeeze: float) -> Image.Image:
    """One character as an ink mask (L), squeezed horizontally."""
    f = font(size)
    pad = size // 4 + bold
    im = Image.new("L", (size + 2 * pad, size + 2 * pad), 0)
    ImageDraw.Draw(im).text(
        (pad + size / 2, pad + size / 2),
        ch,
        fill=255,
        font=f,
        anchor="mm",
        stroke_width=bold,
        stroke_fill=255,
    )
    box = im.getbbox() or (0, 0, im.width, im.height)
    im = im.crop(box)
    w = max(1, int(round(im.width * squeeze)))
    return im.resize((w, max(1, int(round(im.height * (1.0 if len(ch.encode()) > 1 else 0.9))))))


def _ellipse_point(a: float, b: float, t: float) -> tuple[float, float, float]:
    """A point of the ellipse x = a cos t, y = b sin t (image axes: y down) and the direction
    of its outward normal (radians)."""
    x, y = a * math.cos(t), b * math.sin(t)
    nx, ny = math.cos(t) / a, math.sin(t) / b
    return x, y, math.atan2(ny, nx)


def _arc_positions(a: float, b: float, n: int, centre: float, span: float) -> list[float]:
    """n parameters t spread at equal arc length over `span` radians around `centre`."""
    if n == 1:
        return [centre]
    ts = np.linspace(centre - span / 2, centre + span / 2, 2000)
    pts = np.stack([a * np.cos(ts), b * np.sin(ts)], 1)
    seg = np.r_[0, np.cumsum(np.hypot(*np.diff(pts, axis=0).T))]
    targets = np.linspace(0, seg[-1], n)
    return [float(np.interp(s, seg, ts)) for s in targets]


def draw_seal(name: str, style: SealStyle, dpi: float = 200.0) -> Image.Image:
    """The seal as an RGBA image: red ink, alpha = how much ink."""
    rng = random.Random(style.seed)
    px = dpi / 25.4
    a, b = style.width_mm * px / 2, style.height_mm * px / 2
    size = int(2 * max(a, b) + 8 * px)
    c = size / 2
    ink = Image.new("L", (size, size), 0)
    d = ImageDraw.Draw(ink)
    ring = max(2, int(round(1.2 * px)))
    d.ellipse([c - a, c - b, c + a, c + b], outline=255, width=ring)
    if style.double_ring:
        d.ellipse(
            [c - a + 2.2 * px, c - b + 2.2 * px, c + a - 2.2 * px, c + b - 2.2 * px],
            outline=255,
            width=max(1, ring // 3),
        )
    # the name along the upper arc, tops outward, read clockwise from the lower left
    m = min(a, b)
    ch_h = int(round(m * (0.30 if len(name) <= 10 else 0.26 if len(name) <= 16 else 0.22)))
    ra, rb = a - ring - 0.62 * ch_h, b - ring - 0.62 * ch_h
    span = math.radians(style.arc_deg or min(250.0, 110.0 + 10.0 * len(name)))
    for ch, t in zip(name, _arc_positions(ra, rb, len(name), -math.pi / 2, span)):
        g = _glyph(ch, ch_h, style.bold, style.squeeze)
        x, y, normal = _ellipse_point(ra, rb, t)
        # PIL rotates counter-clockwise; a glyph's top must point along the outward normal
        deg = -math.degrees(normal) - 90
        g = g.rotate(deg, resample=Image.Resampling.BICUBIC, expand=True)
        ink.paste(255, (int(c + x - g.width / 2), int(c + y - g.height / 2)), g)
    if style.star:
        _star(d, c, c - (0.02 * m if style.contract else 0), 0.30 * m)
    if style.contract:
        f = font(int(m * 0.15), 0)
        d.text((c, c + 0.50 * m), "合同专用章", fill=255, font=f, anchor="mm", stroke_width=style.bold // 2)
    if style.number:
        nh = int(round(m * 0.11))
        rr_a, rr_b = a - ring - 0.9 * nh, b - ring - 0.9 * nh
        span_n = math.radians(min(100.0, 7.5 * len(style.number)))
        ts = _arc_positions(rr_a, rr_b, len(style.number), math.pi / 2, span_n)
        for ch, t in zip(style.number, reversed(ts)):  # left to right along the bottom
            g = _glyph(ch, nh, 0, 0.9)
            x, y, normal = _ellipse_point(rr_a, rr_b, t)
            deg = -math.degrees(normal) + 90  # tops toward the centre
            g = g.rotate(deg, resample=Image.Resampling.BICUBIC, expand=True)
            ink.paste(255, (int(c + x - g.width / 2), int(c + y - g.height / 2)), g)
    ink = ink.rotate(style.rotation, resample=Image.Resampling.BICUBIC, expand=False)
    alpha = np.asarray(ink).astype(np.float32) / 255.0
    alpha *= _unevenness(size, style.faint, rng)
    alpha = np.clip(alpha, 0, 1)
    out = Image.new("RGBA", (size, size), (*style.ink, 0))
    out.putalpha(Image.fromarray((alpha * 255).astype(np.uint8)).filter(ImageFilter.GaussianBlur(0.6)))
    return out


def _star(d: ImageDraw.ImageDraw, cx: float, cy: float, r: float) -> None:
    pts = []
    for k in range(10):
        rr = r if k % 2 == 0 else r * 0.382
        t = -math.pi / 2 + k * math.pi / 5
        pts.append((cx + rr * math.cos(t), cy + rr * math.sin(t)))
    d.polygon(pts, fill=255)


def _unevenness(size: int, faint: float, rng: random.Random) -> np.ndarray:
    """How much ink reaches the paper, pixel by pixel: a slow gradient across the seal (the pad
    pressed harder on one side), soft blotches and fine grain; `faint` from 0 (even) to 1."""
    g = np.random.default_rng(rng.randint(0, 2**31))
    yy, xx = np.mgrid[0:size, 0:size].astype(np.float32) / size
    t = rng.uniform(0, 2 * math.pi)
    grad = 0.5 + 0.5 * ((xx - 0.5) * math.cos(t) + (yy - 0.5) * math.sin(t)) * 2
    low = g.normal(0, 1, (8, 8)).astype(np.float32)
    blot = np.asarray(Image.fromarray(low).resize((size, size), Image.Resampling.BICUBIC))
    blot = (blot - blot.min()) / max(1e-6, float(np.ptp(blot)))
    grain = g.uniform(0, 1, (size, size)).astype(np.float32)
    level = 1.0 - faint * (0.55 * grad + 0.35 * blot) - 0.25 * faint * (grain > 0.8)
    return np.clip(level * (0.95 + 0.05 * grain), 0.12, 1.0)


def stamp(page: Image.Image, seal: Image.Image, centre: tuple[float, float]) -> Image.Image:
    """The page with the seal pressed on it at `centre` (pixels): ink multiplies the page, so
    the black text under the seal stays black and the paper under it turns red."""
    base = np.asarray(page.convert("RGB")).astype(np.float32) / 255.0
    sa = np.asarray(seal).astype(np.float32) / 255.0
    x0, y0 = int(centre[0] - seal.width / 2), int(centre[1] - seal.height / 2)
    xs0, ys0 = max(0, x0), max(0, y0)
    xs1, ys1 = min(base.shape[1], x0 + seal.width), min(base.shape[0], y0 + seal.height)
    if xs1 <= xs0 or ys1 <= ys0:
        return page.convert("RGB")
    s = sa[ys0 - y0 : ys1 - y0, xs0 - x0 : xs1 - x0]
    alpha = s[..., 3:4]
    colour = s[..., :3]
    region = base[ys0:ys1, xs0:xs1]
    base[ys0:ys1, xs0:xs1] = region * (1 - alpha + alpha * colour)
    return Image.fromarray((np.clip(base, 0, 1) * 255).astype(np.uint8))


def seal_box(seal: Image.Image, centre: tuple[float, float]) -> tuple[float, float, float, float]:
    """The box of the seal's ink on the page, pixels (x0, y0, x1, y1)."""
    bb = seal.getchannel("A").point(lambda v: 255 if v > 40 else 0).getbbox() or (
        0,
        0,
        seal.width,
        seal.height,
    )
    x0, y0 = centre[0] - seal.width / 2, centre[1] - seal.height / 2
    return (x0 + bb[0], y0 + bb[1], x0 + bb[2], y0 + bb[3])


def random_style(rng: random.Random, kind: str = "enterprise") -> SealStyle:
    """A seal as units really stamp them: enterprises with a star and often the contract seal and
    number; universities and institutes often without a star; turned up to 25 degrees."""
    oval = rng.random() < 0.15
    w = rng.uniform(38, 42)
    return SealStyle(
        width_mm=45.0 if oval else w,
        height_mm=30.0 if oval else w,
        star=kind == "enterprise" or rng.random() < 0.5,
        contract=rng.random() < 0.4,
        number="".join(rng.choice("0123456789") for _ in range(13)) if rng.random() < 0.5 else None,
        rotation=rng.uniform(-25, 25),
        ink=(rng.randint(195, 230), rng.randint(20, 70), rng.randint(25, 75)),
        faint=rng.uniform(0.1, 0.6),
        bold=rng.choice([0, 1, 2]),
        squeeze=rng.uniform(0.7, 0.95),
        double_ring=rng.random() < 0.15,
        seed=rng.randint(0, 10**6),
    )
