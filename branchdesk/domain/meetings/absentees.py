"""Attendance from what a 三会一课 ledger says (issue 13): 应到, 实到 and the absentees by name
("乔聪（带学生参加竞赛）、周欢宁（病假）"), with no sign-in sheet.

When the named absentees account for 应到 − 实到 against the roster of the sitting's audience on its
day (the branch, the 党小组 for a 党小组会, the committee for a 支委会) and 应到 is that roster's size,
everyone else on it was present and the named ones absent with their reasons. When they do not add up
the counts are kept as given and nobody's attendance is invented: `derive_sheet` says why instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from branchdesk.domain.meetings.records import AttendanceStatus, Attendee

NOBODY = ("无", "没有", "全到", "全部到会", "全员到会", "无缺席", "无人缺席", "全体出席", "均出席", "—", "-", "/", "／")
_SEPARATORS = re.compile(r"[、，,;；/／\n]+")
_PREFIX = re.compile(r"^(缺席人员|缺席|请假人员|请假|未到会?|未参加)[:：]?")
_ENTRY = re.compile(r"^(?P<name>[^（(：:]+?)\s*(?:[（(](?P<reason>[^）)]*)[）)]|[:：](?P<reason2>.+))?$")
# words that say why someone was away, not who ("王芳 病假"): a reason after a blank (_with_reasons)
REASON_WORDS = re.compile(r"假|出差|公出|外出|培训|开会|会议|住院|生病|因病|因事|缺席|旷会|值班|监考|竞赛|学习|请假")
UNEXCUSED = ("无故", "无正当理由", "旷会", "未请假")


@dataclass(frozen=True)
class NamedAbsentee:
    name: str
    reason: str

    @property
    def status(self) -> str:
        """请假 when a reason is given (病假, 公出, 带学生参加竞赛 …); 缺席 without one or when unexcused.
        The words our own export writes ("请假：外出培训", "缺席") say it outright."""
        if self.reason.startswith(("请假", "事假")) or (self.reason and not self._unexcused):
            return AttendanceStatus.LEAVE.value
        return AttendanceStatus.ABSENT.value

    @property
    def _unexcused(self) -> bool:
        return self.reason.startswith("缺席") or any(word in self.reason for word in UNEXCUSED)

    @property
    def plain_reason(self) -> str:
        """The reason without the status word in front: "请假：外出培训" → "外出培训"."""
        for word in ("请假", "缺席"):
            if self.reason.startswith(word):
                return self.reason[len(word):].lstrip("：:").strip() or (word if word == "请假" else "")
        return self.reason


def parse_absentees(text: str) -> list[NamedAbsentee]:
    """"乔聪（带学生参加竞赛）、周欢宁（病假）" → two absentees with reasons; "无" or blank → none.
    A reason may follow in brackets or after a colon; "请假：" / "缺席：" in front is dropped."""
    text = (text or "").strip()
    if not text or text in NOBODY:
        return []
    found: list[NamedAbsentee] = []
    depth = 0
    part = ""
    parts: list[str] = []
    for ch in text:  # split on separators outside brackets: "张三（病假、住院）" is one entry
        if ch in "（(":
            depth += 1
        elif ch in "）)":
            depth = max(0, depth - 1)
        if depth == 0 and _SEPARATORS.fullmatch(ch):
            parts.append(part)
            part = ""
        else:
            part += ch
    parts.append(part)
    for raw in [piece for part in parts for piece in _blank_separated(part)]:
        entry = _PREFIX.sub("", raw.strip()).strip()
        if not entry or entry in NOBODY:
            continue
        match = _ENTRY.match(entry)
        if not match:
            found.append(NamedAbsentee(entry, ""))
            continue
        reason = (match.group("reason") or match.group("reason2") or "").strip()
        found.append(NamedAbsentee(re.sub(r"\s", "", match.group("name")), reason))
    return found


def _blank_separated(part: str) -> list[str]:
    """"王芳 李娜" → two entries; "张 伟", "欧阳 晨（病假）" stay one name with a blank typed inside it (trial L,
    TL-4): a blank outside brackets separates only when every piece names at least two characters.
    A split that is wrong names someone not on the roster, and then nothing is derived (derive_sheet)."""
    pieces: list[str] = []
    depth = 0
    piece = ""
    for ch in part.strip():
        depth += (ch in "（(") - (ch in "）)")
        depth = max(0, depth)
        if depth == 0 and ch.isspace():
            if piece:
                pieces.append(piece)
            piece = ""
        else:
            piece += ch
    if piece:
        pieces.append(piece)
    entries = _with_reasons(pieces)
    names = [re.split(r"[（(：:]", _PREFIX.sub("", p))[0] for p in entries]
    return entries if len(pieces) > 1 and all(len(n) >= 2 for n in names) else [part]


def _with_reasons(pieces: list[str]) -> list[str]:
    """"王芳 病假 李娜 外出培训" → "王芳（病假）", "李娜（外出培训）": a piece that says why (REASON_WORDS), or is
    longer than a name, after a name without a reason is that name's reason, not someone else."""
    joined: list[str] = []
    for piece in pieces:
        bare = _PREFIX.sub("", piece)
        says_why = bool(REASON_WORDS.search(bare)) or len(bare) > 4 and "·" not in bare
        if joined and says_why and not re.search(r"[（(：:]", joined[-1]) and not re.search(r"[（(：:]", piece):
            joined[-1] = f"{joined[-1]}（{piece}）"
        else:
            joined.append(piece)
    return joined


@dataclass(frozen=True)
class RosterEntry:
    """Someone on the audience's roster on the sitting's day."""

    member_id: int
    name: str
    category: str  # 正式党员 / 预备党员 on that day


@dataclass(frozen=True)
class Derived:
    attendees: list[Attendee]  # empty when `problem` says why nothing was derived
    problem: str = ""
    unknown_names: tuple[str, ...] = ()  # named absentees not on the roster of the day


def derive_sheet(roster: list[RosterEntry], expected: int | None, present: int | None,
                 absentees_text: str, audience: str = "当日花名册") -> Derived:
    """The sign-in sheet a counts-only ledger row implies, or the reason it implies none. `audience` names
    who `roster` is, for an 应到 that is not its size ("当日支部委员会" for a 支委会: review13-1 R1-3)."""
    if expected is None or present is None:  # say which one is missing (trial L, TL-4: not "应到、实到" beside 应到 5)
        missing = "、".join(name for name, value in (("应到", expected), ("实到", present)) if value is None)
        return Derived([], f"没有填写{missing}人数")
    named = parse_absentees(absentees_text)
    by_name: dict[str, list[RosterEntry]] = {}
    for entry in roster:
        by_name.setdefault(entry.name, []).append(entry)
    unknown = tuple(a.name for a in named if a.name not in by_name)
    if unknown:
        return Derived([], f"缺席人员{'、'.join(unknown)}不在当日的花名册中", unknown)
    if any(len(by_name[a.name]) > 1 for a in named):
        twice = next(a.name for a in named if len(by_name[a.name]) > 1)
        return Derived([], f"当日花名册中有两名党员叫{twice}，无法确定是谁缺席")
    if len({a.name for a in named}) != len(named):
        return Derived([], "缺席人员中有人重复")
    if expected != len(roster):
        return Derived([], f"应到 {expected} 人，与{audience}的 {len(roster)} 人不符")
    if expected - present != len(named):
        return Derived([], f"应到 {expected} 人、实到 {present} 人，缺了 {expected - present} 人，"
                           f"但缺席人员写了 {len(named)} 人")
    absent = {a.name: a for a in named}
    sheet = []
    for entry in roster:
        if entry.name in absent:
            a = absent[entry.name]
            sheet.append(Attendee(entry.name, a.status, entry.member_id, entry.category, a.plain_reason))
        else:
            sheet.append(Attendee(entry.name, AttendanceStatus.PRESENT.value, entry.member_id, entry.category))
    return Derived(sheet)
