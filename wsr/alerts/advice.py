"""What a worker who reports danger now is told at once, in the active language (SMS and API
replies; the web page says the same in its own layout)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from wsr.programs.models import Program


def worker_danger_advice(program: Program) -> str:
    advice = _("Leave the danger now. We alerted the staff on duty.")
    if program.emergency_phone:
        advice += " " + _("Emergency number: %(phone)s") % {"phone": program.emergency_phone}
    return advice
