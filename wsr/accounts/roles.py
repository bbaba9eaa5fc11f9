"""Roles, which organisation kinds may hold them, and the one role -> capability table."""

from __future__ import annotations

from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from wsr.accounts.capabilities import AccountCapability as AC
from wsr.agreements.capabilities import AgreementCapability as A
from wsr.alerts.capabilities import AlertCapability as AL
from wsr.audits.capabilities import AuditCapability as AU
from wsr.complaints.capabilities import ComplaintCapability as C
from wsr.education.capabilities import EducationCapability as E
from wsr.ledger.capabilities import LedgerCapability as L
from wsr.programs.capabilities import ProgramCapability as P
from wsr.purchases.capabilities import PurchaseCapability as PU
from wsr.registry.capabilities import RegistryCapability as R
from wsr.standards.capabilities import StandardsCapability as S
from wsr.standing.capabilities import StandingCapability as ST


class OrgKind(StrEnum):
    MONITORING_BODY = "monitoring_body"
    WORKER_ORG = "worker_org"
    BRAND = "brand"
    SUPPLIER = "supplier"
    AUDIT_FIRM = "audit_firm"


ORG_KIND_LABELS = {
    OrgKind.MONITORING_BODY: _("Monitoring body"),
    OrgKind.WORKER_ORG: _("Worker organisation"),
    OrgKind.BRAND: _("Brand / buyer"),
    OrgKind.SUPPLIER: _("Supplier company"),
    OrgKind.AUDIT_FIRM: _("Audit firm"),
}


class Role(StrEnum):
    PROGRAM_ADMIN = "program_admin"
    INVESTIGATOR = "investigator"
    AUDITOR = "auditor"
    WORKER_ORG_STAFF = "worker_org_staff"
    BRAND_USER = "brand_user"
    SUPPLIER_USER = "supplier_user"


ROLE_LABELS = {
    Role.PROGRAM_ADMIN: _("Program admin"),
    Role.INVESTIGATOR: _("Investigator"),
    Role.AUDITOR: _("Auditor"),
    Role.WORKER_ORG_STAFF: _("Worker organisation staff"),
    Role.BRAND_USER: _("Brand user"),
    Role.SUPPLIER_USER: _("Supplier user"),
}

# Which kind of organisation a member must belong to for each role.
ROLE_ORG_KINDS: dict[Role, frozenset[OrgKind]] = {
    Role.PROGRAM_ADMIN: frozenset({OrgKind.MONITORING_BODY}),
    Role.INVESTIGATOR: frozenset({OrgKind.MONITORING_BODY}),
    Role.AUDITOR: frozenset({OrgKind.MONITORING_BODY, OrgKind.AUDIT_FIRM}),
    Role.WORKER_ORG_STAFF: frozenset({OrgKind.WORKER_ORG}),
    Role.BRAND_USER: frozenset({OrgKind.BRAND}),
    Role.SUPPLIER_USER: frozenset({OrgKind.SUPPLIER}),
}

# The single table mapping roles to capabilities. Later domains add their capabilities here.
# The worker organisation writes and approves the Code (worker-driven gate); the monitoring body
# can draft and adopt only what the worker organisation approved.
# Complaint handling by the monitoring body. Investigators may approve each other's identity
# disclosure requests (four eyes: never one's own). Worker-organisation staff file on workers' behalf
# and see outcomes (statistics), never case files. Brands and suppliers see no complaint at all.
_INVESTIGATION = frozenset(
    {
        C.VIEW_QUEUE,
        C.VIEW_CASE,
        C.ACKNOWLEDGE,
        C.TRIAGE,
        C.INVESTIGATE,
        C.RECORD_FINDING,
        C.DIRECT_REMEDY,
        C.VERIFY_REMEDY,
        C.CLOSE,
        C.REOPEN,
        C.MESSAGE_COMPLAINANT,
        C.REQUEST_IDENTITY_DISCLOSURE,
        C.APPROVE_IDENTITY_DISCLOSURE,
        C.VIEW_GBVH,
        C.ENTER_ON_BEHALF,
        C.VIEW_STATS,
    }
)
_AUDIT_STAFF_VIEW = frozenset({AU.VIEW_ALL, AU.EXPORT, E.VIEW, E.EXPORT})
# Supplier standing: monitors (program admins, investigators) decide and answer the worker
# organisation, which sees every decision and may object; brands acknowledge notices; suppliers answer.
_STANDING_MONITOR = frozenset({ST.VIEW_ALL, ST.DECIDE, ST.ESCALATE, ST.ANSWER_OBJECTION, PU.VIEW_ALL})
# Premium ledger (decision 0033): staff and the worker organisation see and export it all; brands pay,
# suppliers confirm and distribute; the monitor records audited payroll, reverses and reconciles.
_LEDGER_VIEW = frozenset({L.VIEW_ALL, L.EXPORT})
_LEDGER_MONITOR = _LEDGER_VIEW | {L.RECORD_AUDITED_DISTRIBUTION, L.REVERSE, L.RECONCILE}
# Imminent danger: monitors may be on call (and acknowledge alerts while they are); admins keep the roster.
_ON_CALL = frozenset({AL.VIEW, AL.ACKNOWLEDGE})

ROLE_CAPABILITIES: dict[Role, frozenset[str]] = {
    Role.PROGRAM_ADMIN: frozenset(
        {
            AC.MANAGE_ROLES,
            P.VIEW,
            P.EDIT_RULES,
            P.VIEW_HISTORY,
            R.VIEW_ALL,
            R.EDIT,
            R.IMPORT,
            R.REVIEW_MATCHES,
            S.VIEW_DRAFTS,
            S.EDIT_CODE,
            S.ADOPT_CODE,
            A.VIEW_ALL,
            A.EDIT,
            A.SIGN,
            C.ASSIGN,
            AU.PLAN,
            AU.MANAGE_ROSTER,
            AU.CAP_EDIT,
            AU.CAP_VERIFY,
            E.RECORD_SESSION,
            E.MANAGE_MATERIALS,
        }
    )
    | _INVESTIGATION
    | _AUDIT_STAFF_VIEW
    | _STANDING_MONITOR
    | _LEDGER_MONITOR
    | _ON_CALL
    | {AL.MANAGE_ROSTER},
    Role.INVESTIGATOR: frozenset({P.VIEW, P.VIEW_HISTORY, R.VIEW_ALL, S.VIEW_DRAFTS, A.VIEW_ALL, AU.CAP_VERIFY})
    | _INVESTIGATION
    | _AUDIT_STAFF_VIEW
    | _STANDING_MONITOR
    | _LEDGER_VIEW
    | _ON_CALL,
    Role.AUDITOR: frozenset(
        {P.VIEW, R.VIEW_ALL, S.VIEW_DRAFTS, C.ENTER_ON_BEHALF, AU.PERFORM, AU.CAP_EDIT, AU.CAP_VERIFY}
    )
    | _AUDIT_STAFF_VIEW
    | _LEDGER_VIEW
    | {L.RECORD_AUDITED_DISTRIBUTION},
    Role.WORKER_ORG_STAFF: frozenset(
        {
            P.VIEW,
            P.VIEW_HISTORY,
            R.VIEW_ALL,
            S.VIEW_DRAFTS,
            S.EDIT_CODE,
            S.APPROVE_CODE,
            S.ADOPT_CODE,
            A.VIEW_ALL,
            A.EDIT,
            A.SIGN,
            C.ENTER_ON_BEHALF,
            C.VIEW_STATS,
            AU.APPROVE_ROSTER,
            E.RECORD_SESSION,
            E.MANAGE_MATERIALS,
            ST.VIEW_ALL,
            ST.OBJECT,
        }
    )
    | _AUDIT_STAFF_VIEW
    | _LEDGER_VIEW,
    Role.BRAND_USER: frozenset(
        {R.VIEW_SOURCED, A.VIEW_OWN, AU.VIEW_BUYER, ST.VIEW_NOTICES, ST.ACKNOWLEDGE_NOTICE, PU.REPORT, PU.VIEW_OWN}
    )
    | {L.VIEW_BRAND, L.RECORD_PAYMENT},
    Role.SUPPLIER_USER: frozenset({R.VIEW_OWN, AU.VIEW_OWN, AU.CAP_REPORT_FIXED, ST.VIEW_OWN, ST.RESPOND_NOTICE})
    | {L.VIEW_SUPPLIER, L.CONFIRM_PAYMENT, L.RECORD_DISTRIBUTION},
}

# Two-factor is required for these organisation kinds (and platform superusers).
TWO_FACTOR_ORG_KINDS = frozenset({OrgKind.MONITORING_BODY})
# Staff sessions end after WSR_STAFF_IDLE_TIMEOUT without a request.
IDLE_TIMEOUT_ORG_KINDS = frozenset({OrgKind.MONITORING_BODY, OrgKind.WORKER_ORG, OrgKind.AUDIT_FIRM})
