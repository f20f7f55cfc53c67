"""整改台账: statuses, figures and plain records."""
