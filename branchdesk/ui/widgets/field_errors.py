"""Forms that show every validation problem beside its field at once (the same `FieldError`s the
services and the Excel imports report), shared by every editor dialog."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from PySide6.QtWidgets import QFormLayout, QLabel, QVBoxLayout, QWidget

from branchdesk.domain.validation import FieldError


def checked_form(fields: Sequence[str], widgets: Iterable[QWidget]) -> tuple[QFormLayout, dict[str, QLabel]]:
    """A form with one row per field: the widget, and under it a red label that stays hidden until
    that field has a problem. Returns the form and the error labels by field name."""
    form = QFormLayout()
    errors: dict[str, QLabel] = {}
    for label, widget in zip(fields, widgets, strict=True):
        error = QLabel()
        error.setObjectName(f"error_{label}")
        error.setStyleSheet("color: #b00020;")
        error.setWordWrap(True)
        error.hide()
        errors[label] = error
        box = QVBoxLayout()
        box.setSpacing(1)
        box.addWidget(widget)
        box.addWidget(error)
        form.addRow(label, box)
    return form, errors


def show_field_errors(labels: dict[str, QLabel], errors: Iterable[FieldError]) -> dict[str, list[str]]:
    """Show each problem beside its field and clear the others; return the problems of fields that
    have no row of their own, for the caller to show another way."""
    by_field: dict[str, list[str]] = {}
    for error in errors:
        by_field.setdefault(error.field, []).append(error.message)
    for field, label in labels.items():
        messages = by_field.pop(field, None)
        label.setText("；".join(messages or []))
        label.setVisible(bool(messages))
    return by_field
