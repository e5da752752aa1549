"""Official seals (公章) on colour scans: taken off the page before its text is read, found, and
unwrapped for reading.

A seal is red ink: a ring (round, or an oval for some contract seals) with the unit's name along
the upper arc (each character's top facing outward), often a star, sometimes 合同专用章 under it
and a 13-digit number along the lower arc.

- **Separation** (`separate`): ink is multiplied onto the page, so in the red channel seal ink is
  nearly as light as paper while black ink stays dark. Around red ink the page OCR reads is the
  red channel, scaled so that the seal's ink becomes paper: black text under a seal survives
  whole, and the seal's own characters never reach the page's text.
- **Finding** (`find_rings`): rings in the redness map (red minus the larger of green and blue):
  circles by OpenCV's gradient Hough transform, ovals by an ellipse fitted to a red blob's
  outline; a ring is kept only if red ink runs along most of its rim. Sizes are physical (a seal
  is 25-70 mm across), from the page's size in pixels taken as A4-ish.
- **Unwrapping**: extractors.readers.seal_unwrap lays each seal's arc text out as a straight
  line of upright characters.

The recogniser (RapidOCR's, in extractors.readers.ocr) reads the strips.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

BBox = tuple[float, float, float, float]

A4_SHORT_MM = 210.0
MIN_DIAMETER_MM = 25.0
MAX_DIAMETER_MM = 70.0
# redness (R - max(G, B)) of seal ink: paper and black text stay far below, pale ink above
INK = 40
FAINT_INK = 22
MIN_RIM_SUPPORT = 0.55  # share of the rim along which red ink runs
# a ring this much of whose rim carries ink is perhaps a faint seal: read, but never the ground
# for saying a seal is missing or another unit's (extractors.fields.seals)
WEAK_RIM_SUPPORT = 0.4
MIN_AXIS_RATIO = 0.55  # an oval seal is 45 x 30 mm (0.67); flatter blobs are not seals
ROUND = 0.85  # axes closer than this: a round seal


@dataclass
class Ring:
    """A seal's outline: centre, semi-axes (a along the ellipse's own x axis), angle (degrees,
    as cv2.fitEllipse gives it) and the share of its rim that carries ink."""

    cx: float
    cy: float
    a: float
    b: float
    angle: float = 0.0
    support: float = 0.0

    @property
    def radius(self) -> float:
        return max(self.a, self.b)

    @property
    def oval(self) -> bool:
        return min(self.a, self.b) < ROUND * self.radius

    @property
    def bbox(self) -> BBox:
        t = math.radians(self.angle)
        hw = math.hypot(self.a * math.cos(t), self.b * math.sin(t))
        hh = math.hypot(self.a * math.sin(t), self.b * math.cos(t))
        return (self.cx - hw, self.cy - hh, self.cx + hw, self.cy + hh)


def redness(bgr: np.ndarray) -> np.ndarray:
    """R - max(G, B), clipped to 0..255 (uint8).

    >>> int(redness(np.array([[[40, 60, 200], [200, 60, 40]]], np.uint8))[0, 0]), int(redness(np.array([[[200, 60, 40]]], np.uint8))[0, 0])
    (140, 0)
    """
    import cv2

    b, g, r = cv2.split(np.ascontiguousarray(bgr))
    return cv2.subtract(r, cv2.max(g, b))  # saturating: below 0 is 0


def small(bgr: np.ndarray, f: int = 8) -> np.ndarray:
    """The page reduced `f`-fold (averaging), for a first look at its colour."""

    return shrunk(bgr, f)


def shrunk(img: np.ndarray, f: int) -> np.ndarray:
    """An image reduced `f`-fold by averaging f x f blocks (the last row or column of pixels
    that makes no whole block is left out: OpenCV averages whole blocks several times faster).

    >>> shrunk(np.arange(30, dtype=np.uint8).reshape(5, 6), 2).tolist()
    [[4, 6, 8], [16, 18, 20]]
    """
    import cv2

    h, w = max(1, img.shape[0] // f), max(1, img.shape[1] // f)
    whole = img[: h * f, : w * f] if img.shape[0] >= f and img.shape[1] >= f else img
    return cv2.resize(whole, (w, h), interpolation=cv2.INTER_AREA)


def is_colour(bgr: np.ndarray, reduced: np.ndarray | None = None) -> bool:
    """Whether a page image carries colour at all (a grey scan rendered as RGB has none).
    `reduced`: the page reduced eightfold (small), when already made."""
    if bgr.ndim != 3 or bgr.shape[2] != 3:
        return False
    s = (reduced if reduced is not None else small(bgr)).astype(np.int16)
    spread = np.abs(s[..., 2] - s[..., 0]) + np.abs(s[..., 1] - s[..., 0])
    return float(spread.mean()) > 2.0 or int((spread > 60).sum()) >= 10


def has_red(bgr: np.ndarray, reduced: np.ndarray | None = None) -> bool:
    """Whether a page carries red ink (looked at on a reduced copy: most pages carry none)."""
    if bgr.ndim != 3 or bgr.shape[2] != 3:
        return False
    return int((redness(reduced if reduced is not None else small(bgr)) > INK).sum()) >= 20


def percentile_u8(img: np.ndarray, mask: np.ndarray, q: float) -> float | None:
    """The q-th percentile of an 8-bit image's pixels where `mask` holds (numpy's linear
    interpolation between ranks), from the pixels' histogram: several times faster than
    np.percentile on the pixels picked out. None where the mask picks none.

    >>> rng = np.random.default_rng(1)
    >>> img = rng.integers(0, 256, (40, 50)).astype(np.uint8); m = rng.random((40, 50)) < 0.3
    >>> all(abs(percentile_u8(img, m, q) - float(np.percentile(img[m], q))) < 1e-9 for q in (0, 5, 30, 60, 70, 90, 100))
    True
    """
    import cv2

    counts = cv2.calcHist(
        [np.ascontiguousarray(img)], [0], np.ascontiguousarray(mask, dtype=np.uint8), [256], [0, 256]
    ).ravel()
    n = int(counts.sum())
    if n == 0:
        return None
    upto = np.cumsum(counts)
    at = q / 100.0 * (n - 1)
    lo = int(np.floor(at))
    hi = min(lo + 1, n - 1)
    v_lo = int(np.searchsorted(upto, lo, side="right"))
    v_hi = int(np.searchsorted(upto, hi, side="right"))
    return v_lo + (v_hi - v_lo) * (at - lo)


def px_per_mm(shape: tuple[int, ...]) -> float:
    """Pixels per millimetre, taking the page's shorter side as A4's 210 mm."""
    return min(shape[0], shape[1]) / A4_SHORT_MM


# --------------------------------------------------------------------------- separation
def separate(bgr: np.ndarray, red: np.ndarray) -> np.ndarray:
    """The page with red ink turned to paper and black ink (also under the red) kept: grey (3
    channels) around red ink, the page unchanged elsewhere. Only the red ink's surroundings are
    looked at (seals cover a small part of a page); the paper's shade is the page's."""
    import cv2

    ink = red > FAINT_INK
    if not ink.any():
        return bgr
    k = max(3, int(round(0.6 * px_per_mm(bgr.shape))) | 1)
    x, y, w, h = cv2.boundingRect(ink.view(np.uint8))
    x0, y0 = max(0, x - k), max(0, y - k)
    x1, y1 = min(bgr.shape[1], x + w + k), min(bgr.shape[0], y + h + k)
    box, rbox = bgr[y0:y1, x0:x1], red[y0:y1, x0:x1]
    near = cv2.dilate(ink[y0:y1, x0:x1].view(np.uint8), np.ones((k, k), np.uint8))
    r = cv2.extractChannel(box, 2)
    # the paper's shade from every fourth pixel of the page away from red ink
    page_gray = cv2.cvtColor(bgr[::4, ::4], cv2.COLOR_BGR2GRAY)
    away = red[::4, ::4] <= FAINT_INK // 2
    shade = percentile_u8(page_gray, away, 60)
    paper = 240.0 if shade is None else shade
    # in the red channel, black ink stays dark and seal ink is nearly paper: from black text's
    # red up to the palest 5% of the seal's ink is a ramp, above it is paper (the shades from
    # every other pixel)
    r2, rbox2 = r[::2, ::2], rbox[::2, ::2]
    dark = (cv2.cvtColor(box[::2, ::2], cv2.COLOR_BGR2GRAY) < 110) & (rbox2 < FAINT_INK)
    got = percentile_u8(r2, dark, 90) if dark.sum() > 12 else None
    black = 100.0 if got is None else got
    strong = rbox2 > INK
    got = percentile_u8(r2, strong, 5) if strong.sum() > 12 else None
    seal_r = paper if got is None else got
    seal_r = max(seal_r, black + 30.0)
    ramp = np.clip((np.arange(256, dtype=np.float32) - black) / (seal_r - black), 0, 1)
    lifted = cv2.LUT(r, (paper * ramp).astype(np.uint8))
    out = bgr.copy()
    cv2.copyTo(cv2.merge([lifted, lifted, lifted]), near, out[y0:y1, x0:x1])  # in place, where near
    return out


# --------------------------------------------------------------------------- finding
def _rim_support(red: np.ndarray, ring: Ring, tol: float) -> float:
    """Share of points along the ring where red ink lies within `tol` px across the rim."""
    h, w = red.shape
    t = np.linspace(0, 2 * np.pi, 180, endpoint=False)
    ca, sa = math.cos(math.radians(ring.angle)), math.sin(math.radians(ring.angle))
    ex, ey = ring.a * np.cos(t), ring.b * np.sin(t)
    x = ring.cx + ex * ca - ey * sa
    y = ring.cy + ex * sa + ey * ca
    nx0, ny0 = np.cos(t) / max(ring.a, 1.0), np.sin(t) / max(ring.b, 1.0)
    nx, ny = nx0 * ca - ny0 * sa, nx0 * sa + ny0 * ca
    nn = np.hypot(nx, ny) + 1e-9
    nx, ny = nx / nn, ny / nn
    hit = np.zeros(len(t), bool)
    on_page = np.zeros(len(t), bool)
    for d in np.linspace(-tol, tol, max(3, int(2 * tol) + 1)):
        xs = np.round(x + d * nx).astype(int)
        ys = np.round(y + d * ny).astype(int)
        ok = (xs >= 0) & (xs < w) & (ys >= 0) & (ys < h)
        on_page |= ok
        v = np.zeros(len(t), bool)
        v[ok] = red[ys[ok], xs[ok]] > FAINT_INK
        hit |= v
    if on_page.mean() < 0.75:  # mostly off the page: half a seal over the page's edge
        return 0.0
    return float(hit[on_page].mean())


def _loose(cands: list[Ring], red: np.ndarray, tol: float) -> list[Ring]:
    """The candidates whose rim is not already well inked all round (those are refitted); each
    candidate's support is kept on it (_checked does not measure it again)."""
    for c in cands:
        c.support = _rim_support(red, c, tol)
    return [c for c in cands if c.support < 0.9]


def _checked(cands: list[Ring], red: np.ndarray, rmin: float, rmax: float, tol: float) -> list[Ring]:
    """The candidates of a seal's size and shape whose rim carries ink along most of its length."""
    out = []
    for ring in cands:
        if not (rmin <= ring.radius <= rmax) or min(ring.a, ring.b) < MIN_AXIS_RATIO * ring.radius:
            continue
        if not ring.support:  # not measured yet (_loose measures the candidates it looks at)
            ring.support = _rim_support(red, ring, tol)
        if ring.support >= WEAK_RIM_SUPPORT:
            out.append(ring)
    return out


def _refit(red: np.ndarray, ring: Ring, rounds: int = 3) -> Ring | None:
    """The ring's outline fitted anew, from its centre out: along rays the outermost red ink
    (within a radius outside it) is the rim; an ellipse is fitted to those points, leaving out
    the ones far off it (a neighbouring seal's ink), and the fit repeated from the new centre (a
    circle found inside an oval seal is off its centre). None when too few rays find ink."""
    for _ in range(rounds):
        nxt = _refit_once(red, ring)
        if nxt is None:
            return None
        moved = math.hypot(nxt.cx - ring.cx, nxt.cy - ring.cy) + abs(nxt.radius - ring.radius)
        ring = nxt
        if moved < 2.0:
            break
    return ring


def _refit_once(red: np.ndarray, ring: Ring) -> Ring | None:
    import cv2

    h, w = red.shape
    r = ring.radius
    t = np.linspace(0, 2 * np.pi, 72, endpoint=False)
    rad = np.arange(0.5 * r, 2.0 * r, 1.0)
    xs = np.round(ring.cx + np.outer(np.cos(t), rad)).astype(int)
    ys = np.round(ring.cy + np.outer(np.sin(t), rad)).astype(int)
    ok = (xs >= 0) & (xs < w) & (ys >= 0) & (ys < h)
    v = np.zeros(xs.shape, bool)
    v[ok] = red[ys[ok], xs[ok]] > FAINT_INK
    # the outer edge of every run of ink along every ray: the rim is among them
    edge = v[:, :-1] & ~v[:, 1:]
    ray, idx = np.nonzero(edge)
    if len(set(ray.tolist())) < 24:
        return None
    pts = np.stack([xs[ray, idx], ys[ray, idx]], axis=1).astype(np.float32)
    rng = np.random.default_rng(0)
    tol = max(2.0, 0.04 * r)
    best: tuple[int, np.ndarray] | None = None
    for _ in range(80):
        pick = rng.choice(len(pts), 6, replace=False) if len(pts) >= 6 else np.arange(len(pts))
        if len(set(ray[pick].tolist())) < 5:
            continue
        try:
            (ex, ey), (d1, d2), ang = cv2.fitEllipse(pts[pick])
        except cv2.error:
            continue
        if not np.isfinite([ex, ey, d1, d2]).all() or min(d1, d2) < 0.55 * max(d1, d2) or max(d1, d2) > 4 * r:
            continue
        near = _ellipse_distance(pts, ex, ey, d1 / 2, d2 / 2, ang) <= tol
        score = int(np.count_nonzero(np.bincount(ray[near], minlength=len(t))))  # rays it passes near
        if best is None or score > best[0]:
            best = (score, near)
            if score == len(t):  # every ray: no fit can do better
                break
    if best is None or best[0] < 0.5 * len(t):
        return None
    inl = pts[best[1]]
    (ex, ey), (d1, d2), ang = cv2.fitEllipse(inl)
    if min(d1, d2) >= ROUND * max(d1, d2):  # round: the fit's slight flattening is noise
        return Ring(float(ex), float(ey), (d1 + d2) / 4, (d1 + d2) / 4)
    return Ring(float(ex), float(ey), d1 / 2, d2 / 2, float(ang))


def _ellipse_distance(pts: np.ndarray, ex: float, ey: float, a: float, b: float, ang: float) -> np.ndarray:
    """Roughly how far points lie from an ellipse (along the ray from its centre)."""
    c, s_ = math.cos(math.radians(ang)), math.sin(math.radians(ang))
    dx, dy = pts[:, 0] - ex, pts[:, 1] - ey
    u, q = dx * c + dy * s_, -dx * s_ + dy * c
    phi = np.arctan2(q, u)
    er = (a * b) / np.hypot(b * np.cos(phi), a * np.sin(phi)).clip(1e-6)
    return np.abs(np.hypot(u, q) - er)


def find_rings(bgr: np.ndarray, red: np.ndarray) -> list[Ring]:
    """The seals' outlines on a page, each checked along its rim; one per seal (a double ring,
    or a circle found inside an oval, shares the seal's centre: the outer one is kept)."""
    import cv2

    # colour is stored at half resolution anyway: look at half size
    f = 2 if min(red.shape) >= 1000 else 1
    rs = shrunk(red, f) if f > 1 else red
    ppm = px_per_mm(rs.shape)
    rmin, rmax = MIN_DIAMETER_MM / 2 * ppm, MAX_DIAMETER_MM / 2 * ppm
    tol = max(2.0, 1.0 * ppm)
    cands: list[Ring] = []
    # the circles are looked for at half that size again (a seal is still 50 px across or more
    # there), then refitted and checked at this one
    g = 2 if min(rs.shape) >= 700 else 1
    rq = shrunk(rs, g) if g > 1 else rs
    circles = cv2.HoughCircles(
        cv2.GaussianBlur(rq, (5, 5), 1.2) if g == 1 else rq,
        cv2.HOUGH_GRADIENT_ALT,
        dp=1.5 if g == 1 else 1.0,
        minDist=max(8.0, rmin / g),
        param1=60,
        param2=0.6,
        minRadius=int(rmin / g),
        maxRadius=int(rmax / g) + 1,
    )
    if circles is not None:
        for cx, cy, r in circles[0]:
            cands.append(Ring(float(cx) * g, float(cy) * g, float(r) * g, float(r) * g))
    # each circle refitted as an ellipse (an oval seal is found as a circle or two inside it)
    cands += [x for x in (_refit(rs, c) for c in _loose(cands, rs, tol)) if x is not None]
    kept = _checked(cands, rs, rmin, rmax, tol)
    # ovals (and circles the transform missed): an ellipse fitted to the outline of each red blob,
    # first as found, then with the seals already found taken out (a seal touching another one
    # makes one blob with it)
    ink = (rs > INK).astype(np.uint8)
    k = max(3, int(round(1.5 * ppm)) | 1)
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (k, k))
    rest = ink.copy()
    for ring in kept:
        cv2.ellipse(
            rest, ((ring.cx, ring.cy), (2 * ring.a + 2 * tol, 2 * ring.b + 2 * tol), ring.angle), 0, -1
        )
    for mask in (ink, rest):
        closed = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, kernel)
        contours, _ = cv2.findContours(closed, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_NONE)
        blobs: list[Ring] = []
        for c in contours:
            x, y, w, h = cv2.boundingRect(c)
            if not (1.2 * rmin <= max(w, h) <= 2 * rmax) or len(c) < 20:
                continue
            pts = cv2.convexHull(c) if mask is ink else c
            if len(pts) < 5:
                continue
            (ex, ey), (d1, d2), ang = cv2.fitEllipse(pts)
            blobs.append(Ring(float(ex), float(ey), d1 / 2, d2 / 2, float(ang)))
        blobs += [x for x in (_refit(rs, b) for b in _loose(blobs, rs, tol)) if x is not None]
        kept += _checked(blobs, rs, rmin, rmax, tol)
    # one ring per seal: the best supported first (then the outer one: a double ring's inner
    # circle shares the rim's centre)
    kept.sort(key=lambda r: (r.support < MIN_RIM_SUPPORT, -round(r.support, 1), -r.radius))
    out: list[Ring] = []
    for ring in kept:
        # a ring centred well inside a seal already kept is part of that seal (its inner ring,
        # characters the fit went round): two seals are never stamped that closely
        if all(math.hypot(ring.cx - o.cx, ring.cy - o.cy) >= 0.75 * o.radius for o in out):
            out.append(ring)
    out += _leftover_ink(ink, out, rmin, rmax, tol, kernel)
    return [Ring(r.cx * f, r.cy * f, r.a * f, r.b * f, r.angle, r.support) for r in out]


def _leftover_ink(
    ink: np.ndarray, rings: list[Ring], rmin: float, rmax: float, tol: float, kernel: np.ndarray
) -> list[Ring]:
    """Red ink of a seal's size that no ring found accounts for (a faint seal stamped between
    two others): each blob as a weak ring (support 0), read like a seal, so that a person is asked
    to look rather than told a seal is missing."""
    import cv2

    rest = ink.copy()
    for ring in rings:
        cv2.ellipse(
            rest, ((ring.cx, ring.cy), (2 * ring.a + 2 * tol, 2 * ring.b + 2 * tol), ring.angle), 0, -1
        )
    closed = cv2.morphologyEx(rest, cv2.MORPH_CLOSE, kernel)
    contours, _ = cv2.findContours(closed, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    out: list[Ring] = []
    for c in contours:
        x, y, w, h = cv2.boundingRect(c)
        if not (rmin <= max(w, h) <= 2 * rmax) or min(w, h) < 0.8 * rmin:  # a red line of text is thin
            continue
        if int(rest[y : y + h, x : x + w].sum()) < 2 * rmin * tol:
            continue
        r = min(max(w, h) / 2, rmax)
        cx, cy = x + w / 2, y + h / 2
        if all(math.hypot(cx - o.cx, cy - o.cy) >= 0.75 * o.radius for o in rings + out):
            out.append(Ring(cx, cy, max(r, rmin), max(r, rmin), 0.0, 0.0))
    return out
