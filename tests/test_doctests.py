"""The examples in the extractors', models' and pipeline's docstrings (python-stdnum style) are run as tests."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import extractors
import models
import pipeline


def _modules() -> list[str]:
    out = []
    for pkg in (extractors, models, pipeline):
        for m in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + "."):
            if ".migrations" not in m.name:  # Alembic's scripts run only under Alembic
                out.append(m.name)
    return sorted(out)


def _with_examples() -> list[str]:
    finder = doctest.DocTestFinder()
    return [n for n in _modules() if any(t.examples for t in finder.find(importlib.import_module(n)))]


@pytest.mark.parametrize("name", _with_examples())
def test_docstring_examples(name):
    res = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert res.attempted > 0 and res.failed == 0
