"""Attendance from what a 三会一课 ledger says (issue 13): 应到, 实到 and the absentees by name
("乔聪（带学生参加竞赛）、周欢宁（病假）"), with no sign-in sheet. A 缺席 cell may give their number
instead ("2", "２人") or before the names ("2（王芳、李明）"): a number is a count, never a person.

When the named absentees account for 应到 − 实到 against the roster of the sitting's audience on its
day (the branch, the 党小组 for a 党小组会, the committee for a 支委会) and 应到 is that roster's size,
everyone else on it was present and the named ones absent with their reasons. When they do not add up
the counts are kept as given and nobody's attendance is invented: `derive_sheet` says why instead.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from branchdesk.domain.meetings.records import AttendanceStatus, Attendee

NOBODY = ("无", "没有", "全到", "全部到会", "全员到会", "无缺席", "无人缺席", "全体出席", "均出席", "—", "-", "/", "／")
_SEPARATORS = re.compile(r"[、，,;；/／\n]+")
_PREFIX = re.compile(r"^(缺席人员|缺席|请假人员|请假|未到会?|未参加)[:：]?")
_ENTRY = re.compile(r"^(?P<name>[^（(：:]+?)\s*(?:[（(](?P<reason>[^）)]*)[）)]|[:：](?P<reason2>.+))?$")
# words that say why someone was away, not who ("王芳 病假"): a reason after a blank (_with_reasons)
REASON_WORDS = re.compile(r"假|探亲|就医|看病|陪护|出差|公出|外出|培训|开会|会议|住院|生病|因病|因事|缺席|旷会|值班|监考|竞赛|学习|请假|有事")
# a piece after a name is its reason when it is a reason as written: it begins with such a word ("病假", "外出培训",
# "无故缺席", "带学生参加竞赛"), is a 假 ("事假", "探亲假"), or is a phrase longer than any name. A piece merely
# holding such a word ("李学习", "王会议") may be a person: read as a name, and a warning says if it is off the roster
_REASON_FIRST = re.compile(r"^(?:假|出差|公出|外出|培训|开会|会议|住院|生病|因|缺席|旷会|值班|监考|竞赛|学习|请假|有事"
                           r"|无故|未请假|带|参加|陪|家中|家里|身体|.{1,2}假$)")
UNEXCUSED = ("无故", "无正当理由", "旷会", "未请假")
# a count of absentees: "2", "２人", "共2人", "缺席2人", "缺席：2人", "两人", "2（王芳、李明）", "2人：王芳、李明",
# "2人 王芳 李明" (before the names), "王芳、李明（共2人）" (after them); the digits are read after NFKC, so
# full-width ones are digits too. A label before the count may end in a colon, as before names (_PREFIX)
_NUMBER = r"(?P<n>\d{1,4}|[一二两三四五六七八九十]{1,3}(?=\s*[人名]))\s*[人名]?"
_COUNT_FIRST = re.compile(r"^(?:(?:共计?|合计|缺席人员|缺席|请假人员|请假|未到会?|未参加)\s*[:：]?)?\s*" + _NUMBER
                          + r"\s*(?:[（(](?P<inner>.*)[）)]|(?:[:：，,、]|\s)\s*(?P<after>.*))?$", re.S)
_COUNT_LAST = re.compile(r"^(?P<names>.+?)[，,；;\s]*[（(]?\s*(?:共计?|合计|等)\s*" + _NUMBER + r"\s*[）)]?$", re.S)
# "王芳、李明等2人" above; "王芳、李明 2人", "王芳，2人", "王芳、李明（2人）": a number of people (人 / 名 written) after
# the names, set off from them — never a name: no name holds a digit or ends in 人 after a numeral
_COUNT_AFTER = re.compile(r"^(?P<names>.+?)(?:[，,；;、\s]+[（(]?|[（(])\s*"
                          r"(?P<n>\d{1,4}|[一二两三四五六七八九十]{1,3})\s*[人名]\s*[）)]?$", re.S)
# "王芳、李明 2", "王芳，2": a bare number (digits) after the names, set off by a blank or a comma — no name holds a digit
_COUNT_BARE = re.compile(r"^(?P<names>.*\D.*?)[，,；;、\s]+(?P<n>\d{1,4})$", re.S)
# "2人请假", "1人病假", "2人请假：王芳、李明": a count with the reason for all of them glued on (kept in
# Absentees.reason, and given to each name written without one of its own)
_COUNT_WHY = re.compile(r"^(?:(?:共计?|合计|缺席人员|缺席|请假人员|请假|未到会?|未参加)\s*[:：]?)?\s*" + _NUMBER
                        + r"(?P<why>[^\s:：，,、;；（()）\d]+)(?:[（(](?P<inner>.*)[）)]|(?:[:：，,、]|\s)\s*(?P<after>.*))?$",
                        re.S)
# "王芳、李明2", "王芳、李明2人": a count glued to the last name, no blank or comma between — a count when the name
# without it is on the sitting's roster (no name holds a digit); else the cell is refused plainly (digit_names)
_COUNT_GLUED = re.compile(r"^(?P<names>.*[^\d\s、，,；;:：])(?P<n>\d{1,4})\s*[人名]?$", re.S)
_DIGIT = re.compile(r"\d")
# a status word after which a 缺席 cell goes on with names ("2人请假赵六"), and what a name looks like there
_STATUS_BEFORE_NAMES = ("无故缺席", "未请假", "请假", "病假", "事假", "缺席")
_HOW_LONG = re.compile(r"[一二两三四五六七八九十半\d]+个?[天日周月]")  # "三天", "一周", "半个月": how long, no name
_NAME_LIKE = re.compile(r"[\u4e00-\u9fff][\u4e00-\u9fff·]{1,3}")
_CHINESE = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


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


@dataclass(frozen=True)
class Absentees:
    """What a 缺席 cell says: the absentees it names and the number it gives, if any."""

    named: list[NamedAbsentee]
    count: int | None = None  # "2", "２人", "2（王芳、李明）": the number written; None when it names only
    reason: str = ""  # the reason written with the count for all of them ("2人请假"), "" when none

    @property
    def number(self) -> int:
        """How many were away by the cell: its count, or else the names it lists."""
        return len(self.named) if self.count is None else self.count

    def words(self) -> str:
        """For a message: "王芳、李明", "2 人（未写姓名）" or "无"."""
        if self.named:
            return "、".join(a.name for a in self.named)
        why = f"{self.reason}，" if self.reason else ""
        return f"{self.count} 人（{why}未写姓名）" if self.count else "无"


def _chinese_count(run: str) -> int:
    """"两" → 2, "十" → 10, "十二" → 12 (a count written in words before 人)."""
    tens, ten, units = run.partition("十")
    if not ten:
        return _CHINESE.get(run, 0) if len(run) == 1 else 0
    return (_CHINESE.get(tens, 0) if tens else 1) * 10 + (_CHINESE.get(units, 0) if units else 0)


def read_absentees(text: str, roster: frozenset[str] = frozenset()) -> Absentees:
    """A 缺席 cell read: a number in it is how many were away, never a name ("2", "２人" → a count of
    2 and nobody named); "2（王芳、李明）", "王芳、李明（共2人）", "王芳、李明等2人" or "王芳、李明 2" → both names
    and the count; "2人请假" → the count and the reason of them all.
    `roster`: the names of the sitting's roster, which are names wherever they stand (_with_reasons)."""
    text = (text or "").strip()
    plain = unicodedata.normalize("NFKC", text)
    for pattern in (_COUNT_WHY, _COUNT_FIRST, _COUNT_LAST, _COUNT_AFTER, _COUNT_BARE, _COUNT_GLUED):
        match = pattern.match(plain)
        if match is None:
            continue
        why = match.groupdict().get("why") or ""
        glued = ""  # names glued after the count or its reason ("2人王芳", "2人请假王芳"), on the roster
        if (after := _name_after_status(why, roster)) is not None:
            why, glued = after  # "2人请假赵六": 赵六 is read as a name, said off the roster (derive_sheet)
        elif why and not _REASON_FIRST.search(why) or _on_roster_after(why, roster):
            why, glued = _reason_and_names(why, roster)
            if not glued:
                continue  # "2人王二" with 王二 off the roster: no reason, no count read here
        number = match.group("n")
        count = int(number) if number.isdigit() else _chinese_count(number)
        if not (count or number.isdigit()):
            continue
        parts = match.groupdict()
        rest = parts.get("names") or parts.get("inner") or parts.get("after") or ""
        if pattern is _COUNT_GLUED and not _last_on_roster(rest, roster):
            continue  # "王二2": the digit is not set off and the name is no member's — said by derive_sheet
        bare = rest.strip()
        if why and not glued and parts.get("inner") and bare not in roster and not _SEPARATORS.search(bare) \
                and (REASON_WORDS.search(bare) or _REASON_FIRST.search(bare) or _HOW_LONG.match(bare)):
            why, rest = f"{why}（{bare}）", ""  # "1人病假（住院）": the bracket says why, names nobody (review rev1 F9)
        rest = "、".join(p for p in (glued, rest) if p)
        named = [a if a.reason or not why else NamedAbsentee(a.name, why) for a in parse_absentees(rest, roster)]
        return Absentees(named, count, why)
    return Absentees(parse_absentees(text, roster))


def _on_roster_after(why: str, roster: frozenset[str]) -> bool:
    """A reason written with a count that ends in names of the roster ("请假王芳", "病假王芳李明")."""
    return bool(why) and _reason_and_names(why, roster)[1] != ""


def _reason_and_names(why: str, roster: frozenset[str]) -> tuple[str, str]:
    """"请假王芳" → ("请假", "王芳"), "王芳" → ("", "王芳"): the reason glued before names, split where what follows
    is names on the sitting's roster only (one or more, glued or separated) and what comes before is a reason as
    written (or nothing); ("", "") when no such split exists — nobody is named from a guess."""
    for cut in range(len(why)):
        reason, names = why[:cut], why[cut:]
        if (not reason or _REASON_FIRST.search(reason)) and _all_names(names, roster):
            return reason, "、".join(_all_names(names, roster))
    return "", ""


def _name_after_status(why: str, roster: frozenset[str]) -> tuple[str, str] | None:
    """"请假赵六" → ("请假", "赵六"), "病假王芳赵六" → ("病假", "王芳、赵六"): a status word glued before what looks
    like a name and is no reason (2–4 characters, no reason word) when that name is off the roster — read as a name,
    so the warning names it off the roster instead of taking it silently into the reason (review rev1 F2: "2人请假赵六"
    was told "没有写姓名"). (why, "") when the rest is a reason ("病假住院", "请假外出学习") or there is none; None
    when `why` does not begin with such a word or the rest is neither."""
    status = next((word for word in _STATUS_BEFORE_NAMES if why.startswith(word)), "")
    rest = why[len(status):]
    if not status:
        return None
    if not rest or rest not in roster and (REASON_WORDS.search(rest) or _REASON_FIRST.search(rest)
                                           or _HOW_LONG.match(rest)):
        return why, ""  # "病假住院", "请假外出学习", "病假三天": the reason of them all, as written
    names: list[str] = []
    left = rest
    while left and (first := next((n for n in sorted(roster, key=len, reverse=True) if n and left.startswith(n)), "")):
        names.append(first)  # members on the roster glued before the one who is not ("王芳赵六")
        left = left[len(first):]
    if left and not _NAME_LIKE.fullmatch(left):
        names, left = [], rest  # "王芳华": not 王芳 and 华
    if left and not _NAME_LIKE.fullmatch(left):
        return None
    return status, "、".join([*names, left] if left else names)


def _all_names(text: str, roster: frozenset[str]) -> list[str]:
    """"王芳李明" → ["王芳", "李明"] when the text is names of the roster written one after another, else []."""
    if not text:
        return []
    if text in roster:
        return [text]
    for name in sorted(roster, key=len, reverse=True):
        if name and text.startswith(name) and (rest := _all_names(text[len(name):], roster)):
            return [name, *rest]
    return []


def _last_on_roster(names: str, roster: frozenset[str]) -> bool:
    """Whether the last name of a list, a count glued to it ("王芳、李明2"), is on the sitting's roster."""
    found = parse_absentees(names, roster)
    return bool(found) and found[-1].name in roster


def digit_names(names: tuple[str, ...]) -> str:
    """For names off the roster that hold a digit ("李明2", "2人王二"): the plain words of the refusal — a count is
    written apart from the names — or "" when none does."""
    with_digit = [name for name in names if _DIGIT.search(unicodedata.normalize("NFKC", name))]
    if not with_digit:
        return ""
    return (f"（“{with_digit[0]}”中有数字，人数不是姓名：请把人数和姓名分开写，如“王芳、李明（共2人）”，"
            "姓名须与花名册一致）")


def parse_absentees(text: str, roster: frozenset[str] = frozenset()) -> list[NamedAbsentee]:
    """"乔聪（带学生参加竞赛）、周欢宁（病假）" → two absentees with reasons; "无" or blank → none.
    A reason may follow in brackets or after a colon; "请假：" / "缺席：" in front is dropped.
    A cell that may give a count ("2", "2（王芳、李明）") is read by `read_absentees`."""
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
    for raw in [piece for part in parts for piece in _blank_separated(part, roster)]:
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


def _blank_separated(part: str, roster: frozenset[str]) -> list[str]:
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
    entries = _with_reasons(pieces, roster)
    names = [re.split(r"[（(：:]", _PREFIX.sub("", p))[0] for p in entries]
    return entries if len(pieces) > 1 and all(len(n) >= 2 for n in names) else [part]


def _with_reasons(pieces: list[str], roster: frozenset[str]) -> list[str]:
    """"王芳 病假 李娜 外出培训" → "王芳（病假）", "李娜（外出培训）": after a name without a reason, a piece is
    that name's reason when it is a reason as written (_REASON_FIRST), or longer than a name — unless it is
    a name on the sitting's roster ("王芳 李学习": 李学习 is a member). Anything else is read as a name: one
    off the roster is named in a warning (derive_sheet), never taken silently as a reason."""
    joined: list[str] = []
    for piece in pieces:
        bare = _PREFIX.sub("", piece)
        says_why = bare not in roster and (bool(_REASON_FIRST.search(bare)) or len(bare) > 4 and "·" not in bare)
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
    # left out of 应到会 that day with approval (VOTE-WHO): the reason the sheet shows (NotExpectedSpan.sheet_reason);
    # "" when no approval covers the day
    left_out: str = ""


@dataclass(frozen=True)
class Derived:
    attendees: list[Attendee]  # empty when `problem` says why nothing was derived
    problem: str = ""
    unknown_names: tuple[str, ...] = ()  # named absentees not on the roster of the day
    says_absentees: bool = False  # `problem` already says what the 缺席 cell holds (a count alone)


def _reason_hint(unknown: tuple[str, ...]) -> str:
    """For a name off the roster that holds a reason word ("李学习", "家中有事"): it may be a reason after
    a blank, which is not guessed — the warning says how to write it so."""
    reasons = [name for name in unknown if REASON_WORDS.search(name)]
    if not reasons:
        return ""
    return f"（“{reasons[0]}”如是缺席原因，请写在姓名后的括号里，如“张三（{reasons[0]}）”）"


def _glued_hint(cell: str, unknown: tuple[str, ...], reason: str) -> str:
    """For a name read after a status word glued to it ("2人请假赵六"): it was read as a name, not a reason."""
    glued = next((name for name in unknown if f"{reason}{name}" in re.sub(r"\s", "", cell)), "") if reason else ""
    return f"（“{cell.strip()}”中的“{glued}”按姓名读，姓名须与花名册一致）" if glued else ""


def derive_sheet(roster: list[RosterEntry], expected: int | None, present: int | None,
                 absentees_text: str, audience: str = "当日花名册") -> Derived:
    """The sign-in sheet a counts-only ledger row implies, or the reason it implies none. `audience` names
    who `roster` is, for an 应到 that is not its size ("当日支部委员会" for a 支委会: review13-1 R1-3)."""
    if expected is None or present is None:  # say which one is missing (trial L, TL-4: not "应到、实到" beside 应到 5)
        missing = "、".join(name for name, value in (("应到", expected), ("实到", present)) if value is None)
        return Derived([], f"没有填写{missing}人数")
    given = read_absentees(absentees_text, frozenset(entry.name for entry in roster))
    named = given.named
    by_name: dict[str, list[RosterEntry]] = {}
    for entry in roster:
        by_name.setdefault(entry.name, []).append(entry)
    unknown = tuple(a.name for a in named if a.name not in by_name)
    if unknown:
        hint = digit_names(unknown) or _reason_hint(unknown) or _glued_hint(absentees_text, unknown, given.reason)
        return Derived([], f"缺席人员{'、'.join(unknown)}不在当日的花名册中{hint}", unknown)
    if any(len(by_name[a.name]) > 1 for a in named):
        twice = next(a.name for a in named if len(by_name[a.name]) > 1)
        return Derived([], f"当日花名册中有两名党员叫{twice}，无法确定是谁缺席")
    if len({a.name for a in named}) != len(named):
        return Derived([], "缺席人员中有人重复")
    if given.count is not None and named and given.count != len(named):
        return Derived([], f"缺席人员写了 {given.count} 人，但列出了 {len(named)} 个姓名")
    # a ledger's 应到 that leaves out the members approved 不计入应到会 that day is right (VOTE-WHO; review rev3
    # R3-9): they are listed 不计入应到 with the approval. One 应到 that counts them (the roster's) is read as before.
    left = {e.member_id for e in roster if e.left_out and e.name not in {a.name for a in named}}
    if expected != len(roster) and not (left and expected == len(roster) - len(left)):
        excused = sum(1 for e in roster if e.left_out)
        aside = f"（其中 {excused} 人经批准不计入应到会）" if excused else ""
        return Derived([], f"应到 {expected} 人，与{audience}的 {len(roster)} 人{aside}不符")
    if expected == len(roster):
        left = set()
    if expected - present != given.number:
        return Derived([], f"应到 {expected} 人、实到 {present} 人，缺了 {expected - present} 人，"
                           f"但缺席人员写了 {given.number} 人")
    if given.number and not named:  # "2": how many, not who — nobody's attendance is invented
        why = f"，{given.reason}" if given.reason else ""
        return Derived([], f"缺席人员只写了人数（{given.count} 人{why}），没有写姓名，无法确定是谁缺席", says_absentees=True)
    absent = {a.name: a for a in named}
    sheet = []
    for entry in roster:
        if entry.member_id in left:
            sheet.append(Attendee(entry.name, AttendanceStatus.NOT_EXPECTED.value, entry.member_id, entry.category,
                                  entry.left_out))
        elif entry.name in absent:
            a = absent[entry.name]
            sheet.append(Attendee(entry.name, a.status, entry.member_id, entry.category, a.plain_reason))
        else:
            sheet.append(Attendee(entry.name, AttendanceStatus.PRESENT.value, entry.member_id, entry.category))
    return Derived(sheet)
