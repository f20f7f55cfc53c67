"""The 缴费基数 form's warning before saving a base that reaches back before a 支部调整 (DUES-BASE-CHANGE,
党费规定 第十条, domain.md §5; trial D, TD-9), as a rule finding: the form shows it in the app's usual rule
warning (ui/widgets/rule_warning.py), which names the article and saves only with a reason, and the reason
is kept with the finding (services/finding_notes.py) — a yes/no question kept nothing of why."""

from __future__ import annotations

from datetime import date

from branchdesk.db.engine import Database
from branchdesk.domain.citations import cite
from branchdesk.domain.dues.bases import REACH_STEP, reach_period
from branchdesk.domain.dues.months import Month
from branchdesk.domain.findings import Finding, Severity
from branchdesk.services.dues.import_job import Members, base_reaches_back
from branchdesk.services.finding_notes import with_reasons

RULE = "DUES-BASE-CHANGE"
_ADVICE = "；如只适用于本支部，请把起始月份改为 "  # how base_reaches_back ends (the imports' report says it so)


def base_reach_findings(db: Database, member_id: int, applies_from: Month, today: date | None = None) -> list[Finding]:
    """What saving a base for `member_id` from `applies_from` would need a reason for: none when the base
    does not reach back before the member came to his present branch, or a reason was already given."""
    with db.reading(), db.session() as session:
        members = Members(session)
        branch = members.branch_names.get(members.current.get(member_id, 0), "")
        text = base_reaches_back(members, branch, member_id, applies_from, today or date.today(), "这条缴费基数")
        if not text:
            return []
        # the month to write instead stays in the warning's line: a "请…" advice is not shown by the
        # rule warning (domain/finding_text.headline keeps the line a finding is listed by)
        main, _, month = text.partition(_ADVICE)
        message = f"{main}（只适用于本支部的，起始月份应为 {month}）" if month else text
        citation = cite(RULE)
        finding = Finding(Severity.WARNING, message, rule=RULE, source=citation.source, quote=citation.quote,
                          branch=branch, person=members.names[member_id], step=REACH_STEP,
                          period=reach_period(applies_from), area="党费")
        return [f for f in with_reasons(session, [finding]) if not f.annotation]
