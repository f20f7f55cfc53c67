"""The words schools write (issue 13): every controlled list's synonym table maps the usual spellings
to the list's own entries, and those entries are the ones each area uses; names one slip of the pen
apart; the school's name in a roster title; absentees by name; 所属期间 as ledgers write it."""

from __future__ import annotations

from datetime import date

import pytest

from branchdesk.domain.meetings.absentees import RosterEntry, derive_sheet, parse_absentees
from branchdesk.domain.meetings.periods import Granularity, Period, counted_period, read_period, year_in_topic
from branchdesk.domain.meetings.records import AttendanceStatus, MeetingKind
from branchdesk.domain.mentoring.records import (
    CLASS_CATEGORIES,
    DEFAULT_DIMENSIONS,
    DEFAULT_OUTCOME_KINDS,
    DEFAULT_PAIR_KINDS,
    STUDENT_CATEGORIES,
    TEACHER_CATEGORIES,
    PairStatus,
)
from branchdesk.domain.org_outline import committee_name
from branchdesk.domain.rectification.status import DEFAULT_SOURCES, MeasureStatus, parse_status
from branchdesk.domain.roster.school import school_from_title
from branchdesk.domain.similar_names import likely_typo, suggestion, suggestion_text
from branchdesk.domain.study_hours.records import StudyForm, parse_form
from branchdesk.domain.synonyms import (
    ALL_LISTS,
    COMMITTEE_POST,
    DIMENSION,
    EDUCATION,
    MEETING_KIND,
    MEMBER_CATEGORY,
    MENTEE_CATEGORY,
    OUTCOME_KIND,
    PAIR_KIND,
    PAIR_STATUS,
    PROBLEM_SOURCE,
    RECT_STATUS,
    SEX,
    STUDY_FORM,
    WordList,
    WordLog,
    unknown_message,
)
from branchdesk.domain.vocabulary import COMMITTEE_POSTS, EDUCATION_LEVELS, SEXES, MemberCategory


def test_each_list_has_the_entries_its_area_uses() -> None:
    assert MEMBER_CATEGORY.entries == tuple(c.value for c in MemberCategory)
    assert EDUCATION.entries == EDUCATION_LEVELS
    assert SEX.entries == SEXES
    assert COMMITTEE_POST.entries == COMMITTEE_POSTS
    assert MEETING_KIND.entries == tuple(k.value for k in MeetingKind)
    assert PAIR_KIND.entries == DEFAULT_PAIR_KINDS
    assert DIMENSION.entries == DEFAULT_DIMENSIONS
    assert OUTCOME_KIND.entries == DEFAULT_OUTCOME_KINDS
    assert PAIR_STATUS.entries == tuple(s.value for s in PairStatus)
    assert RECT_STATUS.entries == tuple(s.value for s in MeasureStatus)
    assert PROBLEM_SOURCE.entries == DEFAULT_SOURCES
    assert STUDY_FORM.entries == tuple(f.value for f in StudyForm)
    assert set(MENTEE_CATEGORY.entries) <= {*TEACHER_CATEGORIES, *STUDENT_CATEGORIES, *CLASS_CATEGORIES}


@pytest.mark.parametrize("word_list", ALL_LISTS, ids=lambda w: w.key)
def test_every_synonym_maps_to_an_entry_and_no_spelling_is_ambiguous(word_list: WordList) -> None:
    for spelling, entry in word_list.synonyms.items():
        assert entry in word_list.entries
        assert word_list.lookup(spelling) == entry
        assert spelling not in word_list.entries, f"{spelling} is an entry and a synonym"
    for entry in word_list.entries:
        assert word_list.lookup(entry) == entry


@pytest.mark.parametrize(("word_list", "written", "entry"), [
    (PAIR_KIND, "青蓝工程", "青蓝工程师徒结对"), (PAIR_KIND, "师徒结对", "青蓝工程师徒结对"),
    (PAIR_KIND, "青蓝结对", "青蓝工程师徒结对"), (PAIR_KIND, "新老教师结对", "青蓝工程师徒结对"),
    (PAIR_KIND, "带好一名教师", "青蓝工程师徒结对"), (PAIR_KIND, " 青蓝 工程 ", "青蓝工程师徒结对"),
    (MEMBER_CATEGORY, "正式", "正式党员"), (MEMBER_CATEGORY, "预备", "预备党员"),
    (EDUCATION, "本科", "大学本科"), (EDUCATION, "大专", "大学专科"), (EDUCATION, "硕士研究生", "研究生"),
    (MEETING_KIND, "支委会", "支部委员会"), (MEETING_KIND, "主题党日活动", "主题党日"),
    (RECT_STATUS, "正在整改", "整改中"), (PROBLEM_SOURCE, "巡察", "巡察反馈"),
    (MENTEE_CATEGORY, "贫困学生", "贫困生"), (MENTEE_CATEGORY, "留守学生", "留守儿童"),
    (COMMITTEE_POST, "支部书记", "书记"), (STUDY_FORM, "党校", "党校培训"),
])
def test_usual_spellings_map_to_the_entry(word_list: WordList, written: str, entry: str) -> None:
    assert word_list.lookup(written) == entry


def test_areas_read_through_the_lists() -> None:
    assert parse_status("已整改") is MeasureStatus.DONE and parse_status("茶话") is None
    assert parse_form("学习平台") is StudyForm.ONLINE


def test_a_log_says_once_which_words_it_mapped_and_keeps_unknown_words_with_their_rows() -> None:
    log = WordLog()
    for row in range(3, 28):
        assert log.read(PAIR_KIND, "青蓝工程", row) == "青蓝工程师徒结对"
    assert log.read(PAIR_KIND, "青蓝工程师徒结对", 28) == "青蓝工程师徒结对"  # its own word: nothing to say
    assert log.read(PAIR_KIND, "名师工作室结对", 29) is None
    assert log.read(PAIR_KIND, "名师工作室结对", 30, extra=["名师工作室结对"]) == "名师工作室结对"  # added by the user
    assert log.read(PAIR_KIND, "", 31) == ""
    [mapped] = log.mappings()
    assert (mapped.title, mapped.word, mapped.entry, mapped.rows) == ("结对类型", "青蓝工程", "青蓝工程师徒结对", 25)
    [unknown] = log.unknown_words()
    assert (unknown.word, unknown.rows, unknown.editable) == ("名师工作室结对", (29,), True)
    message = unknown_message(PAIR_KIND, "名师工作室结对")
    assert "青蓝工程师徒结对、党员帮扶学生、党员联系班级" in message and "添加为新的结对类型" in message


def test_typos_are_told_from_other_organisations() -> None:
    branches = ["高一年级党支部", "高二年级党支部", "初一年级党支部", "行政党支部"]
    assert suggestion("高一年纪党支部", branches) == "高一年级党支部"
    assert suggestion("高一年级支部", branches) == "高一年级党支部"  # a character left out
    assert suggestion("高三年级党支部", branches) is None  # another grade, not a slip of the pen
    assert suggestion("初二年级党支部", branches) is None
    assert suggestion("后勤党支部", branches) is None
    assert suggestion_text("行政党之部", branches) == "，是否为“行政党支部”？"
    assert likely_typo("乔葱", "乔聪") and not likely_typo("乔聪", "乔聪") and not likely_typo("张伟", "张伟伟伟")
    assert suggestion("第三党小组", ["第一党小组"]) is None


@pytest.mark.parametrize(("title", "school"), [
    ("大同市第二中学校党委党员花名册", "大同市第二中学校"), ("中共大同市第二中学校委员会党员花名册", "大同市第二中学校"),
    ("青山镇学校党总支2025年党员花名册", "青山镇学校"), ("宁化一中党员名册（2025年）", "宁化一中"),
    ("党员花名册", ""), ("2025年三会一课台账", ""), ("", ""),
])
def test_the_school_name_in_a_roster_title(title: str, school: str) -> None:
    assert school_from_title(title) == school
    assert committee_name("大同市第二中学校", "党委") == "中共大同市第二中学校委员会"


def test_absentees_written_by_name() -> None:
    named = parse_absentees("乔聪（带学生参加竞赛）、周欢宁（病假）")
    assert [(a.name, a.reason, a.status) for a in named] == [("乔聪", "带学生参加竞赛", AttendanceStatus.LEAVE.value),
                                                            ("周欢宁", "病假", AttendanceStatus.LEAVE.value)]
    assert parse_absentees("无") == [] and parse_absentees("") == [] and parse_absentees("全部到会") == []
    assert [(a.name, a.status) for a in parse_absentees("请假：张三(公出)，李四")] == [
        ("张三", AttendanceStatus.LEAVE.value), ("李四", AttendanceStatus.ABSENT.value)]
    assert [a.name for a in parse_absentees("张三（病假、住院）；李四（无故缺席）")] == ["张三", "李四"]
    assert parse_absentees("李四（无故缺席）")[0].status == AttendanceStatus.ABSENT.value
    own = parse_absentees("赵一（请假：外出培训）；钱二（缺席）")  # our own export's words read back
    assert [(a.name, a.status, a.plain_reason) for a in own] == [
        ("赵一", AttendanceStatus.LEAVE.value, "外出培训"), ("钱二", AttendanceStatus.ABSENT.value, "")]


ROSTER = [RosterEntry(i, name, "正式党员") for i, name in enumerate(("王建国", "刘芳", "乔聪", "周欢宁"), start=1)]


def test_a_sheet_is_derived_only_when_the_ledger_adds_up() -> None:
    derived = derive_sheet(ROSTER, 4, 2, "乔聪（带学生参加竞赛）、周欢宁（病假）")
    assert [(a.name, a.status, a.reason) for a in derived.attendees] == [
        ("王建国", "出席", ""), ("刘芳", "出席", ""), ("乔聪", "请假", "带学生参加竞赛"), ("周欢宁", "请假", "病假")]
    assert [a.status for a in derive_sheet(ROSTER, 4, 4, "无").attendees] == ["出席"] * 4
    for expected, present, text, why in (
            (4, 2, "乔聪（病假）", "缺了 2 人，但缺席人员写了 1 人"), (5, 5, "", "与当日花名册的 4 人不符"),
            (4, 3, "王小二（病假）", "不在当日的花名册中"), (None, None, "乔聪", "没有填写应到、实到人数")):
        result = derive_sheet(ROSTER, expected, present, text)
        assert result.attendees == [] and why in result.problem, (text, result.problem)
    assert derive_sheet(ROSTER, 4, 3, "王小二（病假）").unknown_names == ("王小二",)


def test_periods_as_ledgers_write_them_and_what_a_sitting_counts_for() -> None:
    assert read_period("2025年7月") == Period(2025, Granularity.MONTH, 7) == read_period("2025-07")
    assert read_period("2025年第三季度") == Period(2025, Granularity.QUARTER, 3) == read_period("2025-Q3")
    assert read_period("2024年度") == Period(2024, Granularity.YEAR) == read_period("2024")
    assert read_period("") is None
    with pytest.raises(ValueError, match="所属期间"):
        read_period("暑假")
    assert year_in_topic("2024年度组织生活会暨民主评议党员") == 2024 and year_in_topic("组织生活会") is None
    late = date(2025, 9, 5)
    assert counted_period(late, "2025-07", Granularity.MONTH).label == "2025-07"
    assert counted_period(late, "2025-07", Granularity.QUARTER).label == "2025-Q3"
    january = date(2025, 1, 16)
    assert counted_period(january, "2024", Granularity.YEAR).label == "2024"
    assert counted_period(january, "2024", Granularity.QUARTER).label == "2025-Q1"  # a 支部党员大会 that day
    assert counted_period(january, "", Granularity.YEAR).label == "2025"
