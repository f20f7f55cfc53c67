"""A list beside the detail of its chosen row (发展党员: the people, then one person's 25 steps). While
nothing is chosen the detail has nothing to show but a hint, so it folds to a narrow column and the
list has the room: at 1366×768 the empty steps pane used to take half the width while the list's
待办事项, 问题 and 提醒 needed the scroll bar (trial 9, T9-27). Once a row is chosen the detail opens
to its width again — the one the user last dragged it to, else the page's."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QSplitter, QWidget


class DetailPane(QObject):
    """`splitter`'s widget at `index` is the detail; `body`: its parts hidden while nothing is chosen
    (what is left, a hint, fits in `narrow` pixels)."""

    def __init__(self, splitter: QSplitter, index: int, *, narrow: int, wide: int,
                 body: Iterable[QWidget] = ()) -> None:
        super().__init__(splitter)
        self.splitter = splitter
        self.index = index
        self.narrow = narrow
        self.wide = wide  # the open detail's width: the page's, then the user's
        self.body = list(body)
        self.open: bool | None = None
        splitter.setChildrenCollapsible(False)
        splitter.splitterMoved.connect(self._moved)
        self._placing = False
        self.show_detail(False)

    def _moved(self, *_args: object) -> None:
        if self.open and not self._placing:
            self.wide = self.splitter.sizes()[self.index]

    def show_detail(self, shown: bool) -> None:
        """Open the detail (a row is chosen) or fold it to its hint (nothing is)."""
        if shown == self.open:
            return
        self.open = shown
        for part in self.body:
            part.setVisible(shown)
        sizes = self.splitter.sizes()
        total = sum(sizes) or sum(w.sizeHint().width() for w in map(self.splitter.widget, range(len(sizes))))
        width = self.wide if shown else self.narrow
        sizes = [max(total - width, 0) if i != self.index else width for i in range(len(sizes))]
        self._placing = True
        try:
            self.splitter.setSizes(sizes)
        finally:
            self._placing = False
