"""Who a 支部委员会 appointment or a 换届 replaces (TY-2: appointing a new 书记 left the old one "至今",
so the branch had two 书记 and the 支委会 quorum counted six 委员).

ORG-COMMITTEE (domain.md §1; 支部条例 第二十条): a committee of 3–5 (at most 7), with one 书记 and, where
needed, one 副书记; the 委员 divide the work, one each as 组织委员, 宣传委员, 纪检委员 (青年委员, 统战委员
where a branch sets them). So every named post is held by one person at a time; only "委员" (a member
without a named 分工) is a seat of which a committee has several. ORG-TERM (第二十一条): the committee is
elected for a term, and a 换届 elects the whole committee anew — every earlier post ends.

A post taken over ends the day before its successor's term starts. Pure: the service hands in the
posts on record and writes what this module decides."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from branchdesk.domain.vocabulary import COMMITTEE_POSTS

PLAIN_SEAT = "委员"  # a committee member without a named 分工: a committee may have several
SINGLE_POSTS = frozenset(p for p in COMMITTEE_POSTS if p != PLAIN_SEAT)  # one holder at a time


@dataclass(frozen=True)
class HeldPost:
    """A post on record: its id, holder, post and term (start None: in office since before records)."""

    id: int
    member_id: int
    member: str
    post: str
    start: date | None
    end: date | None

    def words(self) -> str:
        """"王秀兰（书记，任期开始未填）" / "李明（组织委员，2024-09-01 起）"."""
        since = f"{self.start:%Y-%m-%d} 起" if self.start else "任期开始未填"
        return f"{self.member}（{self.post}，{since}）"


@dataclass(frozen=True)
class Succession:
    """What a new term starting on `start` does to the posts on record: `ended` end on `ends_on` (the
    day before); `refusal` says why it cannot be recorded as given ("" when it can)."""

    start: date
    ended: tuple[HeldPost, ...] = ()
    refusal: str = ""

    @property
    def ends_on(self) -> date:
        return self.start - timedelta(days=1)

    def note(self) -> str:
        """What the dialog says before saving: "王秀兰（书记，任期开始未填）的任职将于 2027-03-09 结束"."""
        if not self.ended:
            return ""
        return f"{'、'.join(p.words() for p in self.ended)}的任职将于 {self.ends_on:%Y-%m-%d} 结束（由新任职接替）"


def _in_office_on(post: HeldPost, day: date) -> bool:
    return (post.start is None or post.start <= day) and (post.end is None or post.end >= day)


def _later(post: HeldPost, start: date) -> bool:
    return post.start is not None and post.start >= start


def appointment(posts: Iterable[HeldPost], member_id: int, post: str, start: date, end: date | None = None,
                *, editing: int | None = None) -> Succession:
    """Appointing `member_id` to `post` from `start` (to `end`): a single post's holder in office that
    day (or the same member's own earlier term of a plain 委员 seat) ends the day before. One already
    recorded to start within the new term is refused: the user corrects or deletes that record first,
    nothing is guessed. `editing`: the id of the post being corrected (not its own predecessor)."""
    same = [p for p in posts if p.id != editing and p.post == post
            and (post in SINGLE_POSTS or p.member_id == member_id)]
    later = [p for p in same if _later(p, start) and (end is None or p.start is None or p.start <= end)]
    if later:
        first = min(later, key=lambda p: p.start or date.min)
        return Succession(start, refusal=f"已登记{first.words()}：{start:%Y-%m-%d} 的任职与它重叠，"
                                         "请先修改或删除那条任职")
    return Succession(start, tuple(p for p in same if _in_office_on(p, start) and not _later(p, start)))


def new_term(posts: Iterable[HeldPost], start: date) -> Succession:
    """A 换届 from `start`: every post in office that day ends the day before (ORG-TERM). Posts already
    recorded to start on or after `start` are refused: they belong to the new term or are a mistake."""
    posts = list(posts)
    later = [p for p in posts if _later(p, start)]
    if later:
        return Succession(start, refusal=f"已登记{'、'.join(p.words() for p in later)}：请先修改或删除这些任职，再登记换届")
    return Succession(start, tuple(p for p in posts if _in_office_on(p, start)))


def seats_problem(seats: Iterable[tuple[int, str]]) -> str:
    """The new committee as named in a 换届: a single post named twice, or one member twice in the
    same post, is refused ("" when fine)."""
    seen: dict[str, set[int]] = {}
    for member_id, post in seats:
        holders = seen.setdefault(post, set())
        if member_id in holders:
            return f"同一名党员重复登记为{post}"
        if holders and post in SINGLE_POSTS:
            return f"{post}只能由一人担任"
        holders.add(member_id)
    return "" if seen else "请至少登记一名支部委员"
