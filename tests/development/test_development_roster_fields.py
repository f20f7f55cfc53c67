"""The 发展党员 ledger and the roster it feeds (domain.md §8): what the ledger does not say, or says
otherwise, never erases or silently overwrites a rostered member's particulars (trial V, TV-9); and
an import gives on its first pass what a second pass of the same file gives (TV-12)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from branchdesk.domain.development.records import PersonInput
from branchdesk.domain.idcard import make_id_number
from branchdesk.domain.roster.records import MemberInput
from branchdesk.domain.vocabulary import OrgKind
from branchdesk.services.development import records as dev
from branchdesk.services.development.excel import import_development
from branchdesk.services.roster.excel import import_roster
from branchdesk.services.roster.organisation import create_org
from branchdesk.services.roster.records import list_members, save_member
from tests.xlsx_factory import make_workbook

D = date
TODAY = D(2026, 12, 4)
ID_SUN = make_id_number("140202", D(1995, 4, 6), 15, False)
ID_ZHOU = make_id_number("140211", D(1998, 9, 1), 16, True)
# the 发展党员 template's people columns: no 民族, 学历, 工作岗位 or 联系电话 (io.development_xlsx)
HEADERS = ["序号", "姓名", "性别", "出生日期", "公民身份号码", "所在党支部", "申请入党日期", "谈话日期",
           "确定入党积极分子日期", "培养联系人", "确定发展对象日期", "入党介绍人", "确定入党介绍人日期", "政治审查日期",
           "集中培训日期", "支部大会讨论接收日期", "接收应到表决人数", "接收实到表决人数", "接收赞成票数", "上级党委审批日期",
           "入党宣誓日期", "转正申请日期", "支部大会讨论转正日期", "转正审批日期"]


def _rows(name_sun: str = "孙悦", branch_sun: str = "第一党支部") -> list[list[object]]:
    return [
        [1, name_sun, "女", None, ID_SUN, branch_sun, "2022年3月1日", "2022.3.20", "2023-04-10", "张红、刘强",
         "2024-05-10", "张红、刘强", "2024年5月20日", "2024-06-01", "2024-07-01至2024-07-03", "2025-03-10", 11, 10,
         10, "2025-04-01", "2025-04-10", "2026-02-20", "2026-03-20", "2026-07-15"],
        [2, "周洋", "男", None, ID_ZHOU, "第一党支部", "2023-09-01", "2023-09-15", "2024-03-01", "张红",
         "2025-06-09", "刘强、张红", "2025-06-16", "2025-06-20", "2025-07-01至2025-07-03", "2025-09-10", 13, 13, 13,
         "2025-10-10", "2025-10-20", None, None, None],
    ]


@pytest.fixture
def school(db):
    committee = create_org(db, "中共大同市第三中学委员会", OrgKind.COMMITTEE)
    for name in ("第一党支部", "第二党支部"):
        create_org(db, name, OrgKind.BRANCH, committee.id)
    for i, name in enumerate(("张红", "刘强")):
        save_member(db, MemberInput(name=name, id_number=make_id_number("140202", D(1975, 1, 1 + i), i, True),
                                    branch="第一党支部", category="正式党员", join_date=D(2000, 7, 1),
                                    full_date=D(2001, 7, 1)))
    # the roster knows 孙悦 (a 预备党员) with her particulars; the ledger has no column for them
    save_member(db, MemberInput(name="孙悦", id_number=ID_SUN, branch="第一党支部", category="预备党员",
                                join_date=D(2025, 3, 10), ethnicity="汉族", education="大学本科", position="化学教师",
                                phone="13900000005"))
    return db


def _sun(db):
    return next(m for m in list_members(db) if m.id_number == ID_SUN)


def test_the_ledger_keeps_the_particulars_the_roster_has(school, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """TV-9: the ledger has no 民族/学历/工作岗位/联系电话 column; linking 孙悦 once erased all four."""
    path = make_workbook(tmp_path / "发展党员台账.xlsx", HEADERS, _rows(), title_rows=["发展党员工作台账"])
    for _ in range(2):  # and a re-import of the same file
        report = import_development(school, path, today=TODAY)
        assert report.ok, report.to_text()
        sun = _sun(school)
        assert (sun.ethnicity, sun.education, sun.position, sun.phone) == ("汉族", "大学本科", "化学教师", "13900000005")
        assert (sun.category, sun.join_date, sun.full_date) == ("正式党员", D(2025, 3, 10), D(2026, 3, 10))
    assert not [n for n in report.notes if "不同" in n], report.notes  # nothing differs: nothing to say


def test_a_cell_that_differs_keeps_the_roster_and_says_so(school, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A ledger cell that differs from the roster does not overwrite it: the roster keeps a member's
    particulars (a 支部调整 is dated there), the development record feeds it only what it lacks; the
    report names the row and the field, with both values (never an ID number or a phone)."""
    path = make_workbook(tmp_path / "台账.xlsx", HEADERS, _rows("孙月", "第二党支部"))
    report = import_development(school, path, today=TODAY)
    assert report.ok, report.to_text()
    sun = _sun(school)
    assert (sun.name, sun.branch, sun.ethnicity, sun.phone) == ("孙悦", "第一党支部", "汉族", "13900000005")
    notes = [n for n in report.notes if n.startswith("第 2 行")]
    assert len(notes) == 1, report.notes
    assert "姓名（发展党员记录为“孙月”，党员名册为“孙悦”）" in notes[0], notes[0]
    assert "所在党支部（发展党员记录为“第二党支部”，党员名册为“第一党支部”）" in notes[0], notes[0]
    assert "已保留党员名册的记录" in notes[0]
    assert "13900000005" not in report.to_text() and ID_SUN not in report.to_text()


def test_the_window_edit_of_a_rostered_persons_record_changes_only_what_was_edited(school) -> None:  # type: ignore[no-untyped-def]
    """The window's 保存 of a linked record: the field the user changed follows into the roster
    (typed once); a field the record never had (blank) does not erase the roster's."""
    case = dev.save_person(school, PersonInput(name="孙悦", id_number=ID_SUN, branch="第一党支部"))
    notes = []
    for step, day in ((1, D(2022, 3, 1)), (7, D(2024, 5, 10)), (15, D(2025, 3, 10)), (17, D(2025, 4, 1))):
        case, note = dev.save_step(school, case.id, dev.StepInput(step, day))
        notes.append(note)
    assert "关联" in notes[2] and "不同" not in "".join(notes), notes
    sun = _sun(school)
    assert (sun.ethnicity, sun.education, sun.position, sun.phone) == ("汉族", "大学本科", "化学教师", "13900000005")
    dev.save_person(school, PersonInput(name="孙悦", id_number=ID_SUN, branch="第一党支部", position="化学教研组长"),
                    case.id)
    sun = _sun(school)
    assert (sun.ethnicity, sun.education, sun.position, sun.phone) == ("汉族", "大学本科", "化学教研组长", "13900000005")


def test_a_roster_blank_is_filled_from_the_record(school) -> None:  # type: ignore[no-untyped-def]
    member = _sun(school)
    save_member(school, replace(MemberInput(name="孙悦", id_number=ID_SUN, branch="第一党支部", category="预备党员",
                                            join_date=D(2025, 3, 10)), phone="13900000005"), member.id)
    case = dev.save_person(school, PersonInput(name="孙悦", id_number=ID_SUN, branch="第一党支部", ethnicity="回族",
                                               education="大学本科"))
    notes = [dev.save_step(school, case.id, dev.StepInput(step, day))[1]
             for step, day in ((1, D(2022, 3, 1)), (15, D(2025, 3, 10)), (17, D(2025, 4, 1)))]
    note = notes[1]
    sun = _sun(school)
    assert (sun.ethnicity, sun.education, sun.phone) == ("回族", "大学本科", "13900000005")
    assert "民族、学历" in note and "补" in note, note


def test_the_first_import_gives_what_a_second_gives(school, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """TV-12: the first pass once dated 确定入党介绍人 (step 9) by 确定发展对象 (step 7), ignoring the
    ledger's own “确定入党介绍人日期”; the second pass of the same file then "updated" both records."""
    path = make_workbook(tmp_path / "发展党员台账.xlsx", HEADERS, _rows())
    first = import_development(school, path, today=TODAY)
    assert first.ok and first.created == 2, first.to_text()
    once = {c.name: replace(c, version=0) for c in dev.list_cases(school)}
    assert (once["孙悦"].steps[9].on, once["周洋"].steps[9].on) == (D(2024, 5, 20), D(2025, 6, 16))
    assert once["孙悦"].steps[9].note == ""  # dated by its own column, not "日期按确定发展对象记录"
    second = import_development(school, path, today=TODAY)
    assert (second.created, second.updated, second.unchanged) == (0, 0, 2), second.to_text()
    assert {c.name: replace(c, version=0) for c in dev.list_cases(school)} == once


def test_without_its_own_date_the_introducers_step_is_dated_by_the_candidate_step(school, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    header = [h for h in HEADERS if h != "确定入党介绍人日期"]
    rows = [[v for h, v in zip(HEADERS, row, strict=True) if h != "确定入党介绍人日期"] for row in _rows()]
    path = make_workbook(tmp_path / "台账.xlsx", header, rows)
    assert import_development(school, path, today=TODAY).created == 2
    once = {c.name: replace(c, version=0) for c in dev.list_cases(school)}
    assert once["孙悦"].steps[9].on == D(2024, 5, 10) and "确定发展对象" in once["孙悦"].steps[9].note
    again = import_development(school, path, today=TODAY)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2), again.to_text()
    assert {c.name: replace(c, version=0) for c in dev.list_cases(school)} == once


ROSTER_HEADERS = ["序号", "姓名", "性别", "民族", "公民身份号码", "所在党支部", "人员类别", "入党日期", "转正日期", "工作岗位"]


def test_a_roster_reimport_keeps_what_the_development_record_decided(school, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The same rule the other way (domain.md §8, development feeds the roster): a roster workbook kept
    from before the 转正 was approved once turned 孙悦 back into a 预备党员 (and an older 入党日期 undid
    the 支部大会's date). 入党日期 and, once the 转正 is approved, 人员类别 and 转正日期 come from the
    development record; the roster import keeps them and says so on the row."""
    ledger = make_workbook(tmp_path / "发展党员台账.xlsx", HEADERS, _rows())
    assert import_development(school, ledger, today=TODAY).ok
    rows = [[1, "张红", "", "汉族", make_id_number("140202", D(1975, 1, 1), 0, True), "第一党支部", "正式党员",
             "2000-07-01", "2001-07-01", "语文教师"],
            [2, "孙悦", "女", "汉族", ID_SUN, "第一党支部", "预备党员", "2025-03-01", None, "化学教研组长"]]
    report = import_roster(school, make_workbook(tmp_path / "花名册.xlsx", ROSTER_HEADERS, rows))
    assert report.ok, report.to_text()
    sun = _sun(school)
    assert (sun.category, sun.join_date, sun.full_date) == ("正式党员", D(2025, 3, 10), D(2026, 3, 10))
    assert sun.position == "化学教研组长"  # the roster's own field: the file's value
    note = next(n for n in report.notes if "孙悦" in n and "发展党员记录" in n)
    assert note.startswith("第 3 行"), note
    for part in ("人员类别（文件为“预备党员”，发展党员记录为“正式党员”）", "入党日期（文件为“2025-03-01”，发展党员记录为“2025-03-10”）",
                 "转正日期（文件为空，发展党员记录为“2026-03-10”）"):
        assert part in note, note
    again = import_roster(school, make_workbook(tmp_path / "花名册2.xlsx", ROSTER_HEADERS, rows))
    assert again.ok and _sun(school).category == "正式党员"
    # before 转正 is approved the roster decides 人员类别 (it may know the 转正 the ledger lacks)
    zhou = [[1, "周洋", "", "", ID_ZHOU, "第一党支部", "正式党员", "2025-09-10", "2026-09-10", ""]]
    report = import_roster(school, make_workbook(tmp_path / "周.xlsx", ROSTER_HEADERS, zhou))
    assert report.ok and not [n for n in report.notes if "发展党员记录" in n], report.notes
    assert next(m for m in list_members(school) if m.id_number == ID_ZHOU).category == "正式党员"


def test_every_printed_vote_gives_its_should_attend_count(school, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """TV-14: VOTE-PASS (domain.md §3) judges the yes-votes against 应到, so the volume's 逐人逐环节 register
    and the timeline print 应到 first — and "应到人数未记录" when the ledger did not give it, never a number."""
    from branchdesk.services.annual_report.development import development_section
    from branchdesk.services.development.checks import timeline

    rows = _rows()
    rows[1][HEADERS.index("接收应到表决人数")] = None  # 周洋: only 实到 and 赞成 written
    assert import_development(school, make_workbook(tmp_path / "台账.xlsx", HEADERS, rows), today=TODAY).ok
    with school.session() as session:
        section = development_section(session, year=2025, as_of=TODAY, branch=None, masked=True)
    steps = {row.name: dict((label.split("（")[0], label) for _on, label in row.steps) for row in section.ledger}
    assert steps["孙悦"]["支部大会讨论接收"] == "支部大会讨论接收（应到11人，实到10人，赞成10票）"
    assert steps["周洋"]["支部大会讨论接收"] == "支部大会讨论接收（应到人数未记录，实到13人，赞成13票）"
    assert steps["周洋"]["确定发展对象"] == "确定发展对象"  # no vote: nothing about one
    case = next(c for c in dev.list_cases(school) if c.name == "周洋")
    detail = {item.step: item.detail for item in timeline(school, case.id, TODAY)[1]}
    assert detail[15] == "应到人数未记录，实到13人，赞成13票" and "None" not in "".join(detail.values())


def test_a_branch_changed_on_the_record_is_a_dated_move_in_the_roster(school) -> None:  # type: ignore[no-untyped-def]
    """The window's 所在党支部 changed on a rostered person's record moved the roster row with no 支部调整:
    earlier sign-in sheets lost the member, and the old branch's 党小组 went with them. It is recorded as
    the roster's own form records one without a date: a 支部调整 dated today, leaving the old 党小组."""
    from branchdesk.services.roster.records import list_moves

    group = create_org(school, "化学党小组", OrgKind.GROUP, next(
        o.id for o in _branches(school) if o.name == "第一党支部"))
    member = _sun(school)
    save_member(school, MemberInput(name="孙悦", id_number=ID_SUN, branch="第一党支部", group=group.name,
                                    category="预备党员", join_date=D(2025, 3, 10), ethnicity="汉族"), member.id)
    case = dev.save_person(school, PersonInput(name="孙悦", id_number=ID_SUN, branch="第一党支部"))
    for step, day in ((1, D(2022, 3, 1)), (15, D(2025, 3, 10)), (17, D(2025, 4, 1))):
        dev.save_step(school, case.id, dev.StepInput(step, day))
    assert _sun(school).group == "化学党小组"
    dev.save_person(school, PersonInput(name="孙悦", id_number=ID_SUN, branch="第二党支部"), case.id)
    sun = _sun(school)
    assert (sun.branch, sun.group, sun.ethnicity) == ("第二党支部", "", "汉族")
    assert [(kind, on, where) for kind, on, where, _reason in list_moves(school, sun.id)] == [
        ("支部调整", date.today(), "第二党支部")]


def _branches(db):  # type: ignore[no-untyped-def]
    from branchdesk.services.roster.organisation import get_tree

    return [node for root in get_tree(db) for node in root.walk()]


def test_introducers_with_their_own_date_need_no_candidate_date(school, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """入党介绍人 are dated by 确定发展对象 only when the ledger has no “确定入党介绍人日期”: a row that gives
    the step's own date was refused for lacking the other."""
    header = ["姓名", "公民身份号码", "所在党支部", "申请入党日期", "入党介绍人", "确定入党介绍人日期"]
    rows = [["孙悦", ID_SUN, "第一党支部", "2022-03-01", "张红、刘强", "2024-05-20"]]
    report = import_development(school, make_workbook(tmp_path / "台账.xlsx", header, rows), today=TODAY)
    assert report.ok, report.to_text()
    case = dev.list_cases(school)[0]
    assert case.steps[9].on == D(2024, 5, 20) and [p.name for p in case.people] == ["张红", "刘强"]
    refused = import_development(school, make_workbook(tmp_path / "无日期.xlsx", header[:5], [rows[0][:5]]), today=TODAY)
    # neither column is in the file: said so, not "为空" (trial L, TL-1)
    assert not refused.ok and "文件中没有“确定入党介绍人日期”或“确定发展对象日期”一列" in refused.to_text(), refused.to_text()


def test_the_window_edit_says_what_it_did_to_the_roster(school) -> None:  # type: ignore[no-untyped-def]
    """The window's 保存 of a rostered person's record told the user nothing: a changed 所在党支部 made a
    支部调整 dated today, and a particular the roster keeps otherwise was kept, both unsaid (the steps'
    own saves say theirs). The save now returns the note, as a step's does."""
    case = dev.save_person(school, PersonInput(name="孙悦", id_number=ID_SUN, branch="第一党支部"))
    for step, day in ((1, D(2022, 3, 1)), (15, D(2025, 3, 10)), (17, D(2025, 4, 1))):
        dev.save_step(school, case.id, dev.StepInput(step, day))
    member = _sun(school)
    save_member(school, MemberInput(name="孙悦", id_number=ID_SUN, branch="第一党支部", category="预备党员",
                                    join_date=D(2025, 3, 10), ethnicity="汉族", education="大学本科",
                                    position="化学教研组长", phone="13900000005"), member.id)
    saved, note = dev.save_person_noting(school, PersonInput(name="孙悦", id_number=ID_SUN, branch="第二党支部",
                                                             position="化学教师"), case.id)
    assert saved.branch == "第二党支部" and _sun(school).branch == "第二党支部"
    assert f"{date.today():%Y-%m-%d} 由第一党支部调整到第二党支部" in note, note
    assert "工作岗位" not in note, note  # edited in the window: the roster follows, nothing to say
    _saved, note = dev.save_person_noting(school, PersonInput(name="孙悦", id_number=ID_SUN, branch="第二党支部",
                                                              position="化学教师", ethnicity="回族"), case.id)
    assert "民族（发展党员记录为“回族”，党员名册为“汉族”）" not in note  # edited: followed
    assert _sun(school).ethnicity == "回族" and note == "", note
