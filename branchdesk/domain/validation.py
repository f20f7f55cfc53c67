"""What every form and every import reports when a value is wrong: the field, named in Chinese as on
the form and in the Excel template, and what to fix. Validation returns all of them at once, so a form
or an import report can show every problem together instead of one per attempt."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)  # slots: an import of a bad ledger may hold a million of them
class FieldError:
    field: str  # the Chinese column name, as on the form and in the Excel template
    message: str

    def __str__(self) -> str:
        return f"{self.field}：{self.message}"
