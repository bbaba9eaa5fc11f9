"""Who is acting, and what they may do where.

An ``Actor`` is built once per request (or command) from the user's memberships. Capabilities are
plain strings defined as ``StrEnum`` members in each domain's ``capabilities.py``; the single
role -> capability table lives in ``wsr.accounts.roles``. Scope is (program, organisation, object):
``grants`` maps a program's row id to the capabilities held in it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from wsr.core.errors import CapabilityMissing


@dataclass(frozen=True)
class Actor:
    user: Any | None
    label: str
    organisation_id: int | None = None
    organisation_kind: str = ""
    grants: Mapping[int, frozenset[str]] = field(default_factory=dict)
    is_platform_admin: bool = False
    # The platform itself (a management command, a scheduled sweep): not a person, not the public.
    is_system: bool = False

    @classmethod
    def system(cls, label: str = "system") -> Actor:
        return cls(user=None, label=label, is_system=True)

    @classmethod
    def anonymous(cls, label: str = "public") -> Actor:
        return cls(user=None, label=label)

    @property
    def is_authenticated(self) -> bool:
        return self.user is not None

    def can(self, capability: str, program_id: int | None) -> bool:
        if program_id is None:
            return any(capability in caps for caps in self.grants.values())
        return capability in self.grants.get(program_id, frozenset())

    def require(self, capability: str, program_id: int | None) -> None:
        if not self.can(capability, program_id):
            raise CapabilityMissing(capability)

    def program_ids_with(self, capability: str) -> set[int]:
        return {pid for pid, caps in self.grants.items() if capability in caps}

    @property
    def program_ids(self) -> set[int]:
        return set(self.grants)
