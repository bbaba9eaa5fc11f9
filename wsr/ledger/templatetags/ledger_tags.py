"""Ledger template tags: ``{{ amount|minor:currency }}`` (integer minor units shown as money) and
``{% ledger_can capability program as can %}`` (links shown only to who may open them)."""

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


@register.simple_tag(takes_context=True)
def ledger_can(context: Any, capability: str, program: Any) -> bool:
    """``{% ledger_can "ledger.view_all" program as can %}``: may the person see this ledger page?"""
    from wsr.accounts.selectors import actor_for_request

    request = context.get("request")
    return request is not None and actor_for_request(request).can(capability, program.pk)
