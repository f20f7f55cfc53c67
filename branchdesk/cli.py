"""The `branchdesk` command. It calls the same services as the window, so all bulk work is
scriptable and testable. Without a sub-command it starts the window.

    branchdesk [--db DB]                      start the window
    branchdesk import KIND FILE [--dry-run]   roster, meetings, development, mentoring, rectification
    branchdesk export KIND --out FILE         the same kinds, as formatted workbooks
    branchdesk template KIND --out FILE       an empty workbook to fill in
    branchdesk demo [--db DB]                 a realistic demo database
    branchdesk check --year YEAR [--json]     rule findings of every area
    branchdesk report annual --year YEAR --format xlsx|pdf --out FILE [--branch NAME] [--unmasked]
                                              the year-end workbook or PDF volume
    branchdesk backup [--out FILE] [--list] [--encrypt]   back up (default: into the backup folder)
    branchdesk restore FILE                   restore a backup (the current database is backed up first)
    branchdesk migrate-data --from A --to B   move all data into an empty database (file or PostgreSQL URL)
    branchdesk use-database [TARGET]          the database opened without --db (e.g. a shared server)

Each area registers its kinds in the tables below as "module:function" so this file stays small and
importing it stays fast (the modules load only when their command runs).
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

# kind -> "module:function(db, path, args) -> ImportReport"
IMPORTERS: dict[str, str] = {
    "roster": "branchdesk.services.cli_adapters:import_roster",
    "meetings": "branchdesk.services.meetings_cli:import_ledger",
    "mentoring": "branchdesk.services.mentoring_cli:import_mentoring",
    "rectification": "branchdesk.services.rectification_export:cli_import",
    "development": "branchdesk.services.development_cli:import_development",
    "study-hours": "branchdesk.services.study_hours_io:cli_import",
}
# kind -> "module:function(db, path, args) -> str (a one-line summary)"
EXPORTERS: dict[str, str] = {
    "roster": "branchdesk.services.cli_adapters:export_roster",
    "meetings": "branchdesk.services.meetings_cli:export_ledger",
    "meeting-record": "branchdesk.services.meetings_cli:export_record",
    "mentoring": "branchdesk.services.mentoring_cli:export_mentoring",
    "rectification": "branchdesk.services.rectification_export:cli_export",
    "development": "branchdesk.services.development_cli:export_development",
    "study-hours": "branchdesk.services.study_hours_io:cli_export",
}
# kind -> "module:function(path) -> None"
TEMPLATES: dict[str, str] = {
    "roster": "branchdesk.services.roster_export:export_roster_template",
    "mentoring": "branchdesk.services.mentoring_export:export_mentoring_template",
    "rectification": "branchdesk.services.rectification_export:cli_template",
    "meetings": "branchdesk.services.meetings_export:export_meetings_template",
    "development": "branchdesk.services.development_import:export_development_template",
    "study-hours": "branchdesk.services.study_hours_io:cli_template",
}
KIND_NAMES = {"roster": "党员花名册", "meetings": "三会一课台账", "development": "发展党员工作台账",
              "mentoring": "结对帮扶台账", "rectification": "整改台账", "study-hours": "党员学习学时台账"}


def _load(target: str) -> Callable[..., Any]:
    module, _, name = target.partition(":")
    return getattr(importlib.import_module(module), name)


def _print(text: str) -> None:
    """Print Chinese text even where the console's code page cannot (old Windows consoles)."""
    try:
        print(text)
    except UnicodeEncodeError:
        sys.stdout.buffer.write((text + "\n").encode(sys.stdout.encoding or "utf-8", errors="replace"))


def _open_db(args: argparse.Namespace, *, create: bool = False):  # type: ignore[no-untyped-def]
    """Open --db (or the configured database). A command that only reads or exports never creates
    a database: a mistyped --db must not look like an empty school with no problems."""
    from branchdesk.db.migrate import DatabaseOpenError
    from branchdesk.services import session

    if not create and args.db and "://" not in args.db and not Path(args.db).expanduser().exists():
        raise DatabaseOpenError(f"找不到数据库文件“{args.db}”，请检查 --db 的路径（新建数据库请用 demo 或 import）")
    return session.open(args.db)


def _date_arg(text: str) -> date:
    from branchdesk.domain.dates import DateParseError, parse_date

    try:
        value = parse_date(text)
    except DateParseError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    if value is None:
        raise argparse.ArgumentTypeError("日期不能为空")
    return value


def _readable_workbook(path: Path) -> bool:
    """A file that is not even a workbook fails at once: no backup slot is spent on it."""
    from branchdesk.io.xlsx_reader import ImportFileError, check_workbook_file

    try:
        check_workbook_file(path)
    except ImportFileError:
        return False
    return True


def cmd_import(args: argparse.Namespace) -> int:
    db = _open_db(args, create=True)
    try:
        if not args.dry_run and _readable_workbook(Path(args.file)):
            from branchdesk.services.backups import backup_before_import

            backup_before_import(db)  # issue 8: a backup before every import that may write
        report = _load(IMPORTERS[args.kind])(db, Path(args.file), args)
    finally:
        db.close()
    _print(report.to_text())
    return 0 if report.ok else 1


def cmd_export(args: argparse.Namespace) -> int:
    """Exit 0 with a summary line, or 1 with the reason (nothing half-written: files are saved atomically)."""
    from branchdesk.services.errors import ServiceError

    db = _open_db(args)
    try:
        _print(_load(EXPORTERS[args.kind])(db, Path(args.out), args))
    except ServiceError as exc:
        _print(f"导出失败：{exc}")
        return 1
    except OSError as exc:
        _print(f"导出失败：无法写入“{args.out}”（{exc.strerror or exc}）。请检查文件夹是否存在、是否可写，文件是否正被 Excel 打开。")
        return 1
    finally:
        db.close()
    return 0


def cmd_template(args: argparse.Namespace) -> int:
    _load(TEMPLATES[args.kind])(Path(args.out))
    _print(f"已生成{KIND_NAMES.get(args.kind, args.kind)}模板：{args.out}")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from branchdesk.services.demo import DemoRefused, build_demo

    db = _open_db(args, create=True)
    try:
        summary = build_demo(db, today=args.as_of or date.today())
    except DemoRefused as exc:
        _print(str(exc))
        return 1
    finally:
        db.close()
    _print(summary)
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from branchdesk.services.checks import run_checks

    db = _open_db(args)
    try:
        findings = run_checks(db, year=args.year, as_of=args.as_of, branch=args.branch)
    finally:
        db.close()
    if args.json:
        _print(json.dumps([f.to_json() for f in findings], ensure_ascii=False, indent=2))
    else:
        from branchdesk.domain.findings import SEVERITY_LABELS

        for finding in findings:
            where = " ".join(x for x in (finding.branch, finding.person, finding.period) if x)
            _print(f"[{SEVERITY_LABELS[finding.severity]}] {where}：{finding.message}")
        _print(f"共 {len(findings)} 条。")
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    return int(_load("branchdesk.services.backups_cli:backup")(args, _print))


def cmd_restore(args: argparse.Namespace) -> int:
    return int(_load("branchdesk.services.backups_cli:restore")(args, _print))


def cmd_encryption(args: argparse.Namespace) -> int:
    return int(_load("branchdesk.services.encryption_cli:run")(args, _print))


def cmd_report(args: argparse.Namespace) -> int:
    """`branchdesk report annual`: the year-end workbook or PDF volume (issue 7)."""
    from branchdesk.services.annual_report import generate_report
    from branchdesk.services.errors import ServiceError

    db = _open_db(args)
    try:
        result = generate_report(db, args.year, args.format, Path(args.out), branch=args.branch,
                                 masked=not args.unmasked)
    except ServiceError as exc:
        _print(f"无法生成报表：{exc}")
        return 1
    finally:
        db.close()
    _print(result.summary)
    return 0


def cmd_migrate_data(args: argparse.Namespace) -> int:
    from branchdesk.services.migrate_data import MigrateDataError, migrate_data

    _load("branchdesk.services.encryption_cli:unlock_if_needed")(args.source, _print)  # an encrypted file
    try:
        result = migrate_data(args.source, args.target,
                              progress=lambda i, n, table: _print(f"[{i}/{n}] {table}"))
    except MigrateDataError as exc:
        _print(str(exc))
        return 1
    _print(result.to_text())
    return 0 if result.ok else 1


def cmd_use_database(args: argparse.Namespace) -> int:
    """Choose the database the window and the commands open without --db (a committee's server)."""
    from branchdesk.services.database_location import (
        choose_database,
        current_database,
        reset_database_choice,
        shown,
    )

    if args.default:
        _print(f"已恢复为本机默认数据库：{reset_database_choice()}")
    elif args.target:
        setting = choose_database(args.target)
        _print(f"今后不带 --db 时将打开：{shown(args.target)}\n（设置保存在 {setting}）")
    else:
        _print(f"当前数据库：{current_database()}")
    return 0


def cmd_gui(args: argparse.Namespace) -> int:
    from branchdesk.app import run_app

    return run_app(args.db)


# argparse's own words, in Chinese (it looks `_` up at call time, so replacing it is enough)
_ARGPARSE_ZH = {
    "usage: ": "用法：",
    "positional arguments": "参数",
    "options": "选项",
    "show this help message and exit": "显示本帮助并退出",
    "show program's version number and exit": "显示版本号并退出",
    "%(prog)s: error: %(message)s\n": "%(prog)s：命令有误：%(message)s\n",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "invalid choice: %(value)r (choose from %(choices)s)": "无效的选择 %(value)r（可选：%(choices)s）",
    "the following arguments are required: %s": "缺少必需的参数：%s",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "expected one argument": "需要一个值",
    "invalid %(type)s value: %(value)r": "无效的值 %(value)r",
}


def _localise_argparse() -> None:
    argparse._ = lambda text: _ARGPARSE_ZH.get(text, text)  # type: ignore[attr-defined]


def build_parser() -> argparse.ArgumentParser:
    _localise_argparse()
    parser = argparse.ArgumentParser(prog="branchdesk", description="BranchDesk 支部台账")
    from branchdesk import __version__

    parser.add_argument("--version", action="version", version=f"BranchDesk 支部台账 {__version__}",
                        help="显示版本号并退出")
    parser.add_argument("--db", help="数据库文件（默认：用户数据文件夹中的 branchdesk.sqlite）")
    parser.set_defaults(func=cmd_gui)
    sub = parser.add_subparsers(dest="command")

    def common(p: argparse.ArgumentParser) -> None:
        p.add_argument("--db", default=argparse.SUPPRESS, help="数据库文件")

    p = sub.add_parser("gui", help="打开窗口")
    common(p)
    p.set_defaults(func=cmd_gui)

    p = sub.add_parser("import", help="从 Excel 导入")
    p.add_argument("kind", choices=sorted(IMPORTERS), help="台账种类：roster 花名册、meetings 三会一课、development 发展党员、mentoring 结对帮扶、rectification 整改台账、study-hours 党员学习培训记录")
    p.add_argument("file", help="要导入的 Excel 工作簿（.xlsx）")
    p.add_argument("--dry-run", action="store_true", help="只检查，不写入")
    p.add_argument("--ledger", help="整改台账名称（没有这本台账时新建）")
    p.add_argument("--source", help="新建整改台账时的问题来源（默认取文件中的“问题来源”列）")
    p.add_argument("--branch", help="新建整改台账所属的党支部（默认为学校党委）")
    p.add_argument("--create-orgs", action="store_true",
                   help="花名册中有系统里还没有的党支部、党小组时，确认新建（首次导入不需要）")
    common(p)
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("export", help="导出为 Excel")
    p.add_argument("kind", choices=sorted(EXPORTERS), help="台账种类（同 import；meeting-record 为一次会议记录 PDF）")
    p.add_argument("--out", required=True)
    p.add_argument("--unmasked", action="store_true", help="导出完整的公民身份号码和电话")
    p.add_argument("--year", type=int)
    p.add_argument("--branch")
    p.add_argument("--ledger")
    p.add_argument("--format", choices=("xlsx", "pdf"), default="xlsx")
    p.add_argument("--month", help="月份，如 2025-06（整改台账月度销号 PDF）")
    p.add_argument("--id", type=int, help="会议记录编号（导出一次会议的记录为 PDF）")
    common(p)
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("template", help="生成空白导入模板")
    p.add_argument("kind", choices=sorted(TEMPLATES), help="台账种类（同 import）")
    p.add_argument("--out", required=True)
    p.set_defaults(func=cmd_template)

    p = sub.add_parser("demo", help="生成演示数据库")
    p.add_argument("--as-of", type=_date_arg, help="演示数据以哪一天为“今天”")
    common(p)
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("check", help="按规则检查，列出问题和提醒")
    p.add_argument("--year", type=int, default=date.today().year)
    p.add_argument("--as-of", type=_date_arg)
    p.add_argument("--branch")
    p.add_argument("--json", action="store_true")
    common(p)
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("report", help="生成年度报表（Excel 工作簿或 PDF 汇编）")
    reports = p.add_subparsers(dest="report", required=True)
    p = reports.add_parser("annual", help="年度党建工作台账汇编")
    p.add_argument("--year", type=int, required=True, help="年度，如 2025")
    p.add_argument("--format", choices=("xlsx", "pdf"), required=True)
    p.add_argument("--out", required=True, help="输出文件")
    p.add_argument("--branch", help="只生成这个党支部的报表（默认全校）")
    p.add_argument("--unmasked", action="store_true", help="列出完整的公民身份号码和联系电话")
    common(p)
    p.set_defaults(func=cmd_report)

    p = sub.add_parser("backup", help="备份数据库（默认存入备份文件夹）")
    p.add_argument("--out", help="备份到这个文件")
    p.add_argument("--list", action="store_true", help="列出已有的备份")
    p.add_argument("--encrypt", action="store_true", help="加密打包（需 --out，会询问密码）")
    common(p)
    p.set_defaults(func=cmd_backup)

    p = sub.add_parser("restore", help="从备份恢复数据库（先自动备份当前数据库）")
    p.add_argument("file", help="备份文件（branchdesk backup --list 可列出）")
    common(p)
    p.set_defaults(func=cmd_restore)

    _load("branchdesk.services.encryption_cli:add_parser")(sub, common, cmd_encryption)

    p = sub.add_parser("migrate-data", help="把全部数据迁移到另一个（新建的空）数据库，如本校共享的 PostgreSQL 数据库")
    p.add_argument("--from", dest="source", required=True, help="原数据库：文件或 postgresql+psycopg://… 地址")
    p.add_argument("--to", dest="target", required=True, help="目标数据库（必须是空的）：文件或服务器地址")
    p.set_defaults(func=cmd_migrate_data)

    p = sub.add_parser("use-database", help="设置默认打开的数据库（如本校共享的 PostgreSQL 数据库）")
    p.add_argument("target", nargs="?", help="数据库文件或 postgresql+psycopg://用户@服务器/数据库 地址")
    p.add_argument("--default", action="store_true", help="恢复为本机数据文件夹中的默认数据库")
    p.set_defaults(func=cmd_use_database)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if not hasattr(args, "db"):
        args.db = None
    if args.func is not cmd_gui and args.func is not cmd_template:
        from branchdesk.db.migrate import DatabaseOpenError

        try:
            if args.func not in (cmd_encryption, cmd_migrate_data, cmd_use_database):  # its password first
                _load("branchdesk.services.encryption_cli:unlock_if_needed")(args.db, _print)
            return int(args.func(args))
        except DatabaseOpenError as exc:
            _print(f"无法打开数据库：{exc}")
            return 3
        except Exception as exc:
            from branchdesk.services.backups import BackupFailed

            if isinstance(exc, BackupFailed):
                _print(str(exc))
                return 4
            from branchdesk.services.encryption import EncryptionFailed

            if isinstance(exc, EncryptionFailed):
                _print(str(exc))
                return 6
            from branchdesk.services.backups import storage_problem

            problem = storage_problem(exc)
            if problem:  # disk full, read-only folder, USB drive pulled out (issue 8)
                _print(problem)
                return 5
            raise
    return int(args.func(args))


if __name__ == "__main__":
    raise SystemExit(main())
