"""报表 page (issue 7)."""
