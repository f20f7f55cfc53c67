"""Adding a word to an editable list in one click (issue 13): the import window offers it for a word
the file uses that no list knows ("青蓝工程" before the synonyms, a school's own "名师工作室结对")."""

from __future__ import annotations

from branchdesk.db.engine import Database
from branchdesk.domain.synonyms import LISTS_BY_KEY
from branchdesk.domain.validation import FieldError
from branchdesk.services.errors import ValidationFailed


def add_list_entry(db: Database, list_key: str, word: str) -> str:
    """Add `word` to the editable list `list_key`; returns a sentence saying what was added."""
    word_list = LISTS_BY_KEY.get(list_key)
    word = word.strip()
    if word_list is None or not word_list.editable:
        raise ValidationFailed([FieldError("列表", "这个列表不能添加新的条目")])
    if not word:
        raise ValidationFailed([FieldError(word_list.title, "名称不能为空")])
    if list_key.startswith("mentoring."):
        from branchdesk.services.mentoring.lists import get_lists, set_list

        name = list_key.removeprefix("mentoring.")
        current = getattr(get_lists(db), name)
        set_list(db, name, [*current, word])
    elif list_key == "rectification.sources":
        from branchdesk.services.rectification.records import add_source

        add_source(db, word)
    else:  # an editable list nobody stores yet is a programming error
        raise ValidationFailed([FieldError(word_list.title, "这个列表不能添加新的条目")])
    return f"已把“{word}”添加为新的{word_list.title}"
