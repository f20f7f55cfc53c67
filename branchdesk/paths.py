"""Where BranchDesk keeps its data, identical for the window and the CLI.

The folder matches Qt's QStandardPaths.AppDataLocation for organisation "BranchDesk" and application
"BranchDesk" (Windows: %APPDATA%/BranchDesk/BranchDesk; Linux: ~/.local/share/BranchDesk/BranchDesk;
macOS: ~/Library/Application Support/BranchDesk/BranchDesk), computed without Qt so the CLI needs no GUI
library. A `portable.txt` marker beside the program, or BRANCHDESK_HOME, overrides it (USB-drive use).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ORGANISATION = "BranchDesk"
APPLICATION = "BranchDesk"
DATABASE_FILENAME = "branchdesk.sqlite"
PORTABLE_MARKER = "portable.txt"


def program_folder() -> Path:
    if getattr(sys, "frozen", False):
        return Path(sys.executable).resolve().parent
    return Path(__file__).resolve().parent.parent


def data_folder() -> Path:
    override = os.environ.get("BRANCHDESK_HOME")
    if override:
        return Path(override).expanduser()
    portable = program_folder() / PORTABLE_MARKER
    if portable.exists():
        return program_folder() / "BranchDesk-data"
    if sys.platform == "win32":
        base = Path(os.environ.get("APPDATA") or Path.home() / "AppData" / "Roaming")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / ORGANISATION / APPLICATION


def default_database() -> Path:
    return data_folder() / DATABASE_FILENAME


DATABASE_SETTING = "database.txt"  # one line: a database file or a server URL (issue 9)
DATABASE_ENV = "BRANCHDESK_DATABASE"


def database_setting_file() -> Path:
    return data_folder() / DATABASE_SETTING


def configured_database() -> str | Path:
    """The database to open when none is named: BRANCHDESK_DATABASE, else the first line of
    database.txt in the data folder (set with `branchdesk use-database`; a PostgreSQL URL for a
    committee's shared database), else the default file. `--db` always wins over all three."""
    text = os.environ.get(DATABASE_ENV, "").strip()
    if not text:
        try:
            lines = database_setting_file().read_text(encoding="utf-8-sig").splitlines()
        except OSError:
            lines = []
        text = next((line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")), "")
    return text if text else default_database()


def backup_folder() -> Path:
    return data_folder() / "backups"


def resources_folder() -> Path:
    """Fonts and icons: beside the package in a source checkout, inside the bundle when frozen."""
    bundle = getattr(sys, "_MEIPASS", None)
    candidates = [Path(bundle) / "resources"] if bundle else []
    here = Path(__file__).resolve().parent
    candidates += [here / "resources", here.parent / "resources"]
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    return candidates[-1]


def cjk_font_file() -> Path:
    return resources_folder() / "fonts" / "wqy-microhei.ttc"


def cjk_serif_font_file() -> Path:
    """AR PL UMing: the PDF's body face, and the window's face for the rare characters WenQuanYi lacks."""
    return resources_folder() / "fonts" / "uming.ttc"
