"""A WordLog looks each distinct word up once (issue 18: an import reads the same few words on
thousands of rows). What it notes must be what looking every row up notes: the same mappings and
unknown words, with every row, in the same order — also when a caller takes an entry out between
two reads (study hours and mentoring do)."""

from __future__ import annotations

from branchdesk.domain.synonyms import EDUCATION, MEMBER_CATEGORY, SEX, WordLog


def _look_up_every_row(cells: list[tuple[object, str]]) -> WordLog:
    """The reference: a fresh log per row, so nothing is remembered, merged in row order."""
    log = WordLog()
    for row, (word_list, text) in enumerate(cells, start=3):
        one = WordLog()
        assert one.read(word_list, text, row) == WordLog().read(word_list, text, row)  # type: ignore[arg-type]
        for key, rows in one.mapped.items():
            log.mapped.setdefault(key, []).extend(rows)
        for key, rows in one.unknown.items():
            log.unknown.setdefault(key, []).extend(rows)
    return log


def test_remembered_words_note_what_looking_each_up_notes() -> None:
    words = ["本科", "大学本科", "硕士研究生", "本科 ", "博士后", "", "  ", "大专", "本科", "博士后", "中专"]
    cells: list[tuple[object, str]] = [(EDUCATION, w) for w in words * 3]
    cells += [(MEMBER_CATEGORY, w) for w in ("正式", "预备", "正式党员", "预备党员", "入党积极分子", "正式")]
    cells += [(SEX, w) for w in ("男", "男性", "女", "m", "男性")]
    log = WordLog()
    entries = [log.read(word_list, text, row) for row, (word_list, text) in enumerate(cells, start=3)]  # type: ignore[arg-type]
    reference = _look_up_every_row(cells)
    assert log.mapped == reference.mapped and list(log.mapped) == list(reference.mapped)
    assert log.unknown == reference.unknown and list(log.unknown) == list(reference.unknown)
    assert entries == [WordLog().read(word_list, text, 1) for word_list, text in cells]  # type: ignore[arg-type]
    assert log.mapped and log.unknown


def test_an_entry_taken_out_is_noted_again_on_the_next_read() -> None:
    log = WordLog()
    assert log.read(EDUCATION, "博士后", 3) is None
    log.unknown.clear()
    assert log.read(EDUCATION, "博士后", 4) is None
    assert log.unknown == {(EDUCATION.key, "博士后"): [4]}
    log.read(EDUCATION, "本科", 5)
    log.mapped.pop((EDUCATION.title, "本科", "大学本科"))
    log.read(EDUCATION, "本科", 6)
    assert log.mapped == {(EDUCATION.title, "本科", "大学本科"): [6]}
