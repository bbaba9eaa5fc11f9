"""Who is on the other end of a request, for throttling (never logged, only hashed into keys)."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    """The client's address. Behind ``WSR_TRUSTED_PROXIES`` reverse proxies (each appending to
    X-Forwarded-For), it is the entry that the outermost trusted proxy added; with none, the socket's
    peer. Entries a client wrote itself further left are ignored, so they cannot dodge throttles."""
    remote = str(request.META.get("REMOTE_ADDR") or "")
    hops = int(getattr(settings, "WSR_TRUSTED_PROXIES", 0))
    if hops <= 0:
        return remote or "unknown"
    forwarded = [part.strip() for part in str(request.META.get("HTTP_X_FORWARDED_FOR", "")).split(",") if part.strip()]
    if len(forwarded) >= hops:
        return forwarded[-hops]
    return remote or "unknown"
