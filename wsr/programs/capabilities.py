from enum import StrEnum


class ProgramCapability(StrEnum):
    VIEW = "program.view"  # the program's staff pages: participants, facilities, imports
    EDIT_RULES = "program.edit_rules"
    VIEW_HISTORY = "program.view_history"  # the internal event history
