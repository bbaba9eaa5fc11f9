"""The danger section of the to-do lists (``wsr.standing.todos`` puts it first, whatever its age):
open imminent-danger alerts for the staff who may be on call."""

from __future__ import annotations

from django.db.models import Min
from django.urls import reverse
from django.utils.translation import gettext as _

from wsr.alerts.capabilities import AlertCapability as AC
from wsr.alerts.selectors import open_alerts
from wsr.core.permissions import Actor
from wsr.programs.models import Program
from wsr.standing.todos import Todo


def danger_todos(*, actor: Actor, program: Program) -> list[Todo]:
    if not actor.can(AC.ACKNOWLEDGE, program.pk):
        return []
    waiting = open_alerts(program=program)
    count = waiting.count()
    if not count:
        return []
    return [
        Todo(
            key="danger_alerts",
            label=_("Imminent-danger alerts to acknowledge now"),
            count=count,
            oldest=waiting.aggregate(oldest=Min("raised_at"))["oldest"],
            url=reverse("alerts:list", args=[program.slug]),
            overdue=waiting.filter(rounds__gt=1).count(),  # already sent again: nobody answered in time
        )
    ]
