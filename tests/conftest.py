"""Shared fixtures: the committed samples, the devset beside the project, a fresh registry, a small
web site."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples" / "submissions"
SHARED = Path(os.environ.get("INTAKE_SHARED", ROOT.parent / "shared"))
DEVSET = SHARED / "devset"
SCHEMA = SHARED / "contract" / "extraction.schema.json"


@pytest.fixture(scope="session")
def samples() -> Path:
    assert SAMPLES.is_dir(), "samples/submissions is missing: run python samples/make_samples.py"
    return SAMPLES


@pytest.fixture(scope="session")
def expected() -> dict:
    return json.loads((ROOT / "samples" / "expected.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def devset() -> Path:
    assert DEVSET.is_dir(), f"the devset is expected at {DEVSET} (../shared beside the project)"
    return DEVSET


@pytest.fixture(scope="session")
def truth(devset: Path) -> dict:
    return json.loads((devset / "truth.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def validator():
    import jsonschema

    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    return jsonschema.validators.validator_for(schema)(schema)


@pytest.fixture(scope="session")
def sub_validators():
    import jsonschema

    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)

    def v(ref: str):
        s = dict(schema)
        s["$ref"] = ref
        return cls(s)

    return v("#/$defs/submission"), v("#/$defs/flag")


@pytest.fixture()
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'registry.db'}"


@pytest.fixture(autouse=True)
def _fixed_day(monkeypatch):
    # cross-checks count consortia current on a day; tests pin it so they don't age
    monkeypatch.setenv("INTAKE_AS_OF", "2026-06-30")
    monkeypatch.setenv("INTAKE_CACHE_DIR", str(ROOT / ".cache"))


@pytest.fixture()
def small_site(tmp_path: Path) -> Iterator[dict[str, Any]]:
    """The web app over a new registry of one 广西 submission (S1: a lead and a university), with the
    users of every role."""
    from tests.factories import app_with, document, member

    members = [member("广西甲股份有限公司", tier="lead"), member("广西大学", kind="university", tier="core")]
    app = app_with(
        tmp_path / "out", "S1", [document("广西壮族自治区甲创新联合体", members, filing_date="2025-06-01")]
    )
    yield {"app": app, "out": tmp_path / "out", "reg": app.state.registry, "tmp": tmp_path}
    app.state.registry.close()
