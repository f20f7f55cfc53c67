"""`branchdesk template KIND --out FILE`: an empty workbook to fill in. It opens no database, so it
imports only the area's template writer."""

from __future__ import annotations

import argparse
from pathlib import Path

from branchdesk.cli.console import say
from branchdesk.cli.main import KIND_NAMES, TEMPLATES, load


def write_template(args: argparse.Namespace) -> int:
    load(TEMPLATES[args.kind])(Path(args.out))
    say(f"已生成{KIND_NAMES.get(args.kind, args.kind)}模板：{args.out}")
    return 0
