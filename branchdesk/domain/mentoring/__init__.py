"""结对帮扶: pairs, the activity log and the reminders."""
