"""The SMS gateway webhook: signed, idempotent on the gateway's message id, opens or joins a case."""

from __future__ import annotations

import hashlib
import hmac
import json

import pytest
from django.test import Client

from wsr.complaints.models import Complaint, ComplaintIdentity, Message
from wsr.core.models import Event

pytestmark = pytest.mark.django_db

URL = "/api/v1/intake/sms"
SECRET = "gateway-shared-secret"


@pytest.fixture
def gateway(settings, personas):
    settings.WSR_SMS_GATEWAYS = {
        "acme": {"secret": SECRET, "numbers": {"+15550001111": personas.program.slug}},
        "other": {"secret": "another-secret", "numbers": {}},
    }
    return settings


def _body(text: str, msg_id: str = "m-1", sender: str = "+1 555 010 4242") -> bytes:
    payload = {"from": sender, "to": "+15550001111", "text": text, "time": "2030-05-01T10:00:00Z", "id": msg_id}
    return json.dumps(payload).encode()


def _send(raw: bytes, *, gateway: str = "acme", secret: str = SECRET, signature: str | None = None, client=None):
    sig = signature if signature is not None else hmac.new(secret.encode(), raw, hashlib.sha256).hexdigest()
    headers = {"HTTP_X_WSR_GATEWAY": gateway, "HTTP_X_WSR_SIGNATURE": sig}
    return (client or Client()).post(URL, data=raw, content_type="application/json", **headers)


def test_a_text_opens_a_case_and_the_reply_gives_code_and_secret(gateway):
    response = _send(_body("The supervisor hits workers in row 7. KANARI-SMS-1"))
    assert response.status_code == 200
    reply = response.json()["reply"]
    complaint = Complaint.objects.get()
    assert complaint.case_code in reply
    assert (complaint.channel, complaint.category, complaint.program.slug) == ("sms", "other", "fair-harvest")
    identity = ComplaintIdentity.objects.get(complaint=complaint)
    assert "4242" not in identity.phone and "KANARI-SMS-1" not in complaint.narrative
    assert Event.objects.filter(verb="complaint_received", object_id=str(complaint.pk)).count() == 1


@pytest.mark.parametrize(
    ("gateway_name", "secret", "signature"),
    [
        ("acme", "wrong-secret", None),  # signed with another secret
        ("other", SECRET, None),  # the signature of another gateway
        ("nobody", SECRET, None),  # unknown gateway
        ("acme", SECRET, ""),  # no signature
        ("acme", SECRET, "zz" * 32),  # not even hex
    ],
)
def test_a_bad_signature_is_refused_and_nothing_is_stored(gateway, gateway_name, secret, signature):
    response = _send(_body("hello"), gateway=gateway_name, secret=secret, signature=signature)
    assert response.status_code == 401
    assert not Complaint.objects.exists()


def test_the_signature_covers_the_exact_body(gateway):
    raw = _body("pay is missing")
    signature = hmac.new(SECRET.encode(), raw, hashlib.sha256).hexdigest()
    tampered = raw.replace(b"pay is missing", b"pay is fine!!!")
    assert _send(tampered, signature=signature).status_code == 401
    assert _send(raw, signature=signature.upper()).status_code == 200  # hex in either case


def test_a_repeated_delivery_opens_no_second_case(gateway):
    raw = _body("No water in the field.", msg_id="dup-7")
    first = _send(raw)
    second = _send(raw)
    assert first.status_code == second.status_code == 200
    assert Complaint.objects.count() == 1
    assert Event.objects.filter(verb="complaint_received").count() == 1
    # The gateway retries when our answer was lost: the same answer (code and secret) comes back.
    assert second.json() == first.json()
    assert Complaint.objects.get().case_code in first.json()["reply"]


def _new_case_and_secret(gateway) -> tuple[Complaint, str]:
    reply = _send(_body("They took our passports.", msg_id="first")).json()["reply"]
    complaint = Complaint.objects.get()
    after_secret = reply.split("Secret:")[1].split()[0]
    return complaint, after_secret


def test_append_by_code_and_secret(gateway):
    complaint, secret = _new_case_and_secret(gateway)
    text = f"{complaint.case_code.replace('-', ' ')} {secret.lower()} The boss still has them."
    response = _send(_body(text, msg_id="second"))
    assert response.status_code == 200
    assert "added" in response.json()["reply"]
    assert Complaint.objects.count() == 1
    message = Message.objects.get(complaint=complaint)
    assert (message.direction, message.channel) == ("from_complainant", "sms")
    assert "still has them" not in message.body


def test_a_wrong_secret_by_sms_is_refused_and_adds_nothing(gateway):
    complaint, secret = _new_case_and_secret(gateway)
    wrong = "ABCD-EFGH-JKMN" if secret != "ABCD-EFGH-JKMN" else "ABCD-EFGH-JKMP"
    response = _send(_body(f"{complaint.case_code} {wrong} hello", msg_id="third"))
    assert response.status_code == 200
    assert "do not match" in response.json()["reply"]
    assert not Message.objects.exists() and Complaint.objects.count() == 1


def test_a_number_of_no_program_is_refused(gateway):
    raw = json.dumps(
        {"from": "+15550104242", "to": "+19999999999", "text": "hi", "time": "2030-05-01T10:00:00Z", "id": "n-1"}
    ).encode()
    response = _send(raw)
    assert response.status_code == 422 and response.json()["code"] == "unknown_number"
    assert not Complaint.objects.exists()


def test_one_sender_is_throttled(gateway, settings):
    settings.WSR_CASE_ACCESS_CLIENT_CAPACITY = 2
    assert _send(_body("one", msg_id="a")).status_code == 200
    assert _send(_body("two", msg_id="b")).status_code == 200
    response = _send(_body("three", msg_id="c"))
    assert response.status_code == 429 and int(response["Retry-After"]) >= 1
    # Another sender is not affected, and the throttled text can be delivered again later.
    assert _send(_body("four", msg_id="d", sender="+15550107777")).status_code == 200
    assert Complaint.objects.count() == 3
