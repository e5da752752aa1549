"""The terminal progress callback and the result of the running flow, kept apart from the flow
functions: a
flow function shipped to a Dask cluster is pickled with what it references, and a progress bar
(locks, a console) can't travel."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

_CURRENT: dict[str, Callable[[Any, bool], None] | None] = {}


def set_current(fn: Callable[[Any, bool], None] | None) -> None:
    _CURRENT["fn"] = fn


def current() -> Callable[[Any, bool], None] | None:
    return _CURRENT.get("fn")


_RESULT: dict[str, Any] = {}


def set_result(result: Any) -> None:
    """The run's result, for the command line's summary (the flow runs in this process)."""
    _RESULT["last"] = result


def pop_result() -> Any:
    return _RESULT.pop("last", None)
