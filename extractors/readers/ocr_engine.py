"""The process's RapidOCR engine (PP-OCR models shipped inside the wheel): created once, reused,
and run one page at a time. Detection and recognition run on OpenVINO where it is installed (the
same .onnx models, read by OpenVINO: about twice as fast on CPU, the same readings), else on
onnxruntime; INTAKE_OCR_ENGINE chooses."""

from __future__ import annotations

import logging
import math
import threading
from typing import Any

import numpy as np

import settings

_ENGINE: Any = None
# A4 at 200 dpi is 1654 x 2339 px: the page is kept whole for recognition (RapidOCR's default
# downscales past 2000 px, and a code next to a seal then goes undetected), every text line cut
# from it at full resolution; detection, which costs most of a page (~6/7 at full size), looks at
# it scaled down to DET_SIDE on its long side (text lines of 11 pt are still ~16 px high there),
# its boxes carried back to the full page. The angle classifier (0/180 per line) runs only where
# the page's orientation is in doubt (ocr.ocr_page's `classify`): pages are stood upright first.
DET_SIDE = 1280
ENGINE_PARAMS = {
    "Global.log_level": "warning",
    "Global.max_side_len": 2400,
    "Det.limit_type": "max",
    "Det.limit_side_len": DET_SIDE,
    "Global.use_cls": False,
}
_LOCK = threading.Lock()
RUN_LOCK = threading.Lock()


def backend() -> str:
    """The inference engine OCR runs on: INTAKE_OCR_ENGINE, else openvino where installed, else
    onnxruntime (and onnxruntime where openvino was asked for but is not installed)."""
    import importlib.util

    has_openvino = importlib.util.find_spec("openvino") is not None
    chosen = settings.ocr_engine()
    if chosen == "onnxruntime" or not has_openvino:
        return "onnxruntime"
    return "openvino"


def engine_params() -> dict[str, Any]:
    """RapidOCR's parameters for this process: ENGINE_PARAMS, the backend, its threads."""
    from pathlib import Path

    import rapidocr
    from rapidocr import EngineType

    params: dict[str, Any] = dict(ENGINE_PARAMS)
    threads = settings.ocr_threads()
    if backend() == "openvino":
        models = Path(rapidocr.__file__).parent / "models"
        for task, model in (("Det", "PP-OCRv6_det_small.onnx"), ("Rec", "PP-OCRv6_rec_small.onnx")):
            if (models / model).exists():  # the wheel's models, never one fetched at run time
                params[f"{task}.engine_type"] = EngineType.OPENVINO
                params[f"{task}.model_path"] = str(models / model)
        if threads:
            params["EngineConfig.openvino.inference_num_threads"] = threads
            # a share of the cores: OpenVINO pins its inference threads to cores by default,
            # and every process pins its first thread to the same core, so two readers (two
            # Dask workers, the plain loop's two worker processes) would share one core while
            # the other idles. A process alone on the machine (threads unset) keeps the pinning
            params["EngineConfig.openvino.enable_cpu_pinning"] = False
    if threads:  # e.g. 1 per Dask worker, so that the workers are the parallelism
        params["EngineConfig.onnxruntime.intra_op_num_threads"] = threads
    return params


def padded_width(width: int, floor: int = 320) -> int:
    """The width a recogniser input of `width` pixels is padded to: one of a few sizes (eight an
    octave, 64 px apart at least), `floor` at least (RapidOCR's own: 320). OpenVINO prepares its
    kernels anew for every input shape it has not met (~60 ms on this machine, several times the
    inference itself), and line widths are any number: rounded up to these, a process meets some
    thirty shapes, not thousands.

    >>> [padded_width(w) for w in (100, 320, 321, 700, 1100, 5000)]
    [320, 320, 384, 704, 1152, 5120]
    >>> [padded_width(w, floor=128) for w in (100, 129, 250, 321)]
    [128, 192, 256, 384]
    """
    w = max(floor, int(width))
    step = max(64, (1 << (w.bit_length() - 1)) // 8)
    return -(-w // step) * step


def padded_ratio(ratio: float, height: int, floor: int = 320) -> float:
    """A width-to-height ratio (RapidOCR's max_wh_ratio) for which the recogniser's input is
    padded_width wide: int(height * ratio) is then exactly that width."""
    return (padded_width(math.ceil(height * ratio), floor) + 0.5) / height


SEAL_FLOOR = 128  # a seal's unwrapped name is often a short line: padded to 320, it cost 2-3x


def _padded(rec: Any, floor: int = 320) -> Any:
    """A RapidOCR TextRecognizer whose batches are padded to padded_width (the padding is blank
    to the recogniser, as RapidOCR's own padding of a batch to its widest line is)."""
    resize = rec.resize_norm_img
    height = rec.rec_image_shape[1]

    def resize_norm_img(img: Any, max_wh_ratio: float) -> Any:
        return resize(img, padded_ratio(max_wh_ratio, height, floor))

    rec.resize_norm_img = resize_norm_img
    return rec


def engine() -> Any:
    """The process's RapidOCR engine (created on first use; models load from the wheel)."""
    global _ENGINE
    with _LOCK:
        if _ENGINE is None:
            for name in ("RapidOCR", "rapidocr"):
                logging.getLogger(name).setLevel(logging.WARNING)
            from rapidocr import RapidOCR

            _ENGINE = RapidOCR(params=engine_params())
            _padded(_ENGINE._load_rec_model())
            for name in ("RapidOCR", "rapidocr"):
                logging.getLogger(name).setLevel(logging.WARNING)
    return _ENGINE


_SEAL_REC: dict[str, Any] = {}
SEAL_RUN_LOCK = threading.Lock()


def seal_recogniser() -> tuple[Any, threading.Lock]:
    """A second recogniser (the same model and settings as the engine's, a session of its own)
    for the seals' arc text, with its lock: it runs beside the page's recognition."""
    with _LOCK:
        rec = _SEAL_REC.get("rec")
    if rec is None:
        import copy

        from rapidocr.ch_ppocr_rec import TextRecognizer

        cfg = copy.deepcopy(engine()._load_rec_model().cfg)  # the engine's settings and backend
        # one thread, on no particular core: it runs beside the page's recognition
        for k, v in (
            ("inference_num_threads", 1),
            ("enable_cpu_pinning", False),
            ("intra_op_num_threads", 1),
        ):
            if k in cfg.engine_cfg:
                cfg.engine_cfg[k] = v
        with _LOCK:
            if "rec" not in _SEAL_REC:
                made = _padded(TextRecognizer(cfg), SEAL_FLOOR)
                # one inference on the thread that makes it: the engine's Python binding sets up
                # its NumPy interface on first use, and two threads doing that at once (the page's
                # detection and the seals' first line) deadlocked a reader for good
                made.session(np.zeros((1, 3, made.rec_image_shape[1], SEAL_FLOOR), np.float32))
                _SEAL_REC["rec"] = made
            rec = _SEAL_REC["rec"]
    return rec, SEAL_RUN_LOCK
