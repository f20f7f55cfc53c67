"""The year-end report: every area's figures gathered from one snapshot."""
