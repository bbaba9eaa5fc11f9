"""Stable codes of the refusals of alerts and notification preferences (clients may rely on them:
a value never changes once released). No Django here (transitions import it)."""

from __future__ import annotations

from enum import StrEnum


class AlertErrorCode(StrEnum):
    NOT_ON_CALL = "not_on_call"
    ALREADY_ACKNOWLEDGED = "already_acknowledged"
    NOTE_TOO_LONG = "note_too_long"
    NOT_STAFF = "not_staff"
    BAD_PHONE = "bad_phone"
    BAD_MODE = "bad_mode"
