"""The one-face PDFs (发展党员 时间线, 月度销号) with a rare character (生僻字) in a name: WenQuanYi Micro Hei,
their face, has no 䶮, so 王䶮 printed as "王" (NOTE10 "Not covered": the single-font PDFs). The bundled
AR PL UMing has it and draws it (pdf_glyphs.cover), in the lines above the table and in its cells."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from branchdesk.db.models import DevRecord
from branchdesk.db.models.rectification import RectMeasure
from branchdesk.services.development.printing import export_timeline_pdf
from branchdesk.services.rectification.printing import export_review_pdf

pytestmark = pytest.mark.skipif(shutil.which("pdffonts") is None, reason="poppler-utils not installed")


def _fonts_and_text(path: Path) -> tuple[str, str]:
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return fonts, text


def test_the_timeline_prints_a_rare_name(demo_db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    with demo_db.session() as s:
        case = s.scalars(select(DevRecord).order_by(DevRecord.id)).first()
        case.name = "王䶮"
        case_id = case.id
    path = tmp_path / "时间线.pdf"
    export_timeline_pdf(demo_db, case_id, path, as_of=date(2026, 11, 20))
    fonts, text = _fonts_and_text(path)
    assert "UMingCN" in fonts
    assert "姓名：王䶮" in text.replace(" ", "")


def test_the_monthly_review_prints_a_rare_name_in_its_table(demo_db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    with demo_db.session() as s:
        for measure in s.scalars(select(RectMeasure)):
            measure.person = "王䶮"
    path = tmp_path / "月度销号.pdf"
    export_review_pdf(demo_db, path, 2026, 10, as_of=date(2026, 11, 20))
    fonts, text = _fonts_and_text(path)
    assert "UMingCN" in fonts
    assert "王䶮" in text
