"""数据包 (issue 20): the rules of exchanging records between the committee and its branches,
as plain data and functions (no SQL, no files): version vectors, who keeps which record, and the
words the user sees."""
