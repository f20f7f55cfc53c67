"""`unchanged_by_cleaning` lets a member's validation skip cleaning fields the import cleaned already
(issue 18). It must never say "unchanged" of a value a cleaning function would change: checked here
against the functions themselves on a corpus of awkward text — control, format and line-break
characters, every kind of blank, full-width and other-script digits, NFKC-changing characters,
compatibility ideographs, lone surrogates, the name dots, long and empty values."""

from __future__ import annotations

import random

from branchdesk.domain.text import (
    clean_cell,
    clean_digits,
    clean_person_name,
    clean_text,
    tidy_name,
    unchanged_by_cleaning,
)

AWKWARD = [
    "", " ", "王芳", "王 芳", "王  芳", " 王芳", "王芳 ", "王　芳", "王\u200b芳", "王\ufeff芳", "\u200e王芳",
    "阿依古丽·买买提", "阿依古丽•买买提", "阿依古丽・买买提", "阿依古丽．买买提", "Mary Smith", "ｍａｒｙ",
    "140210196001010019", "14021019600101001X", "１４０２１０１９６００１０１００１９", "١٢٣٤", "𝟏𝟐𝟑",
    "139 1234 5678", "13912345678", "010-12345678", "第一党支部", "第一党支部\u200b", "第二党支部(退休)",
    "第二党支部（退休）", "第二党支部 （退休）", "第二  党支部", "数学教师（兼班主任）", "调入\r\n本校", "调入\n本校",
    "a\x0bb", "a\x0cb", "a\x85b", "a\u2028b", "a\u2029b", "tab\there", "\x00", "\x7f", "\x9f", "\ud800", "\udfff",
    "\ufffe", "\uffff", "㈠", "①", "ｱ", "ﾊﾟ", "\uf900", "\ufa10", "\u2f00", "℃", "ﬁ", "Ⅻ", "½", "²", "\u00a0",
    "\u2003", "\u3000", "\u1680", "\u205f", "x\u0301", "\u0301", "e\u0301", "é", "\u00ad", "\u061c", "\U000e0001",
    "正式党员", "预备党员", "汉族", "男", "女", "大学本科", "|", " |", "| ", "||", "a|b", "备注：  空两格",
    "长" * 3000, ("很长的备注" * 500) + "\u200b",
]


def _corpus(count: int) -> list[str]:
    """The awkward values, and random mixtures of their pieces and of random code points."""
    rng = random.Random(18)
    pieces = AWKWARD + [chr(c) for c in (0x20, 0x3000, 0xFF10, 0x0660, 0x1D7CE, 0x2460, 0x3220, 0xFF71, 0xF900)]
    values = list(AWKWARD)
    for _ in range(count):
        parts = rng.choices(pieces, k=rng.randint(1, 4))
        parts += [chr(rng.randint(0, 0x2FFFF)) for _ in range(rng.randint(0, 2))]
        rng.shuffle(parts)
        values.append("".join(parts)[:200])
    return values


def test_it_never_calls_a_value_unchanged_that_a_cleaning_changes() -> None:
    cleaners = {"names": clean_person_name, "texts": clean_text, "digits": clean_digits, "orgs": tidy_name,
                "cells": clean_cell}
    said_unchanged = 0
    for value in _corpus(20_000):
        for kind, clean in cleaners.items():
            if unchanged_by_cleaning(**{kind: (value,)}):
                said_unchanged += 1
                assert clean(value) == value, (kind, ascii(value))
    assert said_unchanged > 400  # the check says "unchanged" of the clean values, not only "clean them"


def test_fields_together_are_unchanged_only_when_each_is() -> None:
    rng = random.Random(21)
    corpus = _corpus(3_000)
    clean = [value for value in corpus if clean_text(value) == value and clean_cell(value) == value]
    for _ in range(20_000):
        names, texts, digits, orgs, cells = ((rng.choice(clean if rng.random() < 0.9 else corpus),) for _ in range(5))
        if unchanged_by_cleaning(names=names, texts=texts, digits=digits, orgs=orgs, cells=cells):
            assert clean_person_name(names[0]) == names[0] and clean_text(texts[0]) == texts[0]
            assert clean_digits(digits[0]) == digits[0] and tidy_name(orgs[0]) == orgs[0]
            assert clean_cell(cells[0]) == cells[0]


def test_a_clean_member_row_is_seen_as_clean() -> None:
    assert unchanged_by_cleaning(names=("王伟伟",), texts=("男", "汉族", "大学本科", "正式党员"),
                                 digits=("140210196001010019", "13900000000"), orgs=("第1党支部", "第1党小组"),
                                 cells=("教师", "数学教师（兼班主任）", "调入  本校", ""))
    assert not unchanged_by_cleaning(names=("王　芳",))
    assert not unchanged_by_cleaning(texts=("正式党员 ",))
    assert not unchanged_by_cleaning(digits=("139 1234 5678",))
    assert not unchanged_by_cleaning(orgs=("第一党支部\u200b",))
    assert not unchanged_by_cleaning(cells=("调入\r\n本校",))
