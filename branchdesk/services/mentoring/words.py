"""The words of a 结对帮扶台账 read through the controlled lists (issue 13): "青蓝工程", "师徒结对",
"带好一名教师" → 青蓝工程师徒结对; "贫困学生" → 贫困生; "留守学生" → 留守儿童; "思想导师" → 思想;
成效 "论文" → 论文发表.

结对类型, 帮扶维度 and 成效类别 are the user's own lists (设置 → 结对帮扶): a synonym maps only to an entry the list
still has, a word the user added is accepted as it is, and an unknown word is an error naming the
accepted ones (the import window offers to add it as a new entry in one click)."""

from __future__ import annotations

from branchdesk.domain.mentoring.records import CLASS_CATEGORIES, STUDENT_CATEGORIES, TEACHER_CATEGORIES
from branchdesk.domain.synonyms import (
    DIMENSION,
    MENTEE_CATEGORY,
    OUTCOME_KIND,
    PAIR_KIND,
    PAIR_STATUS,
    WordList,
    WordLog,
    unknown_message,
)
from branchdesk.domain.validation import FieldError
from branchdesk.io.mentoring_xlsx import MentoringRow
from branchdesk.services.mentoring.lists import MentoringLists


def _read_listed(words: WordLog, word_list: WordList, text: str, row: int, current: list[str]) -> str | None:
    """An entry of the user's `current` list for `text`, or None (noted as unknown)."""
    entry = words.read(word_list, text, row, extra=current)
    if entry and entry not in current:  # a built-in entry the user removed from the list
        words.mapped.pop((word_list.title, text.strip(), entry), None)
        words.unknown.setdefault((word_list.key, text.strip()), []).append(row)
        return None
    return entry


def ending_of_one(text: str, entries: list[str]) -> str | None:
    """The one entry `text` is the end of ("进步" → 学业进步), as 结对类型 read "青蓝工程" as 青蓝工程师徒结对;
    None when no entry or several end with it, or `text` is a single character (re-trial R2, N-4)."""
    word = text.strip()
    if len(word) < 2:
        return None
    found = [entry for entry in entries if entry != word and entry.endswith(word)]
    return found[0] if len(found) == 1 else None


def map_pair_words(rows: list[MentoringRow], words: WordLog, lists: MentoringLists) -> list[tuple[int, str, str]]:
    """Each row's words as the lists' entries; gives the 成效类别 read as the one entry they are the end of
    (row, word, entry) — said on their rows by the import."""
    endings: list[tuple[int, str, str]] = []
    known_categories = (*TEACHER_CATEGORIES, *STUDENT_CATEGORIES, *CLASS_CATEGORIES)
    for row in rows:
        data = row.data
        kind = _read_listed(words, PAIR_KIND, data.kind, row.row, lists.pair_kinds)
        if kind:
            data.kind = kind  # an unknown one is reported by validate_pair, naming the list
        category = words.read(MENTEE_CATEGORY, data.mentee_category, row.row, extra=known_categories)
        if category:
            data.mentee_category = category
        elif category is None and not data.mentee_category.strip().endswith(("生", "教师", "老师", "班")):
            data.extra_errors.append(FieldError(MENTEE_CATEGORY.title,
                                                unknown_message(MENTEE_CATEGORY, data.mentee_category)))
        elif category is None:
            words.unknown.pop((MENTEE_CATEGORY.key, data.mentee_category.strip()), None)  # a recognisable type
        dimensions = []
        for item in data.dimensions:
            entry = _read_listed(words, DIMENSION, item, row.row, lists.dimensions)
            dimensions.append(entry or item)  # an unknown one is reported by validate_pair
        data.dimensions = list(dict.fromkeys(dimensions))
        outcomes = []
        for on, kind, text in row.outcomes:  # "论文" → 论文发表; an unknown one is reported by the import
            entry = _read_listed(words, OUTCOME_KIND, kind, row.row, lists.outcome_kinds)
            if entry is None and (entry := ending_of_one(kind, lists.outcome_kinds)):
                rows_of = words.unknown.get((OUTCOME_KIND.key, kind.strip()), [])
                if row.row in rows_of:
                    rows_of.remove(row.row)
                if not rows_of:
                    words.unknown.pop((OUTCOME_KIND.key, kind.strip()), None)
                endings.append((row.row, kind.strip(), entry))
            outcomes.append((on, entry or kind, text))
        row.outcomes = outcomes
        status = words.read(PAIR_STATUS, data.status, row.row)
        if status:
            data.status = status
    return endings
