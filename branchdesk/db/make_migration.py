"""Developer tool: write a new Alembic revision by comparing the models with a database at head.

    python -m branchdesk.db.make_migration "meetings" --rev-id 0002

Review the generated file before committing it; autogenerate misses renames and data moves, and it
includes every table of the models that no migration creates yet: keep only your own.
For a new area, branch off the foundation: --head 0001 --branch-label meetings
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from alembic import command

from branchdesk.db.engine import Database, make_engine
from branchdesk.db.migrate import upgrade
from branchdesk.db.revisions import alembic_config


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("message")
    parser.add_argument("--rev-id", required=True)
    parser.add_argument("--head", default="head", help="the revision to build on, e.g. 0001 for a new area branch")
    parser.add_argument("--branch-label", default=None, help="label of a new branch of the history (an area)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        database = Database(make_engine(Path(folder) / "scratch.sqlite"))
        upgrade(database)
        config = alembic_config()
        with database.engine.begin() as connection:
            config.attributes["connection"] = connection
            command.revision(
                config, message=args.message, autogenerate=True, rev_id=args.rev_id, head=args.head,
                splice=args.head != "head", branch_label=args.branch_label,
            )
        database.close()


if __name__ == "__main__":
    main()
