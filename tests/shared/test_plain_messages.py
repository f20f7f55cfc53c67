"""Messages a user reads name the article in plain words, never an internal rule code (trial 9, T9-16b):
the 民主评议 warning before saving said "（MTG-YEARLY-REVIEW：一般不超过 1/3）", a 预备党员's grade error
"（MTG-YEARLY-REVIEW）", the quorum line of the form and of the printed record "（VOTE-QUORUM，…）".
Rule codes belong in the details (the self-check appendix, `check --json`)."""

from __future__ import annotations

import ast
import re
from datetime import date
from pathlib import Path

from branchdesk.domain.citations import CITATIONS
from branchdesk.domain.finding_text import REMEDIES
from branchdesk.domain.meetings.records import Attendee, MeetingKind, check_quorum
from branchdesk.domain.meetings.sitting import MeetingInput, ReviewResult, validate_meeting

PREFIXES = sorted({rule.split("-")[0] for rule, _text in CITATIONS} | {key.split("-")[0] for key in REMEDIES})
CODE = re.compile(rf"\b(?:{'|'.join(PREFIXES)})-[A-Z]")
CHINESE = re.compile(r"[\u4e00-\u9fff]")
PACKAGE = Path(__file__).resolve().parents[2] / "branchdesk"


def _review(grades: list[tuple[str, str]]) -> tuple[list[str], list[str]]:
    results = [ReviewResult(i, f"党员{i}", grade, category) for i, (grade, category) in enumerate(grades, start=1)]
    data = MeetingInput(branch_id=1, kinds=(MeetingKind.REVIEW,), date=date(2026, 1, 15), review_results=results)
    errors, warnings = validate_meeting(data)
    return [e.message for e in errors], warnings


def test_the_review_warning_and_error_cite_the_article_not_the_code() -> None:
    errors, warnings = _review([("优秀", "正式党员")] * 4 + [("合格", "正式党员")] * 4 + [("", "预备党员")])
    assert errors == []
    [excellent] = [w for w in warnings if "三分之一" in w]
    assert "评为优秀的 4 人超过评定等次的 8 人的三分之一" in excellent  # the check's words (T10-12)
    assert "支部条例 第十八条" in excellent and "一般不超过" in excellent and not CODE.search(excellent)
    errors, _warnings = _review([("合格", "正式党员"), ("合格", "预备党员")])
    [probationary] = [e for e in errors if "预备党员" in e]
    assert "不评定等次" in probationary and "支部条例 第十八条" in probationary and not CODE.search(probationary)


def test_the_quorum_line_and_a_vote_outside_a_congress_carry_no_code() -> None:
    sheet = [Attendee(f"党员{i}", "出席" if i < 3 else "缺席", i, "正式党员") for i in range(1, 8)]
    for attendees in (sheet, [Attendee("党员1", "出席", 1, "正式党员")]):
        message = check_quorum(attendees).message
        assert "支部条例 第十一条" in message and not CODE.search(message)
    data = MeetingInput(branch_id=1, kinds=(MeetingKind.LECTURE,), date=date(2026, 3, 2), lecturer="书记",
                        has_vote=True)
    errors, _warnings = validate_meeting(data)
    vote = [e.message for e in errors if e.field == "表决"]
    assert vote and not any(CODE.search(m) for m in vote)


def test_no_text_written_for_a_user_carries_a_rule_code() -> None:
    """Every Chinese string in the program (docstrings aside) is free of rule codes; a message that needs
    the basis names the text and article (支部条例 第十八条)."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                      if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
                      and node.body and isinstance(node.body[0], ast.Expr)
                      and isinstance(node.body[0].value, ast.Constant)}
        found += [f"{path.relative_to(PACKAGE)}:{node.lineno}: {node.value}" for node in ast.walk(tree)
                  if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
                  and CHINESE.search(node.value) and CODE.search(node.value)]
    assert found == []
