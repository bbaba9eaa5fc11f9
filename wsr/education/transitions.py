"""The materials workflow as data: every allowed move and the capability it needs. No Django here.

    draft -> published -> retired
      \\-> retired (a draft discarded without being used)

Publishing a version of a material in one language retires the version published before it in
that language (the service makes both moves in one transaction): educators always use the one
published version per (material, language).
"""

from __future__ import annotations

from enum import StrEnum

from wsr.core.errors import CapabilityMissing, TransitionNotAllowed
from wsr.education.capabilities import EducationCapability as E


class MaterialStatus(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    RETIRED = "retired"


M = MaterialStatus

MOVES: dict[tuple[MaterialStatus, MaterialStatus], E] = {
    (M.DRAFT, M.PUBLISHED): E.MANAGE_MATERIALS,
    (M.DRAFT, M.RETIRED): E.MANAGE_MATERIALS,
    (M.PUBLISHED, M.RETIRED): E.MANAGE_MATERIALS,
}

# Only what is published reaches workers and the public.
PUBLIC = frozenset({M.PUBLISHED})
FINAL = frozenset({M.RETIRED})


def check_move(current: str, target: str, held: frozenset[str]) -> None:
    """Raise unless ``current -> target`` is an allowed move and ``held`` has its capability."""
    needed = MOVES.get((MaterialStatus(current), MaterialStatus(target)))
    if needed is None:
        raise TransitionNotAllowed(current, target)
    if needed not in held:
        raise CapabilityMissing(needed)


def allowed_targets(current: str) -> list[MaterialStatus]:
    return [to for (frm, to) in MOVES if frm == current]
