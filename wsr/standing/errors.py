"""Stable codes of the refusals of standing: the API returns them (``code``) and clients may
rely on them, so a value never changes once released. No Django here (transitions import it)."""

from __future__ import annotations

from enum import StrEnum


class StandingErrorCode(StrEnum):
    # moves refused by transitions.py (decisions.refusal keeps the code)
    GROUNDS_NOT_ACCEPTED = "grounds_not_accepted"
    ONBOARDING_AUDIT_MISSING = "onboarding_audit_missing"
    NO_OVERDUE_SERIOUS_CAP = "no_overdue_serious_cap"
    OVERDUE_SERIOUS_CAP_LEFT = "overdue_serious_cap_left"
    MINIMUM_NOT_ELAPSED = "minimum_not_elapsed"
    CAP_NOT_VERIFIED = "cap_not_verified"
    REENTRY_AUDIT_MISSING = "reentry_audit_missing"
    STAGE_NOT_ELAPSED = "stage_not_elapsed"
    MEETING_NOT_HELD = "meeting_not_held"
    REMEDY_NOT_ALLOWED = "remedy_not_allowed"
    REMEDY_TOO_LATE = "remedy_too_late"
    REASON_REQUIRED = "reason_required"
    # refusals of the services
    NO_FACILITY = "no_facility"
    INVALID_CHOICE = "invalid_choice"
    NOT_ESCALABLE = "not_escalable"
    ALREADY_ESCALATED = "already_escalated"
    NOT_STAGE_2 = "not_stage_2"
    BAD_DATE = "bad_date"
    NOT_ADDRESSEE = "not_addressee"
    ALREADY_ACKNOWLEDGED = "already_acknowledged"
    RESPONSE_REQUIRED = "response_required"
    ALREADY_RESPONDED = "already_responded"
    TEXT_REQUIRED = "text_required"
    DECISION_REQUIRED = "decision_required"
    FACILITY_REQUIRED = "facility_required"
    ANSWER_REQUIRED = "answer_required"
    ALREADY_ANSWERED = "already_answered"
    FORBIDDEN = "forbidden"
    CASE_DECIDED = "case_decided"
    REMEDY_REQUIRED = "remedy_required"
    FACILITY_IN_GOOD_STANDING = "facility_in_good_standing"
    WEBHOOK_URL_REFUSED = "webhook_url_refused"
    WEBHOOK_EVENTS_REQUIRED = "webhook_events_required"
    WEBHOOK_DISABLED = "webhook_disabled"
