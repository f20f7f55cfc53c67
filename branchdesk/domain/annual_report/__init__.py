"""The year-end report as plain data, its tables and its draft summaries."""
