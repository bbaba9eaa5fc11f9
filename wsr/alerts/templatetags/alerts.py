"""``{% alerts_link program %}``: the link to a program's imminent-danger alerts and on-call roster,
for those who may see them (home page cards)."""

from __future__ import annotations

from typing import Any

from django import template

from wsr.alerts.capabilities import AlertCapability as AC

register = template.Library()


@register.inclusion_tag("alerts/_home_link.html", takes_context=True)
def alerts_link(context: Any, program: Any) -> dict[str, Any]:
    actor = context.get("actor")
    shown = actor is not None and actor.can(AC.VIEW, program.pk)
    return {"program": program, "shown": shown}
