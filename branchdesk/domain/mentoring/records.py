"""结对帮扶 (domain.md §7): pairs, their vocabulary and the validation of what a user enters.

青蓝工程 pairs a member with a young teacher on three dimensions (思想, 德育, 业务 — seed 002) under a
signed agreement, year by year; members are also paired with students in difficulty (贫困生, 特殊生,
留守儿童) and with classes (seed 003 "联系一个班级"). The kinds of pair, the dimensions, the kinds of
activity and of outcome are lists the user may extend (kept as settings), so the defaults live here.

A student's personal data is kept to the minimum the reports need (domain.md §8): name, class, category.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from branchdesk.domain.dates import add_years
from branchdesk.domain.roster.records import normalise_name
from branchdesk.domain.validation import FieldError, too_long
from branchdesk.domain.vocabulary import LEFT_STATUSES, MoveKind

# The built-in kinds of pair; users may add their own (setting `mentoring.pair_kinds`).
KIND_TEACHER = "青蓝工程师徒结对"
KIND_STUDENT = "党员帮扶学生"
KIND_CLASS = "党员联系班级"
DEFAULT_PAIR_KINDS = (KIND_TEACHER, KIND_STUDENT, KIND_CLASS)

DEFAULT_DIMENSIONS = ("思想", "德育", "业务")  # seed 002: 思想导师、德育导师、业务导师
DEFAULT_ACTIVITY_KINDS = (
    "听课", "评课", "磨课", "示范课", "谈心", "师德教育", "家访", "学业辅导", "心理辅导", "资助慰问", "其他",
)
DEFAULT_OUTCOME_KINDS = (
    "获奖", "公开课", "论文发表", "成为骨干教师", "递交入党申请书", "学业进步", "行为转变", "升学", "其他",
)
EVALUATION_GRADES = ("优秀", "良好", "合格", "不合格")


class MenteeType(StrEnum):
    """Who is helped: a teacher (member or not), a student, or a whole class."""

    TEACHER = "教师"
    STUDENT = "学生"
    CLASS = "班级"


# 对象类别 as schools write it; each implies the type of mentee.
TEACHER_CATEGORIES = ("青年教师", "新入职教师", "特岗教师", "教师")
STUDENT_CATEGORIES = ("贫困生", "特殊生", "留守儿童", "学困生", "心理困扰学生", "学生")
CLASS_CATEGORIES = ("班级",)


class PairStatus(StrEnum):
    ACTIVE = "进行中"
    FINISHED = "已结束"
    STOPPED = "中止"  # needs a reason


def mentee_type_for(category: str, kind: str) -> MenteeType:
    """The type of mentee from its 对象类别, else from the kind of pair (a user-added kind → teacher)."""
    category = category.strip()
    if category in STUDENT_CATEGORIES or category.endswith("生"):
        return MenteeType.STUDENT
    if category in CLASS_CATEGORIES:
        return MenteeType.CLASS
    if category in TEACHER_CATEGORIES or category.endswith("教师"):
        return MenteeType.TEACHER
    if kind == KIND_STUDENT:
        return MenteeType.STUDENT
    if kind == KIND_CLASS:
        return MenteeType.CLASS
    return MenteeType.TEACHER


_OPEN = "（("
_CLOSE = "）)"


def split_student(text: str) -> tuple[str, str]:
    """"王小明（高一（3）班）" → ("王小明", "高一（3）班"): the ledger writes a student with the class."""
    text = text.strip()
    positions = [text.find(ch) for ch in _OPEN if ch in text]
    if not positions or not text or text[-1] not in _CLOSE:
        return text, ""
    first = min(positions)
    return text[:first].strip(), text[first + 1:-1].strip()


def read_mentee(text: str, class_name: str, mentee_type: MenteeType) -> tuple[str, str]:
    """The mentee's name and class as a pair of this type keeps them: a student written with the class
    ("王小明（高一（3）班）") is split when no class is given apart; a person's name is normalised (look-alike
    spellings are one name); a class is kept as written."""
    name = text.strip()
    if mentee_type == MenteeType.STUDENT and not class_name:
        name, class_name = split_student(name)
    if mentee_type != MenteeType.CLASS:
        name = _name_with_note(name)
    return name, class_name


def _name_with_note(text: str) -> str:
    """A person's name normalised (look-alike spellings are one name), a note in brackets after it kept as she
    wrote it: "郑晓雯（新教师）" stays so (trial R TR-14: it was stored "郑晓雯(新教师)"). Compared by mentee_key."""
    positions = [text.find(ch) for ch in _OPEN if ch in text]
    if not positions or text[-1] not in _CLOSE or min(positions) == 0:
        return normalise_name(text)
    first = min(positions)
    return normalise_name(text[:first]) + text[first:].strip()


def mentee_key(name: str) -> str:
    """A mentee's name as two pairs' are compared (brackets of either width, look-alike spellings): for matching
    a row with a pair kept, never for storing (domain.text)."""
    return normalise_name(name)


def join_student(name: str, class_name: str) -> str:
    return f"{name}（{class_name}）" if class_name else name


def parse_list(text: str) -> list[str]:
    """A list as typed: separated by 、，, ; / or spaces; duplicates dropped, order kept."""
    items = [part.strip() for part in re.split(r"[、，,；;/\s]+", text or "")]
    seen: list[str] = []
    for item in items:
        if item and item not in seen:
            seen.append(item)
    return seen


@dataclass
class PairInput:
    """A pair as a form or an Excel row gives it; the service resolves names to ids."""

    kind: str = ""
    branch: str = ""  # branch name
    mentor_id: int | None = None  # chosen from the roster (form)
    mentor_name: str = ""  # as typed (import); resolved against the roster
    mentee_name: str = ""
    mentee_category: str = ""
    mentee_class: str = ""  # students only
    mentee_member_id: int | None = None  # when the mentee teacher is a member of the roster
    start_date: date | None = None
    planned_end: date | None = None
    goals: str = ""
    content: str = ""  # 帮扶内容
    results: str = ""  # 成效, the narrative summary (dated outcomes are kept apart)
    dimensions: list[str] = field(default_factory=list)
    status: str = PairStatus.ACTIVE.value
    closed_on: date | None = None
    stop_reason: str = ""
    note: str = ""
    extra_errors: list[FieldError] = field(default_factory=list)

    @property
    def mentee_type(self) -> MenteeType:
        return mentee_type_for(self.mentee_category, self.kind)


def validate_pair(data: PairInput, *, kinds: list[str], dimensions: list[str],
                  today: date | None = None) -> tuple[PairInput, list[FieldError]]:
    """Check one pair; return it normalised with every problem found, each naming its column."""
    today = today or date.today()
    errors = list(data.extra_errors)
    data.kind = data.kind.strip()
    data.mentee_name, data.mentee_class = read_mentee(data.mentee_name, data.mentee_class, data.mentee_type)
    if not data.kind:
        errors.append(FieldError("结对类型", "不能为空"))
    elif data.kind not in kinds:
        errors.append(FieldError("结对类型", f"“{data.kind}”不在结对类型列表中（{'、'.join(kinds)}），"
                                 "可在设置中添加，或在导入窗口中一键添加为新的结对类型"))
    if not data.branch.strip():
        errors.append(FieldError("所在党支部", "不能为空"))
    if data.mentor_id is None and not data.mentor_name.strip():
        errors.append(FieldError("导师（帮扶人）", "不能为空"))
    if not data.mentee_name:
        errors.append(FieldError("结对对象", "不能为空"))
    elif len(data.mentee_name) > 60:
        errors.append(FieldError("结对对象", "超过60个字"))
    if data.start_date is None:
        if not any(error.field == "开始日期" for error in data.extra_errors):  # 无法识别 already, not blank
            errors.append(FieldError("开始日期", "不能为空"))
    elif data.start_date > add_years(today, 1):
        errors.append(FieldError("开始日期", f"{data.start_date:%Y-%m-%d} 晚于一年以后，请检查"))
    if data.start_date and data.planned_end and data.planned_end < data.start_date:
        errors.append(FieldError("结束日期", f"{data.planned_end:%Y-%m-%d} 早于开始日期 {data.start_date:%Y-%m-%d}"))
    unknown = [d for d in data.dimensions if d not in dimensions]
    if unknown:
        errors.append(FieldError("帮扶维度", f"“{'、'.join(unknown)}”不在帮扶维度列表中（{'、'.join(dimensions)}）"))
    errors.extend(validate_status(data.status, data.closed_on, data.stop_reason, data.start_date, today))
    errors += too_long({"导师（帮扶人）": data.mentor_name, "班级": data.mentee_class, "帮扶目标": data.goals,
                        "帮扶内容": data.content, "成效": data.results, "中止原因": data.stop_reason,
                        "备注": data.note}, {"班级": "short", "中止原因": "note"})
    return data, errors


def validate_status(status: str, closed_on: date | None, reason: str, start: date | None,
                    today: date) -> list[FieldError]:
    errors: list[FieldError] = []
    if status not in {s.value for s in PairStatus}:
        errors.append(FieldError("状态", f"应为“进行中”“已结束”或“中止”，现为“{status}”"))
        return errors
    if status == PairStatus.STOPPED and not reason.strip():
        errors.append(FieldError("中止原因", "结对中止时必须写明原因"))
    if status != PairStatus.ACTIVE and closed_on is not None:
        if closed_on > today:
            errors.append(FieldError("结束日期", f"实际结束日期 {closed_on:%Y-%m-%d} 晚于今天"))
        if start is not None and closed_on < start:
            errors.append(FieldError("结束日期", f"实际结束日期 {closed_on:%Y-%m-%d} 早于开始日期"))
    return errors


@dataclass(frozen=True)
class PairRecord:
    """One pair as the views, exports and reports see it (a DTO)."""

    id: int
    kind: str
    branch_id: int
    branch: str
    mentor_id: int
    mentor: str
    mentee_type: str
    mentee_name: str
    mentee_class: str
    mentee_category: str
    mentee_member_id: int | None
    start_date: date
    planned_end: date | None
    goals: str
    content: str
    results: str
    dimensions: tuple[str, ...]
    agreement_date: date | None
    agreement_file: str  # file name of the stored agreement, "" when none
    status: str
    closed_on: date | None
    stop_reason: str
    note: str
    version: int
    activity_count: int = 0
    hours: float = 0.0
    last_activity: date | None = None
    outcome_count: int = 0

    @property
    def mentee_label(self) -> str:
        """The mentee as the ledger writes it (a student with the class in brackets)."""
        if self.mentee_type == MenteeType.STUDENT:
            return join_student(self.mentee_name, self.mentee_class)
        return self.mentee_name

    def to_input(self) -> PairInput:
        return PairInput(
            kind=self.kind, branch=self.branch, mentor_id=self.mentor_id, mentor_name=self.mentor,
            mentee_name=self.mentee_name, mentee_category=self.mentee_category, mentee_class=self.mentee_class,
            mentee_member_id=self.mentee_member_id, start_date=self.start_date, planned_end=self.planned_end,
            goals=self.goals, content=self.content, results=self.results, dimensions=list(self.dimensions),
            status=self.status, closed_on=self.closed_on, stop_reason=self.stop_reason, note=self.note,
        )


def ran_in_year(start: date, closed_on: date | None, year: int) -> bool:
    """A pair counts in a year's figures when its time (start → actual end, or still running) meets it."""
    return start <= date(year, 12, 31) and (closed_on is None or closed_on >= date(year, 1, 1))


@dataclass(frozen=True)
class Departure:
    """A member of a pair — its 导师, or a 结对对象 who is a member — who left the roster (转出, 离世, 出党)
    on `on`, the first day off it (services.roster.records.members_on), or left the school (离开本单位)
    on `on` while the 组织关系 is still here."""

    role: str  # 导师 / 结对对象
    name: str
    status: str  # 转出 / 离世 / 出党 / 离开本单位
    on: date


def departure(role: str, name: str | None, status: str | None, left_date: date | None,
              left_unit: date | None = None) -> Departure | None:
    """The departure of a member of the pair, None while (or when) they are on the roster and at the
    school. `left_unit` is the day of a live 离开本单位 record — for a pair's end the first on or after its
    开始日期 (services.mentoring.store.left_unit_from; review 13-5, R5-3), for the refusal of a new pair
    the one he was still away from on the pair's first day (services.roster.membership.away_on: a 回到本单位
    ends the absence): a 导师 who left the school mentors no one there, the 组织关系 still here or not (trial K,
    TK-7); the earlier of the two days ends the pair."""
    if name is None:
        return None
    gone = [Departure(role, name, status, left_date)] if status in LEFT_STATUSES and left_date is not None else []
    if left_unit is not None:
        gone.append(Departure(role, name, MoveKind.LEFT_UNIT.value, left_unit))
    return min(gone, key=lambda d: d.on) if gone else None


def mentor_gone_by(start: date | None, gone: Departure | None) -> str:
    """Why the 导师 cannot mentor a pair beginning on `start`, "" when he can: on that day he had left the
    roster (转出, 离世, 出党) or the school (离开本单位) — such a pair would have ended before it began
    (domain.md §7: a member of the school helps someone there; trial K, TK-7). A pair begun before
    he left is entered as it was. `gone` carries the 离开本单位 he was still away from on `start` (none
    when he came back before it: 回到本单位, or left again after and so came back between; review 13-5,
    R5-3)."""
    if start is None or gone is None or gone.on > start:
        return ""
    return f"“{gone.name}”已于 {gone.on:%Y-%m-%d} {gone.status}，不能作为此后开始的结对的导师"


def ended_by_departure(status: str, closed_on: date | None, stop_reason: str,
                       departures: list[Departure | None], as_of: date | None = None) -> tuple[str, date | None, str]:
    """A pair's (status, end, reason) once its members' departures up to `as_of` are read in.

    domain.md §7: a pair is a member of the branch helping a teacher, a student or a class, year by
    year. From the day its 导师 (or a 结对对象 who is a member) leaves the roster it has ended — 中止 on
    that day, the reason saying who left and that the one helped needs a new pair — so it is no 进行中
    pair afterwards and no one is asked to 开展活动 with a member who died or transferred out (trial Y,
    TY-12). Nothing is written: a leave undone (恢复在册) lets the pair run again, and a pair already
    ended keeps its own end."""
    if status != PairStatus.ACTIVE:
        return status, closed_on, stop_reason
    gone = sorted((d for d in departures if d is not None and (as_of is None or d.on <= as_of)), key=lambda d: d.on)
    if not gone:
        return status, closed_on, stop_reason
    first = gone[0]
    return (PairStatus.STOPPED.value, first.on,
            f"{first.role}{first.name}已{first.status}（{first.on:%Y-%m-%d}），结对随之中止；如需继续帮扶，请重新结对")
