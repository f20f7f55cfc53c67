"""The printed 会议记录 (one face, WenQuanYi Micro Hei) with a rare character (生僻字) in a name: 王䶮 as
主持人 and on the sign-in sheet printed as "王" — WenQuanYi has no 䶮 (NOTE10 "Not covered": the
single-font PDFs). The bundled AR PL UMing has it: the record draws such a character in it, and embeds
UMing only when the record needs it (parsing it costs time; an ordinary record is as before)."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

from branchdesk.domain.meetings.records import Attendee
from branchdesk.domain.meetings.sitting import MeetingRecord
from branchdesk.paths import cjk_font_file
from branchdesk.reports.meeting_record_pdf import write_meeting_record

pytestmark = pytest.mark.skipif(shutil.which("pdffonts") is None, reason="poppler-utils not installed")


def _record(host: str, names: tuple[str, ...], content: str) -> MeetingRecord:
    return MeetingRecord(
        id=1, branch_id=1, branch="彧才党支部", group_id=None, group="", kinds=("支部党员大会",),
        date=date(2026, 3, 19), start_time="15:30", end_time="17:00", place="会议室", topic="学习党的二十届三中全会精神",
        host=host, recorder="李秀英", lecturer="", content=content, resolutions="", has_vote=False,
        attendees=tuple(Attendee(n) for n in names), expected=len(names), present=len(names), absentee_text="",
        review_results=(), period="", finalised_at=None, version=1)


def _fonts_and_text(path: Path) -> tuple[str, str]:
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return fonts, text


def test_a_rare_name_is_printed_in_the_face_that_has_it(tmp_path: Path) -> None:
    path = tmp_path / "会议记录.pdf"
    write_meeting_record(path, _record("王䶮", ("王䶮", "张伟", "李秀英"), "王䶮同志领学。"), font_file=cjk_font_file(),
                         school="示范市第二中学")
    fonts, text = _fonts_and_text(path)
    assert "UMingCN" in fonts and "WenQuanYiMicroHei" in fonts
    assert text.count("王䶮") >= 3  # 主持人, 出席人员, 会议内容
    assert "彧才党支部会议记录" in text


def test_an_ordinary_record_embeds_only_its_own_face(tmp_path: Path) -> None:
    path = tmp_path / "会议记录.pdf"
    write_meeting_record(path, _record("王建国", ("王建国", "张伟"), "王建国同志领学。"), font_file=cjk_font_file())
    fonts, text = _fonts_and_text(path)
    assert "UMingCN" not in fonts and "王建国同志领学" in text
