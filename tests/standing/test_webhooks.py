"""Brand webhooks: a suspension addressed to brand A is pushed to A's endpoint (real HTTP to a
local server thread, no mocks), signed; a 500 is retried with backoff and every attempt recorded;
a second run sends nothing twice; addresses that are not public are refused (SSRF)."""

from __future__ import annotations

import datetime as dt
import http.server
import ipaddress
import json
import ssl
import threading
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine

from tests.conftest import login
from tests.standing.conftest import activate_agreement, actor
from wsr.core import clock
from wsr.core.errors import CapabilityMissing, DomainError
from wsr.core.models import Event, OutboxAttempt, OutboxMessage, TransparencyEntry
from wsr.core.outbox import outbox_flush
from wsr.standing import webhooks
from wsr.standing.models import FacilityStanding, Notice, WebhookEndpoint
from wsr.standing.services import standing_decide, standing_notices_send
from wsr.standing.transitions import Grounds, Standing

pytestmark = pytest.mark.django_db


class Receiver:
    """A real HTTP server on 127.0.0.1: records each request, answers with the next queued status."""

    def __init__(self) -> None:
        self.requests: list[dict[str, Any]] = []
        self.answers: list[int] = []
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                receiver.requests.append(
                    {"path": self.path, "headers": {k.lower(): v for k, v in self.headers.items()}, "body": body}
                )
                status = receiver.answers.pop(0) if receiver.answers else 200
                self.send_response(status)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, format: str, *args: object) -> None:
                return

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks/wsr"


@pytest.fixture
def receiver(settings: Any) -> Iterator[Receiver]:
    settings.WSR_WEBHOOK_ALLOW_LOCAL = True
    found = Receiver()
    thread = threading.Thread(target=found.server.serve_forever, daemon=True)
    thread.start()
    try:
        yield found
    finally:
        found.server.shutdown()
        found.server.server_close()


@pytest.fixture
def sourced(admitted: Any) -> Any:
    activate_agreement(admitted, admitted.brand_a)
    return admitted


def _register(personas: Any, url: str, events: list[str], user: Any = None) -> tuple[WebhookEndpoint, str]:
    return webhooks.webhook_endpoint_create(
        actor=actor(user or personas.brand_a), program=personas.program, url=url, events=events
    )


def _suspend(personas: Any) -> Any:
    decision = standing_decide(
        actor=actor(personas.investigator),
        program=personas.program,
        facilities=[personas.facility_x],
        target=Standing.SUSPENDED,
        grounds=Grounds.ZERO_TOLERANCE,
        grounds_ref="cmp-1",
        reason="Forced labour confirmed.",
    )
    standing_notices_send.call(decision=decision.public_id)
    return decision


def test_a_suspension_is_pushed_signed_once(sourced: Any, receiver: Receiver) -> None:
    personas = sourced
    endpoint, secret = _register(personas, receiver.url, ["suspension", "notice_issued"])
    assert secret.startswith("whsec_") and endpoint.secret_hint == secret[-4:]
    assert secret not in endpoint.secret_wrapped
    assert Event.objects.filter(verb="webhook_endpoint_created", object_id=str(endpoint.pk)).count() == 1

    decision = _suspend(personas)
    messages = OutboxMessage.objects.filter(channel="webhook")
    assert sorted(messages.values_list("kind", flat=True)) == ["webhook_notice_issued", "webhook_suspension"]
    outbox_flush()  # the e-mails of the notices leave too

    assert len(receiver.requests) == 2
    notice = Notice.objects.get(organisation=personas.brand_a.organisation)
    standing = FacilityStanding.objects.get(program=personas.program, facility=personas.facility_x)
    entry = TransparencyEntry.objects.get(kind="standing_changed", payload__decision=decision.public_id)
    by_event = {}
    for request in receiver.requests:
        assert request["path"] == "/hooks/wsr"
        assert request["headers"]["content-type"] == "application/json"
        header = request["headers"]["wsr-signature"]
        assert webhooks.signature_valid(secret, header, request["body"], now=int(clock.now().timestamp()))
        assert not webhooks.signature_valid(secret, header, request["body"] + b" ", now=int(clock.now().timestamp()))
        assert not webhooks.signature_valid("whsec_other", header, request["body"], now=int(clock.now().timestamp()))
        body = json.loads(request["body"])
        by_event[body["event"]] = body
        assert request["headers"]["wsr-delivery"] == body["id"]
    assert set(by_event) == {"suspension", "notice_issued"}
    pushed = by_event["suspension"]
    assert pushed["facility"] == personas.facility_x.public_id
    assert pushed["standing"] == "suspended"
    assert pushed["since"] == standing.since.isoformat()
    assert pushed["notice"] == notice.public_id
    assert pushed["log_seq"] == entry.seq
    assert set(messages.values_list("status", flat=True)) == {"sent"}
    assert OutboxAttempt.objects.filter(message__channel="webhook", outcome="sent").count() == 2

    # A second flush and a second notice run send nothing twice.
    assert outbox_flush() == 0
    standing_notices_send.call(decision=decision.public_id)
    assert outbox_flush() == 0
    assert len(receiver.requests) == 2
    assert messages.count() == 2


def test_a_500_is_retried_with_backoff_and_each_attempt_recorded(sourced: Any, receiver: Receiver) -> None:
    personas = sourced
    _endpoint, secret = _register(personas, receiver.url, ["suspension"])
    receiver.answers = [500]
    _suspend(personas)
    message = OutboxMessage.objects.get(channel="webhook")

    outbox_flush()
    message.refresh_from_db()
    assert message.status == "pending" and message.attempts == 1
    assert message.last_error == "WebhookRejected (HTTP 500)"
    assert message.next_attempt_at > clock.now()
    (failed,) = OutboxAttempt.objects.filter(message=message)
    assert failed.outcome == "error" and failed.error == "WebhookRejected (HTTP 500)"
    assert outbox_flush() == 0  # not due yet: nothing sent
    assert len(receiver.requests) == 1

    with time_machine.travel(message.next_attempt_at + dt.timedelta(seconds=1)):
        assert outbox_flush() == 1  # the e-mails left at the first flush
        now = int(clock.now().timestamp())
    message.refresh_from_db()
    assert message.status == "sent" and message.attempts == 2
    assert list(OutboxAttempt.objects.filter(message=message).values_list("outcome", flat=True)) == ["error", "sent"]
    assert len(receiver.requests) == 2
    # Each attempt is signed afresh (its own timestamp) over the same body.
    first, second = receiver.requests
    assert first["body"] == second["body"]
    assert webhooks.signature_valid(secret, second["headers"]["wsr-signature"], second["body"], now=now)


def test_only_the_addressee_brands_subscribed_endpoints_are_pushed(sourced: Any, receiver: Receiver) -> None:
    personas = sourced
    _register(personas, receiver.url, ["reinstatement"])  # not this event
    _register(personas, receiver.url, ["suspension"], user=personas.brand_b)  # brand B gets no notice
    disabled, _secret = _register(personas, receiver.url, ["suspension"])
    webhooks.webhook_endpoint_disable(actor=actor(personas.brand_a), endpoint=disabled)
    _suspend(personas)
    assert not OutboxMessage.objects.filter(channel="webhook").exists()
    assert Notice.objects.filter(addressee="supplier").exists()  # the supplier's notice pushes nothing
    assert receiver.requests == []


def test_a_message_for_an_endpoint_disabled_since_is_not_sent(sourced: Any, receiver: Receiver) -> None:
    personas = sourced
    endpoint, _secret = _register(personas, receiver.url, ["suspension"])
    _suspend(personas)
    webhooks.webhook_endpoint_disable(actor=actor(personas.brand_a), endpoint=endpoint)
    assert Event.objects.filter(verb="webhook_endpoint_disabled", object_id=str(endpoint.pk)).count() == 1
    outbox_flush()
    assert receiver.requests == []
    attempt = OutboxAttempt.objects.get(message__channel="webhook")
    assert attempt.error == "WebhookEndpointGone"


@pytest.mark.parametrize(
    "url",
    [
        "http://93.184.216.34/hook",  # not https
        "ftp://93.184.216.34/hook",
        "https://10.0.0.5/hook",
        "https://192.168.1.10/hook",
        "https://172.16.0.1/hook",
        "https://169.254.169.254/latest/meta-data",
        "https://127.0.0.1/hook",
        "https://localhost/hook",
        "https://[::1]/hook",
        "https://[::ffff:10.0.0.1]/hook",
        "https://[fd00::1]/hook",
        "https://0.0.0.0/hook",
        "https://224.0.0.1/hook",
        "https://user:pw@93.184.216.34/hook",
        "http://127.0.0.1:8000/hook",  # local http only where allowed
        "https:///nohost",
        "not a url",
    ],
)
def test_urls_that_are_not_public_https_are_refused(url: str, settings: Any) -> None:
    settings.WSR_WEBHOOK_ALLOW_LOCAL = False
    with pytest.raises(webhooks.WebhookUrlRefused) as refused:
        webhooks.check_url(url)
    assert refused.value.code == "webhook_url_refused"


def test_a_public_https_url_is_accepted_and_local_http_only_when_allowed(settings: Any) -> None:
    settings.WSR_WEBHOOK_ALLOW_LOCAL = False
    assert webhooks.check_url("https://93.184.216.34:8443/hook") == ("93.184.216.34", 8443, ["93.184.216.34"])
    settings.WSR_WEBHOOK_ALLOW_LOCAL = True
    assert webhooks.check_url("http://127.0.0.1:8000/hook")[2] == ["127.0.0.1"]
    with pytest.raises(webhooks.WebhookUrlRefused):
        webhooks.check_url("http://10.0.0.5/hook")  # the exception is loopback only


def test_registration_refuses_and_writes_nothing(sourced: Any, settings: Any) -> None:
    personas = sourced
    settings.WSR_WEBHOOK_ALLOW_LOCAL = False
    with pytest.raises(webhooks.WebhookUrlRefused):
        _register(personas, "https://10.1.2.3/x", ["suspension"])
    with pytest.raises(DomainError) as no_events:
        _register(personas, "https://93.184.216.34/x", [])
    assert no_events.value.code == "webhook_events_required"
    with pytest.raises(DomainError):
        _register(personas, "https://93.184.216.34/x", ["suspension", "everything"])
    assert not WebhookEndpoint.objects.exists()
    assert not Event.objects.filter(verb="webhook_endpoint_created").exists()
    with pytest.raises(CapabilityMissing):
        _register(personas, "https://93.184.216.34/x", ["suspension"], user=personas.supplier_x)


def test_the_brand_registers_on_its_page_and_sees_the_secret_once(sourced: Any, client: Any, settings: Any) -> None:
    personas = sourced
    settings.WSR_WEBHOOK_ALLOW_LOCAL = False
    brand = login(client, personas.brand_a)
    url = f"/standing/{personas.program.slug}/webhooks/"
    refused = brand.post(url, {"url": "https://192.168.0.1/x", "events": ["suspension"]})
    assert refused.status_code == 400 and b"private or reserved" in refused.content
    created = brand.post(url, {"url": "https://93.184.216.34/wsr", "events": ["suspension", "termination"]})
    assert created.status_code == 201
    endpoint = WebhookEndpoint.objects.get()
    assert endpoint.events == ["suspension", "termination"] and endpoint.organisation == personas.brand_a.organisation
    secret = webhooks.endpoint_secret(endpoint)
    assert secret.encode() in created.content
    again = brand.get(url)
    assert again.status_code == 200 and b"93.184.216.34/wsr" in again.content and secret.encode() not in again.content
    assert brand.post(f"{url}{endpoint.public_id}/disable/").status_code == 302
    endpoint.refresh_from_db()
    assert not endpoint.is_active
    other = login(client.__class__(), personas.brand_b)
    assert b"93.184.216.34" not in other.get(url).content


def test_the_api_registers_lists_and_disables(sourced: Any, client: Any, settings: Any) -> None:
    personas = sourced
    settings.WSR_WEBHOOK_ALLOW_LOCAL = False
    brand = login(client, personas.brand_a)
    base = f"/api/v1/programs/{personas.program.slug}/webhooks"
    refused = brand.post(
        base, {"url": "http://93.184.216.34/x", "events": ["suspension"]}, content_type="application/json"
    )
    assert refused.status_code == 400 and refused.json()["code"] == "webhook_url_refused"
    created = brand.post(
        base, {"url": "https://93.184.216.34/x", "events": ["notice_issued"]}, content_type="application/json"
    )
    assert created.status_code == 201
    body = created.json()
    assert body["secret"].startswith("whsec_") and body["events"] == ["notice_issued"]
    listed = brand.get(base).json()
    assert [e["endpoint"] for e in listed] == [body["endpoint"]] and "secret" not in listed[0]
    disabled = brand.post(f"{base}/{body['endpoint']}/disable")
    assert disabled.status_code == 200 and disabled.json()["active"] is False
    other = login(client.__class__(), personas.brand_b)
    assert other.post(f"{base}/{body['endpoint']}/disable").status_code == 404


def _self_signed(tmp_path: Any) -> tuple[str, str]:
    """A certificate for 127.0.0.1 (its own CA) and its key, as PEM files."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return str(cert_path), str(key_path)


@pytest.fixture
def tls_receiver(receiver: Receiver, tmp_path: Any) -> tuple[Receiver, str]:
    """The receiver behind TLS (a certificate nobody trusts unless the test says so)."""
    cert, key = _self_signed(tmp_path)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    receiver.server.socket = context.wrap_socket(receiver.server.socket, server_side=True)
    receiver.url = receiver.url.replace("http://", "https://")
    return receiver, cert


def test_https_delivery_verifies_the_certificate(
    sourced: Any, tls_receiver: tuple[Receiver, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    personas = sourced
    receiver, cert = tls_receiver
    _endpoint, secret = _register(personas, receiver.url, ["suspension"])
    _suspend(personas)
    message = OutboxMessage.objects.get(channel="webhook")

    outbox_flush()  # a certificate no CA vouches for: refused, recorded, retried
    message.refresh_from_db()
    assert message.status == "pending" and message.attempts == 1 and message.last_error == "URLError"
    assert receiver.requests == []

    monkeypatch.setenv("SSL_CERT_FILE", cert)  # now the system trusts it (as a real CA would be)
    with time_machine.travel(message.next_attempt_at + dt.timedelta(seconds=1)):
        outbox_flush()
        now = int(clock.now().timestamp())
    message.refresh_from_db()
    assert message.status == "sent" and message.attempts == 2
    (request,) = receiver.requests
    assert webhooks.signature_valid(secret, request["headers"]["wsr-signature"], request["body"], now=now)


def test_an_escalation_stage_notice_is_pushed_as_notice_issued_with_its_log_entry(
    sourced: Any, receiver: Receiver
) -> None:
    from wsr.standing.services import escalation_open

    personas = sourced
    _register(personas, receiver.url, ["notice_issued", "suspension"])
    escalation = escalation_open(
        actor=actor(personas.council_admin), program=personas.program, facility=personas.facility_x, reason="Wages."
    )
    message = OutboxMessage.objects.get(channel="webhook")  # no suspension: only the notice
    assert message.kind == "webhook_notice_issued"
    outbox_flush()
    (request,) = receiver.requests
    body = json.loads(request["body"])
    entry = TransparencyEntry.objects.filter(payload__escalation=escalation.public_id).latest("seq")
    assert body["notice_kind"] == "stage_1" and body["standing"] == "participating"
    assert body["log_seq"] == entry.seq


@pytest.mark.parametrize(("kind", "event"), [("reinstatement", "reinstatement"), ("termination", "termination")])
def test_each_kind_of_notice_maps_to_its_event(sourced: Any, receiver: Receiver, kind: str, event: str) -> None:
    personas = sourced
    _register(personas, receiver.url, ["suspension", "reinstatement", "termination"])
    notice = Notice.objects.create(
        program=personas.program,
        facility=personas.facility_x,
        organisation=personas.brand_a.organisation,
        addressee="brand",
        kind=kind,
        subject_ref="dec_x",
        body="b",
        sent_at=clock.now(),
    )
    assert webhooks.webhooks_enqueue(notice) == 1
    assert webhooks.webhooks_enqueue(notice) == 0  # the same fact is queued once
    assert list(OutboxMessage.objects.filter(channel="webhook").values_list("kind", flat=True)) == [f"webhook_{event}"]
    outbox_flush()
    (request,) = receiver.requests
    assert request["headers"]["wsr-event"] == event and json.loads(request["body"])["log_seq"] is None
