"""All mapped tables. Each area adds its module here so Alembic and the tests see one metadata."""

from branchdesk.db.base import Base
from branchdesk.db.models.member import Member, MemberDiscipline, MemberMove
from branchdesk.db.models.organisation import CommitteePost, Organisation, Setting

__all__ = ["Base", "CommitteePost", "Member", "MemberDiscipline", "MemberMove", "Organisation", "Setting"]

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
    MeetingAttachment,
    MeetingAttendance,
    MeetingExemption,
    MeetingHistory,
    MeetingKindLink,
    MeetingPlan,
    MeetingReviewResult,
    MeetingVote,
)

__all__ += ["Meeting", "MeetingAttachment", "MeetingAttendance", "MeetingExemption", "MeetingHistory",
            "MeetingKindLink", "MeetingPlan", "MeetingReviewResult", "MeetingVote"]

from branchdesk.db.models.history import ChangeLog  # noqa: E402

__all__ += ["ChangeLog"]

from branchdesk.db.models.development import DevDocument, DevPerson, DevRecord, DevReview, DevStep  # noqa: E402

__all__ += ["DevDocument", "DevPerson", "DevRecord", "DevReview", "DevStep"]

from branchdesk.db.models.rectification import (  # noqa: E402
    RectEvidence,
    RectHistory,
    RectLedger,
    RectMeasure,
    RectProblem,
    RectProgress,
)

__all__ += ["RectEvidence", "RectHistory", "RectLedger", "RectMeasure", "RectProblem", "RectProgress"]

from branchdesk.db.models.study import StudyRecord  # noqa: E402

__all__ += ["StudyRecord"]

from branchdesk.db.models.exchange import (  # noqa: E402
    ExchangeConflict,
    ExchangePackage,
    ExchangePeer,
    ExchangeSite,
    ExchangeUnit,
)

__all__ += ["ExchangeConflict", "ExchangePackage", "ExchangePeer", "ExchangeSite", "ExchangeUnit"]

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
