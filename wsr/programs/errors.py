"""Stable codes of the refusals of programs: the API returns them (``code``) and clients may
rely on them, so a value never changes once released. No Django here (transitions may import it)."""

from __future__ import annotations

from enum import StrEnum


class ProgramErrorCode(StrEnum):
    SLUG_RESERVED = "slug_reserved"
    SEASON_NAME_MISSING = "season_name_missing"
    SEASON_ENDS_BEFORE_START = "season_ends_before_start"
    SEASON_NAME_TAKEN = "season_name_taken"
    SEASON_OVERLAPS = "season_overlaps"
    INVALID_RULES = "invalid_rules"
