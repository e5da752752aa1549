"""Official seals (公章) drawn with PIL: a ring, a star and the unit's name along the arc, stamped in
red over a page."""

from __future__ import annotations

import math
import random

import numpy as np
from blocks import FONT_TTC
from PIL import Image, ImageDraw, ImageFilter, ImageFont

_FONTS: dict[int, ImageFont.FreeTypeFont] = {}


def font(px: int) -> ImageFont.FreeTypeFont:
    px = max(8, int(px))
    if px not in _FONTS:
        _FONTS[px] = ImageFont.truetype(FONT_TTC, px, index=0)
    return _FONTS[px]


def _glyph(ch: str, px: int, squeeze: float) -> Image.Image:
    f = font(px)
    g = Image.new("L", (int(px * 1.6), int(px * 1.6)), 0)
    d = ImageDraw.Draw(g)
    d.text(
        (g.width / 2, g.height / 2),
        ch,
        fill=255,
        font=f,
        anchor="mm",
        stroke_width=max(1, px // 22),
        stroke_fill=255,
    )
    if squeeze != 1:
        g = g.resize((max(1, int(g.width * squeeze)), g.height), Image.LANCZOS)
    return g


def _paste_on_arc(mask: Image.Image, text: str, cx, cy, ax, ay, span_deg, px, bottom=False, squeeze=0.8):
    n = len(text)
    if n == 0:
        return
    for i, ch in enumerate(text):
        t = -span_deg / 2 + span_deg * (i + 0.5) / n if n > 1 else 0.0
        if bottom:
            beta = 180 - t  # left to right along the bottom
            rot = -(beta - 180)
        else:
            beta = t
            rot = -beta
        br = math.radians(beta)
        x = cx + ax * math.sin(br)
        y = cy - ay * math.cos(br)
        g = _glyph(ch, px, squeeze).rotate(rot, resample=Image.BICUBIC, expand=True)
        mask.paste(255, (int(x - g.width / 2), int(y - g.height / 2)), g)


def _star(d: ImageDraw.ImageDraw, cx, cy, r):
    pts = []
    for k in range(10):
        rr = r if k % 2 == 0 else r * 0.382
        a = math.radians(-90 + 36 * k)
        pts.append((cx + rr * math.cos(a), cy + rr * math.sin(a)))
    d.polygon(pts, fill=255)


def draw_seal(
    text: str,
    dpi: int,
    rng: random.Random,
    shape: str = "round",
    star: bool = True,
    contract: bool = False,
    number: str | None = None,
) -> Image.Image:
    """An RGBA image of a red seal (uneven ink) with `text` along the upper arc."""
    mm = dpi / 25.4
    if shape == "oval":
        W_, H_ = 45 * mm, 32 * mm
    else:
        W_ = H_ = rng.uniform(38, 42) * mm
    pad = int(0.1 * W_)
    size = (int(W_) + 2 * pad, int(H_) + 2 * pad)
    mask = Image.new("L", size, 0)
    d = ImageDraw.Draw(mask)
    cx, cy = size[0] / 2, size[1] / 2
    ax, ay = W_ / 2, H_ / 2
    lw = max(2, int(W_ * 0.035))
    d.ellipse([cx - ax, cy - ay, cx + ax, cy + ay], outline=255, width=lw)
    if rng.random() < 0.3:
        d.ellipse(
            [cx - ax + lw * 2, cy - ay + lw * 2, cx + ax - lw * 2, cy + ay - lw * 2],
            outline=255,
            width=max(1, lw // 3),
        )
    n = len(text)
    span = min(250, 150 + 7 * n) if shape == "round" else min(220, 130 + 6 * n)
    arc_len = math.radians(span) * (ax * 0.78)
    px = min(ay * 0.3, arc_len / max(n, 1) * 1.05)
    _paste_on_arc(mask, text, cx, cy, ax * 0.76, ay * 0.76, span, px, squeeze=0.8 if n > 10 else 0.9)
    if star:
        _star(d, cx, cy - (ay * 0.05 if contract else 0), ay * (0.26 if shape == "round" else 0.22))
    if contract:
        f = font(ay * 0.17)
        d.text((cx, cy + ay * 0.42), "合同专用章", fill=255, font=f, anchor="mm")
    if number:
        _paste_on_arc(
            mask,
            number,
            cx,
            cy,
            ax * 0.8,
            ay * 0.8,
            70 if shape == "round" else 60,
            ay * 0.1,
            bottom=True,
            squeeze=0.9,
        )
    # uneven ink: low-frequency pressure field, pitting, a lighter side
    h, w = mask.height, mask.width
    nr = np.random.default_rng(rng.randrange(1 << 30))
    low = nr.random((6, 6))
    low = np.asarray(Image.fromarray((low * 255).astype(np.uint8)).resize((w, h), Image.BICUBIC)) / 255.0
    side = np.linspace(rng.uniform(0.55, 0.8), 1.0, w)[None, :]
    if rng.random() < 0.5:
        side = side[:, ::-1]
    pits = nr.random((h, w)) > rng.uniform(0.06, 0.18)
    a = np.asarray(mask, np.float32) / 255.0 * (0.45 + 0.55 * low) * side * pits
    a = np.clip(a * rng.uniform(0.85, 1.0), 0, 1)
    alpha = Image.fromarray((a * 255).astype(np.uint8)).filter(
        ImageFilter.GaussianBlur(rng.uniform(0.6, 1.2))
    )
    red = (rng.randrange(200, 232), rng.randrange(18, 45), rng.randrange(28, 55))
    img = Image.new("RGBA", size, red + (0,))
    img.putalpha(alpha)
    return img.rotate(rng.uniform(-30, 30), resample=Image.BICUBIC, expand=True)


def stamp(page: Image.Image, seal: Image.Image, cx: float, cy: float) -> tuple[int, int, int, int]:
    """Ink the seal onto the page (multiply: black print stays black under the red). Returns its box."""
    x0, y0 = int(cx - seal.width / 2), int(cy - seal.height / 2)
    base = np.asarray(page, np.float32).copy()
    s = np.asarray(seal, np.float32)
    a = s[..., 3:4] / 255.0
    col = s[..., :3] / 255.0
    H, W_ = base.shape[:2]
    sx0, sy0 = max(0, -x0), max(0, -y0)
    px0, py0 = max(0, x0), max(0, y0)
    px1, py1 = min(W_, x0 + seal.width), min(H, y0 + seal.height)
    if px1 <= px0 or py1 <= py0:
        return (0, 0, 0, 0)
    sub = base[py0:py1, px0:px1]
    aa = a[sy0 : sy0 + (py1 - py0), sx0 : sx0 + (px1 - px0)]
    cc = col[sy0 : sy0 + (py1 - py0), sx0 : sx0 + (px1 - px0)]
    base[py0:py1, px0:px1] = sub * (1 - aa * (1 - cc))
    page.paste(Image.fromarray(np.clip(base, 0, 255).astype(np.uint8)))
    ys, xs = np.nonzero(a[..., 0] > 0.08)
    return (x0 + int(xs.min()), y0 + int(ys.min()), x0 + int(xs.max()), y0 + int(ys.max()))
