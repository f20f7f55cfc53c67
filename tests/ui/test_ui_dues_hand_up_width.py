"""党费 → 汇总与上缴 at 1366×768 (trial K, TK-5's rest): the 上缴 records table scrolled sideways, its 凭证编号 and
备注 out of view, beside a 党支部 column that in a one-branch school repeats the one name on every row. Now the
党支部 column shows only where records of several branches are listed, and every column is in view — 备注
taking the room the others leave, a longer note on as many lines as it takes."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QApplication, QTableView

from branchdesk.db.engine import Database
from branchdesk.domain.dues.bases import BaseInput
from branchdesk.domain.dues.branch import HandUpInput
from branchdesk.domain.dues.months import Month
from branchdesk.domain.dues.payments import PaymentInput
from branchdesk.domain.dues.settings import DuesSettings
from branchdesk.domain.idcard import make_id_number
from branchdesk.domain.roster.records import MemberInput
from branchdesk.domain.vocabulary import OrgKind
from branchdesk.services.dues.records import record_payments, save_base, save_hand_up, save_settings
from branchdesk.services.roster.organisation import create_org
from branchdesk.services.roster.records import save_member
from branchdesk.ui.context import AppContext
from branchdesk.ui.dues.dues_page import DuesPage

pytestmark = pytest.mark.usefixtures("message_boxes", "program_look")

Y = date.today().year
BRANCH = "中共青山学校第二党支部"
NOTES = ["第一季度党费上缴党委，党委组织委员签收", "第二季度党费，含补交1月欠交部分，由党委组织委员当面点收",
         "第三季度党费上缴，转账至党委党费专户（工行尾号3321）"]


def _school(db: Database, branches: list[str]) -> None:
    top = create_org(db, "中共青山学校委员会", OrgKind.COMMITTEE)
    ids = [create_org(db, name, OrgKind.BRANCH, top.id).id for name in branches]
    save_settings(db, DuesSettings(start=Month(Y, 1)))
    members = []
    for i, name in enumerate(["马超", "罗静", "孙丽", "何伟"], 1):
        member = save_member(db, MemberInput(
            name=name, id_number=make_id_number("110101", date(1980, 1, i), i, i % 2 == 1), branch=branches[0],
            category="正式党员", join_date=date(2005, 7, 1), full_date=date(2006, 7, 1))).id
        members.append(member)
        save_base(db, BaseInput(member, "在职", Month(Y, 1), str(4000 + 300 * i)), today=date(Y, 1, 5))
    record_payments(db, [PaymentInput(m, [Month(Y, 1), Month(Y, 2), Month(Y, 3)], "150", date(Y, 1, 3), "现金", "罗静")
                         for m in members], today=date(Y, 1, 3))
    for n, note in enumerate(NOTES):
        save_hand_up(db, HandUpInput(ids[0], date(Y, 1, 4 + n), "10.00", Month(Y, 1), Month(Y, 3), "罗静",
                                     f"QS-{Y}-{n + 1:02d}", note), today=date(Y, 1, 10), beyond_collected=True)


def _book(qtbot, db: Database) -> tuple[DuesPage, QTableView]:  # type: ignore[no-untyped-def]
    page = DuesPage(AppContext(db))
    qtbot.addWidget(page)
    page.resize(1366 - 170, 768 - 90)  # the page inside the main window at 1366×768
    page.refresh()
    page.show()
    page.tabs.setCurrentWidget(page.book)
    qtbot.waitExposed(page)
    for _ in range(3):
        QApplication.processEvents()
    return page, page.book.hand_up_table


def _columns(view: QTableView) -> dict[str, tuple[int, int] | None]:
    """Each column by its header: (left, right) in the viewport, None when hidden."""
    model, header = view.model(), view.horizontalHeader()
    return {model.headerData(c, Qt.Orientation.Horizontal): None if header.isSectionHidden(c) else
            (header.sectionViewportPosition(c), header.sectionViewportPosition(c) + header.sectionSize(c))
            for c in range(header.count())}


def test_the_hand_ups_of_a_one_branch_school_are_in_view_without_a_branch_column(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    _school(db, [BRANCH])
    page, view = _book(qtbot, db)
    assert page.branch.currentData() is None  # 全部党支部: yet the school has one
    columns = _columns(view)
    assert columns["党支部"] is None  # before: shown, the one name on every row
    shown = {name: span for name, span in columns.items() if span is not None}
    assert list(shown) == ["上缴日期", "所属月份", "金额（元）", "经手人", "凭证编号", "备注"]
    width = view.viewport().width()
    assert view.horizontalScrollBar().maximum() == 0  # before: it scrolled sideways
    assert all(0 <= left and right <= width for left, right in shown.values()), (shown, width)
    left, right = shown["备注"]
    metrics = QFontMetrics(view.font())
    note = list(columns).index("备注")
    for row in range(view.model().rowCount()):  # each note whole, on as many lines as it takes
        text = view.model().index(row, note).data()
        lines = metrics.boundingRect(QRect(0, 0, right - left - 8, 10_000), Qt.TextFlag.TextWordWrap, text)
        assert lines.height() <= view.rowHeight(row), (text, lines.height(), view.rowHeight(row))


def test_the_branch_column_stays_where_several_branches_are_listed(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    _school(db, [BRANCH, "中共青山学校第一党支部"])
    page, view = _book(qtbot, db)
    assert page.branch.currentData() is None and _columns(view)["党支部"] is not None
    page.branch.setCurrentIndex(page.branch.findText(BRANCH))  # one branch chosen: its own records only
    QApplication.processEvents()
    assert _columns(view)["党支部"] is None
    assert view.horizontalScrollBar().maximum() == 0
