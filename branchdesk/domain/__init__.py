"""Rules and plain data classes. No Qt, no SQL: everything here is testable on its own."""
