"""三会一课 and 主题党日 pages (issue 3)."""
