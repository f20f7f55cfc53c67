"""Developer tool: write a new Alembic revision by comparing the models with a database at head.

    python -m branchdesk.db.make_migration "meetings" --rev-id 0002

Review the generated file before committing it; autogenerate misses renames and data moves.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from alembic import command

from branchdesk.db.engine import Database, make_engine
from branchdesk.db.migrate import alembic_config, upgrade


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("message")
    parser.add_argument("--rev-id", required=True)
    parser.add_argument("--head", default="head", help="the revision to build on (when several heads exist)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        database = Database(make_engine(Path(folder) / "scratch.sqlite"))
        upgrade(database)
        config = alembic_config()
        with database.engine.begin() as connection:
            config.attributes["connection"] = connection
            command.revision(config, message=args.message, autogenerate=True, rev_id=args.rev_id, head=args.head)
        database.close()


if __name__ == "__main__":
    main()
