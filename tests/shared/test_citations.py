"""The citation table (issue 16, item 15): every rule a check applies has its text, article and
sentence; docs/citations.md is current; the article numbers verified against published copies are
the ones findings show (预审 第十九条, quorum 第二十条, pass 第二十一条, probation 第三十二条, 转正
第三十三条 of the 2014 text)."""

from __future__ import annotations

from pathlib import Path

from branchdesk.domain.citations import CITATIONS, TEXTS, citations_markdown, cite
from branchdesk.domain.development.context import citation_for
from branchdesk.domain.development.rules import RULESETS
from branchdesk.domain.meetings.rules import RULES


def test_docs_citations_is_generated_from_the_table() -> None:
    path = Path(__file__).parents[2] / "docs" / "citations.md"
    assert path.read_text(encoding="utf-8") == citations_markdown(), "run: python docs/make_citations.py"


def test_every_row_names_a_known_text_and_quotes_it() -> None:
    for row in CITATIONS.values():
        assert row.text in TEXTS and row.quote
        assert bool(row.article) is (row.text != "本校做法")
        assert "domain.md" not in row.source


def test_the_2014_numbers_verified_against_public_copies() -> None:
    expected = {"DEV-PRETRIAL": "第十九条", "DEV-LEAVING-3M": "第十九条", "VOTE-QUORUM": "第二十条",
                "VOTE-PASS": "第二十一条", "VOTE-ONE-BY-ONE": "第二十一条", "DEV-PROBATION-1Y": "第三十二条",
                "DEV-EXTENSION": "第三十二条", "DEV-FULL-STEPS": "第三十三条", "DEV-FULL-APPROVAL-3M": "第三十四条",
                "DEV-TRANSFER-IN-POSTPONE": "第三十六条", "DEV-ARCHIVE": "第三十七条", "DEV-INTRODUCERS": "第十四条",
                "DEV-TRAINING": "第十七条", "DEV-ACTIVIST-1Y": "第十三条"}
    for rule, article in expected.items():
        row = cite(rule, "细则2014")
        assert row.article == article and row.confirmed, rule


def test_every_rule_of_the_checks_is_in_the_table() -> None:
    for ruleset in RULESETS:
        for rule in ruleset.rules:  # an order or people rule is cited through its step's rule (STEP_RULE)
            row = citation_for(rule.id, rule.judged, ruleset.key, rule.article)
            assert row in CITATIONS.values(), (rule.id, ruleset.key)
    for calendar_rule in RULES:
        assert cite(calendar_rule.id).source == calendar_rule.source
