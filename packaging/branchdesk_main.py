"""The bundle's entry point: the same `branchdesk` command as `pip install` gives (window or CLI)."""

from branchdesk.cli.main import main

raise SystemExit(main())
