"""All mapped tables. Each area adds its module here so Alembic and the tests see one metadata.

Some tables are mapped when one of their classes is first named — `from branchdesk.db.models import
ExchangePeer` — or by `load_all()`: the exchange's book-keeping (数据包), a meeting's votes, attachments
and edit history, the annual meeting plan and a measure's status history. Mapping costs a few
milliseconds a table (issue 18): a command or a window that never opens one of those does not pay for
them at start — the year-end report reads none. Whatever needs every table of the schema (Alembic,
copying a database to a server, verify, the recycle bin, the 数据包 registry, the schema tests) calls
`load_all()` first."""

import importlib
from typing import TYPE_CHECKING, Any

from branchdesk.db.base import Base
from branchdesk.db.models.member import Member, MemberDiscipline, MemberMove, MemberNotExpected
from branchdesk.db.models.organisation import CommitteePost, Organisation, OrgName, Setting

__all__ = ["Base", "CommitteePost", "Member", "MemberDiscipline", "MemberMove", "MemberNotExpected", "OrgName", "Organisation", "Setting"]

from branchdesk.db.models.mentoring import (  # noqa: E402
    MentoringActivity,
    MentoringAttachment,
    MentoringEvaluation,
    MentoringOutcome,
    MentoringPair,
)

__all__ += ["MentoringActivity", "MentoringAttachment", "MentoringEvaluation", "MentoringOutcome", "MentoringPair"]

from branchdesk.db.models.meetings import (  # noqa: E402
    Meeting,
    MeetingAttendance,
    MeetingExemption,
    MeetingKindLink,
    MeetingReviewResult,
)

__all__ += ["Meeting", "MeetingAttendance", "MeetingExemption", "MeetingKindLink", "MeetingReviewResult"]

from branchdesk.db.models.history import ChangeLog  # noqa: E402

__all__ += ["ChangeLog"]

from branchdesk.db.models.development import DevDocument, DevPerson, DevRecord, DevReview, DevStep  # noqa: E402

__all__ += ["DevDocument", "DevPerson", "DevRecord", "DevReview", "DevStep"]

from branchdesk.db.models.rectification import (  # noqa: E402
    RectEvidence,
    RectLedger,
    RectMeasure,
    RectProblem,
    RectProgress,
)

__all__ += ["RectEvidence", "RectLedger", "RectMeasure", "RectProblem", "RectProgress"]

from branchdesk.db.models.study import StudyRecord  # noqa: E402

__all__ += ["StudyRecord"]

if TYPE_CHECKING:
    from branchdesk.db.models.exchange import (
        ExchangeConflict,
        ExchangePackage,
        ExchangePeer,
        ExchangeSite,
        ExchangeUnit,
    )
    from branchdesk.db.models.meeting_details import MeetingAttachment, MeetingHistory, MeetingVote
    from branchdesk.db.models.meeting_plans import MeetingPlan
    from branchdesk.db.models.rect_history import RectHistory

__all__ += ["ExchangeConflict", "ExchangePackage", "ExchangePeer", "ExchangeSite", "ExchangeUnit",
            "MeetingAttachment", "MeetingHistory", "MeetingVote", "MeetingPlan", "RectHistory"]
# class name -> the module (under db/models) that maps it when the name is first asked for
_ON_FIRST_USE = {
    **{name: "exchange" for name in __all__ if name.startswith("Exchange")},
    **dict.fromkeys(("MeetingAttachment", "MeetingHistory", "MeetingVote"), "meeting_details"),
    "MeetingPlan": "meeting_plans",
    "RectHistory": "rect_history",
}

from branchdesk.db.models.dues import (  # noqa: E402
    DuesBase,
    DuesBracket,
    DuesHandUp,
    DuesPayment,
    DuesPaymentMonth,
)

__all__ += ["DuesBase", "DuesBracket", "DuesHandUp", "DuesPayment", "DuesPaymentMonth"]

from branchdesk.db.models.finding_notes import FindingNote  # noqa: E402

__all__ += ["FindingNote"]

from branchdesk.db.models.annual_summary import AnnualSummaryText  # noqa: E402

__all__ += ["AnnualSummaryText"]


def load_all() -> None:
    """Map every class, those mapped on first use included, so `Base.registry` knows every record class.
    (`Base.metadata` — db/tables/ — holds every table from the start.)"""
    for module in sorted(set(_ON_FIRST_USE.values())):
        importlib.import_module(f"{__name__}.{module}")


if not TYPE_CHECKING:  # the type checker reads the real imports above, and still flags a misspelt name

    def __getattr__(name: str) -> Any:
        module = _ON_FIRST_USE.get(name)
        if module is None:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        return getattr(importlib.import_module(f"{__name__}.{module}"), name)
