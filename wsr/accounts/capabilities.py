from enum import StrEnum


class AccountCapability(StrEnum):
    # Grant, confirm, refuse and revoke program roles in one program (decision 0015).
    MANAGE_ROLES = "accounts.manage_roles"
