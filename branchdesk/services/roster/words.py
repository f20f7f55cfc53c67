"""The words of a roster read through the controlled lists (issue 13): 人员类别 "正式"/"预备", 学历
"本科"/"大专"/"硕士研究生", 性别 "男性", 党内职务 "支部书记" become the lists' entries, and the import
report says once which words it mapped. An unknown 学历 or 党内职务 is an error naming the accepted words
(人员类别 and 性别 are checked by domain.members with their own messages)."""

from __future__ import annotations

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


def map_roster_words(rows: list[RosterRow], words: WordLog) -> None:
    """Replace each row's words by their list entries in place; unknown ones become row errors."""
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
