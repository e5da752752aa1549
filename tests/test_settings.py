"""One settings module reads every environment variable of intake, and the README lists them all."""

from __future__ import annotations

import ast

import settings
from tests.conftest import ROOT

PACKAGES = ("models", "extractors", "pipeline", "flows", "web", "cli")


def test_every_setting_is_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [s.name for s in settings.SETTINGS if f"`{s.name}`" not in readme]
    assert not missing, f"settings not documented in README.md: {missing}"


def _is_environ(node: ast.AST) -> bool:
    return isinstance(node, ast.Attribute) and node.attr == "environ"


def _reads_environ(node: ast.expr) -> bool:
    """os.environ.get(…), os.getenv(…) or os.environ[…] read (not written)."""
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        return (node.func.attr == "get" and _is_environ(node.func.value)) or node.func.attr == "getenv"
    return isinstance(node, ast.Subscript) and _is_environ(node.value) and isinstance(node.ctx, ast.Load)


def test_no_other_module_reads_the_environment():
    """os.environ.get, os.getenv and os.environ[...] (read) appear only in settings/; writing
    Prefect's variables (flows/env.py) and handing the environment to a child stay allowed."""
    offenders = []
    for pkg in PACKAGES:
        for path in (ROOT / pkg).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.expr) and _reads_environ(node):
                    offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not offenders, offenders


def test_values_are_read_when_asked(monkeypatch):
    monkeypatch.setenv("INTAKE_DOC_BUDGET_S", "12")
    assert settings.doc_budget_s() == 12
    monkeypatch.setenv("INTAKE_DOC_BUDGET_S", "not a number")
    assert settings.doc_budget_s() == 900
    monkeypatch.setenv("INTAKE_MAX_ZIP_RATIO", "50")
    from extractors.limits import Limits

    assert Limits.from_env().max_zip_ratio == 50
