"""A person's development record as plain data (issue 4; domain.md §4), and its validation.

`DevelopmentCase` is what the services hand to the checker, the views, the Excel ledger and the PDF:
personal data as for members, one `StepRecord` per recorded step, the dated 考察 reviews, the
documents received, and the outcome. Nothing here knows about the database.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field, replace
from datetime import date
from typing import NamedTuple

from branchdesk.domain.dates import add_months, add_years
from branchdesk.domain.development.steps import STAGE_ENTRY_STEP, STAGES, STEP_BY_NUMBER, Outcome, Role, Stage
from branchdesk.domain.idcard import IdNumberError, normalise, parse_id_number
from branchdesk.domain.roster.records import normalise_name
from branchdesk.domain.text import MAX_LENGTH, clean_text, length_problem
from branchdesk.domain.validation import FieldError
from branchdesk.domain.vocabulary import SEXES

PEOPLE_SEPARATORS = re.compile(r"[、,，;；/\s]+")


@dataclass(frozen=True)
class PersonRef:
    """Someone a step names (谈话人, 培养联系人, 入党介绍人 …); member_id when found in the roster."""

    role: Role
    name: str
    member_id: int | None = None


@dataclass(frozen=True)
class DocumentRecord:
    """A document kept for a development step (入党申请书, 政审材料 …), without its bytes."""

    id: int
    step: int
    title: str
    received_on: date | None
    filename: str = ""
    size: int = 0  # bytes of the attached file; 0 when only the "received on" date is kept


@dataclass(frozen=True)
class Review:
    """One 考察 (step 6 for activists, step 21 for probationers). A review without a date is kept
    as "未记录" so the checker can say so instead of treating it as broken."""

    id: int
    step: int
    on: date | None
    note: str = ""


class StepRecord(NamedTuple):
    """One recorded step. A NamedTuple rather than a dataclass: thousands of records with twenty-odd
    steps each are built for every check, and this is the cheapest immutable record Python has."""

    step: int
    on: date | None
    start_on: date | None = None  # 公示 / 培训 start
    end_on: date | None = None  # 公示 / 培训 end
    hours: float | None = None  # 培训学时
    voters_expected: int | None = None  # 应到会有表决权的党员
    voters_present: int | None = None
    votes_for: int | None = None
    note: str = ""


def vote_text(record: StepRecord) -> str:
    """The vote of a 支部大会 step as the volume and the timeline print it, 应到 first: VOTE-PASS (domain.md
    §3; 细则2014 第二十一条, docs/citations.md) judges the yes-votes against those who should attend, and §4 step 15 has the
    resolution record 应到/实到, so a reader needs 应到 to check the vote (trial V, TV-14). A count not
    recorded reads "未记录", never a number; "" when no count is recorded."""
    expected, present, yes = record.voters_expected, record.voters_present, record.votes_for
    if expected is None and present is None and yes is None:
        return ""
    return "，".join((f"应到{expected}人" if expected is not None else "应到人数未记录",
                      f"实到{present}人" if present is not None else "实到人数未记录",
                      f"赞成{yes}票" if yes is not None else "赞成票数未记录"))


@dataclass(frozen=True)
class Extension:
    """延长预备期 as the 支部大会 decided it (domain.md §4: once, 6 months to one year, 细则 第三十一条): the day of
    the decision, the months, the new end of probation and the reason — what the 党委 checks the case against
    (TY-18). A day or reason not recorded is said to be so."""

    decided_on: date | None
    months: int
    until: date | None  # 预备期满 with the extension; None when the admission's day is not recorded
    reason: str

    def decision(self) -> str:
        """The decision as the 逐人逐环节 register lists it, beside its day."""
        until = f"，预备期至{self.until:%Y-%m-%d}" if self.until else ""
        reason = self.reason.strip().rstrip("。；;")
        return f"支部大会决定延长预备期{self.months}个月{until}" + (f"（理由：{reason}）" if reason else "（理由未填）")

    def cell(self) -> str:
        """The ledger's cell: when it was decided, how long, until when."""
        when = f"{self.decided_on:%Y-%m-%d}决定" if self.decided_on else "决定日期未填"
        return f"{when}，延长{self.months}个月" + (f"至{self.until:%Y-%m-%d}" if self.until else "")


@dataclass(frozen=True)
class DevelopmentCase:
    """One person's development record: their details, every step taken and the people named."""

    id: int
    name: str
    sex: str
    id_number: str
    birth_date: date | None
    branch: str
    branch_id: int
    ethnicity: str = ""
    education: str = ""
    position: str = ""
    phone: str = ""
    note: str = ""
    steps: dict[int, StepRecord] = field(default_factory=dict)
    people: tuple[PersonRef, ...] = ()
    reviews: tuple[Review, ...] = ()
    documents: tuple[DocumentRecord, ...] = ()
    extension_months: int | None = None
    extension_on: date | None = None
    extension_reason: str = ""
    outcome: Outcome = Outcome.IN_PROGRESS
    outcome_on: date | None = None
    outcome_reason: str = ""
    member_id: int | None = None
    version: int = 1
    leaving_on: date | None = None  # 预计离开本单位日期 (DEV-LEAVING-3M)

    def on(self, step: int) -> date | None:
        record = self.steps.get(step)
        return record.on if record else None

    def people_in(self, role: Role) -> list[PersonRef]:
        return [p for p in self.people if p.role == role]

    @property
    def stage(self) -> Stage:
        """The furthest stage reached by a recorded step (a person with nothing recorded is an 申请人).
        A person the 支部大会 admitted is a 预备党员 only once the 上级党委 approved (step 17): until
        then a 发展对象 awaiting 审批 (issue 16, item 2)."""
        reached = Stage.APPLICANT
        for stage in STAGES:
            if self.on(STAGE_ENTRY_STEP[stage]) is not None:
                reached = stage
        if reached is Stage.PROBATIONARY and self.on(17) is None:
            return Stage.CANDIDATE
        return reached

    @property
    def awaiting_approval(self) -> bool:
        """支部大会 接收 recorded, 上级党委审批 not yet."""
        return self.on(15) is not None and self.on(17) is None and self.on(24) is None

    @property
    def closed(self) -> bool:
        return self.outcome in (Outcome.CANCELLED, Outcome.STOPPED) or self.on(24) is not None

    @property
    def probation_end(self) -> date | None:
        return probation_end(self.on(15), self.extension_months)

    @property
    def extension(self) -> Extension | None:
        if self.extension_months is None:
            return None
        return Extension(self.extension_on, self.extension_months, self.probation_end, self.extension_reason)


def as_it_stood(case: DevelopmentCase, day: date) -> DevelopmentCase:
    """The record as it stood at the end of `day` (domain.md §4: a year's volume shows each case as it stood on
    31 December, or on the day it is made while the year runs — TY-6): steps, 考察, documents, the 延长预备期
    and the outcome dated after the day are left out, with the people the left-out steps name; what has no
    date is kept (its day is unknown, and nothing entered is dropped on a guess). A step stands from its date,
    a 培训/公示 span without one from its start."""
    def later(*days: date | None) -> bool:
        first = next((d for d in days if d is not None), None)
        return first is not None and first > day

    steps = {n: r for n, r in case.steps.items() if not later(r.on, r.start_on, r.end_on)}
    gone = set(case.steps) - set(steps)
    roles = {role for n in gone if n in STEP_BY_NUMBER for role in STEP_BY_NUMBER[n].roles}
    people = tuple(p for p in case.people if p.role not in roles)
    reviews = tuple(r for r in case.reviews if not later(r.on))
    documents = tuple(d for d in case.documents if not later(d.received_on) and (d.received_on or d.step not in gone))
    extended = not later(case.extension_on)
    ended = not later(case.outcome_on) and not (case.outcome is Outcome.FULL and 24 in gone)
    if not gone and reviews == case.reviews and documents == case.documents and extended and ended:
        return case
    return replace(
        case, steps=steps, people=people, reviews=reviews, documents=documents,
        extension_months=case.extension_months if extended else None,
        extension_on=case.extension_on if extended else None,
        extension_reason=case.extension_reason if extended else "",
        outcome=case.outcome if ended else Outcome.IN_PROGRESS, outcome_on=case.outcome_on if ended else None,
        outcome_reason=case.outcome_reason if ended else "")


def probation_end(admitted: date | None, extension_months: int | None = None) -> date | None:
    """预备期满之日 (细则 第三十一条): one year from the 支部大会 that admitted the person, plus an
    extension; 转正 takes effect, and 党龄 counts, from this day (第三十三条)."""
    if admitted is None:
        return None
    return add_months(add_years(admitted, 1), extension_months or 0)


def split_people(text: str) -> list[str]:
    """"张三、李四" or "张三,李四" → ["张三", "李四"] (the ledger's way of listing two people)."""
    return [normalise_name(part) for part in PEOPLE_SEPARATORS.split(text or "") if part.strip()]


@dataclass
class PersonInput:
    """Personal data of a development record as a form or an Excel row gives it."""

    name: str = ""
    id_number: str = ""
    sex: str = ""
    birth_date: date | None = None
    branch: str = ""
    ethnicity: str = ""
    education: str = ""
    position: str = ""
    phone: str = ""
    note: str = ""


@functools.cache
def _name_ok() -> re.Pattern[str]:
    """Compiled on the first check of a typed name: its character class spans the CJK extension planes
    and takes milliseconds to build, which a command that only reads the ledger never needs."""
    return re.compile(r"^[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003134fA-Za-z·. ]{1,40}$")


def validate_person(data: PersonInput, today: date | None = None) -> tuple[PersonInput, list[FieldError]]:
    """Check the personal data (an applicant is not yet a member, so no 人员类别 or 入党日期 here);
    fill sex and birth date from the ID number. Return the normalised data and every problem."""
    errors: list[FieldError] = []
    data.name = normalise_name(data.name)
    data.branch = clean_text(data.branch)  # look-alike spellings are one branch (issue 21)
    for label, value, kind in (("姓名", data.name, "person"), ("所在党支部", data.branch, "org")):
        if message := length_problem(value, kind):
            errors.append(FieldError(label, message))
    if not data.name:
        errors.append(FieldError("姓名", "不能为空"))
    elif len(data.name) <= MAX_LENGTH["person"] and not _name_ok().match(data.name):
        errors.append(FieldError("姓名", f"“{data.name}”含有不应出现在姓名中的字符"))
    if not data.id_number.strip():
        errors.append(FieldError("公民身份号码", "不能为空（用于识别本人，转为预备党员时据此编入党员名册）"))
    else:
        try:
            info = parse_id_number(data.id_number, today)
        except IdNumberError as exc:
            errors.append(FieldError("公民身份号码", str(exc)))
            data.id_number = normalise(data.id_number)
        else:
            data.id_number = info.number
            if not data.sex:
                data.sex = info.sex
            elif data.sex != info.sex:
                errors.append(FieldError("性别", f"填写为“{data.sex}”，但公民身份号码表明为“{info.sex}”"))
            if data.birth_date is None:
                data.birth_date = info.birth_date
            elif data.birth_date != info.birth_date:
                errors.append(FieldError(
                    "出生日期",
                    f"填写为 {data.birth_date:%Y-%m-%d}，但公民身份号码表明为 {info.birth_date:%Y-%m-%d}",
                ))
    if data.sex and data.sex not in SEXES:
        errors.append(FieldError("性别", f"应为“男”或“女”，现为“{data.sex}”"))
    if not data.branch.strip():
        errors.append(FieldError("所在党支部", "不能为空"))
    return data, errors
