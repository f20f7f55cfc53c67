"""The programs bench_speed.py runs in fresh processes: the bare-library floors and the probe that
times BranchDesk's window. Each is a string run with `python -c`, so the floor process imports
nothing but the library it measures.

Every window program gets the time its parent started it (wall clock, `time.time()`) as argv[1] and
prints the seconds from then to the first paint of its main window, and the CPU seconds it had used
by then, then leaves at once with os._exit: what is measured is "the window is there", not the
tidying up after it.
"""

from __future__ import annotations

# A bare PySide6 main window of the same size, shown; first paint -> time.
WINDOW_FLOOR = r"""
import os, sys, time
start = float(sys.argv[1])
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv[:1])
window = QMainWindow()
window.resize(1280, 800)
class Painted(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and obj is window:
            print(f"{time.time() - start:.4f} {time.process_time():.4f}", flush=True)
            os._exit(0)
        return False
watcher = Painted()
app.installEventFilter(watcher)
window.show()
app.exec()
"""

# BranchDesk's real start (`branchdesk --db FILE`: the command line, the Qt application, the database
# opened, the main window), with one event filter added to the application it makes; first paint of
# the main window -> time. With argv[3] == "home" it waits instead until the home page has its
# figures (its `loaded` signal) and prints both times.
WINDOW_PROBE = r"""
import os, sys, time
start = float(sys.argv[1])
import branchdesk.app as app_module
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QMainWindow
wait_home = len(sys.argv) > 3 and sys.argv[3] == "home"
painted = []
class Painted(QObject):
    def eventFilter(self, obj, event):
        if not painted and event.type() == QEvent.Type.Paint and isinstance(obj, QMainWindow) \
                and type(obj).__name__ == "MainWindow":
            painted.append(time.time() - start)
            cpu = time.process_time()
            if not wait_home:
                print(f"{painted[0]:.4f} {cpu:.4f}", flush=True)
                os._exit(0)
            def loaded():
                print(f"{painted[0]:.4f} {cpu:.4f} {time.time() - start:.4f}", flush=True)
                os._exit(0)
            def watch_home():  # the home page is built once the database is open (ui/startup.py)
                if obj.context.ready and "home" in obj._pages:
                    obj._pages["home"].loaded.connect(loaded)
                else:
                    QTimer.singleShot(20, watch_home)
            watch_home()
        return False
watcher = Painted()
make = app_module.make_application
def make_application(argv=None):
    application = make(argv)
    application.installEventFilter(watcher)
    return application
app_module.make_application = make_application
from branchdesk.cli.main import main
sys.exit(main(["--db", sys.argv[2]]))
"""

# openpyxl write_only: the same sheets and the same cell values as BranchDesk's workbook, nothing
# else (no styles, widths, merges, print set-up). argv: cells.pickle out.xlsx
WORKBOOK_FLOOR = r"""
import pickle, sys
from openpyxl import Workbook
with open(sys.argv[1], "rb") as handle:
    sheets = pickle.load(handle)
workbook = Workbook(write_only=True)
for title, rows in sheets:
    sheet = workbook.create_sheet(title)
    for row in rows:
        sheet.append(row)
workbook.save(sys.argv[2])
"""

# reportlab: the same pages as BranchDesk's PDF, each page's text lines as a table, with the same two
# CJK fonts embedded as subsets (headings in the first, body in the second). argv: pages.json out.pdf
# heading-font body-font
PDF_FLOOR = r"""
import json, sys
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import PageBreak, SimpleDocTemplate, Table, TableStyle
with open(sys.argv[1], encoding="utf-8") as handle:
    pages = json.load(handle)
pdfmetrics.registerFont(TTFont("Hei", sys.argv[3], subfontIndex=0))
pdfmetrics.registerFont(TTFont("Song", sys.argv[4], subfontIndex=0))
style = TableStyle([("FONT", (0, 0), (-1, -1), "Song", 6, 7), ("FONT", (0, 0), (-1, 0), "Hei", 6, 7),
                    ("GRID", (0, 0), (-1, -1), 0.25, (0.5, 0.5, 0.5)),
                    ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0.3)])
story = []
for rows in pages:
    if not rows:
        rows = [[" "]]
    width = max(len(r) for r in rows)
    table = Table([r + [""] * (width - len(r)) for r in rows], style=style)
    story += [table, PageBreak()]
document = SimpleDocTemplate(sys.argv[2], pagesize=A4, leftMargin=10 * mm, rightMargin=10 * mm,
                             topMargin=8 * mm, bottomMargin=8 * mm)
document.build(story[:-1])
"""

CLI_FLOOR = "import argparse"
