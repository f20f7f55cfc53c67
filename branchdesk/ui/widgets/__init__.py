"""Widgets every page shares: the record table model and its filter, inline field errors, button rows."""
