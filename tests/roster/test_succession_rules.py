"""domain/roster/succession.py on plain data (TY-2): which posts an appointment or a 换届 ends, and what
is refused rather than guessed (ORG-COMMITTEE 支部条例 第二十条, ORG-TERM 第二十一条)."""

from __future__ import annotations

from datetime import date

from branchdesk.domain.roster.succession import SINGLE_POSTS, HeldPost, appointment, new_term, seats_problem

OLD = (HeldPost(1, 10, "王秀兰", "书记", None, None), HeldPost(2, 11, "李明", "组织委员", date(2024, 3, 1), None),
       HeldPost(3, 12, "张红梅", "宣传委员", None, date(2026, 12, 31)), HeldPost(4, 13, "刘建军", "委员", None, None))
DAY = date(2027, 3, 10)


def test_the_named_posts_are_single_and_a_plain_seat_is_not() -> None:
    assert {"书记", "副书记", "组织委员", "宣传委员", "纪检委员", "青年委员", "统战委员"} == SINGLE_POSTS


def test_an_appointment_ends_only_the_holder_in_office_that_day() -> None:
    assert [p.id for p in appointment(OLD, 20, "书记", DAY).ended] == [1]
    assert appointment(OLD, 20, "宣传委员", DAY).ended == ()  # 张红梅's term ended already
    assert appointment(OLD, 20, "委员", DAY).ended == ()  # another plain seat
    assert [p.id for p in appointment(OLD, 13, "委员", DAY).ended] == [4]  # the same member's seat again
    assert appointment(OLD, 20, "组织委员", date(2024, 3, 1)).refusal  # the same day as 李明's start


def test_a_later_post_is_refused_only_when_the_terms_overlap() -> None:
    later = (*OLD, HeldPost(5, 14, "高志强", "宣传委员", DAY, date(2030, 3, 10)))
    assert "请先修改或删除那条任职" in appointment(later, 20, "宣传委员", date(2027, 1, 1)).refusal
    corrected = appointment(later, 12, "宣传委员", date(2024, 1, 1), date(2027, 3, 9), editing=3)
    assert corrected.refusal == "" and corrected.ended == ()


def test_a_new_term_ends_every_post_in_office_and_names_the_new_committee() -> None:
    assert [p.id for p in new_term(OLD, DAY).ended] == [1, 2, 4]
    assert new_term(OLD, DAY).note().startswith("王秀兰（书记，任期开始未填）、李明（组织委员，2024-03-01 起）")
    assert new_term(OLD, date(2024, 3, 1)).refusal  # 李明's post starts that day: not guessed
    assert seats_problem([(1, "书记"), (2, "委员"), (3, "委员")]) == ""
    assert seats_problem([(1, "书记"), (2, "书记")]) == "书记只能由一人担任"
    assert seats_problem([]) == "请至少登记一名支部委员"
