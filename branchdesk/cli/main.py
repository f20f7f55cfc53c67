"""The `branchdesk` command. It calls the same services as the window, so all bulk work is
scriptable and testable. Without a sub-command it starts the window.

    branchdesk [--db DB]                      start the window
    branchdesk import KIND FILE [--dry-run]   roster, meetings, development, mentoring, rectification, study-hours,
                                              dues, dues-base
    branchdesk export KIND --out FILE         the same kinds, as formatted workbooks
    branchdesk template KIND --out FILE       an empty workbook to fill in
    branchdesk demo [--db DB]                 a realistic demo database
    branchdesk check --year YEAR [--json]     rule findings of every area
    branchdesk verify [--accept]              检查数据库: file, links, history, records vs history, anchors
    branchdesk report annual --year YEAR --format xlsx|pdf --out FILE [--branch NAME] [--unmasked]
                                              the year-end workbook or PDF volume
    branchdesk backup [--out FILE] [--list] [--encrypt]   back up (default: into the backup folder)
    branchdesk restore FILE                   restore a backup (the current database is backed up first)
    branchdesk encryption ACTION              encrypt the database, change its password, recover …
    branchdesk migrate-data --from A --to B   move all data into an empty database (file or PostgreSQL URL)
    branchdesk use-database [TARGET]          the database opened without --db (e.g. a shared server)
    branchdesk package add-site|join|export|import|status|resolve   数据包 between committee and branches

This module only builds the parser and runs the chosen command. Each command is named here as
"module:function" and imported by `load` when it runs, so `branchdesk --version` or a template does not
pay for SQLAlchemy, the encryption stack, reportlab or Qt (measured with `python -X importtime`).
The commands themselves live beside this module, one module per area (cli/roster.py …).
"""

from __future__ import annotations

import argparse
import atexit
import functools
import gc
import importlib
import sys
from collections.abc import Callable
from datetime import date
from typing import Any, cast

# kind -> "module:function(db, path, args) -> ImportReport"
IMPORTERS: dict[str, str] = {
    "roster": "branchdesk.cli.roster:import_roster",
    "meetings": "branchdesk.cli.meetings:import_ledger",
    "mentoring": "branchdesk.cli.mentoring:import_mentoring",
    "rectification": "branchdesk.cli.rectification:import_rectification",
    "development": "branchdesk.cli.development:import_development",
    "study-hours": "branchdesk.cli.study_hours:import_study_hours",
    "dues": "branchdesk.cli.dues:import_dues",
    "dues-base": "branchdesk.cli.dues:import_dues_base",
}
# kind -> "module:function(db, path, args) -> str (a one-line summary)"
EXPORTERS: dict[str, str] = {
    "roster": "branchdesk.cli.roster:export_roster",
    "meetings": "branchdesk.cli.meetings:export_ledger",
    "meeting-record": "branchdesk.cli.meetings:export_record",
    "mentoring": "branchdesk.cli.mentoring:export_mentoring",
    "rectification": "branchdesk.cli.rectification:export_rectification",
    "development": "branchdesk.cli.development:export_development",
    "study-hours": "branchdesk.cli.study_hours:export_study_hours",
    "dues": "branchdesk.cli.dues:export_dues",
}
# kind -> "module:function(path) -> None"
TEMPLATES: dict[str, str] = {
    "roster": "branchdesk.cli.roster:template",
    "mentoring": "branchdesk.cli.mentoring:template",
    "rectification": "branchdesk.cli.rectification:template",
    "meetings": "branchdesk.cli.meetings:template",
    "development": "branchdesk.cli.development:template",
    "study-hours": "branchdesk.cli.study_hours:template",
    "dues": "branchdesk.cli.dues:template",
    "dues-base": "branchdesk.cli.dues:base_template",
}
KIND_NAMES = {"roster": "党员花名册", "meetings": "三会一课台账", "development": "发展党员工作台账",
              "mentoring": "结对帮扶台账", "rectification": "整改台账", "study-hours": "党员学习学时台账",
              "dues": "党费收缴登记表", "dues-base": "党员缴费基数表"}

GUI = "branchdesk.cli.main:run_gui"
TEMPLATE = "branchdesk.cli.templates:write_template"
_DIRECT = {GUI, TEMPLATE}  # open no database here: no password prompt, no storage-error wording
_OWN_PASSWORD = {"branchdesk.cli.encryption:run", "branchdesk.cli.storage:migrate",
                 "branchdesk.cli.storage:use_database"}  # these ask (or need) no password up front


def load(target: str) -> Callable[..., Any]:
    """The one lazy loader: "module:function" -> the function, importing its module only now."""
    module, _, name = target.partition(":")
    return cast(Callable[..., Any], getattr(importlib.import_module(module), name))


def run_gui(args: argparse.Namespace) -> int:
    from branchdesk.app import run_app

    return run_app(args.db)


def _date_arg(text: str) -> date:
    from branchdesk.domain.dates import DateParseError, parse_date

    try:
        value = parse_date(text)
    except DateParseError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    if value is None:
        raise argparse.ArgumentTypeError("日期不能为空")
    return value


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
    # argparse has no public hook for its messages; it calls the module-level gettext alias `_`.
    argparse._ = lambda text: _ARGPARSE_ZH.get(text, text)  # type: ignore[attr-defined]  # argparse's private gettext


def build_parser() -> argparse.ArgumentParser:
    _localise_argparse()
    parser = argparse.ArgumentParser(prog="branchdesk", description="BranchDesk 支部台账")
    from branchdesk import __version__

    parser.add_argument("--version", action="version", version=f"BranchDesk 支部台账 {__version__}",
                        help="显示版本号并退出")
    parser.add_argument("--db", help="数据库文件（默认：用户数据文件夹中的 branchdesk.sqlite）")
    parser.set_defaults(run=GUI)
    sub = parser.add_subparsers(dest="command")

    def common(p: argparse.ArgumentParser) -> None:
        p.add_argument("--db", default=argparse.SUPPRESS, help="数据库文件")

    p = sub.add_parser("gui", help="打开窗口")
    common(p)
    p.set_defaults(run=GUI)

    p = sub.add_parser("import", help="从 Excel 导入")
    p.add_argument("kind", choices=sorted(IMPORTERS), help="台账种类：roster 花名册、meetings 三会一课、development 发展党员、mentoring 结对帮扶、rectification 整改台账、study-hours 党员学习培训记录、dues 党费收缴登记表、dues-base 党员缴费基数表")
    p.add_argument("file", help="要导入的 Excel 工作簿（.xlsx）")
    p.add_argument("--dry-run", action="store_true", help="只检查，不写入")
    p.add_argument("--ledger", help="整改台账名称（没有这本台账时新建）")
    p.add_argument("--source", help="新建整改台账时的问题来源（默认取文件中的“问题来源”列）")
    p.add_argument("--branch", help="新建整改台账所属的党支部（默认为学校党委；本校只有一个党支部时为该党支部）")
    p.add_argument("--create-orgs", action="store_true",
                   help="花名册中有系统里还没有的党支部、党小组时，确认新建（首次导入不需要）")
    p.add_argument("--year", type=int, help="年度（党费表的标题和月份都没写年份时使用）")
    common(p)
    p.set_defaults(run="branchdesk.cli.workbooks:import_file")

    p = sub.add_parser("export", help="导出为 Excel")
    p.add_argument("kind", choices=sorted(EXPORTERS), help="台账种类（同 import；meeting-record 为一次会议记录 PDF）")
    p.add_argument("--out", required=True, help="输出文件（Excel 为 .xlsx，PDF 为 .pdf）")
    p.add_argument("--unmasked", action="store_true", help="导出完整的公民身份号码和电话")
    p.add_argument("--year", type=int, help="年度，如 2025：三会一课只导出这一年的会议；党费、党员学习学时导出这一年的"
                                            "（默认今年）；整改台账月度销号 PDF 的年份")
    p.add_argument("--branch", help="只导出这个党支部的（花名册、三会一课、发展党员、党员学习学时、党费；默认全校）")
    p.add_argument("--ledger", help="整改台账名称（只导出这一本；默认全部）")
    p.add_argument("--format", choices=("xlsx", "pdf"), default="xlsx",
                   help="导出格式：xlsx 为 Excel 工作簿（默认）；pdf 只用于三会一课会议记录和整改台账月度销号")
    p.add_argument("--month", help="月份，如 2025-06（整改台账月度销号 PDF）")
    p.add_argument("--id", type=int, help="会议记录编号（导出一次会议的记录为 PDF）")
    common(p)
    p.set_defaults(run="branchdesk.cli.workbooks:export_file")

    p = sub.add_parser("template", help="生成空白导入模板")
    p.add_argument("kind", choices=sorted(TEMPLATES), help="台账种类（同 import）")
    p.add_argument("--out", required=True, help="空白模板保存为这个文件（.xlsx）")
    p.set_defaults(run=TEMPLATE)

    p = sub.add_parser("demo", help="生成演示数据库")
    p.add_argument("--as-of", type=_date_arg, help="演示数据以哪一天为“今天”")
    common(p)
    p.set_defaults(run="branchdesk.cli.demo:demo")

    p = sub.add_parser("check", help="按规则检查，列出问题和提醒")
    p.add_argument("--year", type=int, default=date.today().year, help="检查哪一年度，如 2026（默认今年）")
    p.add_argument("--as-of", type=_date_arg,
                   help="按哪一天的情况检查，如 2026-12-04（默认今天）：到这一天已过期的列为问题，快到期的列为提醒")
    p.add_argument("--branch", help="只检查这个党支部（默认全校）")
    p.add_argument("--json", action="store_true", help="以 JSON 格式输出，供其他程序读取（含规则编号）")
    common(p)
    p.set_defaults(run="branchdesk.cli.check:check")

    p = sub.add_parser("holidays", help="法定节假日安排：list 查看、add 添加下一年的安排、remove 删除（用于计算公示的工作日）")
    p.add_argument("action", choices=("list", "add", "remove"), nargs="?", default="list",
                   help="list 查看（默认）、add 添加、remove 删除")
    p.add_argument("--year", type=int, help="年份，如 2027")
    p.add_argument("--holidays", help="放假日期，如 \"2027-01-01, 2027-02-06至2027-02-12\"")
    p.add_argument("--workdays", help="调休上班日期（周末上班），如 \"2027-02-14\"")
    common(p)
    p.set_defaults(run="branchdesk.cli.rules:holidays")

    p = sub.add_parser("member", help="党员的支部调整（move）、组织关系转入（transfer-in）、离开本单位（left-unit）、"
                                      "回到本单位（returned-unit）、"
                                      "党纪处分（discipline）、经批准不计入应到会（not-expected），按日期登记；"
                                      "list 列出已登记的（带记录编号），"
                                      "--record 编号 修改其中一条；撤销最近一次支部调整（undo-move）")
    p.add_argument("action", choices=("move", "transfer-in", "left-unit", "returned-unit", "discipline",
                                      "not-expected", "undo-move", "list"),
                   help="move 支部调整、transfer-in 组织关系转入、left-unit 离开本单位、returned-unit 回到本单位、"
                        "discipline 党纪处分、"
                        "not-expected 经批准不计入应到会（自 --on 起，至 --until 止，不填为长期）、"
                        "undo-move 撤销最近一次支部调整、list 列出已登记的")
    p.add_argument("--name", help="党员姓名")
    p.add_argument("--id", type=int, help="党员编号（同名时用）")
    p.add_argument("--on", type=_date_arg, help="日期：调整、转入、离开或处分决定之日（--record 修改时可不填）")
    p.add_argument("--record", type=int, help="修改已登记的这一条（编号见 list）；未给出的项保持原样")
    p.add_argument("--to", help="move：调入的党支部")
    p.add_argument("--group", help="move：编入调入支部的党小组（可不填）")
    p.add_argument("--where", help="transfer-in：转出的党组织；left-unit：去向单位；returned-unit：从何处回来")
    p.add_argument("--kind", choices=("警告", "严重警告", "撤销党内职务", "留党察看", "开除党籍"), help="discipline：处分种类")
    p.add_argument("--until", type=_date_arg, help="discipline：恢复党员权利（留党察看期满）之日")
    p.add_argument("--no-until", action="store_true", help="discipline、not-expected --record：清除期满（截止）日期")
    p.add_argument("--why", choices=("长期出国（境）", "因病等无法表达本人意志", "外出半年以上", "受留党察看处分", "停止党籍"),
                   help="not-expected：不计入应到会的原因（党章第七条）")
    p.add_argument("--approved-on", type=_date_arg, help="not-expected：批准日期")
    p.add_argument("--approved-by", help="not-expected：批准人/组织，如 党支部委员会")
    p.add_argument("--reason", help="原因或说明")
    common(p)
    p.set_defaults(run="branchdesk.cli.membership:member")

    p = sub.add_parser("report", help="生成年度报表（Excel 工作簿或 PDF 汇编）")
    reports = p.add_subparsers(dest="report", required=True)
    p = reports.add_parser("annual", help="年度党建工作台账汇编")
    p.add_argument("--year", type=int, required=True, help="年度，如 2025")
    p.add_argument("--format", choices=("xlsx", "pdf"), required=True,
                   help="输出格式：xlsx 为 Excel 工作簿（每类台账一张表），pdf 为按检查清单编排的 PDF 汇编")
    p.add_argument("--out", required=True, help="输出文件")
    p.add_argument("--branch", help="只生成这个党支部的报表（默认全校）")
    p.add_argument("--unmasked", action="store_true", help="列出完整的公民身份号码和联系电话")
    p.add_argument("--with-findings", action="store_true", help="附上对照规定自查发现的问题（附录）")
    p.add_argument("--submitter", help="报送单位（印在封面，如 中共XX区教育工作委员会）")
    common(p)
    p.set_defaults(run="branchdesk.cli.reports:annual")

    p = sub.add_parser("verify", help="检查数据库：文件、关联、修改记录、每条记录与修改记录是否一致、锚点（有问题时返回 1）")
    p.add_argument("--accept", action="store_true",
                   help="确认现状：把发现的记录差异记入修改记录并重新锚定（只在确认是自己的改动时使用）")
    common(p)
    p.set_defaults(run="branchdesk.cli.storage:verify")

    p = sub.add_parser("backup", help="备份数据库（默认存入备份文件夹）")
    p.add_argument("--out", help="备份到这个文件，或这个文件夹（以 / 结尾的文件夹没有时会新建）")
    p.add_argument("--list", action="store_true", help="列出已有的备份")
    p.add_argument("--encrypt", action="store_true", help="加密打包（需 --out，会询问密码）")
    common(p)
    p.set_defaults(run="branchdesk.cli.storage:backup")

    p = sub.add_parser("restore", help="从备份恢复数据库（先自动备份当前数据库）")
    p.add_argument("file", help="备份文件（branchdesk backup --list 可列出）")
    p.add_argument("--other-database", action="store_true",
                   help="文件不是当前数据库的备份（另一所学校或另一个支部的数据库）时，仍用它替换当前数据库")
    common(p)
    p.set_defaults(run="branchdesk.cli.storage:restore")

    p = sub.add_parser("encryption", help="数据库加密：status 状态、enable 启用、disable 关闭、password 改密码、"
                                          "recover 用恢复密钥设新密码、new-recovery-key 更换恢复密钥、"
                                          "lock-minutes 自动锁定时间")
    p.add_argument("action", choices=("status", "enable", "disable", "password", "recover", "new-recovery-key",
                                      "lock-minutes"),
                   help="status 状态、enable 启用、disable 关闭、password 改密码、recover 用恢复密钥设新密码、"
                        "new-recovery-key 更换恢复密钥、lock-minutes 自动锁定时间")
    p.add_argument("minutes", nargs="?", type=int, default=None,
                   help="自动锁定的分钟数（0 为不自动锁定；不写则显示当前设置）")
    common(p)
    p.set_defaults(run="branchdesk.cli.encryption:run")

    p = sub.add_parser("migrate-data", help="把全部数据迁移到另一个（新建的空）数据库，如本校共享的 PostgreSQL 数据库")
    p.add_argument("--from", dest="source", required=True, help="原数据库：文件或 postgresql+psycopg://… 地址")
    p.add_argument("--to", dest="target", required=True, help="目标数据库（必须是空的）：文件或服务器地址")
    p.set_defaults(run="branchdesk.cli.storage:migrate")

    _package_parser(sub, common)

    p = sub.add_parser("use-database", help="设置默认打开的数据库（如本校共享的 PostgreSQL 数据库）")
    p.add_argument("target", nargs="?", help="数据库文件或 postgresql+psycopg://用户@服务器/数据库 地址")
    p.add_argument("--default", action="store_true", help="恢复为本机数据文件夹中的默认数据库")
    p.set_defaults(run="branchdesk.cli.storage:use_database")
    return parser


def _package_parser(sub: Any, common: Callable[[argparse.ArgumentParser], None]) -> None:
    """`branchdesk package …` (数据包, issue 20; cli/exchange.py)."""
    top = sub.add_parser("package", help="数据包：党委与各支部之间用文件交换数据（上报 / 下发）")
    actions = top.add_subparsers(dest="action", required=True)
    p = actions.add_parser("add-site", help="党委：添加支部站点，写出给该支部的设置文件")
    p.add_argument("branch", help="党支部名称")
    p.add_argument("--out", required=True, help="设置文件，或文件夹（以 / 结尾的文件夹没有时会新建）")
    p.add_argument("--replace", action="store_true", help="支部换了电脑或设置文件丢失：停用旧站点，重新添加")
    common(p)
    p = actions.add_parser("join", help="支部：用党委给的设置文件加入数据交换")
    p.add_argument("setup", help="设置文件（.bdsetup）")
    p.add_argument("--code", help="设置码（不填则提示输入，输入时不显示）")
    common(p)
    p = actions.add_parser("export", help="写出数据包（支部：上报；党委：下发）")
    p.add_argument("--to", help="给哪个站点（党委有多个支部站点时必填：支部名称）")
    p.add_argument("--out", required=True, help="数据包文件（.bdpkg），或文件夹（以 / 结尾的文件夹没有时会新建）")
    common(p)
    p = actions.add_parser("import", help="接收数据包并合并")
    p.add_argument("file", help="数据包文件（.bdpkg）")
    common(p)
    p = actions.add_parser("status", help="本站点、对方站点、数据包和待处理的冲突")
    p.add_argument("--conflicts", action="store_true", help="逐条列出冲突的两个版本")
    p.add_argument("--unmasked", action="store_true", help="冲突中显示完整的公民身份号码和联系电话")
    common(p)
    p = actions.add_parser("resolve", help="处理一条冲突")
    p.add_argument("id", type=int, help="冲突编号（package status --conflicts 可列出）")
    p.add_argument("--keep", required=True, choices=("local", "remote"), help="local 保留本机版本；remote 采用对方版本")
    common(p)
    for parser in (top, *actions.choices.values()):
        parser.set_defaults(run="branchdesk.cli.exchange:run")


def main(argv: list[str] | None = None) -> int:
    """Run a command; its output ends quietly when the reader goes away (`… | head -1`)."""
    from branchdesk.cli.console import BROKEN_PIPE_EXIT, silence_stdout

    try:
        code = _run(argv)
        if sys.stdout is not None:  # None in the windowed program
            sys.stdout.flush()  # a broken pipe shows on this flush when the output was short
    except BrokenPipeError:
        silence_stdout()
        return BROKEN_PIPE_EXIT
    return code


@functools.cache
def _skip_the_last_collection() -> None:
    """At exit Python walks every object once more for reference cycles to free (about 25 ms after
    the annual workbook), memory the system takes back at once anyway. Frozen just before, they are
    left out of that walk. Nothing is lost: a command closes its files and databases itself before it
    returns, and Python never promised to finalize objects still alive at exit. Not for the window,
    whose Qt objects are taken down by their own exit handlers. Once per process (cached)."""
    atexit.register(gc.freeze)


def _run(argv: list[str] | None) -> int:
    # Start-up allocates the objects of every module it imports and frees next to nothing: the cyclic
    # garbage collector would walk them all, again and again, for nothing. It is switched on once the
    # command's modules are in, with those moved out of its way (gc.freeze) for the rest of the run.
    gc.disable()
    args = build_parser().parse_args(argv)
    if not hasattr(args, "db"):
        args.db = None
    command = load(args.run)
    gc.freeze()
    gc.enable()
    if args.run != GUI:
        _skip_the_last_collection()
    if args.run in _DIRECT:
        return int(command(args))
    from branchdesk.cli.common import run_guarded, unlock_if_needed, with_notices

    def run() -> int:
        if args.run not in _OWN_PASSWORD:  # an encrypted database asks for its password first
            unlock_if_needed(args.db)
        return int(command(args))

    return run_guarded(with_notices(run))


if __name__ == "__main__":
    raise SystemExit(main())
