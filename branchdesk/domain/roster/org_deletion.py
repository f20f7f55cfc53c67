"""Which organisation may be deleted (删除 → 回收站), and the words of a refusal (trial 9, T9-4).

A deleted organisation drops out of every year-end figure: its sittings, its calendar, the 学时 its
members earned in it. So an organisation is deleted only when nothing refers to it — no 下级组织, no
在册党员, and, for a 党支部, no history: no meeting on record, no 支部调整 to or from it, no member who
was in it and has left, no 发展党员, 结对帮扶, 党费上缴 or 整改 record. A 党支部 撤销 or merged into another
keeps its records by its 撤销日期 (成立与撤销日期, issue 13; domain.md §2 "the calendar starts at the later
of the database's 启用日期 and the branch's 成立日期" — and ends at its 撤销日期): the year before it stays
in the volume and nothing falls due after it. A 党小组 has no 撤销日期; it is refused only while it has
members or members who were in it (their records name it), as before.

No SQL here: the service counts the records and hands them in.
"""

from __future__ import annotations

from dataclasses import dataclass

from branchdesk.domain.vocabulary import OrgKind


@dataclass(frozen=True)
class OrgRecords:
    """What still refers to an organisation (live records only, counted)."""

    children: int = 0  # 下级组织 not in the 回收站
    members_now: int = 0  # 在册 in it (as their branch or 党小组)
    members_before: int = 0  # who were in it and have left (转出、离世、出党)
    members_binned: int = 0  # in the 回收站 with it as their branch or 党小组 (a restore puts them back)
    meetings: int = 0  # sittings on record (定稿 or not)
    moves: int = 0  # 支部调整 to or from it
    development: int = 0  # 发展党员 records
    mentoring: int = 0  # 结对
    dues: int = 0  # 党费上缴 records
    rectification: int = 0  # 整改台账


def deletion_refusal(name: str, kind: OrgKind, records: OrgRecords) -> str:
    """"" when the organisation may go to the 回收站; otherwise why not and what to do instead."""
    now = [text for count, text in ((records.children, f"下级组织 {records.children} 个"),
                                    (records.members_now, f"在册党员 {records.members_now} 名")) if count]
    history = [text for count, text in (
        (records.meetings, f"会议记录 {records.meetings} 次"),
        (records.moves, f"支部调整记录 {records.moves} 条"),
        (records.members_before, f"已转出、离世或出党的党员 {records.members_before} 名"),
        (records.members_binned, f"回收站中的党员 {records.members_binned} 名"),
        (records.development, f"发展党员记录 {records.development} 条"),
        (records.mentoring, f"结对帮扶记录 {records.mentoring} 条"),
        (records.dues, f"党费上缴记录 {records.dues} 条"),
        (records.rectification, f"整改台账 {records.rectification} 个"),
    ) if count]
    if not now and not history:
        return ""
    text = f"“{name}”不能删除：它有{'、'.join(now + history)}。"
    if records.members_now:
        text += "请先把在册党员调整到其他党支部（支部调整）。"
    if records.children:
        text += "请先删除下级组织。"
    if history and kind is OrgKind.GROUP:
        text += "这些党员的记录属于这个党小组。"
    elif history:
        text += "删除后这些记录不再计入年度台账和统计。"
        if kind is OrgKind.BRANCH:
            text += ("支部已撤销或合并的，请选中它，点“成立与撤销日期…”填写撤销日期："
                     "撤销日期以前的会议和学时仍计入当年台账，此后不再要求开会。")
    return text
