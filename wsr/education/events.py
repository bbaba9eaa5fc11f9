"""Event kinds written on education sessions and materials. The values are the stored verbs."""

from __future__ import annotations

from enum import StrEnum


class EducationEvent(StrEnum):
    MATERIAL_DRAFTED = "education_material_drafted"
    MATERIAL_PUBLISHED = "education_material_published"
    MATERIAL_RETIRED = "education_material_retired"
    SESSION_RECORDED = "education_session_recorded"
    SESSION_WITHDRAWN = "education_session_withdrawn"
