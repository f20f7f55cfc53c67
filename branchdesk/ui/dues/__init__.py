"""The 党费 page (domain.md §5): the year grid, the 收缴 dialog, members' bases, the branch's totals
and hand-ups, the payments and the settings."""
