"""The row of action buttons under a list, the same on every page: each button may carry a keyboard
shortcut, shown as its tooltip, and is kept by its text so tests and pages can reach it."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QPushButton

Action = tuple[str, Callable[[], object], str | None]


def add_buttons(row: QHBoxLayout, actions: Iterable[Action], into: dict[str, QPushButton]) -> None:
    """Append one button per (text, slot, shortcut) to `row`, then a stretch; record them in `into`."""
    for text, slot, shortcut in actions:
        button = QPushButton(text)
        button.clicked.connect(slot)
        if shortcut:
            button.setShortcut(QKeySequence(shortcut))
            button.setToolTip(shortcut)
        row.addWidget(button)
        into[text] = button
    row.addStretch(1)
