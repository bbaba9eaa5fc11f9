"""Event kinds written on Code of Conduct versions. The values are the stored verbs: never rename one."""

from __future__ import annotations

from enum import StrEnum


class StandardsEvent(StrEnum):
    CODE_VERSION_CREATED = "code_version_created"
    PROVISION_ADDED = "provision_added"
    PROVISION_UPDATED = "provision_updated"
    PROVISION_REMOVED = "provision_removed"
    CODE_VERSION_PROPOSED = "code_version_proposed"
    CODE_VERSION_WITHDRAWN = "code_version_withdrawn"
    CODE_VERSION_APPROVED = "code_version_approved"
    CODE_VERSION_ADOPTED = "code_version_adopted"
    CODE_VERSION_SUPERSEDED = "code_version_superseded"
