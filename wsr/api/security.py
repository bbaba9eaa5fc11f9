"""Bearer-token and session authentication for the API, resolving to an ``Actor``."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth

from wsr.accounts.selectors import actor_for_user
from wsr.accounts.services import second_factor_needed
from wsr.accounts.tokens import api_token_authenticate
from wsr.core.permissions import Actor


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = api_token_authenticate(token)
        if user is None:
            return None
        request.user = user
        return user


class OptionalSession(SessionAuth):
    """Session cookie auth (CSRF-checked for unsafe methods). A session that still owes its
    second factor is not signed in for the API either."""

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = super().authenticate(request, key)
        if user and not user.is_verified() and second_factor_needed(user):
            return None
        return user


def bearer_or_session() -> list[Any]:
    return [BearerToken(), OptionalSession()]


def api_actor(request: HttpRequest) -> Actor:
    return actor_for_user(getattr(request, "auth", None) or getattr(request, "user", None))
