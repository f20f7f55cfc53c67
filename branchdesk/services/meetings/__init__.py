"""三会一课、主题党日、组织生活会与民主评议: records, the regulation calendar, plans."""
