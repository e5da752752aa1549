"""What the commands share: the registry a command names, opened and closed around its work, and
how a refused request is reported."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pipeline.registry import Registry


@contextmanager
def opened_registry(a: argparse.Namespace) -> Iterator[Registry]:
    """The registry of `--db` (else the one in `--out`), closed when the command is done."""
    from pipeline.registry import Registry

    reg = Registry.open(a.db, out_dir=a.out)
    try:
        yield reg
    finally:
        reg.close()


def refused(message: object) -> int:
    """Say on stderr why the command did nothing; its exit status (1)."""
    print(str(message), file=sys.stderr)
    return 1
