from enum import StrEnum


class EducationCapability(StrEnum):
    VIEW = "education.view"  # sessions, materials, coverage
    RECORD_SESSION = "education.record_session"  # worker-organisation educators record sessions
    MANAGE_MATERIALS = "education.manage_materials"  # the materials library, per language, versioned
    EXPORT = "education.export"  # CSV export of sessions
