"""党费 (domain.md §5) use cases: records.py (bases, payments, hand-ups, settings), store.py (bulk
loaders), checks.py (findings), excel.py (import / export / template), demo.py, figures.py (the
year-end chapter), commands.py (the command line's adapters, argument parsing left to the CLI)."""
