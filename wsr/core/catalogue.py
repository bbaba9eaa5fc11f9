"""The event catalogue: every kind of event the platform writes, with a label per language and,
for kinds another domain consumes, the payload keys it carries (docs/decisions/0022-event-catalogue.md).

Event kinds are ``StrEnum`` members declared by each domain in its ``events.py``; their values are
the verbs stored in ``wsr.core.models.Event`` (renaming a value would orphan stored events).
``event_record`` refuses a kind that is not listed here while the platform runs its tests
(``WSR_STRICT_EVENT_KINDS``) and logs it in production, so a new kind cannot ship without a label.

The domain enum modules hold nothing but the enums; this module imports them lazily (core knows
no domain otherwise: the import contract in pyproject.toml allows only this edge).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class AccountSecurityEvent(StrEnum):
    """Sign-in and credential events written by ``wsr.accounts.services`` (kept here until the
    accounts domain lists them in its own enum)."""

    USER_CREATED = "user_created"
    LOGIN = "login"
    TWO_FACTOR_ENROLLED = "two_factor_enrolled"
    TWO_FACTOR_VERIFIED = "two_factor_verified"
    PASSWORD_RESET = "password_reset"  # noqa: S105 (an event verb)
    API_TOKEN_ISSUED = "api_token_issued"  # noqa: S105
    API_TOKEN_REVOKED = "api_token_revoked"  # noqa: S105


@dataclass(frozen=True)
class EventKind:
    kind: str
    domain: str
    label: Promise | str
    payload: tuple[str, ...] = ()  # keys of ``Event.data`` other domains may rely on

    def __str__(self) -> str:
        return str(self.label)


# Kinds other domains consume, and the keys of ``Event.data`` they carry (a contract: tests check
# the services write them).
PAYLOADS: dict[str, tuple[str, ...]] = {
    "zero_tolerance_finding_confirmed": ("complaint", "facility", "provision", "code_version"),
    "finding_recorded": ("facility", "provision", "severity"),
    "cap_item_overdue": ("due_on",),
    "cap_item_drafted": ("finding", "facility", "category"),
    "code_version_adopted": ("content_sha256", "effective_from"),
    "import_finished": ("rows",),
}

_LABELS: dict[str, Promise] = {
    # agreements
    "agreement_drafted": _("Agreement drafted"),
    "agreement_draft_updated": _("Agreement draft changed"),
    "agreement_term_added": _("Premium term added"),
    "agreement_term_removed": _("Premium term removed"),
    "agreement_signatory_added": _("Signatory added"),
    "agreement_signatory_updated": _("Signatory changed"),
    "agreement_signatory_removed": _("Signatory removed"),
    "agreement_document_attached": _("Signed document attached"),
    "agreement_document_replaced": _("Signed document replaced"),
    "agreement_signed": _("Agreement signed"),
    "agreement_activated": _("Agreement in effect"),
    "agreement_expired": _("Agreement expired"),
    "agreement_terminated": _("Agreement terminated"),
    "agreement_amendment_drafted": _("Amendment drafted"),
    "agreement_amended": _("Agreement amended"),
    # standards
    "code_version_created": _("Code version drafted"),
    "provision_added": _("Provision added"),
    "provision_updated": _("Provision changed"),
    "provision_removed": _("Provision removed"),
    "code_version_proposed": _("Code version proposed for approval"),
    "code_version_withdrawn": _("Code version withdrawn for more edits"),
    "code_version_approved": _("Code version approved by the worker organisation"),
    "code_version_adopted": _("Code version adopted"),
    "code_version_superseded": _("Code version superseded"),
    # audits
    "audit_planned": _("Audit planned"),
    "auditor_assigned": _("Auditor assigned"),
    "auditor_refused": _("Auditor refused: conflict of interest"),
    "audit_started": _("Audit started"),
    "audit_fieldwork_recorded": _("Audit fieldwork recorded"),
    "audit_completed": _("Audit completed"),
    "audit_cancelled": _("Audit cancelled"),
    "auditor_proposed": _("Auditor proposed for the roster"),
    "auditor_approved": _("Auditor approved for the roster"),
    "auditor_rejected": _("Auditor rejected for the roster"),
    "commercial_tie_recorded": _("Commercial tie recorded"),
    "commercial_tie_ended": _("Commercial tie ended"),
    "finding_recorded": _("Finding recorded"),
    "finding_evidence_added": _("Evidence added"),
    "cap_item_drafted": _("Corrective action drafted"),
    "cap_item_updated": _("Corrective action changed"),
    "cap_item_agreed": _("Corrective action agreed"),
    "cap_item_started": _("Corrective action started"),
    "cap_item_reported_fixed": _("Corrective action reported fixed"),
    "cap_item_verified": _("Corrective action verified fixed"),
    "cap_item_reopened": _("Corrective action reopened"),
    "cap_item_overdue": _("Corrective action overdue"),
    # education
    "education_material_drafted": _("Material version drafted"),
    "education_material_published": _("Material version published"),
    "education_material_retired": _("Material version retired"),
    "education_session_recorded": _("Education session recorded"),
    "education_session_withdrawn": _("Education session withdrawn"),
    # programs
    "program_created": _("Program created"),
    "program_rules_changed": _("Program rules changed"),
    "season_added": _("Season added"),
    # registry
    "facility_created": _("Facility added"),
    "facility_updated": _("Facility changed"),
    "facility_covered": _("Facility joined the program"),
    "organisation_updated": _("Organisation changed"),
    "participation_started": _("Organisation joined the program"),
    "sourcing_started": _("Brand started sourcing from the facility"),
    "import_finished": _("Facility list imported"),
    "import_row_resolved": _("Import row resolved"),
    "import_undone": _("Facility list import undone"),
    "facility_removed": _("Facility removed (import undone)"),
    # complaints (same wording as the case page)
    "complaint_received": _("Complaint received"),
    "complaint_acknowledged": _("Acknowledged"),
    "complaint_triaged_in_scope": _("Triaged in scope"),
    "complaint_triaged_out_of_scope": _("Triaged out of scope"),
    "complaint_forwarded": _("Forwarded"),
    "complaint_assigned": _("Investigators assigned"),
    "complaint_assignment_proposed": _("Investigators proposed: a second person must approve"),
    "complaint_assignment_approved": _("Proposed investigators approved"),
    "complaint_assignment_refused": _("Proposed investigators refused"),
    "complaint_investigation_started": _("Investigation started"),
    "complaint_finding_recorded": _("Finding recorded"),
    "zero_tolerance_finding_confirmed": _("Zero-tolerance violation confirmed"),
    "complaint_remedy_directed": _("Remedy directed"),
    "complaint_remedy_verified": _("Remedy verified"),
    "complaint_closed": _("Closed"),
    "complaint_reopened": _("Reopened"),
    "complaint_message_sent": _("Update sent to the worker"),
    "complaint_message_received": _("Message from the worker"),
    "complaint_awaiting_complainant_started": _("Waiting for the worker: clocks paused"),
    "complaint_awaiting_complainant_ended": _("Clocks running again"),
    "complaint_note_added": _("Internal note added"),
    "complaint_interview_recorded": _("Interview recorded"),
    "complaint_evidence_added": _("Evidence added"),
    "complaint_evidence_downloaded": _("Evidence downloaded"),
    "complaint_secret_changed": _("The worker chose a new secret"),
    "complaint_identity_disclosure_requested": _("Identity disclosure requested"),
    "complaint_identity_disclosure_approved": _("Identity disclosure approved"),
    "complaint_identity_disclosure_refused": _("Identity disclosure refused"),
    "complaint_identity_viewed": _("Identity viewed"),
    "sla_warning": _("SLA warning"),
    "sla_breached": _("SLA breached"),
    # standing (supplier standing, escalation, enforcement notices, objections)
    "standing_admitted": _("Facility admitted: participating"),
    "standing_probation": _("Facility put on probation"),
    "standing_probation_lifted": _("Probation lifted"),
    "standing_suspended": _("Facility suspended"),
    "standing_reinstated": _("Facility reinstated"),
    "standing_terminated": _("Facility terminated"),
    "standing_withdrawn": _("Facility withdrawn"),
    "zero_tolerance_opened": _("Zero-tolerance violation awaiting the monitor's decision"),
    "zero_tolerance_remedied": _("Immediate remedy recorded instead of a suspension"),
    "escalation_opened": _("Escalation opened: stage 1 notice"),
    "escalation_advanced": _("Escalation advanced"),
    "escalation_deescalated": _("Escalation stepped down"),
    "escalation_meeting_held": _("Escalation meeting held"),
    "enforcement_notice_sent": _("Enforcement notice sent"),
    "enforcement_notice_opened": _("Enforcement notice opened"),
    "enforcement_notice_acknowledged": _("Enforcement notice acknowledged"),
    "enforcement_notice_responded": _("Response to an enforcement notice"),
    "standing_objection_lodged": _("Objection lodged by the worker organisation"),
    "standing_objection_answered": _("Objection answered by the monitoring body"),
    # accounts: sign-in and credentials
    "user_created": _("User created"),
    "login": _("Signed in"),
    "two_factor_enrolled": _("Two-factor authentication set up"),
    "two_factor_verified": _("Two-factor code accepted"),
    "password_reset": _("Password reset"),
    "api_token_issued": _("API token issued"),
    "api_token_revoked": _("API token revoked"),
}


def _domain_enums() -> list[tuple[str, type[StrEnum]]]:
    from wsr.accounts.events import AccountEvent
    from wsr.agreements.events import AgreementEvent
    from wsr.alerts.events import AlertEvent
    from wsr.audits.events import AuditEvent
    from wsr.complaints.events import ComplaintEvent
    from wsr.education.events import EducationEvent
    from wsr.ledger.events import LedgerEvent
    from wsr.programs.events import ProgramEvent
    from wsr.purchases.events import PurchasesEvent
    from wsr.registry.events import RegistryEvent
    from wsr.standards.events import StandardsEvent
    from wsr.standing.events import StandingEvent

    return [
        ("accounts", AccountEvent),
        ("accounts", AccountSecurityEvent),
        ("agreements", AgreementEvent),
        ("audits", AuditEvent),
        ("complaints", ComplaintEvent),
        ("education", EducationEvent),
        ("programs", ProgramEvent),
        ("registry", RegistryEvent),
        ("standards", StandardsEvent),
        ("standing", StandingEvent),
        ("purchases", PurchasesEvent),
        ("ledger", LedgerEvent),
        ("alerts", AlertEvent),
    ]


def _extra_labels() -> Mapping[str, Any]:
    """Labels a domain declares beside its enum: ``EVENT_LABELS`` in the domain's ``events.py``
    (accounts names its dict ``ACCOUNT_EVENT_LABELS``). New kinds put their labels there, so a
    domain adds kinds without touching this module."""
    import importlib

    labels: dict[str, Any] = {}
    for _domain, enum in _domain_enums():
        module = importlib.import_module(enum.__module__)
        for name in ("EVENT_LABELS", "ACCOUNT_EVENT_LABELS"):
            labels.update({str(k): v for k, v in getattr(module, name, {}).items()})
    return labels


@functools.cache
def catalogue() -> dict[str, EventKind]:
    """Every event kind, by stored verb. Raises if two domains claim one verb or a kind has no label."""
    extra = _extra_labels()
    kinds: dict[str, EventKind] = {}
    for domain, enum in _domain_enums():
        for member in enum:
            verb = str(member.value)
            if verb in kinds:
                raise ValueError(f"event kind {verb!r} is declared by {kinds[verb].domain} and {domain}")
            label = _LABELS.get(verb) or extra.get(verb)
            if label is None:
                raise ValueError(f"event kind {verb!r} ({domain}) has no label in wsr/core/catalogue.py")
            kinds[verb] = EventKind(kind=verb, domain=domain, label=label, payload=PAYLOADS.get(verb, ()))
    return kinds


def is_known(verb: str) -> bool:
    return str(verb) in catalogue()


def label(verb: str) -> str:
    """The kind's label in the active language (the verb itself for an unknown kind)."""
    kind = catalogue().get(str(verb))
    return str(kind.label) if kind else str(verb)


def payload_keys(verb: str) -> tuple[str, ...]:
    kind = catalogue().get(str(verb))
    return kind.payload if kind else ()
