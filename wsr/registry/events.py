"""Event kinds written by the registry (facilities, participation, sourcing, imports).
The values are the stored verbs: never rename one."""

from __future__ import annotations

from enum import StrEnum


class RegistryEvent(StrEnum):
    FACILITY_CREATED = "facility_created"
    FACILITY_UPDATED = "facility_updated"
    FACILITY_COVERED = "facility_covered"
    ORGANISATION_UPDATED = "organisation_updated"
    PARTICIPATION_STARTED = "participation_started"
    SOURCING_STARTED = "sourcing_started"
    IMPORT_FINISHED = "import_finished"
    IMPORT_ROW_RESOLVED = "import_row_resolved"
    IMPORT_UNDONE = "import_undone"
    FACILITY_REMOVED = "facility_removed"
