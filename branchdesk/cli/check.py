"""`branchdesk check`: the rule findings of every area, as text or JSON."""

from __future__ import annotations

import argparse
import json

from branchdesk.cli.common import open_db
from branchdesk.cli.console import say
from branchdesk.domain.findings import SEVERITY_LABELS
from branchdesk.services.checks import run_checks
from branchdesk.services.errors import ServiceError


def check(args: argparse.Namespace) -> int:
    db = open_db(args, daily_backup=False)  # the check writes nothing to the database
    try:
        findings = run_checks(db, year=args.year, as_of=args.as_of, branch=args.branch)
    except ServiceError as exc:  # a branch's own PC asked about another branch
        say(str(exc))
        return 1
    finally:
        db.close()
    if args.json:
        say(json.dumps([f.to_json() for f in findings], ensure_ascii=False, indent=2))
    else:
        for finding in findings:
            where = " ".join(x for x in (finding.branch, finding.person, finding.period) if x)
            say(f"[{SEVERITY_LABELS[finding.severity]}] {where}：{finding.message}")
            if finding.annotation:  # the reason given when the record was saved (说明), as the window shows it
                say(f"    说明：{finding.annotation}")
        say(f"共 {len(findings)} 条。")
    return 0
