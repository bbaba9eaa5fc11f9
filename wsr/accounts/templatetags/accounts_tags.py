"""Template helpers for accounts: the readable line of a role change in a History page."""

from __future__ import annotations

from typing import Any

from django import template

from wsr.accounts.events import account_event_line

register = template.Library()


@register.simple_tag
def role_change_line(event: Any) -> str:
    """'Alice gave Bob the role Investigator.' for role events; '' for every other kind."""
    return account_event_line(verb=event.verb, actor_label=event.actor_label, data=event.data or {})
