"""党费 figures nobody recorded are unknown in the year-end volume (trial V, TV-2): with no 上缴 on record the
volume said "已向党委上缴0.00元，尚有15,240.00元待上缴", and a branch that keeps no dues book read 已交 0.00
while the check said its payments cannot be checked. Nothing recorded reads 未登记 — never 0.00 — and no
sentence tells the 党委 money is still owed to it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from branchdesk.domain.annual_report.dues import branch_note, branch_rows, key_figures, summary
from branchdesk.domain.dues.branch import HandUpInput
from branchdesk.domain.dues.months import Month
from branchdesk.domain.dues.payments import PaymentInput
from branchdesk.domain.idcard import make_id_number
from branchdesk.domain.roster.records import MemberInput
from branchdesk.domain.vocabulary import OrgKind
from branchdesk.services.dues.figures import dues_section
from branchdesk.services.dues.records import dues_year, record_payments, save_hand_up
from branchdesk.services.roster.organisation import create_org
from branchdesk.services.roster.records import save_member

Y = 2026
AS_OF = date(Y, 12, 4)


def _school(db) -> dict[str, int]:  # type: ignore[no-untyped-def]
    top = create_org(db, "中共测试中学委员会", OrgKind.COMMITTEE)
    ids = {name: create_org(db, name, OrgKind.BRANCH, top.id).id for name in ("一支部", "二支部")}
    for i in range(10):
        save_member(db, MemberInput(name=f"党员{'甲乙丙丁戊己庚辛壬癸'[i]}",
                                    id_number=make_id_number("140202", date(1980, 1, 1 + i), i, i % 2 == 0),
                                    branch="一支部" if i < 8 else "二支部", category="正式党员",
                                    join_date=date(2005, 7, 1), full_date=date(2006, 7, 1)))
    member = dues_year(db, Y, as_of=AS_OF).branches[0].ledgers[0].member.member_id  # 一支部 records; 二支部 none
    record_payments(db, [PaymentInput(member, [Month(Y, 3)], "48", date(Y, 3, 10), "现金", "李组织")], today=AS_OF)
    return ids


def test_nothing_recorded_reads_not_recorded_never_zero(db) -> None:  # type: ignore[no-untyped-def]
    _school(db)
    section = dues_section(db, year=Y, as_of=AS_OF)
    one, two, total = branch_rows(section)
    # 已交 (3), 已上缴 (8), 未上缴 (9): 一支部 paid 48, no 上缴 recorded anywhere; 二支部 recorded nothing
    assert (one[3], one[8], one[9]) == (48.0, "未登记", "未登记")
    assert (two[3], two[8], two[9], two[10]) == ("未登记", "未登记", "未登记", None)
    assert (total[0], total[3], total[8], total[9]) == ("合计", 48.0, "未登记", "未登记")
    figures = {label: value for label, value, _kind in key_figures(section)}
    assert figures["党费已上缴（元）"] == "未登记" and figures["党费已交（元）"] == 48.0  # a number (TR-15)
    text = summary(section, "全校")
    assert "实交48.00元（二支部未登记党费交纳记录，未计入）" in text
    assert "本年度未登记向党委上缴党费的记录，上缴和待上缴金额无法统计" in text
    assert "待上缴。" not in text and "上缴0.00" not in text
    note = branch_note(section)
    assert "二支部没有登记本年度任何党费交纳记录" in note and "不表示未上缴" in note


def test_a_hand_up_recorded_is_a_known_figure(db) -> None:  # type: ignore[no-untyped-def]
    ids = _school(db)
    save_hand_up(db, HandUpInput(ids["一支部"], date(Y, 4, 1), "30", Month(Y, 1), Month(Y, 3), "李组织"), today=AS_OF)
    section = dues_section(db, year=Y, as_of=AS_OF)
    one, two, total = branch_rows(section)
    assert (one[8], one[9]) == (30.0, 18.0) and (two[8], two[9]) == ("未登记", "未登记")
    assert total[8] == "未登记"  # 二支部's 上缴 is not known: no sum of the school's
    text = summary(section, "全校")
    assert "1个党支部未登记向党委上缴党费的记录，上缴和待上缴金额无法合计" in text
    row = section.rows[0]
    assert row.known_handed_up == Decimal("30") and row.known_balance == Decimal("18")


def test_the_counts_say_what_they_hold(db) -> None:  # type: ignore[no-untyped-def]
    """TV-8: the branches' 党员 added up to 43 and the 合计 said 42 (a member moved between branches is a line
    in each), and 42 was not the year-end 党员总数 40 (two had left) — without a word. The note says both."""
    from branchdesk.domain.annual_report.dues import public_note
    from branchdesk.domain.vocabulary import MoveKind
    from branchdesk.services.roster.membership import move_branch
    from branchdesk.services.roster.records import list_members, mark_left

    ids = _school(db)
    people = {m.name: m.id for m in list_members(db)}
    move_branch(db, people["党员乙"], ids["二支部"], date(Y, 6, 15), "工作调整")
    mark_left(db, people["党员丙"], MoveKind.DECEASED, date(Y, 10, 8))
    section = dues_section(db, year=Y, as_of=AS_OF)
    rows = branch_rows(section)
    assert [r[1] for r in rows] == [8, 3, 10]  # 党员乙 in both branches, once in the 合计
    assert section.moved == ["党员乙"] and section.departed == ["党员丙（离世）"]
    note = branch_note(section)
    assert "年内调整党支部的1名党员（党员乙）在调出、调入的党支部各计一次、各列一行，合计中只计一次" in note
    assert "含年内转出、离世或出党的1名党员（党员丙（离世）），故与年末党员总数不同" in note
    assert "党员乙" in public_note(section) and "各列一行" in public_note(section)
    assert summary(section, "全校").startswith("全校10名党员（含年内转出、离世或出党的1名）")


def test_the_summary_sheet_writes_dues_amounts_as_numbers(db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """TR-15: the workbook's 汇总 wrote 党费应交/已交/欠交 as text ("32,405.50"): it could not be summed nor referred
    to. A known amount is a number with the format #,##0.00; one not known stays words (未登记), never 0."""
    import openpyxl

    from branchdesk.services.annual_report.records import generate_report

    _school(db)
    out = tmp_path / "台账.xlsx"
    generate_report(db, Y, "xlsx", out, generated_on=AS_OF)
    sheet = openpyxl.load_workbook(out)["汇总"]
    cells = {row[0].value: row[1] for row in sheet.iter_rows(min_col=1, max_col=2) if row[0].value}
    assert cells["党费已交（元）"].value == 48.0 and cells["党费已交（元）"].number_format == "#,##0.00"
    assert cells["党费应交（元）"].value == "未核定"  # no base recorded: not known, kept as words
    assert cells["党费已上缴（元）"].value == "未登记"
    figures = {label: (value, kind) for label, value, kind in key_figures(dues_section(db, year=Y, as_of=AS_OF))}
    assert figures["党费已交（元）"] == (48.0, "money") and figures["党费已上缴（元）"] == ("未登记", "text")
