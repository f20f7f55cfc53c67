"""The areas of the product in the navigation list. Each area sets `page` to "module:Class" once its
page exists; an area without a page shows, plainly, that it is not built yet."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Area:
    key: str
    title: str
    page: str | None
    summary: str  # what the area is for, shown while it is not built yet


AREAS: list[Area] = [
    Area("home", "首页", "branchdesk.ui.home_page:HomePage", "本月、本季度待办事项"),
    Area("roster", "组织与党员", "branchdesk.ui.roster.roster_page:RosterPage", "党组织设置和党员花名册"),
    Area("meetings", "三会一课", "branchdesk.ui.meetings.meetings_page:MeetingsPage", "支部党员大会、支委会、党小组会、党课的记录、出勤和规定次数检查"),
    Area("themeday", "主题党日", "branchdesk.ui.meetings.meetings_page:ThemeDayPage", "每月主题党日的计划与记录"),
    Area("development", "发展党员", "branchdesk.ui.development.development_page:DevelopmentPage", "从入党申请到转正的25个步骤及时限检查"),
    Area("mentoring", "结对帮扶", "branchdesk.ui.mentoring.mentoring_page:MentoringPage", "青蓝工程师徒结对、党员帮扶学生及其活动记录"),
    Area("rectification", "整改台账", "branchdesk.ui.rectification.rectification_page:RectificationPage",
         "问题、整改措施、逐项销号和月度审核"),
    Area("dues", "党费", "branchdesk.ui.dues.dues_page:DuesPage", "党费收缴登记、缴费基数、欠交提醒和上缴"),
    Area("reports", "报表", "branchdesk.ui.reports.reports_page:ReportsPage", "年度 Excel 台账和 PDF 汇编"),
    Area("settings", "设置", "branchdesk.ui.settings.settings_page:SettingsPage", "学校信息、备份与恢复、数据库检查"),
]


def area(key: str) -> Area:
    for item in AREAS:
        if item.key == key:
            return item
    raise KeyError(key)
