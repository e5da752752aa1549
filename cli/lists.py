"""Registry lists a data team keeps: exclusion lists imported (`intake exclusions import`) and
consortia cancelled or reinstated (`intake consortia cancel|reinstate`); each change re-runs the
registry's rules and prints the UNIT_EXCLUDED flags it moved."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cli.common import opened_registry, refused

if TYPE_CHECKING:
    from pipeline.registry import Registry


def cmd_exclusions(a: argparse.Namespace) -> int:
    import datetime as dt

    from pipeline.exclusions import ExclusionError, import_exclusions
    from pipeline.sheets import SheetError

    def change(reg: Registry) -> list[str]:
        rep = import_exclusions(
            reg,
            a.file,
            source=a.source or Path(a.file).name,
            by=a.by,
            list_kind=a.list,
            starts_on=dt.date.fromisoformat(a.starts) if a.starts else None,
            ends_on=dt.date.fromisoformat(a.ends) if a.ends else None,
        )
        return [
            f"{a.file}: {rep.taken} entries added, {rep.already} already held, {len(rep.not_taken)} rows not taken",
            *(f"  sheet {x['sheet']}: {x['reason']}" for x in rep.sheets_skipped),
            *(f"  row {x['where']}: {x['reason']}  ({x['row']})" for x in rep.not_taken),
        ]

    return _change_and_recheck(a, change, (ExclusionError, SheetError, ValueError), f"{a.file}: ")


def cmd_consortia(a: argparse.Namespace) -> int:
    import datetime as dt

    from pipeline.exclusions import ExclusionError, cancel_consortium

    def change(reg: Registry) -> list[str]:
        done = cancel_consortium(
            reg,
            a.consortium,
            dt.date.fromisoformat(a.on),
            by=a.by,
            reason=a.reason,
            jurisdiction=a.jurisdiction,
            reinstate=a.action == "reinstate",
        )
        return [
            f"{done['action']}: {done['consortium']} ({done['jurisdiction']}) on {done['on']} by {done['by']}; {done['units']} units recorded"
        ]

    return _change_and_recheck(a, change, (ExclusionError, ValueError))


def _change_and_recheck(
    a: argparse.Namespace,
    change: Callable[[Registry], list[str]],
    errors: tuple[type[Exception], ...],
    where: str = "",
) -> int:
    """Change the registry's lists (printing the lines the change returns; a refused change is
    said on stderr, after `where`), then run its rules again and print the UNIT_EXCLUDED flags
    that moved."""
    with opened_registry(a) as reg:
        try:
            lines = change(reg)
        except errors as e:
            return refused(f"{where}{e}")
        for line in lines:
            print(line)
        _recheck_and_print(reg, "UNIT_EXCLUDED")
        return 0


def _recheck_and_print(reg: Any, code: str) -> None:
    """The registry's rules again (the lists changed): print the flags of `code` that moved."""
    from pipeline.recheck import recheck

    report = recheck(reg)
    for k in ("new", "resolved"):
        moved = [f for f in report[k] if f["code"] == code]
        for f in moved:
            print(f"  {k} {f['code']} {f['consortium'] or ''} {f['unit'] or ''}: {f['message']}")
