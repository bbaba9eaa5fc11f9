"""The worker's web report, one question per page, with JavaScript off (plain form posts).

Nothing is stored until "Send": the answers travel in one signed hidden field.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from tests.factories import FacilityFactory, ProgramFacilityFactory
from wsr.complaints.models import Complaint, ComplaintIdentity
from wsr.core.models import Event

pytestmark = pytest.mark.django_db

STATE = re.compile(r'name="state" value="([^"]+)"')
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
CSS = sum(len((Path(settings.BASE_DIR) / "static/css" / name).read_bytes()) for name in ("site.css", "worker.css"))


class Worker:
    """A browser without JavaScript: it reads each page and posts the form back, CSRF included."""

    def __init__(self, slug: str, lang: str) -> None:
        self.client = Client(enforce_csrf_checks=True)
        self.url = f"/report/{slug}/"
        self.lang = lang
        self.page = ""
        self.status = 0
        self.sizes: list[int] = []

    def _keep(self, response) -> str:
        self.page = response.content.decode()
        self.status = response.status_code
        self.sizes.append(len(response.content))
        return self.page

    def start(self) -> str:
        self._keep(self.client.get(self.url, {"lang": self.lang}))
        return self.post({"lang": self.lang}, with_state=False)

    def post(self, data: dict, *, with_state: bool = True) -> str:
        body = {"csrfmiddlewaretoken": CSRF.search(self.page).group(1), **data}
        if with_state:
            body["state"] = STATE.search(self.page).group(1)
        return self._keep(self.client.post(self.url, body))


def file_report(
    worker: Worker,
    *,
    facility: str = "",
    facility_name: str = "",
    category: str = "wages_hours",
    description: str = "The boss kept two days of pay.",
    privacy: str = "anonymous",
    contact: dict | None = None,
) -> str:
    worker.start()
    worker.post({"action": "next", "facility": facility, "facility_name": facility_name})
    worker.post({"action": "next", "category": category})
    worker.post({"action": "next", "description": description, "danger": "no"})
    worker.post({"action": "next", "privacy": privacy})
    if privacy == "confidential":
        worker.post({"action": "next", **(contact or {})})
    return worker.post({"action": "send"})


@pytest.mark.parametrize(("program", "lang"), [("program", "ht"), ("program", "es"), ("other_program", "bn")])
def test_a_worker_files_a_report_without_javascript_in_their_language(personas, program, lang):
    prog = getattr(personas, program)
    facility = personas.facility_x if program == "program" else personas.facility_elsewhere
    worker = Worker(prog.slug, lang)

    page = file_report(
        worker,
        facility=facility.public_id,
        category="retaliation",
        description="Yo pini m paske m te plenn. KANARI-NARRATIVE-77",
    )

    assert worker.status == 201
    assert f'<html lang="{lang}"' in page
    complaint = Complaint.objects.get()
    code = complaint.case_code
    assert "".join(f"<span>{g}</span>" for g in code.split("-")) in page
    assert re.search(r'data-testid="secret" aria-label="[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}"', page)
    assert (complaint.program, complaint.facility, complaint.language) == (prog, facility, lang)
    assert (complaint.channel, complaint.category, complaint.anonymous) == ("web", "retaliation", True)
    assert "KANARI-NARRATIVE-77" not in complaint.narrative  # stored encrypted
    assert not ComplaintIdentity.objects.exists()
    event = Event.objects.get(verb="complaint_received")
    assert event.object_id == str(complaint.pk) and event.actor_label == "complainant"


def test_every_step_fits_the_30_kb_budget_with_its_css(personas):
    worker = Worker(personas.program.slug, "en")
    file_report(
        worker,
        facility=personas.facility_x.public_id,
        privacy="confidential",
        contact={"name": "Marie", "phone": "+1 555 010 2030", "contact": ""},
    )
    assert len(worker.sizes) == 8  # start, place, topic, story, privacy, contact, review, done
    assert max(worker.sizes) + CSS <= 30 * 1024, (worker.sizes, CSS)


def test_confidential_report_keeps_the_contact_encrypted(personas):
    worker = Worker(personas.program.slug, "es")
    file_report(
        worker,
        facility_name="Finca La Esperanza (no está en la lista)",
        privacy="confidential",
        contact={"name": "KANARI-NAME-12", "phone": "+1 555 010 2030", "contact": ""},
    )
    assert worker.status == 201
    complaint = Complaint.objects.get()
    assert complaint.facility is None and complaint.facility_name.startswith("Finca La Esperanza")
    assert complaint.anonymous is False
    identity = ComplaintIdentity.objects.get(complaint=complaint)
    assert "KANARI-NAME-12" not in identity.name and "555" not in identity.phone


def test_confidential_needs_at_least_one_way_to_reach_the_worker(personas):
    worker = Worker(personas.program.slug, "en")
    worker.start()
    worker.post({"action": "next", "facility": personas.facility_x.public_id})
    worker.post({"action": "next", "category": "housing"})
    worker.post({"action": "next", "description": "No water in the camp.", "danger": "no"})
    worker.post({"action": "next", "privacy": "confidential"})
    page = worker.post({"action": "next", "name": "", "phone": "", "contact": ""})
    assert worker.status == 400
    assert "Give your name, a phone number or another way to reach you." in page
    page = worker.post({"action": "next", "phone": "call me maybe"})
    assert worker.status == 400 and "Write the phone number with digits only" in page
    assert not Complaint.objects.exists()


@pytest.mark.parametrize(
    ("step_data", "message"),
    [
        ({"description": "   ", "danger": "no"}, "Please tell us what happened."),
        ({"description": "x" * 5001, "danger": "no"}, "This is too long. Use at most 5000 letters (you used 5001)."),
    ],
)
def test_a_bad_story_is_refused_with_a_clear_message_and_nothing_is_stored(personas, step_data, message):
    worker = Worker(personas.program.slug, "en")
    worker.start()
    worker.post({"action": "next", "facility": personas.facility_x.public_id})
    worker.post({"action": "next", "category": "violence"})
    page = worker.post({"action": "next", **step_data})
    assert worker.status == 400
    assert message in page
    assert "What happened?" in page  # the same question again
    assert not Complaint.objects.exists() and not Event.objects.filter(verb="complaint_received").exists()


def test_an_unknown_category_or_workplace_is_refused(personas):
    worker = Worker(personas.program.slug, "en")
    worker.start()
    page = worker.post({"action": "next", "facility": personas.facility_elsewhere.public_id})
    assert worker.status == 400 and "Choose a workplace from the list." in page
    page = worker.post({"action": "next", "facility": "", "facility_name": ""})
    assert worker.status == 400 and "Choose your workplace, or type its name." in page
    worker.post({"action": "next", "facility": personas.facility_x.public_id})
    page = worker.post({"action": "next", "category": "bribery"})
    assert worker.status == 400 and "Choose one problem from the list." in page
    page = worker.post({"action": "next"})
    assert worker.status == 400 and "Choose one problem." in page
    assert not Complaint.objects.exists()


def test_a_changed_or_forged_form_is_refused(personas):
    worker = Worker(personas.program.slug, "en")
    worker.start()
    state = STATE.search(worker.page).group(1)
    token = CSRF.search(worker.page).group(1)
    # Change one character in the middle: its six bits are all data (the last characters of
    # unpadded base64 may carry bits the decoder ignores, so changing them can change nothing).
    middle = len(state) // 2
    changed = state[:middle] + ("A" if state[middle] != "A" else "B") + state[middle + 1 :]
    response = worker.client.post(worker.url, {"csrfmiddlewaretoken": token, "state": changed})
    assert response.status_code == 400
    assert "Please start again." in response.content.decode()
    # A state signed for another program does not work here either.
    other = worker.client.post(
        f"/report/{personas.other_program.slug}/", {"csrfmiddlewaretoken": token, "state": state}
    )
    assert other.status_code == 400
    assert not Complaint.objects.exists()


def test_csrf_is_checked(personas):
    response = Client(enforce_csrf_checks=True).post(f"/report/{personas.program.slug}/", {"lang": "en"})
    assert response.status_code == 403


def test_a_resent_send_is_refused_politely(personas):
    worker = Worker(personas.program.slug, "en")
    worker.start()
    worker.post({"action": "next", "facility": personas.facility_x.public_id})
    worker.post({"action": "next", "category": "health_safety"})
    worker.post({"action": "next", "description": "Pesticide spraying while we work.", "danger": "yes"})
    review = worker.post({"action": "next", "privacy": "anonymous"})
    assert "Check your report" in review and "Pesticide spraying while we work." in review
    worker.post({"action": "send"})
    assert worker.status == 201
    worker.page = review
    page = worker.post({"action": "send"})
    assert worker.status == 409 and "already sent" in page
    complaint = Complaint.objects.get()
    assert complaint.imminent_danger is True


def test_back_change_and_language_switch_keep_the_answers(personas):
    worker = Worker(personas.program.slug, "en")
    worker.start()
    worker.post({"action": "next", "facility": personas.facility_x.public_id})
    page = worker.post({"back": "1"})
    assert "Where do you work?" in page and "checked" in page
    worker.post({"action": "next", "facility": personas.facility_y.public_id})
    worker.post({"action": "next", "category": "discrimination"})
    page = worker.post({"switch": "ht"})
    assert '<html lang="ht"' in page
    worker.post({"action": "next", "description": "Women get less pay.", "danger": "no"})
    review = worker.post({"action": "next", "privacy": "anonymous"})
    assert personas.facility_y.name in review
    worker.post({"goto": "topic"})
    page = worker.post({"action": "next", "category": "wages_hours"})
    assert "Women get less pay." in page  # straight back to the review page
    worker.post({"action": "send"})
    complaint = Complaint.objects.get()
    assert (complaint.facility, complaint.category, complaint.language) == (personas.facility_y, "wages_hours", "ht")


def test_a_long_list_of_workplaces_is_searched_by_name(personas):
    program = personas.program
    for n in range(25):
        ProgramFacilityFactory(program=program, facility=FacilityFactory(name=f"Grower {n:02d} Ranch"))
    target = FacilityFactory(name="Zeta Tomato Packing")
    ProgramFacilityFactory(program=program, facility=target)
    worker = Worker(program.slug, "en")
    page = worker.start()
    assert "Find your workplace" in page and "Grower 03 Ranch" not in page
    page = worker.post({"action": "search", "q": "zeta"})
    assert worker.status == 200 and "Zeta Tomato Packing" in page and "Grower" not in page
    assert 'role="alert"' not in page
    worker.post({"action": "next", "facility": target.public_id})
    worker.post({"action": "next", "category": "other"})
    worker.post({"action": "next", "description": "Something else.", "danger": "no"})
    worker.post({"action": "next", "privacy": "anonymous"})
    worker.post({"action": "send"})
    assert Complaint.objects.get().facility == target


def test_the_start_page_explains_the_choice_in_the_asked_language(client, personas):
    page = client.get(f"/report/{personas.program.slug}/?lang=es").content.decode()
    assert '<html lang="es"' in page
    assert "Anonymous" in page or "Anónimo" in page
    # A language the program does not use falls back to the program's first language.
    page = client.get(f"/report/{personas.program.slug}/?lang=bn").content.decode()
    assert '<html lang="en"' in page
    assert client.get("/report/no-such-program/").status_code == 404


def test_too_many_reports_from_one_client_wait_and_keep_the_answers(personas, settings):
    settings.WSR_INTAKE_CLIENT_CAPACITY = 1
    file_report(Worker(personas.program.slug, "en"), facility=personas.facility_x.public_id)
    worker = Worker(personas.program.slug, "en")
    page = file_report(worker, facility=personas.facility_x.public_id, description="Second report, same phone.")
    assert worker.status == 429
    assert "Too many tries. Please wait" in page and "Second report, same phone." in page  # still on review
    assert Complaint.objects.count() == 1


def test_an_error_during_intake_leaves_the_token_unspent_and_a_retry_opens_the_case(personas, monkeypatch):
    from wsr.complaints.services import common

    worker = Worker(personas.program.slug, "en")
    worker.client.raise_request_exception = False
    worker.start()
    worker.post({"action": "next", "facility": personas.facility_x.public_id})
    worker.post({"action": "next", "category": "wages_hours"})
    worker.post({"action": "next", "description": "They kept two days of pay.", "danger": "no"})
    review = worker.post({"action": "next", "privacy": "anonymous"})
    real_record = common.record
    monkeypatch.setattr(common, "record", lambda *a, **k: (_ for _ in ()).throw(RuntimeError("disk full")))

    worker.post({"action": "send"})

    assert worker.status == 500
    assert not Complaint.objects.exists() and not Event.objects.filter(verb="complaint_received").exists()
    monkeypatch.setattr(common, "record", real_record)
    worker.page = review
    page = worker.post({"action": "send"})
    assert worker.status == 201 and "already sent" not in page
    complaint = Complaint.objects.get()
    assert Event.objects.filter(verb="complaint_received", object_id=str(complaint.pk)).count() == 1
    worker.page = review
    worker.post({"action": "send"})
    assert worker.status == 409 and Complaint.objects.count() == 1


def test_the_hidden_answers_are_encrypted_not_just_signed(personas):
    import base64
    import zlib

    from django.core import signing

    worker = Worker(personas.program.slug, "en")
    file_report_until_review(worker, description="NARRATIVE-IN-STATE-Qm3", privacy="confidential")
    state = STATE.search(worker.page).group(1)

    assert "NARRATIVE-IN-STATE-Qm3" in worker.page  # the review page shows it to the worker...
    body = state.split(".", 1)[1]
    raw = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
    assert b"NARRATIVE-IN-STATE-Qm3" not in raw and b"Rosa" not in raw  # ...the hidden field does not
    with pytest.raises(zlib.error):
        zlib.decompress(raw)
    with pytest.raises(signing.BadSignature):
        signing.loads(state)


def file_report_until_review(worker: Worker, *, description: str, privacy: str = "anonymous") -> str:
    worker.start()
    worker.post({"action": "next", "facility": "", "facility_name": "Rancho Sol"})
    worker.post({"action": "next", "category": "wages_hours"})
    worker.post({"action": "next", "description": description, "danger": "no"})
    page = worker.post({"action": "next", "privacy": privacy})
    if privacy == "confidential":
        page = worker.post({"action": "next", "name": "Rosa", "phone": "+1 555 010 2020"})
    return page


@pytest.mark.parametrize(
    ("lang", "words"), [("es", "Empiece de nuevo"), ("ht", "Tanpri rekòmanse"), ("bn", "আবার শুরু করুন")]
)
def test_an_old_or_changed_form_gets_a_translated_message_never_a_500(personas, lang, words):
    import time_machine

    from wsr.core import clock

    worker = Worker(personas.program.slug if lang != "bn" else personas.other_program.slug, lang)
    worker.client.raise_request_exception = False
    worker.start()
    state = STATE.search(worker.page).group(1)
    csrf = CSRF.search(worker.page).group(1)
    for bad in ("", "v1.", "v1.!!!", "garbage", state[:-4] + "AAAA", "v1." + "A" * 600000):
        response = worker.client.post(worker.url, {"csrfmiddlewaretoken": csrf, "state": bad, "lang": lang})
        assert response.status_code == 400, bad[:20]
    with time_machine.travel(clock.now() + dt.timedelta(hours=25)):
        response = worker.client.post(worker.url, {"csrfmiddlewaretoken": csrf, "state": state, "lang": lang})
    assert response.status_code == 400
    page = response.content.decode()
    assert f'<html lang="{lang}"' in page
    assert words in page
    assert not Complaint.objects.exists()


@pytest.mark.parametrize("lang", ["es", "ht", "bn"])
def test_a_story_over_the_limit_is_refused_whole_with_the_limit_named(personas, lang):
    program = personas.program if lang != "bn" else personas.other_program
    worker = Worker(program.slug, lang)
    worker.start()
    worker.post({"action": "next", "facility": "", "facility_name": "Rancho Sol"})
    page = worker.post({"action": "next", "category": "wages_hours"})
    assert (
        "maxlength"
        not in page.split('name="description"')[0].rsplit("<textarea", 1)[-1]
        + page.split('name="description"')[1].split(">")[0]
    )
    assert "5000" in page  # the page says how long a story may be, before the worker writes it

    story = "x" * 5001
    page = worker.post({"action": "next", "description": story, "danger": "no"})

    assert worker.status == 400
    assert "5000" in page and "5001" in page
    assert story in page  # the whole text comes back to be shortened, not cut
    assert not Complaint.objects.exists()
