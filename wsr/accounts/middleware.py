"""Session rules for staff: idle timeout and required two-factor."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from wsr.accounts.selectors import user_has_idle_timeout
from wsr.accounts.services import second_factor_needed

_LAST_SEEN = "wsr_last_seen"
# Paths a user who still owes a second factor may reach.
_TWO_FACTOR_OPEN = ("/accounts/", "/static/", "/i18n/", "/api/")


class IdleTimeoutMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user_has_idle_timeout(user):
            now = int(time.time())
            last = request.session.get(_LAST_SEEN)
            if last is not None and now - int(last) > settings.WSR_STAFF_IDLE_TIMEOUT:
                logout(request)
                minutes = max(1, settings.WSR_STAFF_IDLE_TIMEOUT // 60)
                messages.info(
                    request, _("You were signed out after %(minutes)d minutes without activity.") % {"minutes": minutes}
                )
                return redirect(f"{settings.LOGIN_URL_PATH}?next={request.path}")
            request.session[_LAST_SEEN] = now
        return self.get_response(request)


class TwoFactorRequiredMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not request.path.startswith(_TWO_FACTOR_OPEN)
            and not user.is_verified()
            and second_factor_needed(user)
        ):
            return redirect("accounts:two_factor")
        return self.get_response(request)
