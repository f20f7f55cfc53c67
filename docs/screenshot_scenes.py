"""The scenes docs/make_screenshots.py takes: every page of the window on the demo school, and every
dialog a secretary meets, each in the state the guide talks about."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

PAGES = ["home", "roster", "meetings", "themeday", "development", "mentoring", "rectification", "reports",
         "settings"]


def shoot_everything(shooter, temp: Path, today: date) -> None:  # type: ignore[no-untyped-def]
    from branchdesk.app import make_application
    from branchdesk.services import session
    from branchdesk.services.demo import build_demo
    from branchdesk.ui.context import AppContext
    from branchdesk.ui.main_window import MainWindow
    from branchdesk.ui.navigation import AREAS

    app = make_application([])
    db = session.open(temp / "演示学校.sqlite")
    build_demo(db, today=today)
    context = AppContext(db)
    window = MainWindow(context)
    window.show()
    shooter.settle()
    keys = [a.key for a in AREAS]
    for key in keys:
        name = f"page-{key}"
        if not shooter.wanted(name):
            continue
        window.open_area(key)
        shooter.settle()
        shooter.save(window, name, guide=True)
    _dialogs(shooter, window, context, today)
    window.close()
    db.close()
    del app


def _dialogs(shooter, window, context, today: date) -> None:  # type: ignore[no-untyped-def]
    from branchdesk.domain.meetings import MeetingKind
    from branchdesk.domain.vocabulary import OrgKind
    from branchdesk.services import rectification as rect
    from branchdesk.services.development import list_cases
    from branchdesk.services.meetings import prefill
    from branchdesk.services.organisation import list_orgs
    from branchdesk.ui.about_dialog import AboutDialog
    from branchdesk.ui.development.dialogs import StepDialog
    from branchdesk.ui.meetings.meeting_dialog import MeetingDialog
    from branchdesk.ui.rectification.close_off_dialog import CloseOffDialog
    from branchdesk.ui.roster.member_dialog import MemberDialog

    db = context.db
    refs = list_orgs(db)
    branches = [r for r in refs if r.kind == OrgKind.BRANCH.value]
    groups = [r for r in refs if r.kind == OrgKind.GROUP.value]

    def member_dialog():  # type: ignore[no-untyped-def]
        dialog = MemberDialog(context, branches, groups, None, window)
        dialog.name.setText("王晓梅")
        dialog.id_number.setText("140202198305170026")
        dialog.join_date.setText("2015.7.1")
        dialog.full_date.setText("2016年7月1")
        dialog.full_date.show_problem()
        return dialog

    shooter.dialog(member_dialog, "dialog-member", guide=True)

    def meeting_dialog():  # type: ignore[no-untyped-def]
        data = prefill(db, MeetingKind.CONGRESS.value, branch_id=branches[0].id, on=today - timedelta(days=1))
        return MeetingDialog(context, data, None, window)

    shooter.dialog(meeting_dialog, "dialog-meeting", guide=True)

    def step_dialog():  # type: ignore[no-untyped-def]
        case = next(c for c in list_cases(db) if 2 not in c.steps and c.on(1))
        dialog = StepDialog(context, case, 2, window)
        dialog.on.setText(f"{today:%Y%m%d}")
        return dialog

    shooter.dialog(step_dialog, "dialog-development-step", guide=True)

    def close_off():  # type: ignore[no-untyped-def]
        ledger = rect.list_ledgers(db)[0]
        measure = next(m for m in rect.list_measures(db, ledger.id) if m.status == "已完成")
        dialog = CloseOffDialog(context, measure, window)
        dialog.verifier.setText("党委副书记")
        return dialog

    shooter.dialog(close_off, "dialog-close-off", guide=True)
    shooter.dialog(lambda: AboutDialog(db, window), "dialog-about")
