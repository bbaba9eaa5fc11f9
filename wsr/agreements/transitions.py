"""The agreement lifecycle as data: every allowed move and the capability it needs. No Django here.

    draft -> signed -> active -> expired
               |         \\-> terminated
               \\-> terminated | expired (superseded or past its end before it ever took effect)

Moves made by the clock (activation when ``effective_from`` is reached, expiry after
``effective_until``) are made by the sweep acting with ``SIGN`` in the program.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from wsr.agreements.capabilities import AgreementCapability
from wsr.core.errors import CapabilityMissing, TransitionNotAllowed


class AgreementStatus(StrEnum):
    DRAFT = "draft"
    SIGNED = "signed"
    ACTIVE = "active"
    EXPIRED = "expired"
    TERMINATED = "terminated"


S = AgreementStatus

MOVES: dict[tuple[AgreementStatus, AgreementStatus], AgreementCapability] = {
    (S.DRAFT, S.SIGNED): AgreementCapability.SIGN,
    (S.SIGNED, S.ACTIVE): AgreementCapability.SIGN,
    (S.SIGNED, S.EXPIRED): AgreementCapability.SIGN,
    (S.SIGNED, S.TERMINATED): AgreementCapability.SIGN,
    (S.ACTIVE, S.EXPIRED): AgreementCapability.SIGN,
    (S.ACTIVE, S.TERMINATED): AgreementCapability.SIGN,
}

# Editing terms, parties and the document is possible only while nothing has been signed.
EDITABLE = frozenset({S.DRAFT})
# A signed or active agreement binds the brand; only these can be amended or terminated.
BINDING = frozenset({S.SIGNED, S.ACTIVE})
FINAL = frozenset({S.EXPIRED, S.TERMINATED})


def check_move(current: str, target: str, held: frozenset[str]) -> None:
    """Raise unless ``current -> target`` is an allowed move and ``held`` has its capability."""
    needed = MOVES.get((AgreementStatus(current), AgreementStatus(target)))
    if needed is None:
        raise TransitionNotAllowed(current, target)
    if needed not in held:
        raise CapabilityMissing(needed)


def allowed_targets(current: str) -> list[AgreementStatus]:
    return [to for (frm, to) in MOVES if frm == current]


def check_editable(current: str) -> None:
    if current not in EDITABLE:
        raise TransitionNotAllowed(current, "edited")


def check_amendable(current: str) -> None:
    if current not in BINDING:
        raise TransitionNotAllowed(current, "amended")


def activation_due(status: str, effective_from: dt.date, today: dt.date) -> bool:
    return status == S.SIGNED and effective_from <= today


def expiry_due(status: str, effective_until: dt.date | None, today: dt.date) -> bool:
    """An agreement runs through the whole of its last day and expires the day after."""
    return status in BINDING and effective_until is not None and effective_until < today
