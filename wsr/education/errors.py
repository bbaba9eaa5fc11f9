"""Stable codes of the refusals of worker education (sessions and materials): the API returns them (``code``) and
clients may rely on them, so a value never changes once released. No Django here (transitions may import it)."""

from __future__ import annotations

from enum import StrEnum


class EducationErrorCode(StrEnum):
    LANGUAGE_PROGRAM_LANGS = "language_program_langs"
    VERSION_TITLE_LANGUAGE = "version_title_language"
    TEXT_LONGER_CHARACTERS_ATTACH = "text_longer_characters_attach"
    MATERIAL_NEEDS_TEXT_FILE = "material_needs_text_file"
    MATERIAL_NAME = "material_name"
    CODE_TOPIC_TOPICS = "code_topic_topics"
    FILE_LARGER = "file_larger"
    FILE_PDF_IMAGE_PNG = "file_pdf_image_png"
    DAY_WITHIN_SEASON_PROGRAM = "day_within_season_program"
    SESSION_NEEDS_LEAST_ATTENDEE = "session_needs_least_attendee"
    WORKERS_REACHED_FIRST_TIME = "workers_reached_first_time"
    FACILITY_WORKFORCE_WORKERS_SESSION = "facility_workforce_workers_session"
    MOST_OTHER_TOPICS_MOST = "most_other_topics_most"
    NAME_LEAST_TOPIC_SESSION = "name_least_topic_session"
    NAME_LEAST_EDUCATOR = "name_least_educator"
    EDUCATORS_COME_WORKER_ORGANISATION = "educators_come_worker_organisation"
    SESSION_RECORDED_HELD_DAY = "session_recorded_held_day"
    FACILITY_COVERED_PROGRAM_DAY = "facility_covered_program_day"
    SESSION_LANGUAGE_PROGRAM_LANGS = "session_language_program_langs"
    CHOOSE_NEW_HIRE_ORIENTATION = "choose_new_hire_orientation"
    SAY_WHY_RECORD_WITHDRAWN = "say_why_record_withdrawn"
    SESSION_RECORD_WAS_ALREADY = "session_record_was_already"
    PROGRAM_SEASON_YET_PROGRAM = "program_season_yet_program"
