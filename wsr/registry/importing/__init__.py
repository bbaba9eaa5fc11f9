"""Facility-list import: reading files, matching rows to facilities, the import job."""
