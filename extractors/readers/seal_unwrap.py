"""A seal's arc text unwrapped into a straight line of upright characters for the recogniser
(`strips`, `strip_of`); the seals themselves are found in extractors.readers.seals.

Scans and photos are JPEG, whose colour is stored at half resolution, so the seal's characters
are taken from the brightness (full resolution) where the redness says seal ink may be; black
text crossing the seal is filled in from around it. A polar view of the ring finds the
characters along the arc (the name is the bulk of the text band's ink: reading starts opposite
its middle, in a gap); each run of characters is then sampled in its own straight frame, tangent
to the arc (a plain polar unwrap would bend every character into a wedge), and the runs are laid
side by side, upright, in reading order.
"""

from __future__ import annotations

import math

import numpy as np

from extractors.readers.seals import FAINT_INK, INK, Ring, percentile_u8


def seal_ink(bgr: np.ndarray, red: np.ndarray) -> np.ndarray:
    """How much seal ink each pixel holds, 0..1 (float32), at full resolution: brightness for the
    detail, redness for where seal ink may be; pixels as dark as black ink (text crossing the
    seal) are filled in from around them."""
    import cv2

    gray = cv2.cvtColor(bgr, cv2.COLOR_BGR2GRAY)
    strong = red > INK
    if strong.sum() < 20:
        return np.zeros(red.shape, np.float32)
    pale = red[::2, ::2] < FAINT_INK // 2  # the paper's shade: every other pixel is plenty
    shade = percentile_u8(gray[::2, ::2], pale, 70)
    paper = 235.0 if shade is None else shade
    level = percentile_u8(gray, strong, 30) or 0.0  # (strong holds 20 pixels at least)
    y = gray.astype(np.float32)
    depth = np.clip((paper - y) / max(paper - level, 8.0), 0, 1)
    k = max(3, (min(bgr.shape[:2]) // 400) | 1)
    gate = cv2.dilate(red, np.ones((k, k), np.uint8)).astype(np.float32)
    gate = np.clip((gate - FAINT_INK * 0.6) / (INK - FAINT_INK * 0.6), 0, 1)
    ink = depth * gate
    black = cv2.dilate((y < 0.5 * level).astype(np.uint8), np.ones((3, 3), np.uint8))
    black[gate == 0] = 0
    if black.any():
        # each pixel of black ink takes the mean of the seal's ink around it (a normalised box
        # filter over the pixels that are not black: a stroke crossing it continues, paper stays)
        keep = (1 - black).astype(np.float32)
        size = (2 * k + 3, 2 * k + 3)
        around = cv2.boxFilter(ink * keep, -1, size, normalize=False)
        weight = cv2.boxFilter(keep, -1, size, normalize=False)
        filled = np.where(weight > 0, around / np.maximum(weight, 1e-6), 0).astype(np.float32)
        ink = np.where(black > 0, filled, ink)
    return ink


NUMBER_INK = 0.2  # a piece of the number holds under this share of a typical piece's inner ink
# the arc sampled at this many points per pixel along it (a line 3/4 as wide): the recogniser's
# cost grows with the line's width, and it reads a seal's characters so narrowed as well (on the
# 192 seals of the development corpora, 183-184 readings fit their unit's name against 185 at full
# width, and every seal verdict stayed; at 0.65 the readings fall off: 181)
ALONG = 0.75


def _round_view(ink: np.ndarray, ring: Ring) -> tuple[np.ndarray, float, float, float]:
    """The ink map scaled so that the ring is a circle: (image, cx, cy, radius)."""
    import cv2

    r = ring.radius
    if not ring.oval:
        return ink, ring.cx, ring.cy, r
    t = math.radians(ring.angle)
    rot = np.array([[math.cos(t), -math.sin(t)], [math.sin(t), math.cos(t)]])
    m = rot @ np.diag([r / max(ring.a, 1e-6), r / max(ring.b, 1e-6)]) @ rot.T
    size = int(2 * r + 20)
    off = np.array([size / 2, size / 2]) - m @ np.array([ring.cx, ring.cy])
    affine = np.hstack([m, off[:, None]]).astype(np.float32)
    out = cv2.warpAffine(ink, affine, (size, size), flags=cv2.INTER_LINEAR, borderValue=0)
    return out, size / 2, size / 2, r


def crop_of(ink: np.ndarray, ring: Ring, others: list[Ring]) -> tuple[np.ndarray, Ring]:
    """The seal's own square of the ink map, without the rims of seals overlapping it, and the
    ring in its coordinates."""
    import cv2

    pad = 0.08 * ring.radius
    bx0, by0, bx1, by1 = ring.bbox
    x0, y0 = max(0, int(bx0 - pad)), max(0, int(by0 - pad))
    x1, y1 = min(ink.shape[1], int(bx1 + pad) + 1), min(ink.shape[0], int(by1 + pad) + 1)
    crop = ink[y0:y1, x0:x1].copy()
    for o in others:
        if o is ring or math.hypot(o.cx - ring.cx, o.cy - ring.cy) > o.radius + ring.radius:
            continue
        cv2.ellipse(
            crop, ((o.cx - x0, o.cy - y0), (2 * o.a, 2 * o.b), o.angle), 0.0, max(3, int(0.09 * o.radius))
        )
    return crop, Ring(ring.cx - x0, ring.cy - y0, ring.a, ring.b, ring.angle, ring.support)


def strip_of(ink: np.ndarray, ring: Ring) -> np.ndarray:
    """The seal's arc text as one line of upright characters (dark on white, BGR), in reading
    order from the gap opposite the name's middle. `ink` is the seal's crop (see crop_of)."""
    import cv2

    norm, cx, cy, r = _round_view(ink, ring)
    n_ang = int(max(360, 2 * math.pi * r))
    n_rad = int(r * 1.05)
    # polar: rows = angle (clockwise from +x), columns = radius, one pixel per pixel of radius
    polar = cv2.warpPolar(norm, (n_rad, n_ang), (cx, cy), r * 1.05, cv2.INTER_LINEAR + cv2.WARP_POLAR_LINEAR)
    prof = polar.mean(axis=0)
    lo_rim = int(0.6 * n_rad)
    rim = lo_rim + int(np.argmax(prof[lo_rim:]))
    edge = rim  # the rim's inner edge
    while edge > lo_rim and prof[edge] > 0.5 * prof[rim]:
        edge -= 1
    inner = int(0.46 * n_rad)
    band = polar[:, inner:edge]
    if band.size == 0 or band.max() <= 0:
        return np.full((32, 32, 3), 255, np.uint8)
    rprof = band.mean(axis=0)
    rows = np.nonzero(rprof > 0.25 * float(rprof.max()))[0]
    t_in = inner + (int(rows[0]) if len(rows) else 0)
    char_h = max(8, edge - t_in)
    rho = (t_in + edge) / 2
    per_px = n_ang / (2 * math.pi * rho)  # polar rows per pixel of arc at the text's middle
    win = max(3, int(0.25 * char_h * per_px))
    a0, a1 = max(inner, int(edge - 0.9 * char_h)), max(inner + 2, int(edge - 0.1 * char_h))
    p = polar[:, a0:a1].mean(axis=1)
    smooth = np.convolve(np.r_[p[-win:], p, p[:win]], np.ones(win) / win, mode="same")[win:-win]
    has = smooth > max(0.02, 0.1 * float(smooth.max()))
    has = _drop_specks(has, smooth, min_share=0.15)
    # the name is the bulk of the band's ink: begin in the gap opposite its middle
    ang = np.arange(n_ang) * 2 * math.pi / n_ang
    w8 = smooth * has
    mid = math.atan2(float((w8 * np.sin(ang)).sum()), float((w8 * np.cos(ang)).sum()))
    cut = _nearest_gap(has, int(round(((mid + math.pi) % (2 * math.pi)) / (2 * math.pi) * n_ang)) % n_ang)
    pieces = _pieces(np.roll(has, -cut), pitch=0.95 * char_h * per_px)
    # the number along the lower arc (small, by the rim, where reading begins and ends): left out
    pieces = _without_number(pieces, np.roll(polar, -cut, axis=0), t_in, edge) if pieces else pieces
    if not pieces:
        return np.full((32, 32, 3), 255, np.uint8)
    # the characters with a wide margin: the recogniser reads them as well, on a narrower (cheaper)
    # line once it is scaled to its height
    top = edge + 0.4 * char_h
    out_h = int(2.0 * char_h)
    ys = top - np.arange(out_h, dtype=np.float32)
    tiles = []
    for a, b in pieces:
        span = 2 * math.pi * (b - a) / n_ang
        tm = 2 * math.pi * ((a + cut) % n_ang) / n_ang + span / 2
        w = max(2, int(round(rho * span)))
        n = max(2, int(round(w * ALONG)))
        xs = (np.arange(n, dtype=np.float32) + 0.5) * (w / n) - w / 2
        u = (math.cos(tm), math.sin(tm))  # outward
        t = (-math.sin(tm), math.cos(tm))  # along the arc, in reading order
        mx = (cx + ys[:, None] * u[0] + xs[None, :] * t[0]).astype(np.float32)
        my = (cy + ys[:, None] * u[1] + xs[None, :] * t[1]).astype(np.float32)
        tiles.append(cv2.remap(norm, mx, my, cv2.INTER_LINEAR, borderValue=0))
    line = np.hstack(tiles)
    img = _trim((255 * (1 - np.clip(line, 0, 1))).astype(np.uint8))
    return cv2.cvtColor(img, cv2.COLOR_GRAY2BGR)


def strips(bgr: np.ndarray, red: np.ndarray, rings: list[Ring]) -> list[np.ndarray]:
    """The arc text of each ring as a line image for the recogniser, black text crossing the
    seal filled in from around it."""
    out = []
    for ring in rings:
        bx0, by0, bx1, by1 = ring.bbox
        pad = int(0.1 * ring.radius) + 2
        x0, y0 = max(0, int(bx0) - pad), max(0, int(by0) - pad)
        x1, y1 = min(bgr.shape[1], int(bx1) + pad), min(bgr.shape[0], int(by1) + pad)
        shifted = [Ring(o.cx - x0, o.cy - y0, o.a, o.b, o.angle, o.support) for o in rings]
        ink = seal_ink(bgr[y0:y1, x0:x1], red[y0:y1, x0:x1])
        crop, local = crop_of(ink, shifted[rings.index(ring)], shifted)
        out.append(strip_of(crop, local))
    return out


def _without_number(
    pieces: list[tuple[int, int]], polar: np.ndarray, t_in: int, edge: int
) -> list[tuple[int, int]]:
    """The pieces without those of the number along the lower arc: a seal's 13-digit number is
    printed small by the rim, opposite the name's middle, so its pieces come first and last in
    reading order and hold next to no ink in the inner half of the name's band (a character of
    the name fills the band). Never more than half the pieces. `polar` is rolled to the
    reading's start (rows = angle), columns = radius."""
    mid = (t_in + edge) // 2
    inner = polar[:, t_in:mid].mean(axis=1) if mid > t_in else np.zeros(len(polar))
    n = len(polar)
    mass = [float(inner[np.arange(a, b) % n].sum()) for a, b in pieces]
    low = [m < NUMBER_INK * float(np.median(mass)) for m in mass]
    i, j = 0, len(pieces)
    while i < j and low[i]:
        i += 1
    while j > i and low[j - 1]:
        j -= 1
    return pieces[i:j] if j - i >= len(pieces) / 2 else pieces


# --------------------------------------------------------------------------- runs along the arc
def _runs(has: np.ndarray) -> list[tuple[int, int]]:
    """The runs of True (start, end).

    >>> _runs(np.array([1, 1, 0, 1, 0, 0, 1], bool))
    [(0, 2), (3, 4), (6, 7)]
    """
    edges = np.flatnonzero(np.diff(np.r_[0, has.astype(np.int8), 0]))
    return [(int(a), int(b)) for a, b in zip(edges[::2], edges[1::2])]


def _drop_specks(has: np.ndarray, mass: np.ndarray, min_share: float) -> np.ndarray:
    """Runs of ink holding under `min_share` of a typical run's ink: dropped (a corner of
    合同专用章 or a neighbour's stroke reaching into the band)."""
    runs = _runs(has)
    if not runs:
        return has
    masses = [float(mass[a:b].sum()) for a, b in runs]
    typical = float(np.median(sorted(masses)[len(masses) // 2 :]))
    out = has.copy()
    for (a, b), m in zip(runs, masses):
        if m < min_share * typical:
            out[a:b] = False
    return out


def _nearest_gap(has: np.ndarray, at: int) -> int:
    """The middle of the gap (a run of False) nearest to index `at`, circularly."""
    n = len(has)
    if has.all():
        return at % n
    for d in range(n):
        for k in ((at - d) % n, (at + d) % n):
            if not has[k]:
                i = j = k
                while not has[(i - 1) % n] and (k - i) < n:
                    i -= 1
                while not has[(j + 1) % n] and (j - k) < n:
                    j += 1
                return ((i + j) // 2) % n
    return at % n


def _pieces(has: np.ndarray, pitch: float) -> list[tuple[int, int]]:
    """Runs of ink (start, end) to be straightened one by one: fragments of one character
    joined, a run longer than a character cut at the character pitch, each with a margin of
    half the gap to its neighbours (at most a quarter pitch)."""
    runs = [list(r) for r in _runs(has)]
    if not runs:
        return []
    merged = [runs[0]]
    for a, b in runs[1:]:
        if b - merged[-1][0] <= 1.15 * pitch:
            merged[-1][1] = b
        else:
            merged.append([a, b])
    cut: list[tuple[int, int]] = []
    for a, b in merged:
        k = max(1, int(round((b - a) / pitch)))
        step = (b - a) / k
        cut += [(int(round(a + q * step)), int(round(a + (q + 1) * step))) for q in range(k)]
    out = []
    for i, (a, b) in enumerate(cut):
        left = a - cut[i - 1][1] if i else pitch / 2
        right = cut[i + 1][0] - b if i + 1 < len(cut) else pitch / 2
        out.append((int(a - min(left / 2, pitch / 4)), int(b + min(right / 2, pitch / 4))))
    return out


def _trim(img: np.ndarray) -> np.ndarray:
    """The strip cut to its ink along the line, with a margin. Its height, twice the
    characters' (strip_of), is kept: cut to the ink as well, the characters fill the
    recogniser's fixed height and the line it reads grows wider (costlier) by about an eighth,
    for no better reading on the sealed corpora."""
    cols = np.nonzero((img < 160).any(axis=0))[0]
    if len(cols) == 0:
        return img
    m = max(4, img.shape[0] // 6)
    return img[:, max(0, cols[0] - m) : min(img.shape[1], cols[-1] + m + 1)]
