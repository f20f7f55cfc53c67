"""`branchdesk holidays`: the official holiday schedule the working-day count uses (公示 ≥ 5 个工作日).
The package knows the State Council's notices up to its release; next year's notice is added here
(or in 设置 → 规则与节假日) as soon as it is published."""

from __future__ import annotations

import argparse

from branchdesk.cli.common import open_db
from branchdesk.cli.console import say
from branchdesk.domain.workdays import DEFAULT_CALENDAR
from branchdesk.services.errors import ServiceError
from branchdesk.services.rule_settings import delete_schedule, list_schedules, save_schedule


def holidays(args: argparse.Namespace) -> int:
    db = open_db(args)
    try:
        if args.action == "add":
            if args.year is None:
                say("请用 --year 指定年份")
                return 2
            record = save_schedule(db, args.year, args.holidays or "", args.workdays or "")
            say(f"已添加 {record.year} 年节假日安排：放假 {len(record.holidays)} 天，调休上班 {len(record.workdays)} 天。")
        elif args.action == "remove":
            if args.year is None:
                say("请用 --year 指定年份")
                return 2
            delete_schedule(db, args.year)
            say(f"已删除 {args.year} 年的节假日安排。")
        else:
            last = DEFAULT_CALENDAR.last_known_year()
            say(f"程序自带的国务院节假日安排：2004 年至 {last} 年。")
            for record in list_schedules(db):
                days = "、".join(f"{d:%m-%d}" for d in record.holidays)
                worked = "、".join(f"{d:%m-%d}" for d in record.workdays) or "无"
                say(f"{record.year} 年（手工添加）：放假 {days}；调休上班 {worked}")
    except ServiceError as exc:
        say(str(exc))
        return 1
    finally:
        db.close()
    return 0
