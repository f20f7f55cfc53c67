"""The date field of every form: a line a person types into as they write dates on paper or in
Excel — 2025-10-09, 2025/10/9, 2025.10.9, 20251009, 2025年10月9日 — or leaves empty, read by the same
parser as the Excel imports (`domain.dates.parse_date`).

Why not QDateEdit: its sections swallow what is typed into an empty field ("2015-07-01" became
"20150701" and then nothing), it cannot be empty without a sentinel date, and its calendar opened
at January 1900. Here the text is the truth: beside the field the date it understood is shown
("2025年10月9日 星期四"), an unreadable text is named inline in red and never silently becomes
"no date", and the calendar opens at the typed date or today.
"""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate, QEvent, QObject, QPoint, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCalendarWidget,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from branchdesk.domain.dates import DateParseError, MonthOnlyDate, NoYearDate, add_months, parse_date
from branchdesk.domain.dues.months import Month, MonthParseError, parse_month

WEEKDAYS = "一二三四五六日"
ERROR_COLOUR = "#b00020"
HINT_COLOUR = "#5f6368"


class InvalidDate(ValueError):
    """The field holds text that is not a date: the form must not save (the message says why)."""


def understood(day: date) -> str:
    """How a date is read back to the person: 2025年10月9日 星期四."""
    return f"{day.year}年{day.month}月{day.day}日 星期{WEEKDAYS[day.weekday()]}"


class _CalendarPopup(QFrame):
    """The calendar under the field; a click (or Enter) picks the day, Esc closes it."""

    picked = Signal(object)

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent, Qt.WindowType.Popup)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.calendar = QCalendarWidget(self)
        self.calendar.setGridVisible(True)
        self.calendar.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        self.calendar.clicked.connect(self._pick)
        self.calendar.activated.connect(self._pick)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(self.calendar)

    def open_at(self, day: date, below: QWidget) -> None:
        self.calendar.setSelectedDate(QDate(day.year, day.month, day.day))
        self.calendar.setCurrentPage(day.year, day.month)
        self.adjustSize()
        spot = below.mapToGlobal(QPoint(0, below.height()))
        screen = below.screen().availableGeometry() if below.screen() else None
        if screen is not None:  # keep it on screen (a field near the bottom opens it above)
            if spot.y() + self.height() > screen.bottom():
                spot.setY(below.mapToGlobal(QPoint(0, 0)).y() - self.height())
            spot.setX(max(screen.left(), min(spot.x(), screen.right() - self.width())))
        self.move(spot)
        self.show()
        self.calendar.setFocus()

    def _pick(self, qdate: QDate) -> None:
        self.hide()
        self.picked.emit(date(qdate.year(), qdate.month(), qdate.day()))


class DateEdit(QWidget):
    """A typed date that may be empty. `value()` is the date, None when empty, and raises
    `InvalidDate` for unreadable text, so no form can mistake a typo for "no date"."""

    valueChanged = Signal(object)  # noqa: N815 - Qt's naming; a date or None, whenever the reading changes

    def __init__(self, value: date | None = None, parent: QWidget | None = None, *, required: bool = False,
                 label: str = "", past: bool = False, near: bool = False, coming: bool = False) -> None:
        super().__init__(parent)
        self.required = required
        self.label = label  # the field's name, for messages ("入党日期：…")
        # One rule for a date typed without its year ("3月19日", as a 会议记录本 writes it; T10-6, TY-7),
        # read by domain.dates.parse_date; what the field understood is shown beside it before saving:
        # - a field for a day that has just happened (a meeting held, a step done, a member who left:
        #   `past`) reads it in `year` — the year of the record the form holds, set by the form — or,
        #   with none, in today's, and never after today: in January "12月28日" is last December;
        # - a field for a start that may lie either side of today (a 党费 revision in force from next
        #   month: `near`) reads it in `year`, or with none as the such day nearest to today;
        # - a field for a day that follows another (a yearly pair's planned end) reads it in `year`, or
        #   with none as the first such day after `after`, which the form sets (`read_after`);
        # - a field for a day to come (a 整改 deadline: `coming`) reads it in `year`, or with none as the
        #   nearest such day from today on, within the next twelve months but for a 2月29日 (TK-11:
        #   "12月25日" typed on 2026-12-05 is 2026-12-25, "12月1日" is 2027-12-01);
        # - any other field (a date long ago such as 出生日期, or a far one such as 任期结束) refuses it,
        #   saying to write the year: no year is guessed for it.
        self.year: int | None = None
        self.past = past
        self.near = near
        self.coming = coming
        self.after: date | None = None
        self.today: date | None = None  # "today" for `past`, `near`, `coming` (None: the clock's; tests set it)
        self.edit = QLineEdit()
        self.edit.setObjectName("dateText")
        self.edit.setPlaceholderText(self.tr("如 2025-10-09"))
        self.edit.setMaxLength(20)
        self.edit.setMinimumWidth(self.edit.fontMetrics().horizontalAdvance("2025年10月09日") + 24)
        self.edit.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        # the field no taller than its lines in a form with room to spare: 第19步's 完成日期 stood apart
        # from its label, pushed down a line, when the form was shown at a longer step's size
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.button = QToolButton()
        self.button.setObjectName("calendarButton")
        self.button.setText(self.tr("日历"))
        self.button.setToolTip(self.tr("选择日期（Alt+↓）"))
        self.button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.button.setCursor(Qt.CursorShape.PointingHandCursor)
        self._set_calendar_icon()
        self.hint = QLabel()
        self.hint.setObjectName("dateHint")
        self.hint.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        # room for the longest reading from the start, so a form is never cut when one appears
        self.hint.setMinimumWidth(self.hint.fontMetrics().horizontalAdvance(understood(date(2025, 12, 31))) + 4)
        self.error = QLabel()
        self.error.setObjectName("dateError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet(f"color: {ERROR_COLOUR};")
        self.error.hide()
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(4)
        row.addWidget(self.edit)
        row.addWidget(self.button)
        row.addWidget(self.hint, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(row)
        layout.addWidget(self.error)
        self.setFocusProxy(self.edit)
        self._popup: _CalendarPopup | None = None
        self._last: object = ...  # the last reading emitted (date, None or an error)
        self.edit.textChanged.connect(self._text_changed)
        self.edit.editingFinished.connect(self._finished)
        self.edit.installEventFilter(self)
        self.button.clicked.connect(self.open_calendar)
        self.set_value(value)

    def _set_calendar_icon(self) -> None:
        try:
            from branchdesk.ui.widgets.icons import icon
        except ImportError:  # the icon set is optional for the field to work
            return
        calendar = icon("calendar")
        if not calendar.isNull():
            self.button.setIcon(calendar)
            self.button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)

    # --- reading -------------------------------------------------------------------------------
    def text(self) -> str:
        return self.edit.text()

    def reading(self) -> date | None:
        """The date, None when empty; DateParseError when the text is not a date."""
        today = self.today or date.today()
        if self.past:
            return parse_date(self.edit.text(), year=self.year, latest=today)
        coming = today if self.coming and self.after is None else None  # today on, a 2月29日 checked
        return parse_date(self.edit.text(), year=self.year, near=today if self.near else None, after=self.after,
                          coming=coming)

    def read_after(self, day: date | None) -> None:
        """A month and day typed without the year is the first such day after `day` (None: refused);
        what is typed is read again, and its reading shown."""
        self.after = day
        self._text_changed(self.edit.text())

    def written(self, day: date) -> str:
        """How the field writes a date it read, when it is left: the one standard way."""
        return day.isoformat()

    def understood(self, day: date) -> str:
        """How the field shows beside it the date it read."""
        return understood(day)

    def problem(self) -> str:
        """What is wrong with the field ("" when nothing); the message names the accepted spellings."""
        try:
            day = self.reading()
        except DateParseError as exc:
            return str(exc)
        if day is None and self.required:
            return self.tr("请填写日期")
        return ""

    def value(self) -> date | None:
        try:
            day = self.reading()
        except DateParseError as exc:
            self.show_problem()
            raise InvalidDate(f"{self.label}：{exc}" if self.label else str(exc)) from None
        return day

    def is_valid(self) -> bool:
        return not self.problem()

    def show_problem(self) -> bool:
        """Show the field's problem inline (forms call it before saving); True when there is one."""
        message = self.problem()
        self._show_error(message)
        return bool(message)

    # --- writing -------------------------------------------------------------------------------
    def set_value(self, value: date | None) -> None:
        self.edit.setText(self.written(value) if value else "")
        self._show_error("")

    def set_record_value(self, value: date | None) -> None:
        """Show the date of a record a form opens to correct: a month and day typed over it without the
        year ("3月19日") corrects the day in that record's year, as every form of a dated record reads it
        (T10-6, TY-7) — not in this year, which would move the record by a year unasked."""
        self.set_value(value)
        self.year = value.year if value else None

    def setText(self, text: str) -> None:  # noqa: N802 - the QLineEdit spelling, for callers and tests
        self.edit.setText(text)

    def clear(self) -> None:
        self.set_value(None)

    # --- behaviour -----------------------------------------------------------------------------
    def _text_changed(self, _text: str) -> None:
        try:
            day = self.reading()
        except DateParseError:
            self.hint.setText("")
            if self.error.isVisible():  # already told: keep telling while it is still wrong
                self._show_error(self.problem())
            self._emit(None, error=True)
            return
        self._show_error("")
        self.hint.setText(self.understood(day) if day else "")
        passed = self.passed_deadline(day)
        if passed:  # a deadline already past: said plainly, not moved a year on unasked (review rev4 item 9)
            self.hint.setText(f"{self.hint.text()}（{passed}）")
        self.hint.setStyleSheet(f"color: {ERROR_COLOUR if passed else HINT_COLOUR};")
        self._emit(day)

    def passed_deadline(self, day: date | None) -> str:
        """For a day to come (`coming`: a 整改 deadline) that has passed: what the form says beside it — the day
        is kept as read, and a measure not done by it is 逾期; "" otherwise."""
        today = self.today or date.today()
        if not self.coming or day is None or day >= today:
            return ""
        return f"已过去 {(today - day).days} 天，未完成即为逾期；如指明年的这一天，请写上年份"

    def _finished(self) -> None:
        """Leaving the field: a readable date is written the one standard way, a typo is named."""
        try:
            day = self.reading()
        except DateParseError:
            self.show_problem()
            return
        if day is not None and self.edit.text() != self.written(day):
            self.edit.setText(self.written(day))
        self._show_error("")

    def _emit(self, day: date | None, *, error: bool = False) -> None:
        key: object = "error" if error else day
        if key != self._last:
            self._last = key
            if not error:
                self.valueChanged.emit(day)

    def _show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.setVisible(bool(message))
        self.edit.setProperty("invalid", bool(message))
        self.edit.setStyleSheet(f"QLineEdit {{ border: 1px solid {ERROR_COLOUR}; }}" if message else "")
        if message and self.edit.text().strip():  # an empty required field is "请填写", not unreadable
            self.hint.setText(self._unread())
            self.hint.setStyleSheet(f"color: {ERROR_COLOUR}; font-weight: bold;")
        elif message:
            self.hint.setText("")

    def _unread(self) -> str:
        """A word beside the field on what its text lacks (the message under it says what to type)."""
        try:
            self.reading()
        except MonthOnlyDate:
            return self.tr("未写日")
        except NoYearDate:
            return self.tr("未写年份")
        except DateParseError:
            pass
        return self.tr("无法识别")

    def open_calendar(self) -> None:
        """The calendar opens at the typed date, or today when the field is empty or unreadable."""
        try:
            day = self.reading() or date.today()
        except DateParseError:
            day = date.today()
        if self._popup is None:
            self._popup = _CalendarPopup(self)
            self._popup.picked.connect(self._picked)
        self._popup.open_at(day, self.edit)

    def _picked(self, day: date) -> None:
        self.set_value(day)
        self.edit.setFocus()

    def _step(self, days: int = 0, months: int = 0) -> None:
        try:
            day = self.reading()
        except DateParseError:
            return
        day = day or date.today()
        self.set_value(add_months(day, months) + timedelta(days=days) if months else day + timedelta(days=days))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        """Alt+↓ or F4 opens the calendar; ↑/↓ move a day, PgUp/PgDn a month (as in QDateEdit).
        Enter confirms the date and moves to the next field, as people press it after typing a date;
        it never saves the whole form (a meeting was saved half-filled that way)."""
        if watched is self.edit and event.type() == QEvent.Type.KeyPress:
            key, mods = event.key(), event.modifiers()  # type: ignore[attr-defined]
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not mods & Qt.KeyboardModifier.ControlModifier:
                self._finished()
                self.focusNextChild()
                return True
            if key == Qt.Key.Key_F4 or (key == Qt.Key.Key_Down and mods & Qt.KeyboardModifier.AltModifier):
                self.open_calendar()
                return True
            steps = {Qt.Key.Key_Up: (1, 0), Qt.Key.Key_Down: (-1, 0),
                     Qt.Key.Key_PageUp: (0, 1), Qt.Key.Key_PageDown: (0, -1)}
            if key in steps and not mods & Qt.KeyboardModifier.AltModifier:
                self._step(*steps[key])
                return True
        return super().eventFilter(watched, event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        """Keys sent to the field itself (QTest.keyClicks(field, …)) go to its text, as typing does."""
        self.edit.setFocus()
        self.edit.event(event)


class MonthToCome(DateParseError):
    """A month after this one, typed where only a month that has happened is asked for."""


class MonthEdit(DateEdit):
    """A typed month (起始月份 of a 缴费基数, the months of a 上缴): the date field's behaviour — typed in any
    spelling `parse_month` reads (2026-03, 2026/3, 2026年3月, 202603), shown back ("2026年3月"), refused
    inline when unreadable, Enter moves on, the calendar picks a day's month — with a month as its value
    (`value()` is its first day). "3月" without the year is read in `year` (a record's, when correcting
    it), else as the such month nearest to today (domain.dues.months.parse_month `near`): in December
    "1月" is the coming January; with `past` (the months of a 上缴, collected already) as the latest
    such month not after today (`latest`): in December "1月" is this January; `ahead` lets it reach that many
    months after today's (the 起始月份 of a 缴费基数: a pay change is entered after it happened, or for next
    month's pay — in December "1月" is the coming January and "3月" this March, TK-13). It replaces a
    QDateEdit whose year and month sections swallowed typing. With `happened` a month after this one is
    refused at the field ("2027年3月还没有到…"): a 月度销号 of a month to come would show its figures as
    fact for a day that has not come (review 13-2, F4)."""

    ahead = 0  # (class defaults: the field reads its first value before __init__ sets its own)
    happened = False

    def __init__(self, value: date | None = None, parent: QWidget | None = None, *, required: bool = False,
                 label: str = "", past: bool = False, ahead: int = 0, happened: bool = False) -> None:
        super().__init__(value, parent, required=required, label=label, past=past, near=not past)
        self.ahead = ahead
        self.happened = happened
        self.edit.setPlaceholderText(self.tr("如 2026-03"))

    def reading(self) -> date | None:
        today = self.today or date.today()
        latest = Month.of(today).plus(self.ahead).first_day if self.past else None
        try:  # `past` (the months of a 上缴): "1月" typed in December is this January, not the coming one
            month = parse_month(self.edit.text(), self.year, near=None if self.past else today, latest=latest)
        except MonthParseError as exc:
            raise DateParseError(str(exc)) from None
        if month is not None and self.happened and month > Month.of(today):
            raise MonthToCome(f"{month.label}还没有到，请填写本月（{Month.of(today).label}）或以前的月份")
        return month.first_day if month else None

    def _unread(self) -> str:
        try:
            self.reading()
        except MonthToCome:
            return self.tr("尚未到")
        except DateParseError:
            pass
        return super()._unread()

    def written(self, day: date) -> str:
        return Month.of(day).iso

    def understood(self, day: date) -> str:
        return Month.of(day).label

    def _step(self, days: int = 0, months: int = 0) -> None:
        super()._step(0, months or days)  # ↑/↓ and PgUp/PgDn move a month


def first_problem(fields: list[DateEdit]) -> DateEdit | None:
    """Show every date field's problem inline and return the first field that has one (focused)."""
    bad = [f for f in fields if f.show_problem()]
    if bad:
        bad[0].edit.setFocus()
        bad[0].edit.selectAll()
    return bad[0] if bad else None
