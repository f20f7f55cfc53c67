"""The 5 stages and 25 steps of 发展党员 (domain.md §4, 中国共产党发展党员工作细则).

The steps are data: number, official name, stage, article, the documents the step produces and the
people it names. Views, the checker, the Excel ledger and the PDF all read this one table, so the
wording is the same everywhere. What differs between the 2014 and 2026 texts lives in
`development_rules.py`, not here.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Stage(StrEnum):
    APPLICANT = "入党申请人"
    ACTIVIST = "入党积极分子"
    CANDIDATE = "发展对象"
    PROBATIONARY = "预备党员"
    FULL = "正式党员"


STAGES: tuple[Stage, ...] = tuple(Stage)


class Role(StrEnum):
    """People a step names (the checker counts them and checks their standing)."""

    TALKER = "谈话人"
    CONTACT = "培养联系人"
    INTRODUCER = "入党介绍人"
    UPPER_TALKER = "上级党委谈话人"


class Outcome(StrEnum):
    """Where a record ends other than by 转正 (细则 第三十一、三十四条; 终止 covers withdrawal or leaving)."""

    IN_PROGRESS = "进行中"
    FULL = "已转正"
    CANCELLED = "取消预备党员资格"
    STOPPED = "终止发展"


@dataclass(frozen=True)
class Step:
    """One of the 25 steps of the 发展党员 procedure: its stage, article, documents and the people it names."""

    number: int
    name: str
    stage: Stage
    article: str
    documents: tuple[str, ...] = ()
    roles: tuple[Role, ...] = ()
    repeated: bool = False  # 考察 steps are a series of dated reviews, not one date

    @property
    def label(self) -> str:
        return f"第{self.number}步 {self.name}"


S = Stage
STEPS: tuple[Step, ...] = (
    Step(1, "递交入党申请书", S.APPLICANT, "第六条", ("入党申请书",)),
    Step(2, "派人谈话", S.APPLICANT, "第七条", ("谈话记录",), (Role.TALKER,)),
    Step(3, "确定入党积极分子", S.ACTIVIST, "第八条", ("推荐材料",)),
    Step(4, "报上级党委备案", S.ACTIVIST, "第八条"),
    Step(5, "指定培养联系人", S.ACTIVIST, "第九条", (), (Role.CONTACT,)),
    Step(6, "培养教育考察", S.ACTIVIST, "第十一条", ("入党积极分子培养考察登记表", "思想汇报"), repeated=True),
    Step(7, "确定发展对象", S.CANDIDATE, "第十三条", ("支委会会议记录",)),
    Step(8, "报上级党委备案（同意）", S.CANDIDATE, "第十三条"),
    Step(9, "确定入党介绍人", S.CANDIDATE, "第十四条", (), (Role.INTRODUCER,)),
    Step(10, "政治审查", S.CANDIDATE, "第十六条", ("政审材料",)),
    Step(11, "开展集中培训", S.CANDIDATE, "第十七条", ("培训结业证书",)),
    Step(12, "支部委员会审查", S.CANDIDATE, "第十八条"),
    Step(13, "上级党委预审", S.CANDIDATE, "第十八条", ("预审意见",)),
    Step(14, "填写入党志愿书", S.CANDIDATE, "第十八条", ("入党志愿书",)),
    Step(15, "支部大会讨论接收", S.PROBATIONARY, "第十九、二十、二十一条", ("支部大会决议",)),
    Step(16, "上级党委派人谈话", S.PROBATIONARY, "第二十三条", ("谈话记录",), (Role.UPPER_TALKER,)),
    Step(17, "上级党委审批", S.PROBATIONARY, "第二十四、二十五条", ("审批意见",)),
    Step(18, "再上一级组织部门备案", S.PROBATIONARY, "第二十五条"),
    Step(19, "编入党支部和党小组", S.PROBATIONARY, "第二十八条"),
    Step(20, "入党宣誓", S.PROBATIONARY, "第二十九条"),
    Step(21, "继续教育考察", S.PROBATIONARY, "第三十条", ("预备党员教育考察登记表",), repeated=True),
    Step(22, "提出转正申请", S.PROBATIONARY, "第三十一条", ("转正申请书",)),
    Step(23, "支部大会讨论转正", S.PROBATIONARY, "第三十二条", ("支部大会决议",)),
    Step(24, "上级党委审批转正", S.FULL, "第三十三条", ("审批意见",)),
    Step(25, "材料归档", S.FULL, "第三十六条", ("归档材料清单",)),
)
STEP_BY_NUMBER: dict[int, Step] = {s.number: s for s in STEPS}

# The step whose date moves a person into each stage (pipeline board, year figures).
STAGE_ENTRY_STEP: dict[Stage, int] = {
    Stage.APPLICANT: 1, Stage.ACTIVIST: 3, Stage.CANDIDATE: 7, Stage.PROBATIONARY: 15, Stage.FULL: 24,
}

# Documents that go into the personnel file at step 25 (第三十六条): each must have been received.
ARCHIVE_DOCUMENTS: tuple[str, ...] = (
    "入党志愿书", "入党申请书", "入党积极分子培养考察登记表", "预备党员教育考察登记表", "政审材料", "转正申请书",
)


