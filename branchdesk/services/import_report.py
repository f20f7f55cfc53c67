"""The row-by-row report every import gives, shared by all kinds (roster, meetings, development …)."""

from __future__ import annotations

from dataclasses import dataclass, field

from branchdesk.domain.synonyms import Mapped, UnknownWord, WordLog


@dataclass(frozen=True)
class RowProblem:
    row: int  # Excel row number (0 for the file as a whole)
    column: str  # Chinese column name ("" when it concerns the whole row)
    letter: str  # Excel column letter, when known
    message: str

    def __str__(self) -> str:
        where = f"第 {self.row} 行" if self.row else "文件"
        if self.column:
            where += f"，{self.column}" + (f"（{self.letter} 列）" if self.letter else "")
        return f"{where}：{self.message}"


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
    mapped: list[Mapped] = field(default_factory=list)  # words read as a list's entry (said once each)
    unknown_words: list[UnknownWord] = field(default_factory=list)  # the window offers to add editable ones
    needs_confirmation: str = ""  # what the user must confirm first (new branches …); "" when nothing

    def take_words(self, log: WordLog) -> None:
        """Keep what a WordLog noted over the rows: the mappings (for the report) and unknown words."""
        self.mapped = log.mappings()
        self.unknown_words = log.unknown_words()

    def problems_of(self, row: int) -> list[RowProblem]:
        return [p for p in self.problems if p.row == row]

    def status_of(self, row: int) -> str:
        if self.problems_of(row):
            return "有错误"
        return self.row_status.get(row) or "可导入"

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def written(self) -> bool:
        return self.ok and not self.dry_run

    def summary(self) -> str:
        if not self.ok and all(p.row == 0 for p in self.problems):
            return f"{self.kind}无法导入：{self.problems[0].message}。没有写入任何数据。"
        if not self.ok:
            return (
                f"{self.kind}导入失败：{len({p.row for p in self.problems})} 行有错误，共 {len(self.problems)} 处。"
                "没有写入任何数据，请改正后重新导入。"
            )
        verb = "将" if self.dry_run else "已"
        text = f"{self.kind}：读取 {self.rows_read} 行，{verb}新增 {self.created} 条、{verb}更新 {self.updated} 条，{self.unchanged} 条无变化。"
        if self.dry_run:
            text += "（试运行，未写入数据）"
        return text

    def to_text(self) -> str:
        lines = [self.summary()]
        if self.needs_confirmation:
            lines.append(f"  需要确认：{self.needs_confirmation}")
        lines += [f"  · {m.title}“{m.word}”按“{m.entry}”导入，{m.rows} 行" for m in self.mapped]
        lines += [f"  · {note}" for note in self.notes]
        lines += [f"  提示：{w}" for w in self.warnings]
        lines += [f"  {p}" for p in self.problems]
        return "\n".join(lines)
