"""What every form and every import reports when a value is wrong: the field, named in Chinese as on
the form and in the Excel template, and what to fix. Validation returns all of them at once, so a form
or an import report can show every problem together instead of one per attempt."""

from __future__ import annotations

from dataclasses import dataclass

from branchdesk.domain.text import length_problem


@dataclass(frozen=True, slots=True)  # slots: an import of a bad ledger may hold a million of them
class FieldError:
    """One problem with one field of a form or a ledger row, in the words the user sees."""

    field: str  # the Chinese column name, as on the form and in the Excel template
    message: str

    def __str__(self) -> str:
        return f"{self.field}：{self.message}"


def too_long(values: dict[str, str | None], kinds: dict[str, str] | None = None) -> list[FieldError]:
    """A FieldError for every value longer than its field accepts (issue 21: a 300-character name broke
    the PDF; lengths are limited at entry as at import). `values` maps the field's Chinese name to what
    was typed; its limit is the name's kind in domain.text.FIELD_LIMITS, or `kinds[name]` (a key of
    MAX_LENGTH) for a field the import table does not name."""
    errors: list[FieldError] = []
    for name, value in values.items():
        if value and (message := length_problem(value.strip(), (kinds or {}).get(name, name))):
            errors.append(FieldError(name, message))
    return errors
