"""Domain errors. Messages are safe to show to the actor: they never carry personal data.

Every refusal carries a stable ``code`` (the API returns it): a member of the domain's error enum
(``wsr/<domain>/errors.py``) or, for the refusals core raises itself, of ``CoreErrorCode``.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any


class CoreErrorCode(StrEnum):
    REFUSED = "refused"
    TRANSITION_NOT_ALLOWED = "transition_not_allowed"
    FORBIDDEN = "forbidden"
    NOT_FOUND = "not_found"
    CONFLICT = "conflict"
    THROTTLED = "throttled"
    LOG_BAD_REQUEST = "log_bad_request"
    LOG_TREE_INCOMPLETE = "log_tree_incomplete"
    TRANSPARENCY_PAYLOAD_INVALID = "transparency_payload_invalid"


class DomainError(Exception):
    """A refused business action, with a message for the person who asked."""

    def __init__(self, message: Any, *, code: str = CoreErrorCode.REFUSED) -> None:
        super().__init__(str(message))
        self.message = message
        self.code = code


class TransitionNotAllowed(DomainError):
    def __init__(self, current: str, target: str) -> None:
        super().__init__(f"Cannot move from '{current}' to '{target}'.", code=CoreErrorCode.TRANSITION_NOT_ALLOWED)
        self.current = current
        self.target = target


class CapabilityMissing(DomainError):
    def __init__(self, capability: str) -> None:
        super().__init__(f"You do not have the permission '{capability}'.", code=CoreErrorCode.FORBIDDEN)
        self.capability = capability


class NotFound(Exception):
    """The object does not exist for this actor (absent, or outside their scope): a 404 page or a
    JSON 404, the same answer either way. Deliberately not a ``DomainError``: views and handlers
    that turn a refusal into a form error or a 400 must not swallow it (decision 0013)."""

    def __init__(self, what: Any = "object") -> None:
        super().__init__(f"No such {what}.")
        self.message = f"No such {what}."
        self.code = CoreErrorCode.NOT_FOUND


class ConcurrentChange(DomainError):
    def __init__(self, what: str = "record") -> None:
        super().__init__(
            f"This {what} was changed by someone else meanwhile. Reload and try again.", code=CoreErrorCode.CONFLICT
        )


class Throttled(DomainError):
    def __init__(self, retry_after: int) -> None:
        super().__init__(f"Too many attempts. Try again in {retry_after} seconds.", code=CoreErrorCode.THROTTLED)
        self.retry_after = retry_after
