"""党员学习学时: the hours rule and its arithmetic."""
