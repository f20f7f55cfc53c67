"""Screenshots of every page and dialog of the real window, made offscreen at 1366×768, for the README
(docs/screenshots/) and the built-in guide (resources/help/images/), so both stay current.

    python docs/make_screenshots.py              # everything
    python docs/make_screenshots.py --only home  # names containing "home"

The virtual screen is 1366×728: a 1366×768 office screen less its 40-pixel taskbar (the window's
"available area"). The demo school is built afresh in a temporary folder dated today; nothing of the
user's data or settings is touched. Each PNG is checked: it must not be blank and no dialog may be
larger than the screen.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHOTS = ROOT / "docs" / "screenshots"
HELP_IMAGES = ROOT / "resources" / "help" / "images"
SCREEN = (1366, 728)


def _prepare_environment(folder: Path) -> None:
    config = folder / "screen.json"
    config.write_text(json.dumps({"screens": [{"name": "office", "x": 0, "y": 0, "width": SCREEN[0],
                                               "height": SCREEN[1], "logicalDpiX": 96, "logicalDpiY": 96,
                                               "dpr": 1}]}), encoding="utf-8")
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={config}"
    os.environ["QT_LOGGING_RULES"] = "qt.qpa.*=false"
    os.environ["BRANCHDESK_HOME"] = str(folder / "BranchDesk 数据")
    os.environ["XDG_CONFIG_HOME"] = str(folder / "config")
    sys.path[:0] = [str(ROOT), str(ROOT / "docs")]


def _blank(image) -> bool:  # type: ignore[no-untyped-def]
    """One colour everywhere on a coarse grid: nothing was drawn."""
    colours = {image.pixel(x, y) for x in range(0, image.width(), 3) for y in range(0, image.height(), 3)}
    return len(colours) < 3


class Shooter:
    def __init__(self, only: str | None) -> None:
        self.only = only
        self.made: list[Path] = []
        self.problems: list[str] = []

    def wanted(self, name: str) -> bool:
        return self.only is None or self.only in name

    def settle(self, rounds: int = 6) -> None:
        from PySide6.QtCore import QThreadPool
        from PySide6.QtWidgets import QApplication

        for _ in range(rounds):
            QApplication.processEvents()
            QThreadPool.globalInstance().waitForDone(30_000)
            QApplication.processEvents()

    def save(self, widget, name: str, *, guide: bool = False) -> None:  # type: ignore[no-untyped-def]

        self.settle()
        image = widget.grab().toImage()
        if image.width() > SCREEN[0] or image.height() > SCREEN[1]:
            self.problems.append(f"{name}: {image.width()}×{image.height()} is larger than the screen")
        if image.isNull() or _blank(image):
            self.problems.append(f"{name}: empty picture")
        SHOTS.mkdir(parents=True, exist_ok=True)
        path = SHOTS / f"{name}.png"
        image.save(str(path))
        self.made.append(path)
        if guide:
            HELP_IMAGES.mkdir(parents=True, exist_ok=True)
            image.save(str(HELP_IMAGES / f"{name}.png"))

    def dialog(self, make: Callable[[], object], name: str, *, guide: bool = False,
               before: Callable[[object], None] | None = None) -> None:
        if not self.wanted(name):
            return
        dialog = make()
        dialog.show()  # type: ignore[attr-defined]
        self.settle(2)
        if before is not None:
            before(dialog)
        self.save(dialog, name, guide=guide)
        dialog.close()  # type: ignore[attr-defined]
        dialog.deleteLater()  # type: ignore[attr-defined]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", help="make only the screenshots whose name contains this")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="branchdesk-shots-") as temp:
        _prepare_environment(Path(temp))
        from screenshot_scenes import shoot_everything

        if args.only is None:  # a full run: no picture of a dialog that no longer exists stays behind
            for old in [*SHOTS.glob("*.png"), *HELP_IMAGES.glob("*.png")]:
                old.unlink()
        shooter = Shooter(args.only)
        shoot_everything(shooter, Path(temp), date.today())
    for path in shooter.made:
        print(path.relative_to(ROOT))
    for problem in shooter.problems:
        print("PROBLEM:", problem, file=sys.stderr)
    return 1 if shooter.problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
