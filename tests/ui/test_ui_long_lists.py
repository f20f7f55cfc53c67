"""Lists of 10,000 rows search, filter and sort without a pause (issue 18). What is asserted is the
behaviour that makes them fast — each row's search text is built once per change of the rows, a
sort is one sort of the model — and that the results are right; the time is measured by
benchmarks/bench_speed.py (filter), not here."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from PySide6.QtCore import QPersistentModelIndex, Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QTableView

from branchdesk.ui.widgets.table_model import ColumnSpec, FilterProxy, RecordTableModel

SIZE = 10_000
SURNAMES = "王李张刘陈杨赵黄周吴"


@dataclass(frozen=True)
class Person:
    name: str
    branch: str
    phone: str
    age: int


def people(count: int = SIZE, salt: str = "") -> list[Person]:
    return [Person(f"{SURNAMES[i % 10]}{salt}{i}", f"第{i % 50 + 1}党支部", f"139{i:08d}", 20 + i % 45)
            for i in range(count)]


COLUMNS = [ColumnSpec("姓名", lambda p: p.name), ColumnSpec("党支部", lambda p: p.branch),
           ColumnSpec("年龄", lambda p: p.age)]


@pytest.fixture
def listed(qtbot):  # type: ignore[no-untyped-def]
    asked: list[Person] = []

    def haystack(person: Person) -> str:
        asked.append(person)
        return f"{person.name} {person.phone}"

    model: RecordTableModel[Person] = RecordTableModel(COLUMNS)
    model.set_rows(people())
    proxy = FilterProxy(haystack=haystack)
    proxy.setSourceModel(model)
    search = QLineEdit()
    qtbot.addWidget(search)
    search.textChanged.connect(proxy.set_search)
    return model, proxy, search, asked


def type_text(edit: QLineEdit, text: str) -> None:
    """As a person types: letters and digits as key presses, Chinese as an input method commits it."""
    for char in text:
        if char.isascii():
            QTest.keyClick(edit, char)
        else:
            event = QInputMethodEvent()
            event.setCommitString(char)
            QApplication.sendEvent(edit, event)


def shown(proxy: FilterProxy) -> list[Person]:
    return [proxy.record_at(row) for row in range(proxy.rowCount())]


def test_typing_a_search_filters_ten_thousand_rows_building_each_text_once(listed) -> None:  # type: ignore[no-untyped-def]
    model, proxy, search, asked = listed
    type_text(search, "王1")
    assert shown(proxy) == [p for p in people() if "王1" in f"{p.name} {p.phone}".lower()]
    assert len(asked) == SIZE  # once per row, not once per row and letter typed
    search.clear()
    assert proxy.rowCount() == SIZE
    type_text(search, "1390000999")  # a phone number the list does not show
    assert [p.phone for p in shown(proxy)] == ["13900009990", "13900009991", "13900009992", "13900009993",
                                               "13900009994", "13900009995", "13900009996", "13900009997",
                                               "13900009998", "13900009999"]
    assert len(asked) == SIZE


def test_new_rows_are_searched_as_they_are(listed) -> None:  # type: ignore[no-untyped-def]
    model, proxy, search, asked = listed
    type_text(search, "李")
    model.set_rows(people(salt="新"))
    assert all("新" in p.name for p in shown(proxy)) and proxy.rowCount() == SIZE // 10
    search.setText("李新1")
    assert shown(proxy) == [p for p in people(salt="新") if "李新1" in p.name]


def test_more_rows_while_a_search_is_typed(listed) -> None:  # type: ignore[no-untyped-def]
    """TY-15: 组织与党员 with a search typed, then 含已离开 ticked: the list got two more rows and the
    proxy filtered them against the texts of the rows before — an IndexError inside Qt, a segfault."""
    model, proxy, search, _asked = listed
    view = QTableView()  # a view asks the proxy for its rows as soon as the model is reset
    view.setModel(proxy)
    type_text(search, "李")
    model.set_rows(people(SIZE + 12))
    assert shown(proxy) == [p for p in people(SIZE + 12) if "李" in p.name]
    model.set_rows(people(SIZE - 30))  # and fewer
    assert shown(proxy) == [p for p in people(SIZE - 30) if "李" in p.name]


def test_a_filter_and_a_search_together(listed) -> None:  # type: ignore[no-untyped-def]
    _model, proxy, search, _asked = listed
    proxy.set_filter("branch", lambda p: p.branch == "第3党支部")
    type_text(search, "张")
    assert shown(proxy) == [p for p in people() if p.branch == "第3党支部" and "张" in p.name]
    proxy.set_filter("branch", None)
    assert shown(proxy) == [p for p in people() if "张" in p.name]


def test_a_sort_is_one_sort_of_the_model_and_the_search_keeps_it(listed) -> None:  # type: ignore[no-untyped-def]
    model, proxy, search, _asked = listed
    selected = QPersistentModelIndex(proxy.mapToSource(proxy.index(5, 0)))
    chosen = model.row_at(selected.row())
    proxy.sort(2, Qt.SortOrder.DescendingOrder)
    ages = [p.age for p in shown(proxy)]
    assert ages == sorted(ages, reverse=True)
    assert [p for p in shown(proxy) if p.age == 64][:3] == [p for p in people() if p.age == 64][:3]  # stable
    assert model.row_at(selected.row()) is chosen  # a selection follows its row
    type_text(search, "周")
    ages = [p.age for p in shown(proxy)]
    assert ages == sorted(ages, reverse=True) and all("周" in p.name for p in shown(proxy))
    model.set_rows(people(count=200))  # new rows come sorted by the same column
    ages = [p.age for p in shown(proxy)]
    assert ages == sorted(ages, reverse=True)
    proxy.sort(-1)  # back to the order given
    assert shown(proxy) == [p for p in people(count=200) if "周" in p.name]
    assert model.rows() == people(count=200)


def test_the_proxy_behaves_as_a_qt_model_when_sorted_and_searched(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    model: RecordTableModel[Person] = RecordTableModel(COLUMNS)
    model.set_rows(people(300))
    proxy = FilterProxy()
    proxy.setSourceModel(model)
    proxy.sort(1)
    proxy.set_search("王")
    qtmodeltester.check(proxy)
    assert [p.branch for p in shown(proxy)] == sorted((p.branch for p in shown(proxy)),
                                                      key=lambda b: int(b[1:-3]))  # 第2 before 第10
