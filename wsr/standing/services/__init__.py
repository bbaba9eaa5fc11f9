"""Writes of the standing domain, one function per step (see the submodules)."""

from wsr.standing.services.decisions import facts_for, standing_decide, standing_of, supplier_facilities
from wsr.standing.services.escalation import escalation_meeting_record, escalation_move, escalation_open
from wsr.standing.services.notices import (
    notice_acknowledge,
    notice_open,
    notice_respond,
    notices_write,
    standing_notices_send,
)
from wsr.standing.services.objections import objection_answer, objection_lodge
from wsr.standing.services.sweep import standing_sweep
from wsr.standing.services.zero_tolerance import (
    zero_tolerance_close,
    zero_tolerance_consume,
    zero_tolerance_remedy,
    zero_tolerance_suspend,
)

__all__ = [
    "escalation_meeting_record",
    "escalation_move",
    "escalation_open",
    "facts_for",
    "notice_acknowledge",
    "notice_open",
    "notice_respond",
    "notices_write",
    "objection_answer",
    "objection_lodge",
    "standing_decide",
    "standing_notices_send",
    "standing_of",
    "standing_sweep",
    "supplier_facilities",
    "zero_tolerance_close",
    "zero_tolerance_consume",
    "zero_tolerance_remedy",
    "zero_tolerance_suspend",
]
