"""The OCR engine's parameters: detection on a reduced page, recognition on the full one, the
angle classifier off by default, and the inference backend chosen by INTAKE_OCR_ENGINE (OpenVINO
where installed, onnxruntime otherwise), always on the models shipped in the wheel."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from extractors.readers import ocr_engine


def test_detection_is_reduced_and_recognition_keeps_the_full_page():
    p = ocr_engine.engine_params()
    assert p["Det.limit_type"] == "max" and p["Det.limit_side_len"] == ocr_engine.DET_SIDE
    assert p["Global.max_side_len"] >= 2339  # A4 at 200 dpi, kept whole for the crops
    assert p["Global.use_cls"] is False


def test_onnxruntime_when_asked(monkeypatch):
    monkeypatch.setenv("INTAKE_OCR_ENGINE", "onnxruntime")
    assert ocr_engine.backend() == "onnxruntime"
    assert not any(k.endswith("engine_type") for k in ocr_engine.engine_params())


@pytest.mark.skipif(importlib.util.find_spec("openvino") is None, reason="openvino not installed")
def test_openvino_by_default_on_the_wheels_models(monkeypatch):
    monkeypatch.delenv("INTAKE_OCR_ENGINE", raising=False)
    assert ocr_engine.backend() == "openvino"
    p = ocr_engine.engine_params()
    for task in ("Det", "Rec"):
        assert Path(p[f"{task}.model_path"]).is_file()  # nothing fetched at run time


def test_a_share_of_the_cores_is_not_pinned(monkeypatch):
    """OpenVINO pins inference threads to cores, each process from the first core on: readers that
    share a machine (INTAKE_OCR_THREADS set) would all run on one core. A process alone keeps the
    pinning."""
    monkeypatch.delenv("INTAKE_OCR_ENGINE", raising=False)
    monkeypatch.setenv("INTAKE_OCR_THREADS", "1")
    p = ocr_engine.engine_params()
    assert p["EngineConfig.openvino.enable_cpu_pinning"] is False
    assert p["EngineConfig.openvino.inference_num_threads"] == 1
    monkeypatch.delenv("INTAKE_OCR_THREADS")
    assert "EngineConfig.openvino.enable_cpu_pinning" not in ocr_engine.engine_params()


def test_recognition_inputs_come_in_a_few_widths_and_read_the_same():
    """Line images of any width reach the recogniser padded to one of a few widths (an OpenVINO
    session prepares itself anew for every input shape it meets), and a line reads the same."""
    import cv2
    import numpy as np

    rec = ocr_engine.engine()._load_rec_model()
    widths = set()
    for w in range(300, 1400, 7):  # a line of text 48 px high, every width from 300 to 1400 px
        img = np.full((48, w, 3), 255, np.uint8)
        widths.add(rec.resize_norm_img(img, w / 48).shape[-1])
    assert len(widths) <= 15  # of 158 widths asked for
    assert all(w == ocr_engine.padded_width(w) for w in widths)
    line = np.full((64, 520, 3), 255, np.uint8)
    from PIL import Image, ImageDraw

    from samples.seals import font

    pil = Image.fromarray(line)
    ImageDraw.Draw(pil).text((8, 10), "统一社会信用代码", fill=(0, 0, 0), font=font(40))
    from rapidocr.ch_ppocr_rec import TextRecInput

    # the recogniser alone (calling the engine with use_det=False would leave it so for the process)
    res = rec(TextRecInput(img=[cv2.cvtColor(np.asarray(pil), cv2.COLOR_RGB2BGR)]))
    assert "".join(res.txts) == "统一社会信用代码"
