"""JSON intake and case follow-up (no login): /api/v1/intake/complaints, /status, /messages, /secret."""

from __future__ import annotations

import json
import re

import pytest
from django.test import Client

from wsr.accounts.selectors import actor_for_user
from wsr.complaints.case_codes import new_case_code, normalise_case_code
from wsr.complaints.models import Complaint, ComplaintIdentity, Message
from wsr.complaints.services import complaint_intake, complaint_message_send
from wsr.core.models import Event

pytestmark = pytest.mark.django_db


def _post(url: str, body: dict, client: Client | None = None):
    return (client or Client()).post(url, data=json.dumps(body), content_type="application/json")


def _complaint(personas, **changes) -> dict:
    body = {
        "program": personas.program.slug,
        "facility": personas.facility_x.public_id,
        "facility_name": "",
        "category": "child_labour",
        "description": "Children of 12 pick in the field. KANARI-API-3",
        "language": "ht",
        "anonymous": False,
        "contact": "via the worker centre",
        "phone": "+1 555 010 7788",
    }
    return {**body, **changes}


def test_intake_opens_a_case_and_answers_the_code_and_secret_once(personas):
    response = _post("/api/v1/intake/complaints", _complaint(personas))
    assert response.status_code == 201
    body = response.json()
    assert set(body) == {"case_code", "secret", "danger_advice"} and body["danger_advice"] == ""
    assert re.fullmatch(r"\d{4}-\d{4}-\d{4}-\d{4}-\d", body["case_code"])
    complaint = Complaint.objects.get()
    assert complaint.case_code == normalise_case_code(body["case_code"])
    assert (complaint.channel, complaint.category, complaint.language) == ("api", "child_labour", "ht")
    assert complaint.facility == personas.facility_x and complaint.anonymous is False
    assert body["secret"] not in complaint.secret_hash and "KANARI-API-3" not in complaint.narrative
    assert "7788" not in ComplaintIdentity.objects.get(complaint=complaint).phone
    assert Event.objects.filter(verb="complaint_received", object_id=str(complaint.pk)).count() == 1


def test_a_typed_workplace_is_enough(personas):
    response = _post("/api/v1/intake/complaints", _complaint(personas, facility=None, facility_name="Rancho Sol"))
    assert response.status_code == 201
    assert Complaint.objects.get().facility_name == "Rancho Sol"


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"program": "no-such-program"}, "program", "No program"),
        ({"category": "bribery"}, "category", "forced_labour"),
        ({"language": "bn"}, "language", "language"),
        ({"description": "x" * 5001}, "description", "5000"),
        ({"description": "   "}, "description", "what happened"),
        ({"facility": None, "facility_name": ""}, "facility_name", "where you work"),
        ({"facility_name": "y" * 301, "facility": None}, "facility_name", "too long"),
        ({"anonymous": "perhaps"}, "anonymous", "bool"),
    ],
)
def test_refused_input_names_its_field_and_stores_nothing(personas, changes, field, words):
    response = _post("/api/v1/intake/complaints", _complaint(personas, **changes))
    assert response.status_code == 422
    errors = response.json()["detail"]
    assert errors[0]["loc"][-1] == field
    assert words.lower() in errors[0]["msg"].lower()
    assert not Complaint.objects.exists() and not Event.objects.filter(verb="complaint_received").exists()


def test_a_facility_of_another_program_is_refused(personas):
    response = _post("/api/v1/intake/complaints", _complaint(personas, facility=personas.facility_elsewhere.public_id))
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "facility"
    assert not Complaint.objects.exists()


def test_status_answers_the_plain_words_and_the_messages(personas):
    receipt = _post("/api/v1/intake/complaints", _complaint(personas)).json()
    complaint = Complaint.objects.get()
    complaint_message_send(actor=actor_for_user(personas.investigator), complaint=complaint, text="We are on it.")
    response = _post("/api/v1/intake/status", receipt)
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "received" and body["must_change_secret"] is False
    assert body["status_text"].startswith("We have your complaint")
    assert [(m["direction"], m["text"]) for m in body["messages"]] == [("to_you", "We are on it.")]


def test_the_complainant_sends_a_message(personas):
    receipt = _post("/api/v1/intake/complaints", _complaint(personas)).json()
    response = _post("/api/v1/intake/messages", {**receipt, "text": "They threatened me today."})
    assert response.status_code == 201
    assert response.json()["messages"][-1]["direction"] == "from_you"
    assert Message.objects.filter(direction="from_complainant").count() == 1
    assert Event.objects.filter(verb="complaint_message_received").count() == 1

    response = _post("/api/v1/intake/messages", {**receipt, "text": ""})
    assert response.status_code == 422 and response.json()["detail"][0]["loc"][-1] == "text"
    response = _post("/api/v1/intake/messages", {**receipt, "text": "z" * 5001})
    assert response.status_code == 422
    assert Message.objects.count() == 1


def test_every_wrong_pair_gets_the_same_body(personas, settings):
    settings.WSR_CASE_ACCESS_CLIENT_CAPACITY = 50
    receipt = _post("/api/v1/intake/complaints", _complaint(personas)).json()
    wrong_secret = "ABCD-EFGH-JKMN" if receipt["secret"] != "ABCD-EFGH-JKMN" else "ABCD-EFGH-JKMP"
    pairs = [
        {"case_code": receipt["case_code"], "secret": wrong_secret},
        {"case_code": new_case_code(), "secret": receipt["secret"]},
        {"case_code": "12-34", "secret": receipt["secret"]},
        {"case_code": "x" * 500, "secret": "y" * 500},
    ]
    for url in ("/api/v1/intake/status", "/api/v1/intake/messages", "/api/v1/intake/secret"):
        answers = set()
        for pair in pairs:
            response = _post(url, {**pair, "text": "hello"})
            assert response.status_code == 403, url
            answers.add(response.content)
        assert len(answers) == 1, url
    assert json.loads(answers.pop())["code"] == "case_access_refused"
    assert not Message.objects.exists()


def test_operator_entered_case_changes_its_secret_through_the_api(personas):
    receipt = complaint_intake(
        actor=actor_for_user(personas.council_admin),
        program=personas.program,
        channel="hotline",
        facility=personas.facility_x,
        facility_name="",
        category="violence",
        description="Caller reports a beating.",
        language="es",
        anonymous=True,
    )
    pair = {"case_code": receipt.case_code, "secret": receipt.secret}
    assert _post("/api/v1/intake/status", pair).json()["must_change_secret"] is True
    response = _post("/api/v1/intake/secret", pair)
    assert response.status_code == 200
    fresh = response.json()["secret"]
    assert _post("/api/v1/intake/status", pair).status_code == 403
    body = _post("/api/v1/intake/status", {**pair, "secret": fresh}).json()
    assert body["must_change_secret"] is False
    assert Event.objects.filter(verb="complaint_secret_changed").count() == 1


def test_guessing_is_throttled_per_client_with_retry_after(personas, settings):
    settings.WSR_CASE_ACCESS_CLIENT_CAPACITY = 2
    pair = {"case_code": new_case_code(), "secret": "0000-0000-0000"}
    guesser = Client(REMOTE_ADDR="203.0.113.50")
    assert [_post("/api/v1/intake/status", pair, guesser).status_code for _ in range(3)] == [403, 403, 429]
    response = _post("/api/v1/intake/status", pair, guesser)
    assert response.status_code == 429 and int(response["Retry-After"]) >= 1
    assert response.json()["code"] == "throttled"
    assert _post("/api/v1/intake/status", pair, Client(REMOTE_ADDR="203.0.113.51")).status_code == 403


def test_guessing_is_throttled_globally_per_channel(personas, settings):
    settings.WSR_CASE_ACCESS_CHANNEL_CAPACITY = 3
    settings.WSR_CASE_ACCESS_CHANNEL_REFILL_SECONDS = 3600
    pair = {"case_code": new_case_code(), "secret": "0000-0000-0000"}
    codes = [_post("/api/v1/intake/status", pair, Client(REMOTE_ADDR=f"198.51.100.{n}")).status_code for n in range(4)]
    assert codes == [403, 403, 403, 429]
    # The web pages are another channel with their own bucket.
    assert Client(REMOTE_ADDR="198.51.100.9").post("/report/status/", pair).status_code == 403


def test_intake_is_limited_per_client(personas, settings):
    settings.WSR_INTAKE_CLIENT_CAPACITY = 2
    flood = Client(REMOTE_ADDR="203.0.113.77")
    codes = [_post("/api/v1/intake/complaints", _complaint(personas), flood).status_code for _ in range(3)]
    assert codes == [201, 201, 429]
    assert Complaint.objects.count() == 2


def test_the_endpoints_are_documented_in_openapi(client):
    schema = client.get("/api/v1/openapi.json").json()
    for path in ("complaints", "status", "messages", "secret", "sms"):
        assert f"/api/v1/intake/{path}" in schema["paths"]
    intake = schema["paths"]["/api/v1/intake/complaints"]["post"]
    assert {"201", "422", "429"} <= set(intake["responses"])
    assert "security" not in intake  # no login
    assert schema["paths"]["/api/v1/intake/sms"]["post"]["security"]


def test_a_message_through_the_api_is_recorded_with_the_api_channel(personas):
    receipt = _post("/api/v1/intake/complaints", _complaint(personas)).json()

    response = _post("/api/v1/intake/messages", {**receipt, "text": "More news."})

    assert response.status_code == 201
    assert Message.objects.get(direction="from_complainant").channel == "api"
    event = Event.objects.get(verb="complaint_message_received")
    assert event.data == {"channel": "api"}


def test_an_anonymous_complaint_keeps_no_identity_even_when_a_phone_is_sent(personas):
    body = _complaint(personas, anonymous=True, phone="+1555 010 9999", name="Rosa", contact="at the church")

    response = _post("/api/v1/intake/complaints", body)

    assert response.status_code == 201
    complaint = Complaint.objects.get()
    assert complaint.anonymous is True
    assert not ComplaintIdentity.objects.exists()
    event = Event.objects.get(verb="complaint_received", object_id=str(complaint.pk))
    assert event.data["anonymous"] is True and "9999" not in json.dumps(event.data)


@pytest.mark.parametrize(
    ("field", "value", "loc"),
    [
        ("description", "Lone surrogate \udfff in the story", "description"),
        ("facility_name", "Rancho \udfff", "facility_name"),
        ("facility_name", "Rancho\x00Sol", "facility_name"),
        ("contact", "via \udfff", "contact"),
    ],
)
def test_text_that_cannot_be_stored_is_a_422_naming_the_field(personas, field, value, loc):
    changes = {field: value}
    if field == "facility_name":
        changes["facility"] = None

    response = _post("/api/v1/intake/complaints", _complaint(personas, **changes))

    assert response.status_code == 422
    error = response.json()["detail"][0]
    assert error["loc"][-1] == loc and error["type"].endswith("_bad_characters")
    assert "cannot be stored" in error["msg"]
    assert not Complaint.objects.exists() and not Event.objects.exists()


def test_a_message_that_cannot_be_stored_is_a_422(personas):
    receipt = _post("/api/v1/intake/complaints", _complaint(personas)).json()

    response = _post("/api/v1/intake/messages", {**receipt, "text": "bad \udfff text"})

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "text"
    assert not Message.objects.exists() and not Event.objects.filter(verb="complaint_message_received").exists()


def test_answers_with_a_secret_or_case_messages_are_never_cached(personas):
    response = _post("/api/v1/intake/complaints", _complaint(personas))
    assert "no-store" in response["Cache-Control"]
    receipt = response.json()
    for url, body in (
        ("/api/v1/intake/status", receipt),
        ("/api/v1/intake/messages", {**receipt, "text": "News."}),
        ("/api/v1/intake/status", {**receipt, "secret": "0000-0000-0000"}),
        ("/api/v1/intake/secret", receipt),
    ):
        answer = _post(url, body)
        assert answer.status_code in (200, 201, 403), url
        assert "no-store" in answer["Cache-Control"], url
    assert Event.objects.filter(verb="complaint_secret_changed").count() == 1
