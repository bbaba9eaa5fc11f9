from enum import StrEnum


class AuditCapability(StrEnum):
    VIEW_ALL = "audits.view_all"  # every audit, finding (internal text) and CAP in the program
    VIEW_BUYER = "audits.view_buyer"  # a brand: CAP items and public summaries at facilities it buys from
    VIEW_OWN = "audits.view_own"  # a supplier: its own facilities' findings (public summary) and CAP items
    PLAN = "audits.plan"  # plan audits, assign rostered auditors (independence checked)
    PERFORM = "audits.perform"  # record an audit's fieldwork and findings
    MANAGE_ROSTER = "audits.manage_roster"  # propose auditors for the accredited roster
    APPROVE_ROSTER = "audits.approve_roster"  # the worker organisation approves the roster
    CAP_EDIT = "audits.cap_edit"  # draft and agree corrective action items
    CAP_REPORT_FIXED = "audits.cap_report_fixed"  # a supplier reports an item fixed, with evidence
    CAP_VERIFY = "audits.cap_verify"  # the monitor verifies (or reopens) a reported fix
    EXPORT = "audits.export"  # CSV export of CAPs
