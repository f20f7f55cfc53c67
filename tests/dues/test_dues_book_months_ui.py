"""党费 → 汇总与上缴 at 1366×768 as 孙老师 saw it (trial K, TK-5): the month table cut 上缴（元）mid-number, the month
still being collected showed its 未交人数 in red as if 欠交 (the 收缴登记 grid calls it 待交（本期未满）), and 应交人数
counted the member 免交. Each month's figures are whole; the running month reads "待交 N", not red; a member 免交
that month is not counted as owing it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from branchdesk.domain.dues.bases import BaseInput
from branchdesk.domain.dues.months import Month
from branchdesk.domain.dues.payments import PaymentInput
from branchdesk.domain.dues.settings import DuesSettings
from branchdesk.services.dues.records import record_payments, save_base, save_settings
from branchdesk.ui.context import AppContext
from branchdesk.ui.dues.dues_page import DuesPage
from tests.dues.dues_fixtures import BRANCH, make_dues_branch

TODAY = date.today()
Y = TODAY.year
PAYING = {"王书记": 93, "李组织": 48, "赵一": 30, "钱二": 210, "孙三": 50}


def test_the_month_table_is_whole_and_the_running_month_is_not_arrears(qtbot, db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    branch = make_dues_branch(db)
    save_settings(db, DuesSettings(start=Month(Y, 1)))
    zhang = branch.members["张宣传"]  # 免交 all year
    save_base(db, BaseInput(zhang, "减免", Month(Y, 1), "3000", (), "在职", "0", "家庭困难，经党委批准免交",
                            "中共测试中学委员会", date(Y, 1, 5)), today=date(Y, 1, 5))
    months = list(range(1, TODAY.month))
    record_payments(db, [PaymentInput(branch.members[n], [Month(Y, k)], str(a), date(Y, k, 1), "现金", "李组织")
                         for n, a in PAYING.items() for k in months], today=TODAY)
    page = DuesPage(AppContext(db))
    qtbot.addWidget(page)
    page.resize(1366 - 170, 768 - 90)  # the page inside the main window at 1366×768
    page.refresh()
    page.branch.setCurrentIndex(page.branch.findText(BRANCH))
    page.show()
    page.tabs.setCurrentWidget(page.book)
    qtbot.waitExposed(page)
    QApplication.processEvents()
    view = page.book.month_table
    model = view.model()
    now = model.index(TODAY.month - 1, 4)  # 未交人数 of this month: the 8 who owe it (张宣传 免交), none paid yet
    assert model.index(TODAY.month - 1, 0).data() == Month(Y, TODAY.month).label
    assert now.data() == "待交 8"
    assert model.index(TODAY.month - 1, 1).data() == "8"  # 9 members, 张宣传 免交: not counted
    assert now.data(Qt.ItemDataRole.ForegroundRole) is None  # not red: 待交 is not 欠交
    header = view.horizontalHeader()
    cut = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(header.count())
           if header.sectionSize(c) < view.sizeHintForColumn(c)
           or header.sectionViewportPosition(c) + header.sectionSize(c) > view.viewport().width()]
    page.grab().save(str(tmp_path / "book.png"))
    assert cut == [], cut
