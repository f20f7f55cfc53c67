"""The year-end report's figures do not change when the way they are gathered does (issue 18: the
report reads each table once, in bulk). Each case below is the report of the demo school or of the
real-shaped year (tests/shared/real_year.py), gathered for a fixed day and fingerprinted part by
part (report_digest.py); the expected fingerprints were taken from the report as it was gathered
before the bulk readers, whose figures the other tests of this folder and tests/shared/test_real_year.py
check against hand counts.

A deliberate change to a figure changes a fingerprint: check the new figures against those tests,
then print the new fingerprints with `python -m tests.annual_report.test_gather_unchanged` and
paste them below."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from branchdesk.db.engine import Database
from branchdesk.services.annual_report.records import gather_report, scope_names
from tests.annual_report.report_digest import digests
from tests.conftest import DEMO_TODAY

# case -> part -> fingerprint (taken before the bulk readers)
# the real year's basic since trial V (TV-9): 李娜 and 赵敏, on the roster before the 发展党员 ledger linked them, keep the
# 民族/学历/工作岗位 the roster gave (the ledger has no such column and once erased them): 学历 大学本科 47 → 49 and
# 未填写 4 → 2, 民族 汉族 54 → 56 and 未填写 4 → 2, their two 名册 rows filled; nothing else changed
# the real year's head and meetings since: no 支委会 required of 高二 (before its September 转正) and 高三,
# under 7 正式党员 (支部条例 第二十条) — 支部委员会 36/16 (tests/shared/test_real_year.py)
# the real year's summaries since trial 9 (T9-25): branches founded in September cover part of the year, so
# the 年度工作总结 says its judgement is "台账记录期间内" (test_year_before_records.py)
# the real year's one-branch head since T9-15: its branch has no 党小组, so 党小组会 reads "0/不适用" in the 汇总, as
# the chapters print it (it read "0/0")
# the demo's development since T9-13: 3 votes of June 2026 到会/赞成 16, not 17 — 吴思远 and 蒋子轩, whose 转正 was
# approved in July, have no vote at their own 转正 meeting nor at 邵菁霭's 接收 (VOTE-WHO); nothing else changed
# the demo's development since trial V (TV-14): every vote of the 逐人逐环节 register gives 应到 first, "支部大会讨论接收（应到18人，
# 实到16人，赞成16票）" where it read "（到会16人，赞成16票）" (VOTE-PASS is judged against 应到); 20 labels, nothing else changed
# every case's dues since the 党费 ledger follows dated 支部调整: the chapter carries its 合计 line (DuesSection.school,
# each member counted once); with that field left out every dues fingerprint is the one before, and the line equals
# the sum of the branch lines (no member of these data sets moved between branches); nothing else changed
# the demo's year before and the real year at mid-year, meetings, since the 党员学时明细 gives each member's category at
# the volume's day (membership.category_on), as the 党员名册 does: 6 demo members admitted in 2025 (蒋子轩, 王育菁, 吴思远,
# 曾卿蕊, 万琳荔, 江丽月) and 孙丽, 陈刚 at 2025-06-30 read 预备党员 there, as in 党员名册 (they read today's 正式党员);
# nothing else changed
# every case's basic since TV-3: a 支部委员 who left the branch holds no post after that day, his post listed
# vacant (CommitteeRow.vacant); with that field left out where empty every basic fingerprint is the one before
# (none of these data sets has a committee member who left); nothing else changed
# every case's meetings since TV-10: a member who left the roster (转出、离世、出党) is listed in the 学时 register
# "不作评定（日期 方式）" and not counted among the branch's 党员/达标/未达标 (StudyRow.departed_names); with that
# field left out where empty every meetings fingerprint is the one before except the demo's whole school, whose
# 韩梦瑶 and 石雅琪 (出党 2026-09-01) are no longer judged — 达标 112/128 → 111/126, 未达标 16 → 15 (head, meetings)
# every case's meetings since TV-4: the days of a year's 民主评议 with no grade recorded (LifeReviewRow.ungraded);
# with that field left out where empty the demo's fingerprints are the ones before (its reviews are graded); the
# real year's 2025-12-26 reviews were imported from the ledger, which has no grades: 6 branches (1 in the
# one-branch case) list them, and its summaries add "其中6个党支部尚未录入评议结果" — nothing else changed
# every case's dues since TV-2: DuesBranchRow.hand_ups_recorded / payments_recorded (已交, 已上缴 and 未上缴 read
# 未登记 where nothing is recorded); with those fields left out where they hold their default (True) every dues
# fingerprint is the one before — the demo's year records both; the other cases' dues sections are empty
# ("本年度尚未登记党费收缴记录。"), their rows not printed — nothing else changed
# every case's dues since TV-8: DuesSection.moved / departed (who the 党员 counts hold beyond the year-end roster);
# with them left out where empty every dues fingerprint is the one before except the demo's whole school, whose
# 合计 128 holds 韩梦瑶 and 石雅琪 (出党 2026-09-01): the note names them, and its 党费 paragraph reads
# "全校128名党员（含年内转出、离世或出党的2名）…" (summaries) — nothing else changed
# merged (the lead): the parts both sides above changed — the demo's year before and the real year at mid-year,
# meetings (category at the volume's day + TV-10/TV-4 fields), the real year's basic (TV-9 + TV-3 field) — are taken from
# the merged code; every other part equals the one its own change gave (checked part by part)
# every case's development and summaries since T10-9: the chapter counts the year's 接收 / 转正 of the roster that no
# 发展党员 record covers (DevelopmentSection.unrecorded_admitted / unrecorded_full; with those fields left out every
# development fingerprint is the one before) and the paragraph says they could not be checked — demo 0+4 (王育菁,
# 曾卿蕊, 万琳荔, 江丽月 转正 without a record), the year before 4+6, the real year 2+2 (王磊, 蒋涛; 孙丽, 陈刚);
# nothing else changed
# the demo's year before, meetings, since T10-17: the six branches' 2025年度 组织生活会暨民主评议党员 of 2026-01-09 are
# register rows with late False (所属期间 "2025年度", not "2025年度（补开）": held in January for the past year, domain.md
# §2); nothing else changed
# merged again (the lead, with T10-9/T10-17): the parts both sides changed take the merged code's figures; every
# other part equals the one its own change gave (checked part by part)
# every case's head and summaries since TV-6: the 汇总 reads 各项会议未按规定召开（期） and 各项会议平均出勤率 (labels
# only), the 年度工作总结 says 各项会议党员平均出勤率 (其中三会一课 …) and splits 尚有N期未按规定召开 by chapter; no
# figure changed (checked part by part against the report gathered by the code before)
# every case's basic since TV-11: each branch line and the section carry 支部调整 调入/调出 (moved_in, moved_out), 0
# in all these data sets (with those fields left out every basic fingerprint is the one before); the one-branch
# cases' head since: the volume is named under its 党委 (中共大同市第二中学校委员会高二年级党支部), and the real year's
# one-branch meetings: its 记录起始 reads "2025年1月1日起（最早的会议记录）", not "全部党支部：…"; nothing else changed
# merged with TV-5/6/11/13 (the lead): the parts both sides changed take the merged code's figures; every other part
# equals the one its own change gave (checked part by part)
# the demo's meetings, development and (the year before) head, basic, summaries since TY-4: a member is on the roster
# from her 转入; the 党费 demo's 组织关系转入 of 2026-04-20 (邓琰, 高二) now holds her only from then — not in the 2025
# roster (党员 118 → 117, 高二 19 → 18, its 学时 19 → 18 members, its 谈心谈话 应覆盖 43 → 24 without its 书记), 2026 学时
# required 32 → 24 (8 months); the demo's votes are counted once the whole demo is built (recount_demo_votes): 高二's
# 支部大会讨论接收 votes (3 in each register) read 应到/实到/赞成 one fewer; nothing else changed
# the demo's year before and the real year at mid-year, head, development and summaries, since TY-6: the 发展党员 register
# shows each case as it stood on the volume's day (domain.md §4) — the demo's 2025 volume no longer prints its cases' 2026
# steps (14 预备党员 → 6; 发展对象 4 → 6, 入党积极分子 4 → 12, 申请人 0 → 2 at 2025-12-31; their 2026 people, the 取消 of
# 2026-09-01 and 2 问题 about 2026 introducers gone; 2 提醒 "派人谈话 即将到期 2026-01-22" judged on 2025-12-31; the
# paragraph "问题2项、提醒0项" → "问题0项、提醒2项"); the real year made on 2025-06-30 leaves out the steps dated after it
# (方圆's 2025-10-08 申请: 递交入党申请书 1 → 0 in the 汇总 and the paragraph; 提醒 14 → 12); nothing else changed
# every case's development since TY-18: DevRow.extension (延长预备期: decided on, months, until, reason); with that field
# left out where None every development fingerprint is the one before except the demo's whole school, whose two extended
# 预备党员 (范晓彤, 曹俊杰: 2026-09-21, 6 个月, 至 2027-03-21) list the 支部大会's decision in their 逐人逐环节 steps; nothing
# else changed
# every case's development since TY-11: DevRow.full_date (转正日期, the end of probation; DevRow.full is the 转正审批日期);
# with that field left out where None every development fingerprint is the one before except where a 转正 was approved in
# the volume's year: its step reads "上级党委审批转正（转正日期 …）" — the demo's whole school 2 cases (转正日期 2026-06-10,
# 2026-06-15), one branch 1, the real year after its end and at mid-year 1 (2025-04-10); nothing else changed
# every case's meetings since TY-13: KindRow.pending / pending_until (last year's 组织生活会/民主评议 still in time until
# 03-31, domain.md §2); with those fields left out where 0/None every meetings fingerprint is the one before except the real
# year after its end (made 2026-01-20): 3 branches' 2025 组织生活会 and 民主评议 (6 periods) are "待召开（截止 2026-03-31）",
# not 未完成 — 各项会议未按规定召开 8 → 2 and "各项会议待召开（期） 6（截止3月31日）" (head), and the paragraph names them as
# still to be held instead of "组织生活会与民主评议6期" (summaries); nothing else changed
# every case's summaries since TY-14: the meetings paragraph's total adds up as written — "共召开会议N次（其中K次为支部党员
# 大会与主题党日合并召开…，按形式分别计入以上各项）" instead of "共N次会议（一次会议兼具多种形式的分别计数）", and 组织生活会/
# 民主评议党员 held for the year are named in the list (the total counted their sittings); the sum of the forms equals the
# sittings plus the combined ones in every case (demo 246 = 229 + 17; the real year 238 = 198 + 34 + 6); nothing else changed
# merged TY-4 with TY-6/18/11/13/14 (the lead): the parts both sides changed — the demo's meetings and development in
# all three cases, and the year before's head and summaries — take the merged code's figures; every other part
# equals the one its own change gave (checked part by part)
# the demo's head, basic, meetings, development, dues and summaries (all three demo cases) since the demo's 转入 is a
# new member (NOTE11 "Smaller"): 叶沁 (高二, 组织关系转入 2026-04-20, made by the roster demo) instead of 邓琰 (高二's
# 书记, drawn by the 党费 demo) — the year before has 邓琰 again, undoing the TY-4 entry above (党员 117 → 118, 高二
# 18 → 19, its 学时 18 → 19 members, 谈心谈话 应覆盖 24 → 43, a 支部大会 vote's 应到/实到/赞成 one more); 2026 has
# 叶沁 from 04-20 (党员 126 → 127, 高二 21 → 22; on 高二's sheets from then, present at each: 应到/实到 +15 over 15
# sittings; its 谈心谈话 应覆盖 47 → 49; 学时 met 20 → 21); 高二's 支部大会 votes one more in 应到/实到/赞成 — those before
# 04-20 with 邓琰 again (2025-06-10, 2026-01-31, 2026-04-05), the 转正 vote of 2026-06-15 with 叶沁; the 党费 moves with
# her and with the bases of the members the development demo makes after her (the same arrears, by the same members);
# mentoring and rectification unchanged
# every case's basic since the dated 党小组 rename (TY-5): BasicSection.renamed_groups (the 党小组 renamed within the
# year, told once under the 党员名册); with that field left out where empty every fingerprint of every part is the one
# before (none of these data sets renames a group); nothing else changed
# merged with the demo's new 转入 above (the lead): the demo cases' basic took both changes; each part one side
# changed equals that side's figure in the merged code
# every case's meetings since TL-11's rest (NOTE12 "Left"): a 定稿 sitting dated after the volume's cut-off has not
# happened and is not counted (domain.md §2, domain/meetings/happened.py; MeetingsSection.later / later_cut_off); with
# those two fields left out every meetings fingerprint is the one before except the real year at mid-year (made
# 2025-06-30), which had counted the whole year's ledger: 104 sittings dated July–December are left out — 共召开会议
# 198 → 94, the register 198 → 94 rows (the 94 of 2025-06-30 and before, unchanged), by month January–June unchanged and
# July–December 0, 组织生活会/民主评议 6 → 0 held (all 9 branches' 2025年 进行中 in the gaps: 6 → 18 rows), 学时 达标 30 → 0
# (未达标 14 → 44; a member cannot have 32 学时 of sittings not yet held), 平均出勤率 97.8 % → 97.3 % (head, meetings); the
# paragraph says "另有104次已定稿的会议日期在2025年6月30日之后，未计入。" (summaries); nothing else changed
# every case's basic since a renamed 党支部 is told in the volume (NOTE12 "Left", rename): BasicSection.renamed_branches
# (the 党支部 in scope renamed since the year began, told once in the 各党支部党员情况 note); with that field left out every
# basic fingerprint is the one before (none of these data sets renames a branch); nothing else changed
# every case's dues since TK-8: DuesBranchRow.known_arrears / known_arrears_members / known_owed_months (the part of
# 欠交 that can be told when some member's months cannot); with those fields left out every dues fingerprint is the one
# before, and head and summaries are unchanged (no case has a branch whose 欠交 is partly told); nothing else changed
# merged: cal (meetings, basic) and tkdues (dues) each retook their parts; at the merge every part one side changed
# equals that side's figure in the merged code, and no part was changed by both (the lead)
# every case's head since trial D (TD-3): 已开/应开 in the 汇总 counts the periods met over the periods due (a rule is met
# per period, domain.md §2), with the sittings apart where they differ — the demo's lines only gain the unit
# ("17/24" → "17/24期"; no branch there held more than one in a period it met); the real year's 支部委员会 "36/16" →
# "16/16期（36次）" (after its end), "36/12" → "12/12期（36次）" (mid-year), "12/4" → "4/4期（12次）" (one branch), its other
# kinds gain the unit; checked line by line against the old formula (every other part, and head with the old
# formula, equal the fingerprints before); nothing else changed
# merged: tdvol (head) with cal/tkdues above; the real year at mid-year's head, changed by both cal and tdvol, takes
# the merged code's figure; every other part one side changed equals that side's figure in the merged code (the lead)
# the real year's head (after its end, at mid-year) since review 13-4 F6: 支部委员会（已开/应开） counts the sittings of the
# branches required to hold it only (高三年级党支部, not required, held 12): "16/16期（36次）" → "16/16期（24次）", "6/12期（18次）"
# → "6/12期", and a line "不要求召开支委会的党支部已开" "12次" follows it; with the old pair and no such line every part of
# every case equals the fingerprints before (checked); the other cases have no such mix; nothing else changed
# every case's meetings since vol3 item 2: MeetingsSection.later_months (the 定稿 sittings dated after the cut-off, by
# branch, kind and month: the month's cell in the 三会一课 table says one was left out); with that field left out every
# meetings fingerprint is the one before (checked case by case); no figure changed
# every case's meetings since vol3 item 5: KindRow.unrequired (of a kind's sittings, those in months the rule did not
# apply to while it applied to others: 支委会 before a committee was formed, MTG-MONTHLY-COMMITTEE); with that field left
# out every fingerprint of every part is the one before except the real year's head after its end and for one branch:
# 高二年级党支部's committee is required from September only (4 periods), and its 8 支委会 of January–August were counted
# in the pair — "16/16期（24次）" → "16/16期（另有8次在不要求召开的月份）" (school), "4/4期（12次）" → "4/4期（另有8次在不要求召开的
# 月份）" (one branch); nothing else changed
# every case's meetings since vol3 item 3: MeetingsSection.reported_later (at the 党委, the 定稿 sittings dated after the
# day a branch's newest 上报 was written: not counted); with that field left out every meetings fingerprint is the one
# before (checked case by case; none of these data sets takes part in the exchange); no figure changed
# every case's meetings since TR-4: LifeReviewRow.talks_logged (False where no 谈心谈话 of the year is recorded at all:
# the 组织生活会与民主评议 table reads 已覆盖/覆盖率 "未登记", not "0" and "0%"); the demo's 2026 cases record talks in
# every branch (the field only); the demo's year before (高三年级党支部) and every branch of the real year record none —
# their figure was wrong (0 项、0%) and now reads 未登记; nothing else changed
# the demo's 2026 cases' head since TR-15: the 汇总's 党费应交/已交/欠交/已上缴 are numbers (kind "money", written with
# #,##0.00) where they read "121,571.20" as text; the same amounts, the PDF prints them as before; unknown stays words;
# nothing else changed (the other cases have no 党费 lines)
# every case's rectification since TR-2: RectificationSection.elsewhere (a branch's volume: the year's ledgers filed at
# the 党委/党总支 above it); empty in the whole-school cases (the field only); the one-branch cases' 2026/2025 巡察 ledger
# (40 measures, filed at the 党委) is named there — 整改措施 reads "本支部0项（上级党组织整改台账另有40项）" for the bare 0
# (head) and the paragraph says where the ledger is (summaries); their own figures are unchanged
# every case's meetings since TR-5: a period in progress on the volume's day is not due (rules.period_over): KindRow.periods
# and periods_met count the periods over, and KindRow.running / running_met / running_held / running_label the one in
# progress. The cases made after their year (the year before, the real year after its end and one branch) only gain the
# fields (0, ""), every figure as before. The figures that were wrong: the demo's 2026 (made in November) "17/24期" →
# "17/18期（另有第四季度进行中）", 支部委员会 59/72 → 59/60, 党小组会 95/120 → 95/100, 主题党日 58/72 → 58/60 (另有11月进行中), 组织生活会
# and 民主评议 "0/6期" → "本年度进行中" (the branch alike: 3/4 → 3/3 …); the real year at mid-year "16/34期" →
# "8/8期（另有第二季度进行中，已开）", 支部委员会 6/12 → 5/5, 主题党日 48/100 → 40/40, 党小组会 12/24 → 10/10 (head), and the 三会一课
# table's 达标期数/适用期数 the same (meetings); nothing else changed
# merged vol3 and TR-5 (the lead): the 支委会 pair says both apart — the periods in progress (TR-5) and the sittings in
# months the rule did not apply to (vol3 item 5): "4/4期（另有8次在不要求召开的月份；另有…进行中）" where both occur; fingerprints retaken
# every case's meetings since rev5 (review of TR-5): a period in progress already met (its sitting held) is due and
# met, not said apart as "进行中，已开" — KindRow.running_met is gone, running / running_held count the periods in progress
# not met yet; the 三会一课 table's note reads "已结束或已召开的期间…尚未召开的不计入". The cases made after their year only
# lose the field; the demo's 2026 (11-20: no period in progress met) the field and the note's words; the figures that
# were wrong: the real year at mid-year (06-30, every branch's second quarter and June held) "8/8期（另有第二季度进行中，
# 已开）" → "16/16期" (支部党员大会, 党课), 支部委员会 5/5 → 6/6, 党小组会 10/10 → 12/12, 主题党日 40/40 → 48/48 (head), and the
# table's 达标期数/适用期数 the same (meetings); nothing else changed
# the real year after its end (made 2026-01-20), head and meetings, since rev5: last year's 组织生活会/民主评议 still in
# time until 03-31 (待召开, TY-13) are not due in the 已开/应开 pair either, as the check's 提醒 "可在…前召开" — "6/9期" →
# "6/6期（另有3期待召开，截止3月31日）" for both kinds (head); the 三会一课 table's 适用期数 of the 3 branches' rows 1 → 0
# and its note "…不计入“未完成”和适用期数" (meetings); nothing else changed
EXPECTED: dict[str, dict[str, str]] = {'demo, whole school': {'head': '6ee019f977b05830',
                        'basic': '093ea5f1baedd23a',
                        'meetings': '3585ff5be40bb9f1',
                        'development': '22a9162b59e2f84f',
                        'mentoring': 'e379ecc218b3df2d',
                        'rectification': '44feda0ceb9f89f0',
                        'dues': 'cef926a8d956492b',
                        'summaries': '200da0a54ae4884c'},
 'demo, one branch unmasked': {'head': '94ab99626b5eee96',
                               'basic': '9a532b884d3e573f',
                               'meetings': 'd3e8b4e1f7e199eb',
                               'development': 'f051831a592e9c01',
                               'mentoring': '1dbd1a99d94119c6',
                               'rectification': '7e476b57e4345465',
                               'dues': 'd92b9d19210d9633',
                               'summaries': '53015fcbc16b49a1'},
 'demo, the year before': {'head': '01021ff12df451b3',
                           'basic': 'd13e1d63252381e8',
                           'meetings': '2ec1d754b6430953',
                           'development': 'c95dfc8f577c3857',
                           'mentoring': 'ccbb4a3e8e6aa6a0',
                           'rectification': '3335e29888256eb2',
                           'dues': 'c760bae10b50ee0b',
                           'summaries': 'b3d59ef8918dbc4f'},
 'real year, after its end': {'head': 'af648b7f4d83574d',
                              'basic': 'abd3d9d73340a9d3',
                              'meetings': '39be39fae5b4da03',
                              'development': '45321954a542abbe',
                              'mentoring': 'bb03a6c7772ae2fe',
                              'rectification': '1dff88756ef030b5',
                              'dues': '8fcf2fd86e4175f7',
                              'summaries': '323f1c9e2bbd3f8a'},
 'real year, at mid-year': {'head': '3eb5987911e19b40',
                            'basic': '4ec1e1e32f6fc82b',
                            'meetings': 'b46d0b9e0d54f35a',
                            'development': 'c99fb5943c610832',
                            'mentoring': 'bb03a6c7772ae2fe',
                            'rectification': '88a796065e264902',
                            'dues': '9913f36a3840f589',
                            'summaries': '2422c87d72f5c62b'},
 'real year, one branch': {'head': '54d22e3a9ab3db05',
                           'basic': '7f63d968187bee95',
                           'meetings': '7ff5d51ed7b3f8f3',
                           'development': '5d009fe4df8da8d9',
                           'mentoring': '200bd3d54ab86a17',
                           'rectification': 'ced3a59a7bb510f9',
                           'dues': 'f75b43b298067831',
                           'summaries': '19303241f938dafe'}}

# case -> (data set, year, branch (index into the branches, or None), masked, generation day)
CASES: dict[str, tuple[str, int, int | None, bool, date]] = {
    "demo, whole school": ("demo", 2026, None, True, DEMO_TODAY),
    "demo, one branch unmasked": ("demo", 2026, 1, False, DEMO_TODAY),
    "demo, the year before": ("demo", 2025, None, True, DEMO_TODAY),
    "real year, after its end": ("real", 2025, None, True, date(2026, 1, 20)),
    "real year, at mid-year": ("real", 2025, None, True, date(2025, 6, 30)),
    "real year, one branch": ("real", 2025, 1, True, date(2026, 1, 20)),
}


def build_real_year(folder: Path) -> Path:
    """The five imports of the real-shaped year on a new database, as a school runs them."""
    from tests.shared import real_year as ry
    from tests.shared.test_real_year import LEDGER, _found_grade_one, _run

    files = ry.write_year(folder / "台账")
    db = folder / "真实 年度.sqlite"
    for kind, path, extra in (("roster", files.roster, []), ("development", files.development, []),
                              ("meetings", files.meetings, []), ("mentoring", files.mentoring, []),
                              ("rectification", files.rectification, ["--ledger", LEDGER])):
        if kind == "development":
            _found_grade_one(db)
        code, text = _run(["import", kind, str(path), "--db", str(db), *extra])
        assert code == 0, text
    return db


def fingerprints(db: Database, case: str) -> dict[str, str]:
    _data, year, branch, masked, day = CASES[case]
    name = None if branch is None else scope_names(db)[1][branch]
    return digests(gather_report(db, year, branch=name, masked=masked, generated_on=day))


@pytest.fixture(scope="module")
def databases(tmp_path_factory: pytest.TempPathFactory, demo_file) -> Iterator[dict[str, Database]]:  # type: ignore[no-untyped-def]
    from branchdesk.services import session

    folder = tmp_path_factory.mktemp("不变")
    demo = folder / "演示 数据库.sqlite"
    shutil.copyfile(demo_file(DEMO_TODAY), demo)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("BRANCHDESK_HOME", str(folder / "home"))  # the imports' backups go here
        real = build_real_year(folder)
    opened = {"demo": session.open(demo, daily_backup=False), "real": session.open(real, daily_backup=False)}
    yield opened
    for database in opened.values():
        database.close()


@pytest.mark.parametrize("case", list(CASES))
def test_the_report_gathers_the_same_figures(databases, case: str) -> None:  # type: ignore[no-untyped-def]
    found = fingerprints(databases[CASES[case][0]], case)
    changed = [part for part, digest in EXPECTED[case].items() if found[part] != digest]
    assert not changed, f"{case}: the figures of {', '.join(changed)} changed"
    assert found == EXPECTED[case]


if __name__ == "__main__":  # print the fingerprints of the code as it is (to paste above)
    import os
    import pprint
    import tempfile

    from branchdesk.services import session
    from branchdesk.services.demo import build_demo

    with tempfile.TemporaryDirectory() as tmp:
        os.environ["BRANCHDESK_HOME"] = str(Path(tmp) / "home")
        demo_path = Path(tmp) / "demo.sqlite"
        built = session.open(demo_path)
        build_demo(built, today=DEMO_TODAY)
        built.close()
        opened = {"demo": session.open(demo_path, daily_backup=False),
                  "real": session.open(build_real_year(Path(tmp)), daily_backup=False)}
        pprint.pprint({case: fingerprints(opened[CASES[case][0]], case) for case in CASES}, sort_dicts=False,
                      width=120)
        for database in opened.values():
            database.close()
