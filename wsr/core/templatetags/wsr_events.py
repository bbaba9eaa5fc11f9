"""``{{ event.verb|event_label }}``: an event kind's label in the reader's language (wsr.core.catalogue)."""

from __future__ import annotations

from django import template

from wsr.core import catalogue

register = template.Library()


@register.filter
def event_label(verb: str) -> str:
    return catalogue.label(verb)
