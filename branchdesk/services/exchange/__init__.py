"""数据包 (issue 20): exchanging records between the committee and its branches by file. The use
cases are in records.py; docs/ARCHITECTURE.md (数据包) describes how the pieces fit."""
