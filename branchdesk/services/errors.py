"""Errors a service raises for the user to read; every message is plain Chinese."""

from __future__ import annotations

from branchdesk.domain.validation import FieldError


class ServiceError(Exception):
    """Base class: str(error) is a sentence for the user."""


class NotFound(ServiceError):
    pass


class ValidationFailed(ServiceError):
    def __init__(self, errors: list[FieldError]) -> None:
        self.errors = errors
        super().__init__("；".join(str(e) for e in errors))


class ConflictError(ServiceError):
    """Someone else saved the record since it was opened (optimistic version check)."""


class RuleViolation(ServiceError):
    """The action is not allowed by a rule of the domain (the message names it)."""
