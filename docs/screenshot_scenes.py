"""The scenes docs/make_screenshots.py takes: every page of the window on the demo school, and every
dialog a secretary meets, each in the state the guide talks about. Names starting with a page or
dialog name; `guide=True` also copies the picture into resources/help/images for 使用说明."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import Qt

GUIDE = {"page-home", "page-roster", "page-meetings", "page-development", "page-rectification", "page-reports",
         "page-settings-backup", "dialog-first-start-1", "dialog-first-start-2", "dialog-first-start-3",
         "dialog-first-start-4", "dialog-meeting-attendance", "dialog-development-step", "dialog-rule-warning",
         "dialog-close-off", "dialog-recovery-key", "dialog-member", "dialog-member-move",
         "dialog-member-move-undo"}


def shoot_everything(shooter, temp: Path, today: date) -> None:  # type: ignore[no-untyped-def]
    from branchdesk.app import make_application
    from branchdesk.services import session
    from branchdesk.services.demo import build_demo
    from branchdesk.ui.context import AppContext
    from branchdesk.ui.main_window import MainWindow

    app = make_application([])
    _first_start(shooter, temp)
    db = session.open(temp / "示范市第二中学.sqlite")
    build_demo(db, today=today)
    context = AppContext(db)
    window = MainWindow(context)
    window.setWindowState(window.windowState() | Qt.WindowState.WindowMaximized)
    window.show()
    shooter.settle()
    _pages(shooter, window)
    _dialogs(shooter, window, context, today)
    window.close()
    db.close()
    del app


def _save(shooter, widget, name: str) -> None:  # type: ignore[no-untyped-def]
    if shooter.wanted(name):
        shooter.save(widget, name, guide=name in GUIDE)


def _pages(shooter, window) -> None:  # type: ignore[no-untyped-def]
    from branchdesk.ui.navigation import AREAS

    for area in AREAS:
        name = f"page-{area.key}"
        if not any(shooter.wanted(n) for n in (name, f"{name}-")):
            continue
        window.open_area(area.key)
        shooter.settle()
        page = window.page(area.key)
        if area.key == "development" and page.proxy.rowCount():
            page.table.selectRow(3)  # a person with the timeline beside the list
            shooter.settle()
        _save(shooter, window, name)
        if area.key == "home":
            page.group.setChecked(True)
            _save(shooter, window, "page-home-grouped")
            page.group.setChecked(False)
        if area.key == "meetings":
            page.tabs.setCurrentWidget(page.calendar)
            _save(shooter, window, "page-meetings-calendar")
            page.tabs.setCurrentIndex(0)
        if area.key == "settings":
            for index in range(page.tabs.count()):
                page.tabs.setCurrentIndex(index)
                title = page.tabs.tabText(index)
                key = {"学校信息": "school", "备份与恢复": "backup", "检查数据库": "check", "回收站": "recycle",
                       "数据库位置": "database", "数据加密": "encryption", "台账记录": "records",
                       "规则与节假日": "rules", "数据交换": "exchange"}.get(title, str(index))
                _save(shooter, window, f"page-settings-{key}")
            page.tabs.setCurrentIndex(0)


def _first_start(shooter, temp: Path) -> None:  # type: ignore[no-untyped-def]
    if not shooter.wanted("dialog-first-start"):
        return
    from branchdesk.services import session
    from branchdesk.ui.context import AppContext
    from branchdesk.ui.setup.first_start import FirstStartDialog

    empty = session.open(temp / "新学校.sqlite")
    dialog = FirstStartDialog(AppContext(empty))
    dialog.show()
    shooter.settle(2)
    dialog.school.setText("青山镇学校")
    _save(shooter, dialog, "dialog-first-start-1")
    dialog.go(1)
    dialog.outline.setPlainText("小学党支部：低年级党小组、高年级党小组\n中学党支部\n    初一党小组\n    初二初三党小组\n"
                                "退休教师党支部")
    _save(shooter, dialog, "dialog-first-start-2")
    dialog.go(2)
    dialog.start_date.setText("2025年9月1日")
    _save(shooter, dialog, "dialog-first-start-3")
    dialog.go(2)
    dialog.forward()
    _save(shooter, dialog, "dialog-first-start-4")
    dialog.saved = True
    dialog.close()
    empty.close()


def _dialogs(shooter, window, context, today: date) -> None:  # type: ignore[no-untyped-def]
    from branchdesk.domain.findings import Finding, Severity
    from branchdesk.domain.idcard import make_id_number
    from branchdesk.domain.meetings.records import MeetingKind
    from branchdesk.domain.mentoring.records import PairStatus
    from branchdesk.domain.vocabulary import DisciplineKind, MoveKind, OrgKind
    from branchdesk.services.development.records import list_cases
    from branchdesk.services.meetings.records import get_meeting, list_meetings, prefill
    from branchdesk.services.mentoring.records import list_pairs
    from branchdesk.services.rectification import records as rect
    from branchdesk.services.roster.member_history import member_history
    from branchdesk.services.roster.membership import move_branch, record_discipline
    from branchdesk.services.roster.organisation import get_tree, list_orgs
    from branchdesk.services.roster.records import list_members
    from branchdesk.ui.about_dialog import AboutDialog
    from branchdesk.ui.development import dialogs as dev
    from branchdesk.ui.help_dialog import GuideWindow
    from branchdesk.ui.import_dialog import ImportDialog
    from branchdesk.ui.meetings.meeting_dialog import MeetingDialog
    from branchdesk.ui.meetings.plan_tab import PlanItemDialog
    from branchdesk.ui.meetings.study_dialog import StudyRecordDialog
    from branchdesk.ui.mentoring.activity_dialog import ActivityDialog
    from branchdesk.ui.mentoring.lists_dialog import ListsDialog
    from branchdesk.ui.mentoring.pair_dialog import PairDialog
    from branchdesk.ui.mentoring.result_dialogs import EvaluationDialog, OutcomeDialog, StatusDialog
    from branchdesk.ui.rectification.close_off_dialog import CloseOffDialog
    from branchdesk.ui.rectification.evidence_dialog import EvidenceDialog
    from branchdesk.ui.rectification.ledger_dialog import LedgerDialog
    from branchdesk.ui.rectification.measure_dialogs import (
        HistoryDialog,
        MeasureDialog,
        ProblemDialog,
        ProgressDialog,
        ReopenDialog,
    )
    from branchdesk.ui.roster.discipline_dialog import DisciplineDialog
    from branchdesk.ui.roster.leave_dialog import LeaveDialog
    from branchdesk.ui.roster.member_dialog import MemberDialog
    from branchdesk.ui.roster.move_correction import MoveCorrectionDialog
    from branchdesk.ui.roster.move_dialog import MoveDialog
    from branchdesk.ui.roster.org_panel import PostDialog
    from branchdesk.ui.roster.transfer_dialog import TransferDialog
    from branchdesk.ui.security.recovery_key_dialog import RecoveryKeyDialog
    from branchdesk.ui.settings.history_dialog import HistoryDialog as MemberHistoryDialog
    from branchdesk.ui.widgets.rule_warning import RuleWarningDialog

    db = context.db
    refs = list_orgs(db)
    branches = [r for r in refs if r.kind == OrgKind.BRANCH.value]
    groups = [r for r in refs if r.kind == OrgKind.GROUP.value]
    members = list_members(db)
    cases = list_cases(db)
    pair = next(p for p in list_pairs(db) if p.status == PairStatus.ACTIVE.value)
    ledger = rect.list_ledgers(db)[0]
    measures = rect.list_measures(db, ledger.id)
    open_measure = next(m for m in measures if m.status == "整改中")
    done_measure = next(m for m in measures if m.status == "已完成")
    closed_measure = next(m for m in measures if m.status == "已销号")
    branch_node = next(n for root in get_tree(db) for n in root.walk() if n.kind == OrgKind.BRANCH.value)

    def member_dialog():  # type: ignore[no-untyped-def]
        dialog = MemberDialog(context, branches, groups, None, window)
        dialog.name.setText("王晓梅")
        dialog.id_number.setText(make_id_number("140202", date(1983, 5, 17), 13, male=False))
        dialog.category.setCurrentText("正式党员")
        dialog.join_date.setText("2015.7.1")
        dialog.full_date.setText("2016-7-")
        dialog.full_date.show_problem()
        return dialog

    # one member with an earlier 支部调整 and 党纪处分, so the event forms show their history lines
    moved = next(m for m in members if m.category == "正式党员" and m.join_date and m.join_date.year < 2015)
    first_move = next(b for b in branches if b.id != moved.branch_id)
    move_branch(db, moved.id, first_move.id, date(today.year - 1, 9, 1), "任教年级调整")
    record_discipline(db, moved.id, DisciplineKind.WARNING, date(today.year - 2, 6, 20), reason="违反工作纪律")
    moved = next(m for m in list_members(db) if m.id == moved.id)
    target = next(b for b in reversed(branches) if b.id != moved.branch_id)

    def typed(field, text: str) -> None:  # type: ignore[no-untyped-def]
        field.setText(text)
        field.show_problem()

    def move_dialog(refused: bool = False):  # type: ignore[no-untyped-def]
        dialog = MoveDialog(context, moved, window)
        dialog.branch.setCurrentIndex(dialog.branch.findData(first_move.id if refused else target.id))
        typed(dialog.on, f"{today.year}.9.1")
        dialog.group.setCurrentIndex(dialog.group.count() - 1)
        dialog.reason.setText("任教年级调整")
        if refused:  # the branch the member is in: the service's refusal under the form
            dialog.save()
        return dialog

    def move_undo_dialog():  # type: ignore[no-untyped-def]
        dialog = MoveDialog(context, moved, window)
        dialog.history.setCurrentRow(0)  # the latest move selected: 删除此记录 / 修改日期/原因
        dialog.history.setFocus()
        return dialog

    def move_correct_dialog():  # type: ignore[no-untyped-def]
        from branchdesk.services.roster.membership import list_branch_moves

        return MoveCorrectionDialog(context, moved, list_branch_moves(db, moved.id)[-1], window)

    def transfer_in_dialog():  # type: ignore[no-untyped-def]
        dialog = TransferDialog(context, moved, MoveKind.TRANSFER_IN, window)
        typed(dialog.on, f"{today.year}年3月5日")
        dialog.where.setText("示范市第一中学党支部")
        return dialog

    def left_unit_dialog():  # type: ignore[no-untyped-def]
        dialog = TransferDialog(context, moved, MoveKind.LEFT_UNIT, window)
        typed(dialog.on, f"{today.year}/7/10")
        dialog.where.setText("退休离校")
        return dialog

    def discipline_dialog():  # type: ignore[no-untyped-def]
        dialog = DisciplineDialog(context, moved, window)
        dialog.kind.setCurrentIndex(dialog.kind.findText("留党察看"))
        typed(dialog.on, f"{today.year}1009")
        dialog.one_year.click()
        dialog.reason.setText("县教育局党委 X教党〔2026〕3号")
        return dialog

    def meeting_dialog():  # type: ignore[no-untyped-def]
        data = prefill(db, MeetingKind.CONGRESS.value, branch_id=branches[1].id, on=today - timedelta(days=1))
        dialog = MeetingDialog(context, data, None, window)
        dialog.topic.setText("学习贯彻全会精神，讨论发展对象")
        dialog.place.setText("党员活动室")
        dialog.has_vote.setChecked(True)
        dialog.sheet_model.set_status(range(1, 3), "请假")
        for row in range(1, 3):
            dialog.sheet_model.setData(dialog.sheet_model.index(row, 3), "外出培训")
        return dialog

    def finalised_meeting():  # type: ignore[no-untyped-def]
        summary = next(m for m in list_meetings(db) if m.finalised)
        record = get_meeting(db, summary.id)
        dialog = MeetingDialog(context, record.to_input(), record, window)
        dialog.tabs.setCurrentIndex(1)
        return dialog

    def step_dialog():  # type: ignore[no-untyped-def]
        case = next(c for c in cases if 2 not in c.steps and c.on(1))
        dialog = dev.StepDialog(context, case, 2, window)
        dialog.on.setText(f"{today:%Y%m%d}")
        dialog.people.setText("王书记")
        return dialog

    def rule_warning():  # type: ignore[no-untyped-def]
        finding = Finding(Severity.ERROR, "林晓：第2步 派人谈话，超过期限：收到入党申请书后一个月内派人谈话；"
                          "第1步 递交入党申请书 2026-07-06，期限 2026-08-06，超出 14 天（细则2026 第七条）",
                          rule="DEV-TALK-1M", source="细则2026 第七条", branch="高三年级党支部", person="林晓",
                          step="第2步 派人谈话", area="发展党员")
        dialog = RuleWarningDialog([finding], "“林晓”的这一步", window)
        dialog.reason.setPlainText("申请人外出支教，回校后即派人谈话")
        return dialog

    def close_off():  # type: ignore[no-untyped-def]
        dialog = CloseOffDialog(context, done_measure, window)
        dialog.verifier.setText("党委副书记")
        return dialog

    def step_meeting_tab(dialog):  # type: ignore[no-untyped-def]
        dialog.tabs.setCurrentIndex(0)

    scenes = [
        ("dialog-member", member_dialog, None),
        ("dialog-member-edit", lambda: MemberDialog(context, branches, groups, moved, window), None),
        ("dialog-member-move", move_dialog, None),
        ("dialog-member-move-refused", lambda: move_dialog(refused=True), None),
        ("dialog-member-move-undo", move_undo_dialog, None),
        ("dialog-member-move-correct", move_correct_dialog, None),
        ("dialog-member-transfer-in", transfer_in_dialog, None),
        ("dialog-member-left-unit", left_unit_dialog, None),
        ("dialog-member-discipline", discipline_dialog, None),
        ("dialog-meeting-attendance", meeting_dialog, step_meeting_tab),
        ("dialog-meeting-finalised", finalised_meeting, None),
        ("dialog-development-person", lambda: dev.PersonDialog(context, [b.name for b in branches], cases[0], window), None),
        ("dialog-development-step", step_dialog, None),
        ("dialog-development-vote", lambda: dev.StepDialog(context, cases[0], 15, window), None),
        ("dialog-development-review", lambda: dev.ReviewDialog(context, cases[0], window), None),
        ("dialog-development-document", lambda: dev.DocumentDialog(context, cases[0], window), None),
        ("dialog-development-outcome", lambda: dev.OutcomeDialog(context, cases[0], window), None),
        ("dialog-rule-warning", rule_warning, None),
        ("dialog-leave", lambda: LeaveDialog(context, members[3], window), None),
        ("dialog-post", lambda: PostDialog(context, branch_node, window), None),
        ("dialog-member-history", lambda: MemberHistoryDialog(
            context, "members", moved.id, f"{moved.name} 的修改记录", window,
            load=lambda masked: member_history(db, moved.id, masked=masked)), None),
        ("dialog-study", lambda: StudyRecordDialog(context, None, branches[0].id, window), None),
        ("dialog-plan-item", lambda: PlanItemDialog([k.value for k in MeetingKind], None, window), None),
        ("dialog-pair", lambda: PairDialog(context, pair, window), None),
        ("dialog-activity", lambda: ActivityDialog(context, pair, None, window), None),
        ("dialog-mentoring-outcome", lambda: OutcomeDialog(context, pair, window), None),
        ("dialog-mentoring-evaluation", lambda: EvaluationDialog(context, pair, window), None),
        ("dialog-mentoring-stop", lambda: StatusDialog(context, pair, PairStatus.STOPPED, window), None),
        ("dialog-mentoring-lists", lambda: ListsDialog(context, window), None),
        ("dialog-ledger", lambda: LedgerDialog(context, ledger, window), None),
        ("dialog-problem", lambda: ProblemDialog(context, ledger.id, ["贯彻落实党的教育方针"], ledger.source, window), None),
        ("dialog-measure", lambda: MeasureDialog(context, rect.list_problems(db, ledger.id), open_measure, window), None),
        ("dialog-progress", lambda: ProgressDialog(context, open_measure, window), None),
        ("dialog-close-off", close_off, None),
        ("dialog-reopen", lambda: ReopenDialog(context, closed_measure, window), None),
        ("dialog-evidence", lambda: EvidenceDialog(context, closed_measure, window), None),
        ("dialog-measure-history", lambda: HistoryDialog(context, closed_measure, window), None),
        ("dialog-import", lambda: ImportDialog(context, "导入党员花名册", lambda *a: None, window), None),  # type: ignore[arg-type,return-value]
        ("dialog-recovery-key", lambda: RecoveryKeyDialog("K7QH-2M9D-XP4T-8RWN-J3CF-V6YB-A5LG-E2SU-9TQK-H4ZP-M8DN-C7RW"
                                                          "-F3XV-B6JA", 3, db.path, window), None),
        ("dialog-guide", lambda: GuideWindow(window), None),
        ("dialog-about", lambda: AboutDialog(db, window), None),
    ]
    for name, make, before in scenes:
        shooter.dialog(make, name, guide=name in GUIDE, before=before)
    _changed_forms(shooter, window, context, today, moved)


def _changed_forms(shooter, window, context, today: date, moved) -> None:  # type: ignore[no-untyped-def]
    """The forms that record 不计入应到会, 回到本单位, 第19步's 党小组, a study's 参加人员, an exchange
    conflict and a 缴费基数 reaching back before a 支部调整; they change the demo school, so they come last."""
    from datetime import datetime

    from branchdesk.domain.dues.months import Month
    from branchdesk.domain.roster.not_expected import NotExpectedReason
    from branchdesk.domain.vocabulary import MoveKind
    from branchdesk.services.development.records import list_cases
    from branchdesk.services.dues.base_reach import base_reach_findings
    from branchdesk.services.exchange.conflicts import ConflictView, FieldDiff
    from branchdesk.services.roster.membership import mark_left_unit
    from branchdesk.services.roster.not_expected import record_not_expected
    from branchdesk.services.roster.records import list_members
    from branchdesk.ui.development import dialogs as dev
    from branchdesk.ui.exchange.conflict_dialog import ConflictDialog
    from branchdesk.ui.roster.not_expected_dialog import NotExpectedDialog
    from branchdesk.ui.roster.transfer_dialog import TransferDialog
    from branchdesk.ui.widgets.rule_warning import RuleWarningDialog

    db = context.db
    away = next(m for m in list_members(db) if m.category == "正式党员" and m.id != moved.id)
    record_not_expected(db, away.id, date(today.year - 1, 3, 1), NotExpectedReason.ABROAD,
                        date(today.year - 1, 2, 20), "党支部委员会", detail="在国外照顾子女")

    def not_expected():  # type: ignore[no-untyped-def]
        dialog = NotExpectedDialog(context, away, window)
        dialog.reason.setCurrentIndex(2)
        dialog.detail.setText("长期卧床")
        dialog.starts.setText(f"{today.year}.9.1")
        dialog.approved.setText(f"{today.year}.8.28")
        dialog.approver.setText("党支部委员会")
        return dialog

    def returned():  # type: ignore[no-untyped-def]
        mark_left_unit(db, moved.id, date(today.year - 1, 2, 1), "县实验中学", "支教一年")
        member = next(m for m in list_members(db, include_left=True) if m.id == moved.id)
        dialog = TransferDialog(context, member, MoveKind.RETURNED_UNIT, window)
        dialog.on.setText(f"{today.year}.2.1")
        dialog.on.show_problem()
        dialog.where.setText("县实验中学")
        dialog.reason.setText("支教期满")
        return dialog

    def placement_step():  # type: ignore[no-untyped-def]
        cases = list_cases(db)
        case = next((c for c in cases if 18 in c.steps and 19 not in c.steps), None) or next(
            c for c in cases if 19 in c.steps)
        dialog = dev.StepDialog(context, case, 19, window)
        dialog.on.setText(f"{today:%Y%m%d}")
        return dialog

    def conflict():  # type: ignore[no-untyped-def]
        fields = [FieldDiff("姓名", away.name, away.name, False),
                  FieldDiff("联系电话", "139****2817", "135****0466", True),
                  FieldDiff("所在党小组", "初一党小组", "初二初三党小组", True),
                  FieldDiff("备注", "", "2026年9月起任初二年级组长，按任教年级调整党小组", True)]
        view = ConflictView(1, away.name, "两边都修改了", "党员", "中学党支部", 7, datetime.now(),
                            "王书记 2026-11-02 16:20", "李委员 2026-11-03 09:05", True, False, fields)
        return ConflictDialog(view, window, unmasked=lambda: view)

    def base_warning():  # type: ignore[no-untyped-def]
        findings = base_reach_findings(db, moved.id, Month.of(date(today.year - 1, 1, 1)), today)
        return RuleWarningDialog(findings, "这条缴费基数", window, kept_in="缴费基数历史记录的备注中")

    for name, make in (("dialog-not-expected", not_expected), ("dialog-member-returned-unit", returned),
                       ("dialog-development-placement", placement_step), ("dialog-exchange-conflict", conflict),
                       ("dialog-dues-base-warning", base_warning)):
        shooter.dialog(make, name)
    if shooter.wanted("page-roster-not-expected"):
        window.open_area("roster")
        page = window.page("roster")
        page.reload_members()
        page.search.setText(away.name)
        _save(shooter, window, "page-roster-not-expected")
        page.search.clear()
