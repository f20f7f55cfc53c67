"""Where an export or a report is saved: a proposed name that carries the school and the year (two
schools' files on one USB drive no longer share a name), the folder used last time (else 文档), and
a question before an existing file is replaced."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

FOLDER_KEY = "files/last_folder"


def documents_folder() -> Path:
    saved = QSettings().value(FOLDER_KEY)
    if saved and Path(str(saved)).is_dir():
        return Path(str(saved))
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(documents) if documents else Path.home()


def proposed_name(base: str, *, school: str = "", year: int | None = None, scope: str = "") -> str:
    """示范市第二中学 + 高一年级党支部 + 2026年 + 三会一课台账.xlsx; parts already in `base` are not repeated."""
    stem, dot, suffix = base.rpartition(".")
    if not dot:
        stem, suffix = base, ""
    parts = [p for p in (school, scope) if p and p not in stem]
    when = "" if not year or str(year) in stem else (f"{year}" if stem.startswith("年") else f"{year}年")
    name = "".join(parts) + when + stem
    for bad in '\\/:*?"<>|':
        name = name.replace(bad, "_")
    return f"{name}.{suffix}" if suffix else name


def confirm_replace(parent: QWidget, path: Path) -> bool:
    """True when `path` is free or the user agrees to replace it."""
    if not path.exists():
        return True
    answer = QMessageBox.question(
        parent, parent.tr("文件已存在"),
        parent.tr("“{0}”已经存在（{1}）。\n要用新生成的文件替换它吗？").format(path.name, path.parent),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes


def ask_save_path(parent: QWidget, title: str, base: str, file_filter: str, *, db: object | None = None,
                  year: int | None = None, scope: str = "", with_school: bool = True) -> Path | None:
    """The file to write, or None when the user cancels; an existing file is replaced only when confirmed."""
    school = ""
    if with_school and db is not None:
        from branchdesk.services.roster.organisation import get_school_name

        school = get_school_name(db)  # type: ignore[arg-type]
    name = proposed_name(base, school=school, year=year if year is not None else None, scope=scope)
    chosen, _ = QFileDialog.getSaveFileName(parent, title, str(documents_folder() / name), file_filter)
    if not chosen:
        return None
    path = Path(chosen)
    suffix = Path(base).suffix
    if suffix and path.suffix.lower() != suffix.lower():
        path = path.with_name(path.name + suffix)
        if not confirm_replace(parent, path):  # the dialog asked about the name without the suffix
            return None
    QSettings().setValue(FOLDER_KEY, str(path.parent))
    return path


def ask_save_name(parent: QWidget, title: str, base: str, file_filter: str, *, db: object | None = None,
                  year: int | None = None, scope: str = "") -> str:
    """`ask_save_path` as text: "" when cancelled (the pages' exports test `if not name`)."""
    path = ask_save_path(parent, title, base, file_filter, db=db, year=year, scope=scope)
    return str(path) if path is not None else ""
