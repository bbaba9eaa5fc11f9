"""The Code of Conduct workflow as data: which moves exist and what each needs. No Django here.

A version moves draft -> proposed -> adopted -> superseded. A proposed version can go back to
draft (withdrawn for more edits), which discards any approval it had. Approval is not a status:
it is the worker organisation's signature on one exact proposed content (its SHA-256), and the
adoption move is refused without it (the worker-driven gate).
"""

from __future__ import annotations

from enum import StrEnum

from wsr.core.errors import CapabilityMissing, DomainError, TransitionNotAllowed
from wsr.standards.capabilities import StandardsCapability as S


class CodeStatus(StrEnum):
    DRAFT = "draft"
    PROPOSED = "proposed"
    ADOPTED = "adopted"
    SUPERSEDED = "superseded"


MOVES: dict[tuple[CodeStatus, CodeStatus], S] = {
    (CodeStatus.DRAFT, CodeStatus.PROPOSED): S.EDIT_CODE,  # propose for approval
    (CodeStatus.PROPOSED, CodeStatus.DRAFT): S.EDIT_CODE,  # withdraw for more edits (approval dropped)
    (CodeStatus.PROPOSED, CodeStatus.ADOPTED): S.ADOPT_CODE,  # only with the worker organisation's approval
    (CodeStatus.ADOPTED, CodeStatus.SUPERSEDED): S.ADOPT_CODE,  # happens when the next version is adopted
}

# Reasons a step is refused for business rules (services turn them into translated messages).
NOT_APPROVED = "not_approved"
CHANGED_SINCE_APPROVAL = "changed_since_approval"
ALREADY_APPROVED = "already_approved"
NOT_WORKER_ORGANISATION = "not_worker_organisation"
NOT_PROPOSED = "not_proposed"
NOT_DRAFT = "not_draft"


class GateRefused(DomainError):
    """A business rule (not a missing capability) refuses the step; ``code`` names which."""

    def __init__(self, code: str) -> None:
        super().__init__(code, code=code)


def is_editable(status: CodeStatus) -> bool:
    """Only drafts change: provisions and texts of a proposed or adopted version are frozen."""
    return status == CodeStatus.DRAFT


def check_move(
    current: CodeStatus,
    target: CodeStatus,
    held: frozenset[str],
    *,
    approved_hash: str = "",
    content_hash: str = "",
) -> None:
    needed = MOVES.get((CodeStatus(current), CodeStatus(target)))
    if needed is None:
        raise TransitionNotAllowed(current, target)
    if needed not in held:
        raise CapabilityMissing(needed)
    if target == CodeStatus.ADOPTED:
        if not approved_hash:
            raise GateRefused(NOT_APPROVED)
        if approved_hash != content_hash:
            raise GateRefused(CHANGED_SINCE_APPROVAL)


def check_approve(
    current: CodeStatus, held: frozenset[str], *, in_worker_organisation: bool, already_approved: bool
) -> None:
    """The worker organisation of the program approves one proposed version, once."""
    if S.APPROVE_CODE not in held:
        raise CapabilityMissing(S.APPROVE_CODE)
    if not in_worker_organisation:
        raise GateRefused(NOT_WORKER_ORGANISATION)
    if CodeStatus(current) != CodeStatus.PROPOSED:
        raise GateRefused(NOT_PROPOSED)
    if already_approved:
        raise GateRefused(ALREADY_APPROVED)


def check_new_draft(held: frozenset[str]) -> None:
    """Any version (or none) can be the base of a new draft."""
    if S.EDIT_CODE not in held:
        raise CapabilityMissing(S.EDIT_CODE)


def check_edit(current: CodeStatus, held: frozenset[str]) -> None:
    if S.EDIT_CODE not in held:
        raise CapabilityMissing(S.EDIT_CODE)
    if not is_editable(CodeStatus(current)):
        raise GateRefused(NOT_DRAFT)
