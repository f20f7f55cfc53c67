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
    """Replace each row's words by their list entries in place; unknown ones become row errors.
    Each column's distinct words are read once (WordLog.read_columns, issue 18); only the rows of a
    word that changes or is unknown are visited."""
    members = [row.data for row in rows]
    posts = [row.post.strip() for row in rows]
    no_post = {post for post in set(posts) if not post or normalise_word(post) in NO_POST}
    columns = [(MEMBER_CATEGORY, [data.category for data in members]), (SEX, [data.sex for data in members]),
               (EDUCATION, [data.education for data in members]),
               (COMMITTEE_POST, ["" if post in no_post else post for post in posts] if no_post != {""} else posts)]
    entries = words.read_columns(columns, [row.row for row in rows])
    for (word_list, texts), found, (attr, checked_elsewhere) in zip(
            columns[:3], entries[:3], (("category", True), ("sex", True), ("education", False)), strict=True):
        changed = {text for text, entry in found.items() if entry and entry != text}
        unknown = set() if checked_elsewhere else {text for text, entry in found.items() if entry is None}
        if not changed and not unknown:
            continue
        for data, text in zip(members, texts, strict=True):
            if text in changed:
                setattr(data, attr, found[text])
            elif text in unknown:
                data.extra_errors.append(FieldError(word_list.title, unknown_message(word_list, text)))
    post_entries = entries[3]
    for row, post in zip(rows, posts, strict=True):
        if post in no_post:
            row.post = ""
            continue
        entry = post_entries[post]
        if entry is None:
            row.data.extra_errors.append(FieldError(COMMITTEE_POST.title, unknown_message(COMMITTEE_POST, post)
                                                    + "；普通党员请留空"))
        else:
            row.post = entry
