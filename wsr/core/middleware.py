"""Turn domain errors that escape a view into proper HTTP answers."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from wsr.core.errors import CapabilityMissing, NotFound, Throttled


class DomainErrorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, CapabilityMissing):
            return render(request, "403.html", {"reason": exception.message}, status=403)
        if isinstance(exception, NotFound):
            return render(request, "404.html", status=404)
        if isinstance(exception, Throttled):
            response = render(request, "429.html", {"retry_after": exception.retry_after}, status=429)
            response["Retry-After"] = str(exception.retry_after)
            return response
        return None
