"""A PDF is written whole or not at all (issue 8's rule for every file we write): the meeting record,
the development timeline and the month review were written straight to the chosen name, so a full
disk or a USB drive pulled out while reportlab wrote the file left half a PDF in place of the one
printed last time. Each is now built into `<name>.partial` and renamed over the target only once whole
(as the year-end volume and every workbook already were)."""

from __future__ import annotations

import errno
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from reportlab.pdfbase import pdfdoc
from sqlalchemy import select

from branchdesk.db.models import DevRecord, Meeting
from branchdesk.services.development.printing import export_timeline_pdf
from branchdesk.services.meetings.printing import export_meeting_record_pdf
from branchdesk.services.rectification.printing import export_review_pdf

EARLIER = b"%PDF-1.4 the record printed last time"


def _full_disk(monkeypatch: pytest.MonkeyPatch) -> None:
    def half_then_full(self: Any, filename: Any, canvas: Any) -> None:
        with open(filename, "wb") as handle:
            handle.write(b"%PDF-1.4 half")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(pdfdoc.PDFDocument, "SaveToFile", half_then_full)


@pytest.mark.parametrize("kind", ["meeting", "timeline", "review"])
def test_a_pdf_cut_short_leaves_the_earlier_file(demo_db, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
                                                 kind: str) -> None:
    with demo_db.session() as s:
        meeting = s.scalars(select(Meeting.id).order_by(Meeting.id)).first()
        case = s.scalars(select(DevRecord.id).order_by(DevRecord.id)).first()
    target = tmp_path / "打印 文件夹" / f"{kind}.pdf"
    target.parent.mkdir()
    target.write_bytes(EARLIER)
    _full_disk(monkeypatch)
    with pytest.raises(OSError):
        if kind == "meeting":
            export_meeting_record_pdf(demo_db, meeting, target)
        elif kind == "timeline":
            export_timeline_pdf(demo_db, case, target, as_of=date(2026, 11, 20))
        else:
            export_review_pdf(demo_db, target, 2026, 10, as_of=date(2026, 11, 20))
    assert target.read_bytes() == EARLIER
    assert sorted(p.name for p in target.parent.iterdir()) == [target.name]  # no partial left either
    monkeypatch.undo()
    {"meeting": lambda: export_meeting_record_pdf(demo_db, meeting, target),
     "timeline": lambda: export_timeline_pdf(demo_db, case, target, as_of=date(2026, 11, 20)),
     "review": lambda: export_review_pdf(demo_db, target, 2026, 10, as_of=date(2026, 11, 20))}[kind]()
    assert target.read_bytes().startswith(b"%PDF") and target.read_bytes() != EARLIER
    assert sorted(p.name for p in target.parent.iterdir()) == [target.name]
