"""结对帮扶 pages and dialogs (issue 5)."""
