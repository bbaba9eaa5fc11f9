"""Brand webhooks: the enforcement facts addressed to a brand, pushed to its own systems.

A brand user who may acknowledge notices in a program registers an endpoint (an ``https://`` URL
and the events it wants: ``suspension``, ``reinstatement``, ``termination``, ``notice_issued``)
on the brand's webhook page or through the API. Each notice written to the brand
(``services/notices.py``) then queues, in the notice's own transaction, one outbox message on the
``webhook`` channel per endpoint and event (dedupe key: endpoint, notice, event). The outbox
delivers it like an e-mail: every attempt recorded, retries with exponential backoff, a second
flush sends nothing twice; delivery is at least once, so receivers dedupe on the body's ``id``.

Request: ``POST`` of a JSON body (see :func:`payload`) with the headers ``Content-Type:
application/json``, ``WSR-Event``, ``WSR-Delivery`` (the body's id) and ``WSR-Signature:
t=<unix seconds>,v1=<hex>`` where ``v1 = HMAC-SHA256(key=secret, msg=f"{t}.{body}")`` over the
exact body bytes (the Stripe scheme). The secret (``whsec_...``) is shown once, when the
endpoint is created; it is kept wrapped under the master key. A 2xx answer is delivered; any
other answer, a redirect (never followed), a timeout or a refused address is an error, retried.

Verifying on the receiving side (Python; reject anything older than 5 minutes)::

    import hashlib, hmac, time

    def verify(secret: str, header: str, body: bytes, tolerance: int = 300) -> bool:
        fields = dict(part.split("=", 1) for part in header.split(","))
        t, v1 = int(fields["t"]), fields["v1"]
        if abs(time.time() - t) > tolerance:
            return False
        expected = hmac.new(secret.encode(), f"{t}.".encode() + body, hashlib.sha256).hexdigest()
        return hmac.compare_digest(expected, v1)

SSRF: an endpoint must be ``https`` and its host must resolve only to public addresses (no
private, loopback, link-local, reserved, multicast or unspecified address), checked at
registration AND at each delivery; the connection goes to the address that was checked (no
second DNS look-up a rebinding could change), without proxies and without following redirects.
``http://`` to 127.0.0.1/localhost/[::1] is accepted only when ``WSR_WEBHOOK_ALLOW_LOCAL`` is on
(default: ``DEBUG``; the tests turn it on) so a developer can point a webhook at a local receiver.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import http.client
import ipaddress
import json
import socket
import ssl
import urllib.error
import urllib.request
from functools import partial
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wsr.core import clock
from wsr.core.crypto import new_data_key, unwrap_key, wrap_key
from wsr.core.errors import DomainError
from wsr.core.models import OutboxMessage, TransparencyEntry
from wsr.core.outbox import outbox_enqueue
from wsr.core.permissions import Actor
from wsr.core.workflow import workflow_step
from wsr.programs.models import Program
from wsr.standing.capabilities import StandingCapability as SC
from wsr.standing.errors import StandingErrorCode
from wsr.standing.events import StandingEvent
from wsr.standing.models import FacilityStanding, Notice, WebhookEndpoint

EVENTS = {
    "suspension": gettext_lazy("Facility suspended"),
    "reinstatement": gettext_lazy("Facility reinstated"),
    "termination": gettext_lazy("Facility terminated"),
    "notice_issued": gettext_lazy("Any enforcement notice issued to the brand"),
}
EVENT_FOR_KIND = {
    Notice.Kind.SUSPENSION: "suspension",
    Notice.Kind.REINSTATEMENT: "reinstatement",
    Notice.Kind.TERMINATION: "termination",
}
SIGNATURE_HEADER = "WSR-Signature"
SECRET_PREFIX = "whsec_"  # noqa: S105 - a prefix, not a secret
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
USER_AGENT = "WSR-Webhooks/1"


class WebhookUrlRefused(DomainError):
    def __init__(self, message: str) -> None:
        super().__init__(message, code=StandingErrorCode.WEBHOOK_URL_REFUSED)


class WebhookRejected(Exception):
    """The endpoint answered, but not with 2xx (``http_status`` is kept in the attempt record)."""

    def __init__(self, http_status: int) -> None:
        super().__init__(f"HTTP {http_status}")
        self.http_status = http_status


class WebhookEndpointGone(Exception):
    """The endpoint was disabled after the message was queued: nothing is sent."""


# --- addresses (SSRF) -------------------------------------------------------------------------------


def allow_local() -> bool:
    return bool(getattr(settings, "WSR_WEBHOOK_ALLOW_LOCAL", settings.DEBUG))


def address_refused(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return not ip.is_global or ip.is_multicast or ip.is_reserved or ip.is_unspecified


def check_url(url: str) -> tuple[str, int, list[str]]:
    """``(host, port, addresses)`` of an acceptable endpoint URL; raises WebhookUrlRefused.

    Resolves the host (a literal address needs no DNS) and refuses it if any address it resolves
    to is not public, unless it is the local exception (``allow_local``)."""
    try:
        parts = urlsplit((url or "").strip())
        port = parts.port
    except ValueError:
        raise WebhookUrlRefused(_("This is not a valid URL.")) from None
    host = (parts.hostname or "").lower()
    if not host or parts.username is not None or parts.password is not None:
        raise WebhookUrlRefused(_("The URL needs a host name and no user name or password."))
    local = allow_local() and host in LOCAL_HOSTS
    if parts.scheme != "https" and not (local and parts.scheme == "http"):
        raise WebhookUrlRefused(_("The endpoint must use https://."))
    port = port or (443 if parts.scheme == "https" else 80)
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise WebhookUrlRefused(_("The endpoint's host name does not resolve.")) from None
    addresses = list(dict.fromkeys(str(info[4][0]) for info in infos))
    if not addresses:
        raise WebhookUrlRefused(_("The endpoint's host name does not resolve."))
    if local:
        addresses = [a for a in addresses if ipaddress.ip_address(a.split("%", 1)[0]).is_loopback]
        if not addresses:
            raise WebhookUrlRefused(_("The endpoint's host name does not resolve."))
    elif any(address_refused(a) for a in addresses):
        raise WebhookUrlRefused(_("The endpoint resolves to a private or reserved network address."))
    return host, port, addresses


# --- signatures -----------------------------------------------------------------------------------


def signature_header(secret: str, timestamp: int, body: bytes) -> str:
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def signature_valid(secret: str, header: str, body: bytes, *, now: int, tolerance: int = 300) -> bool:
    """The receiving side's check (documented above), used by the tests."""
    try:
        fields = dict(part.split("=", 1) for part in header.split(","))
        timestamp = int(fields["t"])
    except (KeyError, ValueError):
        return False
    if abs(now - timestamp) > tolerance:
        return False
    expected = signature_header(secret, timestamp, body).split("v1=", 1)[1]
    return hmac.compare_digest(expected, fields.get("v1", ""))


def _secret_text(key: bytes) -> str:
    return SECRET_PREFIX + base64.urlsafe_b64encode(key).decode().rstrip("=")


def endpoint_secret(endpoint: WebhookEndpoint) -> str:
    return _secret_text(unwrap_key(endpoint.secret_wrapped))


# --- endpoints (services) -------------------------------------------------------------------------


def _require_brand(actor: Actor, program: Program) -> None:
    actor.require(SC.ACKNOWLEDGE_NOTICE, program.pk)
    if not actor.organisation_id:
        raise DomainError(_("Only a brand registers webhooks."), code=StandingErrorCode.FORBIDDEN)


def webhook_endpoint_create(
    *, actor: Actor, program: Program, url: str, events: list[str]
) -> tuple[WebhookEndpoint, str]:
    """Register an endpoint of the actor's brand; returns it with its secret (shown this once)."""
    _require_brand(actor, program)
    chosen = [e for e in EVENTS if e in set(events or [])]
    if not chosen or len(chosen) != len(set(events)):
        raise DomainError(_("Choose at least one event."), code=StandingErrorCode.WEBHOOK_EVENTS_REQUIRED)
    url = (url or "").strip()
    if len(url) > 500:
        raise WebhookUrlRefused(_("The URL is too long."))
    check_url(url)
    key = new_data_key()
    secret = _secret_text(key)
    with transaction.atomic():
        endpoint = WebhookEndpoint.objects.create(
            program=program,
            organisation_id=int(actor.organisation_id or 0),
            url=url,
            events=chosen,
            secret_wrapped=wrap_key(key),
            secret_hint=secret[-4:],
            created_by=actor.user,
        )
        workflow_step(
            actor=actor,
            obj=endpoint,
            event=StandingEvent.WEBHOOK_CREATED,
            program=program,
            state_field=None,
            data={"endpoint": endpoint.public_id, "url": url, "events": chosen},
        )
    return endpoint, secret


def webhook_endpoint_disable(*, actor: Actor, endpoint: WebhookEndpoint) -> WebhookEndpoint:
    """Stop pushing to this endpoint (messages still queued for it are not sent)."""
    _require_brand(actor, endpoint.program)
    if actor.organisation_id != endpoint.organisation_id:
        raise DomainError(_("This endpoint belongs to another organisation."), code=StandingErrorCode.FORBIDDEN)
    if not endpoint.is_active:
        raise DomainError(_("This endpoint is already disabled."), code=StandingErrorCode.WEBHOOK_DISABLED)
    return workflow_step(
        actor=actor,
        obj=endpoint,
        event=StandingEvent.WEBHOOK_DISABLED,
        program=endpoint.program,
        state_field=None,
        changes={"is_active": False, "disabled_at": clock.now()},
        guard={"is_active": True},
        data={"endpoint": endpoint.public_id},
    )


# --- reads ----------------------------------------------------------------------------------------


def endpoints_for_actor(*, actor: Actor, program: Program) -> Any:
    if not actor.organisation_id or not actor.can(SC.ACKNOWLEDGE_NOTICE, program.pk):
        return WebhookEndpoint.objects.none()
    return WebhookEndpoint.objects.filter(program=program, organisation_id=actor.organisation_id).order_by(
        "-created_at", "-pk"
    )


def deliveries_for(endpoint: WebhookEndpoint, limit: int = 20) -> Any:
    return (
        OutboxMessage.objects.filter(channel=OutboxMessage.Channel.WEBHOOK, recipient=endpoint.public_id)
        .prefetch_related("delivery_attempts")
        .order_by("-created_at", "-pk")[:limit]
    )


# --- queueing: one message per endpoint and event, in the notice's transaction ---------------------


def _log_seq(notice: Notice) -> int | None:
    """The sequence number of the public log entry the notice reports (its decision or stage)."""
    entries = TransparencyEntry.objects.filter(stream=notice.program.log_stream)
    ref = notice.subject_ref.split(":", 1)[0]
    if ref.startswith("esc"):
        entries = entries.filter(payload__escalation=ref, payload__stage=notice.kind)
    else:
        entries = entries.filter(kind="standing_changed", payload__decision=ref)
    entry = entries.filter(payload__facility=notice.facility.public_id).order_by("-seq").first()
    return entry.seq if entry else None


def payload(event: str, notice: Notice) -> dict[str, Any]:
    standing = FacilityStanding.objects.filter(program=notice.program, facility=notice.facility).first()
    return {
        "id": f"{notice.public_id}.{event}",
        "event": event,
        "created": clock.now().isoformat(),
        "program": notice.program.slug,
        "facility": notice.facility.public_id,
        "facility_name": notice.facility.name,
        "supplier": notice.facility.supplier.public_id if notice.facility.supplier else None,
        "standing": standing.status if standing else "applicant",
        "since": standing.since.isoformat() if standing else None,
        "notice": notice.public_id,
        "notice_kind": notice.kind,
        "log_seq": _log_seq(notice),
    }


def webhooks_enqueue(notice: Notice) -> int:
    """Queue the pushes a notice to a brand calls for; returns how many were queued."""
    if notice.addressee != Notice.Addressee.BRAND:
        return 0
    events = ["notice_issued"]
    if notice.kind in EVENT_FOR_KIND:
        events.insert(0, EVENT_FOR_KIND[Notice.Kind(notice.kind)])
    queued = 0
    endpoints = WebhookEndpoint.objects.filter(
        program_id=notice.program_id, organisation_id=notice.organisation_id, is_active=True
    ).order_by("pk")
    for endpoint in endpoints:
        for event in events:
            if event not in endpoint.events:
                continue
            body = json.dumps(payload(event, notice), sort_keys=True, separators=(",", ":"))
            message = outbox_enqueue(
                recipient=endpoint.public_id,
                subject=event,
                body=body,
                kind=f"webhook_{event}",
                dedupe_key=f"webhook:{endpoint.public_id}:{notice.public_id}:{event}",
                channel=OutboxMessage.Channel.WEBHOOK,
                program_public_id=notice.program.public_id,
            )
            queued += message is not None
    return queued


# --- delivery (the outbox's sender for the "webhook" channel) --------------------------------------


class _PinnedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, *args: Any, address: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, *args: Any, address: str, context: ssl.SSLContext, **kwargs: Any) -> None:
        super().__init__(*args, context=context, **kwargs)
        self._address = address
        self._tls = context

    def connect(self) -> None:
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._tls.wrap_socket(sock, server_hostname=self.host)


class _PinnedHTTPHandler(urllib.request.HTTPHandler):
    def __init__(self, address: str) -> None:
        super().__init__()
        self.address = address

    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(partial(_PinnedHTTPConnection, address=self.address), req)


class _PinnedHTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, address: str) -> None:
        super().__init__()
        self.address = address
        self.tls = ssl.create_default_context()

    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(partial(_PinnedHTTPSConnection, address=self.address, context=self.tls), req)


def _opener(address: str) -> urllib.request.OpenerDirector:
    """No proxies, no redirects, connections only to the checked address."""
    opener = urllib.request.OpenerDirector()
    for handler in (
        _PinnedHTTPHandler(address),
        _PinnedHTTPSHandler(address),
        urllib.request.HTTPDefaultErrorHandler(),
        urllib.request.HTTPErrorProcessor(),
    ):
        opener.add_handler(handler)
    return opener


def webhook_send(message: OutboxMessage) -> None:
    """POST one queued message to its endpoint, signed; raise unless the answer is 2xx."""
    endpoint = WebhookEndpoint.objects.filter(public_id=message.recipient).first()
    if endpoint is None or not endpoint.is_active:
        raise WebhookEndpointGone(message.recipient)
    _host, _port, addresses = check_url(endpoint.url)
    body = message.body.encode()
    fields = json.loads(message.body)
    request = urllib.request.Request(  # noqa: S310 - check_url allowed https (or local http) only
        endpoint.url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "User-Agent": USER_AGENT,
            "WSR-Event": str(fields.get("event", message.subject)),
            "WSR-Delivery": str(fields.get("id", message.pk)),
            SIGNATURE_HEADER: signature_header(endpoint_secret(endpoint), int(clock.now().timestamp()), body),
        },
    )
    timeout = float(getattr(settings, "WSR_WEBHOOK_TIMEOUT_SECONDS", 5))
    try:
        with _opener(addresses[0]).open(request, timeout=timeout) as response:
            status = response.status
            response.read(1024)
    except urllib.error.HTTPError as exc:
        raise WebhookRejected(exc.code) from None
    if not 200 <= status < 300:
        raise WebhookRejected(status)
