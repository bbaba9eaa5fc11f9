"""Date formats for Haitian Creole (Django ships none): day first, 24-hour clock, as
Haiti writes them. Month names come from the project's catalogue (locale/ht)."""

from django.utils.translation import gettext_noop

DATE_FORMAT = "j F Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j F Y, H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
FIRST_DAY_OF_WEEK = 1  # Monday

# Django formats month names with ``gettext("January")`` and so on; its own catalogues have no
# Haitian Creole, so the project's catalogue carries them. Named here so `make messages` keeps them
# (it drops entries that no source file names).
MONTH_NAMES = (
    gettext_noop("January"),
    gettext_noop("February"),
    gettext_noop("March"),
    gettext_noop("April"),
    gettext_noop("May"),
    gettext_noop("June"),
    gettext_noop("July"),
    gettext_noop("August"),
    gettext_noop("September"),
    gettext_noop("October"),
    gettext_noop("November"),
    gettext_noop("December"),
)
