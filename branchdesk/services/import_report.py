"""The row-by-row report every import gives, shared by all kinds (roster, meetings, development …).

A report stays readable and small however bad the file (issue 21: an 8 MB ledger once printed a
million error lines and held them all in memory): it keeps the first problems and warnings, counts
the rest, and says how many more there are. The notices of the file reader — which sheets were
read, cells that hold a formula without its result — reach the report made last in the thread
without each import kind passing it down (io.xlsx_reader.send_notices_to)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import SupportsIndex

from branchdesk.domain.synonyms import Mapped, UnknownWord, WordLog
from branchdesk.io.xlsx_header import UnreadColumn
from branchdesk.io.xlsx_reader import ReadNotice, row_label, send_notices_to

SHOWN = 200  # problems (and warnings) listed in the text of a report; the rest are counted
KEPT = 1_000  # problems kept in memory for the preview's per-row column

@dataclass(frozen=True)
class RowProblem:
    row: int  # Excel row number (0 for the file as a whole); a RowNumber names its sheet too
    column: str  # Chinese column name ("" when it concerns the whole row)
    letter: str  # Excel column letter, when known
    message: str

    def __str__(self) -> str:
        where = row_label(self.row) if self.row else "文件"
        if self.column:
            letter = getattr(self.row, "letters", {}).get(self.column) or self.letter  # the row's own sheet
            where += f"，{self.column}" + (f"（{letter} 列）" if letter else "")
        return f"{where}：{self.message}"


class CappedList(list):  # type: ignore[type-arg]
    """A list that keeps its first `keep` items and counts every one appended (bounded memory);
    `rows` holds the row of every problem, kept or not, so a row's status stays right."""

    def __init__(self, keep: int, items: Iterable[object] = ()) -> None:
        super().__init__()
        self.keep = keep
        self.total = 0
        self.rows: set[int] = set()
        self.skip: set[object] = set()  # items already appended once, not to be counted again
        self.fold: Callable[[object], bool] | None = None  # True: the item is said by another (not kept)
        self.extend(items)

    def append(self, item: object) -> None:
        if self.fold is not None and self.fold(item):
            return
        if self.skip and item in self.skip:
            if item in self[: self.keep]:
                return
        self.total += 1
        row = getattr(item, "row", None)
        if row is not None:
            self.rows.add(row)
        if len(self) < self.keep:
            super().append(item)

    def extend(self, items: Iterable[object]) -> None:
        for item in items:
            self.append(item)

    def __iadd__(self, items: Iterable[object]) -> CappedList:  # type: ignore[misc]  # list's own signature is narrower
        self.extend(items)
        return self

    def insert(self, index: SupportsIndex, item: object) -> None:
        self.total += 1
        row = getattr(item, "row", None)
        if row is not None:
            self.rows.add(row)
        super().insert(index, item)
        if len(self) > self.keep:
            super().pop()

    @property
    def left_out(self) -> int:
        return self.total - len(self)


@dataclass(frozen=True)
class PreviewRow:
    """One row as the import preview shows it: a few identifying cells, its status and problems."""

    row: int
    cells: tuple[str, ...]


@dataclass
class ImportReport:
    kind: str  # Chinese name of what was imported, e.g. 党员花名册
    rows_read: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    dry_run: bool = False
    problems: list[RowProblem] = field(default_factory=list)  # errors: any one stops the import
    notes: list[str] = field(default_factory=list)  # things done along the way (branches created …)
    warnings: list[str] = field(default_factory=list)  # findings that do not stop the import
    row_status: dict[int, str] = field(default_factory=dict)  # Excel row -> 新增 / 更新 / 无变化 / 有错误
    preview_headers: tuple[str, ...] = ()
    preview: list[PreviewRow] = field(default_factory=list)
    restored: int = 0  # members brought back from the recycle bin by the import
    mapped: list[Mapped] = field(default_factory=list)  # words read as a list's entry (said once each)
    unknown_words: list[UnknownWord] = field(default_factory=list)  # the window offers to add editable ones
    needs_confirmation: str = ""  # what the user must confirm first (new branches …); "" when nothing

    def __post_init__(self) -> None:
        self.problems = CappedList(KEPT, self.problems)
        self.notes = CappedList(KEPT, self.notes)
        self.warnings = CappedList(KEPT, self.warnings)
        self._index: dict[int, list[RowProblem]] = {}
        self._index_size = 0
        self._from_reader: set[object] = set()
        self.problems.skip = self._from_reader
        self._unread: dict[str, UnreadColumn] = {}  # the import's column -> the unread column it may be
        self._folded: dict[str, tuple[RowProblem, int, str]] = {}
        self._kept_on_record: dict[str, int] = {}  # field -> rows keeping the value on record (kept_on_record)
        self.unread_columns: list[str] = []  # the warnings of columns holding data that were not read
        self._row_warnings: dict[tuple[str, int], list[str]] = {}  # (sheet, row) -> 提示 given with their rows
        self._said_with_rows: set[str] = set()  # those 提示, not to be read again from their text
        self._warning_index: dict[tuple[str, int], list[str]] = {}
        self._warning_index_size = -1
        self.problems.fold = self._fold
        send_notices_to(self._file_notice)

    def add_unread(self, columns: Iterable[UnreadColumn]) -> None:
        """Columns holding data that the import does not read: a warning each (where she looks, not
        only a note); the rows' problems of a field empty because its column is one of them become
        one line naming the column as she wrote it (TL-17: "请填写税后月工资" ×26 beside a full 月工资合计)."""
        for column in columns:
            self.warnings.append(column.text())
            self.unread_columns.append(column.text())
            if column.guess:
                self._unread.setdefault(column.guess, column)

    def _fold(self, item: object) -> bool:
        """A row's problem of a field whose column went unread: of that field ("缴费基数：请填写…"), or
        naming it ("培养联系人：填写了培养联系人，但“确定入党积极分子日期”为空", TL-1)."""
        if not isinstance(item, RowProblem) or not item.row or not self._unread:
            return False
        field = item.column if item.column in self._unread and not item.letter else next(
            (name for name in self._unread if f"“{name}”" in item.message), "")
        if not field or getattr(item.row, "letters", {}).get(field):
            return False
        old, count, first = self._folded.get(field, (None, 0, str(item).split("：", 1)[-1]))
        self._put_folded(field, old, count + 1, first)
        return True

    def kept_on_record(self, field: str, count: int) -> None:
        """`count` rows whose `field` came from an unread column keep the value on record (a 缴费基数
        already recorded by the 登记表): said in the unread column's own line, beside the rows it made
        提示 ("1 行因此提示…；另有 25 行的缴费基数已有记录，保持不变", re-trial 12, N-4)."""
        self._kept_on_record[field] = count
        if field in self._folded:
            old, folded, first = self._folded[field]
            self._put_folded(field, old, folded, first)

    def _put_folded(self, field: str, old: RowProblem | None, count: int, first: str) -> None:
        column = self._unread[field]
        kept = self._kept_on_record.get(field, 0)
        also = f"；另有 {kept} 行的{field}已有记录，保持不变。" if kept else "："
        problem = RowProblem(0, "", "", f"“{column.written}”（{column.letters} 列）没有读取，{count} 行因此提示"
                             f"“{first}”{also}如这一列就是{field}，请把表头改为“{field}”后重新导入")
        self._folded[field] = (problem, count, first)
        if old is None:
            self.problems.append(problem)
            return
        for index, kept_problem in enumerate(self.problems):
            if kept_problem is old:
                self.problems[index] = problem
                self._index_size = -1
                break

    def _file_notice(self, notice: ReadNotice) -> None:
        if notice.unread is not None:
            self.add_unread([notice.unread])
        elif notice.level == "problem":
            problem = RowProblem(notice.row, notice.column, notice.letter, notice.text)
            self._from_reader.add(problem)  # the same check made again by the area's validation is not repeated
            self.problems.append(problem)
        else:
            (self.warnings if notice.level == "warning" else self.notes).append(notice.text)

    def warn(self, text: str, rows: Iterable[int] = (), on_row: str = "") -> None:
        """A 提示 about some rows: in the report's list and on each of those rows in the preview (re-trial
        12, N-5), every row even past the ten its text names ("第 5、6 … 行等 40 行"); `on_row`, when
        given, is what the row's cell says instead of the text without its label."""
        self.warnings.append(text)
        self._said_with_rows.add(text)
        for row in rows:
            self._row_warnings.setdefault(_row_key(row), []).append(on_row or text)

    def warnings_of(self, row: int) -> list[str]:
        """The 提示 of one row, each without the row's label: those given with their rows (warn) and
        those whose text begins with the rows it concerns ("工作表“1月”第 8 行（…）：…", "第 4、5 行的…")."""
        if self._warning_index_size != len(self.warnings):
            self._warning_index = {}
            for text in self.warnings:
                if text in self._said_with_rows:
                    continue
                for key in _labelled_rows(text):
                    self._warning_index.setdefault(key, []).append(text)
            self._warning_index_size = len(self.warnings)
        key = _row_key(row)
        said = self._row_warnings.get(key, []) + self._warning_index.get(key, [])
        return [_without_label(text) for text in dict.fromkeys(said)]

    @property
    def problem_count(self) -> int:
        return getattr(self.problems, "total", len(self.problems))

    @property
    def problem_rows(self) -> set[int]:
        return getattr(self.problems, "rows", None) or {p.row for p in self.problems}

    def take_words(self, log: WordLog) -> None:
        """Keep what a WordLog noted over the rows: the mappings (for the report) and unknown words."""
        self.mapped = log.mappings()
        self.unknown_words = log.unknown_words()

    def problems_of(self, row: int) -> list[RowProblem]:
        """The kept problems of one row (an index, so a preview of many rows stays fast)."""
        if self._index_size != len(self.problems):
            self._index = {}
            for problem in self.problems:
                self._index.setdefault(problem.row, []).append(problem)
            self._index_size = len(self.problems)
        return list(self._index.get(row, ()))

    def status_of(self, row: int) -> str:
        if row in self.problem_rows:
            return "有错误"
        return self.row_status.get(row) or "可导入"

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def written(self) -> bool:
        return self.ok and not self.dry_run

    def _file_refused(self) -> bool:
        """Refused for the file as a whole: the summary says the (first) reason itself."""
        return not self.ok and all(p.row == 0 for p in self.problems) and self.problem_count == len(self.problems)

    def summary(self) -> str:
        if self._file_refused():
            said = self.problems[0].message.rstrip("。")
            if said.endswith("没有写入任何数据"):  # the reason says it already (trial R TR-10: said twice)
                return f"{self.kind}无法导入：{said}。"
            return f"{self.kind}无法导入：{said}。没有写入任何数据。"
        if not self.ok:
            rows = len(self.problem_rows - {0})
            return (
                f"{self.kind}导入失败：{rows} 行有错误，共 {self.problem_count} 处。"
                "没有写入任何数据，请改正后重新导入。"
            )
        verb = "将" if self.dry_run else "已"
        text = f"{self.kind}：读取 {self.rows_read} 行，{verb}新增 {self.created} 条、{verb}更新 {self.updated} 条，{self.unchanged} 条无变化。"
        if self.restored:
            text += f"其中 {self.restored} 名党员{verb}从回收站恢复。"
        if self.dry_run:
            text += "（试运行，未写入数据）"
        return text

    def done_text(self, limit: int = 8) -> str:
        """What the 导入完成 box says: the summary; each column holding data that was not read (a warning
        the details list among many is easily missed: trial L, TL-1); then the first `limit` other 提示 —
        a sheet not read, rows imported as 草稿 — so nothing the import left out is said only in the text
        the window closes."""
        parts = [self.summary()]
        if self.unread_columns:
            shown = self.unread_columns[:10]
            more = [f"……另有 {len(self.unread_columns) - 10} 列" for _ in range(len(self.unread_columns) > 10)]
            parts += ["以下各列有内容，但没有导入：", "\n".join([*shown, *more])]
        unread = set(self.unread_columns)
        others = [w for w in self.warnings if w not in unread]
        total = getattr(self.warnings, "total", len(self.warnings)) - (len(self.warnings) - len(others))
        if total > 0:
            # what concerns the file or several rows first (a sheet not read, "第 4、5 行…已导入为草稿"), then
            # the lines about one row each, which may be many (trial L: 33 attendance lines hid the drafts)
            ordered = sorted(others, key=lambda w: bool(_ONE_ROW.match(w)))
            lines = ["请注意："] + [f"· {w}" for w in ordered[:limit]]
            if total > limit:
                lines.append(f"……另有 {total - limit} 条提示未列出（共 {total} 条）")
            parts.append("\n".join(lines))
        return "\n\n".join(parts)

    def to_text(self) -> str:
        """The summary, then at most SHOWN lines of each kind, each list ending with how many more."""
        lines = [self.summary()]
        if self.needs_confirmation:
            lines.append(f"  需要确认：{self.needs_confirmation}")
        lines += [f"  · {m.title}“{m.word}”按“{m.entry}”导入，{m.rows} 行" for m in self.mapped]
        lines += [f"  · {note}" for note in self.notes[:SHOWN]]
        lines += _more(self.notes, "条说明")
        lines += [f"  提示：{w}" for w in self.warnings[:SHOWN]]
        lines += _more(self.warnings, "条提示")
        listed = self.problems[1:] if self._file_refused() else self.problems  # the first is in the summary
        lines += [f"  {p}" for p in listed[:SHOWN]]
        lines += _more(self.problems, "处问题")
        return "\n".join(lines)


_ONE_ROW = re.compile(r"^(工作表“[^”]*”)?第 \d+ 行[（：，]")
_ROWS = r"(?:工作表“[^”]*”)?第 \d+(?:、\d+)* 行"
_LABEL = re.compile(rf"^{_ROWS}(?:，{_ROWS})*(?:等 \d+ 行)?")
_GROUP = re.compile(r"(?:工作表“([^”]*)”)?第 (\d+(?:、\d+)*) 行")
_LEFT_OVER = re.compile(r"^(?:（[^）]*）)?[：，的\s]*")


def _row_key(row: int) -> tuple[str, int]:
    return getattr(row, "sheet", ""), int(row)


def _labelled_rows(text: str) -> list[tuple[str, int]]:
    """The rows a 提示 names at its start, as row_label / rows_label write them."""
    label = _LABEL.match(text)
    if label is None:
        return []
    return [(sheet or "", int(number)) for sheet, numbers in _GROUP.findall(label.group())
            for number in numbers.split("、")]


def _without_label(text: str) -> str:
    """What a 提示 says of its row, for the row's cell in the preview (its label is the row itself)."""
    label = _LABEL.match(text)
    if label is None:
        return text
    rest = _LEFT_OVER.sub("", text[label.end():], count=1)
    return rest or text


def _more(items: list, what: str) -> list[str]:  # type: ignore[type-arg]
    total = getattr(items, "total", len(items))
    return [f"  ……另有 {total - SHOWN} {what}未列出（共 {total} {what}）"] if total > SHOWN else []
