from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from wsr.accounts.selectors import actor_for_request


def actor(request: HttpRequest) -> dict[str, Any]:
    return {"actor": actor_for_request(request), "two_factor_relaxed": not settings.WSR_REQUIRE_2FA}
