from enum import StrEnum


class StandardsCapability(StrEnum):
    VIEW_DRAFTS = "standards.view_drafts"  # draft and proposed Code versions (program staff)
    EDIT_CODE = "standards.edit_code"  # create drafts, edit provisions and texts, propose
    APPROVE_CODE = "standards.approve_code"  # the worker organisation's approval (worker-driven gate)
    ADOPT_CODE = "standards.adopt_code"  # adopt an approved version
