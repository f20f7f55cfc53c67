"""Member data and its validation (issue: foundation; domain.md §1 and 细则 第五条 for the age rule).

Validation returns every problem at once, each naming the field in Chinese, so a form or an import
report can show them all together instead of one per attempt.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from operator import attrgetter
from typing import Any

from branchdesk.domain.citations import TEXTS, Citation, cite
from branchdesk.domain.dates import add_years, nth_birthday
from branchdesk.domain.idcard import IdInfo, IdNumberError, clean_id_facts, normalise, parse_id_number
from branchdesk.domain.roster.phone import phone_spelling
from branchdesk.domain.text import (
    FIELD_LIMITS,
    MAX_LENGTH,
    clean_cell,
    clean_digits,
    clean_person_name,
    clean_text,
    length_problem,
    tidy_name,
    unchanged_by_cleaning,
)
from branchdesk.domain.validation import FieldError
from branchdesk.domain.vocabulary import ETHNIC_GROUPS, SEXES, MemberCategory

# Han characters of every CJK block (rare ones outside GB 2312 such as 喆 堃 珺 赟 included), the
# middle dot used in transliterated names, and Latin letters for members of other nationalities.
_NAME = re.compile(
    r"^[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134fA-Za-z·•．.\u00b7\u30fb ]{1,40}$"
)
_MOBILE = re.compile(r"^1[0-9]{10}$")
_LANDLINE = re.compile(r"^(0[0-9]{2,3}-?)?[0-9]{7,8}(-[0-9]{1,6})?$")




@dataclass
class MemberInput:
    """What a user (form or Excel row) gives for one member; strings are as typed, dates parsed."""

    name: str = ""
    id_number: str = ""
    sex: str = ""
    ethnicity: str = ""
    birth_date: date | None = None
    education: str = ""
    branch: str = ""  # branch name; the service resolves it
    group: str = ""
    category: str = ""
    join_date: date | None = None
    full_date: date | None = None
    position: str = ""
    phone: str = ""
    note: str = ""
    # 支部调整日期 (issue 16, item 8): when the branch changes, the day the member moved (None: today)
    moved_on: date | None = None
    extra_errors: list[FieldError] = field(default_factory=list)


def normalise_name(name: str) -> str:
    """A person's name as stored and compared (domain.text: look-alike spellings are one name)."""
    return clean_person_name(name)


# (field, attribute) whose length is checked on every member saved or imported (domain.text.FIELD_LIMITS)
_LENGTHS = (("姓名", "name"), ("所在党支部", "branch"), ("党小组", "group"), ("民族", "ethnicity"),
            ("学历", "education"), ("工作岗位", "position"), ("联系电话", "phone"), ("备注", "note"))


# the same with each field's limit, looked up once (validate_member runs for every row of an import)
_LENGTH_LIMITS = tuple((label, attr, MAX_LENGTH[FIELD_LIMITS[label]]) for label, attr in _LENGTHS)
_LENGTH_ATTRS = tuple(attr for _label, attr in _LENGTHS)
_SHORTEST = min(limit for _label, _attr, limit in _LENGTH_LIMITS)  # no field this long or shorter is too long


def clean_member_input(data: MemberInput) -> MemberInput:
    """Every text of a member in its one stored spelling: names and numbers NFKC-normalised without
    invisible characters, free text without control characters (domain.text)."""
    return replace(data, **_cleaned(data))


def _cleaned(data: MemberInput) -> dict[str, Any]:
    return {"name": normalise_name(data.name), "id_number": clean_digits(data.id_number), "sex": clean_text(data.sex),
            "ethnicity": clean_text(data.ethnicity), "education": clean_text(data.education),
            "branch": tidy_name(data.branch), "group": tidy_name(data.group), "category": clean_text(data.category),
            "position": clean_cell(data.position), "phone": clean_digits(data.phone), "note": clean_cell(data.note)}


def _clean_already(data: MemberInput) -> bool:
    """Every field of `data` is as `_cleaned` would make it (domain.text.unchanged_by_cleaning)."""
    return unchanged_by_cleaning(names=(data.name,), texts=(data.sex, data.ethnicity, data.education, data.category),
                                 digits=(data.id_number, data.phone), orgs=(data.branch, data.group),
                                 cells=(data.position, data.note))


def _with(data: MemberInput, fields: dict[str, Any]) -> MemberInput:
    """`dataclasses.replace(data, **fields)` for fields that need no conversion, at a fifth of its cost
    (an import validates every row)."""
    copy = object.__new__(MemberInput)
    copy.__dict__ = data.__dict__ | fields  # one new dict, made in C
    return copy


def validate_member(data: MemberInput, today: date | None = None) -> tuple[MemberInput, list[FieldError]]:
    """Check one member's data; return it normalised (ID upper-cased, sex and birth date filled from
    the ID number where blank) together with every problem found."""
    today = today or date.today()
    errors = list(data.extra_errors)
    fields: dict[str, Any] = {} if _clean_already(data) else _cleaned(data)  # an import's rows: clean already
    current = {**data.__dict__, **fields} if fields else data.__dict__
    if max(map(len, map(current.__getitem__, _LENGTH_ATTRS))) > _SHORTEST:  # nearly every row: all short
        for label, attr, limit in _LENGTH_LIMITS:
            if len(current[attr]) > limit and (message := length_problem(current[attr], label)):
                errors.append(FieldError(label, message))
    id_number, sex = current["id_number"], current["sex"]
    info: IdInfo | None = None
    id_problem = ""
    if id_number.strip():
        try:
            info = parse_id_number(id_number, today)
        except IdNumberError as exc:
            id_problem = str(exc)
            fields["id_number"] = normalise(id_number)
        else:  # filled from the ID number in the same step as the cleaning (one copy of the row)
            fields.update(id_number=info.number, sex=sex or info.sex,
                          birth_date=info.birth_date if data.birth_date is None else data.birth_date)
    data = _with(data, fields)

    if not data.name:
        errors.append(FieldError("姓名", "不能为空"))
    elif len(data.name) > MAX_LENGTH["person"]:
        pass  # said above
    elif not _NAME.match(data.name):
        errors.append(FieldError("姓名", f"“{data.name}”含有不应出现在姓名中的字符"))

    if not id_number.strip():
        if not any(e.field == "公民身份号码" for e in errors):  # not when the cell held a number
            errors.append(FieldError("公民身份号码", "不能为空（用于识别党员，重复导入时据此更新）"))
    elif id_problem:
        errors.append(FieldError("公民身份号码", id_problem))
    elif info is not None:
        if sex and sex != info.sex:
            errors.append(FieldError("性别", f"填写为“{sex}”，但公民身份号码表明为“{info.sex}”"))
        if data.birth_date != info.birth_date:
            errors.append(FieldError(
                "出生日期",
                f"填写为 {data.birth_date:%Y-%m-%d}，但公民身份号码表明为 {info.birth_date:%Y-%m-%d}",
            ))

    if data.sex and data.sex not in SEXES:
        errors.append(FieldError("性别", f"应为“男”或“女”，现为“{data.sex}”"))
    if data.ethnicity and data.ethnicity not in ETHNIC_GROUPS:
        if data.ethnicity + "族" in ETHNIC_GROUPS:
            data = replace(data, ethnicity=data.ethnicity + "族")
        else:
            errors.append(FieldError("民族", f"“{data.ethnicity}”不是56个民族的规范名称（如“汉族”）"))

    if not data.branch.strip():
        errors.append(FieldError("所在党支部", "不能为空"))

    errors.extend(_check_category_and_dates(data, today))

    if data.phone and not (_MOBILE.match(data.phone) or _LANDLINE.match(data.phone)):
        phone = phone_spelling(data.phone)  # "139-0000-1111", "（0371）65432100" (trial D, TD-6)
        if _MOBILE.match(phone) or _LANDLINE.match(phone):
            data = _with(data, {"phone": phone})
        else:
            errors.append(FieldError("联系电话", f"“{data.phone}”不是手机号（11位，以1开头）或固定电话的格式"))
    return data, errors


def validate_members(batch: Sequence[MemberInput], today: date | None = None) -> list[tuple[MemberInput, list[FieldError]]]:
    """`validate_member` of each member of `batch` (an import's rows), in order, with the same results.

    Why (issue 18): an import validates 10,000 rows, nearly all of them plain — clean, short, of known
    words, with a valid ID number that agrees with the typed sex and birth date, and dates in order.
    The checks whose answer a whole column shares are asked once per column (its longest value, its few
    distinct words, its distinct names and phone numbers); what is left per row is the ID number and
    the dates. A row any check cannot clear is validated by `validate_member` itself, so every message
    and every normalisation still comes from there; a plain row gets what it would give: the member
    with the ID number's sex and birth date filled in, and no problem."""
    today = today or date.today()
    doubtful = _doubtful_rows(batch)
    results: list[tuple[MemberInput, list[FieldError]]] = []
    probationary = MemberCategory.PROBATIONARY.value
    for index, (data, facts) in enumerate(zip(batch, clean_id_facts([d.id_number for d in batch], today),
                                              strict=True)):
        if facts is None or index in doubtful or data.extra_errors:
            results.append(validate_member(data, today))
            continue
        birth, id_sex = facts
        typed_birth, sex, join, full = data.birth_date, data.sex, data.join_date, data.full_date
        if ((sex and sex != id_sex) or (typed_birth is not None and typed_birth != birth)
                or join is None or join > today or join.year - birth.year <= 18  # near 18: the exact rule
                or (full is not None and (full <= join or full > today or data.category == probationary))):
            results.append(validate_member(data, today))
            continue
        results.append((_with(data, {"sex": id_sex, "birth_date": birth if typed_birth is None else typed_birth}),
                        []))
    return results


def _doubtful_rows(batch: Sequence[MemberInput]) -> set[int]:
    """The rows of `batch` some column-wide check cannot clear (validate_members): not clean already,
    a field longer than its limit, a blank or odd name, branch or 人员类别, an unknown 民族, or a
    phone number of neither shape. Each check runs over a column joined, or over its distinct values
    as sets in C (a column of 10,000 rows holds a few words; names and phone numbers are matched
    once each, by the pattern's own method, not through a Python function per value)."""
    column = {attr: list(map(attrgetter(attr), batch)) for attr in _COLUMNS_CHECKED}
    doubtful: set[int] = set()
    if not unchanged_by_cleaning(  # the whole batch at once (unchanged_by_cleaning asks it value by value)
            names=column["name"], texts=[*column["sex"], *column["ethnicity"], *column["education"],
                                         *column["category"]],
            digits=[*column["id_number"], *column["phone"]], orgs=[*column["branch"], *column["group"]],
            cells=[*column["position"], *column["note"]]):
        doubtful.update(index for index, data in enumerate(batch) if not _clean_already(data))
    for _label, attr, limit in _LENGTH_LIMITS:
        if batch and max(map(len, column[attr])) > limit:
            doubtful.update(index for index, value in enumerate(column[attr]) if len(value) > limit)
    distinct = {attr: set(column[attr]) for attr in ("name", "ethnicity", "branch", "category", "phone")}
    names, phones = distinct["name"], distinct["phone"]
    bad = {
        "name": names - _matching(_NAME, names),
        "ethnicity": distinct["ethnicity"] - _ETHNIC_GROUPS - {""},
        "branch": {branch for branch in distinct["branch"] if not branch.strip()},
        "category": distinct["category"] - _CATEGORIES,
        # the landline pattern asked only of what is not a mobile number
        "phone": (other := phones - _matching(_MOBILE, phones) - {""}) - _matching(_LANDLINE, other),
    }
    for attr, values in bad.items():
        if values:
            doubtful.update(index for index, value in enumerate(column[attr]) if value in values)
    return doubtful


def _matching(pattern: re.Pattern[str], values: set[str]) -> set[str]:
    """The values `pattern` matches (as `pattern.match` finds them), the pattern called from C."""
    match: Callable[[str], re.Match[str] | None] = pattern.match
    return set(filter(match, values))


_COLUMNS_CHECKED = ("name", "id_number", "sex", "ethnicity", "education", "branch", "group", "category", "position",
                    "phone", "note")
_ETHNIC_GROUPS = frozenset(ETHNIC_GROUPS)


_CATEGORIES = frozenset(c.value for c in MemberCategory)


def _check_category_and_dates(data: MemberInput, today: date) -> list[FieldError]:
    errors: list[FieldError] = []
    categories = _CATEGORIES
    if not data.category:
        errors.append(FieldError("人员类别", "不能为空，应为“正式党员”或“预备党员”"))
    elif data.category not in categories:
        errors.append(FieldError("人员类别", f"应为“正式党员”或“预备党员”，现为“{data.category}”"))

    if data.join_date is None:
        if not any(error.field == "入党日期" for error in data.extra_errors):  # "201907": 无法识别, not blank
            errors.append(FieldError("入党日期", "不能为空"))
    else:
        if data.join_date > today:
            errors.append(FieldError("入党日期", f"{data.join_date:%Y-%m-%d} 晚于今天"))
        # 18 years and more between the years: past the 18th birthday whatever the days (most rows)
        if data.birth_date is not None and data.join_date.year - data.birth_date.year <= 18:
            eighteenth = nth_birthday(data.birth_date, 18)
            if data.join_date < eighteenth:
                errors.append(FieldError(
                    "入党日期", f"{data.join_date:%Y-%m-%d} 早于年满18周岁之日 {eighteenth:%Y-%m-%d}（细则 第五条）"
                ))
    if data.full_date is not None:
        if data.category == MemberCategory.PROBATIONARY:
            errors.append(FieldError("转正日期", "预备党员不应有转正日期；如已转正，请把人员类别改为“正式党员”"))
        if data.join_date is not None and data.full_date <= data.join_date:
            errors.append(FieldError("转正日期", f"{data.full_date:%Y-%m-%d} 应晚于入党日期 {data.join_date:%Y-%m-%d}"))
        if data.full_date > today:
            errors.append(FieldError("转正日期", f"{data.full_date:%Y-%m-%d} 晚于今天"))
    return errors


def probation_length_citation(join: date) -> Citation:
    """DEV-PROBATION-1Y (one year, extended once by at most one year) in the text in force when the
    probation started: 细则2014 第三十二条, or 细则2026 第三十一条 from 2026-05-11."""
    second = TEXTS["细则2026"].in_force
    return cite("DEV-PROBATION-1Y", "细则2026" if second is not None and join >= second else "细则2014")


def probation_length_problem(join: date | None, full: date | None) -> str:
    """"" or what is odd about a 转正日期: earlier than one year after the 入党日期 (the day the 支部大会
    passed the admission) or later than two (the probation extended once by at most one year) —
    domain.md §4 step 22 and "Other outcomes". The roster import's warning and the check say it alike."""
    if join is None or full is None or full <= join:
        return ""  # no dates to compare, or an error validate_member reports
    if join.month != 2 or join.day != 29:  # nearly every row, told from the dates' parts (issue 18: 10,000 rows)
        if (join.year + 1, join.month, join.day) <= (full.year, full.month, full.day) <= (
                join.year + 2, join.month, join.day):
            return ""
        end, latest = join.replace(year=join.year + 1), join.replace(year=join.year + 2)  # add_years, exactly
    else:
        end, latest = add_years(join, 1), add_years(join, 2)
        if end <= full <= latest:
            return ""
    source = probation_length_citation(join).source
    # isoformat, not strftime: the same text at a fifth of the cost (a ledger may hold thousands of such rows)
    if full < end:
        return (f"转正日期 {full.isoformat()} 早于入党日期 {join.isoformat()} 满一年之日 {end.isoformat()}：预备期为一年，"
                f"可延长一次、最长一年（至 {latest.isoformat()}）（{source}）")
    return (f"转正日期 {full.isoformat()} 晚于入党日期 {join.isoformat()} 满两年之日 {latest.isoformat()}：预备期为一年"
            f"（至 {end.isoformat()}），可延长一次、最长一年（{source}）")


IMPORTED_AS_WRITTEN = "；按所填导入，请核对"
SAVED_AS_WRITTEN = "；按所填保存，请核对"  # the member form's wording


def probation_length_warning(data: MemberInput, then: str = IMPORTED_AS_WRITTEN) -> str:
    """"" or the warning about a 正式党员's 转正日期 (probation_length_problem) that the roster import
    and the member form give alike; `then` says what happens to the date (SAVED_AS_WRITTEN in the form).
    A warning, not a problem: old records may be odd, and the date is kept as written (a user's report:
    入党 2020.7.1, 转正 2021.1.1 was imported without a word)."""
    if data.category != MemberCategory.FULL:
        return ""
    odd = probation_length_problem(data.join_date, data.full_date)
    return odd + then if odd else ""  # a concatenation, as quick as the import's text was (issue 18)


@dataclass(frozen=True)
class MemberRecord:
    """One member as the views, exports and reports see it (a DTO: no database object leaks out)."""

    id: int
    name: str
    sex: str
    ethnicity: str
    id_number: str
    birth_date: date | None
    education: str
    branch_id: int
    branch: str
    group_id: int | None
    group: str
    category: str
    join_date: date | None
    full_date: date | None
    position: str
    phone: str
    note: str
    status: str
    left_date: date | None
    version: int

    def to_input(self) -> MemberInput:
        return MemberInput(
            name=self.name, id_number=self.id_number, sex=self.sex, ethnicity=self.ethnicity,
            birth_date=self.birth_date, education=self.education, branch=self.branch, group=self.group,
            category=self.category, join_date=self.join_date, full_date=self.full_date,
            position=self.position, phone=self.phone, note=self.note,
        )


# Why a member's dates need their day, said when a roster writes a year and month only (trial 10, T10-4):
# no day is invented (project principle), and each of these days is counted from (domain.md §4: "党籍
# starts on the day the 支部大会 passed the admission"; step 24 "党龄 counts from the end of probation";
# issue 16 item 8: a member counts in the new branch from the day of the 支部调整).
_DAY_NEEDED = {
    "入党日期": "党籍从支部大会通过接收之日算起，预备期和党龄都按这一天计算，软件不能替您补上日子。"
               "请查党员档案中入党志愿书上支部大会通过接收的日期",
    "转正日期": "党龄从预备期满转正之日算起，软件不能替您补上日子。请查党员档案中的转正日期",
    "支部调整日期": "这一天起党员计入新支部的应到人数，软件不能替您补上日子。请查组织关系转入本支部的日期",
}


def month_only_problem(field_name: str, text: str) -> str:
    """The problem of a member's date written as a year and month only ("1996.07"): why the field
    needs its day and where to find it, then how to write it."""
    why = _DAY_NEEDED.get(field_name)
    if why is None:
        return f"“{text}”只写到了月，{field_name}要写到日，如 2019-07-01"
    return f"“{text}”只写到了月，{field_name}要写到日：{why}，写成年月日，如 2019-07-01"


# Many rows of one field written to the month (trial R TR-8: 30 rows, 36 near-identical long sentences): the why is
# said once for the file (month_only_summary), each row only what it holds (month_only_short). No day is invented.
MONTH_ONLY_FOLD = 3  # rows of one field from which the why is said once, not on each row
_MONTH_ONLY = re.compile(r"^“(?P<text>.*)”只写到了月，")


def month_only_text(message: str) -> str | None:
    """The date as written, when `message` is month_only_problem's; None for any other message."""
    match = _MONTH_ONLY.match(message)
    return match.group("text") if match else None


def month_only_short(field_name: str, text: str) -> str:
    """A row's month-only date when the why is said once for the file."""
    return f"“{text}”只写到了月，{field_name}要写到日，如 2019-07-01（为什么要写到日，见报告中“文件：”开头的一条）"


def month_only_summary(field_name: str, rows: str, count: int) -> str:
    """Once for the file: how many rows give `field_name` to the month only (`rows`: "第 6、9 行等 30 行"), why
    the day is needed, where to find it; the other cells of those rows are not in question."""
    why = _DAY_NEEDED.get(field_name, "软件不能替您补上日子")
    return (f"{rows}的{field_name}只写到了月（共 {count} 行）：{why}。请逐行写成年月日（如 2019-07-01）后重新导入；"
            "这些行的其他内容没有问题")
