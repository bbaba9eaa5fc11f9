from enum import StrEnum


class ComplaintCapability(StrEnum):
    VIEW_QUEUE = "complaints.view_queue"  # the investigator queue with SLA urgency (no identities)
    VIEW_CASE = "complaints.view_case"  # a case page: narrative, timeline, notes (not the identity)
    ACKNOWLEDGE = "complaints.acknowledge"
    TRIAGE = "complaints.triage"  # in scope (provisions, severity) / out of scope and forwarded
    INVESTIGATE = "complaints.investigate"  # start and run an investigation, interviews, evidence
    RECORD_FINDING = "complaints.record_finding"  # substantiated / partly / unsubstantiated
    DIRECT_REMEDY = "complaints.direct_remedy"  # what, who, by when
    VERIFY_REMEDY = "complaints.verify_remedy"
    CLOSE = "complaints.close"
    REOPEN = "complaints.reopen"  # recurrence
    ASSIGN = "complaints.assign"  # choose the investigators of a case
    MESSAGE_COMPLAINANT = "complaints.message_complainant"  # the case-code channel
    REQUEST_IDENTITY_DISCLOSURE = "complaints.request_identity_disclosure"
    APPROVE_IDENTITY_DISCLOSURE = "complaints.approve_identity_disclosure"  # the second pair of eyes
    VIEW_GBVH = "complaints.view_gbvh"  # needed in addition to being named on a GBVH case
    ENTER_ON_BEHALF = "complaints.enter_on_behalf"  # hotline / in-person intake by an operator
    VIEW_STATS = "complaints.view_stats"  # program statistics: counts, outcomes, resolution times
