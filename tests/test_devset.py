"""The acceptance scorer on the visible corpus (../shared/devset), through the real CLI."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from tests.conftest import ROOT, SHARED


@pytest.mark.slow
def test_scorer_on_the_devset(devset, tmp_path):
    out = tmp_path / "out"
    env_cmd = f"{sys.executable} -m cli"
    proc = subprocess.run(
        [
            sys.executable,
            str(SHARED / "scorer" / "score.py"),
            "--corpus",
            str(devset),
            "--intake",
            env_cmd,
            "--out",
            str(out),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=1800,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    line = proc.stdout.strip().splitlines()[-1]
    assert line.startswith("SCORE "), proc.stdout[-2000:]
    score = {k: float(v) for k, v in re.findall(r"(\w+)=(-?[\d.]+)", line)}
    print(line)
    assert score["schema_errors"] == 0
    assert score["fields"] >= 0.98
    assert score["members_f1"] >= 0.98
    assert score["clauses"] >= 0.99
    assert score["scan_fields"] >= 0.90
    assert score["flags_f1"] >= 0.95
