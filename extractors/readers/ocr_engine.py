"""The process's RapidOCR engine (PP-OCR models shipped inside the wheel): created once, reused,
and run one page at a time."""

from __future__ import annotations

import logging
import threading
from typing import Any

import settings

_ENGINE: Any = None
# A4 at 200 dpi is 1654 x 2339 px: keep it whole (RapidOCR's default downscales past 2000 px, and a
# code next to a seal then goes undetected)
ENGINE_PARAMS = {"Global.log_level": "warning", "Global.max_side_len": 2400}
_LOCK = threading.Lock()
RUN_LOCK = threading.Lock()


def engine() -> Any:
    """The process's RapidOCR engine (created on first use; models load from the wheel)."""
    global _ENGINE
    with _LOCK:
        if _ENGINE is None:
            for name in ("RapidOCR", "rapidocr"):
                logging.getLogger(name).setLevel(logging.WARNING)
            from rapidocr import RapidOCR

            params: dict[str, Any] = dict(ENGINE_PARAMS)
            threads = settings.ocr_threads()
            if threads:  # e.g. 1 per Dask worker, so that the workers are the parallelism
                params["EngineConfig.onnxruntime.intra_op_num_threads"] = threads
            _ENGINE = RapidOCR(params=params)
            for name in ("RapidOCR", "rapidocr"):
                logging.getLogger(name).setLevel(logging.WARNING)
    return _ENGINE
