"""Excel and PDF reports built from DTOs (never from the database directly)."""
