"""`python -m branchdesk` behaves exactly like the `branchdesk` command."""

from branchdesk.cli.main import main

raise SystemExit(main())
