"""``{% load public_map %}{% map_tiles as map %}``: the map's base layer for templates that show
a map without a view of this module (the facility page's _facility_map.html include)."""

from __future__ import annotations

from django import template

from wsr.disclosure.map_views import map_config

register = template.Library()


@register.simple_tag
def map_tiles() -> dict[str, str]:
    return map_config()
