"""Writes for worker education, one function per step: sessions (``sessions``) and the materials
library (``materials``)."""

from wsr.education.services.materials import (
    material_create,
    material_version_draft,
    material_version_publish,
    material_version_retire,
)
from wsr.education.services.sessions import session_public_summary, session_record, session_withdraw

__all__ = [
    "material_create",
    "material_version_draft",
    "material_version_publish",
    "material_version_retire",
    "session_public_summary",
    "session_record",
    "session_withdraw",
]
