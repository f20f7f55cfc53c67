"""T10-21: closing Qt's own file dialog (used on Linux and offscreen) killed the app: the app-wide
column fitting had put its event filter on the dialog's own views, and Qt destroyed them under it."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

from PySide6.QtWidgets import QApplication, QFileDialog, QTableView, QTreeView

from branchdesk.ui.widgets import table_fit

_CLOSE_DIALOG = textwrap.dedent("""
    import sys
    from PySide6.QtCore import QTimer, Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QFileDialog, QWidget
    from branchdesk.app import make_application
    app = make_application([])
    window = QWidget(); window.show()
    def close():
        QTest.keyClick(QApplication.activeModalWidget(), Qt.Key.Key_Escape)
    QTimer.singleShot(300, close)
    getter = QFileDialog.getSaveFileName if sys.argv[1] == "save" else QFileDialog.getOpenFileName
    getter(window, "选择文件", "", "Excel 工作簿 (*.xlsx)")
    print("closed")
""")


def test_the_file_dialog_closes_without_killing_the_app(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "BRANCHDESK_HOME": str(tmp_path / "家 目录")}
    for kind in ("open", "save"):
        done = subprocess.run([sys.executable, "-c", _CLOSE_DIALOG, kind], env=env, capture_output=True, text=True,
                              timeout=60)
        assert done.returncode == 0 and "closed" in done.stdout, (kind, done.returncode, done.stderr[-2000:])


def test_qt_dialogs_views_are_left_as_qt_made_them(qtbot) -> None:  # type: ignore[no-untyped-def]
    table_fit.install(QApplication.instance())  # type: ignore[arg-type]
    dialog = QFileDialog(None, "选择文件")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    views = dialog.findChildren(QTreeView) + dialog.findChildren(QTableView)
    assert views and not any(view.findChild(table_fit.TableFitter) for view in views)
    own = QTableView()
    qtbot.addWidget(own)
    own.show()
    qtbot.waitExposed(own)
    assert own.findChild(table_fit.TableFitter) is not None  # BranchDesk's own views are still fitted
