"""Which 党支部 the 党委 has never had a 上报 from (services/exchange/kept.unreported_branches, the one source
the year-end volume is given: trial D, TD-2). A branch whose site was added again (支部换了电脑) has sent
before: its records up to the change are in the 党委's database and counted, so it is not 未上报 while the
new PC has not yet sent (review 13-4, F1)."""

from __future__ import annotations

from pathlib import Path

from branchdesk.services.exchange import records as exchange
from branchdesk.services.exchange.kept import unreported_branches


def _unreported(db) -> list[str]:  # type: ignore[no-untyped-def]
    with db.reading(), db.session() as session:
        return unreported_branches(session)


def test_a_branch_set_up_again_after_it_reported_is_not_unreported(joined, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    committee, _branch = joined
    assert _unreported(committee) == []
    exchange.add_site(committee, "第二党支部", tmp_path / "第二.bdsetup")  # set up, never sent
    assert _unreported(committee) == ["第二党支部"]
    exchange.add_site(committee, "第一党支部", tmp_path / "新电脑.bdsetup", replace=True)  # its new PC: not sent yet
    assert _unreported(committee) == ["第二党支部"]
    exchange.add_site(committee, "第二党支部", tmp_path / "第二-再.bdsetup", replace=True)  # set up again, never sent
    assert _unreported(committee) == ["第二党支部"]
