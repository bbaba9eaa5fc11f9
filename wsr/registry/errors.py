"""Stable codes of the refusals of registry: the API returns them (``code``) and clients may
rely on them, so a value never changes once released. No Django here (transitions may import it)."""

from __future__ import annotations

from enum import StrEnum


class RegistryErrorCode(StrEnum):
    CONFLICT = "conflict"
    FACILITY_NAME_ADDRESS_MISSING = "facility_name_address_missing"
    OWNER_NOT_SUPPLIER = "owner_not_supplier"
    COORDINATES_INCOMPLETE = "coordinates_incomplete"
    COORDINATE_OUT_OF_RANGE = "coordinate_out_of_range"
    UNKNOWN_COUNTRY = "unknown_country"
    NOT_A_FACILITY_FIELD = "not_a_facility_field"
    KIND_CANNOT_JOIN = "kind_cannot_join"
    ORGANISATION_NAME_MISSING = "organisation_name_missing"
    ORGANISATION_ALREADY_REGISTERED = "organisation_already_registered"
    KIND_CANNOT_PARTICIPATE = "kind_cannot_participate"
    ALREADY_PARTICIPATES = "already_participates"
    ONLY_BRAND_SOURCES = "only_brand_sources"
    ALREADY_COVERED = "already_covered"
    IMPORT_CHOICE_INVALID = "import_choice_invalid"
    IMPORT_ROW_NEEDS_NO_DECISION = "import_row_needs_no_decision"
    IMPORT_NO_CANDIDATE = "import_no_candidate"
    IMPORT_REFUSED = "import_refused"
