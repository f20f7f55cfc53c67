"""Reasons for a missed 党小组会 in the 数据包 (T10-18; MTG-MONTHLY-GROUP, 支部条例 第十三条): a reason
belongs to the 党小组 it was typed for, so a reason for one group and one for the other in the same
month are two records and both travel with their group; a package of a version before reasons had a
group (no group column in its rows) still imports, and its reason stays the whole branch's."""

from __future__ import annotations

from pathlib import Path

from branchdesk.domain.meetings.records import MeetingKind as K
from branchdesk.domain.vocabulary import OrgKind
from branchdesk.services.exchange import serialise
from branchdesk.services.meetings.calendar import list_exemptions, save_exemption
from branchdesk.services.roster.organisation import create_org
from tests.exchange.exchange_helpers import org_id, send

BRANCH = "第一党支部"


def _reasons(db) -> list[tuple[str, str, str, str]]:  # type: ignore[no-untyped-def]
    return sorted((e.branch, e.group, e.period, e.reason) for e in list_exemptions(db))


def test_two_groups_reasons_of_one_month_go_up_as_two_records_with_their_groups(joined, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    committee, branch = joined
    create_org(committee, "第二党小组", OrgKind.GROUP, org_id(committee, BRANCH))
    assert send(committee, branch, tmp_path, to=BRANCH).ok
    here = org_id(branch, BRANCH)
    save_exemption(branch, here, K.GROUP, "2025-02", "寒假期间党员分散，3月补开", group="第一党小组")
    save_exemption(branch, here, K.GROUP, "2025-02", "与支部党员大会合并召开", group="第二党小组")
    save_exemption(branch, here, K.THEME_DAY, "2025-02", "寒假")
    result = send(branch, committee, tmp_path)
    assert result.ok and not result.conflicts
    assert _reasons(committee) == _reasons(branch) == [
        (BRANCH, "", "2025-02", "寒假"),
        (BRANCH, "第一党小组", "2025-02", "寒假期间党员分散，3月补开"),
        (BRANCH, "第二党小组", "2025-02", "与支部党员大会合并召开")]
    assert send(committee, branch, tmp_path, to=BRANCH).ok  # and back: nothing doubled
    assert len(list_exemptions(branch)) == 3


def test_a_package_from_a_version_before_groups_still_imports_as_the_whole_branchs(
        joined, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    committee, branch = joined
    save_exemption(branch, org_id(branch, BRANCH), K.GROUP, "2025-03", "全支部参加区教研活动")
    real = serialise.encode_row

    def older(table, values, gids, visible=None):  # type: ignore[no-untyped-def]
        row, withheld, blocked = real(table, values, gids, visible)
        if table.name == "meeting_exemptions":  # the version before 0163 has no such column
            row.pop("group_id", None)
        return row, withheld, blocked

    monkeypatch.setattr(serialise, "encode_row", older)
    result = send(branch, committee, tmp_path)
    assert result.ok, result
    [record] = list_exemptions(committee)
    assert (record.group_id, record.group, record.reason) == (None, "", "全支部参加区教研活动")
