"""Inside a report's snapshot the settings and the dated 支部调整 are read once and shared by the
chapters (issue 18): each reader gives what it gives on its own, outside a snapshot."""

from __future__ import annotations

from branchdesk.db.queries import get_setting, set_setting
from branchdesk.services.dues.store import load_settings
from branchdesk.services.rule_settings import BranchSettings, load_branch_settings, save_branch_settings
from branchdesk.services.session import snapshot
from branchdesk.services.shared_reads import branch_moves, load_branch_moves, setting, shared_settings


def test_a_setting_reads_alike_in_a_snapshot_and_on_its_own(demo_db) -> None:  # type: ignore[no-untyped-def]
    with demo_db.session() as session:
        set_setting(session, "staff_count", "120")
        set_setting(session, "Branch.9.study_hours", "40")  # another case: not a branch setting's key
    branch_id = 1
    save_branch_settings(demo_db, branch_id, BranchSettings(group_meeting_months=3, study_hours=24))
    keys = ("staff_count", "school_name", "no.such.key")
    with demo_db.session() as session:
        assert shared_settings(session) is None  # outside a snapshot: every reader reads for itself
        alone = ([get_setting(session, k, "默认") for k in keys], [setting(session, k, "默认") for k in keys],
                 load_branch_settings(session, [branch_id, 9]), load_settings(session), load_branch_moves(session))
    with snapshot(demo_db) as session:
        shared = ([get_setting(session, k, "默认") for k in keys], [setting(session, k, "默认") for k in keys],
                  load_branch_settings(session, [branch_id, 9]), load_settings(session), branch_moves(session))
        assert shared_settings(session) is shared_settings(session)  # one reading for the snapshot
        assert branch_moves(session) is shared[4]
    assert alone == shared
    assert alone[1] == ["120", get_setting_value(demo_db, "school_name"), "默认"]
    assert alone[2][branch_id] == BranchSettings(group_meeting_months=3, study_hours=24)


def get_setting_value(db, key: str) -> str:  # type: ignore[no-untyped-def]
    with db.session() as session:
        return get_setting(session, key)
