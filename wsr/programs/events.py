"""Event kinds written on programs. The values are the stored verbs: never rename one."""

from __future__ import annotations

from enum import StrEnum


class ProgramEvent(StrEnum):
    PROGRAM_CREATED = "program_created"
    PROGRAM_RULES_CHANGED = "program_rules_changed"
    SEASON_ADDED = "season_added"
