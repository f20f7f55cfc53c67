"""The year-end report's figures (issue 7): gathered once, consistent with the areas' own services,
masked by default, scoped to one branch on request."""

from __future__ import annotations

import shutil
from datetime import date

import pytest

from branchdesk.domain.annual_report.records import AREA_KEYS
from branchdesk.domain.progress import Cancelled
from branchdesk.services.annual_report.records import gather_report, generate_report
from branchdesk.services.errors import ValidationFailed
from branchdesk.services.roster.records import list_members

TODAY = date(2026, 11, 20)


@pytest.fixture(scope="module")
def report_db(tmp_path_factory, demo_file):  # type: ignore[no-untyped-def]
    """One copy of the demo school for the module's reading tests (nothing here writes to it)."""
    from branchdesk.services import session

    path = tmp_path_factory.mktemp("annual") / "演示 数据库.sqlite"
    shutil.copyfile(demo_file(TODAY), path)
    database = session.open(path)
    yield database
    database.close()


@pytest.fixture(scope="module")
def data(report_db):  # type: ignore[no-untyped-def]
    return gather_report(report_db, 2026, generated_on=TODAY)


def test_basic_figures_match_the_roster(report_db, data) -> None:  # type: ignore[no-untyped-def]
    members = list_members(report_db)
    assert data.basic.total == len(members) == len(data.basic.roster)
    assert sum(b.total for b in data.basic.branches) == data.basic.total
    assert sum(c.value for c in data.basic.by_sex) == data.basic.total
    assert sum(c.value for c in data.basic.by_age) == data.basic.total
    assert sum(c.value for c in data.basic.by_category) == data.basic.total
    assert data.basic.staff_count == 360  # demo setting: members as a share of staff
    assert data.basic.staff_share == pytest.approx(data.basic.total / 360)
    assert data.basic.new_members == sum(1 for m in list_members(report_db, include_left=True)
                                         if m.join_date and m.join_date.year == 2026 and m.join_date <= TODAY)


def test_ids_masked_and_phones_left_out_unless_unmasked(report_db, data) -> None:  # type: ignore[no-untyped-def]
    full = {m.name: m.id_number for m in list_members(report_db)}
    for row in data.basic.roster:
        assert "*" in row.id_number and row.id_number != full[row.name]
        assert row.phone == ""
    assert all("*" in r.id_number for r in data.development.ledger)
    plain = gather_report(report_db, 2026, generated_on=TODAY, masked=False)
    assert {r.name: r.id_number for r in plain.basic.roster} == full
    phones = {m.name: m.phone for m in list_members(report_db)}
    assert {r.name: r.phone for r in plain.basic.roster} == phones and any(phones.values())


def test_meeting_figures_come_from_the_calendar_and_the_records(data) -> None:  # type: ignore[no-untyped-def]
    m = data.meetings
    assert m.kinds[:2] == ["支部党员大会", "支部委员会"]
    for kind in ("支部党员大会", "支部委员会", "党小组会", "主题党日"):
        assert sum(m.by_month[kind]) == m.held(kind) > 0
    congress = [r for r in m.rows if r.kind == "支部党员大会"]
    assert all(r.required == 4 for r in congress)  # 1 per quarter
    # on the demo's day (November) the fourth quarter is in progress: not due, said apart (TR-5)
    assert all(r.periods == 3 and r.running == 1 and r.running_label == "第四季度" for r in congress)
    assert 0 < m.attendance <= 1
    assert any(g.state == "已说明" and g.annotation for g in m.gaps)  # the demo's annotated gap
    assert sum(r.missed for r in m.rows) == sum(1 for g in m.gaps if g.state == "未完成")


def test_review_grades_counted_for_the_year_they_serve(report_db) -> None:  # type: ignore[no-untyped-def]
    # The demo holds 组织生活会 and 民主评议 in January 2026 for 2025.
    past = gather_report(report_db, 2025, generated_on=TODAY).meetings
    assert all(r.life_held >= 1 and r.review_held >= 1 for r in past.life_review)
    assert past.grade_totals["优秀"] > 0 and past.grade_totals["合格"] > 0
    assert sum(r.graded for r in past.life_review) == sum(v for k, v in past.grade_totals.items() if k != "不评定等次")


def test_development_mentoring_rectification_sections(data) -> None:  # type: ignore[no-untyped-def]
    dev, mt, rect = data.development, data.mentoring, data.rectification
    assert [c.label for c in dev.flow][:5] == ["递交入党申请书", "确定入党积极分子", "确定发展对象", "接收预备党员", "预备党员转正"]
    assert dev.ledger and any(f.severity == "问题" for f in dev.findings)
    assert mt.total is not None and mt.total.branch == "合计" and mt.total.pairs == len(mt.pairs) == 20
    assert rect.total == 40 and rect.status_totals["已销号"] == 21
    assert rect.completion_rate == pytest.approx(23 / 40) and rect.closing_rate == pytest.approx(21 / 40)
    assert sum(1 for x in rect.measures if x.flag == "逾期未完成") == rect.overdue > 0


def test_draft_summaries_are_filled_with_the_figures(data) -> None:  # type: ignore[no-untyped-def]
    assert list(data.summaries) == list(AREA_KEYS)
    m = data.meetings
    assert f"支部党员大会{m.held('支部党员大会')}次、支委会{m.held('支部委员会')}次" in data.summaries["meetings"]
    assert f"共有党员{data.basic.total}名" in data.summaries["basic"]
    assert "完成率57.5%，销号率52.5%" in data.summaries["rectification"]
    assert f"{data.mentoring.total.pairs}对" in data.summaries["mentoring"]


def test_one_branch_scope(report_db) -> None:  # type: ignore[no-untyped-def]
    data = gather_report(report_db, 2026, branch="高一年级党支部", generated_on=TODAY)
    assert data.scope == "高一年级党支部" and data.organisation == "中共示范市第二中学委员会高一年级党支部"  # named under its 党委 (TV-11)
    assert {r.branch for r in data.basic.roster} == {"高一年级党支部"}
    assert {r.branch for r in data.meetings.rows} == {"高一年级党支部"}
    assert data.basic.staff_share is None  # the staff count is the school's


def test_bad_requests_say_what_to_fix(report_db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationFailed, match="没有名为“不存在”的党支部"):
        gather_report(report_db, 2026, branch="不存在")
    with pytest.raises(ValidationFailed, match="年度"):
        gather_report(report_db, 1800)
    with pytest.raises(ValidationFailed, match="xlsx 或 pdf"):
        generate_report(report_db, 2026, "docx", tmp_path / "x.docx")


def test_cancel_writes_nothing(report_db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    calls = []
    with pytest.raises(Cancelled, match="已取消，未生成报表"):
        generate_report(report_db, 2026, "xlsx", tmp_path / "r.xlsx", cancelled=lambda: len(calls) > 2,
                        progress=lambda done, total: calls.append(done))
    assert not list(tmp_path.iterdir())


def test_progress_reaches_the_end(report_db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    seen: list[tuple[int, int]] = []
    generate_report(report_db, 2026, "xlsx", tmp_path / "r.xlsx", progress=lambda d, t: seen.append((d, t)))
    assert seen[0] == (0, 8) and seen[-1] == (8, 8)


def test_talk_coverage_is_in_the_report_and_agrees_with_the_meetings_area(report_db, data) -> None:  # type: ignore[no-untyped-def]
    """谈心谈话 (MTG-YEARLY-TALKS): pairs required and done per branch, as the meetings area counts them."""
    from branchdesk.domain.annual_report.tables import life_review_table
    from branchdesk.domain.vocabulary import OrgKind
    from branchdesk.services.meetings.calendar import talk_coverage_for
    from branchdesk.services.roster.organisation import list_orgs

    rows = {r.branch: r for r in data.meetings.life_review}
    branches = list_orgs(report_db, OrgKind.BRANCH)
    assert branches and any(r.talks_done for r in rows.values())
    for branch in branches:
        coverage = talk_coverage_for(report_db, branch.id, 2026, as_of=TODAY)
        row = rows[branch.name]
        assert row.talks_required == sum(coverage.required.values())  # coverage, not every pair (issue 16)
        assert row.talks_done == row.talks_required - coverage.missing_count
    table = life_review_table(data)
    assert [c.title for c in table.columns][-3:] == ["谈心谈话已覆盖（项）", "应覆盖（项）", "谈心谈话覆盖率"]
    assert "第十九条" in table.note


def test_study_hours_per_branch_agree_with_the_meetings_area(report_db, data) -> None:  # type: ignore[no-untyped-def]
    """党员学习学时 (MTG-STUDY-HOURS) in the report: the same members, met and short, as study_summary."""
    from branchdesk.domain.annual_report.tables import build_tables
    from branchdesk.services.study_hours.records import study_summary

    members = study_summary(report_db, 2026, as_of=TODAY)
    # a member who left the roster (转出、离世、出党) is listed apart, not judged (TV-10)
    assert sum(r.members for r in data.meetings.study) == sum(m.judged for m in members)
    assert sum(len(r.departed_names) for r in data.meetings.study) == sum(not m.judged for m in members)
    assert sum(r.met for r in data.meetings.study) == sum(m.met for m in members)
    short = [r for r in data.meetings.study if r.short]
    assert short and all(len(r.short_names) == r.short for r in short)
    table = build_tables(data)["党员学习学时"]
    assert len(table.rows) == len(data.meetings.study) and "第二十条" in table.note
    assert any(label.startswith("学习学时达标党员") for label, _, _ in data.key_figures())


def test_one_snapshot_a_save_while_gathering_changes_no_figure(demo_db, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Every section is read in one read transaction: a member saved by someone else after the first
    section was read appears in no section (the volume cannot disagree with itself), and in the
    next report in every section it touches."""
    from sqlalchemy import select

    from branchdesk.db.models import Member, Organisation
    from branchdesk.services.annual_report import records as report
    db = demo_db
    before = gather_report(db, 2026, generated_on=TODAY)
    basic_section = report.basic_section

    def basic_then_someone_saves(*args, **kwargs):  # type: ignore[no-untyped-def]
        section = basic_section(*args, **kwargs)
        with db.session() as other:  # another window saves a new member meanwhile
            branch = other.scalars(select(Organisation).where(Organisation.name == "高一年级党支部")).one()
            other.add(Member(name="赵新来", id_number="T00000000000000001", branch_id=branch.id,
                             category="预备党员", join_date=date(2026, 3, 1), status="在册"))
        return section

    monkeypatch.setattr(report, "basic_section", basic_then_someone_saves)
    during = gather_report(db, 2026, generated_on=TODAY)
    monkeypatch.setattr(report, "basic_section", basic_section)
    assert during == before
    after = gather_report(db, 2026, generated_on=TODAY)
    assert after.basic.total == before.basic.total + 1
    assert after.meetings.study != before.meetings.study  # a later section that would have seen the save


def test_the_committee_sheet_cites_the_article_the_check_cites(data) -> None:  # type: ignore[no-untyped-def]
    """ORG-COMMITTEE is 支部条例 第二十条 (第九条 is the branch's 基本任务): `branchdesk check` and the
    annual report's 支部委员会 sheet cite the one article of the citation table."""
    from branchdesk.domain.annual_report.tables import build_tables
    from branchdesk.domain.citations import cite

    assert cite("ORG-COMMITTEE").source == "支部条例 第二十条"
    note = build_tables(data)["支部委员会"].note
    assert "《中国共产党支部工作条例（试行）》第二十条" in note and "第九条" not in note
