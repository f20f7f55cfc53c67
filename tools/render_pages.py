"""Render every PDF BranchDesk writes — and the year-end workbook as LibreOffice prints it — to PNG
pages, so a person can look at them (issue 15). Run on a database with a year of records:

    python3 tools/render_pages.py --db 台账.sqlite --year 2025 --out 页面/

It writes, into --out: the volume (whole school, with the findings appendix, and the first branch),
the first meeting's record, the first development case's timeline, the rectification month review
of June and December, the workbook and (when LibreOffice is installed) the workbook as PDF; then each
PDF's pages as PNG (pdftoppm, 60 dpi; --dpi to change) and a contact sheet per PDF when Pillow is
available. Prints one line per file with its page count."""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path


def _pages(pdf: Path, folder: Path, dpi: int) -> int:
    stem = folder / pdf.stem
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", str(pdf), str(stem)], check=True)
    pngs = sorted(folder.glob(f"{pdf.stem}-*.png"))
    try:
        from PIL import Image
    except ImportError:
        return len(pngs)
    images = [Image.open(p) for p in pngs]
    if images:
        cols = min(6, len(images))
        w, h = max(i.width for i in images), max(i.height for i in images)
        rows = -(-len(images) // cols)
        sheet = Image.new("RGB", (cols * w, rows * h), "white")
        for n, im in enumerate(images):
            sheet.paste(im, ((n % cols) * w, (n // cols) * h))
        sheet.save(folder / f"{pdf.stem}_总览.png")
    return len(pngs)


def libreoffice_pdf(xlsx: Path, folder: Path) -> Path | None:
    """The workbook printed by LibreOffice Calc headless (what WPS or Excel would print), or None."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        return None
    profile = folder / "lo-profile"
    subprocess.run([soffice, f"-env:UserInstallation=file://{profile.resolve()}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(folder), str(xlsx)], check=True, capture_output=True, timeout=300)
    out = folder / (xlsx.stem + ".pdf")
    return out if out.exists() else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--year", type=int, required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--dpi", type=int, default=60)
    args = parser.parse_args(argv)
    from sqlalchemy import select

    from branchdesk.db.models import DevRecord, Meeting
    from branchdesk.services import session
    from branchdesk.services.annual_report.records import generate_report, scope_names
    from branchdesk.services.development.printing import export_timeline_pdf
    from branchdesk.services.meetings.printing import export_meeting_record_pdf
    from branchdesk.services.rectification.printing import export_review_pdf

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    db = session.open(Path(args.db))
    pdfs: list[Path] = []
    try:
        end = date(args.year + 1, 1, 20)
        pdfs.append(generate_report(db, args.year, "pdf", out / "年度汇编.pdf", generated_on=end).path)
        pdfs.append(generate_report(db, args.year, "pdf", out / "年度汇编_附自查.pdf", generated_on=end,
                                    with_findings=True).path)
        _top, branches = scope_names(db)
        if branches:
            pdfs.append(generate_report(db, args.year, "pdf", out / "支部汇编.pdf", branch=branches[0],
                                        generated_on=end).path)
        xlsx = generate_report(db, args.year, "xlsx", out / "年度台账.xlsx", generated_on=end).path
        with db.session() as s:
            meeting = s.scalar(select(Meeting.id).where(Meeting.deleted_at.is_(None)).order_by(Meeting.id))
            case = s.scalar(select(DevRecord.id).where(DevRecord.deleted_at.is_(None))
                            .order_by(DevRecord.id))
        if meeting is not None:
            pdfs.append(export_meeting_record_pdf(db, meeting, out / "会议记录.pdf"))
        if case is not None:
            pdfs.append(export_timeline_pdf(db, case, out / "发展时间线.pdf", as_of=end))
        for month in (6, 12):
            path = out / f"月度销号_{month}月.pdf"
            export_review_pdf(db, path, args.year, month, as_of=end)
            pdfs.append(path)
    finally:
        db.close()
    converted = libreoffice_pdf(xlsx, out)
    if converted is not None:
        pdfs.append(converted)
    else:
        print("未安装 LibreOffice（soffice）：工作簿未转换。", file=sys.stderr)
    for pdf in pdfs:
        print(f"{pdf.name}: {_pages(Path(pdf), out, args.dpi)} 页")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
