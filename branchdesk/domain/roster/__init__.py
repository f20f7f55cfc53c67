"""Members and their validation."""
