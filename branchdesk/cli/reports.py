"""`branchdesk report annual`: the year-end workbook or PDF volume (issue 7)."""

from __future__ import annotations

import argparse
from pathlib import Path

from branchdesk.cli.common import open_db
from branchdesk.cli.console import say
from branchdesk.services.annual_report.records import generate_report
from branchdesk.services.errors import ServiceError


def annual(args: argparse.Namespace) -> int:
    db = open_db(args)
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
