"""Votes and quorums wherever a meeting record shows one (issue 16, item 7 and the silent rules):

- VOTE-QUORUM / VOTE-PASS (支部条例 第十一条): a 支部党员大会 that votes needs more than half of the
  voting members who should attend, and a resolution more than half of them voting yes. A vote is
  recognised from the record's 表决 rows, its "表决" mark, or its topic and resolutions (表决、选举、
  接收…预备党员、转正); a ledger row with counts only then says it cannot be checked.
- VOTE-COMMITTEE (支部条例 第十二条): a 支部委员会 needs more than half of its members present.
- VOTE-ONE-BY-ONE (细则2014 第二十一条): two or more 发展对象 / 转正 cases in one vote.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from branchdesk.domain.citations import cite
from branchdesk.domain.findings import Finding, Severity
from branchdesk.domain.meetings.records import MeetingKind
from branchdesk.domain.meetings.sitting import VoteRecord

AREA = "三会一课"
VOTE_WORDS = re.compile(r"表决|票决|选举|补选|接收.{0,12}预备党员|预备党员.{0,6}转正|讨论.{0,6}转正|延长预备期|取消预备党员资格")
CASE_WORDS = re.compile(r"接收|转正|预备党员|发展")
QUORUM = cite("VOTE-QUORUM-CONGRESS", "支部条例")
COMMITTEE = cite("VOTE-COMMITTEE", "支部条例")
ONE_BY_ONE = cite("VOTE-ONE-BY-ONE", "细则2014")


@dataclass(frozen=True)
class VotingMeeting:
    """What the vote checks need of one sitting."""

    id: int
    date: date
    kinds: frozenset[str]
    topic: str = ""
    resolutions: str = ""
    has_vote: bool = False
    votes: tuple[VoteRecord, ...] = ()
    sheet_voters: tuple[int, int] | None = None  # (应到, 实到) 正式党员 from the sign-in sheet
    committee_size: int | None = None  # committee members in office that day
    committee_present: int | None = None  # of them present (sheet), or the counts-only 实到
    case_names: tuple[str, ...] = ()  # 发展对象 / 预备党员 whose step 15 or 23 is dated this day

    @property
    def congress(self) -> bool:
        return MeetingKind.CONGRESS.value in self.kinds

    @property
    def records_a_vote(self) -> bool:
        return self.has_vote or bool(self.votes) or bool(VOTE_WORDS.search(f"{self.topic} {self.resolutions}"))


def _finding(meeting: VotingMeeting, branch: str, severity: Severity, text: str, rule: str, citation_source: str,
             quote: str, kind: str) -> Finding:
    if citation_source and citation_source not in text:
        text = f"{text.removesuffix('。')}（{citation_source}）。"
    return Finding(severity, f"{meeting.date:%Y-%m-%d}的{kind}（{meeting.topic or '未填主题'}）{text}", rule=rule,
                   source=citation_source, branch=branch, meeting_type=kind, period=f"{meeting.date:%Y-%m}",
                   area=AREA, due=meeting.date.isoformat(), quote=quote)


def _congress(meeting: VotingMeeting, branch: str) -> list[Finding]:
    kind = MeetingKind.CONGRESS.value
    out: list[Finding] = []

    def add(severity: Severity, text: str, rule: str = "VOTE-QUORUM") -> None:
        out.append(_finding(meeting, branch, severity, text, rule, QUORUM.source, QUORUM.quote, kind))

    counted = [v for v in meeting.votes if v.voters_expected is not None]
    for vote in counted:
        expected = vote.voters_expected or 0
        what = f"表决“{vote.subject}”" if vote.subject else "表决"
        if vote.voters_present is not None and vote.voters_present > expected:
            add(Severity.ERROR, f"{what}实到有表决权党员 {vote.voters_present} 人多于应到 {expected} 人，请核对。")
        elif vote.voters_present is not None and vote.voters_present * 2 <= expected:
            add(Severity.ERROR, f"{what}时到会有表决权的党员 {vote.voters_present} 人，未超过应到会 {expected} 人的半数，"
                "不能进行表决，请核实并重新召开。")
        if vote.votes_for is not None and vote.votes_for > expected:
            add(Severity.ERROR, f"{what}赞成 {vote.votes_for} 票多于应到会有表决权党员 {expected} 人，请核对。", "VOTE-PASS")
        elif vote.votes_for is not None and vote.votes_for * 2 <= expected:
            add(Severity.WARNING, f"{what}赞成 {vote.votes_for} 票，未超过应到会有表决权党员 {expected} 人的半数，"
                "决议未获通过；如记为通过，请核对。", "VOTE-PASS")
        names = [n for n in meeting.case_names if n in vote.subject]
        if len(names) >= 2 or (CASE_WORDS.search(vote.subject) and re.search(r"[、，,和及]|等\d*人", vote.subject)
                               and len(names) != 1):
            who = "、".join(names) if len(names) >= 2 else "多名发展对象"
            out.append(_finding(meeting, branch, Severity.ERROR,
                                f"在一次表决中一并表决了{who}：两个以上的发展对象入党或预备党员转正，必须逐个讨论和表决。",
                                "VOTE-ONE-BY-ONE", ONE_BY_ONE.source, ONE_BY_ONE.quote, kind))
    if counted:
        return out
    if meeting.sheet_voters is not None:
        expected, present = meeting.sheet_voters
        if expected and present * 2 <= expected:
            add(Severity.ERROR, f"进行了表决，但到会有表决权的党员 {present} 人，未超过应到会 {expected} 人的半数，"
                "表决无效，请核实并补开。")
        return out
    add(Severity.WARNING, "记录了表决事项，但没有签到名单，也没有记录有表决权党员的应到、实到人数和表决结果，"
        "无法核对到会人数是否过半、赞成票是否过半，请补记表决情况。")
    return out


def _committee(meeting: VotingMeeting, branch: str) -> list[Finding]:
    size, present = meeting.committee_size, meeting.committee_present
    if not size or present is None or present * 2 > size:
        return []
    kind = MeetingKind.COMMITTEE.value
    return [_finding(meeting, branch, Severity.ERROR,
                     f"到会委员 {present} 人，未超过支部委员会 {size} 名委员的半数，会议不能进行，请核实并补开。",
                     "VOTE-COMMITTEE", COMMITTEE.source, COMMITTEE.quote, kind)]


def vote_findings(branch: str, meetings: Iterable[VotingMeeting], year: int) -> list[Finding]:
    findings: list[Finding] = []
    for meeting in meetings:
        if meeting.date.year != year:
            continue
        if meeting.congress and meeting.records_a_vote:
            findings += _congress(meeting, branch)
        if MeetingKind.COMMITTEE.value in meeting.kinds:
            findings += _committee(meeting, branch)
    return findings
