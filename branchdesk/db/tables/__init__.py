"""The schema as SQLAlchemy Core tables, on the one `metadata` the mapped classes of db/models use.

Why (issue 18): mapping a class costs far more than building its table — the 31 classes of the
year-end report's tables some 415 M instructions against some 146 M for the tables alone, and
`sqlalchemy.orm` itself another 253 M — while a command that only reads, such as `report annual`,
needs the tables and nothing of the ORM (db/table_reads.py). So the columns, types, defaults,
constraints and indexes live here (one module an area, as db/models), once; each class of db/models maps its table (`__table__ =
tables.members`, "declarative with imperative table") and adds what only the ORM needs: typed
attributes, relationships, validators, deferred loading, the version counter. A reader that needs no
record objects imports this module and never pays for the mapping.

Constraint names follow NAMING_CONVENTION, so Alembic migrations get stable names (SQLite batch
migrations need named constraints to alter a table); `tests/storage` compares this schema with the
one the migrations build. A table added later is declared here and mapped in db/models: a table of
records ends with `*stamps()` (created/updated/deleted) and `gid_column()` (db/global_ids.py)."""

from branchdesk.db.tables.annual_summary import annual_summary_texts
from branchdesk.db.tables.common import NAMING_CONVENTION, metadata
from branchdesk.db.tables.development import dev_documents, dev_people, dev_records, dev_reviews, dev_steps
from branchdesk.db.tables.dues import (
           dues_bases,
           dues_brackets,
           dues_hand_ups,
           dues_payment_months,
           dues_payments,
)
from branchdesk.db.tables.exchange import (
           exchange_conflicts,
           exchange_packages,
           exchange_peers,
           exchange_site,
           exchange_units,
)
from branchdesk.db.tables.finding_notes import finding_notes
from branchdesk.db.tables.history import change_log
from branchdesk.db.tables.meeting_details import meeting_attachments, meeting_history, meeting_votes
from branchdesk.db.tables.meeting_plans import meeting_plans
from branchdesk.db.tables.meetings import (
           meeting_attendance,
           meeting_exemptions,
           meeting_kinds,
           meeting_review_results,
           meetings,
)
from branchdesk.db.tables.member import member_discipline, member_moves, member_not_expected, members
from branchdesk.db.tables.mentoring import (
           mentoring_activities,
           mentoring_attachments,
           mentoring_evaluations,
           mentoring_outcomes,
           mentoring_pairs,
)
from branchdesk.db.tables.organisation import committee_posts, org_names, organisations, settings
from branchdesk.db.tables.rect_history import rect_history
from branchdesk.db.tables.rectification import (
           rect_evidence,
           rect_ledgers,
           rect_measures,
           rect_problems,
           rect_progress,
)
from branchdesk.db.tables.study import study_records

__all__ = ["NAMING_CONVENTION", "metadata",
           "organisations",
           "org_names",
           "committee_posts",
           "settings",
           "members",
           "member_moves",
           "member_discipline",
           "member_not_expected",
           "mentoring_pairs",
           "mentoring_activities",
           "mentoring_outcomes",
           "mentoring_evaluations",
           "mentoring_attachments",
           "meetings",
           "meeting_kinds",
           "meeting_attendance",
           "meeting_review_results",
           "meeting_exemptions",
           "meeting_votes",
           "meeting_attachments",
           "meeting_history",
           "meeting_plans",
           "change_log",
           "dev_records",
           "dev_steps",
           "dev_people",
           "dev_reviews",
           "dev_documents",
           "rect_ledgers",
           "rect_problems",
           "rect_measures",
           "rect_progress",
           "rect_evidence",
           "rect_history",
           "study_records",
           "dues_brackets",
           "dues_bases",
           "dues_payments",
           "dues_payment_months",
           "dues_hand_ups",
           "finding_notes",
           "annual_summary_texts",
           "exchange_site",
           "exchange_peers",
           "exchange_units",
           "exchange_packages",
           "exchange_conflicts",
]
