"""Kinds of immediate danger a worker or a monitor can report. Plain data: the complaint, the
finding form and the alert all use it."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Hazard(models.TextChoices):
    FIRE = "fire", _("Fire, smoke or a locked or blocked exit")
    ELECTRICAL = "electrical", _("Electrical danger: sparks, bare wires, burning smell")
    STRUCTURAL = "structural", _("Cracks in the building: it may collapse")
    VIOLENCE = "violence", _("Violence happening now")
    OTHER = "other", _("Other immediate danger")


def hazard_label(value: str) -> str:
    return str(dict(Hazard.choices).get(value, "")) if value else ""
