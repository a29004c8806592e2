"""The server messages the kit builds itself, in one place.

When the core's builders land (``ErrorMessage.from_error``,
``ProjectStatusChangeMessage.from_change``), these become one-line calls to them.
"""

from __future__ import annotations

from shared_types import (
    ErrorMessage,
    ErrorPayload,
    ProjectStatusChange,
    ProjectStatusChangeMessage,
    ProjectStatusChangePayload,
)

__all__ = ["error_message", "status_change_message"]


def error_message(code: str, text: str) -> ErrorMessage:
    """The ``error`` event with ``code`` and ``text``, stamped now."""
    return ErrorMessage(payload=ErrorPayload(error=code, message=text))


def status_change_message(change: ProjectStatusChange) -> ProjectStatusChangeMessage:
    """The ``projectStatusChange`` event of ``change``, stamped now."""
    return ProjectStatusChangeMessage(payload=ProjectStatusChangePayload(data=change))
