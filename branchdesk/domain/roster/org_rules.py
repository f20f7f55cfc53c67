"""The organisation rules a reviewer checks first (issue 16, "silent today"): a branch's size, its
committee and the committee's term (支部条例 第四条、第二十条、第二十一条), 组织关系转接 (教育条例
第二十五条; 细则2014 第三十六条 for a 预备党员 transferred in), and the 预备期 of a 预备党员 who is on the
roster only (domain.md §4 steps 22–23; 细则2014 第三十二条 / 细则2026 第三十一条). Pure: the service hands
in plain facts."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from branchdesk.domain.citations import Citation, cite
from branchdesk.domain.dates import add_months, add_years
from branchdesk.domain.findings import Finding, Severity
from branchdesk.domain.roster.membership import BranchPeriod, branch_on, left_branch_by
from branchdesk.domain.roster.records import probation_length_citation, probation_length_problem
from branchdesk.domain.roster.succession import SINGLE_POSTS
from branchdesk.domain.vocabulary import COMMITTEE_POSTS, LEFT_STATUSES

AREA = "组织与党员"  # the roster page (首页 opens it)
COMMITTEE_FROM = 7  # 正式党员 7 人以上的党支部设立支部委员会 (支部条例 第二十条; domain.md §1 ORG-COMMITTEE)
TERM_WARNING_MONTHS = 6  # 上级党组织一般提前六个月提醒做好换届准备


@dataclass(frozen=True)
class Post:
    """A 支部委员会 post held (书记, 副书记, 委员 …) and its term; None: not recorded. `gone`: the day its
    holder stopped being one of the branch's members (membership.left_branch_by) and `gone_as` how
    (离世, 转出, 出党, 调整到某支部): the post is not held from that day, whatever term was recorded."""

    member: str
    post: str
    start: date | None
    end: date | None
    gone: date | None = None
    gone_as: str = ""

    def active(self, day: date) -> bool:
        return ((self.start is None or self.start <= day) and (self.end is None or self.end >= day)
                and (self.gone is None or day < self.gone))

    def vacated(self, day: date) -> bool:
        """Its holder left during the term, on or before `day`: the post stands empty (until filled)."""
        return (self.gone is not None and self.gone <= day and (self.start is None or self.start < self.gone)
                and (self.end is None or self.end >= self.gone))

    def vacated_words(self) -> str:
        """"王德（组织委员）2026-10-08 离世"."""
        return f"{self.member}（{self.post}）{self.gone:%Y-%m-%d} {self.gone_as}" if self.gone else ""


@dataclass(frozen=True)
class BranchState:
    """A branch on the day judged: its 正式党员 and 党员, its posts and its committee's term."""

    name: str
    full_members: int  # 正式党员 on the day
    members: int  # 正式 + 预备 on the day
    posts: tuple[Post, ...]
    term_years: int = 3  # 其他基层单位 3 years; 村、社区 5 (a setting)


def _finding(branch: str, severity: Severity, text: str, rule: str, day: date) -> Finding:
    citation = cite(rule)
    return Finding(severity, f"{text}（{citation.source}）", rule=rule, source=citation.source, branch=branch,
                   period=str(day.year), area=AREA, quote=citation.quote)


def post_on(member: str, post: str, start: date | None, end: date | None, *, branch: int,
            periods: tuple[BranchPeriod, ...], left: date | None, status: str, day: date,
            branch_names: Mapping[int, str]) -> Post:
    """A post of `branch`'s committee as it stands on `day`: ended the day its holder left the branch
    (membership.left_branch_by) — 转出、离世、出党 (`status`) or a 支部调整 to another branch."""
    gone = left_branch_by(branch, periods, left=left, day=day)
    if gone is None:
        return Post(member, post, start, end)
    if left is not None and gone == left:
        how = status if status in LEFT_STATUSES else "离开"
    else:
        moved_to = branch_on(periods, gone)
        how = f"调整到{branch_names[moved_to]}" if moved_to is not None and moved_to in branch_names else "调整到其他党支部"
    return Post(member, post, start, end, gone, how)


def leaders(posts: Iterable[Post]) -> set[str]:
    """Who holds 书记 or 副书记: the posts a branch under 7 正式党员 has (支部条例 第二十条)."""
    return {p.member for p in posts if p.post in ("书记", "副书记")}


def vacancies(posts: Iterable[Post], day: date) -> list[Post]:
    """The posts whose holder left the branch (转出、离世、出党 or 支部调整) during the term, by `day`,
    and that nobody else holds on `day` (a plain 委员 is one seat each): ORG-COMMITTEE counts the
    committee as it stands, so the post stands vacant until filled."""
    posts = list(posts)
    held = {p.post for p in posts if p.active(day)}
    return [p for p in posts if p.vacated(day) and (p.post == "委员" or p.post not in held)]


def org_findings(state: BranchState, day: date) -> list[Finding]:
    out: list[Finding] = []
    if state.members == 0:  # its members all moved on, its 委员 still registered: merged or dissolved
        return [_finding(state.name, Severity.WARNING,
                         f"{day:%Y-%m-%d} 该支部已没有党员（仍登记有支部委员）：已撤销或与其他支部合并的，请在“组织与党员”中"
                         "选中它，点“成立与撤销日期…”填写撤销日期，撤销前的会议仍计入当年台账；仍保留的，请核对党员名册",
                         "ORG-MIN-MEMBERS", day)]
    if state.full_members < 3:
        out.append(_finding(state.name, Severity.ERROR,
                            f"{day:%Y-%m-%d} 正式党员 {state.full_members} 人，不足 3 人：应与邻近单位成立联合党支部，"
                            "或报上级党组织调整", "ORG-MIN-MEMBERS", day))
    if state.members > 50:
        out.append(_finding(state.name, Severity.WARNING,
                            f"{day:%Y-%m-%d} 党员 {state.members} 人，超过 50 人（党支部党员人数一般不超过50人），"
                            "可考虑报上级党组织调整设置", "ORG-MAX-MEMBERS", day))
    active = [p for p in state.posts if p.active(day)]
    committee = {p.member for p in active}
    secretaries = [p for p in active if p.post == "书记"]
    others = [p for p in active if p.member not in leaders(active)]  # 委员 besides the 书记 and 副书记
    vacant = vacancies(state.posts, day)
    gone = "、".join(p.vacated_words() for p in vacant)
    if state.full_members >= COMMITTEE_FROM and len(committee) < 3 and vacant:
        out.append(_finding(state.name, Severity.ERROR,
                            f"{gone}，不再担任支部委员，职务空缺；支部委员会现有委员 {len(committee)} 人，不足3人"
                            f"（正式党员 {state.full_members} 人，支部委员会由3至5人组成）：应及时补选，并在“组织与党员”中登记任职",
                            "ORG-COMMITTEE", day))
        vacant = []  # said
    elif state.full_members >= COMMITTEE_FROM and len(committee) < 3:
        out.append(_finding(state.name, Severity.ERROR,
                            f"正式党员 {state.full_members} 人（7人以上），应设立由3至5人组成的支部委员会，"
                            f"目前登记的委员 {len(committee)} 人", "ORG-COMMITTEE", day))
    elif state.full_members >= COMMITTEE_FROM and len(committee) > 7:
        out.append(_finding(state.name, Severity.WARNING,
                            f"支部委员会 {len(committee)} 人，超过一般不超过7人的规定，请核对", "ORG-COMMITTEE", day))
    elif 3 <= state.full_members < COMMITTEE_FROM and others:
        # the one note of a small branch with 委员 on record: the 三会一课 calendar asks it no 支委会 either
        # (domain/meetings/rules.py BranchFacts.has_committee), so the two never read as contradictory
        names = "、".join(f"{p.member}（{p.post}）" for p in others)
        out.append(_finding(state.name, Severity.WARNING,
                            f"正式党员 {state.full_members} 人（不足7人），不设支部委员会，设书记1名、必要时副书记1名，"
                            f"不要求每月召开支委会（召开了的照常记录）；名册中还登记了委员 {names}，请核对",
                            "ORG-COMMITTEE", day))
    if vacant:  # a committee short of a member: the check says so (the volume lists the post as vacant)
        out.append(_finding(state.name, Severity.WARNING,
                            f"{gone}，不再担任支部委员，职务空缺；支部委员会现有委员 {len(committee)} 人："
                            "请及时补选或调整分工，并在“组织与党员”中登记任职", "ORG-COMMITTEE", day))
    out.extend(_doubled(state, active, day))
    if not secretaries and state.full_members >= 3:
        out.append(_finding(state.name, Severity.WARNING, f"{day:%Y-%m-%d} 没有登记任期内的支部书记，请补记",
                            "ORG-COMMITTEE", day))
    elected = [p.start for p in secretaries if p.start is not None]
    if elected:
        since = max(elected)
        due = add_years(since, state.term_years)
        if day > due:
            out.append(_finding(state.name, Severity.ERROR,
                                f"本届支部委员会（书记）{since:%Y-%m-%d} 选举产生，每届任期 {state.term_years} 年，"
                                f"已于 {due:%Y-%m-%d} 届满，应按期换届（延期须报上级党组织批准）", "ORG-TERM", day))
        elif day >= add_months(due, -TERM_WARNING_MONTHS):
            out.append(_finding(state.name, Severity.WARNING,
                                f"本届支部委员会 {since:%Y-%m-%d} 选举产生，将于 {due:%Y-%m-%d} 任期届满，请做好换届准备",
                                "ORG-TERM", day))
    return out


def _doubled(state: BranchState, active: list[Post], day: date) -> list[Finding]:
    """A post one person holds (书记, 组织委员 …; domain/roster/succession.py) recorded twice on `day`:
    posts saved before an appointment ended its predecessor's term (TY-2) left the old holder "至今"
    beside the new one. Named, both of them, for the user to record the 卸任 (ORG-COMMITTEE)."""
    by_post: dict[str, list[Post]] = {}
    for post in active:
        if post.post in SINGLE_POSTS:
            by_post.setdefault(post.post, []).append(post)
    out = []
    for name in COMMITTEE_POSTS:
        held = sorted(by_post.get(name, []), key=lambda p: p.start or date.min)
        if len(held) < 2:
            continue
        words = "、".join(f"{p.member}（{f'{p.start:%Y-%m-%d} 起' if p.start else '任期开始未填'}）" for p in held)
        out.append(_finding(state.name, Severity.WARNING,
                            f"{day:%Y-%m-%d} {name}同时登记了 {len(held)} 条任职：{words}，一个职务同一时间只由一人担任："
                            "换届或调整分工后，请在“组织与党员”中为原任职登记卸任（重复登记的可删除）", "ORG-COMMITTEE", day))
    return out


# ---- 组织关系转接 ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Move:
    """A member's 组织关系 move (转入, 转出, 离开本单位 …) with what its checks need to know."""

    member: str
    branch: str
    kind: str  # vocabulary.MoveKind
    on: date
    counterpart: str = ""
    category: str = ""  # the member's category on the day (预备党员 transferred in)
    still_here: bool = False  # status still 在册 (for 离开本单位)
    full_date: date | None = None  # when the member became 正式党员 (for a 预备党员 transferred in)
    join_date: date | None = None


def transfer_findings(moves: Iterable[Move], day: date, year: int) -> list[Finding]:
    out: list[Finding] = []
    by_member: dict[str, list[Move]] = {}
    for move in sorted(moves, key=lambda m: m.on):
        by_member.setdefault(move.member, []).append(move)
    for history in by_member.values():
        for move in history:
            if move.on > day:
                continue
            if move.kind in ("转入", "转出") and not move.counterpart.strip() and move.on.year == year:
                direction = "转出到" if move.kind == "转出" else "转入自"
                out.append(_person(move, Severity.WARNING,
                                   f"{move.on:%Y-%m-%d} {move.kind}，未记录{direction}的党组织，请补记组织关系介绍信上的党组织",
                                   "TRANSFER-RECORD", day))
            if move.kind == "离开本单位" and move.still_here:
                # 转出, or 回到本单位 (back at the school: the relation stays rightly here)
                later_out = any((m.kind == "转出" and m.on >= move.on) or (m.kind == "回到本单位" and m.on > move.on)
                                for m in history)
                if not later_out:
                    out.append(_person(move, Severity.WARNING,
                                       f"已于 {move.on:%Y-%m-%d} 离开本单位，组织关系尚未转出：工作单位变动的应当转移组织关系",
                                       "TRANSFER-RELATION", day))
            if move.kind == "转入" and move.category == "预备党员" and move.join_date is not None:
                end = add_years(move.join_date, 1)
                latest = add_months(end, 6)
                if move.full_date is not None and move.full_date <= day or day < end:
                    continue
                if day > latest:
                    out.append(_person(move, Severity.ERROR,
                                       f"转入的预备党员，预备期已于 {end:%Y-%m-%d} 期满，推迟讨论转正最长不超过六个月"
                                       f"（至 {latest:%Y-%m-%d}），仍未记录转正", "DEV-TRANSFER-IN-POSTPONE", day))
                else:
                    out.append(_person(move, Severity.WARNING,
                                       f"转入的预备党员，预备期已于 {end:%Y-%m-%d} 期满；如认为有必要可推迟讨论转正，"
                                       f"但最长不超过六个月（至 {latest:%Y-%m-%d}）", "DEV-TRANSFER-IN-POSTPONE", day))
    return out


SECOND_TEXT_FROM = date(2026, 5, 11)  # 细则2026 in force (domain/development/rules.py RULESETS)


def _person(move: Move, severity: Severity, text: str, rule: str, day: date) -> Finding:
    citation = cite(rule)
    if rule == "DEV-TRANSFER-IN-POSTPONE" and move.join_date and add_years(move.join_date, 1) >= SECOND_TEXT_FROM:
        citation = cite(rule, "细则2026")
    shown = "TRANSFER-IN-POSTPONE" if rule == "DEV-TRANSFER-IN-POSTPONE" else rule  # a roster matter, no 发展 record
    return Finding(severity, f"{move.member}：{text}（{citation.source}）", rule=shown, source=citation.source,
                   branch=move.branch, person=move.member, period=str(day.year), area=AREA, quote=citation.quote,
                   due=move.on.isoformat())


# ---- 预备期满 of a 预备党员 on the roster ---------------------------------------------------------------
PROBATION_RULE = "ROSTER-PROBATION-END"  # shown rule: a roster matter, judged without a 发展党员 record
PROBATION_NOTICE_DAYS = 30  # 提醒 this many days before the end (as the 发展党员 check's UPCOMING_DAYS)
LONGEST_EXTENSION_YEARS = 1  # 延长预备期 once, at most one year (domain.md §4 "Other outcomes")


@dataclass(frozen=True)
class Probationer:
    """A 预备党员 on the roster whose 转正 is not recorded, and whom no 发展党员 record follows (that
    record's own check judges its probation, with any extension) nor a 转入 (transfer_findings)."""

    member: str
    branch: str
    join_date: date  # 入党日期: the day the 支部大会 passed the admission, when probation starts


def probation_end(join_date: date) -> date:
    """预备期满之日: one year from the day the 支部大会 passed the admission (domain.md §4 step 22)."""
    return add_years(join_date, 1)


def probation_citation(end: date) -> Citation:
    """DEV-FULL-PROMPT in the text in force when the probation ends (细则2026 from 2026-05-11)."""
    return cite("DEV-FULL-PROMPT", "细则2026" if end >= SECOND_TEXT_FROM else "细则2014")


def probation_findings(members: Iterable[Probationer], day: date) -> list[Finding]:
    """预备期满 without 转正 (domain.md §4 steps 22–23: "held promptly when probation ends"): a 提醒 in
    the last PROBATION_NOTICE_DAYS, a 问题 once the end has passed. The roster cannot know of an
    extension, so the message names the latest end an extension allows, never assumes one."""
    out: list[Finding] = []
    for person in members:
        end = probation_end(person.join_date)
        if day < end and (end - day).days > PROBATION_NOTICE_DAYS:
            continue
        since = f"入党日期 {person.join_date:%Y-%m-%d} 起一年"
        latest = add_years(end, LONGEST_EXTENSION_YEARS)
        if day < end:
            severity = Severity.WARNING
            text = (f"预备党员，预备期将于 {end:%Y-%m-%d} 期满（{since}），"
                    "请准备召开支部大会讨论其能否转为正式党员")
        elif day == end:
            severity = Severity.WARNING
            text = (f"预备党员，预备期今天（{end:%Y-%m-%d}）期满（{since}），"
                    "请及时召开支部大会讨论其能否转为正式党员")
        else:
            severity = Severity.ERROR
            past = f"即使延长预备期一年，也已于 {latest:%Y-%m-%d} 期满，" if day > latest else ""
            within = "" if past else f"（延长预备期最长一年，至 {latest:%Y-%m-%d}）"
            text = (f"预备期已于 {end:%Y-%m-%d} 期满（{since}），{past}名册中仍为预备党员、没有转正日期，"
                    f"应及时讨论其能否转为正式党员{within}")
        citation = probation_citation(end)
        out.append(Finding(severity, f"{person.member}：{text}（{citation.source}）", rule=PROBATION_RULE,
                           source=citation.source, branch=person.branch, person=person.member,
                           period=str(day.year), area=AREA, due=end.isoformat(), quote=citation.quote))
    return out


# ---- the length of a probation served, as the roster records it ----------------------------------------
LENGTH_RULE = "ROSTER-PROBATION-LENGTH"


@dataclass(frozen=True)
class FullMember:
    """A 正式党员 on the roster with both dates, whom no 发展党员 record follows (that record's check
    judges a 转正 before the probation ended)."""

    member: str
    branch: str
    join_date: date
    full_date: date


def probation_length_findings(members: Iterable[FullMember], day: date) -> list[Finding]:
    """信息 for each 转正日期 the rules cannot explain (records.probation_length_problem): the roster
    import warned of it; the check lists it for checking against the file, and 首页 leaves it out
    (old records may be odd, and no one can now hold the meeting again)."""
    out: list[Finding] = []
    for person in members:
        odd = probation_length_problem(person.join_date, person.full_date)
        if not odd:
            continue
        citation = probation_length_citation(person.join_date)
        out.append(Finding(Severity.INFO, f"{person.member}：{odd}；请对照入党志愿书和转正审批材料核对花名册",
                           rule=LENGTH_RULE, source=citation.source, branch=person.branch, person=person.member,
                           period=str(day.year), area=AREA, quote=citation.quote))
    return out
