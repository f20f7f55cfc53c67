"""What a reviewer checks first in a volume: the contents' page numbers lead to the pages where the
sections really start, and every page after the cover says "第 X 页 共 Y 页" with the real count.
Read from the PDF itself (pdftotext, one page at a time), so it holds whatever way the writer lays
the volume out."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

FOOTER = re.compile(r"第(\d+)页共(\d+)页")
LEADER = re.compile(r"\.{4,}\d+")


def page_texts(path: Path) -> list[str]:
    """Each page's text with all white space removed (a heading wrapped or spaced out still matches)."""
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    pages = text.split("\f")
    if pages and not pages[-1].strip():
        pages.pop()
    return [re.sub(r"\s+", "", page) for page in pages]


def check_footers(pages: list[str]) -> None:
    assert not FOOTER.search(pages[0]), "the cover has no footer"
    for number, page in enumerate(pages[1:], start=2):
        assert FOOTER.findall(page) == [(str(number), str(len(pages)))], (number, FOOTER.findall(page))


def contents_pages(pages: list[str]) -> list[int]:
    """The page titled 目录 and the pages after it that are still dot leaders and page numbers (0-based)."""
    first = next(i for i, page in enumerate(pages) if page.startswith("目录"))
    listed = [first]
    while listed[-1] + 1 < len(pages) and LEADER.search(pages[listed[-1] + 1]):
        listed.append(listed[-1] + 1)
    return listed


def contents_entries(pages: list[str], headings: list[str]) -> list[int]:
    """The page number the contents give for each heading (the same title may recur in several
    chapters), the headings found in order."""
    contents = FOOTER.sub("", "".join(pages[i] for i in contents_pages(pages)))
    found: list[int] = []
    at = 0
    for heading in headings:
        squashed = re.sub(r"\s+", "", heading)
        match = re.compile(re.escape(squashed) + r"\.+(\d+)").search(contents, at)
        assert match, f"{heading} is not in the contents (in order) with a page number"
        found.append(int(match.group(1)))
        at = match.end()
    return found


def check_contents(path: Path, headings: list[str]) -> list[int]:
    """Every heading is listed, in order, with the page where it first appears after the page of the
    heading before it; the footers are right. Returns each heading's page (1-based)."""
    pages = page_texts(path)
    check_footers(pages)
    found = contents_entries(pages, headings)
    at = contents_pages(pages)[-1] + 1  # 0-based: where the search for the next heading begins
    for heading, listed in zip(headings, found, strict=True):
        squashed = re.sub(r"\s+", "", heading)
        real = next((n for n in range(at, len(pages)) if squashed in pages[n]), None)
        assert real is not None, f"{heading} is on no page after the previous heading"
        assert listed == real + 1, f"{heading}: the contents say page {listed}, it is on page {real + 1}"
        at = real
    return found
