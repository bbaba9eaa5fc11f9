"""Following a case on the web with its code and secret: status, messages, reply, secret change."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from wsr.accounts.selectors import actor_for_user
from wsr.complaints.case_codes import new_case_code
from wsr.complaints.models import Message
from wsr.complaints.services import complaint_intake, complaint_message_send
from wsr.core.models import Event
from wsr.core.permissions import Actor

pytestmark = pytest.mark.django_db

CSRF_INPUT = re.compile(r'<input type="hidden" name="csrfmiddlewaretoken" value="[^"]+">')


def _case(personas, *, channel: str = "web", actor: Actor | None = None):
    return complaint_intake(
        actor=actor or Actor.anonymous("complainant"),
        program=personas.program,
        channel=channel,
        facility=personas.facility_x,
        facility_name="",
        category="wages_hours",
        description="They kept our overtime pay.",
        language="en",
        anonymous=True,
    )


def _open(client: Client, code: str, secret: str, **extra):
    return client.post("/report/status/", {"case_code": code, "secret": secret, **extra})


def test_the_worker_reads_the_status_and_the_investigators_reply(personas):
    receipt = _case(personas)
    complaint_message_send(
        actor=actor_for_user(personas.investigator), complaint=receipt.complaint, text="We will visit next week."
    )
    # Typed the way people type: spaces instead of dashes, lower case secret.
    response = _open(Client(), receipt.case_code.replace("-", " "), receipt.secret.lower())
    page = response.content.decode()
    assert response.status_code == 200
    assert "We have your complaint." in page
    assert "We will visit next week." in page and "From the investigator" in page
    assert "no-store" in response["Cache-Control"]


def test_the_worker_replies(personas):
    receipt = _case(personas)
    client = Client()
    response = client.post(
        "/report/status/reply/", {"case_code": receipt.case_code, "secret": receipt.secret, "text": "It was 12 hours."}
    )
    assert response.status_code == 200
    assert "Your message was sent." in response.content.decode()
    message = Message.objects.get(complaint=receipt.complaint)
    assert message.direction == "from_complainant" and "12 hours" not in message.body  # encrypted
    assert Event.objects.filter(verb="complaint_message_received", object_id=str(receipt.complaint.pk)).exists()


def test_an_empty_reply_is_refused_and_nothing_is_stored(personas):
    receipt = _case(personas)
    response = Client().post(
        "/report/status/reply/", {"case_code": receipt.case_code, "secret": receipt.secret, "text": "  "}
    )
    assert response.status_code == 400
    assert "Write your message first." in response.content.decode()
    assert not Message.objects.exists()


def test_wrong_secret_unknown_code_and_malformed_code_get_the_same_answer(personas):
    receipt = _case(personas)
    other_secret = "ABCD-EFGH-JKMN" if receipt.secret != "ABCD-EFGH-JKMN" else "ABCD-EFGH-JKMP"
    unknown = new_case_code()
    attempts = [
        (receipt.case_code, other_secret),  # wrong secret
        (unknown, receipt.secret),  # unknown code
        ("1234-5678", receipt.secret),  # malformed code
        (receipt.case_code[:-1] + str((int(receipt.case_code[-1]) + 1) % 10), receipt.secret),  # bad check digit
    ]
    answers = set()
    for code, secret in attempts:
        response = _open(Client(), code, secret)
        assert response.status_code == 403
        answers.add(CSRF_INPUT.sub("", response.content.decode()))
    assert len(answers) == 1
    assert "This case code and secret do not match." in answers.pop()
    assert not Event.objects.filter(verb="complaint_secret_changed").exists()


def test_missing_fields_are_named(personas):
    response = _open(Client(), "", "")
    page = response.content.decode()
    assert response.status_code == 400
    assert "Type your case code." in page and "Type your secret." in page


def test_guessing_is_throttled_per_client(personas, settings):
    settings.WSR_CASE_ACCESS_CLIENT_CAPACITY = 3
    receipt = _case(personas)
    guesser = Client(REMOTE_ADDR="203.0.113.9")
    for _ in range(3):
        assert _open(guesser, receipt.case_code, "0000-0000-0000").status_code == 403
    response = _open(guesser, receipt.case_code, receipt.secret)  # even the right pair now waits
    assert response.status_code == 429
    assert int(response["Retry-After"]) >= 1
    assert "Too many tries. Please wait" in response.content.decode()
    # Another client is not affected.
    assert _open(Client(REMOTE_ADDR="198.51.100.4"), receipt.case_code, receipt.secret).status_code == 200


def test_guessing_is_throttled_globally_for_the_web_channel(personas, settings):
    settings.WSR_CASE_ACCESS_CHANNEL_CAPACITY = 4
    settings.WSR_CASE_ACCESS_CHANNEL_REFILL_SECONDS = 3600
    receipt = _case(personas)
    for n in range(4):
        assert _open(Client(REMOTE_ADDR=f"203.0.113.{n}"), receipt.case_code, "0000-0000-0000").status_code == 403
    assert _open(Client(REMOTE_ADDR="198.51.100.4"), receipt.case_code, receipt.secret).status_code == 429


def test_an_operator_entered_case_asks_for_a_new_secret_first(personas):
    receipt = _case(personas, channel="hotline", actor=actor_for_user(personas.worker_org_staff))
    complaint_message_send(
        actor=actor_for_user(personas.investigator), complaint=receipt.complaint, text="KANARI-REPLY-4"
    )
    client = Client()
    response = _open(client, receipt.case_code, receipt.secret)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Make your own secret" in page and "KANARI-REPLY-4" not in page

    response = client.post("/report/status/secret/", {"case_code": receipt.case_code, "secret": receipt.secret})
    page = response.content.decode()
    assert response.status_code == 200 and "Your new secret" in page
    new_secret = re.search(r'data-testid="secret" aria-label="([0-9A-Z-]+)"', page).group(1)
    assert new_secret != receipt.secret
    assert Event.objects.filter(verb="complaint_secret_changed", object_id=str(receipt.complaint.pk)).exists()

    assert _open(client, receipt.case_code, receipt.secret).status_code == 403  # the operator's secret is void
    response = _open(client, receipt.case_code, new_secret)
    assert response.status_code == 200 and "KANARI-REPLY-4" in response.content.decode()


@pytest.mark.parametrize("lang", ["es", "ht", "bn"])
def test_the_status_page_speaks_the_asked_language(client, lang):
    page = client.get(f"/report/status/?lang={lang}").content.decode()
    assert f'<html lang="{lang}"' in page


def test_the_status_pages_are_never_stored_in_a_cache(client, personas):
    receipt = _case(personas)
    for response in (
        client.get("/report/status/"),
        _open(client, receipt.case_code, receipt.secret),
        client.post("/report/status/reply/", {"case_code": receipt.case_code, "secret": receipt.secret, "text": "Hi"}),
        _open(client, receipt.case_code, "0000-0000-0000"),
    ):
        assert response.status_code in (200, 403)
        assert "no-store" in response["Cache-Control"]
    assert Event.objects.filter(verb="complaint_message_received").count() == 1
