"""Issue 9, installer and portable copy: what the bundle carries, the icon, 关于, portable mode, the
smoke-test hook. The bundle itself is built and tested by packaging/build_bundle.py (too slow for CI)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _bundle_contents():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("bundle_contents", ROOT / "packaging" / "bundle_contents.py")
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def test_bundle_carries_every_file_loaded_by_path() -> None:
    pairs = {(Path(src).resolve(), dest) for src, dest in _bundle_contents().data_files()}
    sources = {src for src, _ in pairs}
    migrations = ROOT / "branchdesk" / "db" / "migrations"
    needed = [migrations / "env.py", migrations / "script.py.mako", *sorted((migrations / "versions").glob("*.py"))]
    assert len(needed) >= 8
    for path in needed:
        assert path.resolve() in sources, path
    # Placed where branchdesk/db/migrate.py looks for them inside the bundle (beside the package).
    assert (migrations.resolve() / "versions" / "0001_foundation.py",
            str(Path("branchdesk/db/migrations/versions"))) in pairs
    for name in ("fonts/wqy-microhei.ttc", "fonts/wqy-microhei-LICENSE.txt", "icons/branchdesk.png",
                 "icons/branchdesk.ico", "licenses/THIRD_PARTY_NOTICES.txt"):
        assert (ROOT / "resources" / name).resolve() in sources, name
    assert not any("__pycache__" in str(src) for src in sources)


def test_bundle_carries_the_metadata_of_every_runtime_dependency() -> None:
    names = {n.lower().replace("_", "-") for n in _bundle_contents().runtime_distributions()}
    assert {"branchdesk", "sqlalchemy", "alembic", "pyside6-essentials", "openpyxl", "reportlab"} <= names
    assert not names & {"pytest", "ruff", "hypothesis"}  # test extras stay out


def test_spec_and_installer_script_agree_with_the_package() -> None:
    spec = (ROOT / "packaging" / "branchdesk.spec").read_text(encoding="utf-8")
    assert 'copy_metadata(name)' in spec and '"branchdesk"' in (ROOT / "packaging" / "bundle_contents.py").read_text()
    assert 'name="BranchDesk"' in spec
    iss = (ROOT / "packaging" / "branchdesk.iss").read_bytes()
    assert iss.startswith(b"\xef\xbb\xbf"), "Inno Setup needs a BOM to read Chinese text"
    text = iss.decode("utf-8-sig")
    assert '#define AppName "支部台账 BranchDesk"' in text
    assert "AppVersion={#AppVersion}" in text and "MinVersion=10.0.17763" in text
    assert "{autoprograms}" in text and "{autodesktop}" in text
    # The uninstaller keeps the user's data: nothing under the profile is deleted.
    uninstall = text.split("[UninstallDelete]", 1)[1].split("[Code]", 1)[0]
    assert "userappdata" not in uninstall.lower() and "{app}\\_internal" in uninstall
    assert 'Excludes: "portable.txt' in text


def test_icon_has_every_windows_size() -> None:
    from PIL import Image

    with Image.open(ROOT / "resources" / "icons" / "branchdesk.ico") as icon:
        assert {(16, 16), (32, 32), (48, 48), (256, 256)} <= set(icon.info["sizes"])
    with Image.open(ROOT / "resources" / "icons" / "branchdesk.png") as png:
        assert png.size == (256, 256) and png.mode == "RGBA"


def test_portable_marker_beside_a_frozen_program(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from branchdesk import paths

    program = tmp_path / "U盘" / "BranchDesk"
    program.mkdir(parents=True)
    monkeypatch.delenv("BRANCHDESK_HOME", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "profile"))
    monkeypatch.setenv("APPDATA", str(tmp_path / "profile"))
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(program / "branchdesk"))
    assert paths.program_folder() == program.resolve()
    assert paths.default_database().parent != program.resolve() / "BranchDesk-data"

    (program / paths.PORTABLE_MARKER).write_text("portable", encoding="utf-8")
    assert paths.data_folder() == program.resolve() / "BranchDesk-data"
    assert paths.default_database() == program.resolve() / "BranchDesk-data" / "branchdesk.sqlite"
    assert paths.backup_folder() == program.resolve() / "BranchDesk-data" / "backups"

    from branchdesk.ui.about_dialog import portable_mode

    assert portable_mode()


def test_portable_database_opens_and_migrates(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from branchdesk import paths
    from branchdesk.cli.main import main

    program = tmp_path / "BranchDesk"
    program.mkdir()
    (program / paths.PORTABLE_MARKER).write_text("", encoding="utf-8")
    monkeypatch.delenv("BRANCHDESK_HOME", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "profile"))
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(program / "branchdesk"))
    assert main(["check", "--year", "2026"]) == 0  # opens (creates, migrates) the default database
    assert main(["backup"]) == 0
    assert (program / "BranchDesk-data" / "branchdesk.sqlite").is_file()
    assert list((program / "BranchDesk-data" / "backups").iterdir())
    assert not (tmp_path / "profile").exists()


def test_about_dialog_shows_package_version_and_licences(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    from importlib.metadata import version

    from branchdesk import __version__
    from branchdesk.ui.about_dialog import AboutDialog, database_text

    dialog = AboutDialog(db)
    qtbot.addWidget(dialog)
    assert __version__ == version("branchdesk")
    assert dialog.version_label.text() == f"版本 {__version__}"
    assert str(db.path) in dialog.details.text()
    assert "WenQuanYi" in dialog.licences.toPlainText() and "LGPL" in dialog.licences.toPlainText()
    assert "支部台账 BranchDesk" in dialog.windowTitle()

    class _Server:
        path = None
        from sqlalchemy.engine import make_url

        url = make_url("postgresql+psycopg://secretary:s3cret@db.school.local/branchdesk")

    shown = database_text(_Server())
    assert "s3cret" not in shown and "db.school.local/branchdesk" in shown


def test_main_window_has_about_action(qtbot, db, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    from branchdesk.ui import about_dialog
    from branchdesk.ui.context import AppContext
    from branchdesk.ui.main_window import MainWindow

    opened: list[object] = []
    monkeypatch.setattr(about_dialog.AboutDialog, "exec", lambda self: opened.append(self) or 0)
    window = MainWindow(AppContext(db))
    qtbot.addWidget(window)
    actions = [a for menu in window.menuBar().findChildren(type(window.menuBar().actions()[0].menu()))
               for a in menu.actions()]
    about = next(a for a in actions if "关于" in a.text())
    assert about.shortcut().toString() == "Ctrl+F1"
    about.trigger()
    assert len(opened) == 1 and not window.windowIcon().isNull()
    # Let the home page's background check deliver its result before the window goes away.
    qtbot.waitUntil(lambda: window.context.pool.activeThreadCount() == 0, timeout=60_000)
    qtbot.wait(200)


def test_quit_after_show_starts_and_exits_cleanly(db_path: Path, tmp_path: Path, demo_file) -> None:  # type: ignore[no-untyped-def]
    """The whole start-up path (`run_app`) in its own process, as the bundle runs it: an event loop
    that has exited must not be left behind in the test process's shared QApplication."""
    import os
    import shutil
    import subprocess
    import sys
    from datetime import date

    shutil.copyfile(demo_file(date(2026, 11, 20)), db_path)
    env = dict(os.environ, BRANCHDESK_QUIT_AFTER_SHOW="1", QT_QPA_PLATFORM="offscreen",
               BRANCHDESK_HOME=str(tmp_path / "home"))
    result = subprocess.run([sys.executable, "-m", "branchdesk", "--db", str(db_path)], env=env,
                            capture_output=True, text=True, encoding="utf-8", timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    assert "BranchDesk window shown: 支部台账 BranchDesk" in result.stdout


def test_qt_standard_buttons_are_chinese(qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QLocale, QTranslator
    from PySide6.QtWidgets import QApplication, QDialogButtonBox

    from branchdesk.ui.translations import install_qt_chinese

    app = QApplication.instance()
    before, locale = set(app.findChildren(QTranslator)), QLocale()
    try:
        assert install_qt_chinese(app)
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Close | QDialogButtonBox.StandardButton.Cancel)
        qtbot.addWidget(box)
        texts = {b.text().replace("&", "") for b in box.buttons()}
        assert any("关闭" in t for t in texts) and any("取消" in t for t in texts), texts
    finally:  # leave the shared QApplication as other tests expect it
        for translator in set(app.findChildren(QTranslator)) - before:
            app.removeTranslator(translator)
        QLocale.setDefault(locale)
