"""``{{ entry.kind|log_kind_label }}``: a public log entry's kind in the reader's language."""

from __future__ import annotations

from django import template

from wsr.disclosure.log_kinds import kind_label

register = template.Library()


@register.filter
def log_kind_label(kind: str) -> str:
    return kind_label(kind)
