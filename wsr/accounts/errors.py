"""Stable codes of the refusals of accounts: the API returns them (``code``) and clients may
rely on them, so a value never changes once released. No Django here."""

from __future__ import annotations

from enum import StrEnum


class AccountErrorCode(StrEnum):
    # signing in (``CredentialsRefused``)
    BAD_CREDENTIALS = "bad_credentials"
    TWO_FACTOR_REQUIRED = "two_factor_required"
    TWO_FACTOR_INVALID = "two_factor_invalid"
    # role and organisation changes (``RoleChangeRefused``)
    ROLE_ORGANISATION_MISMATCH = "role_organisation_mismatch"
    UNKNOWN_ROLE = "unknown_role"
    ALREADY_HELD = "already_held"
    ALREADY_PENDING = "already_pending"
    ALREADY_DECIDED = "already_decided"
    CONFIRM_OWN_GRANT = "confirm_own_grant"
    LAST_PROGRAM_ADMIN = "last_program_admin"
    UNKNOWN_KIND = "unknown_kind"
    NAME_MISSING = "name_missing"
    DUPLICATE = "duplicate"
    FIELD_NOT_EDITABLE = "field_not_editable"
