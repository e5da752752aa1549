"""Registry lists a data team keeps: exclusion lists imported (`intake exclusions import`) and
consortia cancelled or reinstated (`intake consortia cancel|reinstate`); each change re-runs the
registry's rules and prints the UNIT_EXCLUDED flags it moved."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any


def cmd_exclusions(a: argparse.Namespace) -> int:
    import datetime as dt

    from pipeline.exclusions import ExclusionError, import_exclusions
    from pipeline.registry import Registry
    from pipeline.sheets import SheetError

    reg = Registry.open(a.db, out_dir=a.out)
    try:
        try:
            rep = import_exclusions(
                reg,
                a.file,
                source=a.source or Path(a.file).name,
                by=a.by,
                list_kind=a.list,
                starts_on=dt.date.fromisoformat(a.starts) if a.starts else None,
                ends_on=dt.date.fromisoformat(a.ends) if a.ends else None,
            )
        except (ExclusionError, SheetError, ValueError) as e:
            print(f"{a.file}: {e}", file=sys.stderr)
            return 1
        print(
            f"{a.file}: {rep.taken} entries added, {rep.already} already held, {len(rep.not_taken)} rows not taken"
        )
        for x in rep.sheets_skipped:
            print(f"  sheet {x['sheet']}: {x['reason']}")
        for x in rep.not_taken:
            print(f"  row {x['where']}: {x['reason']}  ({x['row']})")
        _recheck_and_print(reg, "UNIT_EXCLUDED")
        return 0
    finally:
        reg.close()


def cmd_consortia(a: argparse.Namespace) -> int:
    import datetime as dt

    from pipeline.exclusions import ExclusionError, cancel_consortium
    from pipeline.registry import Registry

    reg = Registry.open(a.db, out_dir=a.out)
    try:
        try:
            done = cancel_consortium(
                reg,
                a.consortium,
                dt.date.fromisoformat(a.on),
                by=a.by,
                reason=a.reason,
                jurisdiction=a.jurisdiction,
                reinstate=a.action == "reinstate",
            )
        except (ExclusionError, ValueError) as e:
            print(str(e), file=sys.stderr)
            return 1
        print(
            f"{done['action']}: {done['consortium']} ({done['jurisdiction']}) on {done['on']} by {done['by']}; {done['units']} units recorded"
        )
        _recheck_and_print(reg, "UNIT_EXCLUDED")
        return 0
    finally:
        reg.close()


def _recheck_and_print(reg: Any, code: str) -> None:
    """The registry's rules again (the lists changed): print the flags of `code` that moved."""
    from pipeline.recheck import recheck

    report = recheck(reg)
    for k in ("new", "resolved"):
        moved = [f for f in report[k] if f["code"] == code]
        for f in moved:
            print(f"  {k} {f['code']} {f['consortium'] or ''} {f['unit'] or ''}: {f['message']}")
