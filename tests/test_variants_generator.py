"""The blind variant generator (samples/variants) writes a corpus whose truth matches its files."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
GEN = ROOT / "samples" / "variants"


@pytest.mark.slow
def test_small_corpus_matches_its_truth(tmp_path):
    out = tmp_path / "corpus"
    subprocess.run(
        [sys.executable, str(GEN / "generate.py"), "--out", str(out), "--seed", "5", "--n-submissions", "6"],
        check=True,
        capture_output=True,
        timeout=900,
    )
    truth = json.loads((out / "truth.json").read_text(encoding="utf-8"))
    assert len(truth["submissions"]) == 9  # 6 consortia + 3 legacy alliances
    # every file the truth names exists with its sha256, every record validates, and the text of each
    # Word and born-digital PDF file holds what its record says
    res = subprocess.run([sys.executable, str(GEN / "verify.py"), str(out)], capture_output=True, text=True)
    assert res.returncode == 0, res.stdout[-2000:]
    assert "0 problems" in res.stdout
    codes = {f["code"] for s in truth["submissions"] for f in s["flags"]}
    assert codes, "a small corpus still carries planted submission flags"
    clean = [s for s in truth["submissions"] if not s["flags"] and s["rules"] != "legacy"]
    planted = [s for s in truth["submissions"] if s["flags"]]
    assert clean and planted
    for s in truth["submissions"]:
        assert s["truth_notes"], s["id"]
