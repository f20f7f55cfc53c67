"""A roster's words read a column at a time (issue 18) are mapped, noted and refused as reading them
row by row did: the same entries, the same errors in each row's order, and the import report's lists
of mapped and unknown words in the same order with the same rows."""

from __future__ import annotations

import random
from dataclasses import replace

from branchdesk.domain.roster.records import MemberInput
from branchdesk.domain.synonyms import (
    COMMITTEE_POST,
    EDUCATION,
    MEMBER_CATEGORY,
    NO_POST,
    SEX,
    WordLog,
    normalise_word,
    unknown_message,
)
from branchdesk.domain.validation import FieldError
from branchdesk.io.roster_xlsx import RosterRow
from branchdesk.services.roster.words import map_roster_words


def _reference(rows: list[RosterRow], words: WordLog) -> None:
    """map_roster_words as it was before the columns were read at once (row by row)."""
    for row in rows:
        data = row.data
        for attr, word_list, checked_elsewhere in (("category", MEMBER_CATEGORY, True), ("sex", SEX, True),
                                                   ("education", EDUCATION, False)):
            text = getattr(data, attr)
            entry = words.read(word_list, text, row.row)
            if entry:
                setattr(data, attr, entry)
            elif entry is None and not checked_elsewhere:
                data.extra_errors.append(FieldError(word_list.title, unknown_message(word_list, text)))
        post = row.post.strip()
        if not post or normalise_word(post) in NO_POST:
            row.post = ""
            continue
        entry = words.read(COMMITTEE_POST, post, row.row)
        if entry is None:
            data.extra_errors.append(FieldError(COMMITTEE_POST.title, unknown_message(COMMITTEE_POST, post)
                                                + "；普通党员请留空"))
        else:
            row.post = entry


def _rows(count: int, seed: int, plain: bool) -> list[RosterRow]:
    rng = random.Random(seed)
    rows = []
    for n in range(count):
        if plain:
            data = MemberInput(category="正式党员", sex=("男", "女")[n % 2], education="大学本科")
            post = ""
        else:
            data = MemberInput(category=rng.choice(["正式党员", "预备", "正式", "", "党员", " 正式 "]),
                               sex=rng.choice(["男", "女", "男性", "F", "", "未知"]),
                               education=rng.choice(["大学本科", "本科", "大专", "", "火星学历", "  ", "硕士"]))
            post = rng.choice(["", "", "书记", "支部书记", " 组织 ", "无", "普通党员", "-", "会长", " "])
        data.extra_errors = [FieldError("入党日期", "无法识别")] if n % 7 == 0 else []
        rows.append(RosterRow(n + 3, data, {}, post))
    return rows


def _copy(rows: list[RosterRow]) -> list[RosterRow]:
    return [RosterRow(r.row, replace(r.data, extra_errors=list(r.data.extra_errors)), r.columns, r.post)
            for r in rows]


def test_words_by_column_as_row_by_row() -> None:
    for seed, plain in ((1, False), (2, False), (3, True)):
        rows = _rows(2_000, seed, plain)
        ours, theirs = _copy(rows), _copy(rows)
        our_words, their_words = WordLog(), WordLog()
        map_roster_words(ours, our_words)
        _reference(theirs, their_words)
        assert [(r.data, r.post) for r in ours] == [(r.data, r.post) for r in theirs]
        assert list(our_words.mapped.items()) == list(their_words.mapped.items())
        assert list(our_words.unknown.items()) == list(their_words.unknown.items())
        assert our_words.mappings() == their_words.mappings()
        assert our_words.unknown_words() == their_words.unknown_words()
        if not plain:
            assert our_words.mapped and our_words.unknown


def test_read_columns_notes_as_read_does() -> None:
    texts = ["本科", "大学本科", "火星学历", "本科", "", "火星学历"]
    words, reference = WordLog(), WordLog()
    [found] = words.read_columns([(EDUCATION, texts)], list(range(10, 16)))
    assert found == {"本科": "大学本科", "大学本科": "大学本科", "火星学历": None, "": ""}
    for row, text in enumerate(texts, start=10):
        reference.read(EDUCATION, text, row)
    assert words.mapped == reference.mapped and words.unknown == reference.unknown
