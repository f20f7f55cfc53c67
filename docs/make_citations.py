"""Write docs/citations.md from the citation table (branchdesk/domain/citations.py).

    python docs/make_citations.py
"""

from __future__ import annotations

from pathlib import Path

from branchdesk.domain.citations import citations_markdown

if __name__ == "__main__":
    target = Path(__file__).with_name("citations.md")
    target.write_text(citations_markdown(), encoding="utf-8")
    print(f"wrote {target}")  # noqa: T201 - a developer tool
