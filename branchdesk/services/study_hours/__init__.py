"""党员学习学时 (MTG-STUDY-HOURS): study records and the year's hours."""
