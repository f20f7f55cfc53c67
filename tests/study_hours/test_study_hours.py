"""MTG-STUDY-HOURS (教育条例 第二十条): the 45-minute 学时 and its rounding, sittings counted once and only
for members present, the prorated requirement, sittings without times reported, the 学习培训记录
service with its validation and recycle bin, the check's severity through the year, and the Excel
ledger / import round trip through `branchdesk.cli.main` on real files."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook

from branchdesk.cli.main import main
from branchdesk.db.models import Meeting, MeetingAttendance, MeetingKindLink
from branchdesk.domain.findings import Severity
from branchdesk.domain.idcard import make_id_number
from branchdesk.domain.meetings.records import MeetingKind
from branchdesk.domain.roster.records import MemberInput
from branchdesk.domain.study_hours.records import (
    BAD_TIMES,
    NO_TIMES,
    MemberStudy,
    Sitting,
    StudyInput,
    member_study,
    months_on_roster,
    parse_hours,
    required_hours,
    sitting_hours,
    study_findings,
)
from branchdesk.services import recycle_bin
from branchdesk.services.checks import run_checks
from branchdesk.services.errors import ConflictError, ValidationFailed
from branchdesk.services.roster.records import save_member
from branchdesk.services.study_hours.records import (
    delete_study_record,
    list_study_records,
    restore_study_record,
    save_study_record,
    study_summary,
)
from tests.meetings.helpers import BRANCH, make_branch
from tests.study_hours.study_books import HEAD, study_book

K = MeetingKind
TODAY = date(2026, 11, 20)


# --- domain ----------------------------------------------------------------------------------
@pytest.mark.parametrize(("start", "end", "hours"), [
    ("15:30", "17:00", "2"), ("14:00", "14:45", "1"), ("14:00", "14:44", "0.5"), ("14:00", "15:07", "1"),
    ("14:00", "15:08", "1.5"), ("8:00", "11:45", "5"), ("09:00", "09:22", "0"), ("09:00", "09:23", "0.5"),
])
def test_a_sitting_counts_minutes_over_45_rounded_down_to_half(start: str, end: str, hours: str) -> None:
    assert sitting_hours(start, end) == (Decimal(hours), "")


def test_a_sitting_without_valid_times_counts_nothing_and_says_so() -> None:
    assert sitting_hours("", "17:00") == (0, NO_TIMES)
    assert sitting_hours("15:30", "") == (0, NO_TIMES)
    assert sitting_hours("25:00", "26:00") == (0, NO_TIMES)
    assert sitting_hours("17:00", "15:30") == (0, BAD_TIMES)
    assert sitting_hours("15:30", "15:30") == (0, BAD_TIMES)


def test_required_hours_are_prorated_by_months_on_the_roster() -> None:
    assert required_hours(2026, date(2005, 7, 1), None) == 32
    assert required_hours(2026, None, None) == 32
    assert required_hours(2026, date(2026, 1, 31), None) == 32  # on the roster in January: whole year
    assert months_on_roster(2026, date(2026, 7, 15), None) == 6
    assert required_hours(2026, date(2026, 7, 15), None) == 16
    assert required_hours(2026, date(2026, 8, 1), None) == Decimal("13.5")  # 5 × 32/12 = 13.33 → 13.5
    assert required_hours(2026, date(2000, 1, 1), date(2026, 4, 1)) == 8  # left on 1 April: Jan–Mar
    assert required_hours(2026, date(2000, 1, 1), date(2026, 4, 2)) == 11  # 10.67 → 11
    assert required_hours(2026, date(2027, 1, 5), None) == 0
    assert required_hours(2026, date(2000, 1, 1), date(2026, 1, 1)) == 0


def test_a_sitting_serving_several_kinds_counts_once_and_other_kinds_not_at_all() -> None:
    both = Sitting(1, date(2026, 3, 15), frozenset({K.CONGRESS.value, K.THEME_DAY.value}), "15:30", "17:00")
    committee = Sitting(2, date(2026, 3, 5), frozenset({K.COMMITTEE.value}), "15:30", "17:00")
    blank = Sitting(3, date(2026, 3, 20), frozenset({K.GROUP.value}), "", "")
    row = member_study(1, "王书记", BRANCH, "正式党员", Decimal(32), [both, both, committee, blank], [Decimal(12)])
    assert (row.from_sittings, row.external, row.total, row.shortfall, row.sittings) == (2, 12, 14, 18, 2)
    assert row.untimed == (blank,) and not row.met


def test_hours_as_typed_are_checked_at_the_boundaries() -> None:
    assert parse_hours("12.5学时") == (Decimal("12.50"), "")
    assert parse_hours(200)[0] == 200
    assert "不能超过 200" in parse_hours("200.01")[1]
    assert parse_hours(0)[1] == "学时应大于 0"
    assert parse_hours("-1")[1] == "学时应大于 0"
    assert "两位小数" in parse_hours("1.234")[1]
    assert "不是数字" in parse_hours("十二")[1]
    assert parse_hours("")[1] == "请填写学时"


def _rows(count: int) -> list[MemberStudy]:
    return [MemberStudy(i, f"党员{i:02d}", BRANCH, "正式党员", Decimal(32), Decimal(i), Decimal(0), 1) for i in range(count)]


def test_one_finding_per_branch_whose_severity_follows_the_year() -> None:
    rows = _rows(3)
    assert study_findings(BRANCH, rows, 2026, date(2025, 12, 31)) == []
    assert study_findings(BRANCH, rows, 2026, date(2026, 11, 30))[0].severity is Severity.INFO
    warning = study_findings(BRANCH, rows, 2026, date(2026, 12, 1))[0]
    assert warning.severity is Severity.WARNING and "本年度还剩 31 天" in warning.message
    error = study_findings(BRANCH, rows, 2026, date(2027, 1, 1))[0]
    assert error.severity is Severity.ERROR
    assert (error.rule, error.source, error.area, error.period) == (
        "MTG-STUDY-HOURS", "教育条例 第二十条", "三会一课", "2026")
    assert "党员00（0/32 学时）" in error.message and "有 3 名党员" in error.message
    assert study_findings(BRANCH, [r for r in rows if False], 2026, date(2027, 1, 1)) == []


def test_a_long_list_names_eight_then_says_how_many() -> None:
    message = study_findings(BRANCH, _rows(12), 2026, date(2026, 6, 1))[0].message
    assert "等 12 人" in message and "党员07" in message and "党员08" not in message


# --- service on a database ----------------------------------------------------------------------
def _meeting(db, branch_id: int, day: date, kinds: tuple[str, ...], start: str, end: str,  # type: ignore[no-untyped-def]
             sheet: dict[int, str], *, deleted: bool = False) -> int:
    with db.session() as session:
        meeting = Meeting(branch_id=branch_id, meeting_date=day, start_time=start, end_time=end, topic="学习",
                          finalised_at=datetime(2026, 11, 1, 8, 0))  # a 定稿 record: drafts do not count
        if deleted:
            meeting.deleted_at = datetime(2026, 9, 20, 8, 0)
        session.add(meeting)
        session.flush()
        session.add_all(MeetingKindLink(meeting_id=meeting.id, kind=k.value if isinstance(k, K) else k) for k in kinds)
        session.add_all(MeetingAttendance(meeting_id=meeting.id, member_id=mid, name=str(mid), status=status)
                        for mid, status in sheet.items())
        return meeting.id


@pytest.fixture
def school(db):  # type: ignore[no-untyped-def]
    b = make_branch(db)
    m = b.members
    newcomer = save_member(db, MemberInput(
        name="七月新", id_number=make_id_number("140202", date(1995, 3, 3), 55, male=False), branch=BRANCH,
        category="预备党员", join_date=date(2026, 7, 15)))
    m["七月新"] = newcomer.id
    everyone = {mid: "出席" for mid in m.values()}
    _meeting(db, b.id, date(2026, 3, 15), (K.CONGRESS, K.THEME_DAY), "15:30", "17:00",
             {**everyone, m["赵一"]: "请假", m["钱二"]: "缺席"})
    _meeting(db, b.id, date(2026, 5, 25), (K.LECTURE,), "14:00", "15:08", everyone)  # 1.5
    _meeting(db, b.id, date(2026, 6, 5), (K.COMMITTEE,), "15:30", "17:00", everyone)  # not counted
    _meeting(db, b.id, date(2026, 8, 20), (K.GROUP,), "", "", {mid: "缺席" for mid in m.values()} | {m["赵一"]: "出席"})
    # no times: its length is unknown (never 0), so whether 赵一 met the 32 学时 is unknown
    _meeting(db, b.id, date(2026, 9, 15), (K.THEME_DAY,), "15:30", "17:00", everyone, deleted=True)
    _meeting(db, b.id, date(2025, 12, 15), (K.THEME_DAY,), "15:30", "17:00", everyone)  # last year
    return b


def _input(member_id: int, hours: object = "12", **changes) -> StudyInput:  # type: ignore[no-untyped-def]
    data = StudyInput(member_id, date(2026, 4, 10), hours, "网络培训", "党纪学习教育专题网络培训", "省党员干部网络学院", "")
    for name, value in changes.items():
        setattr(data, name, value)
    return data


def test_summary_counts_present_members_once_per_sitting(db, school) -> None:  # type: ignore[no-untyped-def]
    m = school.members
    save_study_record(db, _input(m["王书记"], "30"), today=TODAY)
    rows = {r.name: r for r in study_summary(db, 2026, BRANCH, as_of=TODAY)}
    assert rows["王书记"].from_sittings == Decimal("3.5")  # 2 (大会+主题党日 once) + 1.5 (党课)
    assert (rows["王书记"].external, rows["王书记"].total, rows["王书记"].met) == (30, Decimal("33.5"), True)
    assert rows["赵一"].from_sittings == Decimal("1.5") and rows["钱二"].from_sittings == Decimal("1.5")
    assert [s.day for s in rows["赵一"].untimed] == [date(2026, 8, 20)]
    assert rows["七月新"].required == 16 and rows["七月新"].from_sittings == Decimal("3.5")
    assert rows["吴预备"].required == 32  # joined 10 January: on the roster every month
    assert "老党员" not in rows  # another branch
    assert {r.branch for r in study_summary(db, 2026, as_of=TODAY)} == {BRANCH, "退休教师党支部"}


def test_records_are_validated_beside_their_fields(db, school) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationFailed) as caught:
        save_study_record(db, StudyInput(None, date(2026, 12, 1), "0", "函授", "  "), today=TODAY)
    fields = {e.field: e.message for e in caught.value.errors}
    assert fields == {"党员": "请选择党员", "学习日期": "学习日期 2026-12-01 晚于今天，请登记已完成的学习",
                      "学时": "学时应大于 0", "学习形式": "“函授”不是可选的学习形式，应为：党校培训、网络培训、上级集中轮训、其他",
                      "学习内容": "请填写学习内容（培训班或专题名称）"}
    with pytest.raises(ValidationFailed, match="学时：一条记录的学时不能超过 200"):
        save_study_record(db, _input(school.members["赵一"], 201), today=TODAY)
    saved = save_study_record(db, _input(school.members["赵一"], 200, form="学习平台"), today=TODAY)
    assert (saved.hours, saved.form, saved.branch, saved.name) == (200, "网络培训", BRANCH, "赵一")


def test_edit_conflict_delete_to_recycle_bin_and_restore(db, school) -> None:  # type: ignore[no-untyped-def]
    saved = save_study_record(db, _input(school.members["赵一"]), today=TODAY)
    changed = save_study_record(db, _input(school.members["赵一"], "16.5"), saved.id, expected_version=saved.version,
                                today=TODAY)
    assert changed.hours == Decimal("16.5") and changed.version == saved.version + 1
    with pytest.raises(ConflictError, match="已被他人修改"):
        save_study_record(db, _input(school.members["赵一"], "8"), saved.id, expected_version=saved.version, today=TODAY)
    delete_study_record(db, saved.id)
    assert list_study_records(db, year=2026) == []
    assert [r.id for r in list_study_records(db, year=2026, deleted=True)] == [saved.id]
    binned = [i for i in recycle_bin.list_deleted(db) if i.table == "study_records"]
    assert [(i.kind, i.label) for i in binned] == [("学习培训记录", "党纪学习教育专题网络培训")]
    recycle_bin.restore(db, "study_records", saved.id)
    assert [r.hours for r in list_study_records(db, year=2026, branch=BRANCH)] == [Decimal("16.5")]
    delete_study_record(db, saved.id)
    restore_study_record(db, saved.id)
    assert len(list_study_records(db, member_id=school.members["赵一"])) == 1


def test_the_check_names_members_short_and_escalates_with_the_date(db, school) -> None:  # type: ignore[no-untyped-def]
    def study(as_of: date):  # type: ignore[no-untyped-def]
        return [f for f in run_checks(db, year=2026, as_of=as_of) if f.rule == "MTG-STUDY-HOURS"]

    found = study(date(2026, 11, 20))
    members = {f.branch: f for f in found if "学时无法计算" not in f.message}
    untimed = [f for f in found if "学时无法计算" in f.message]
    assert {b: f.severity for b, f in members.items()} == {BRANCH: Severity.INFO, "退休教师党支部": Severity.INFO}
    assert [(f.branch, f.severity) for f in untimed] == [(BRANCH, Severity.INFO)]
    assert "2026年有 1 次会议未填起止时间，学时无法计算" in untimed[0].message
    assert "有 9 名党员集中学习培训未达规定学时：钱二（1.5/32 学时）" in members[BRANCH].message
    assert "等 9 人" in members[BRANCH].message and "七月新" not in members[BRANCH].message  # 9th by shortfall
    assert "另有 1 名党员是否达标无法判断（赵一）" in members[BRANCH].message  # unknown is not 0
    assert {f.severity for f in study(date(2026, 12, 20))} == {Severity.WARNING}
    assert {f.severity for f in study(date(2027, 2, 1)) if "学时无法计算" not in f.message} == {Severity.ERROR}
    for name in ("王书记", "老党员"):
        save_study_record(db, _input(school.members.get(name) or _member_id(db, name), "40"), today=TODAY)
    after = [f for f in study(date(2027, 2, 1)) if "学时无法计算" not in f.message]
    assert "王书记" not in after[0].message and [f.branch for f in after] == [BRANCH]


def _member_id(db, name: str) -> int:  # type: ignore[no-untyped-def]
    from branchdesk.services.roster.records import list_members

    return next(m.id for m in list_members(db) if m.name == name)


# --- Excel through the command line ----------------------------------------------------------------


def test_import_is_all_or_nothing_and_refuses_ambiguous_names(db, db_path, school, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    save_member(db, MemberInput(name="赵一", id_number=make_id_number("140202", date(1990, 5, 5), 66, male=True),
                                branch=BRANCH, category="正式党员", join_date=date(2015, 7, 1)))
    bad = study_book(tmp_path / "有错.xlsx", [
        [BRANCH, "王书记", "2026-04-10", 12, "网络培训", "党纪学习教育专题网络培训", "网络学院", ""],
        [BRANCH, "赵一", "2026年5月1日", "8", "党校", "专题培训", "", ""],
        [BRANCH, "查无此人", "2026-05-01", "8", "党校", "专题培训", "", ""],
        ["退休教师党支部", "老党员", "2026-13-01", "300", "函授", "", "", ""],
    ])
    assert main(["import", "study-hours", str(bad), "--db", str(db_path)]) == 1
    out = capsys.readouterr().out
    assert "没有写入任何数据" in out
    assert "第 4 行，姓名（B 列）：高一年级党支部有 2 名党员都叫“赵一”，无法确定是哪一位" in out
    assert "第 5 行，姓名（B 列）：高一年级党支部的花名册中没有“查无此人”" in out
    assert "第 6 行，学时（D 列）：一条记录的学时不能超过 200" in out
    assert "第 6 行，学习形式（E 列）：“函授”不是可选的学习形式" in out
    assert list_study_records(db) == []


def test_export_and_import_round_trip(db, db_path, school, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    good = study_book(tmp_path / "登记表.xlsx", [
        [BRANCH, "王书记", "2026-04-10", 30, "网络培训", "党纪学习教育专题网络培训", "网络学院", ""],
        [BRANCH, "赵一", "2026年5月1日", "8.5学时", "党校", "专题培训", "市委党校", "脱产"],
        ["", "老党员", date(2026, 6, 1), 12, "集中轮训", "全市教育系统党员集中轮训", "市委教育工委", ""],
    ])
    assert main(["import", "study-hours", str(good), "--db", str(db_path), "--dry-run"]) == 0
    assert list_study_records(db) == []
    assert main(["import", "study-hours", str(good), "--db", str(db_path)]) == 0
    assert "已新增 3 条" in capsys.readouterr().out
    save_study_record(db, _input(school.members["王书记"], 2, study_date=date(2026, 6, 1), form="其他",
                                 title="=专题学习", organiser=""), today=TODAY)
    out = tmp_path / "学时台账.xlsx"
    assert main(["export", "study-hours", "--db", str(db_path), "--year", "2026", "--branch", BRANCH,
                 "--out", str(out)]) == 0
    assert "10 名党员、学习培训记录 3 条" in capsys.readouterr().out
    book = load_workbook(out)
    assert book.sheetnames == ["学习学时台账", "学习培训记录"]
    ledger = book["学习学时台账"]
    assert ledger["A1"].value == "2026年度党员学习学时台账"
    header = [c.value for c in ledger[3]]
    assert header == ["序号", "所在党支部", "姓名", "人员类别", "应完成学时", "支部组织生活学时", "其他学习培训学时",
                      "合计学时", "差额学时", "是否达标", "说明"]
    lines = {row[2]: row for row in ledger.iter_rows(min_row=4, values_only=True)}
    assert lines["王书记"][4:10] == (32, 3.5, 32, 35.5, 0, "达标")
    assert lines["七月新"][4:10] == (16, 3.5, 0, 3.5, 12.5, "未达标")
    assert "1 次会议未填起止时间，学时无法计算：2026-08-20 党小组会“学习”" in lines["赵一"][10]
    records = book["学习培训记录"]
    assert [c.value for c in records[2]] == ["序号", *HEAD]
    rows = list(records.iter_rows(min_row=3, values_only=True))
    assert [(r[2], r[3], r[4], r[5], r[6]) for r in rows] == [
        ("王书记", datetime(2026, 4, 10), 30, "网络培训", "党纪学习教育专题网络培训"),
        ("赵一", datetime(2026, 5, 1), 8.5, "党校培训", "专题培训"), ("王书记", datetime(2026, 6, 1), 2, "其他", "=专题学习")]
    assert records.cell(row=5, column=7).data_type == "s"  # text that looks like a formula stays text
    # the records sheet of the export imports back: nothing new, nothing changed
    assert main(["import", "study-hours", str(out), "--db", str(db_path)]) == 0
    assert "已新增 0 条、已更新 0 条，3 条无变化" in capsys.readouterr().out
    template = tmp_path / "模板.xlsx"
    assert main(["template", "study-hours", "--out", str(template)]) == 0
    assert [c.value for c in load_workbook(template).active[3]][:3] == ["序号", "所在党支部*", "姓名*"]


def test_a_file_without_some_columns_keeps_what_they_would_hold(db, school, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A branch's own list often has no 主办单位 or 备注 column: re-imported, it must not erase them
    from the records already kept (an absent column says nothing about them); a new record gets them
    blank, and the report names the columns kept."""
    from branchdesk.services.study_hours.excel import import_study_records

    full = study_book(tmp_path / "全.xlsx", [
        [BRANCH, "王书记", "2026-04-10", 30, "网络培训", "党纪学习教育专题网络培训", "网络学院", "脱产"],
        [BRANCH, "钱二", "2026-05-01", 8, "党校", "专题培训", "市委党校", "周末"],
    ])
    assert import_study_records(db, full, today=TODAY).created == 2
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEAD[:6])
    sheet.append([BRANCH, "王书记", "2026-04-10", 30, "网络培训", "党纪学习教育专题网络培训"])
    sheet.append([BRANCH, "钱二", "2026-05-01", 10, "党校", "专题培训"])  # the hours corrected
    sheet.append([BRANCH, "王书记", "2026-06-01", 4, "其他", "读书班"])
    workbook.save(tmp_path / "缺列.xlsx")
    report = import_study_records(db, tmp_path / "缺列.xlsx", today=TODAY)
    assert report.ok, report.to_text()
    assert (report.created, report.updated, report.unchanged) == (1, 1, 1), report.to_text()
    kept = {r.title: (r.hours, r.organiser, r.note) for r in list_study_records(db)}
    assert kept == {"党纪学习教育专题网络培训": (Decimal(30), "网络学院", "脱产"),
                    "专题培训": (Decimal(10), "市委党校", "周末"), "读书班": (Decimal(4), "", "")}
    assert "文件中没有“主办单位”、“备注”列：已有的 2 条学习培训记录的这些信息保持不变" in report.notes, report.notes


def test_export_of_an_unknown_branch_says_so(db, db_path, school, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["export", "study-hours", "--db", str(db_path), "--year", "2026", "--branch", "不存在党支部",
                 "--out", str(tmp_path / "x.xlsx")]) == 1
    assert "没有名为“不存在党支部”的党支部" in capsys.readouterr().out


def test_a_shortfall_says_why_it_is_what_it_is() -> None:
    """0 学时 is said to be nothing attended and nothing recorded, never an unknown turned to 0; a
    requirement below the year's is said to be prorated (issue 16, item 13)."""
    none = MemberStudy(1, "甲", BRANCH, "正式党员", Decimal(32), Decimal(0), Decimal(0), 0)
    joined = MemberStudy(2, "乙", BRANCH, "预备党员", Decimal(19), Decimal(16), Decimal(0), 8)
    message = study_findings(BRANCH, [none, joined], 2026, date(2027, 1, 1))[0].message
    assert "甲（0/32 学时，本年没有出席会议的记录，也没有登记学习培训记录）" in message
    assert "乙（16/19 学时，要求按本年计入的月数折算（自入党、转入或台账启用之日起））" in message
    assert "MTG-STUDY-HOURS" not in message and "教育条例 第二十条" in message


def test_a_branch_target_set_by_its_party_committee_is_used(db, school) -> None:  # type: ignore[no-untyped-def]
    """A 离退休党支部 whose 党委 set 16 学时 a year is judged against 16 (设置 → 规则与节假日)."""
    from branchdesk.services.rule_settings import BranchSettings, save_branch_settings

    retired = "退休教师党支部"
    from sqlalchemy import select

    from branchdesk.db.models import Organisation

    with db.session() as session:
        branch_id = session.scalar(select(Organisation.id).where(Organisation.name == retired))
    save_branch_settings(db, branch_id, BranchSettings(3, 16))
    found = [f for f in run_checks(db, year=2026, as_of=date(2027, 2, 1))
             if f.rule == "MTG-STUDY-HOURS" and f.branch == retired and "学时无法计算" not in f.message]
    assert len(found) == 1 and "/16 学时" in found[0].message and "本支部按党委规定为每年 16 学时" in found[0].message
    assert required_hours(2026, None, None, 16) == 16 and required_hours(2026, date(2026, 7, 1), None, 16) == 8


@pytest.mark.parametrize(("held", "unknown"), [(date(2026, 4, 30), True), (date(2026, 5, 1), False),
                                               (date(2026, 5, 2), False)])
def test_a_moved_member_is_in_the_old_branch_sittings_before_the_move(db, school, held: date, unknown: bool) -> None:  # type: ignore[no-untyped-def]
    """A sitting of the old branch kept by counts only (nobody named) makes a member's 学时 unknown only
    if the member was in that branch on its day (dated 支部调整, issue 16, item 8)."""
    from branchdesk.services.records_start import load_branches
    from branchdesk.services.roster.membership import move_branch
    from branchdesk.services.study_hours.store import load_summary

    moved = school.members["王书记"]
    move_branch(db, moved, school.other_id, date(2026, 5, 1), "工作调整")
    _meeting(db, school.id, held, (K.THEME_DAY,), "15:30", "17:00", {})  # counts only: no sign-in sheet
    with db.session() as session:
        rows = {r.member_id: r for r in load_summary(session, load_branches(session, None), 2026, date(2026, 12, 31))}
    assert any(s.day == held for s in rows[moved].unknown_attendance) is unknown


@pytest.mark.parametrize("scope", [None, "new"])
def test_a_moved_member_s_year_is_the_same_in_the_new_branch_and_the_whole_school(db, school, scope) -> None:  # type: ignore[no-untyped-def]
    """The member's own year, whichever branch they are in at year end (trial 9, T9-2): sittings of the
    old branch attended before the move count in the new branch's summary and check as in the whole
    school's; one without times leaves the figure unknown, never 0 and never "没有出席会议的记录"; a
    sitting of the old branch kept by counts only, held while the member was in it, leaves it unknown."""
    from branchdesk.services.roster.membership import move_branch
    from branchdesk.services.study_hours.checks import study_hours_findings
    from tests.meetings.helpers import OTHER

    moved = school.members["王书记"]
    _meeting(db, school.id, date(2026, 4, 20), (K.THEME_DAY,), "", "", {moved: "出席"})  # length unknown
    counts_only = _meeting(db, school.id, date(2026, 6, 20), (K.LECTURE,), "15:30", "17:00", {})
    move_branch(db, moved, school.other_id, date(2026, 9, 1), "工作调整")
    whole = {r.member_id: r for r in study_summary(db, 2026, as_of=TODAY)}[moved]
    rows = {r.member_id: r for r in study_summary(db, 2026, OTHER if scope else None, as_of=TODAY)}
    row = rows[moved]
    assert row == whole and row.branch == OTHER
    assert (row.from_sittings, row.sittings) == (Decimal("3.5"), 3)  # 3-15 大会+主题党日, 5-25 党课, 4-20
    assert [s.day for s in row.untimed] == [date(2026, 4, 20)] and row.unknown and not row.short
    assert [s.id for s in row.unknown_attendance] == [counts_only]
    assert not scope or {r.branch for r in rows.values()} == {OTHER}
    message = " ".join(f.message for f in study_hours_findings(db, year=2026, as_of=date(2027, 1, 5), branch=OTHER))
    assert "王书记（" not in message and "是否达标无法判断（王书记）" in message  # not "0/32 学时，本年没有出席…"
    if scope:  # the one-branch year-end volume's 党员学时明细 says the same
        from branchdesk.services.annual_report.records import gather_report

        hours = gather_report(db, 2026, branch=OTHER, generated_on=TODAY).meetings.member_hours
        assert [(h.name, h.known, h.status) for h in hours if h.name == "王书记"] == [("王书记", 3.5, "无法判断")]


def test_sittings_of_a_branch_in_the_recycle_bin_stay_the_member_s(db, school) -> None:  # type: ignore[no-untyped-def]
    """A branch an older version let the user delete after its members moved (trial 9, T9-4): the
    sittings its members attended still count for them — the one with times in 学时, the one without
    leaving the figure unknown — never "no record", 0 学时."""
    from sqlalchemy import select

    from branchdesk.db.models import Member, Organisation
    from branchdesk.services.roster.membership import move_branch

    with db.session() as session:
        old = session.scalar(select(Member.id).where(Member.name == "老党员"))
    _meeting(db, school.other_id, date(2026, 3, 10), (K.THEME_DAY,), "15:30", "17:00", {old: "出席"})  # 2 学时
    _meeting(db, school.other_id, date(2026, 4, 10), (K.LECTURE,), "", "", {old: "出席"})  # length unknown
    move_branch(db, old, school.id, date(2026, 11, 1), "支部合并")
    with db.session() as session:  # 删除 → 回收站, as an older version allowed
        session.get(Organisation, school.other_id).deleted_at = datetime(2026, 11, 2, 9, 0)
    for scope in (None, BRANCH):
        row = {r.member_id: r for r in study_summary(db, 2026, scope, as_of=TODAY)}[old]
        assert (row.branch, row.from_sittings, row.sittings) == (BRANCH, 2, 2)
        assert [s.day for s in row.untimed] == [date(2026, 4, 10)] and row.unknown and not row.short


@pytest.mark.parametrize("scope", [None, "new"])
def test_a_member_moved_to_a_branch_without_records_keeps_the_months_of_the_old_one(db, school, scope) -> None:  # type: ignore[no-untyped-def]
    """No 启用日期: each branch's records start with its own first meeting (services/records_start.py).
    A member moved on 1 September into a branch with none is asked 学时 for January to August, the
    months the old branch's records cover — not dropped from 学时 altogether (trial 9), nor asked for
    the months nothing was recorded where she was."""
    from branchdesk.services.records_start import load_branches, set_records_start
    from branchdesk.services.roster.membership import move_branch
    from branchdesk.services.study_hours.store import load_summary

    set_records_start(db, None)
    moved = school.members["赵一"]
    _meeting(db, school.id, date(2026, 1, 15), (K.THEME_DAY,), "15:00", "17:00", {moved: "出席"})
    move_branch(db, moved, school.other_id, date(2026, 9, 1), "工作调整")
    with db.session() as session:
        branches = load_branches(session, None if scope is None else school.other_id)
        rows = {r.member_id: r for r in load_summary(session, branches, 2026, date(2026, 12, 31))}
    assert rows[moved].required == required_hours(2026, None, date(2026, 9, 1))  # January to August: 21.5
    assert rows[moved].required == Decimal("21.5") and rows[moved].from_sittings >= Decimal("2.5")  # the January sitting


def test_a_member_who_died_is_counted_for_his_months_and_not_judged(db, school) -> None:  # type: ignore[no-untyped-def]
    """Trial V, TV-10: a member who died (离世 2026-10-08) was listed 未达标 and the check reminded the
    branch about him ("本年度还剩 28 天"). MTG-STUDY-HOURS asks 学时 of members on the roster: his are
    counted for the months he was one (January to October), listed, not judged — no 未达标, no reminder."""
    from branchdesk.domain.vocabulary import MoveKind
    from branchdesk.services.roster.records import mark_left

    mark_left(db, school.members["钱二"], MoveKind.DECEASED, date(2026, 10, 8))
    before = {r.name: r for r in study_summary(db, 2026, BRANCH, as_of=date(2026, 10, 7))}["钱二"]
    assert before.judged and before.status == "未达标"  # still on the roster that day
    row = {r.name: r for r in study_summary(db, 2026, BRANCH, as_of=date(2026, 12, 4))}["钱二"]
    assert (row.required, row.from_sittings) == (Decimal("27"), Decimal("1.5"))  # 10 months of 32
    assert not row.judged and row.status == "不作评定" and row.left == "2026-10-08 离世"
    assert not (row.short or row.unknown or row.met)
    for day in (date(2026, 12, 4), date(2027, 2, 1)):
        found = [f for f in run_checks(db, year=2026, as_of=day) if f.rule == "MTG-STUDY-HOURS" and f.branch == BRANCH]
        assert found and not any("钱二" in f.message for f in found), day
        assert any("孙三" in f.message for f in found)  # the others still are
