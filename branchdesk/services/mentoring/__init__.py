"""结对帮扶: pairs, their activity log, outcomes and evaluations."""
