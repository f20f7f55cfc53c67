"""The words schools write in their ledgers, mapped to the one entry each controlled list uses (issue 13).

Every controlled list the imports read — 人员类别, 学历, 性别, 党内职务, meeting kinds, pair kinds, 对象类别,
帮扶维度, 成效类别, 结对状态, 整改状态, 问题来源 — has a `WordList` here: its canonical entries and the usual
spellings of each ("青蓝工程", "师徒结对", "带好一名教师" → 青蓝工程师徒结对; "本科" → 大学本科). An import
maps a cell through its list, tells the user once per word what it mapped ("“青蓝工程” 按
“青蓝工程师徒结对” 导入，25 行"), and treats a word no list knows as an error naming the accepted words.

Only strings live here (no imports of the areas' modules), so any area may use the lists without a
cycle; tests/test_synonyms.py checks the canonical entries against each area's own vocabulary.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Any

_SPACES = re.compile(r"[\s\u3000]+")
_WIDTH = str.maketrans("（）：；，／", "():;,/")


# A year written before or after a word of a list ("2025年度组织生活会", "组织生活会(2025年)", "2026年上级检查反馈"):
# the year says when, not which entry; the word is looked up without it (the ledger or record keeps its own date).
_YEAR_AROUND = re.compile(r"^(?:19|20)\d{2}年?度?|\(?(?:19|20)\d{2}年?度?\)?$")


@lru_cache(maxsize=4096)  # an import reads the same few words on every row
def normalise_word(text: str) -> str:
    """How a cell is compared with a list: no spaces anywhere, full-width brackets and colons made
    narrow, surrounding punctuation dropped ("　青蓝工程。" → "青蓝工程")."""
    text = _SPACES.sub("", str(text or "")).translate(_WIDTH)
    return text.strip("。.,;:、")


@dataclass(frozen=True)
class WordList:
    """One controlled list: its entries and the spellings schools use for them.

    `key` names the list for settings and the import dialog ("mentoring.pair_kinds"); `editable`
    lists take entries the user added (kept as settings), which are accepted as they are."""

    key: str
    title: str  # 结对类型, 人员类别 … as the column is called
    entries: tuple[str, ...]
    synonyms: Mapping[str, str] = field(default_factory=dict)  # spelling -> entry
    editable: bool = False

    def __post_init__(self) -> None:
        unknown = {target for target in self.synonyms.values() if target not in self.entries}
        if unknown:  # a table that maps to a word its list does not have is a programming error
            raise ValueError(f"{self.key}: synonyms map to entries not in the list: {sorted(unknown)}")

    def lookup(self, text: str, extra: Iterable[str] = ()) -> str | None:
        """The list's entry for `text` (itself, a synonym, or one of the user's `extra` entries), else None."""
        word = normalise_word(text)
        if not word:
            return None
        entry = self._entries.get(word)
        if entry is not None:
            return entry
        for entry in extra:
            if word == normalise_word(entry):
                return entry
        found = self._synonyms.get(word)
        if found is None and (bare := _YEAR_AROUND.sub("", word)) and bare != word:
            return self.lookup(bare, extra)  # "2025年度组织生活会" is 组织生活会查摆 (trial R TR-11)
        return found

    @cached_property
    def _entries(self) -> dict[str, str]:
        """The entries by their compared form (the first of two that compare equal wins, as in a scan)."""
        table: dict[str, str] = {}
        for entry in self.entries:
            table.setdefault(normalise_word(entry), entry)
        return table

    @cached_property
    def _synonyms(self) -> dict[str, str]:
        """The spellings by their compared form, built once per list instead of once per cell."""
        return {normalise_word(k): v for k, v in self.synonyms.items()}

    def accepted(self, extra: Iterable[str] = ()) -> str:
        """The entries as an error message lists them: "青蓝工程师徒结对、党员帮扶学生、党员联系班级"."""
        seen = list(dict.fromkeys((*self.entries, *extra)))
        return "、".join(seen)


def _table(pairs: Mapping[str, Iterable[str]]) -> dict[str, str]:
    return {spelling: entry for entry, spellings in pairs.items() for spelling in spellings}


MEMBER_CATEGORY = WordList("roster.category", "人员类别", ("正式党员", "预备党员"), _table({
    "正式党员": ("正式", "中共党员", "中共正式党员", "正式党员（转正）"),  # a bare "党员" says neither
    "预备党员": ("预备", "中共预备党员", "预备期", "预备期党员"),
}))

EDUCATION = WordList("roster.education", "学历", ("研究生", "大学本科", "大学专科", "中专", "高中", "初中及以下"), _table({
    "研究生": ("硕士", "硕士研究生", "博士", "博士研究生", "研究生学历", "在职研究生", "硕士学位", "博士学位",
             "研究生（硕士）", "研究生（博士）"),
    "大学本科": ("本科", "大本", "本科学历", "大学", "学士", "全日制本科", "在职本科", "函授本科", "本科（学士）"),
    "大学专科": ("专科", "大专", "大专学历", "专科学历", "高职", "函授大专"),
    "中专": ("中专学历", "中等专业学校", "中师", "中等师范", "中技", "技校", "职高"),
    "高中": ("高中学历", "普高", "高中毕业"),
    "初中及以下": ("初中", "初中学历", "小学", "小学及以下", "初中以下"),
}))

SEX = WordList("roster.sex", "性别", ("男", "女"), _table({"男": ("男性", "M"), "女": ("女性", "F")}))

COMMITTEE_POST = WordList(
    "roster.post", "党内职务", ("书记", "副书记", "组织委员", "宣传委员", "纪检委员", "青年委员", "统战委员", "委员"),
    _table({
        "书记": ("支部书记", "党支部书记", "支书"),
        "副书记": ("支部副书记", "党支部副书记"),
        "组织委员": ("组织", "支部组织委员"),
        "宣传委员": ("宣传", "支部宣传委员"),
        "纪检委员": ("纪检", "纪律检查委员", "纪委委员", "支部纪检委员"),
        "青年委员": ("青年",),
        "统战委员": ("统战",),
        "委员": ("支委", "支部委员", "支委委员"),
    }))
# Words in a 党内职务 cell that mean "no post" (the member is an ordinary member).
NO_POST = ("无", "党员", "普通党员", "—", "-", "/", "／")

# 三会一课 kinds (domain.md §2; seeds 001, 002; common 台账 headings).
MEETING_KIND = WordList(
    "meetings.kinds", "会议类型",
    ("支部党员大会", "支部委员会", "党小组会", "党课", "主题党日", "组织生活会", "民主评议党员", "谈心谈话"),
    _table({
        "支部党员大会": ("党员大会", "支部大会", "党支部党员大会", "全体党员大会", "支部党员大会会议"),
        "支部委员会": ("支委会", "支部委员会会议", "支委会会议", "党支部委员会", "支委扩大会", "支委扩大会议"),
        "党小组会": ("小组会", "党小组会议", "党小组学习会", "党小组学习"),
        "党课": ("上党课", "专题党课", "讲党课", "微党课", "党课学习"),
        "主题党日": ("主题党日活动", "党日活动", "固定党日", "主题党日学习"),
        "组织生活会": ("专题组织生活会", "组织生活会会议", "年度组织生活会"),
        "民主评议党员": ("民主评议", "民主评议党员会议", "评议党员"),
        "谈心谈话": ("谈心", "谈话", "谈心谈话会"),
    }))

PAIR_KIND = WordList(
    "mentoring.pair_kinds", "结对类型", ("青蓝工程师徒结对", "党员帮扶学生", "党员联系班级"),
    _table({
        "青蓝工程师徒结对": ("青蓝工程", "师徒结对", "青蓝结对", "新老教师结对", "带好一名教师", "青蓝工程结对",
                       "青蓝工程师徒", "师徒帮带", "以老带新", "传帮带", "带好一名徒弟", "结对带徒", "新教师结对"),
        "党员帮扶学生": ("帮扶学生", "党员帮扶困难学生", "帮扶困难学生", "结对帮扶学生", "帮扶一名困难学生",
                    "党员结对帮扶学生", "关爱学生", "帮扶留守儿童"),
        "党员联系班级": ("联系班级", "联系一个班级", "党员包班", "党员联系一个班级"),
    }), editable=True)

MENTEE_CATEGORY = WordList(
    "mentoring.categories", "对象类别",
    ("青年教师", "新入职教师", "特岗教师", "教师", "贫困生", "特殊生", "留守儿童", "学困生", "心理困扰学生", "学生",
     "班级"),
    _table({
        "青年教师": ("年轻教师", "青年老师"),
        "新入职教师": ("新教师", "新入职", "新进教师", "新任教师", "新入职老师"),
        "特岗教师": ("特岗", "特岗老师"),
        "教师": ("老师",),
        "贫困生": ("贫困学生", "困难学生", "家庭困难学生", "经济困难学生", "建档立卡学生"),
        "特殊生": ("特殊学生", "特殊需要学生", "随班就读学生", "特殊儿童"),
        "留守儿童": ("留守学生", "留守"),
        "学困生": ("学习困难学生", "后进生"),
        "心理困扰学生": ("心理困难学生", "心理问题学生", "心理健康重点关注学生"),
        "班级": ("班",),
    }))

DIMENSION = WordList("mentoring.dimensions", "帮扶维度", ("思想", "德育", "业务"), _table({
    "思想": ("思想导师", "思想引领", "政治思想"),
    "德育": ("德育导师", "师德"),
    "业务": ("业务导师", "教学", "专业", "教学业务"),
}), editable=True)

# 成效类别: the short forms a 成效 line uses ("2026-05-10 论文：…" → 论文发表).
OUTCOME_KIND = WordList(
    "mentoring.outcome_kinds", "成效类别",
    ("获奖", "公开课", "论文发表", "成为骨干教师", "递交入党申请书", "学业进步", "行为转变", "升学", "其他"),
    _table({
        "获奖": ("得奖", "荣获", "获得荣誉", "荣誉", "表彰", "受表彰", "受到表彰", "比赛获奖", "获奖情况"),
        "公开课": ("上公开课", "公开课展示", "公开教学", "展示课", "汇报课", "公开课教学"),
        "论文发表": ("论文", "发表论文", "论文发表情况", "文章发表", "发表文章", "论文刊发", "刊发论文"),
        "成为骨干教师": ("骨干教师", "评为骨干教师", "成为骨干", "骨干", "被评为骨干教师"),
        "递交入党申请书": ("入党申请", "入党申请书", "递交入党申请", "提交入党申请书", "申请入党"),
        "学业进步": ("成绩进步", "成绩提高", "成绩提升", "学习进步", "学业提升"),
        "行为转变": ("行为改善", "行为习惯改善", "习惯养成", "行为习惯养成"),
        "升学": ("考入", "升入高一级学校"),
        "其他": ("其它",),
    }), editable=True)

PAIR_STATUS = WordList("mentoring.status", "状态", ("进行中", "已结束", "中止"), _table({
    "进行中": ("在进行", "正在进行", "进行", "未结束", "在帮扶", "帮扶中"),
    "已结束": ("结束", "已完成", "完成", "期满"),
    "中止": ("终止", "已中止", "已终止", "停止"),
}))

RECT_STATUS = WordList("rectification.status", "整改状态", ("未开始", "整改中", "已完成", "已销号"), _table({
    "未开始": ("未启动", "未整改", "尚未开始"),
    "整改中": ("正在整改", "进行中", "持续整改", "推进中", "整改推进中", "正在推进"),
    "已完成": ("完成", "已整改", "整改完成", "已整改完成", "已落实"),
    "已销号": ("销号", "已销账", "已销号完成", "完成销号"),
}))

PROBLEM_SOURCE = WordList(
    "rectification.sources", "问题来源", ("巡察反馈", "审计", "上级检查", "组织生活会查摆", "民主评议", "自查"),
    _table({
        "巡察反馈": ("巡察", "巡察整改", "巡察反馈意见", "巡视巡察", "巡视", "巡察反馈问题", "巡视反馈", "巡察发现"),
        "审计": ("审计反馈", "审计整改", "内审", "审计发现", "经济责任审计"),
        "上级检查": ("上级督查", "督查", "检查反馈", "专项检查", "上级检查反馈", "督导检查"),
        "组织生活会查摆": ("组织生活会", "专题组织生活会", "组织生活会查摆问题", "查摆问题"),
        "民主评议": ("民主评议党员",),
        "自查": ("自查自纠", "自查发现", "自查问题"),
    }), editable=True)

STUDY_FORM = WordList("study.form", "学习形式", ("党校培训", "网络培训", "上级集中轮训", "其他"), _table({
    "党校培训": ("党校", "党校学习"),
    "网络培训": ("网络学习", "网上培训", "学习平台", "网络专题班", "专题班", "学习平台专题班", "线上培训", "在线学习"),
    "上级集中轮训": ("集中轮训", "轮训", "集中培训"),
    "其他": ("其它",),
}))

ALL_LISTS: tuple[WordList, ...] = (MEMBER_CATEGORY, EDUCATION, SEX, COMMITTEE_POST, MEETING_KIND, PAIR_KIND,
                                   MENTEE_CATEGORY, DIMENSION, OUTCOME_KIND, PAIR_STATUS, RECT_STATUS, PROBLEM_SOURCE, STUDY_FORM)
LISTS_BY_KEY = {word_list.key: word_list for word_list in ALL_LISTS}


@dataclass(frozen=True)
class Mapped:
    """A word an import read as another (the report says so once per word and column)."""

    title: str  # the list (column) it was read in
    word: str  # as written in the file
    entry: str  # as stored
    rows: int


@dataclass(frozen=True)
class UnknownWord:
    """A word no list knows; where the list is editable the window offers to add it in one click."""

    list_key: str
    title: str
    word: str
    rows: tuple[int, ...]
    editable: bool


@dataclass
class WordLog:
    """Collects, over one import, which words were mapped to which entries and which were unknown."""

    mapped: dict[tuple[str, str, str], list[int]] = field(default_factory=dict)
    unknown: dict[tuple[str, str], list[int]] = field(default_factory=dict)
    # (list, text) -> (the list, its entry, where a row reading it is noted): an import reads the same
    # few words on thousands of rows, each is looked up once (only without `extra` entries)
    _seen: dict[tuple[int, str], tuple[WordList, str | None, dict[Any, list[int]] | None, Any]] = field(
        default_factory=dict, repr=False, compare=False)

    def read(self, word_list: WordList, text: str, row: int, extra: Iterable[str] = ()) -> str | None:
        """The entry for `text`, noting a mapping; None (noted as unknown) when no entry matches.
        Blank text gives "" and notes nothing."""
        entry, notes, key = self._seen_once(word_list, text) if extra == () and text.__class__ is str else \
            self._look_up(word_list, text, extra)
        if notes is not None:  # set again each time: a caller may have taken an entry out meanwhile
            notes.setdefault(key, []).append(row)
        return entry

    def read_columns(self, columns: Sequence[tuple[WordList, Sequence[str]]],
                     rows: Sequence[int]) -> list[dict[str, str | None]]:
        """`read` of each column's texts (`rows` gives each position's row number), noting them as
        calling `read` row by row, and in a row column by column, would; gives each column's entries
        by text. Why (issue 18): a roster's 10,000 rows repeat a few words, so each distinct text is
        looked up once and only the rows of a text to note (a mapped or unknown word) are visited."""
        found = [{text: self._seen_once(word_list, text) for text in dict.fromkeys(texts)}
                 for word_list, texts in columns]
        noted = [{text for text, (_entry, notes, _key) in column.items() if notes is not None} for column in found]
        if any(noted):
            marked = sorted({index for (_list, texts), words in zip(columns, noted, strict=True) if words
                             for index, text in enumerate(texts) if text in words})
            for index in marked:  # in the order `read` would note them
                for (_list, texts), column in zip(columns, found, strict=True):
                    _entry, notes, key = column[texts[index]]
                    if notes is not None:
                        notes.setdefault(key, []).append(rows[index])
        return [{text: entry for text, (entry, _notes, _key) in column.items()} for column in found]

    def _seen_once(self, word_list: WordList, text: str) -> tuple[str | None, Any, Any]:
        """`_look_up` of a text, done once per list and text over the import."""
        seen = self._seen.get((id(word_list), text))
        if seen is None or seen[0] is not word_list:
            seen = self._seen[(id(word_list), text)] = (word_list, *self._look_up(word_list, text, ()))
        return seen[1:]

    def _look_up(self, word_list: WordList, text: str, extra: Iterable[str]) -> tuple[str | None, Any, Any]:
        """The entry for `text`, and the table and key a row reading it is noted under (None: not noted)."""
        if not normalise_word(text):
            return "", None, None
        entry = word_list.lookup(text, extra)
        if entry is None:
            return None, self.unknown, (word_list.key, str(text).strip())
        if entry != str(text).strip():
            return entry, self.mapped, (word_list.title, str(text).strip(), entry)
        return entry, None, None

    def mappings(self) -> list[Mapped]:
        return [Mapped(title, word, entry, len(rows)) for (title, word, entry), rows in self.mapped.items()]

    def unknown_words(self) -> list[UnknownWord]:
        return [UnknownWord(key, LISTS_BY_KEY[key].title, word, tuple(rows), LISTS_BY_KEY[key].editable)
                for (key, word), rows in self.unknown.items()]


def unknown_message(word_list: WordList, text: str, extra: Iterable[str] = ()) -> str:
    """The error for a word no entry matches: the word, and the words the column accepts."""
    message = f"“{str(text).strip()}”不是可用的{word_list.title}，可填写：{word_list.accepted(extra)}"
    if word_list.editable:
        message += f"（也可以在导入窗口或设置中把它添加为新的{word_list.title}）"
    return message
