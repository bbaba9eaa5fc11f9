"""Canary identity and narrative strings never leave the case: not in any brand, supplier,
worker-organisation or public response, not in logs, events or the transparency log, and not in
plaintext in the SQLite database file."""

from __future__ import annotations

import logging
import subprocess

import pytest
from django.db import connection
from django.test import Client

from tests.complaints.staff_helpers import (
    CONTACT_CANARY,
    NAME_CANARY,
    NARRATIVE_CANARY,
    PHONE_CANARY,
    actor,
    adopt_code,
    advance,
    file_case,
)
from tests.conftest import login
from wsr.complaints import services
from wsr.core.models import Event, TransparencyEntry

CANARIES = (NAME_CANARY, PHONE_CANARY, CONTACT_CANARY, NARRATIVE_CANARY, "CANARY-MSG-Tt09", "CANARY-NOTE-Hh31")
CLEAR_MARKER = "CLEAR-FACILITY-NAME-Bq77"  # stored in clear on purpose: proves the file scan sees rows


def _make_cases(personas):
    adopt_code(personas)
    inv, admin = actor(personas.investigator), actor(personas.council_admin)
    made = []
    for category, facility in (("health_safety", personas.facility_x), ("forced_labour", personas.facility_y)):
        receipt = file_case(
            personas,
            category=category,
            facility=facility,
            description=f"{NARRATIVE_CANARY} at the farm",
            name=NAME_CANARY,
            phone=PHONE_CANARY,
            contact=CONTACT_CANARY,
        )
        made.append(receipt)
    typed = file_case(personas, facility=None, facility_name=CLEAR_MARKER, description=NARRATIVE_CANARY)
    c = advance(personas, made[1].complaint, "finding", refs=["1.1"])
    services.complaint_message_send(actor=inv, complaint=c, text="CANARY-MSG-Tt09")
    services.complaint_note_add(actor=inv, complaint=c, text="CANARY-NOTE-Hh31")
    services.complaint_message_post(case_code=made[0].case_code, secret=made[0].secret, text="CANARY-MSG-Tt09")
    request = services.complaint_disclosure_request(actor=inv, complaint=c, reason="interview")
    services.complaint_disclosure_approve(actor=admin, request=request)
    services.complaint_identity_reveal(actor=inv, complaint=c)
    return made, typed, c


def _urls(personas, made, typed):
    slug = personas.program.slug
    urls = [
        "/",
        f"/p/{slug}/",
        "/home/",
        "/programs/",
        f"/programs/{slug}/",
        f"/programs/{slug}/history/",
        "/registry/facilities/",
        f"/registry/facilities/{personas.facility_x.public_id}/",
        f"/registry/facilities/{personas.facility_y.public_id}/",
        f"/complaints/{slug}/",
        f"/complaints/{slug}/statistics/",
        f"/complaints/{slug}/new/",
        "/api/v1/programs",
        f"/api/v1/programs/{slug}/log",
        "/api/v1/registry/facilities",
        f"/api/v1/complaints/queue?program={slug}",
    ]
    for receipt in (*made, typed):
        urls += [
            f"/complaints/{slug}/cases/{receipt.complaint.public_id}/",
            f"/api/v1/complaints/cases/{receipt.complaint.public_id}",
        ]
    return urls


@pytest.mark.django_db(transaction=True)
def test_canaries_never_leave_the_case(personas, caplog):
    caplog.set_level(logging.DEBUG)
    made, typed, _case = _make_cases(personas)
    outsiders = ("brand_a", "brand_b", "supplier_x", "supplier_y", "worker_org_staff", "auditor", "public")
    leaks = []
    for name in outsiders:
        client = login(Client(), personas.all_named()[name])
        for url in _urls(personas, made, typed):
            body = client.get(url).content.decode("utf-8", "replace")
            leaks += [f"{name} {url}: {canary}" for canary in CANARIES if canary in body]
    assert not leaks, "\n".join(leaks)

    # the staff API never carries identity or narrative, even for investigators
    inv = login(Client(), personas.investigator)
    api_urls = [f"/api/v1/complaints/cases/{r.complaint.public_id}" for r in made]
    for url in [f"/api/v1/complaints/queue?program={personas.program.slug}", *api_urls]:
        body = inv.get(url).content.decode()
        assert not [c for c in CANARIES if c in body], url

    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert not [c for c in CANARIES if c in logged]

    for event in Event.objects.all():
        text = f"{event.reason} {event.data} {event.before} {event.after}"
        assert not [c for c in CANARIES if c in text], event.verb
    for entry in TransparencyEntry.objects.all():
        assert not [c for c in CANARIES if c in str(entry.payload)]

    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(FULL)")
        path = connection.settings_dict["NAME"]
        data = b""
        for suffix in ("", "-wal", "-journal"):
            # Read in a child process: closing a descriptor of the live database in this process
            # would drop SQLite's POSIX locks on it (see tests/core/test_tasks_kill.py).
            read = subprocess.run(["cat", f"{path}{suffix}"], capture_output=True, check=False)
            data += read.stdout if read.returncode == 0 else b""
        assert CLEAR_MARKER.encode() in data  # the scan reads real rows
        for canary in CANARIES:
            assert canary.encode() not in data, canary
            assert canary.encode("utf-16-le") not in data, canary
    else:  # PostgreSQL: look at every text column of the complaint tables instead
        from wsr.complaints.models import Complaint, ComplaintIdentity, InternalNote, Message

        rows = [
            *Complaint.objects.values_list("narrative", flat=True),
            *ComplaintIdentity.objects.values_list("name", "phone", "contact"),
            *Message.objects.values_list("body", flat=True),
            *InternalNote.objects.values_list("body", flat=True),
        ]
        assert not [c for c in CANARIES if c in str(rows)]


def test_canaries_stay_out_of_hidden_fields_refusals_proposals_and_sms_rows(personas, settings, caplog):
    """What the changes of issue 8 touch: the report wizard's hidden field, the 422 refusals of the
    intake API, investigators proposed for a restricted case, and the stored SMS rows."""
    import base64
    import datetime as dt
    import json
    import zlib

    from tests.complaints.test_worker_report import STATE, Worker
    from wsr.complaints.models import SmsInbound

    caplog.set_level(logging.DEBUG)
    # 1. the wizard carries the story and the name between pages, sealed
    worker = Worker(personas.program.slug, "en")
    worker.start()
    worker.post({"action": "next", "facility": personas.facility_x.public_id})
    worker.post({"action": "next", "category": "wages_hours"})
    worker.post({"action": "next", "description": NARRATIVE_CANARY, "danger": "no"})
    worker.post({"action": "next", "privacy": "confidential"})
    page = worker.post({"action": "next", "name": NAME_CANARY, "phone": PHONE_CANARY, "contact": CONTACT_CANARY})
    state = STATE.search(page).group(1)
    body = state.split(".", 1)[1]
    raw = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
    for canary in CANARIES:
        assert canary not in state and canary.encode() not in raw
    try:
        inflated = zlib.decompress(raw)
    except zlib.error:
        inflated = b""
    assert not [c for c in CANARIES if c.encode() in inflated]

    # 2. a refused intake answers which field, never the text
    refused = Client().post(
        "/api/v1/intake/complaints",
        data=json.dumps(
            {
                "program": personas.program.slug,
                "facility": None,
                "facility_name": "Rancho",
                "category": "violence",
                "description": f"{NARRATIVE_CANARY} \udfff",
                "language": "en",
                "anonymous": False,
                "name": NAME_CANARY * 20,
            }
        ),
        content_type="application/json",
    )
    assert refused.status_code == 422
    assert not [c for c in CANARIES if c in refused.content.decode()]

    # 3. a restricted case's proposal and its decision name people, never the case's content
    gbvh = file_case(personas, category="sexual_harassment", description=NARRATIVE_CANARY, name=NAME_CANARY)
    proposal = services.complaint_assignment_propose(
        actor=actor(personas.council_admin), complaint=gbvh.complaint, investigators=[personas.investigator]
    )
    queue = login(Client(), personas.investigator).get(f"/complaints/{personas.program.slug}/").content.decode()
    assert proposal.public_id in queue and not [c for c in CANARIES if c in queue]
    services.complaint_assignment_approve(actor=actor(personas.investigator), proposal=proposal)

    # 4. an SMS: the stored reply is sealed, the sender's number kept only encrypted
    settings.WSR_SMS_GATEWAYS = {"acme": {"secret": "s", "numbers": {"+15550001111": personas.program.slug}}}
    services.complaint_sms_receive(
        gateway="acme",
        message_id="canary-1",
        sender=PHONE_CANARY,
        to="+15550001111",
        text=NARRATIVE_CANARY,
        received_at=dt.datetime(2025, 5, 1, tzinfo=dt.UTC),
    )
    stored = str(list(SmsInbound.objects.values_list("gateway", "message_id", "reply")))
    assert not [c for c in CANARIES if c in stored]

    for event in Event.objects.all():
        text = f"{event.reason} {event.data} {event.before} {event.after}"
        assert not [c for c in CANARIES if c in text], event.verb
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert not [c for c in CANARIES if c in logged]
