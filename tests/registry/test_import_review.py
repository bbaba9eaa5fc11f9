"""The review queue: possible matches side by side, decided one by one or a page at a time,
every decision recorded with the comparison's reasons."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from tests.conftest import login
from wsr.core.models import Event
from wsr.core.permissions import Actor
from wsr.registry.importing.services import import_job_create
from wsr.registry.models import Facility, ImportRow, Resolution, RowOutcome

SYSTEM = Actor.system("import")
FIRST = (
    'country,name,address\nCN,Huai An Yuan Tong Headwear Mfg. Co. Ltd.,"No. 30 & 32 Yan Huang Avenue, '
    'Lian Shui Economic Development Zone, Jiang Su Province"\n'
)
SECOND = (
    'country,name,address\nCN,Huai An Yuan Tong Headwear Mfg. Co. Ltd.,"No.1 Yan Huang Avenue Lian Shui '
    'New Industrial Zone,Huai An,Jiangsu 223400. China"\n'
    'CN,Huai An Yuan Tong Headwear Mfg. Co. Ltd.,"No.1 Yan Huang Avenue Lian Shui New Industrial Zone,'
    'Huai An City,Jiangsu 223400"\n'
)


def _review_job(program):
    import_job_create(actor=SYSTEM, program=program, data=FIRST.encode(), filename="a.csv", run_now=True)
    job = import_job_create(actor=SYSTEM, program=program, data=SECOND.encode(), filename="b.csv", run_now=True)
    assert job.review_count == 2
    return job


def _url(job) -> str:
    return reverse("registry:import_review", args=["fair-harvest", job.public_id])


def test_the_review_page_shows_both_sides_with_the_differing_words_and_the_reasons(personas):
    job = _review_job(personas.program)
    client = login(Client(), personas.council_admin)

    body = client.get(_url(job)).content.decode()

    assert "<mark>Industrial</mark>" in body  # in the file, not in the registry's address
    assert "<mark>Economic</mark>" in body  # in the registry's address, not in the file
    assert "<mark>Huai</mark>" not in body  # the names agree
    assert "name: same" in body
    assert body.count('name="decision-') == 6  # three choices per row: works without JavaScript
    assert "js/import-review.js" in body


def test_decisions_for_several_rows_are_saved_at_once_and_recorded(personas):
    job = _review_job(personas.program)
    client = login(Client(), personas.council_admin)
    candidate = ImportRow.objects.get(job=job, line=2).candidate

    response = client.post(_url(job), {"decision-2": "confirm", "decision-3": "new"})

    assert response.status_code == 302
    rows = {r.line: r for r in ImportRow.objects.filter(job=job)}
    assert rows[2].resolution == Resolution.CONFIRMED and rows[2].facility == candidate
    assert rows[3].resolution == Resolution.NEW and rows[3].facility != candidate
    events = Event.objects.filter(verb="import_row_resolved", object_public_id=job.public_id).order_by("pk")
    assert [e.after for e in events] == ["confirmed", "new"]
    assert all(e.data["match"] and e.data["match"][0][0] == "name" for e in events)
    assert events[0].data["score"] == rows[2].score


def test_a_whole_page_can_be_decided_with_one_button(personas):
    job = _review_job(personas.program)
    client = login(Client(), personas.council_admin)

    client.post(_url(job), {"decision-2": "", "decision-3": "", "all": "confirm"})

    assert not ImportRow.objects.filter(job=job, outcome=RowOutcome.REVIEW, resolution="").exists()
    assert Facility.objects.filter(name__startswith="Huai An").count() == 1
    assert Event.objects.filter(verb="import_row_resolved").count() == 2


def test_leaving_a_row_keeps_it_waiting(personas):
    job = _review_job(personas.program)
    client = login(Client(), personas.council_admin)

    client.post(_url(job), {"decision-2": "confirm", "decision-3": ""})

    assert ImportRow.objects.get(job=job, line=3).resolution == ""
    assert "1 row waits" in client.get(_url(job)).content.decode()


def test_a_brand_cannot_open_the_review_queue(personas):
    job = _review_job(personas.program)
    client = login(Client(), personas.brand_a)

    assert client.get(_url(job)).status_code == 403
    assert client.post(_url(job), {"decision-2": "confirm"}).status_code == 403
    assert not Event.objects.filter(verb="import_row_resolved").exists()
