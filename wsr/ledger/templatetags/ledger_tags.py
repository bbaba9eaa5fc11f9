"""``{{ amount|minor:currency }}``: integer minor units shown as money ("1,234.56 USD")."""

from __future__ import annotations

from typing import Any

from django import template

from wsr.core.money import Money

register = template.Library()


@register.filter
def minor(amount: Any, currency: str) -> str:
    if amount in (None, ""):
        return ""
    return Money(int(amount), str(currency)).format()
