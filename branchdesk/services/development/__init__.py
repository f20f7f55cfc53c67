"""发展党员: a person's 25 steps from 入党申请 to 转正, and their checks."""
