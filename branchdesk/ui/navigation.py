"""The areas of the product in the navigation list, in order. Each names its page class through a
small function that imports the page's module when the page is first shown: importing every page at
start-up would add more than a second before the window appears (measured), and a page not visited
costs nothing."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from branchdesk.ui.context import AppContext

    PageClass = Callable[[AppContext, QWidget], QWidget]  # a page class: Page(context, parent)


@dataclass(frozen=True)
class Area:
    key: str
    title: str
    page: Callable[[], PageClass]  # the page's class, its module imported on first use
    summary: str  # what the area is for (tooltip, status bar)


def _home() -> PageClass:
    from branchdesk.ui.home_page import HomePage

    return HomePage


def _roster() -> PageClass:
    from branchdesk.ui.roster.roster_page import RosterPage

    return RosterPage


def _meetings() -> PageClass:
    from branchdesk.ui.meetings.meetings_page import MeetingsPage

    return MeetingsPage


def _theme_day() -> PageClass:
    from branchdesk.ui.meetings.meetings_page import ThemeDayPage

    return ThemeDayPage


def _development() -> PageClass:
    from branchdesk.ui.development.development_page import DevelopmentPage

    return DevelopmentPage


def _mentoring() -> PageClass:
    from branchdesk.ui.mentoring.mentoring_page import MentoringPage

    return MentoringPage


def _rectification() -> PageClass:
    from branchdesk.ui.rectification.rectification_page import RectificationPage

    return RectificationPage


def _dues() -> PageClass:
    from branchdesk.ui.dues.dues_page import DuesPage

    return DuesPage


def _reports() -> PageClass:
    from branchdesk.ui.reports.reports_page import ReportsPage

    return ReportsPage


def _settings() -> PageClass:
    from branchdesk.ui.settings.settings_page import SettingsPage

    return SettingsPage


AREAS: list[Area] = [
    Area("home", "首页", _home, "本月、本季度待办事项"),
    Area("roster", "组织与党员", _roster, "党组织设置和党员花名册"),
    Area("meetings", "三会一课", _meetings, "支部党员大会、支委会、党小组会、党课的记录、出勤和规定次数检查"),
    Area("themeday", "主题党日", _theme_day, "每月主题党日的计划与记录"),
    Area("development", "发展党员", _development, "从入党申请到转正的25个步骤及时限检查"),
    Area("mentoring", "结对帮扶", _mentoring, "青蓝工程师徒结对、党员帮扶学生及其活动记录"),
    Area("rectification", "整改台账", _rectification, "问题、整改措施、逐项销号和月度审核"),
    Area("dues", "党费", _dues, "党费收缴登记、缴费基数、欠交提醒和上缴"),
    Area("reports", "报表", _reports, "年度 Excel 台账和 PDF 汇编"),
    Area("settings", "设置", _settings, "学校信息、备份与恢复、数据库检查"),
]


def area(key: str) -> Area:
    for item in AREAS:
        if item.key == key:
            return item
    raise KeyError(key)


def build_page(item: Area, context: AppContext, parent: QWidget) -> QWidget:
    """The area's page, its module imported now."""
    return item.page()(context, parent)
