"""`branchdesk demo`: fill a new database with the demo school."""

from __future__ import annotations

import argparse
from datetime import date

from branchdesk.cli.common import open_db
from branchdesk.cli.console import say
from branchdesk.services.demo import DemoRefused, build_demo


def demo(args: argparse.Namespace) -> int:
    db = open_db(args, create=True)
    try:
        summary = build_demo(db, today=args.as_of or date.today())
    except DemoRefused as exc:
        say(str(exc))
        return 1
    finally:
        db.close()
    say(summary)
    return 0
