"""`python -m branchdesk` behaves exactly like the `branchdesk` command."""

from branchdesk.cli import main

raise SystemExit(main())
