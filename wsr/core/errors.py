"""Domain errors. Messages are safe to show to the actor: they never carry personal data."""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """A refused business action, with a message for the person who asked."""

    def __init__(self, message: Any, *, code: str = "refused") -> None:
        super().__init__(str(message))
        self.message = message
        self.code = code


class TransitionNotAllowed(DomainError):
    def __init__(self, current: str, target: str) -> None:
        super().__init__(f"Cannot move from '{current}' to '{target}'.", code="transition_not_allowed")
        self.current = current
        self.target = target


class CapabilityMissing(DomainError):
    def __init__(self, capability: str) -> None:
        super().__init__(f"You do not have the permission '{capability}'.", code="forbidden")
        self.capability = capability


class NotFound(Exception):
    """The object does not exist for this actor (absent, or outside their scope): a 404 page or a
    JSON 404, the same answer either way. Deliberately not a ``DomainError``: views and handlers
    that turn a refusal into a form error or a 400 must not swallow it (decision 0013)."""

    def __init__(self, what: Any = "object") -> None:
        super().__init__(f"No such {what}.")
        self.message = f"No such {what}."
        self.code = "not_found"


class ConcurrentChange(DomainError):
    def __init__(self, what: str = "record") -> None:
        super().__init__(f"This {what} was changed by someone else meanwhile. Reload and try again.", code="conflict")


class Throttled(DomainError):
    def __init__(self, retry_after: int) -> None:
        super().__init__(f"Too many attempts. Try again in {retry_after} seconds.", code="throttled")
        self.retry_after = retry_after
