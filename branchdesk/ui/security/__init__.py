"""数据加密 in the window (issue 8): the unlock prompt at start, 设置 → 数据加密, the recovery key shown
once, and the idle lock that hides every page behind a password screen."""
