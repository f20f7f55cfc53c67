"""The citation table: every rule the checks apply, with the text it comes from, the article and the
sentence of that article the rule rests on (issue 16, item 15).

A finding shows its reviewer the real text and article (`Finding.source`) and the sentence
(`Finding.quote`), never an internal note. Each row says whether its article number was seen in a
public copy of the published text (`confirmed`); where it was not, the number is the one two
independent secondary copies agree on and `note` says so. docs/citations.md is generated from this
table (docs/make_citations.py) and a test keeps it current.

Local practice (a setting the school may change) is cited as such, with no article: the software
never presents a school's own rule as a Party regulation.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Text:
    """A regulation (or the school's own practice) that rules are cited from."""

    key: str  # 细则2014
    title: str  # 《中国共产党发展党员工作细则》
    short: str  # how a finding names it: 细则2014
    in_force: date | None = None


TEXTS: dict[str, Text] = {t.key: t for t in (
    Text("细则2014", "《中国共产党发展党员工作细则》（2014年6月）", "细则2014", date(2014, 6, 10)),
    Text("细则2026", "《中国共产党发展党员工作细则》（2026年5月修订）", "细则2026", date(2026, 5, 11)),
    Text("支部条例", "《中国共产党支部工作条例（试行）》（2018年）", "支部条例", date(2018, 10, 28)),
    Text("党章", "《中国共产党章程》", "党章"),
    Text("教育条例", "《中国共产党党员教育管理工作条例》（2019年）", "教育条例", date(2019, 5, 6)),
    Text("党费规定", "《关于中国共产党党费收缴、使用和管理的规定》（2008年）", "党费规定"),
    Text("本校做法", "本校做法（在“设置”中可调整）", "本校做法"),
)}


@dataclass(frozen=True)
class Citation:
    """What one rule rests on: the text, the article and the sentence, and how sure the number is."""

    rule: str  # rule id, e.g. VOTE-PASS
    text: str  # key of TEXTS
    article: str  # 第二十一条; "" for local practice
    quote: str  # the sentence the rule rests on, as the text has it
    confirmed: bool = True  # the article number was seen in a public copy of the text
    note: str = ""

    @property
    def source(self) -> str:
        """What a finding shows as its basis: 细则2014 第二十一条 / 本校做法."""
        name = TEXTS[self.text].short if self.text in TEXTS else self.text
        return f"{name} {self.article}" if self.article else name


_UNCONFIRMED_2014 = "条文内容已在公开文本中核对；条号按通行文本，公开副本中未见条号"
_UNCONFIRMED_2026 = ("2026年修订稿的公开全文未能离线核对：条号取自两份相互独立的二手材料（domain.md 与公开的"
                     "发展党员时间节点表）一致之处")


def _c(rule: str, text: str, article: str, quote: str, confirmed: bool = True, note: str = "") -> Citation:
    return Citation(rule, text, article, quote, confirmed, note)


_X14, _X26 = "细则2014", "细则2026"
_ROWS: tuple[Citation, ...] = (
    # ---- 发展党员: 细则2014 ----------------------------------------------------------------------
    _c("DEV-AGE-18", _X14, "第五条", "年满十八岁的中国工人、农民、军人、知识分子和其他社会阶层的先进分子……可以申请加入中国共产党。"),
    _c("DEV-STEP-1", _X14, "第六条", "入党申请人应当向工作、学习所在单位党组织提出入党申请。"),
    _c("DEV-TALK-1M", _X14, "第七条", "党组织收到入党申请书后，应当在一个月内派人同入党申请人谈话。", False, _UNCONFIRMED_2014),
    _c("DEV-STEP-3", _X14, "第八条", "采取党员推荐、群团组织推优等方式产生人选，由支部委员会研究决定，并报上级党委备案。",
       False, _UNCONFIRMED_2014),
    _c("DEV-CONTACTS", _X14, "第九条", "党组织应当指定一至两名正式党员作入党积极分子的培养联系人。", False, _UNCONFIRMED_2014),
    _c("DEV-REVIEW-6M", _X14, "第十一条", "党支部每半年对入党积极分子进行一次考察。", False, _UNCONFIRMED_2014),
    _c("DEV-ACTIVIST-1Y", _X14, "第十三条", "对经过一年以上培养教育和考察、基本具备党员条件的入党积极分子，……支部委员会讨论同意并报上级党委备案后，可列为发展对象。"),
    _c("DEV-INTRODUCERS", _X14, "第十四条", "发展对象应当有两名正式党员作入党介绍人。……受留党察看处分、尚未恢复党员权利的党员，不能作入党介绍人。"),
    _c("DEV-POLITICAL-REVIEW", _X14, "第十六条", "政治审查……应当形成结论性材料。凡是未经政治审查或者政治审查不合格的，不能发展入党。"),
    _c("DEV-TRAINING", _X14, "第十七条", "培训时间一般不少于三天（或不少于二十四个学时）。"),
    _c("DEV-PRETRIAL", _X14, "第十九条", "支部委员会应当对发展对象进行严格审查，经集体讨论认为合格后，报具有审批权限的基层党委预审。"),
    _c("DEV-LEAVING-3M", _X14, "第十九条", "发展对象未来三个月内将离开工作、学习单位的，一般不办理接收预备党员的手续。"),
    _c("DEV-PUBLICITY-PRETRIAL", _X14, "第十九条", "审查结果以书面形式通知党支部，并向审查合格的发展对象发放《中国共产党入党志愿书》。",
       note="2014年文本未规定公示期长度；公示作为预审后的本地做法核对起止日期"),
    _c("VOTE-QUORUM", _X14, "第二十条", "召开讨论接收预备党员的支部大会，有表决权的到会人数必须超过应到会有表决权人数的半数。"),
    _c("VOTE-PASS", _X14, "第二十一条", "赞成人数超过应到会有表决权的正式党员的半数，才能通过接收预备党员的决议。因故不能到会的有表决权的正式党员，在支部大会召开前正式向党支部提出书面意见的，应当统计在票数内。"),
    _c("VOTE-ONE-BY-ONE", _X14, "第二十一条", "支部大会讨论两个以上的发展对象入党时，必须逐个讨论和表决。"),
    _c("VOTE-WHO", _X14, "第二十一条", "赞成人数超过应到会有表决权的正式党员的半数……（预备党员没有表决权：党章 第七条）"),
    _c("DEV-UPPER-TALKER", _X14, "第二十三条", "上级党委在审批前，应当指派党委委员或组织员同发展对象谈话。", False, _UNCONFIRMED_2014),
    _c("DEV-APPROVAL-3M", _X14, "第二十五条", "上级党委对党支部上报的接收预备党员的决议，应当在三个月内审批，并报上级党委组织部门备案。如遇特殊情况可适当延长审批时间，但不得超过六个月。",
       False, _UNCONFIRMED_2014),
    _c("DEV-GROUP", _X14, "第二十九条", "党组织应当及时将上级党委批准的预备党员编入党支部和党小组，对其进行教育和考察。"),
    _c("DEV-OATH", _X14, "第三十条", "预备党员必须面向党旗进行入党宣誓。"),
    _c("DEV-PROBATION-1Y", _X14, "第三十二条", "预备党员的预备期为一年。预备期从支部大会通过其为预备党员之日算起。"),
    _c("DEV-FULL-PROMPT", _X14, "第三十二条", "预备党员预备期满，党支部应当及时讨论其能否转为正式党员。"),
    _c("DEV-EXTENSION", _X14, "第三十二条", "需要继续考察和教育的，可以延长一次预备期，延长时间不能少于半年，最长不超过一年。"),
    _c("DEV-FULL-STEPS", _X14, "第三十三条", "预备党员转正的手续是：本人向党支部提出书面转正申请；党小组提出意见；党支部征求党员和群众的意见；支部委员会审查；支部大会讨论、表决通过；报上级党委审批。"),
    _c("DEV-FULL-VOTE", _X14, "第三十三条", "讨论预备党员转正的支部大会，对到会人数、赞成人数等要求与讨论接收预备党员的支部大会相同。"),
    _c("DEV-FULL-APPROVAL-3M", _X14, "第三十四条", "党委对党支部上报的预备党员转正的决议，应当在三个月内审批。……党员的党龄，从预备期满转为正式党员之日算起。"),
    _c("DEV-TRANSFER-IN-POSTPONE", _X14, "第三十六条", "基层党组织对转入的预备党员，在其预备期满时，如认为有必要，可推迟讨论其转正问题，推迟时间不超过六个月。"),
    _c("DEV-ARCHIVE", _X14, "第三十七条", "预备党员转正后，党支部应当及时将其《中国共产党入党志愿书》、入党申请书、政治审查材料、转正申请书和培养教育考察材料，交党委组织部门归入本人人事档案。"),
    # ---- 发展党员: 细则2026 (numbers corroborated, not seen in the published text) -----------------
    _c("DEV-AGE-18", _X26, "第五条", "年满十八岁……可以申请加入中国共产党。", False, _UNCONFIRMED_2026),
    _c("DEV-STEP-1", _X26, "第六条", "入党申请人应当向工作、学习所在单位党组织提出入党申请。", False, _UNCONFIRMED_2026),
    _c("DEV-TALK-1M", _X26, "第七条", "党组织收到入党申请书后，应当在一个月内派人同入党申请人谈话。", False, _UNCONFIRMED_2026),
    _c("DEV-STEP-3", _X26, "第八条", "由支部委员会研究决定，并报上级党委备案。", False, _UNCONFIRMED_2026),
    _c("DEV-CONTACTS", _X26, "第九条", "党组织应当指定一至两名正式党员作入党积极分子的培养联系人。", False, _UNCONFIRMED_2026),
    _c("DEV-REVIEW-6M", _X26, "第十一条", "党支部每半年对入党积极分子进行一次考察。", False, _UNCONFIRMED_2026),
    _c("DEV-ACTIVIST-1Y", _X26, "第十三条", "经过一年以上培养教育和考察、基本具备党员条件的入党积极分子……可列为发展对象。", False, _UNCONFIRMED_2026),
    _c("DEV-PUBLICITY-CANDIDATE", _X26, "第十三条", "列为发展对象前应当公示，公示期不少于五个工作日；支部委员会讨论并报上级党委同意。", False, _UNCONFIRMED_2026),
    _c("DEV-INTRODUCERS", _X26, "第十四条", "发展对象应当有两名正式党员作入党介绍人。受留党察看处分、尚未恢复党员权利的党员，不能作入党介绍人。", False, _UNCONFIRMED_2026),
    _c("DEV-POLITICAL-REVIEW", _X26, "第十六条", "凡是未经政治审查或者政治审查不合格的，不能发展入党。", False, _UNCONFIRMED_2026),
    _c("DEV-TRAINING", _X26, "第十七条", "培训时间一般不少于三天或者不少于二十四个学时。", False, _UNCONFIRMED_2026),
    _c("DEV-PRETRIAL", _X26, "第十八条", "支部委员会审查合格后，报具有审批权限的基层党委预审。", False, _UNCONFIRMED_2026),
    _c("DEV-LEAVING-3M", _X26, "第十八条", "发展对象未来三个月内将离开工作、学习单位的，一般不办理接收预备党员的手续。", False, _UNCONFIRMED_2026),
    _c("DEV-MEETING-1M", _X26, "第十九条", "通过上级党委预审后，党支部应当在一个月内提交支部大会讨论。", False, _UNCONFIRMED_2026),
    _c("VOTE-QUORUM", _X26, "第二十条", "有表决权的到会人数必须超过应到会有表决权人数的半数。", False, _UNCONFIRMED_2026),
    _c("VOTE-PASS", _X26, "第二十条", "赞成人数超过应到会有表决权的正式党员的半数，才能通过接收预备党员的决议。", False, _UNCONFIRMED_2026),
    _c("VOTE-ONE-BY-ONE", _X26, "第二十条", "支部大会讨论两个以上的发展对象入党时，必须逐个讨论和表决。", False, _UNCONFIRMED_2026),
    _c("VOTE-WHO", _X26, "第二十条", "赞成人数超过应到会有表决权的正式党员的半数（预备党员没有表决权：党章 第七条）。", False, _UNCONFIRMED_2026),
    _c("DEV-UPPER-TALKER", _X26, "第二十三条", "上级党委在审批前，应当指派党委委员或组织员同发展对象谈话。", False, _UNCONFIRMED_2026),
    _c("DEV-APPROVAL-3M", _X26, "第二十五条", "党委一般应当在三个月内审批；遇特殊情况可适当延长，但不得超过六个月。", False, _UNCONFIRMED_2026),
    _c("DEV-GROUP", _X26, "第二十八条", "党组织应当及时将上级党委批准的预备党员编入党支部和党小组。", False, _UNCONFIRMED_2026),
    _c("DEV-OATH", _X26, "第二十九条", "预备党员必须面向党旗进行入党宣誓。", False, _UNCONFIRMED_2026),
    _c("DEV-OATH-1M", _X26, "第二十九条", "上级党委批准接收后，一般应当在一个月内组织入党宣誓。", False, _UNCONFIRMED_2026),
    _c("DEV-PROBATION-1Y", _X26, "第三十一条", "预备党员的预备期为一年，从支部大会通过其为预备党员之日算起。", False, _UNCONFIRMED_2026),
    _c("DEV-FULL-PROMPT", _X26, "第三十一条", "预备党员预备期满，党支部应当及时讨论其能否转为正式党员。", False, _UNCONFIRMED_2026),
    _c("DEV-EXTENSION", _X26, "第三十一条", "需要继续考察和教育的，可以延长一次预备期，延长时间不能少于半年，最长不超过一年。", False, _UNCONFIRMED_2026),
    _c("DEV-FULL-STEPS", _X26, "第三十二条", "本人提出书面转正申请……支部大会讨论、表决通过；报上级党委审批。", False, _UNCONFIRMED_2026),
    _c("DEV-FULL-VOTE", _X26, "第三十二条", "讨论预备党员转正的支部大会，对到会人数、赞成人数等要求与讨论接收预备党员的支部大会相同。", False, _UNCONFIRMED_2026),
    _c("DEV-FULL-APPROVAL-3M", _X26, "第三十三条", "党委对党支部上报的预备党员转正的决议，应当在三个月内审批。", False, _UNCONFIRMED_2026),
    _c("DEV-TRANSFER-IN-POSTPONE", _X26, "第三十五条", "对转入的预备党员，在其预备期满时，如认为有必要，可推迟讨论其转正问题，推迟时间不超过六个月。", False, _UNCONFIRMED_2026),
    _c("DEV-ARCHIVE", _X26, "第三十六条", "预备党员转正后，党支部应当及时将其入党材料归入本人人事档案。", False, _UNCONFIRMED_2026),
    # ---- 党章 -------------------------------------------------------------------------------------
    _c("DEV-FULL-PROMPT", "党章", "第七条", "预备党员预备期满，党的支部应当及时讨论他能否转为正式党员。"),
    _c("VOTE-WHO", "党章", "第七条", "预备党员的权利，除了没有表决权、选举权和被选举权以外，也同正式党员一样。"),
    _c("DUES-LAPSE", "党章", "第九条", "党员如果没有正当理由，连续六个月不参加党的组织生活，或不交纳党费，或不做党所分配的工作，就被认为是自行脱党。"),
    # ---- 党费规定 --------------------------------------------------------------------------------
    _c("DUES-RATE", "党费规定", "第二条", "党员交纳党费的比例为：每月工资收入（税后）在3000元以下（含3000元）者，交纳月工资收入的"
       "0.5%；3000元以上至5000元（含5000元）者，交纳1%；5000元以上至10000元（含10000元）者，交纳1.5%；10000元以上者，交纳2%。"),
    _c("DUES-BASE-CHANGE", "党费规定", "第十条", "党员工资收入发生变化后，从按新工资标准领取工资的当月起，以新的工资收入为基数，"
       "按照规定比例交纳党费。"),
    _c("DUES-TIMING", "党费规定", "第十二条", "党员应当增强党员意识，主动按月交纳党费。遇到特殊情况，经党支部同意，可以每季度交纳一次"
       "党费，也可以委托其亲属或者其他党员代为交纳或者补交党费。补交党费的时间一般不得超过6个月。"),
    # ---- 支部条例 --------------------------------------------------------------------------------
    _c("ORG-MIN-MEMBERS", "支部条例", "第四条", "凡是有正式党员3人以上的，都应当成立党支部。"),
    _c("ORG-MAX-MEMBERS", "支部条例", "第四条", "党支部党员人数一般不超过50人。"),
    _c("MTG-QUARTERLY-CONGRESS", "支部条例", "第十一条", "党支部党员大会是党支部的议事决策机构，由全体党员参加，一般每季度召开1次。"),
    _c("VOTE-QUORUM-CONGRESS", "支部条例", "第十一条", "表决必须有半数以上有表决权的党员到会方可进行，赞成人数超过应到会有表决权的党员的半数为通过。"),
    _c("MTG-MONTHLY-COMMITTEE", "支部条例", "第十二条", "党支部委员会会议一般每月召开1次，根据需要可以随时召开。"),
    _c("VOTE-COMMITTEE", "支部条例", "第十二条", "党支部委员会会议须有半数以上委员到会方可进行。"),
    _c("MTG-MONTHLY-GROUP", "支部条例", "第十三条", "党小组会一般每月召开1次。"),
    _c("MTG-THREE-MEETINGS", "支部条例", "第十六条", "党支部应当组织党员按期参加党员大会、党小组会和上党课，定期召开党支部委员会会议。"),
    _c("MTG-MONTHLY-THEME-DAY", "支部条例", "第十六条", "党支部每月相对固定1天开展主题党日，组织党员集中学习、过组织生活、进行民主议事和志愿服务等。"),
    _c("MTG-THEME-DAY-FIXED", "支部条例", "第十六条", "党支部每月相对固定1天开展主题党日，组织党员集中学习、过组织生活、进行民主议事和志愿服务等。",
       note="固定日由各支部在“设置 → 规则与节假日”中设置；默认不固定，不检查"),
    _c("MTG-YEARLY-LIFE", "支部条例", "第十七条", "党支部每年至少召开1次组织生活会，一般安排在第四季度，也可以根据工作需要随时召开。"),
    _c("MTG-YEARLY-REVIEW", "支部条例", "第十八条", "党支部一般每年开展1次民主评议党员……党支部委员会会议或者党员大会根据评议情况和党员日常表现情况，提出评定意见。",
       False, "条号按条文顺序（第十七条组织生活会、第二十条支部委员会均已核对）推定"),
    _c("MTG-YEARLY-TALKS", "支部条例", "第十九条", "党支部应当经常开展谈心谈话。党支部委员之间、党支部委员和党员之间、党员和党员之间，每年谈心谈话一般不少于1次。",
       False, "条号按条文顺序（第十七条组织生活会、第二十条支部委员会均已核对）推定"),
    _c("ORG-COMMITTEE", "支部条例", "第二十条", "有正式党员7人以上的党支部，应当设立党支部委员会。党支部委员会由3至5人组成，一般不超过7人。……正式党员不足7人的党支部，设1名书记，必要时可以设1名副书记。"),
    _c("ORG-TERM", "支部条例", "第二十一条", "村、社区党支部委员会每届任期5年，其他基层单位党支部委员会一般每届任期3年。"),
    # ---- 教育条例 --------------------------------------------------------------------------------
    _c("MTG-STUDY-HOURS", "教育条例", "第二十条", "党员每年参加集中学习培训和集体学习时间一般不少于32学时。",
       False, "学时要求的内容已核对；条号取自 domain.md，公开副本中未见条号"),
    _c("TRANSFER-RELATION", "教育条例", "第二十五条", "党员工作单位、经常居住地发生变动的，或者外出学习、工作、生活6个月以上并且地点相对固定的，应当转移组织关系。"),
    _c("TRANSFER-RECORD", "教育条例", "第二十五条", "党员组织关系是指党员对党的基层组织的隶属关系。每个党员都必须编入党的一个支部、小组或者其他特定组织。"),
    # ---- 本校做法 (settings) ----------------------------------------------------------------------
    _c("MTG-QUARTERLY-LECTURE", "本校做法", "", "党课每季度至少1次（本校做法；支部条例 第十六条要求按期上党课，未规定次数）。"),
    _c("MTG-SECRETARY-LECTURE", "本校做法", "", "支部书记每年至少讲1次党课（本校做法；支部条例 第十六条对党委（党组）书记作此要求）。"),
    _c("MTG-DRAFTS", "本校做法", "", "草稿和没有内容的会议记录不计入规定次数。"),
    _c("MTG-HELD-ONLY", "本校做法", "", "会议召开后才计入规定次数：日期在今天之后的记录不计入。"),
    _c("MTG-RECORDS-START", "本校做法", "", "规定次数从台账启用日期（未设置的，从各党支部最早的会议记录）起检查；此前的月份不在台账记录期间。"),
    _c("RECT-MONTHLY-REVIEW", "本校做法", "", "整改措施逐项明确责任人和完成时限，每月对账，完成后凭佐证材料销号。"),
    _c("MENTOR-NO-ACTIVITY", "本校做法", "", "结对帮扶应经常开展活动；连续多日（默认60天）没有活动即提醒。"),
    _c("MENTOR-END-NO-EVALUATION", "本校做法", "", "结对帮扶按年度签订协议并考核评价。"),
    _c("DEV-PUBLICITY-PRETRIAL-LOCAL", "本校做法", "", "预审后公示（2014年文本未规定天数，本校按5个工作日）。"),
)

CITATIONS: dict[tuple[str, str], Citation] = {(c.rule, c.text): c for c in _ROWS}
_BY_RULE: dict[str, list[Citation]] = {}
for _row in _ROWS:
    _BY_RULE.setdefault(_row.rule, []).append(_row)


def cite(rule: str, text: str | None = None) -> Citation:
    """The citation of a rule (in one text, when the rule is in several); KeyError names the rule
    missing from the table, so a rule without a citation cannot reach a user."""
    if text is not None:
        found = CITATIONS.get((rule, text))
        if found is not None:
            return found
        raise KeyError(f"{rule} 在 {text} 中没有引文")
    rows = _BY_RULE.get(rule)
    if not rows:
        raise KeyError(f"{rule} 没有引文")
    return rows[0]


def sources(*citations: Citation) -> str:
    """Several bases in one line: 支部条例 第十一条；细则2014 第二十条."""
    return "；".join(dict.fromkeys(c.source for c in citations))


def citations_markdown() -> str:
    """docs/citations.md: the table as a reviewer reads it."""
    lines = [
        "# 规则依据对照表（citation table）",
        "",
        "Generated from `branchdesk/domain/citations.py` by `python docs/make_citations.py`; do not edit by hand.",
        "",
        "每条检查规则 → 所依据的文本 → 条号 → 原文。“条号已核对”为“否”的，条文内容已核对，但条号未在公开文本中见到，"
        "说明列写明依据。",
        "",
        "| 文本 | 全称 |",
        "|---|---|",
    ]
    lines += [f"| {t.short} | {t.title}{f'，{t.in_force:%Y-%m-%d} 起施行' if t.in_force else ''} |"
              for t in TEXTS.values()]
    lines += ["", "| 规则 | 文本 | 条号 | 原文 | 条号已核对 | 说明 |", "|---|---|---|---|---|---|"]
    for c in sorted(_ROWS, key=lambda c: (c.rule, list(TEXTS).index(c.text))):
        lines.append(f"| {c.rule} | {TEXTS[c.text].short} | {c.article or '—'} | {c.quote} | "
                     f"{'是' if c.confirmed else '否'} | {c.note} |")
    return "\n".join(lines) + "\n"
