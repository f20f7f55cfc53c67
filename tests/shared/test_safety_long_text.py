"""No stored text breaks a report or an export (issue 21 items 5 and 9): a 300-character branch name
stopped the year-end PDF with a LayoutError, a vertical tab stopped every workbook. Values stored
before the limits and the cleaning existed (or by another program) are written here as long as each
database column holds, with control characters, and every PDF writer and every export must still
produce its file."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select

from branchdesk.db.models import (
    DevRecord,
    DevStep,
    Meeting,
    MeetingAttendance,
    MentoringPair,
    Organisation,
    RectLedger,
    RectMeasure,
    RectProblem,
    RectProgress,
    Setting,
)

AS_OF = date(2026, 11, 20)
PARAGRAPH = ("很长的一段文字\x0b从 Word 粘贴而来，" * 1_500)[:30_000]  # 30,000 characters, no line break


def _lengthen(db) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """Every kind of text each report prints, at the longest its column holds; returns record ids."""
    with db.session() as session:
        branch = session.scalars(select(Organisation).where(Organisation.kind == "党支部")).first()
        branch.name = "长" * 50 + "\x0b" + "长" * 49
        setting = session.get(Setting, "school_name")
        if setting is None:
            session.add(Setting(key="school_name", value="学" * 300))
        else:
            setting.value = "学" * 300
        meeting = session.scalars(select(Meeting).where(Meeting.branch_id == branch.id,
                                                        Meeting.meeting_date >= date(2026, 1, 1))).first()
        meeting.topic, meeting.place, meeting.host = "题" * 500, "地" * 200, "主" * 40
        meeting.content, meeting.resolutions, meeting.absentee_text = PARAGRAPH, PARAGRAPH, PARAGRAPH
        for attendee in session.scalars(select(MeetingAttendance).where(MeetingAttendance.meeting_id == meeting.id)):
            attendee.status, attendee.reason = "请假", PARAGRAPH  # 缺席人员及原因 is built from the sheet
        record = session.scalars(select(DevRecord)).first()
        record.name, record.note, record.outcome_reason = "名" * 40, PARAGRAPH, PARAGRAPH
        for step in session.scalars(select(DevStep).where(DevStep.record_id == record.id)):
            step.note = PARAGRAPH  # the timeline's 记录 column
        measure = session.scalars(select(RectMeasure)).first()
        measure.text, measure.person, measure.leader = PARAGRAPH, "责" * 100, "领" * 100
        measure.status, measure.deadline, measure.closed_date, measure.completion_date = "整改中", date(2026, 10, 1), None, None
        measure.verifier = ""
        session.get(RectProblem, measure.problem_id).description = PARAGRAPH
        session.add(RectProgress(measure_id=measure.id, note_date=date(2026, 10, 8), text=PARAGRAPH))
        ledger = session.get(RectLedger, measure.ledger_id)
        ledger.title = "台" * 100 + "\x0c" + "台" * 99
        pair = session.scalars(select(MentoringPair)).first()
        pair.goals, pair.content, pair.results, pair.mentee_name = PARAGRAPH, PARAGRAPH, PARAGRAPH, "生" * 60
        session.flush()
        return {"meeting": meeting.id, "record": record.id, "ledger_title": ledger.title}


@pytest.fixture(scope="module")
def long_db(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """One demo database for the module (the tests only read it), in a folder of its own."""
    from branchdesk.services import session
    from branchdesk.services.demo import build_demo

    folder = tmp_path_factory.mktemp("long_text")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("BRANCHDESK_HOME", str(folder / "BranchDesk 数据"))
        patch.setenv("XDG_CONFIG_HOME", str(folder / "config"))
        database = session.open(folder / "长文本.sqlite")
        build_demo(database, today=AS_OF)
        database.ids = _lengthen(database)
        yield database
        database.close()


def _annual(db, out: Path) -> None:  # type: ignore[no-untyped-def]
    from branchdesk.services.annual_report.records import generate_report

    generate_report(db, 2026, "pdf", out, generated_on=AS_OF)


def _meeting(db, out: Path) -> None:  # type: ignore[no-untyped-def]
    from branchdesk.services.meetings.printing import export_meeting_record_pdf

    export_meeting_record_pdf(db, db.ids["meeting"], out)


def _timeline(db, out: Path) -> None:  # type: ignore[no-untyped-def]
    from branchdesk.services.development.printing import export_timeline_pdf

    export_timeline_pdf(db, db.ids["record"], out, AS_OF)


def _review(db, out: Path) -> None:  # type: ignore[no-untyped-def]
    from branchdesk.services.rectification.printing import export_review_pdf

    export_review_pdf(db, out, 2026, 11, ledger=db.ids["ledger_title"], as_of=AS_OF)
    export_review_pdf(db, out.with_name("全部.pdf"), 2026, 11, as_of=AS_OF)


@pytest.mark.parametrize("write", [_annual, _meeting, _timeline, _review], ids=["annual", "meeting", "timeline", "review"])
def test_every_pdf_is_written_whatever_the_length_of_a_text(long_db, tmp_path: Path, write) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "报表.pdf"
    write(long_db, out)
    assert out.read_bytes().startswith(b"%PDF")


def test_every_export_is_written_whatever_the_text(long_db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from branchdesk.services.annual_report.records import generate_report
    from branchdesk.services.development.excel import export_development
    from branchdesk.services.meetings.excel import export_meetings
    from branchdesk.services.mentoring.excel import export_mentoring
    from branchdesk.services.rectification.excel import export_rectification
    from branchdesk.services.roster.excel import export_roster
    from branchdesk.services.study_hours.excel import export_study_hours

    generate_report(long_db, 2026, "xlsx", tmp_path / "年度.xlsx", generated_on=AS_OF)
    export_roster(long_db, tmp_path / "花名册.xlsx")
    export_meetings(long_db, tmp_path / "会议.xlsx", year=2026)
    export_development(long_db, tmp_path / "发展.xlsx")
    export_mentoring(long_db, tmp_path / "结对.xlsx")
    export_rectification(long_db, tmp_path / "整改.xlsx", as_of=AS_OF)
    export_study_hours(long_db, tmp_path / "学时.xlsx", year=2026)
    for path in tmp_path.glob("*.xlsx"):
        workbook = openpyxl.load_workbook(path)  # what Excel would open: no illegal character anywhere
        texts = [c.value for s in workbook.worksheets for r in s.iter_rows() for c in r if isinstance(c.value, str)]
        assert not any("\x0b" in t or "\x0c" in t for t in texts), path.name
