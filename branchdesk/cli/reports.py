"""`branchdesk report annual`: the year-end workbook or PDF volume (issue 7)."""

from __future__ import annotations

import argparse
import gc
from pathlib import Path

from branchdesk.cli.common import open_db
from branchdesk.cli.console import say
from branchdesk.services.annual_report.records import generate_report
from branchdesk.services.collector import collector_paused
from branchdesk.services.errors import ServiceError


def annual(args: argparse.Namespace) -> int:
    if args.format != "xlsx":  # the PDF's layout does make cycles, and a district's volume is large
        return _annual(args)
    # Opening, gathering and writing the workbook make no cycles worth a walk: the collector stays off
    # for the whole command instead of scanning everything the report holds each time it would wake,
    # and what the command leaves (the modules it loaded) is frozen before it wakes: the process ends.
    with collector_paused():
        code = _annual(args)
        gc.freeze()
        return code


def _annual(args: argparse.Namespace) -> int:
    db = open_db(args, daily_backup=False)  # a report writes nothing to the database
    try:
        result = generate_report(db, args.year, args.format, Path(args.out), branch=args.branch,
                                 masked=not args.unmasked, with_findings=getattr(args, "with_findings", False),
                                 submitter=getattr(args, "submitter", None) or "")
    except ServiceError as exc:
        say(f"无法生成报表：{exc}")
        return 1
    finally:
        db.close()
    say(result.summary)
    return 0
