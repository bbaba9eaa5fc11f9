from enum import StrEnum


class StandingCapability(StrEnum):
    VIEW_ALL = "standing.view_all"  # every facility's standing, decisions, notices and objections in the program
    VIEW_NOTICES = "standing.view_notices"  # a brand: notices addressed to it, eligibility of what it sources
    VIEW_OWN = "standing.view_own"  # a supplier: its own facilities' standing, escalations and notices
    DECIDE = "standing.decide"  # a monitor decides standing changes (named on each decision)
    ESCALATE = "standing.escalate"  # a monitor moves a facility through the escalation protocol
    ANSWER_OBJECTION = "standing.answer_objection"  # the monitoring body answers the worker organisation
    OBJECT = "standing.object"  # the worker organisation objects to a decision or asks for escalation
    ACKNOWLEDGE_NOTICE = "standing.acknowledge_notice"  # a brand acknowledges an enforcement notice
    RESPOND_NOTICE = "standing.respond_notice"  # a supplier responds to (or appeals) a notice
